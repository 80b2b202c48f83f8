/**
 * The sending side as the receiver recorded it: the HELO name, the reverse-DNS name, the address and port. Only
 * the tokens of the `from` clause's client part are read (the HELO word, the TCP-info token and the comments
 * between them); which name is verified is decided elsewhere, by the receiver's format.
 *
 * The layouts met in the wild: most write `from HELO (rdns [ip])`; Exim `from rdns ([ip]:port helo=HELO)` or
 * `from [ip] (helo=HELO)`; qmail `from rdns (HELO name) (ip)`; Proofpoint Essentials `from rdns [ip] (EHLO name)`;
 * Exchange `from HELO (ip)`; old smap `from rdns(ip, HELO name)`. When a comment names the HELO itself, the word
 * after `from` is the receiver's name for the peer.
 */
import type { ScannedReceived, Token } from "../received/scan.ts";
import { zoneBits } from "../received/scan.ts";
import { hostWord, text as tokenText } from "../received/fields.ts";

export interface RecordedEndpoint {
  /** The name the client announced (HELO/EHLO). */
  helo: string | null;
  /** The reverse-DNS name the receiver wrote for the address, verified or not. */
  rdns: string | null;
  ip: string | null;
  port: number | null;
  /** Where the reverse-DNS name was written: the word after `from`, or the TCP-info token. */
  rdnsFrom: "from-word" | "tcp-info" | null;
  /** Where the HELO name was written: the word after `from`, or a `(HELO x)` / `helo=x` comment. */
  heloFrom: "from-word" | "comment" | null;
  /** The TCP-info token as written (`(name [ip] (may be forged))`), or null. */
  tcpInfo: string | null;
  /** Where the address was read: the TCP-info, or the word after `from` (which, without a HELO note, may be the HELO). */
  ipFrom: "tcp-info" | "from-word" | null;
  /** The HELO name is a resolvable-looking host name (`isName`), worked out once. */
  heloIsName: boolean;
  /**
   * With no address, the receiver itself wrote that the peer is this host: OpenSMTPD's `[local]`, a TCP-info naming
   * `localhost`, sendmail's `(user@localhost)` for a local `sendmail -bs` session. A HELO `localhost` is not that.
   */
  localPeer: boolean;
}

