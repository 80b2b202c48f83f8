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
    protocol: protocolWord === undefined ? null : protocolWord.toUpperCase(),
    id: clauses.id?.words[0] ?? null,
    for: clauses.for?.words.join(" ") || null,
  };
}

function joinWords(clause: Clause | undefined): string | null {
  return clause && clause.words.length > 0 ? clause.words.join(" ") : null;
}

/** A host name as written, without a trailing root dot or stray punctuation (`st.tahina.priv.at,`). */
function hostWord(word: string | undefined): string | null {
  if (!word) return null;
  const trimmed = word.replace(/[.,;:]+$/, "");
  return trimmed.length > 0 ? trimmed : word;
}

const HELO_IN_COMMENT = /(?:^|[\s"(])(?:HELO|EHLO)[\s=]+([^\s"()]+)|\bhelo=([^\s"()]+)/i;
const BRACKETED_IP = /(HELO |EHLO |helo=)?\[(?:IPv6:)?([0-9A-Fa-f:.]+(?:%[\w.-]+)?)\](?:[:.](\d{1,5}))?/g;
/** IPv4 with a port glued on: `[1.2.3.4:53798]` (ecelerity), `[10.0.8.6.13219]` (Exim 3). */
const IPV4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3})[:.](\d{1,5})$/;
const BARE_IP = /^(?:[\w.+-]+@)?(\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]*:[0-9A-Fa-f:.]+(?:%[\w.-]+)?)$/;
const HOSTNAME = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?\.?$/;

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
    BRACKETED_IP.lastIndex = 0;
    let peer: RegExpExecArray | null = null;
    for (let match = BRACKETED_IP.exec(text); match; match = BRACKETED_IP.exec(text)) {
      if (!match[1] && looksLikeIp(addressPart(match[2] ?? ""))) peer = match;
    }
    if (peer) setAddress(into, peer[2] ?? "", peer[3]);
    return;
  }
  const firstToken = leadingToken(text).replace(/,$/, "");
  const bare = BARE_IP.exec(firstToken);
  if (bare) setAddress(into, bare[1] ?? "", undefined);
}

/** The address in `1.2.3.4`, `1.2.3.4:25` (a glued port) or `::ffff:1.2.3.4`. */
function addressPart(text: string): string {
  const glued = IPV4_WITH_PORT.exec(text);
  return glued ? (glued[1] ?? "") : text.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
}

function setAddress(into: HopEndpoint, text: string, port: string | undefined): boolean {
  const glued = IPV4_WITH_PORT.exec(text);
  const address = addressPart(text);
  if (!looksLikeIp(address)) return false;
  into.ip = address;
  const portText = glued ? glued[2] : port;
  into.port = portText === undefined ? null : Number(portText);
  return true;
}

function looksLikeIp(text: string): boolean {
  return text.includes(":") ? text.length >= 2 : /^\d{1,3}(?:\.\d{1,3}){3}$/.test(text);
}

/** The host name leading a TCP-info comment (`rdns [ip]`), if it is a real name. */
function leadingHost(comment: string, ip: string | null): string | null {
  const token = leadingToken(comment).replace(/\.$/, "");
  if (!token || token.startsWith("[") || token === ip) return null;
  // A TCP-info name has dots (or is localhost); `(authenticated ...)`, `(using ...)` are other comments.
  return isName(token) && (token.includes(".") || token.toLowerCase() === "localhost") ? token : null;
}

/** A resolvable-looking host name, not a placeholder. */
function isName(word: string): boolean {
  if (!HOSTNAME.test(word)) return false;
  const lower = word.toLowerCase();
  return lower !== "unknown" && lower !== "softdnserr" && !/^\d{1,3}(?:\.\d{1,3}){3}$/.test(word);
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
