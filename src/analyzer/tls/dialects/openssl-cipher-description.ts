/**
 * OpenSSL's `SSL_CIPHER_description()` with `:` for spaces, right after the protocol (an MTA not identified, at
 * olimex.com): `with ESMTPSA (ECDHE-RSA-AES128-GCM-SHA256:TLSv1.2:Kx=ECDH:Au=RSA:Enc=AESGCM(128):Mac=AEAD)`. The
 * cipher comes first and the version second (the reverse of Exim's `($tls_cipher)`); the key bits are in `Enc=`.
 */
import { commentPattern } from "../recognizer.ts";
import { normalizeVersion, parseBits } from "../normalize.ts";

const DESCRIPTION = /^\s*([\w.+-]{1,120}):((?:TLS|SSL)v[\d.]{1,5}):Kx=[\w./-]{1,30}:Au=[\w./-]{1,30}:Enc=[\w.-]{1,30}\((\d{1,5})\):Mac=[\w./-]{1,30}\s*$/;

export const opensslCipherDescription = commentPattern(["with"], [], ["kx="], DESCRIPTION, (match) => ({
  version: normalizeVersion(match[2]),
  cipher: match[1] ?? null,
  bits: parseBits(match[3]),
  verify: null,
}));
