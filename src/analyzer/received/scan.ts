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
  /** The zone's bit (`zoneBits`): a set of zones is tested with one `&`, not a lookup. */
  zoneBit: number;
  /** For keywords: which one. */
  keyword: Keyword | null;
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
  /** Which zones have tokens: a bit per zone (`zoneBits`). */
  zoneMask: number;
  /** The comment tokens, in order: most readers look at comments only. */
  comments: Token[];
  /** The first word (not keyword) of the `by` and `with` clauses, as token indices (-1 when absent): see `firstWordIn`. */
  firstByWord: number;
  firstWithWord: number;
}

const ZONE_BIT: Readonly<Record<Zone, number>> = {
  lead: 1 << 0,
  helo: 1 << 1,
  "from-info": 1 << 2,
  from: 1 << 3,
  by: 1 << 4,
  with: 1 << 5,
  id: 1 << 6,
  via: 1 << 7,
  for: 1 << 8,
  tls: 1 << 9,
  date: 1 << 10,
};

/** The bits of a set of zones, for testing `zoneMask` or a token's `zoneBit`. */
export function zoneBits(zones: readonly Zone[]): number {
  let bits = 0;
  for (const zone of zones) bits |= ZONE_BIT[zone];
  return bits;
}

export function scanReceived(value: string): ScannedReceived {
  const tokenizer = new Tokenizer(value);
  const tokens = tokenizer.run();
  const scanned = assignZones(value, tokens, tokenizer.comments);
  summarise(scanned);
  return scanned;
}

/** The zone mask and the first words of `by` and `with`, in one pass once every zone is final. */
function summarise(scanned: ScannedReceived): void {
  const { tokens } = scanned;
  let mask = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    mask |= token.zoneBit;
    if (token.kind !== "word") continue;
    if (token.zoneBit === ZONE_BIT.by && scanned.firstByWord === -1) scanned.firstByWord = i;
    else if (token.zoneBit === ZONE_BIT.with && scanned.firstWithWord === -1) scanned.firstWithWord = i;
  }
  scanned.zoneMask = mask;
}

/** The first word (not keyword) of the `by` or `with` clause, or null: the host, or the protocol or software name. */
export function firstWordIn(scanned: ScannedReceived, zone: "by" | "with"): Token | null {
  const index = zone === "by" ? scanned.firstByWord : scanned.firstWithWord;
  return index === -1 ? null : (scanned.tokens[index] as Token);
}

/** Character classes of the tokenizer (ASCII; every other character is ordinary). */
const ORDINARY = 0;
const SPACE = 1;
const SEMICOLON = 2;
const BRACKET = 3;
const BACKSLASH = 4;
const OPEN = 5; // from here on, the characters a comment scan looks at
const CLOSE = 6;
const QUOTE = 7;
const ANGLE = 8;
const CLASS = new Uint8Array(128);
for (const c of [32, 9, 10, 13, 12, 11]) CLASS[c] = SPACE;
CLASS[59] = SEMICOLON;
CLASS[91] = BRACKET;
CLASS[92] = BACKSLASH;
CLASS[40] = OPEN;
CLASS[41] = CLOSE;
CLASS[34] = QUOTE;
CLASS[60] = ANGLE;

function classOf(c: number): number {
  return c < 128 ? (CLASS[c] as number) : ORDINARY;
}

const NOT_SEARCHED = -2;

/**
 * Reads tokens left to right. Searches for a closing character remember their answer, so a hostile value full of
 * unclosed openers costs one scan, not one per opener.
 */
class Tokenizer {
  private readonly tokens: Token[] = [];
  readonly comments: Token[] = [];
  /** Pairs found inside a comment scan that failed (its inner comments may still be tokens of their own). */
  private closeOf: Map<number, number> | null = null;
  /** A comment scan from here reached the end unclosed; every `(` after it was matched then or never will be. */
  private failedCommentFrom = Infinity;
  /** The last comment scanned ahead (a word checks whether a `(` opens one): reused when the comment is read. */
  private scannedOpen = -1;
  private scannedClose = -1;
  private scannedAtoms: number[] | null = null;
  /** The next `"`, `]` and `>` at or after the position each was last searched from. */
  private quoteFrom = 0;
  private quoteAt = NOT_SEARCHED;
  private bracketFrom = 0;
  private bracketAt = NOT_SEARCHED;
  private angleFrom = 0;
  private angleAt = NOT_SEARCHED;
  /** The next word is the one after `from`: read opaquely. */
  private fromWordNext = false;

  constructor(private readonly s: string) {}

