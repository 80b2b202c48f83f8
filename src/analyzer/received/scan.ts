/**
 * One Received value read into tokens that keep offsets, not copies: words, comments and `;`, each in the zone of the
 * value it belongs to. The zones say who wrote what. The receiving server writes the clauses (`by`, `with`, `id`,
 * `for`, the date) and its notes about the connection; the sending client chose its HELO name, the envelope
 * addresses and every quoted string. So:
 *
 * - The word after `from` is read as one opaque token up to white space: a HELO name is one word (Haraka writes
 *   it verbatim, punctuation and all), so nothing inside it can open a quote, a literal or a clause.
 * - The receiver's `by` is the last one before the date, and the date is after the last `;`: text the client chose
 *   comes before them (HELO) or inside atoms (addresses, quoted strings), where it cannot add a clause.
 * - In the `from` part, everything up to the TCP-info token (the receiver's `(name [address])`) is the client's
 *   zone; what follows it and precedes `by` is the receiver's own notes (Postfix's TLS comment).
 * - Inside comments, quoted strings and `<…>` addresses are atoms: a `)` in a quoted local part does not close the
 *   comment. Their offsets are kept so that no evidence is ever read from them.
 * - A `(` without a matching `)` is an ordinary character, as is a `"`, `[` or `<` that never closes.
 *
 * Each character is visited a bounded number of times: cost stays linear however hostile the text.
 */

export const ZONES = ["lead", "helo", "from-info", "from", "by", "with", "id", "via", "for", "tls", "date"] as const;
/** Where a token sits: see the file comment. `helo` and `from-info` are the sending client's; the rest the receiver's. */
export type Zone = (typeof ZONES)[number];

export const KEYWORDS = ["from", "by", "via", "with", "id", "for", "tls"] as const;
export type Keyword = (typeof KEYWORDS)[number];

export type TokenKind = "word" | "comment" | "keyword" | "semicolon";

export interface Token {
  kind: TokenKind;
  /** Offsets into the value; a comment spans its parentheses. */
  start: number;
  end: number;
  zone: Zone;
  /** For comments: [start, end) pairs of the quoted strings and `<…>` addresses inside, else null. */
  atoms: number[] | null;
}

export interface ScannedReceived {
  value: string;
  tokens: Token[];
  /** Token indices (-1 when absent). */
  fromWord: number;
  tcpInfo: number;
  by: number;
  /** The `;` that opens the date. */
  dateSemicolon: number;
}

export function scanReceived(value: string): ScannedReceived {
  const tokens = new Tokenizer(value).run();
  return assignZones(value, tokens);
}

/** Offsets of matching parentheses found so far, and where a scan for a `)` already failed. */
class Tokenizer {
  private readonly tokens: Token[] = [];
  private readonly closeOf = new Map<number, number>();
  /** A comment scan from here reached the end unclosed; every `(` after it was matched then or never will be. */
  private failedCommentFrom = Infinity;
  private noCloseFrom = { "]": Infinity, ">": Infinity, '"': Infinity };
  /** The next word is the one after `from`: read opaquely. */
  private fromWordNext = false;

  constructor(private readonly s: string) {}

