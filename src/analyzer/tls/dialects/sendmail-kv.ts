/**
 * sendmail's stock template `(version=TLSv1.2 cipher=... bits=256 verify=NOT)`, also written by Proofpoint PPS,
 * Barracuda, old Haraka (no bits) and OpenSMTPD 5.x (`TLS version=... cipher=... bits=... verify=...`).
 */
import type { Recognizer, TlsMatch } from "../recognizer.ts";
import { normalizeVersion, parseBits, sendmailVerify } from "../normalize.ts";

// Bounded, `=`-free values keep the scan linear on hostile comments such as `version=version=version=...`.
const KV = /\bversion=([^\s=]{1,40})\s+cipher=([^\s,)=]{1,120})(?:\s+bits=(\d+)(?![\d/]))?(?:\s+verify=(\w+))?/;

export const sendmailKv: Recognizer = {
  dialect: "sendmail-kv",
  reads: "text",
  needs: "version=",
  recognize({ comments, tlsClause }) {
    for (const comment of comments) {
      const match = readKv(comment);
      if (match) return match;
    }
    return tlsClause === null ? null : readKv(tlsClause);
  },
};

/** The block in one comment (or the tls clause); Google's `bits=256/256` is gmail-kv's. */
function readKv(text: string): TlsMatch | null {
  const match = KV.exec(text);
  if (!match || /bits=\d+\//.test(text)) return null;
  return {
    version: normalizeVersion(match[1]),
    cipher: match[2] ?? null,
    bits: parseBits(match[3]),
    verify: sendmailVerify(match[4]),
    evidence: text,
  };
}
