/**
 * Google: `(version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256)` after `for`, or after `id` when there is no
 * `for`; MailGates writes the same block at the end of its with clause (`with MailGates ESMTPS Server V6.0(…)
 * (envelope-from <…>) (version=TLSv1.2 cipher=… bits=256/256)`).
 */
import { commentPattern } from "../recognizer.ts";
import { cipherName, normalizeVersion, parseBits } from "../normalize.ts";

// Bounded, `=`-free values keep the scan linear on hostile comments such as `version=version=version=...`.
const GOOGLE = /^\s*version=([^\s=]{1,40})\s+cipher=([^\s=]{1,120})\s+bits=(\d+)\/\d+/;

export const gmailKv = commentPattern(["with", "id", "for"], ["version="], ["bits="], GOOGLE, (match) => ({
  version: normalizeVersion(match[1]),
  cipher: cipherName(match[2]),
  bits: parseBits(match[3]),
  verify: null,
}));
