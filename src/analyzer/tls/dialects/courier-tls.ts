/**
 * Courier: `(TLS: TLSv1/SSLv3, 168bits,DES-CBC3-SHA)`, or within `(AUTH: LOGIN x, SSL: TLSv1/SSLv3,128bits,RC4-MD5)`,
 * after the TCP-info comment; some relays write it after the protocol (`with smtp (TLS: …)`). Built with GnuTLS it
 * spells the version without the `v` and the cipher with underscores: `TLS: TLS1.3,128bits,ECDHE_RSA_AES_128_GCM_SHA256`.
 */
import { commentPattern } from "../recognizer.ts";
import { normalizeVersion, parseBits } from "../normalize.ts";

const COURIER = /(?:^|,\s*)(?:TLS|SSL):\s*((?:TLS|SSL)v?[\d./A-Za-z]{0,20}),\s*(\d{1,5})bits,\s*([\w.+-]{1,120})/;

/**
 * Only comments that open with Courier's own words: other MTAs echo the client's HELO or account name in a comment
 * of the same zone (CommuniGate's `(account user HELO name)`), which must not be read as this note.
 */
export const courierTls = commentPattern(["from", "with"], ["tls:", "ssl:", "auth:"], ["bits,"], COURIER, (match) => ({
  version: normalizeVersion(match[1]),
  cipher: match[3] ?? null,
  bits: parseBits(match[2]),
  verify: null,
}));
