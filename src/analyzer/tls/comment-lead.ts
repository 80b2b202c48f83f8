/**
 * The receiver-written start of a comment that also carries the client's text. Some MTAs write their TLS note and a
 * client-chosen value in one comment: chasquid `(over SMTP, TLS-1.3, envelope from "a@b")`, Momentum/ecelerity
 * `(cipher=X subject="/CN=client")`. The scanner keeps quoted strings and `<…>` addresses as atoms; only the text
 * before the first atom is the receiver's own, so that is all a recognizer may read of such a comment.
 */
import type { ScannedReceived, Token } from "../received/scan.ts";

/** The text after the comment's `(` up to its first atom (or its `)` when it has none). */
export function commentLead(scanned: ScannedReceived, token: Token): string {
  const end = token.atoms === null ? token.end - 1 : (token.atoms[0] as number);
  return scanned.value.slice(token.start + 1, end);
}
