/** Turns the clauses of a parsed Received value into the hop's named fields (sender endpoint, by, with, id, for). */
import type { HopEndpoint } from "./types.ts";
import type { Clause, ParsedReceived } from "./received.ts";

export interface HopFields {
  from: HopEndpoint;
  hasFrom: boolean;
  by: string | null;
  via: string | null;
  with: string | null;
  /** The with-clause's first word, upper-cased (`ESMTPS`, `MICROSOFT`, `HTTP`). */
  protocol: string | null;
  id: string | null;
  for: string | null;
}

export function extractFields(parsed: ParsedReceived): HopFields {
  const { clauses } = parsed;
  const withWords = clauses.with?.words ?? [];
  const protocolWord = withWords[0];
  return {
    from: endpoint(clauses.from),
    hasFrom: clauses.from !== undefined,
    by: hostWord(clauses.by?.words[0]),
    via: joinWords(clauses.via),
    with: joinWords(clauses.with),
    protocol: protocolWord === undefined ? null : upperCase(protocolWord),
    id: clauses.id?.words[0] ?? null,
    for: (clauses.for && spaced(clauses.for.words)) || null,
  };
}

function joinWords(clause: Clause | undefined): string | null {
  return clause && clause.words.length > 0 ? spaced(clause.words) : null;
}

/** The words joined by single spaces; most clauses have one word, which needs no join. */
function spaced(words: readonly string[]): string {
  return words.length === 1 ? (words[0] as string) : words.join(" ");
}

/** `word.toUpperCase()`, skipping the call when there is nothing to change (`ESMTPS`, the usual spelling). */
function upperCase(word: string): string {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code >= 97) return word.toUpperCase(); // possibly a lower-case letter (a-z, or beyond ASCII): let it decide
  }
  return word;
}

/** A host name as written, without a trailing root dot or stray punctuation (`st.tahina.priv.at,`). */
function hostWord(word: string | undefined): string | null {
  if (!word) return null;
  let end = word.length;
  while (end > 0 && isTrailingPunctuation(word.charCodeAt(end - 1))) end--;
  return end === word.length || end === 0 ? word : word.slice(0, end);
}

function isTrailingPunctuation(code: number): boolean {
  return code === 46 || code === 44 || code === 59 || code === 58; // . , ; :
}

