/**
 * Exclaimer Signature Manager / Exclaimer Cloud (a signature relay between Office 365 hops), at the end of its with
 * clause: `with Exclaimer Signature Manager ESMTP Proxy us1.smtp.exclaimer.net (tlsversion=TLS12,
 * tlscipher=TLS_ECDHE_WITH_AES256_SHA384)`. The version in .NET's spelling; the cipher a .NET composite name.
 */
import { commentPattern, NO_DETAIL } from "../recognizer.ts";
import { cipherName, normalizeVersion } from "../normalize.ts";

const TLSVERSION_KV = /^\s*tlsversion=(\w{1,20}),\s*tlscipher=(\w{0,120})\s*$/;

export const exclaimerTlsversionKv = commentPattern(["with"], ["tlsversion="], ["tlsversion="], TLSVERSION_KV, (match) => ({
  ...NO_DETAIL,
  version: normalizeVersion(match[1]),
  cipher: cipherName(match[2]),
}));
