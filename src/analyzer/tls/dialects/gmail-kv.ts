/** Google: `(version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256)` after `for`, or after `id` when there is no `for`. */
import { commentPattern } from "../recognizer.ts";
import { normalizeVersion, parseBits } from "../normalize.ts";

// Bounded, `=`-free values keep the scan linear on hostile comments such as `version=version=version=...`.
const GOOGLE = /^\s*version=([^\s=]{1,40})\s+cipher=([^\s=]{1,120})\s+bits=(\d+)\/\d+/;

export const gmailKv = commentPattern(["for", "id"], ["version="], ["bits="], GOOGLE, (match) => ({
  version: normalizeVersion(match[1]),
  cipher: match[2] ?? null,
  bits: parseBits(match[3]),
  verify: null,
}));