  run(): Token[] {
    const s = this.s;
    const n = s.length;
    let i = 0;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (isSpace(c)) i++;
      else if (c === 59) {
        this.push("semicolon", i, i + 1, null);
        this.fromWordNext = false;
        i++;
      } else if (c === 40 && this.matchingParen(i) !== -1) i = this.comment(i);
      else i = this.fromWordNext ? this.opaqueWord(i) : this.word(i);
    }
    return this.tokens;
  }

  private push(kind: TokenKind, start: number, end: number, atoms: number[] | null): void {
    this.tokens.push({ kind, start, end, zone: "lead", atoms });
  }

  private comment(open: number): number {
    const close = this.matchingParen(open);
    this.push("comment", open, close + 1, this.atomsIn(open + 1, close));
    this.fromWordNext = false; // `from (name [ip])`: the sender has no HELO word
    return close + 1;
  }

  /**
   * The HELO word, read opaquely up to a space or line break. A tab does not end it (Haraka keeps tabs in a HELO, as
   * it splits the command on spaces only), nor does a `(` unless it opens a comment with a space inside: a client's
   * HELO holds no space, and old MTAs glue their TCP-info to the name (`name(ip, HELO x)`).
   */
  private opaqueWord(start: number): number {
    const s = this.s;
    let i = start;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 12 || c === 11) break;
      if (c === 40 && i > start && this.opensSpacedComment(i)) break;
    }
    this.push("word", start, i, null);
    this.fromWordNext = false;
    return i;
  }

  private opensSpacedComment(open: number): boolean {
    const close = this.matchingParen(open);
    return close !== -1 && this.s.slice(open, close).includes(" ");
  }

  /** An atom up to white space, `;` or a comment; literals, addresses and quoted strings inside it are kept whole. */
  private word(start: number): number {
    const s = this.s;
    let i = start;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (isSpace(c) || c === 59 || (c === 40 && this.matchingParen(i) !== -1)) break;
      i = c === 91 ? this.past(i, "]") : c === 60 ? this.pastAngle(i) : c === 34 ? this.past(i, '"') : i + 1;
    }
    const keyword = keywordAt(s, start, i);
    this.push(keyword ? "keyword" : "word", start, i, null);
    this.fromWordNext = keyword === "from";
    return i;
  }

  /** Just past the closing character of the atom opened at `at`, or just past the opener when it never closes. */
  private past(at: number, close: "]" | '"'): number {
    if (at >= this.noCloseFrom[close]) return at + 1;
    const end = close === '"' ? closingQuote(this.s, at) : this.s.indexOf(close, at + 1);
    if (end === -1) {
      this.noCloseFrom[close] = at;
      return at + 1;
    }
    return end + 1;
  }

  /** `<…>`: quoted strings inside may hold `>`. */
  private pastAngle(at: number): number {
    if (at >= this.noCloseFrom[">"]) return at + 1;
    const s = this.s;
    let i = at + 1;
    for (;;) {
      const gt = s.indexOf(">", i);
      if (gt === -1) {
        this.noCloseFrom[">"] = at;
        return at + 1;
      }
      const quote = s.indexOf('"', i);
      if (quote === -1 || quote > gt) return gt + 1;
      const endQuote = closingQuote(s, quote);
      if (endQuote === -1) return gt + 1;
      i = endQuote + 1;
    }
  }

  /** The offset of the `)` closing the `(` at `open`, or -1. One scan records every pair inside it. */
  private matchingParen(open: number): number {
    const known = this.closeOf.get(open);
    if (known !== undefined) return known;
    if (open > this.failedCommentFrom) return -1;
    const s = this.s;
    const stack = [open];
    for (let i = open + 1; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 92) i++;
      else if (c === 34 || c === 60) i = (c === 34 ? this.past(i, '"') : this.pastAngle(i)) - 1;
      else if (c === 40) stack.push(i);
      else if (c === 41) {
        const opened = stack.pop() as number;
        this.closeOf.set(opened, i);
        if (stack.length === 0) return i;
      }
    }
    this.failedCommentFrom = open;
    return -1;
  }

  /** The quoted strings and addresses directly or deeply inside a comment, as offset pairs. */
  private atomsIn(from: number, to: number): number[] | null {
    const s = this.s;
    let atoms: number[] | null = null;
    for (let i = from; i < to; i++) {
      const c = s.charCodeAt(i);
      if (c === 92) i++;
      else if (c === 34 || c === 60) {
        const end = c === 34 ? this.past(i, '"') : this.pastAngle(i);
        if (end - i > 1 && end <= to) (atoms ??= []).push(i, end);
        i = end - 1;
      }
    }
    return atoms;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
}

