/**
 * `(using TLSv1.3 with cipher X (256/256 bits) [key-exchange ... server-signature ...])`, then a client-certificate
 * note. Postfix, Stalwart, Apache James, Dovecot and MailChannels write it after the TCP-info comment (before `by`);
 * Proofpoint Essentials in its `by` clause; Kerio Connect after the protocol; Yandex after the date. The version may
 * be missing (Symantec Messaging Gateway: `(using TLS with cipher X (256/256 bits))`) or be OpenSSL 1.0's class
 * string (`(using TLSv1/SSLv3 with cipher AES256-SHA (256 bits))`): then only "some TLS" is recorded.
 */
import { commentPattern } from "../recognizer.ts";
import { clientCertificateNote, normalizeVersion, parseBits } from "../normalize.ts";

const VERSION = String.raw`(?:TLS|SSL)(?:v?\d[\d.]{0,4})?`;
const USING = new RegExp(String.raw`^\s*using (${VERSION}(?:\/${VERSION})?) with cipher ([^\s()]{1,120})(?: \((\d{1,5})(?:\/\d{1,5})? bits\))?`);

export const postfixUsing = commentPattern(["from", "by", "with", "date"], ["using "], ["using "], USING, (match, context, comment) => ({
  version: normalizeVersion(match[1]),
  cipher: match[2] ?? null,
  bits: parseBits(match[3]),
  verify: clientCertificateNote(context.scanned, comment.start),
}));
