/** Runs every dialect recognizer over one header and merges what they found into one TLS record. */
import type { DialectId } from "../types.ts";
import type { Recognizer, TlsContext, TlsMatch } from "./recognizer.ts";
import { RECOGNIZERS } from "./dialects/index.ts";

export interface TlsEvidence extends TlsMatch {
  dialect: DialectId;
}

/**
 * The most detailed match names the dialect and the evidence; fields it lacks are filled from the others
 * (e.g. Gmail's `ESMTPSA` adds nothing, Postfix's certificate note adds `verify`).
 */
export function recognizeTls(context: TlsContext, mentionsTls: boolean): TlsEvidence | null {
  let best: TlsEvidence | null = null;
  let bestScore = -1;
  const matches: TlsMatch[] = [];
  // Every text dialect names TLS, SSL, a cipher or encryption (MENTIONS_TLS): most plaintext headers skip them all at once.
  for (const recognizer of UNIFORM_RECOGNIZERS) {
    if (recognizer.readsText && !(mentionsTls && (recognizer.needs === null || context.value.includes(recognizer.needs)))) continue;
    const match = recognizer.recognize(context);
    if (!match) continue;
    matches.push(match);
    const score = detail(match);
    if (score > bestScore) {
      best = { version: match.version, cipher: match.cipher, bits: match.bits, verify: match.verify, evidence: match.evidence, dialect: recognizer.dialect };
      bestScore = score;
    }
  }
  if (!best) return null;
  for (const match of matches) {
    best.version ??= match.version;
    best.cipher ??= match.cipher;
    best.bits ??= match.bits;
    best.verify ??= match.verify;
  }
  return best;
}

/** RECOGNIZERS copied into one object shape, so the loop above reads its fields without megamorphic lookups. */
const UNIFORM_RECOGNIZERS = RECOGNIZERS.map((recognizer: Recognizer) => ({
  dialect: recognizer.dialect,
  readsText: recognizer.reads === "text",
  needs: recognizer.needs ?? null,
  recognize: recognizer.recognize,
}));

function detail(match: TlsMatch): number {
  return (match.version ? 1 : 0) + (match.cipher ? 1 : 0) + (match.bits !== null ? 1 : 0) + (match.verify ? 1 : 0);
}