const HELO_IN_COMMENT = /(?:^|[\s"(])(?:HELO|EHLO)[\s=]+([^\s"()]+)|\bhelo=([^\s"()]+)/i;
/** Written right before a literal, these make it the name the client gave itself, not its address. */
const HELO_PREFIXES = ["HELO ", "EHLO ", "helo="];
const BARE_IP = /^(?:[\w.+-]+@)?(\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]*:[0-9A-Fa-f:.]+(?:%[\w.-]+)?)$/;

/**
 * The sending side as the receiver recorded it. MTAs disagree on the order: most write `from HELO (rDNS [ip])`,
 * but when the comment names the HELO itself (`helo=x`, `(HELO x)`, `(EHLO x)`), the bare word is the rDNS name.
 */
export function endpoint(clause: Clause | undefined): HopEndpoint {
  const result: HopEndpoint = { helo: null, rdns: null, ip: null, port: null };
  if (!clause) return result;
  let heloFromComment: string | null = null;
  let commentHost: string | null = null;
  for (const comment of clause.comments) {
    const helo = HELO_IN_COMMENT.exec(comment);
    if (helo && heloFromComment === null) heloFromComment = helo[1] ?? helo[2] ?? null;
    if (result.ip === null) readAddress(comment, result);
    if (commentHost === null) commentHost = leadingHost(comment, result.ip);
  }
  for (const word of clause.words) if (result.ip === null) readAddress(word, result);
  const first = hostWord(clause.words[0]);
  if (heloFromComment !== null) {
    result.helo = heloFromComment;
    result.rdns = first !== null && isName(first) ? first : commentHost;
  } else {
    result.helo = first;
    result.rdns = commentHost;
  }
  return result;
}

function readAddress(text: string, into: HopEndpoint): void {
  if (text.includes("[")) {
    // `(name [ip])`: the literal that closes the comment is where the client connected from; an earlier one, as in
    // Haraka's `([192.168.30.103] [188.223.62.1])`, or `HELO [10.10.10.10]`, is what the client called itself.
    let peer: PeerAddress | null = null;
    for (let at = text.indexOf("["); at !== -1; ) {
      const literal = readLiteral(text, at);
      if (literal && !namedBySender(text, at)) peer = ipOf(literal.address, literal.port) ?? peer;
      at = text.indexOf("[", literal ? literal.end : at + 1);
    }
    if (peer) setPeer(into, peer);
    return;
  }
  const firstToken = leadingToken(text);
  const bare = BARE_IP.exec(firstToken.endsWith(",") ? firstToken.slice(0, -1) : firstToken);
  const peer = bare ? ipOf(bare[1] ?? "", undefined) : null;
  if (peer) setPeer(into, peer);
}

interface PeerAddress {
  ip: string;
  port: number | null;
}

function setPeer(into: HopEndpoint, peer: PeerAddress): void {
  into.ip = peer.ip;
  into.port = peer.port;
}

interface AddressLiteral {
  address: string;
  port: string | undefined;
  /** Just past the literal (and its port). */
  end: number;
}

/**
 * The address literal at `at` (a `[`): `[1.2.3.4]`, `[IPv6:...%zone]`, optionally followed by `:port` or `.port`;
 * null when the text there is not one. Reads what `\[(?:IPv6:)?([0-9A-Fa-f:.]+(?:%[\w.-]+)?)\](?:[:.](\d{1,5}))?`
 * matches (every part is a maximal run, so a failed part has no shorter alternative), without a match array.
 */
function readLiteral(text: string, at: number): AddressLiteral | null {
  let i = text.startsWith("IPv6:", at + 1) ? at + 6 : at + 1;
  const addressStart = i;
  while (i < text.length && isAddressChar(text.charCodeAt(i))) i++;
  if (i === addressStart) return null;
  if (text.charCodeAt(i) === 37) {
    // `%zone`
    const zoneStart = i + 1;
    i = zoneStart;
    while (i < text.length && isZoneChar(text.charCodeAt(i))) i++;
    if (i === zoneStart) return null;
  }
  if (text.charCodeAt(i) !== 93) return null;
  const address = text.slice(addressStart, i);
  const separator = text.charCodeAt(i + 1);
  const portEnd = separator === 58 || separator === 46 ? Math.min(digitsEnd(text, i + 2), i + 7) : i + 2;
  if (portEnd === i + 2) return { address, port: undefined, end: i + 1 };
  return { address, port: text.slice(i + 2, portEnd), end: portEnd };
}

/** `[0-9A-Fa-f:.]` */
function isAddressChar(code: number): boolean {
  return isDigit(code) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70) || code === 58 || code === 46;
}

/** `[\w.-]` */
function isZoneChar(code: number): boolean {
  return isHostnameEdge(code) || code === 46 || code === 45;
}

/** Is the literal at `at` what the client called itself (`HELO [10.10.10.10]`)? */
function namedBySender(text: string, at: number): boolean {
  if (at < 5) return false;
  for (const prefix of HELO_PREFIXES) if (text.startsWith(prefix, at - 5)) return true;
  return false;
}

/**
 * The address in `1.2.3.4`, `1.2.3.4:25` (a glued port, which wins over `port`) or `::ffff:1.2.3.4`, with its
 * port; null when the text is not an IP address.
 */
function ipOf(text: string, port: string | undefined): PeerAddress | null {
  if (dottedQuadEnd(text, 0) === text.length) return { ip: text, port: port === undefined ? null : Number(port) }; // the usual `1.2.3.4`
  const portAt = gluedPortAt(text);
  if (portAt !== -1) return { ip: text.slice(0, portAt - 1), port: Number(text.slice(portAt)) };
  const address = startsWithMappedPrefix(text) && isDottedDigits(text, MAPPED_PREFIX.length) ? text.slice(MAPPED_PREFIX.length) : text;
  return looksLikeIp(address) ? { ip: address, port: port === undefined ? null : Number(port) } : null;
}

