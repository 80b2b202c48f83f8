/**
 * Exim 4.0–4.92's `($tls_cipher)`: `(TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384:256)`, GnuTLS builds
 * `(TLS1.2:ECDHE_RSA_AES_256_GCM_SHA384:256)`, Exim 3 `(Cipher TLSv1:DES-CBC3-SHA:168)`.
 * Old GnuTLS builds (Exim 4.34–4.71) printed the key size in bytes (`:16`, `:24`, `:32`).
 */
import type { Recognizer } from "../recognizer.ts";
import { findComment } from "../recognizer.ts";
import { normalizeVersion, parseBits } from "../normalize.ts";

const COLON = /^\s*(?:Cipher )?((?:TLS|SSL)[\w.\-/]*):([\w.+-]+):(\d+)\s*$/;

export const eximColon: Recognizer = {
  dialect: "exim-colon",
  reads: "text",
  recognize({ comments }) {
    const found = findComment(comments, COLON);
    if (!found) return null;
    const { match, comment } = found;
    const version = match[1] ?? "";
    let bits = parseBits(match[3]);
    // No cipher has a 32-bit-or-less key, so a GnuTLS-spelled (underscored) cipher with such a number counts bytes.
    if (bits !== null && bits <= 32 && (match[2] ?? "").includes("_")) bits *= 8;
    return { version: normalizeVersion(version), cipher: match[2] ?? null, bits, verify: null, evidence: comment };
  },
};
