/**
 * What a TLS dialect recognizer reads and returns. A dialect is a syntax; each recognizer declares the zones of a
 * Received value where the MTAs that use it write it (relative to the receiver's own tokens), so text in any other
 * place (the HELO, the TCP-info comment, addresses, quoted strings) is never read as evidence.
 */
import type { CertVerification, TextSpan, TlsVersion } from "../types.ts";
import type { Protocol } from "../received/protocol.ts";
import type { ScannedReceived, Zone } from "../received/scan.ts";

/** A comment the receiver wrote, holding no client-chosen atom (quoted string or address). */
export interface ReceiverComment {
  /** The text inside the parentheses. */
  text: string;
  /** Where that text starts in the value. */
  start: number;
  zone: Zone;
  /** The zone's bit (`zoneBits`). */
  zoneBit: number;
}

export interface TlsContext {
  scanned: ScannedReceived;
  protocol: Protocol | null;
  /** Every receiver-written comment, in order. */
  comments: readonly ReceiverComment[];
}

export interface TlsReading {
  version: TlsVersion | null;
  cipher: string | null;
  bits: number | null;
  verify: CertVerification | null;
}

export interface TlsMatch extends TlsReading {
  evidenceAt: TextSpan;
}

/** Reads one receiver comment at a time, in the zones it declares. */
export interface CommentRecognizer {
  reads: "comment";
  zones: readonly Zone[];
  /**
   * What the comment's text starts with, lower-cased after leading white space; the dispatcher hands a comment
   * only to the recognizers of its start. Empty: any comment of the zones (checked after the others).
   */
  starts: readonly string[];
  /** Words any comment it reads contains (lower case): the cheap prefilter. */
  words: readonly string[];
  read(comment: ReceiverComment, context: TlsContext): TlsReading | null;
}

/** Reads the `with` protocol token. */
export interface ProtocolRecognizer {
  reads: "protocol";
  read(protocol: Protocol): TlsReading | null;
}

/** Reads receiver clauses other than comments (the RFC 8314 `tls` clause, words of the `by` clause). */
export interface ClauseRecognizer {
  reads: "clause";
  zones: readonly Zone[];
  words: readonly string[];
  read(context: TlsContext): TlsMatch | null;
}

export type Recognizer = CommentRecognizer | ProtocolRecognizer | ClauseRecognizer;

/** The common shape of a comment dialect: one pattern over the comment's text. */
export function commentPattern(
  zones: readonly Zone[],
  starts: readonly string[],
  words: readonly string[],
  pattern: RegExp,
  facts: (match: RegExpExecArray, context: TlsContext, comment: ReceiverComment) => TlsReading,
): CommentRecognizer {
  return {
    reads: "comment",
    zones,
    starts,
    words,
    read(comment, context) {
      const match = pattern.exec(comment.text);
      return match ? facts(match, context, comment) : null;
    },
  };
}

export const NO_DETAIL: TlsReading = { version: null, cipher: null, bits: null, verify: null };
