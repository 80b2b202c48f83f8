/**
 * chasquid 0.07+ (Nov 2018, internal/smtpsrv/conn.go `addReceivedHeader`): the RFC 8314 clause, then a comment with the
 * listening mode and the version: `with ESMTPS tls TLS_AES_128_GCM_SHA256 (over SMTP, TLS-1.3, envelope from
 * "a@b")`. The envelope sender at the end is the client's (a quoted atom): only the comment's text before it is read.
 * Plaintext sessions write `(over SMTP, plain text!, envelope from …)` and no `tls` clause.
 */
import type { ClauseRecognizer } from "../recognizer.ts";
import { normalizeVersion } from "../normalize.ts";
import { commentLead } from "../comment-lead.ts";

const CIPHER = /^[A-Za-z0-9]+[_-][\w-]{0,120}$/;
const OVER = /^\s*over [\w+-]{1,20}, ((?:TLS|SSL)-\d\.\d), envelope from\s*$/;

export const chasquidOverComment: ClauseRecognizer = {
  reads: "clause",
  zones: ["tls"],
  words: ["tls"],
  read({ scanned }) {
    const { tokens, value } = scanned;
    const keyword = tokens.findIndex((token) => token.zone === "tls" && token.kind === "keyword");
    const cipher = tokens[keyword + 1];
    const comment = tokens[keyword + 2];
    if (keyword === -1 || !cipher || !comment || cipher.kind !== "word" || comment.kind !== "comment" || comment.zone !== "tls") return null;
    const cipherText = value.slice(cipher.start, cipher.end);
    const over = OVER.exec(commentLead(scanned, comment));
    if (!over || !CIPHER.test(cipherText)) return null;
    return {
      version: normalizeVersion(over[1]),
      cipher: cipherText,
      bits: null,
      verify: null,
      evidenceAt: { start: (tokens[keyword] as { start: number }).start, end: comment.end },
    };
  },
};
