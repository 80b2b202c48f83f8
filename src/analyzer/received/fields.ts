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

/** One pass over the tokens: the first word of each clause, the words of the multi-word ones, the date's span. */
export function readFields(scanned: ScannedReceived): ReceivedFields {
  const { value, tokens } = scanned;
  let hasFrom = scanned.fromWord !== -1;
  let by: string | null = null;
  let id: string | null = null;
  let withText: string | null = null;
  let protocolWord: string | null = null;
  let via: string | null = null;
  let forText: string | null = null;
  let dateStart = -1;
  let dateEnd = -1;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const { kind, zone } = token;
    if (zone === "date") {
      if (kind === "word" || kind === "keyword") {
        if (dateStart === -1) dateStart = token.start;
        dateEnd = i;
      }
      continue;
    }
    if (kind !== "word") {
      if (zone === "from-info" && kind === "comment") hasFrom = true;
      continue;
    }
    // Each case copies the word only when it keeps it.
    switch (zone) {
      case "from-info":
        hasFrom = true;
        break;
      case "by":
        by ??= text(value, token);
        break;
      case "id":
        id ??= text(value, token);
        break;
      case "with": {
        const word = text(value, token);
        protocolWord ??= word;
        withText = withText === null ? word : `${withText} ${word}`;
        break;
      }
      case "via":
        via = via === null ? text(value, token) : `${via} ${text(value, token)}`;
        break;
      case "for":
        forText = forText === null ? text(value, token) : `${forText} ${text(value, token)}`;
        break;
      default:
        break; // the lead, the HELO word, the sender's address and the tls clause: read elsewhere, or by nobody
    }
  }
  const date = dateStart === -1 ? null : dateText(scanned, dateStart, dateEnd);
  return {
    hasFrom,
    by: hostWord(by),
    via,
    with: withText,
    protocol: readProtocol(protocolWord),
    id,
    for: forText,
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
function dateText(scanned: ScannedReceived, start: number, lastWord: number): string {
  const { tokens, value } = scanned;
  let end = (tokens[lastWord] as Token).end;
  const next = tokens[lastWord + 1];
  if (next && next.kind === "comment" && next.end - next.start <= 7 && /^\([A-Za-z]{1,5}\)$/.test(value.slice(next.start, next.end))) end = next.end;
  return value.slice(start, end);
}
