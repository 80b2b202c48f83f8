/** Google: `(version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256)`, after `for` on MX and smtp.gmail.com hops. */
import { commentRecognizer } from "../recognizer.ts";
import { normalizeVersion, parseBits } from "../normalize.ts";

// Bounded, `=`-free values keep the scan linear on hostile comments such as `version=version=version=...`.
const GOOGLE = /\bversion=([^\s=]{1,40})\s+cipher=([^\s=]{1,120})\s+bits=(\d+)\/\d+/;

export const gmailKv = commentRecognizer("gmail-kv", GOOGLE, (match) => ({
  version: normalizeVersion(match[1]),
  cipher: match[2] ?? null,
  bits: parseBits(match[3]),
  verify: null,
}), "bits=");