  run(): Token[] {
    const s = this.s;
    const n = s.length;
    let i = 0;
    while (i < n) {
      const k = classOf(s.charCodeAt(i));
      if (k === SPACE) i++;
      else if (k === SEMICOLON) {
        this.push("semicolon", i, i + 1, null, null);
        this.fromWordNext = false;
        i++;
      } else if (k === OPEN && this.matchingParen(i) !== -1) i = this.comment(i);
      else i = this.fromWordNext ? this.opaqueWord(i) : this.word(i);
    }
    return this.tokens;
  }

  private push(kind: TokenKind, start: number, end: number, keyword: Keyword | null, atoms: number[] | null): Token {
    const token: Token = { kind, start, end, zone: "lead", zoneBit: ZONE_BIT.lead, keyword, atoms };
    this.tokens.push(token);
    return token;
  }

  private comment(open: number): number {
    const close = this.matchingParen(open);
    const atoms = open === this.scannedOpen ? this.scannedAtoms : this.atomsIn(open + 1, close);
    this.comments.push(this.push("comment", open, close + 1, null, atoms));
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
    this.push("word", start, i, null, null);
    this.fromWordNext = false;
    return i;
  }

  private opensSpacedComment(open: number): boolean {
    const close = this.matchingParen(open);
    if (close === -1) return false;
    for (let i = open + 1; i < close; i++) if (this.s.charCodeAt(i) === 32) return true;
    return false;
  }

  /** An atom up to white space, `;` or a comment; literals, addresses and quoted strings inside it are kept whole. */
  private word(start: number): number {
    const s = this.s;
    const n = s.length;
    let i = start;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c >= 128) {
        i++;
        continue;
      }
      const k = CLASS[c] as number;
      if (k === ORDINARY) i++;
      else if (k === SPACE || k === SEMICOLON || (k === OPEN && this.matchingParen(i) !== -1)) break;
      else i = k === BRACKET ? this.pastBracket(i) : k === ANGLE ? this.pastAngle(i) : k === QUOTE ? this.pastQuote(i) : i + 1;
    }
    const keyword = i - start <= 4 ? keywordAt(s, start, i) : null;
    this.push(keyword ? "keyword" : "word", start, i, keyword, null);
    this.fromWordNext = keyword === "from";
    return i;
  }

  /** The next `"` at or after `from` that is not escaped, or -1. */
  private nextQuote(from: number): number {
    if (this.quoteAt === NOT_SEARCHED || from < this.quoteFrom || (this.quoteAt !== -1 && this.quoteAt < from)) {
      this.quoteFrom = from;
      this.quoteAt = closingQuote(this.s, from - 1);
    }
    return this.quoteAt;
  }

  private nextBracket(from: number): number {
    if (this.bracketAt === NOT_SEARCHED || from < this.bracketFrom || (this.bracketAt !== -1 && this.bracketAt < from)) {
      this.bracketFrom = from;
      this.bracketAt = this.s.indexOf("]", from);
    }
    return this.bracketAt;
  }

  private nextAngle(from: number): number {
    if (this.angleAt === NOT_SEARCHED || from < this.angleFrom || (this.angleAt !== -1 && this.angleAt < from)) {
      this.angleFrom = from;
      this.angleAt = this.s.indexOf(">", from);
    }
    return this.angleAt;
  }

  /** Just past the `"` closing the quote at `at`, or just past the opener when it never closes. */
  private pastQuote(at: number): number {
    const end = this.nextQuote(at + 1);
    return end === -1 ? at + 1 : end + 1;
  }

  private pastBracket(at: number): number {
    const end = this.nextBracket(at + 1);
    return end === -1 ? at + 1 : end + 1;
  }

  /** `<…>`: quoted strings inside may hold `>`. */
  private pastAngle(at: number): number {
    let i = at + 1;
    for (;;) {
      const gt = this.nextAngle(i);
      if (gt === -1) return at + 1;
      const quote = this.nextQuote(i);
      if (quote === -1 || quote > gt) return gt + 1;
      const endQuote = this.nextQuote(quote + 1);
      if (endQuote === -1) return gt + 1;
      i = endQuote + 1;
    }
  }

  /**
   * The offset of the `)` closing the `(` at `open`, or -1. One pass also collects the atoms inside; a pass that
   * fails records the pairs it closed, so each `(` after it is answered without another pass.
   */
  private matchingParen(open: number): number {
    if (open === this.scannedOpen) return this.scannedClose;
    const known = this.closeOf?.get(open);
    if (known !== undefined) return known;
    if (open > this.failedCommentFrom) return -1;
    const s = this.s;
    let inner: number[] | null = null;
    let atoms: number[] | null = null;
    for (let i = open + 1; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > 62) continue; // a backslash too: it escapes nothing here (quoted strings are read whole below)
      const k = CLASS[c] as number;
      if (k < OPEN) continue;
      if (c === 41) {
        if (inner === null || inner.length === 0) {
          this.scannedOpen = open;
          this.scannedClose = i;
          this.scannedAtoms = atoms;
          return i;
        }
        const opened = inner.pop();
        if (opened !== undefined) (this.closeOf ??= new Map()).set(opened, i);
      } else if (c === 40) (inner ??= []).push(i);
      else {
        const end = c === 34 ? this.pastQuote(i) : this.pastAngle(i);
        if (end - i > 1) (atoms ??= []).push(i, end);
        i = end - 1;
      }
    }
    this.failedCommentFrom = open;
    return -1;
  }

  /** The quoted strings and addresses inside a comment, as offset pairs (for a comment its own scan did not read). */
  private atomsIn(from: number, to: number): number[] | null {
    const s = this.s;
    let atoms: number[] | null = null;
    for (let i = from; i < to; i++) {
      const c = s.charCodeAt(i);
      if (c === 92) i++;
      else if (c === 34 || c === 60) {
        const end = c === 34 ? this.pastQuote(i) : this.pastAngle(i);
        if (end - i > 1 && end <= to) (atoms ??= []).push(i, end);
        i = end - 1;
      }
    }
    return atoms;
  }
}

