/**
 * sendmail's stock template `(version=TLSv1.2 cipher=... bits=256 verify=NOT)` after `id`; also written by Proofpoint
 * PPS (after `id`), Barracuda (in its `by` clause), FortiMail (`verify=CAFAIL`), after the protocol hMailServer 5.6+
 * (no verify), Yahoo's inbound MX (`with SMTPs (version=TLS1_3 cipher=…)`) and SocketLabs (`.NET` names:
 * `with ESMTP(version=Tls12 cipher=Aes256 bits=256)`), old Haraka (after `envelope-from`), Google before it added `bits=` (2011: `(version=TLSv1/SSLv3 cipher=OTHER)`, a
 * placeholder, no cipher named), and, as a bare `TLS version=… cipher=… bits=… verify=…` clause, OpenSMTPD 5.x.
 */
import type { ClauseRecognizer, CommentRecognizer, TlsReading } from "../recognizer.ts";
import { cipherName, normalizeVersion, parseBits, sendmailVerify } from "../normalize.ts";

// Bounded, `=`-free values keep the scan linear on hostile comments such as `version=version=version=...`.
const KV = /^\s*(?:TLS\s+)?version=([^\s=]{1,40})\s+cipher=([^\s,)=]{1,120})(?:\s+bits=(\d+)(?![\d/]))?(?:\s+verify=(\w+))?/;

const inComment: CommentRecognizer = {
  reads: "comment",
  zones: ["by", "with", "id", "for"],
  starts: ["version="],
  words: ["version="],
  read: (comment) => readKv(comment.text),
};

/** OpenSMTPD 5.x: `id ca28ec68 TLS version=TLSv1/SSLv3 cipher=… bits=256 verify=NO`, the words of a `tls` clause. */
const asClause: ClauseRecognizer = {
  reads: "clause",
  zones: ["tls"],
  words: ["version="],
  read({ scanned }) {
    const words = scanned.tokens.filter((token) => token.zone === "tls");
    const first = words[0];
    const last = words[words.length - 1];
    if (!first || !last) return null;
    const reading = readKv(scanned.value.slice(first.start, last.end));
    return reading && { ...reading, evidenceAt: { start: first.start, end: last.end } };
  },
};

export const sendmailKv = [inComment, asClause];

/** The block in one comment, or in OpenSMTPD 5.x's `TLS version=…` clause text; Google's `bits=256/256` is gmail-kv's. */
export function readKv(text: string): TlsReading | null {
  const match = KV.exec(text);
  if (!match || /bits=\d+\//.test(text)) return null;
  return { version: normalizeVersion(match[1]), cipher: cipherName(match[2]), bits: parseBits(match[3]), verify: sendmailVerify(match[4]) };
}
