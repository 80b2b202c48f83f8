/** Runs every dialect recognizer over one header and merges what they found into one TLS record. */
import type { DialectId } from "../types.ts";
import type { TlsContext, TlsMatch } from "./recognizer.ts";
import { RECOGNIZERS } from "./dialects/index.ts";

export interface TlsEvidence extends TlsMatch {
  dialect: DialectId;
}

/**
 * The most detailed match names the dialect and the evidence; fields it lacks are filled from the others
 * (e.g. Gmail's `ESMTPSA` adds nothing, Postfix's certificate note adds `verify`).
 */
export function recognizeTls(context: TlsContext): TlsEvidence | null {
  let best: TlsEvidence | null = null;
  let bestScore = -1;
  const matches: TlsMatch[] = [];
  // Every text dialect names TLS, SSL, a cipher or encryption; most plaintext headers skip them all at once.
  const mentionsTls = TLS_WORDS.test(context.value);
  for (const recognizer of RECOGNIZERS) {
    if (recognizer.reads === "text" && !mentionsTls) continue;
    const match = recognizer.recognize(context);
    if (!match) continue;
    matches.push(match);
    const score = detail(match);
    if (score > bestScore) {
      best = { ...match, dialect: recognizer.dialect };
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

const TLS_WORDS = /tls|ssl|cipher|encrypted/i;

function detail(match: TlsMatch): number {
  return (match.version ? 1 : 0) + (match.cipher ? 1 : 0) + (match.bits !== null ? 1 : 0) + (match.verify ? 1 : 0);
}