function looksLikeIp(text: string): boolean {
  return text.includes(":") ? text.length >= 2 : dottedQuadEnd(text, 0) === text.length;
}

/**
 * IPv4 with a port glued on, `1.2.3.4:53798` (ecelerity) or `10.0.8.6.13219` (Exim 3): where the port starts,
 * or -1. (The digit groups are maximal runs, so this reads exactly what `^(\d{1,3}(?:\.\d{1,3}){3})[:.](\d{1,5})$` does.)
 */
function gluedPortAt(text: string): number {
  const quadEnd = dottedQuadEnd(text, 0);
  if (quadEnd === -1) return -1;
  const separator = text.charCodeAt(quadEnd);
  if (separator !== 58 && separator !== 46) return -1;
  const portEnd = digitsEnd(text, quadEnd + 1);
  const portLength = portEnd - (quadEnd + 1);
  return portEnd === text.length && portLength >= 1 && portLength <= 5 ? quadEnd + 1 : -1;
}

/** Where a dotted quad of 1-3 digit groups starting at `start` ends, or -1. */
function dottedQuadEnd(text: string, start: number): number {
  let i = start;
  for (let group = 0; group < 4; group++) {
    if (group > 0 && text.charCodeAt(i++) !== 46) return -1;
    const end = digitsEnd(text, i);
    if (end === i || end - i > 3) return -1;
    i = end;
  }
  return i;
}

/** Four dot-separated digit groups of any length from `start` to the end. */
function isDottedDigits(text: string, start: number): boolean {
  let i = start;
  for (let group = 0; group < 4; group++) {
    if (group > 0 && text.charCodeAt(i++) !== 46) return false;
    const end = digitsEnd(text, i);
    if (end === i) return false;
    i = end;
  }
  return i === text.length;
}

function digitsEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  return i;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

const MAPPED_PREFIX = "::ffff:";

function startsWithMappedPrefix(text: string): boolean {
  return text.length > MAPPED_PREFIX.length && text.charCodeAt(0) === 58 && text.slice(0, MAPPED_PREFIX.length).toLowerCase() === MAPPED_PREFIX;
}

/** The host name leading a TCP-info comment (`rdns [ip]`), if it is a real name. */
function leadingHost(comment: string, ip: string | null): string | null {
  const leading = leadingToken(comment);
  const token = leading.endsWith(".") ? leading.slice(0, -1) : leading;
  if (!token || token.startsWith("[") || token === ip) return null;
  // A TCP-info name has dots (or is localhost); `(authenticated ...)`, `(using ...)` are other comments.
  return isName(token) && (token.includes(".") || token.toLowerCase() === "localhost") ? token : null;
}

/** A resolvable-looking host name, not a placeholder. */
function isName(word: string): boolean {
  if (!isHostnameSyntax(word)) return false;
  const lower = word.length === 7 || word.length === 10 ? word.toLowerCase() : word;
  return lower !== "unknown" && lower !== "softdnserr" && dottedQuadEnd(word, 0) !== word.length;
}

/** Letters, digits, `_`, `.` and `-`, starting and ending with a letter, digit or `_` (one trailing root dot allowed). */
function isHostnameSyntax(word: string): boolean {
  const end = word.endsWith(".") ? word.length - 1 : word.length;
  if (end === 0 || !isHostnameEdge(word.charCodeAt(0)) || !isHostnameEdge(word.charCodeAt(end - 1))) return false;
  for (let i = 1; i < end - 1; i++) {
    const code = word.charCodeAt(i);
    if (!isHostnameEdge(code) && code !== 46 && code !== 45) return false;
  }
  return true;
}

function isHostnameEdge(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || isDigit(code) || code === 95;
}

/** The text's first white-space-separated token (a character scan: this runs for every comment of every hop). */
function leadingToken(text: string): string {
  let start = 0;
  while (start < text.length && isSpace(text.charCodeAt(start))) start++;
  let end = start;
  while (end < text.length && !isSpace(text.charCodeAt(end))) end++;
  return text.slice(start, end);
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11;
}
