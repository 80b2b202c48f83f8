/** qmail with the TLS patch, and qpsmtpd: `with (DHE-RSA-AES256-SHA encrypted) SMTP`, a comment inside the with clause. */
import { commentPattern, NO_DETAIL } from "../recognizer.ts";

export const qmailEncrypted = commentPattern(["with"], [], ["encrypted"], /^\s*([\w.+-]+) encrypted\s*$/, (match) => ({ ...NO_DETAIL, cipher: match[1] ?? null }));
