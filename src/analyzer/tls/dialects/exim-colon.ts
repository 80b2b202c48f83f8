/**
 * Exim 4.0–4.92's `($tls_cipher)` after the protocol: `with esmtps (TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384:256)`, GnuTLS
 * builds `(TLS1.2:ECDHE_RSA_AES_256_GCM_SHA384:256)`, Exim 3 `(Cipher TLSv1:DES-CBC3-SHA:168)`, templates that label
 * the variable with one word before the triple (`(tls_cipher TLS-1.0:RSA_AES_256_CBC_SHA:32)`). Exim 4.7x wrote
 * `UNKNOWN` when OpenSSL could not name the protocol (`(UNKNOWN:AES256-GCM-SHA384:256)`): the cipher and bits stand,
 * the version is not recorded. Old GnuTLS builds (Exim 4.34–4.71) printed the key size in bytes (`:16`, `:24`, `:32`).
 */
import { commentPattern } from "../recognizer.ts";
import { normalizeVersion, parseBits } from "../normalize.ts";

const COLON = /^\s*(?:[A-Za-z_]{1,20} )?((?:TLS|SSL)[\w.\-/]{0,20}|UNKNOWN):([\w.+-]{1,120}):(\d{1,5})\s*$/;

export const eximColon = commentPattern(["with"], ["tls", "ssl", "cipher ", "unknown:"], [":"], COLON, (match) => ({
  version: normalizeVersion(match[1]),
  cipher: match[2] ?? null,
  bits: keyBits(match[3], match[2] ?? ""),
  verify: null,
}));

/** No cipher has a key of 32 bits or less, so a GnuTLS-spelled (underscored) cipher with such a number counts bytes. */
function keyBits(recorded: string | undefined, cipher: string): number | null {
  const bits = parseBits(recorded);
  return bits !== null && bits <= 32 && cipher.includes("_") ? bits * 8 : bits;
}
