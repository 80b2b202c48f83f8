/**
 * A comment-aware, single-pass reader for one Received value. It splits the value into clauses
 * (from, by, via, with, id, for, tls, and the date after `;`), keeping every comment with the clause it
 * appeared in. Nested parentheses, quoted strings and domain literals (incl. `[IPv6:..%zone]`) are atoms;
 * keywords are matched case-insensitively and only outside comments. Each character is visited a bounded
 * number of times, so the cost stays linear however malformed the input.
 */
import { looksLikeDateStart, parseReceivedDate } from "./dates.ts";

export type ClauseName = "start" | "from" | "by" | "via" | "with" | "id" | "for" | "tls" | "date";

export interface Clause {
  /** The clause's words; the date clause after `;` keeps none, as only its last word is ever read (see `dateText`). */
  words: string[];
  comments: string[];
  /** Offsets into the value: from the keyword to the end of the clause's last token. */
  start: number;
  end: number;
}

export interface ParsedReceived {
  value: string;
  /** One slot per clause name; a clause the value does not have is undefined. */
  clauses: Record<ClauseName, Clause | undefined>;
  /** Every comment in order, without the outer parentheses. */
  comments: string[];
  date: string | null;
  time: number | null;
  /** `mentionsOf`'s flags once worked out, else -1. */
  mentions: number;
}

/** The clause keyword spelled (in any case) at s[start, start+length), without allocating. */
function keywordAt(s: string, start: number, length: number): ClauseName | undefined {
  switch (length) {
    case 2:
      return spelled(s, start, "by") ? "by" : spelled(s, start, "id") ? "id" : undefined;
    case 3:
      return spelled(s, start, "via") ? "via" : spelled(s, start, "for") ? "for" : spelled(s, start, "tls") ? "tls" : undefined;
    case 4:
      return spelled(s, start, "from") ? "from" : spelled(s, start, "with") ? "with" : undefined;
    default:
      return undefined;
  }
}

/** Does s spell the lower-case ASCII `word` at `start`, in any case? (`| 32` folds exactly the ASCII letters.) */
function spelled(s: string, start: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if ((s.charCodeAt(start + k) | 32) !== word.charCodeAt(k)) return false;
  return true;
}

/** Every clause slot present from the start, so all hops share one object shape (property reads stay monomorphic). */
class Clauses implements Record<ClauseName, Clause | undefined> {
  start: Clause | undefined = undefined;
  from: Clause | undefined = undefined;
  by: Clause | undefined = undefined;
  via: Clause | undefined = undefined;
  with: Clause | undefined = undefined;
  id: Clause | undefined = undefined;
  for: Clause | undefined = undefined;
  tls: Clause | undefined = undefined;
  date: Clause | undefined = undefined;

  /** Stores the clause unless one of that name came first (a duplicated keyword keeps the first clause). */
  keepFirst(name: ClauseName, clause: Clause): void {
    // A switch, not `this[name]`: a property named by a variable is a slow (megamorphic) lookup.
    switch (name) {
      case "start":
        this.start ??= clause;
        break;
      case "from":
        this.from ??= clause;
        break;
      case "by":
        this.by ??= clause;
        break;
      case "via":
        this.via ??= clause;
        break;
      case "with":
        this.with ??= clause;
        break;
      case "id":
        this.id ??= clause;
        break;
      case "for":
        this.for ??= clause;
        break;
      case "tls":
        this.tls ??= clause;
        break;
      case "date":
        this.date ??= clause;
        break;
    }
  }
}

/** Every clause slot, `start` first: it wins the tie when a keyword opens the value (both start at 0). */
const CLAUSE_NAMES: readonly ClauseName[] = ["start", "from", "by", "via", "with", "id", "for", "tls", "date"];

export function parseReceived(value: string): ParsedReceived {
  const scanner = new ClauseScanner(value);
  scanner.run();
  const parsed: ParsedReceived = { value, clauses: scanner.clauses, comments: scanner.comments, date: null, time: null, mentions: -1 };
  const date = scanner.clauses.date;
  if (date) parsed.date = dateText(value, date, scanner.lastDateWord());
  else {
    const split = splitUnterminatedDate(parsed);
    if (split) parsed.date = dateText(value, split, split.words[split.words.length - 1] ?? null);
  }
  parsed.time = parsed.date === null ? null : parseReceivedDate(parsed.date);
  return parsed;
}

class ClauseScanner {
  readonly clauses = new Clauses();
  comments: string[] = [];
  private current: Clause;
  /** Once the date clause is open, `;` is an ordinary character and keywords are words. */
  private inDate = false;
  /** Positions past which no closing `]` / `"` exists: an unclosed opener then costs nothing more. */
  private noCloseBracketFrom = Infinity;
  private noCloseQuoteFrom = Infinity;
  /** Offsets of the date's last word (-1 before any): the date's words are not sliced one by one. */
  private dateWordStart = -1;
  private dateWordEnd = -1;

  constructor(private readonly s: string) {
    this.current = this.open("start", 0);
  }

