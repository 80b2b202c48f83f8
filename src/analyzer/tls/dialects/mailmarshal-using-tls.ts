/** Trustwave MailMarshal / SEG: `by host (using TLS: TLSv1.2, AES256-SHA) id <...>`, no with-clause. */
import type { Recognizer } from "../recognizer.ts";
import { findComment } from "../recognizer.ts";
import { normalizeVersion } from "../normalize.ts";

const MAILMARSHAL = /^\s*using TLS:\s*((?:TLS|SSL)v?[\d.]*)\s*,\s*([\w.+-]+)\s*$/i;

export const mailmarshalUsingTls: Recognizer = {
  dialect: "mailmarshal-using-tls",
  reads: "text",
  recognize({ comments }) {
    const found = findComment(comments, MAILMARSHAL);
    if (!found) return null;
    const { match, comment } = found;
    return { version: normalizeVersion(match[1]), cipher: match[2] ?? null, bits: null, verify: null, evidence: comment };
  },
};
