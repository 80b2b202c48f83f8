/** What one Received header records about its own connection: encrypted (with facts), plaintext, or unknown. */
import type { EncryptedTls, PlaintextTls, Reason, ReceiverId, TextSpan, TlsFacts, TlsVersion, UnknownTls } from "../types.ts";
import { reason } from "../reasons.ts";
import type { ReceivedFields } from "../received/fields.ts";
import type { ScannedReceived } from "../received/scan.ts";
import type { IdentifiedReceiver, ReceiverContext } from "../receivers.ts";
import { receiverComments, recognizeTls, unreadTlsWords } from "./recognize.ts";
import type { ReceiverComment } from "./recognizer.ts";
import { impliedMinVersion, isAnonymous, weaknessesOf } from "./grading.ts";

export interface HopTls {
  tls: TlsFacts;
  reasons: Reason[];
}

export function hopTls(
  scanned: ScannedReceived,
  fields: ReceivedFields,
  identified: IdentifiedReceiver | null,
  receiverContext: ReceiverContext,
  baseline: TlsVersion,
): HopTls {
  const receiver = identified?.receiver.id ?? null;
  const { by } = fields;
  const comments = receiverComments(scanned);
  const evidence = recognizeTls({ scanned, protocol: fields.protocol, comments });
  if (evidence) {
    const { version, cipher, bits, verify, evidenceAt, dialect } = evidence;
    const tls: EncryptedTls = {
      status: "encrypted",
      version,
      cipher,
      bits,
      verify,
      dialect,
      evidence: scanned.value.slice(evidenceAt.start, evidenceAt.end),
      evidenceAt,
      impliedMinVersion: version ? null : impliedMinVersion(cipher),
      // Only a recorded version can be below the baseline: a version implied by the cipher is a lower bound.
      weaknesses: weaknessesOf(version, cipher, bits, baseline),
    };
    return { tls, reasons: encryptedReasons(tls, receiver, by, baseline) };
  }
  const note = identified ? plaintextNoteOf(identified, comments) : null;
  if (identified && note) {
    const evidenceAt = { start: note.start - 1, end: note.start + note.text.length + 1 };
    const tls = plaintext(scanned.value.slice(evidenceAt.start, evidenceAt.end), evidenceAt, identified.receiver.id, "note");
    return { tls, reasons: [reason("tls-plaintext-noted", { receiver: identified.receiver.id, by, note: note.text.trim() })] };
  }
  const unread = unreadTlsWords(scanned);
  if (unread.length > 0) return { tls: unknown(unread), reasons: [reason("tls-unrecognised", { by, words: unread.join(" ") })] };
  const alwaysRecords = identified?.receiver.alwaysRecords;
  if (identified && alwaysRecords && alwaysRecords.appliesTo(receiverContext)) {
    const { token } = identified;
    const tls = plaintext(scanned.value.slice(token.start, token.end), { start: token.start, end: token.end }, identified.receiver.id, "silence");
    return { tls, reasons: [reason("tls-silent-always-records", { receiver: identified.receiver.id, by })] };
  }
  return { tls: unknown([]), reasons: [reason("tls-silent-unknown-receiver", { receiver, by })] };
}

/** One object shape for every plaintext record (a spread would give each its own, and slow the readers of `tls`). */
function plaintext(evidence: string, evidenceAt: TextSpan, receiver: ReceiverId, proof: PlaintextTls["proof"]): PlaintextTls {
  return { status: "plaintext", version: null, cipher: null, bits: null, verify: null, dialect: null, evidence, evidenceAt, receiver, proof };
}

/**
 * The receiver's own note that the session did not use TLS, in a zone its template writes it (never the client's:
 * `receiverComments` holds only receiver-written comments without quoted strings or addresses). It proves plaintext
 * unless TLS evidence was recognised in the same line.
 */
function plaintextNoteOf(identified: IdentifiedReceiver, comments: readonly ReceiverComment[]): ReceiverComment | null {
  const rule = identified.receiver.plaintextNote;
  if (!rule) return null;
  for (const comment of comments) if (rule.zones.includes(comment.zone) && rule.text.test(comment.text)) return comment;
  return null;
}

function unknown(unrecognised: string[]): UnknownTls {
  return { status: "unknown", version: null, cipher: null, bits: null, verify: null, dialect: null, evidence: null, evidenceAt: null, unrecognised };
}

function encryptedReasons(tls: EncryptedTls, receiver: IdentifiedReceiver["receiver"]["id"] | null, by: string | null, baseline: TlsVersion): Reason[] {
  const { version, cipher, bits } = tls;
  const reasons: Reason[] = [
    version ? reason("tls-recorded", { receiver, by, version, cipher, bits }) : reason("tls-recorded-any-version", { receiver, by, cipher, bits }),
  ];
  for (const weakness of tls.weaknesses) {
    if (weakness.kind === "old-version") reasons.push(reason("tls-weak-version", { version: weakness.version, baseline }));
    else if (weakness.kind === "weak-cipher") reasons.push(reason("tls-weak-cipher", { cipher: weakness.cipher, why: weakness.why }));
    else reasons.push(reason("tls-short-key", { bits: weakness.bits }));
  }
  if (cipher !== null && isAnonymous(cipher)) reasons.push(reason("tls-anonymous", { cipher }));
  if (tls.verify === "verified") reasons.push(reason("tls-cert-verified", {}));
  else if (tls.verify) reasons.push(reason("tls-cert-not-verified", { verify: tls.verify }));
  return reasons;
}