function closingQuote(s: string, open: number): number {
  let at = s.indexOf('"', open + 1);
  while (at !== -1 && isEscaped(s, at)) at = s.indexOf('"', at + 1);
  return at;
}

/** Preceded by an odd number of backslashes. */
function isEscaped(s: string, at: number): boolean {
  let backslashes = 0;
  while (at - 1 - backslashes >= 0 && s.charCodeAt(at - 1 - backslashes) === 92) backslashes++;
  return backslashes % 2 === 1;
}

/** The clause keyword spelled (in any case) by s[start, end), without allocating. */
export function keywordAt(s: string, start: number, end: number): Keyword | null {
  switch (end - start) {
    case 2:
      return spelled(s, start, "by") ? "by" : spelled(s, start, "id") ? "id" : null;
    case 3:
      return spelled(s, start, "via") ? "via" : spelled(s, start, "for") ? "for" : spelled(s, start, "tls") ? "tls" : null;
    case 4:
      return spelled(s, start, "from") ? "from" : spelled(s, start, "with") ? "with" : null;
    default:
      return null;
  }
}

function spelled(s: string, start: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if ((s.charCodeAt(start + k) | 32) !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * Decides each token's zone: the lead (before any clause), the HELO word, the client's part of the `from` clause up
 * to and including the TCP-info token, the receiver's notes after it, then each clause, then the date.
 */
function assignZones(value: string, tokens: Token[]): ScannedReceived {
  const scanned: ScannedReceived = { value, tokens, fromWord: -1, tcpInfo: -1, by: -1, dateSemicolon: -1 };
  const firstKeyword = tokens.findIndex((token) => token.kind === "keyword");
  if (firstKeyword === -1) return scanned;
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (tokens[i]?.kind === "semicolon") {
      scanned.dateSemicolon = i;
      break;
    }
  }
  const end = scanned.dateSemicolon === -1 ? tokens.length : scanned.dateSemicolon;
  let clausesFrom = firstKeyword;
  if (keywordOf(value, tokens[firstKeyword]) === "from") {
    const fromWord = tokens[firstKeyword + 1]?.kind === "word" ? firstKeyword + 1 : -1;
    scanned.fromWord = fromWord;
    const afterFrom = (fromWord === -1 ? firstKeyword : fromWord) + 1;
    scanned.by = lastKeyword(value, tokens, "by", afterFrom, end);
    const fromPartEnd = scanned.by === -1 ? nextKeyword(tokens, afterFrom, end) : scanned.by;
    scanned.tcpInfo = lastAddressToken(value, tokens, afterFrom, fromPartEnd);
    setZone(tokens, firstKeyword, afterFrom, "helo");
    tokens[firstKeyword]!.zone = "from-info";
    const clientPartEnd = scanned.tcpInfo === -1 ? afterFrom : scanned.tcpInfo + 1;
    setZone(tokens, afterFrom, clientPartEnd, "from-info");
    // The receiver's own notes between its TCP-info and `by`: keywords here open clauses (`via SMTP by host`).
    clausesFrom = clientPartEnd;
    setZone(tokens, clientPartEnd, fromPartEnd, "from");
    if (scanned.by === -1) clausesFrom = fromPartEnd;
    else clausesFrom = Math.min(nextKeyword(tokens, clientPartEnd, fromPartEnd), scanned.by);
  }
  if (scanned.fromWord === -1 && scanned.by === -1) scanned.by = lastKeyword(value, tokens, "by", firstKeyword, end);
  let zone: Zone = tokens[clausesFrom]?.zone ?? "lead";
  for (let i = clausesFrom; i < end; i++) {
    const token = tokens[i] as Token;
    if (token.kind === "keyword") {
      const keyword = keywordOf(value, token);
      // Past the client's part, `from` names nothing new: kept in the current clause.
      if (keyword !== null && keyword !== "from") zone = keyword;
    }
    token.zone = zone;
  }
  setZone(tokens, end, tokens.length, "date");
  if (scanned.dateSemicolon === -1) splitUnterminatedDate(scanned);
  return scanned;
}

function keywordOf(value: string, token: Token | undefined): Keyword | null {
  return token && token.kind === "keyword" ? keywordAt(value, token.start, token.end) : null;
}

function setZone(tokens: Token[], from: number, to: number, zone: Zone): void {
  for (let i = from; i < to; i++) (tokens[i] as Token).zone = zone;
}

function lastKeyword(value: string, tokens: readonly Token[], keyword: Keyword, from: number, to: number): number {
  for (let i = to - 1; i >= from; i--) if (keywordOf(value, tokens[i]) === keyword) return i;
  return -1;
}

function nextKeyword(tokens: readonly Token[], from: number, to: number): number {
  for (let i = from; i < to; i++) if (tokens[i]?.kind === "keyword") return i;
  return to;
}

/** The last token in [from, to) that records an address: a literal, or a comment holding one (the TCP-info). */
function lastAddressToken(value: string, tokens: readonly Token[], from: number, to: number): number {
  for (let i = to - 1; i >= from; i--) {
    const token = tokens[i] as Token;
    if (token.kind !== "keyword" && recordsAddress(value, token)) return i;
  }
  return -1;
}

/** `[1.2.3.4]`, `(name [1.2.3.4])`, `(1.2.3.4)`, `(2603:10b6::1)`, `(208.14.208.51, HELO x)`. */
function recordsAddress(value: string, token: Token): boolean {
  const open = token.kind === "comment" ? token.start + 1 : token.start;
  const bracket = value.indexOf("[", open);
  if (bracket !== -1 && bracket < token.end) return true;
  if (token.kind !== "comment") return false;
  let i = open;
  while (i < token.end && isSpace(value.charCodeAt(i))) i++;
  return LEADING_ADDRESS.test(value.slice(i, Math.min(i + 100, token.end - 1)));
}

/** A comment that starts with an address: `1.2.3.4`, `2603:10b6::1`, qmail's `user@1.2.3.4`. */
const LEADING_ADDRESS = /^(?:[\w.+-]+@)?(?:\d{1,3}(?:\.\d{1,3}){3}\b|[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:.]*[0-9A-Fa-f](?:%[\w.-]+)?(?=[\s),]|$))/;

