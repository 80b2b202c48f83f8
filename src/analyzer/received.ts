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
  words: string[];
  comments: string[];
  /** Offsets into the value: from the keyword to the end of the clause's last token. */
  start: number;
  end: number;
}

export interface ParsedReceived {
  value: string;
  clauses: Partial<Record<ClauseName, Clause>>;
  /** Every comment in order, without the outer parentheses. */
  comments: string[];
  date: string | null;
  time: number | null;
}

const KEYWORDS: readonly ClauseName[] = ["from", "by", "via", "with", "id", "for", "tls"];

/** The clause keyword spelled (in any case) at s[start, start+length), without allocating. */
function keywordAt(s: string, start: number, length: number): ClauseName | undefined {
  for (const keyword of KEYWORDS) {
    if (keyword.length !== length) continue;
    let k = 0;
    while (k < length && (s.charCodeAt(start + k) | 32) === keyword.charCodeAt(k)) k++;
    if (k === length) return keyword;
  }
  return undefined;
}

export function parseReceived(value: string): ParsedReceived {
  const scanner = new ClauseScanner(value);
  scanner.run();
  const parsed: ParsedReceived = { value, clauses: scanner.clauses, comments: scanner.comments, date: null, time: null };
  const date = scanner.clauses.date ?? splitUnterminatedDate(parsed);
  if (date) {
    parsed.date = dateText(value, date);
    parsed.time = parsed.date === null ? null : parseReceivedDate(parsed.date);
  }
  return parsed;
}

class ClauseScanner {
  readonly clauses: Partial<Record<ClauseName, Clause>> = {};
  readonly comments: string[] = [];
  private current: Clause;
  /** Positions past which no closing `]` / `"` exists: an unclosed opener then costs nothing more. */
  private noCloseBracketFrom = Infinity;
  private noCloseQuoteFrom = Infinity;

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
      else if (c === 59 && !this.clauses.date) {
        // `(SquirrelMail authenticated user admin); by host with HTTP; date`: a `;` before a keyword is not the date's.
        if (!this.keywordFollows(i + 1)) this.current = this.open("date", i + 1);
        i++;
      } else i = this.word(i);
    }
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
    if (!this.clauses[name]) this.clauses[name] = clause; // a duplicated keyword keeps the first clause
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
    this.comments.push(text);
    this.current.comments.push(text);
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
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 40 || (c === 59 && !this.clauses.date)) break;
      if (c === 91) i = this.skipTo(i, "]");
      else if (c === 34) i = this.skipTo(i, '"');
      else i++;
    }
    const word = s.slice(startAt, i);
    const keyword = i - startAt <= 4 && this.current !== this.clauses.date ? keywordAt(s, startAt, i - startAt) : undefined;
    if (keyword) this.current = this.open(keyword, startAt);
    else this.current.words.push(word);
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

/** Headers without `;` (SendGrid, some list servers): the date starts at the first date-looking word of the last clause. */
function splitUnterminatedDate(parsed: ParsedReceived): Clause | null {
  let last: Clause | null = null;
  for (const clause of Object.values(parsed.clauses)) if (clause && (!last || clause.start > last.start)) last = clause;
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
function dateText(value: string, date: Clause): string | null {
  if (date.words.length === 0) return null;
  const lastWord = date.words[date.words.length - 1] ?? "";
  let end = value.lastIndexOf(lastWord, date.end) + lastWord.length;
  const zone = /^\s*\([A-Za-z]{1,5}\)/.exec(value.slice(end, end + 12));
  if (zone) end += zone[0].length;
  return value.slice(date.start, end).trim();
}
