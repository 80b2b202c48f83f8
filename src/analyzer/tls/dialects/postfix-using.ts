/**
 * Postfix `(using TLSv1.3 with cipher X (256/256 bits) [key-exchange ... server-signature ...])` followed by a
 * client-certificate note; the same wording is used by Yandex (after the date), Stalwart (no bits, rustls names),
 * Kerio (`(256 bits)`), Apache James and Proofpoint Essentials.
 */
import { commentRecognizer } from "../recognizer.ts";
import { clientCertificateNote, normalizeVersion, parseBits } from "../normalize.ts";

const USING = /^\s*using ((?:TLS|SSL)v?[\d.]+) with cipher ([^\s()]+)(?: \((\d+)(?:\/\d+)? bits\))?/;

export const postfixUsing = commentRecognizer("postfix-using", USING, (match, { comments }) => ({
  version: normalizeVersion(match[1]),
  cipher: match[2] ?? null,
  bits: parseBits(match[3]),
  verify: clientCertificateNote(comments),
}), "using ");