/** Headers without `;` (SendGrid, some list servers): the date starts at the first date-looking word of the last clause. */
function splitUnterminatedDate(scanned: ScannedReceived): void {
  const { tokens, value } = scanned;
  let last = -1;
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (tokens[i]?.kind === "keyword") {
      last = i;
      break;
    }
  }
  if (last === -1) return;
  const words: number[] = [];
  for (let i = last + 1; i < tokens.length; i++) if (tokens[i]?.kind === "word") words.push(i);
  for (let k = 1; k < words.length; k++) {
    const word = tokens[words[k] as number] as Token;
    const next = words[k + 1] === undefined ? undefined : (tokens[words[k + 1] as number] as Token);
    if (!looksLikeDateStart(value.slice(word.start, word.end), next && value.slice(next.start, next.end))) continue;
    setZone(tokens, words[k] as number, tokens.length, "date");
    return;
  }
}

const MONTH_NAMES = new Set(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]);
const DAY_NAMES = new Set(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);

/** Does this word start a date when a header forgot its `;`? (day name, `2018-04-22`, or `19 Aug`) */
function looksLikeDateStart(word: string, next: string | undefined): boolean {
  const day = word.slice(0, 3).toLowerCase();
  if ((word.length === 3 || (word.length === 4 && word.endsWith(","))) && DAY_NAMES.has(day)) return true;
  if (/^\d{4}-\d{2}-\d{2}$/.test(word)) return true;
  return /^\d{1,2}$/.test(word) && next !== undefined && next.length >= 3 && MONTH_NAMES.has(next.slice(0, 3).toLowerCase());
}