const HELO_MARKER = /(?:^|[\s"(,])(?:HELO|EHLO)[\s=]+([^\s"(),]+)|\bhelo=([^\s"(),]+)/i;

export function readEndpoint(scanned: ScannedReceived): RecordedEndpoint {
  const { value, tokens } = scanned;
  const endpoint: RecordedEndpoint = {
    helo: null,
    rdns: null,
    ip: null,
    port: null,
    rdnsFrom: null,
    heloFrom: null,
    tcpInfo: null,
    ipFrom: null,
    heloIsName: false,
    localPeer: false,
  };
  const fromWord = scanned.fromWord === -1 ? null : tokenText(value, tokens[scanned.fromWord] as Token);
  const tcpInfo = scanned.tcpInfo === -1 ? null : (tokens[scanned.tcpInfo] as Token);
  const heloFromComment = heloInComments(scanned);
  // The TCP-info comment's text inside its parentheses.
  const tcpComment = tcpInfo?.kind === "comment" ? value.slice(tcpInfo.start + 1, tcpInfo.end - 1) : null;
  if (tcpInfo) {
    endpoint.tcpInfo = tokenText(value, tcpInfo);
    readAddress(tcpComment ?? endpoint.tcpInfo, endpoint);
    if (endpoint.ip !== null) endpoint.ipFrom = "tcp-info";
  }
  const gluedToWord = fromWord === null ? null : gluedAddress(fromWord);
  // CommuniGate `from [ip] (account x HELO [other])`: the only address the receiver wrote is the word after `from`.
  if (endpoint.ip === null && fromWord !== null) {
    readAddress(gluedToWord ?? fromWord, endpoint);
    if (endpoint.ip !== null) endpoint.ipFrom = "from-word";
  }
  const commentHost = tcpComment === null ? null : leadingHost(tcpComment, endpoint.ip);
  const glued = tcpInfo === null ? gluedToWord : null;
  const first = hostWord(glued === null || fromWord === null ? fromWord : fromWord.slice(0, fromWord.indexOf("(")));
  if (heloFromComment !== null) {
    endpoint.helo = heloFromComment;
    endpoint.heloFrom = "comment";
    const name = first !== null && isName(first) ? first : commentHost;
    endpoint.rdns = name;
    endpoint.rdnsFrom = name === null ? null : name === first ? "from-word" : "tcp-info";
  } else {
    endpoint.helo = first;
    endpoint.heloFrom = first === null ? null : "from-word";
    endpoint.rdns = commentHost;
    endpoint.rdnsFrom = commentHost === null ? null : "tcp-info";
  }
  endpoint.heloIsName = endpoint.helo !== null && isName(endpoint.helo);
  endpoint.localPeer = endpoint.ip === null && isLocalPeerNote(scanned, endpoint);
  return endpoint;
}

/** sendmail's `$_` for a session on standard input: the local user at `localhost`, no address. */
const SENDMAIL_LOCAL_SESSION = /^[^\s@()[\]]+@localhost$/i;

function isLocalPeerNote(scanned: ScannedReceived, endpoint: RecordedEndpoint): boolean {
  if (endpoint.tcpInfo !== null)
    return endpoint.tcpInfo.includes("[local]") || (endpoint.rdnsFrom === "tcp-info" && endpoint.rdns !== null && isAsciiWord(endpoint.rdns, "localhost"));
  const { value, tokens } = scanned;
  const next = scanned.fromWord === -1 ? undefined : tokens[scanned.fromWord + 1];
  return next?.kind === "comment" && SENDMAIL_LOCAL_SESSION.test(value.slice(next.start + 1, next.end - 1));
}

/** Obtuse smtpd's `name(1.2.3.4)`: the address glued to the name, when the receiver wrote no other. */
function gluedAddress(fromWord: string): string | null {
  if (fromWord.charCodeAt(fromWord.length - 1) !== 41) return null; // no `)` at the end: nothing glued
  const glued = /^[^()]+\(([0-9A-Fa-f.:]+)\)$/.exec(fromWord);
  return glued ? (glued[1] ?? null) : null;
}

/**
 * The name given in `(HELO x)`, `(EHLO x)` or `helo=x`: first in the client's comments, else in a receiver note that
 * starts with it (Proofpoint Essentials writes `(EHLO name)` after the address).
 */
function heloInComments(scanned: ScannedReceived): string | null {
  const { value } = scanned;
  for (const token of scanned.comments) {
    // Most comments here are the TCP-info, which names no HELO: those are passed over without a copy.
    if ((token.zoneBit & FROM_PART) === 0 || !mentionsHelo(value, token.start + 1, token.end - 1)) continue;
    const inner = value.slice(token.start + 1, token.end - 1);
    if (token.zone === "from" && !STARTS_WITH_HELO.test(inner)) continue;
    const marker = HELO_MARKER.exec(inner);
    if (marker) return marker[1] ?? marker[2] ?? null;
  }
  return null;
}

const FROM_PART = zoneBits(["from-info", "from"]);

/**
 * Does value[start, end) hold `elo` or `hlo` in any case (what `/[eh]lo/i` finds), read in place? Bit 5 is the
 * ASCII case bit, and no other character (a non-ASCII one included) matches these letters case-insensitively.
 */
function mentionsHelo(value: string, start: number, end: number): boolean {
  for (let i = start + 2; i < end; i++) {
    if ((value.charCodeAt(i) | 32) !== 111 || (value.charCodeAt(i - 1) | 32) !== 108) continue; // `o` after `l`
    const before = value.charCodeAt(i - 2) | 32;
    if (before === 101 || before === 104) return true; // `e` or `h`
  }
  return false;
}
const STARTS_WITH_HELO = /^(?:HELO|EHLO) /;

/** `(name [ip])`: the literal that closes the comment is the peer; an earlier one (`HELO [10.0.0.1]`) is the client's name for itself. */
function readAddress(textWithAddress: string, into: RecordedEndpoint): void {
  if (textWithAddress.includes("[")) {
    let peer: PeerAddress | null = null;
    for (let at = textWithAddress.indexOf("["); at !== -1;) {
      const literal = readLiteral(textWithAddress, at);
      if (literal && !namedBySender(textWithAddress, at)) peer = ipOf(literal.address, literal.port) ?? peer;
      at = textWithAddress.indexOf("[", literal ? literal.end : at + 1);
    }
    if (peer) setPeer(into, peer);
    return;
  }
  const firstToken = leadingToken(textWithAddress);
  const bare = BARE_IP.exec(firstToken.endsWith(",") ? firstToken.slice(0, -1) : firstToken);
  const peer = bare ? ipOf(bare[1] ?? "", undefined) : null;
  if (peer) setPeer(into, peer);
}

const BARE_IP = /^(?:[\w.+-]+@)?(\d{1,3}(?:\.\d{1,3}){3}(?:[:.]\d{1,5})?|[0-9A-Fa-f]*:[0-9A-Fa-f:.]+(?:%[\w.-]+)?)$/;
/** Written right before a literal, these make it the name the client gave itself, not its address. */
const HELO_PREFIXES = ["HELO ", "EHLO ", "helo="];

interface PeerAddress {
  ip: string;
  port: number | null;
}

function setPeer(into: RecordedEndpoint, peer: PeerAddress): void {
  into.ip = peer.ip;
  into.port = peer.port;
}

interface AddressLiteral {
  address: string;
  port: string | undefined;
  /** Just past the literal (and its port). */
  end: number;
}

/** `[1.2.3.4]`, `[IPv6:...%zone]`, optionally followed by `:port` or `.port`; null when the text there is not one. */
function readLiteral(text: string, at: number): AddressLiteral | null {
  let i = text.startsWith("IPv6:", at + 1) ? at + 6 : at + 1;
  const addressStart = i;
  while (i < text.length && isAddressChar(text.charCodeAt(i))) i++;
  if (i === addressStart) return null;
  if (text.charCodeAt(i) === 37) {
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

function isAddressChar(code: number): boolean {
  return isDigit(code) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70) || code === 58 || code === 46;
}

function isZoneChar(code: number): boolean {
  return isHostnameEdge(code) || code === 46 || code === 45;
}

function namedBySender(text: string, at: number): boolean {
  if (at < 5) return false;
  for (const prefix of HELO_PREFIXES) if (text.startsWith(prefix, at - 5)) return true;
  return false;
}

/** `1.2.3.4`, `1.2.3.4:25` (a glued port wins over `port`), `10.0.8.6.13219` (Exim 3), `::ffff:1.2.3.4`; null if not an address. */
function ipOf(text: string, port: string | undefined): PeerAddress | null {
  if (dottedQuadEnd(text, 0) === text.length) return { ip: text, port: port === undefined ? null : Number(port) };
  const portAt = gluedPortAt(text);
  if (portAt !== -1) return { ip: text.slice(0, portAt - 1), port: Number(text.slice(portAt)) };
  const address = startsWithMappedPrefix(text) && isDottedDigits(text, MAPPED_PREFIX.length) ? text.slice(MAPPED_PREFIX.length) : text;
  return looksLikeIp(address) ? { ip: address, port: port === undefined ? null : Number(port) } : null;
}

function looksLikeIp(text: string): boolean {
  return text.includes(":") ? text.length >= 2 : dottedQuadEnd(text, 0) === text.length;
}

function gluedPortAt(text: string): number {
  const quadEnd = dottedQuadEnd(text, 0);
  if (quadEnd === -1) return -1;
  const separator = text.charCodeAt(quadEnd);
  if (separator !== 58 && separator !== 46) return -1;
  const portEnd = digitsEnd(text, quadEnd + 1);
  const portLength = portEnd - (quadEnd + 1);
  return portEnd === text.length && portLength >= 1 && portLength <= 5 ? quadEnd + 1 : -1;
}

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

/** The host name leading a TCP-info comment (`rdns [ip]`, `user@rdns [ip]`), if it is a real name. */
function leadingHost(comment: string, ip: string | null): string | null {
  let token = leadingToken(comment);
  const at = token.lastIndexOf("@");
  if (at !== -1) token = token.slice(at + 1); // sendmail's ident user
  if (token.endsWith(".")) token = token.slice(0, -1);
  if (!token || token.startsWith("[") || token === ip) return null;
  // A TCP-info name has dots (or is localhost); `(authenticated ...)`, `(using ...)` are other comments.
  return isName(token) && (token.includes(".") || isAsciiWord(token, "localhost")) ? token : null;
}

/** A resolvable-looking host name, not a placeholder. */
export function isName(word: string): boolean {
  // Host name syntax is ASCII only, so the placeholders compare in ASCII case.
  return isHostnameSyntax(word) && !isAsciiWord(word, "unknown") && !isAsciiWord(word, "softdnserr") && dottedQuadEnd(word, 0) !== word.length;
}

/** `word` spells `lower` (lower-case ASCII letters only) in any case, without building a lower-cased copy. */
function isAsciiWord(word: string, lower: string): boolean {
  if (word.length !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) if ((word.charCodeAt(i) | 32) !== lower.charCodeAt(i)) return false;
  return true;
}

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
