/** qmail with the TLS patch: `with (DHE-RSA-AES256-SHA encrypted) SMTP`. */
import type { Recognizer } from "../recognizer.ts";
import { findComment } from "../recognizer.ts";

export const qmailEncrypted: Recognizer = {
  dialect: "qmail-encrypted",
  reads: "text",
  needs: "encrypted",
  recognize({ withComments }) {
    const found = findComment(withComments, /^\s*([\w.+-]+) encrypted\s*$/);
    return found ? { version: null, cipher: found.match[1] ?? null, bits: null, verify: null, evidence: found.comment } : null;
  },
};