/**
 * The first character of a comment's text after white space as a pattern's `\s*` skips it, lower-cased when an
 * ASCII letter; -1 when there is none. A pattern that must start with a given letter needs only be tried when this is it.
 */
export function commentInitial(value: string, comment: Token): number {
  let i = comment.start + 1;
  const end = comment.end - 1;
  while (i < end && isPatternSpace(value.charCodeAt(i))) i++;
  if (i === end) return -1;
  const c = value.charCodeAt(i);
  return c >= 65 && c <= 90 ? c | 32 : c;
}

/** What `\s` matches in a pattern: ECMAScript white space and line terminators. */
function isPatternSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
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
  const first = s.charCodeAt(start) | 32; // the one keyword of each length and first letter, checked in full
  switch (end - start) {
    case 2:
      return first === 98 ? spelled(s, start, "by") : first === 105 ? spelled(s, start, "id") : null;
    case 3:
      return first === 118 ? spelled(s, start, "via") : first === 102 ? spelled(s, start, "for") : first === 116 ? spelled(s, start, "tls") : null;
    case 4:
      return first === 102 ? spelled(s, start, "from") : first === 119 ? spelled(s, start, "with") : null;
    default:
      return null;
  }
}

function spelled<K extends Keyword>(s: string, start: number, word: K): K | null {
  return foldedFrom(s, start, word, 1) ? word : null;
}

