/** What a TLS dialect recognizer sees and returns. */
import type { CertVerification, DialectId, TlsVersion } from "../types.ts";

/** The parts of one Received value where MTAs write TLS facts. */
export interface TlsContext {
  /** The whole (unfolded) value; evidence must be a substring of it. */
  value: string;
  /** The with-clause's first word, upper-cased. */
  protocol: string | null;
  /** The with-clause's first word as written. */
  protocolAsWritten: string | null;
  withText: string | null;
  /** Every comment of the value (without parentheses), in order. */
  comments: readonly string[];
  /** Comments inside the with clause. */
  withComments: readonly string[];
  /** The RFC 8314 `tls <cipher>` clause exactly as written, including the keyword. */
  tlsClause: string | null;
}

export interface TlsMatch {
  version: TlsVersion | null;
  cipher: string | null;
  bits: number | null;
  verify: CertVerification | null;
  evidence: string;
}

export interface Recognizer {
  dialect: DialectId;
  /** `protocol` recognizers read the with-clause token; `text` ones need TLS words somewhere in the value. */
  reads: "protocol" | "text";
  /** Text the value must contain (case as written) for a `text` recognizer to match: a cheap test that skips its patterns. */
  needs?: string | undefined;
  recognize(context: TlsContext): TlsMatch | null;
}

/** The first comment the pattern matches, with its match. */
export function findComment(comments: readonly string[], pattern: RegExp): { comment: string; match: RegExpExecArray } | null {
  for (const comment of comments) {
    const match = pattern.exec(comment);
    if (match) return { comment, match };
  }
  return null;
}

/** TLS facts a recognizer reads from its match; the matched comment becomes the evidence. */
export type TlsFactsOfMatch = Omit<TlsMatch, "evidence">;

/**
 * The common shape of a dialect: the first comment matching `pattern` records the TLS session. `needs` is text
 * every match contains, as written (see `Recognizer.needs`).
 */
export function commentRecognizer(
  dialect: DialectId,
  pattern: RegExp,
  facts: (match: RegExpExecArray, context: TlsContext) => TlsFactsOfMatch,
  needs?: string,
): Recognizer {
  return {
    dialect,
    reads: "text",
    needs,
    recognize(context) {
      const found = findComment(context.comments, pattern);
      return found ? withEvidence(facts(found.match, context), found.comment) : null;
    },
  };
}

/** The facts with the evidence added (built field by field: an object spread costs far more in this hot path). */
function withEvidence(facts: TlsFactsOfMatch, evidence: string): TlsMatch {
  return { version: facts.version, cipher: facts.cipher, bits: facts.bits, verify: facts.verify, evidence };
}
