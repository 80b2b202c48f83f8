/** What one Received header records about its own connection: encrypted (with facts), plaintext, or unknown. */
import type { EncryptedTls, Reason, TlsFacts, TlsVersion } from "./types.ts";
import type { ParsedReceived } from "./received.ts";
import type { HopFields } from "./fields.ts";
import type { KnownReceiver } from "./receivers.ts";
import { identifyReceiver } from "./receivers.ts";
import { recognizeTls } from "./tls/recognize.ts";
import { MENTIONS_TLS, mentionsOf } from "./mentions.ts";
import { impliedMinVersion, isAnonymous, weaknessesOf } from "./tls/grading.ts";

export interface HopTls {
  tls: TlsFacts;
  receiver: KnownReceiver | null;
  reasons: Reason[];
}

export function hopTls(parsed: ParsedReceived, fields: HopFields, baseline: TlsVersion): HopTls {
  const withClause = parsed.clauses.with;
  const receiver = identifyReceiver(parsed, fields);
  const tlsClause = parsed.clauses.tls;
  const evidence = recognizeTls({
    value: parsed.value,
    protocol: fields.protocol,
    protocolAsWritten: withClause?.words[0] ?? null,
    withText: fields.with,
    comments: parsed.comments,
    withComments: withClause?.comments ?? [],
    tlsClause: tlsClause ? parsed.value.slice(tlsClause.start, tlsClause.end) : null,
  }, (mentionsOf(parsed) & MENTIONS_TLS) !== 0);
  const receiverName = receiver?.name ?? fields.by ?? "the receiving server";
  if (evidence) {
    const { version, cipher, bits, verify } = evidence;
    const tls: EncryptedTls = {
      status: "encrypted",
      version,
      cipher,
      bits,
      verify,
      evidence: evidence.evidence,
      dialect: evidence.dialect,
      impliedMinVersion: version ? null : impliedMinVersion(cipher),
      // Only a recorded version can be below the baseline: a version implied by the cipher is a lower bound.
      weaknesses: weaknessesOf(version, cipher, bits, baseline),
    };
    return { tls, receiver, reasons: encryptedReasons(tls, receiverName, baseline) };
  }
  if (receiver) {
    const tls: TlsFacts = { status: "plaintext", version: null, cipher: null, bits: null, verify: null, evidence: receiver.fingerprint, dialect: null, receiver: receiver.id };
    return { tls, receiver, reasons: [{ key: "tls-silent-always-records", params: { receiver: receiver.name, fingerprint: receiver.fingerprint } }] };
  }
  const tls: TlsFacts = { status: "unknown", version: null, cipher: null, bits: null, verify: null, evidence: null, dialect: null };
  return { tls, receiver, reasons: [{ key: "tls-silent-unknown-receiver", params: { receiver: receiverName } }] };
}

/** `TLSv1.2, ECDHE-RSA-AES256-GCM-SHA384, 256 bits` from whatever was recorded. */
export function tlsDetail(tls: TlsFacts): string {
  let detail = tls.version ?? "";
  if (tls.cipher) detail = detail ? `${detail}, ${tls.cipher}` : tls.cipher;
  if (tls.bits !== null) detail = detail ? `${detail}, ${tls.bits} bits` : `${tls.bits} bits`;
  return detail || (tls.evidence ?? "TLS");
}

function encryptedReasons(tls: EncryptedTls, receiver: string, baseline: TlsVersion): Reason[] {
  const detail = tlsDetail(tls);
  const reasons: Reason[] = [{ key: tls.version ? "tls-recorded" : "tls-recorded-any-version", params: { receiver, detail } }];
  for (const weakness of tls.weaknesses) {
    if (weakness.kind === "old-version") reasons.push({ key: "tls-weak-version", params: { version: weakness.version, baseline } });
    else if (weakness.kind === "weak-cipher") reasons.push({ key: "tls-weak-cipher", params: { cipher: weakness.cipher, why: weakness.why } });
    else reasons.push({ key: "tls-short-key", params: { bits: weakness.bits } });
  }
  if (isAnonymous(tls.cipher)) reasons.push({ key: "tls-anonymous", params: { cipher: tls.cipher ?? "" } });
  if (tls.verify === "verified") reasons.push({ key: "tls-cert-verified", params: {} });
  else if (tls.verify) reasons.push({ key: "tls-cert-not-verified", params: { verify: tls.verify } });
  return reasons;
}