/** s from `start` spells the lower-case ASCII `word` from its letter `from` on, in any case, without allocating. */
function foldedFrom(s: string, start: number, word: string, from: number): boolean {
  for (let k = from; k < word.length; k++) if ((s.charCodeAt(start + k) | 32) !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * Decides each token's zone: the lead (before any clause), the HELO word, the client's part of the `from` clause up
 * to and including the TCP-info token, the receiver's notes after it, then each clause, then the date.
 */
function assignZones(value: string, tokens: Token[], comments: Token[]): ScannedReceived {
  const scanned: ScannedReceived = {
    value,
    tokens,
    fromWord: -1,
    tcpInfo: -1,
    by: -1,
    dateSemicolon: -1,
    zoneMask: 0,
    comments,
    firstByWord: -1,
    firstWithWord: -1,
  };
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (tokens[i]?.kind === "semicolon") {
      scanned.dateSemicolon = i;
      break;
    }
  }
  const end = scanned.dateSemicolon === -1 ? tokens.length : scanned.dateSemicolon;
  let firstKeyword = 0;
  while (firstKeyword < tokens.length && (tokens[firstKeyword] as Token).keyword === null) firstKeyword++;
  if (firstKeyword === tokens.length) {
    // No clause at all, only the receiver's note and its date: qmail's `(qmail 4441 invoked from network); <date>`.
    setZone(tokens, end, tokens.length, "date");
    return scanned;
  }
  let clausesFrom = firstKeyword;
  if ((tokens[firstKeyword] as Token).keyword === "from") {
    const fromWord = tokens[firstKeyword + 1]?.kind === "word" ? firstKeyword + 1 : -1;
    scanned.fromWord = fromWord;
    const afterFrom = (fromWord === -1 ? firstKeyword : fromWord) + 1;
    scanned.by = receiverBy(value, tokens, afterFrom, end);
    const fromPartEnd = scanned.by === -1 ? nextKeyword(tokens, afterFrom, end) : scanned.by;
    scanned.tcpInfo = lastAddressToken(value, tokens, afterFrom, fromPartEnd);
    setZone(tokens, firstKeyword, afterFrom, "helo");
    setZone(tokens, firstKeyword, firstKeyword + 1, "from-info");
    const clientPartEnd = scanned.tcpInfo === -1 ? afterFrom : scanned.tcpInfo + 1;
    setZone(tokens, afterFrom, clientPartEnd, "from-info");
    // The receiver's own notes between its TCP-info and `by`: keywords here open clauses (`via SMTP by host`).
    clausesFrom = clientPartEnd;
    setZone(tokens, clientPartEnd, fromPartEnd, "from");
    if (scanned.by === -1) clausesFrom = fromPartEnd;
    else clausesFrom = Math.min(nextKeyword(tokens, clientPartEnd, fromPartEnd), scanned.by);
  }
  if (scanned.fromWord === -1 && scanned.by === -1) scanned.by = lastKeyword(tokens, "by", firstKeyword, end);
  let zone: Zone = tokens[clausesFrom]?.zone ?? "lead";
  let zoneBit = ZONE_BIT[zone];
  for (let i = clausesFrom; i < end; i++) {
    const token = tokens[i] as Token;
    if (token.kind === "keyword") {
      const keyword = token.keyword;
      // Past the client's part, `from` names nothing new: kept in the current clause.
      if (keyword !== null && keyword !== "from") {
        zone = keyword;
        zoneBit = ZONE_BIT[zone];
      }
    }
    token.zone = zone;
    token.zoneBit = zoneBit;
  }
  setZone(tokens, end, tokens.length, "date");
  if (scanned.dateSemicolon === -1) splitUnterminatedDate(scanned);
  return scanned;
}

function setZone(tokens: Token[], from: number, to: number, zone: Zone): void {
  const zoneBit = ZONE_BIT[zone];
  for (let i = from; i < to; i++) {
    const token = tokens[i] as Token;
    token.zone = zone;
    token.zoneBit = zoneBit;
  }
}

/**
 * The `by` that ends the sender's part: the last one, so the TCP-info found before it is the client's. One
 * exception: Exchange Online's `from x (ip) by y (ip) with MailboxResubmission by AntispamTT` names, after its own
 * `by`, the agent that resubmitted the message; its TCP-info would otherwise be taken for the client's.
 */
function receiverBy(value: string, tokens: readonly Token[], from: number, to: number): number {
  const by = lastKeyword(tokens, "by", from, to);
  if (by < from + 2 || tokens[by - 2]?.keyword !== "with") return by;
  const protocol = tokens[by - 1] as Token;
  if (protocol.kind !== "word" || !sameAscii(value, protocol.start, protocol.end, "mailboxresubmission")) return by;
  const receiver = lastKeyword(tokens, "by", from, by - 2);
  return receiver === -1 ? by : receiver;
}

/** s[start, end) is the lower-case ASCII `word`, in any case. */
function sameAscii(s: string, start: number, end: number, word: string): boolean {
  return end - start === word.length && foldedFrom(s, start, word, 0);
}

function lastKeyword(tokens: readonly Token[], keyword: Keyword, from: number, to: number): number {
  for (let i = to - 1; i >= from; i--) if (tokens[i]?.keyword === keyword) return i;
  return -1;
}

function nextKeyword(tokens: readonly Token[], from: number, to: number): number {
  for (let i = from; i < to; i++) if (tokens[i]?.kind === "keyword") return i;
  return to;
}

/** The last token in [from, to) that records an address: a literal, or a comment holding one (the TCP-info). */
function lastAddressToken(value: string, tokens: readonly Token[], from: number, to: number): number {
  if (to <= from) return -1;
  // The last `[` not after the token being looked at: tokens are visited right to left and only white space lies
  // between them, so one backward search serves them all (linear however many tokens there are).
  const bracket = value.lastIndexOf("[", (tokens[to - 1] as Token).end - 1);
  for (let i = to - 1; i >= from; i--) {
    const token = tokens[i] as Token;
    if (token.kind !== "keyword" && recordsAddress(value, token, bracket >= token.start)) return i;
  }
  return -1;
}

/** `[1.2.3.4]`, `(name [1.2.3.4])`, `(1.2.3.4)`, `(2603:10b6::1)`, `(208.14.208.51, HELO x)`. */
function recordsAddress(value: string, token: Token, hasBracket: boolean): boolean {
  if (hasBracket) return true;
  if (token.kind !== "comment") return false;
  let i = token.start + 1;
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
