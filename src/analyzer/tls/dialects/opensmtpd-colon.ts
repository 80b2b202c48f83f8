/**
 * OpenSMTPD, after `id`: `(TLSv1.3:TLS_AES_256_GCM_SHA384:256:NO)`, optionally followed by ` auth=yes user=x`; the
 * last field says whether a client certificate was verified.
 */
import { commentPattern } from "../recognizer.ts";
import { normalizeVersion, parseBits } from "../normalize.ts";

const OPENSMTPD = /^\s*((?:TLS|SSL)v[\d.]+):([\w.+-]+):(\d+):(YES|NO|FAIL)\b/;

export const opensmtpdColon = commentPattern(["id"], ["tls", "ssl"], [":"], OPENSMTPD, (match) => ({
  version: normalizeVersion(match[1]),
  cipher: match[2] ?? null,
  bits: parseBits(match[3]),
  // smtp_session.c: YES = verified, FAIL = presented but not verified, NO = no client certificate.
  verify: match[4] === "YES" ? "verified" : match[4] === "FAIL" ? "failed" : "not-presented",
}));
