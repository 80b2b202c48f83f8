/**
 * Pseudo-hops: Received lines that record a hand-over with no network transfer. Every marker is read from the
 * receiver's own text (its clauses and notes), never from the client's HELO part, so a sender cannot make its
 * hand-off look like a local one.
 */
import type { ReceivedFields } from "../received/fields.ts";
import { text } from "../received/fields.ts";
import type { ScannedReceived, Token } from "../received/scan.ts";
import { zoneBits } from "../received/scan.ts";

export const PSEUDO_HOP_MARKERS = [
  "local-protocol", // with LOCAL, MAPI, SPOOL, IMAP, POP3, PICKUP, ECARTIS, FETCHMAIL
  "program-invoked", // qmail `(qmail 123 invoked by uid 1000)`, `invoked from network`
  "postfix-userid", // `by host (Postfix, from userid 1000)`
  "sendmail-submit", // `by host (8.15.2/8.15.2/Submit)`
  "fetchmail", // `with POP3 (fetchmail-6.4.0)`
  "list-expansion", // ZMailer `via listexpand`
  "pickup-service", // IIS `from mail pickup service`
  "no-sender", // `by host id X` alone, at the start of the chain: taken from a local program
] as const;

export type PseudoHopMarker = (typeof PSEUDO_HOP_MARKERS)[number];

/** Zones the receiver writes; the client's HELO part is excluded. */
const RECEIVER_ZONES = zoneBits(["lead", "by", "with", "id", "via"]);

export function pseudoHopMarker(scanned: ScannedReceived, fields: ReceivedFields, peerRecorded: boolean): PseudoHopMarker | null {
  if (fields.protocol?.family === "local") return "local-protocol";
  for (const token of scanned.comments) {
    if (token.atoms !== null || (token.zoneBit & RECEIVER_ZONES) === 0) continue;
    const comment = inner(scanned.value, token);
    const marker = MENTIONS_MARKER.test(comment) ? commentMarker(comment) : null;
    if (marker) return marker;
  }
  if (fields.via !== null && /^listexpand\b/i.test(fields.via)) return "list-expansion";
  if (!peerRecorded && isPickupService(scanned)) return "pickup-service";
  return null;
}

/** Every comment marker below needs one of these words: most comments have none. */
const MENTIONS_MARKER = /invoked|userid|submit|fetchmail/i;

function commentMarker(comment: string): PseudoHopMarker | null {
  if (/\binvoked (?:by|from)\b/.test(comment)) return "program-invoked";
  if (/^\s*Postfix, from userid\b/.test(comment)) return "postfix-userid";
  if (/\/Submit\s*$/.test(comment)) return "sendmail-submit";
  if (/\bfetchmail\b/i.test(comment)) return "fetchmail";
  return null;
}

function inner(value: string, comment: Token): string {
  return value.slice(comment.start + 1, comment.end - 1);
}

/** `from mail pickup service by host with Microsoft SMTPSVC`: three words where a sender name would be. */
function isPickupService(scanned: ScannedReceived): boolean {
  const words = scanned.tokens.filter((token) => (token.zone === "helo" || token.zone === "from-info" || token.zone === "from") && token.kind === "word");
  return (
    words.length === 3 &&
    words
      .map((word) => text(scanned.value, word))
      .join(" ")
      .toLowerCase() === "mail pickup service"
  );
}
