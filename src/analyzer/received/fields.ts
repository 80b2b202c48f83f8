/** The named fields of one scanned Received value: what the receiving server wrote about itself and the session. */
import type { Protocol } from "./protocol.ts";
import { readProtocol } from "./protocol.ts";
import type { ScannedReceived, Token, Zone } from "./scan.ts";
import { parseReceivedDate } from "./dates.ts";

export interface ReceivedFields {
  /** The value has a `from` clause (a sender of some kind was recorded). */
  hasFrom: boolean;
  /** The receiving host as it names itself. */
  by: string | null;
  via: string | null;
  /** The with clause's words as written (`ESMTPS`, `Microsoft SMTP Server`). */
  with: string | null;
  protocol: Protocol | null;
  id: string | null;
  for: string | null;
  date: string | null;
  /** The date as epoch milliseconds, when it can be read. */
  time: number | null;
}

export function readFields(scanned: ScannedReceived): ReceivedFields {
  const { value, tokens } = scanned;
  const withWords = wordsIn(scanned, "with");
  const date = dateText(scanned);
  return {
    hasFrom: scanned.fromWord !== -1 || tokens.some((token) => token.zone === "from-info" && token.kind !== "keyword"),
    by: hostWord(firstWord(scanned, "by")),
    via: joined(value, wordsIn(scanned, "via")),
    with: joined(value, withWords),
    protocol: readProtocol(withWords[0] ? text(value, withWords[0]) : null),
    id: firstWord(scanned, "id"),
    for: joined(value, wordsIn(scanned, "for")),
    date,
    time: date === null ? null : parseReceivedDate(date),
  };
}

export function text(value: string, token: Token): string {
  return value.slice(token.start, token.end);
}

/** The word tokens (not keywords) of one zone. */
export function wordsIn(scanned: ScannedReceived, zone: Zone): Token[] {
  const words: Token[] = [];
  for (const token of scanned.tokens) if (token.zone === zone && token.kind === "word") words.push(token);
  return words;
}

/** The comments of one zone. */
export function commentsIn(scanned: ScannedReceived, zone: Zone): Token[] {
  const comments: Token[] = [];
  for (const token of scanned.tokens) if (token.zone === zone && token.kind === "comment") comments.push(token);
  return comments;
}

function firstWord(scanned: ScannedReceived, zone: Zone): string | null {
  for (const token of scanned.tokens) if (token.zone === zone && token.kind === "word") return text(scanned.value, token);
  return null;
}

function joined(value: string, words: readonly Token[]): string | null {
  if (words.length === 0) return null;
  if (words.length === 1) return text(value, words[0] as Token);
  return words.map((word) => text(value, word)).join(" ");
}

/** A host name as written, without a trailing root dot or stray punctuation (`st.tahina.priv.at,`). */
export function hostWord(word: string | null): string | null {
  if (!word) return null;
  let end = word.length;
  while (end > 0 && isTrailingPunctuation(word.charCodeAt(end - 1))) end--;
  return end === word.length || end === 0 ? word : word.slice(0, end);
}

function isTrailingPunctuation(code: number): boolean {
  return code === 46 || code === 44 || code === 59 || code === 58; // . , ; :
}

/** The date as written: its words plus a trailing zone comment such as `(PDT)`, but not later comments. */
function dateText(scanned: ScannedReceived): string | null {
  const { tokens, value } = scanned;
  let first = -1;
  let last = -1;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.zone !== "date" || token.kind === "semicolon" || token.kind === "comment") continue;
    if (first === -1) first = i;
    last = i;
  }
  if (first === -1) return null;
  let end = (tokens[last] as Token).end;
  const next = tokens[last + 1];
  if (next && next.kind === "comment" && next.end - next.start <= 7 && /^\([A-Za-z]{1,5}\)$/.test(text(value, next))) end = next.end;
  return value.slice((tokens[first] as Token).start, end);
}
