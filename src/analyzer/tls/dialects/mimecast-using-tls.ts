/** Mimecast: `(Using TLS)` before `by`, no version or cipher. */
import type { Recognizer } from "../recognizer.ts";
import { findComment } from "../recognizer.ts";

export const mimecastUsingTls: Recognizer = {
  dialect: "mimecast-using-tls",
  reads: "text",
  recognize({ comments }) {
    const found = findComment(comments, /^\s*Using TLS\s*$/i);
    return found ? { version: null, cipher: null, bits: null, verify: null, evidence: found.comment } : null;
  },
};
