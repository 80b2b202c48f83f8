/**
 * Words whose absence from a Received value spares whole families of later checks (the TLS text dialects, the
 * pseudo-hop and authentication comment patterns). One forward scan finds all of them, once per hop.
 */
import type { ParsedReceived } from "./received.ts";

export const MENTIONS_TLS = 1; // tls, ssl, cipher, encrypted
export const MENTIONS_PSEUDO_HOP = 2; // invoked, userid, /submit, fetchmail
export const MENTIONS_AUTH = 4; // auth
const ALL = MENTIONS_TLS | MENTIONS_PSEUDO_HOP | MENTIONS_AUTH;

const WORDS_OF: Readonly<Record<number, string>> = {
  [MENTIONS_TLS]: "tls|ssl|cipher|encrypted",
  [MENTIONS_PSEUDO_HOP]: "invoked|userid|\\/submit|fetchmail",
  [MENTIONS_AUTH]: "auth",
};

/** For each set of families not yet found, one pattern for their words: once a family is found, its words are skipped. */
const PATTERN_FOR_MISSING: readonly RegExp[] = Array.from({ length: ALL + 1 }, (_, missing) => {
  const words = [MENTIONS_TLS, MENTIONS_PSEUDO_HOP, MENTIONS_AUTH].filter((family) => missing & family).map((family) => WORDS_OF[family]);
  return new RegExp(words.join("|") || "(?!)", "gi");
});

/** The MENTIONS_* flags of the value's words (in any case), worked out on first use and kept on `parsed`. */
export function mentionsOf(parsed: ParsedReceived): number {
  if (parsed.mentions === -1) parsed.mentions = scan(parsed.value);
  return parsed.mentions;
}

/** At most one search per family: each resumes just after the last word found, looking only for the families still missing. */
function scan(value: string): number {
  let found = 0;
  let from = 0;
  while (found !== ALL) {
    const pattern = PATTERN_FOR_MISSING[ALL & ~found] as RegExp;
    pattern.lastIndex = from;
    const match = pattern.exec(value);
    if (!match) break;
    found |= familyOf(value.charCodeAt(match.index) | 32); // each word starts with its own letter
    from = match.index + 1; // words may overlap (`/submitls`)
  }
  return found;
}

function familyOf(firstLetter: number): number {
  switch (firstLetter) {
    case 97: // a
      return MENTIONS_AUTH;
    case 105: // i
    case 117: // u
    case 47: // /
    case 102: // f
      return MENTIONS_PSEUDO_HOP;
    default: // t, s, c, e
      return MENTIONS_TLS;
  }
}
