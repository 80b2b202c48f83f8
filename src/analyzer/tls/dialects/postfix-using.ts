/**
 * `(using TLSv1.3 with cipher X (256/256 bits) [key-exchange ... server-signature ...])`, then a client-certificate
 * note. Postfix, Stalwart, Apache James and MailChannels write it after the TCP-info comment (before `by`);
 * Proofpoint Essentials in its `by` clause; Kerio Connect after the protocol; Yandex after the date.
 */
import { commentPattern } from "../recognizer.ts";
import { clientCertificateNote, normalizeVersion, parseBits } from "../normalize.ts";

const USING = /^\s*using ((?:TLS|SSL)v?[\d.]+) with cipher ([^\s()]+)(?: \((\d+)(?:\/\d+)? bits\))?/;

export const postfixUsing = commentPattern(["from", "by", "with", "date"], ["using "], ["using "], USING, (match, context, comment) => ({
  version: normalizeVersion(match[1]),
  cipher: match[2] ?? null,
  bits: parseBits(match[3]),
  verify: clientCertificateNote(context.scanned, comment.start),
}));