  run(): void {
    const s = this.s;
    const n = s.length;
    let i = 0;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else if (c === 40) i = this.comment(i);
      else if (c === 59 && !this.inDate) {
        // `(SquirrelMail authenticated user admin); by host with HTTP; date`: a `;` before a keyword is not the date's.
        if (!this.keywordFollows(i + 1)) {
          this.current = this.open("date", i + 1);
          this.inDate = true;
        }
        i++;
      } else i = this.word(i);
    }
  }

  lastDateWord(): string | null {
    return this.dateWordStart === -1 ? null : this.s.slice(this.dateWordStart, this.dateWordEnd);
  }

  private keywordFollows(from: number): boolean {
    const s = this.s;
    let start = from;
    while (start < s.length && (s.charCodeAt(start) === 32 || s.charCodeAt(start) === 9)) start++;
    let end = start;
    while (end < s.length && end - start <= 4 && s.charCodeAt(end) > 32 && s.charCodeAt(end) !== 40) end++;
    return end > start && keywordAt(s, start, end - start) !== undefined;
  }

  private open(name: ClauseName, start: number): Clause {
    const clause: Clause = { words: [], comments: [], start, end: start };
    this.clauses.keepFirst(name, clause);
    return clause;
  }

  /** Reads a comment with nesting and backslash quoting; an unclosed comment runs to the end. */
  private comment(openAt: number): number {
    const s = this.s;
    const n = s.length;
    let depth = 0;
    let i = openAt;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === 92) i++;
      else if (c === 40) depth++;
      else if (c === 41 && --depth === 0) break;
    }
    const text = s.slice(openAt + 1, Math.min(i, n));
    this.comments = appended(this.comments, text);
    this.current.comments = appended(this.current.comments, text);
    this.current.end = Math.min(i + 1, n);
    return i + 1;
  }

  /** Reads an atom up to white space, `(` or `;`; quoted strings and domain literals may contain those. */
  private word(startAt: number): number {
    const s = this.s;
    const n = s.length;
    let i = startAt;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c > 59) {
        // letters and most punctuation: only `[` needs care
        i = c === 91 ? this.skipTo(i, "]") : i + 1;
        continue;
      }
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 40 || (c === 59 && !this.inDate)) break;
      i = c === 34 ? this.skipTo(i, '"') : i + 1;
    }
    if (this.inDate) {
      this.dateWordStart = startAt;
      this.dateWordEnd = i;
    } else {
      const keyword = i - startAt <= 4 ? keywordAt(s, startAt, i - startAt) : undefined;
      if (keyword) this.current = this.open(keyword, startAt);
      else this.current.words = appended(this.current.words, s.slice(startAt, i));
    }
    this.current.end = i;
    return i;
  }

  /** Skips past the closing character, or just past the opener when none follows. */
  private skipTo(openAt: number, close: "]" | '"'): number {
    const limit = close === "]" ? this.noCloseBracketFrom : this.noCloseQuoteFrom;
    if (openAt >= limit) return openAt + 1;
    const at = close === '"' ? this.closingQuote(openAt) : this.s.indexOf(close, openAt + 1);
    if (at === -1) {
      if (close === "]") this.noCloseBracketFrom = openAt;
      else this.noCloseQuoteFrom = openAt;
      return openAt + 1;
    }
    return at + 1;
  }

  private closingQuote(openAt: number): number {
    let at = this.s.indexOf('"', openAt + 1);
    while (at !== -1 && this.s.charCodeAt(at - 1) === 92) at = this.s.indexOf('"', at + 1);
    return at;
  }
}

/**
 * The list with the item added. Most lists here get one item: a literal holds exactly one, where a push onto an
 * empty array would reserve sixteen slots.
 */
function appended(list: string[], item: string): string[] {
  if (list.length === 0) return [item];
  list.push(item);
  return list;
}

/** Headers without `;` (SendGrid, some list servers): the date starts at the first date-looking word of the last clause. */
function splitUnterminatedDate(parsed: ParsedReceived): Clause | null {
  let last: Clause | null = null;
  for (const name of CLAUSE_NAMES) {
    const clause = parsed.clauses[name];
    if (clause && (!last || clause.start > last.start)) last = clause;
  }
  if (!last) return null;
  const words = last.words;
  for (let k = 1; k < words.length; k++) {
    const word = words[k] ?? "";
    if (!looksLikeDateStart(word, words[k + 1])) continue;
    const start = parsed.value.indexOf(word, last.start);
    const date: Clause = { words: words.slice(k), comments: [], start, end: last.end };
    last.words = words.slice(0, k);
    parsed.clauses.date = date;
    return date;
  }
  return null;
}

/** The date as written: its words plus a trailing zone comment such as `(PDT)`, but not later TLS comments. */
function dateText(value: string, date: Clause, lastWord: string | null): string | null {
  if (lastWord === null) return null;
  const end = value.lastIndexOf(lastWord, date.end) + lastWord.length;
  return value.slice(date.start, end + zoneCommentLength(value, end)).trim();
}

const ZONE_COMMENT = /\s*\([A-Za-z]{1,5}\)/y;

/** The length of a zone comment such as ` (PDT)` starting at `at` within the next 12 characters, else 0. */
function zoneCommentLength(value: string, at: number): number {
  if (at >= value.length) return 0; // most values end with the date
  ZONE_COMMENT.lastIndex = at;
  const zone = ZONE_COMMENT.exec(value);
  return zone && zone[0].length <= 12 ? zone[0].length : 0;
}
