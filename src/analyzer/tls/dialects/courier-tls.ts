/**
 * Courier: `(TLS: TLSv1/SSLv3, 168bits,DES-CBC3-SHA)`, or within `(AUTH: LOGIN x, SSL: TLSv1/SSLv3,128bits,RC4-MD5)`,
 * after the TCP-info comment; some relays write it after the protocol (`with smtp (TLS: …)`).
 */
import { commentPattern } from "../recognizer.ts";
import { normalizeVersion, parseBits } from "../normalize.ts";

const COURIER = /(?:^|,\s*)(?:TLS|SSL):\s*((?:TLS|SSL)v[\d./A-Za-z]*),\s*(\d+)bits,\s*([\w.+-]+)/;

export const courierTls = commentPattern(["from", "with"], [], ["bits,"], COURIER, (match) => ({
  version: normalizeVersion(match[1]),
  cipher: match[3] ?? null,
  bits: parseBits(match[2]),
  verify: null,
}));
