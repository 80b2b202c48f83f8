/**
 * Message Systems Momentum / ecelerity (SparkPost's on-premises MTA; LinkedIn, Salesforce and many ISPs), right after
 * the protocol: `with ESMTPS (cipher=AES128-GCM-SHA256) id 73/B7-…`; when the client presented a certificate, its
 * subject follows in the same comment as a quoted string (`(cipher=TLS_AES_256_GCM_SHA384 subject="/C=US/…")`). The
 * subject is the client's text: only the comment's text before it is read. No version, bits or verification result.
 */
import type { ClauseRecognizer } from "../recognizer.ts";
import { NO_DETAIL } from "../recognizer.ts";
import { commentLead } from "../comment-lead.ts";

const CIPHER_KV = /^cipher=([\w.+-]{1,120})(?:\s{1,20}subject=)?\s*$/;

export const ecelerityCipherKv: ClauseRecognizer = {
  reads: "clause",
  zones: ["with"],
  words: ["cipher="],
  read({ scanned }) {
    for (const token of scanned.comments) {
      if (token.zone !== "with" || !scanned.value.startsWith("cipher=", token.start + 1)) continue;
      const match = CIPHER_KV.exec(commentLead(scanned, token));
      if (match) return { ...NO_DETAIL, cipher: match[1] ?? null, evidenceAt: { start: token.start, end: token.end } };
    }
    return null;
  },
};
