/** Courier: `(TLS: TLSv1/SSLv3, 168bits,DES-CBC3-SHA)`, or inside `(AUTH: LOGIN x, SSL: TLSv1/SSLv3,128bits,RC4-MD5)`. */
import type { Recognizer } from "../recognizer.ts";
import { findComment } from "../recognizer.ts";
import { normalizeVersion, parseBits } from "../normalize.ts";

const COURIER = /(?:^|,\s*)(?:TLS|SSL):\s*((?:TLS|SSL)v[\d./A-Za-z]*),\s*(\d+)bits,\s*([\w.+-]+)/;

export const courierTls: Recognizer = {
  dialect: "courier-tls",
  reads: "text",
  recognize({ comments }) {
    const found = findComment(comments, COURIER);
    if (!found) return null;
    const { match, comment } = found;
    return { version: normalizeVersion(match[1]), cipher: match[3] ?? null, bits: parseBits(match[2]), verify: null, evidence: comment };
  },
};
