/**
 * Exim 4.0–4.92's `($tls_cipher)`: `(TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384:256)`, GnuTLS builds
 * `(TLS1.2:ECDHE_RSA_AES_256_GCM_SHA384:256)`, Exim 3 `(Cipher TLSv1:DES-CBC3-SHA:168)`.
 * Old GnuTLS builds (`TLS-1.0`, `SSL3.0` spellings) printed the key size in bytes (`:16`, `:24`, `:32`).
 */
import type { Recognizer } from "../recognizer.ts";
import { findComment } from "../recognizer.ts";
import { normalizeVersion, parseBits } from "../normalize.ts";

const COLON = /^\s*(?:Cipher )?((?:TLS|SSL)[\w.\-/]*):([\w.+-]+):(\d+)\s*$/;
const GNUTLS_BYTES_SPELLING = /^(?:TLS|SSL)-?\d\.\d$/;

export const eximColon: Recognizer = {
  dialect: "exim-colon",
  reads: "text",
  recognize({ comments }) {
    const found = findComment(comments, COLON);
    if (!found) return null;
    const { match, comment } = found;
    const version = match[1] ?? "";
    let bits = parseBits(match[3]);
    if (bits !== null && bits <= 32 && GNUTLS_BYTES_SPELLING.test(version) && version.includes("-")) bits *= 8;
    return { version: normalizeVersion(version), cipher: match[2] ?? null, bits, verify: null, evidence: comment };
  },
};
