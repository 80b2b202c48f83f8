/** Trustwave MailMarshal / SEG, in its `by` clause: `by host (using TLS: TLSv1.2, AES256-SHA) id <...>`. */
import { commentPattern } from "../recognizer.ts";
import { normalizeVersion } from "../normalize.ts";

const MAILMARSHAL = /^\s*using TLS:\s*((?:TLS|SSL)v?[\d.]*)\s*,\s*([\w.+-]+)\s*$/i;

export const mailmarshalUsingTls = commentPattern(["by"], ["using tls:"], ["using tls:"], MAILMARSHAL, (match) => ({
  version: normalizeVersion(match[1]),
  cipher: match[2] ?? null,
  bits: null,
  verify: null,
}));
