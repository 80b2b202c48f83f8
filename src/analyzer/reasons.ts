/**
 * Reasons and warnings as typed facts: a key and the parameters of that key. Parameters are hop indices, host and
 * organisation names as written in the headers, receiver, dialect and other ids, versions, cipher names and counts;
 * a missing one is `null`, and the message catalogue chooses the wording (`formatReason`).
 */
import type { CertVerification, IdentityBasis, TlsVersion, WeakCipherKind } from "./types.ts";
import type { ReceiverId } from "./receivers.ts";
import type { MailServiceId } from "./identity/mail-service.ts";
import type { PseudoHopMarker } from "./chain/markers.ts";

/** Who handed over and who received: the organisation when verified, else the name as recorded or claimed. */
interface Handoff {
  hop: number;
  fromOrg: string | null;
  fromName: string | null;
  org: string | null;
  by: string | null;
}

interface TlsDetail {
  version: TlsVersion | null;
  cipher: string | null;
  bits: number | null;
}

interface Receiving {
  org: string | null;
  by: string | null;
}

export interface ReasonParams {
  // What one hop recorded about TLS.
  "tls-recorded": { receiver: ReceiverId | null; by: string | null } & TlsDetail;
  "tls-recorded-any-version": { receiver: ReceiverId | null; by: string | null; cipher: string | null; bits: number | null };
  "tls-silent-always-records": { receiver: ReceiverId; by: string | null };
  "tls-plaintext-noted": { receiver: ReceiverId; by: string | null; note: string };
  "tls-silent-unknown-receiver": { receiver: ReceiverId | null; by: string | null };
  "tls-unrecognised": { by: string | null; words: string };
  "tls-weak-version": { version: TlsVersion; baseline: TlsVersion };
  "tls-weak-cipher": { cipher: string; why: WeakCipherKind };
  "tls-short-key": { bits: number };
  "tls-anonymous": { cipher: string };
  "tls-cert-verified": Record<string, never>;
  "tls-cert-not-verified": { verify: CertVerification };
  // Where the hop sits.
  "scope-local-pseudo-hop": { by: string | null; marker: PseudoHopMarker; protocol: string | null };
  "scope-internal-loopback": { by: string | null };
  "scope-internal-private-address": { address: string };
  "scope-internal-same-host": { by: string | null };
  "scope-internal-same-org": { org: string; basis: Extract<IdentityBasis, "verified-rdns" | "mail-service-range">; service: MailServiceId | null };
  "scope-internal-claimed-same-org": { org: string; name: string };
  "scope-internal-bare-name": { name: string; by: string | null };
  "scope-internal-local-delivery": Receiving & { protocol: string | null };
  "scope-internal-no-sender": { by: string | null };
  "scope-submission-authenticated": Receiving & { protocol: string | null };
  "scope-submission-webmail": Receiving & { protocol: string | null };
  "scope-submission-client": Receiving & { protocol: string | null };
  "scope-relay": { fromOrg: string | null; fromName: string | null; fromBasis: IdentityBasis } & Receiving;
  // Who wrote the hop's record.
  "trust-recipient": Receiving;
  "trust-recipient-on-claim": { hop: number; name: string | null };
  "trust-sender-claimed": { claimant: string | null; claimantName: string | null };
  // The verdict.
  "verdict-none": Record<string, never>;
  "verdict-internal": Receiving;
  "verdict-encrypted": { count: number };
  "verdict-weak": { weak: number; count: number; baseline: TlsVersion };
  "verdict-not-encrypted": { plaintext: number; count: number };
  "verdict-unknown": { unknown: number; count: number };
  // What decided it, and caveats.
  "handoff-plaintext": Handoff & { receiver: ReceiverId };
  "handoff-plaintext-noted": Handoff & { receiver: ReceiverId };
  "handoff-unknown": Handoff & { receiver: ReceiverId | null };
  "handoff-weak": Handoff & TlsDetail;
  "handoff-encrypted": Handoff & TlsDetail;
  "deciding-hop-claimed": { hop: number; claimant: string | null; claimantName: string | null };
  "deciding-hop-on-claim": { hop: number; claimHop: number; name: string | null };
  "relies-on-sender-claims": { org: string | null; claimant: string | null; claimantName: string | null };
  "relies-on-claim": { hop: number; name: string | null };
  "no-recipient-org": Record<string, never>;
  "entry-not-analysed": { analysed: number; total: number };
  // The legs headers say little about.
  "leg-submission-encrypted": Receiving & TlsDetail;
  "leg-submission-plaintext": Receiving;
  "leg-submission-unknown": Receiving;
  "leg-submission-not-recorded": Record<string, never>;
  "leg-download": Record<string, never>;
}

export type ReasonKey = keyof ReasonParams;

/** One reason: a key with the parameters of that key (a discriminated union). */
export type Reason = { [K in ReasonKey]: { key: K; params: ReasonParams[K] } }[ReasonKey];

export interface WarningParams {
  "inconsistent-chain": { hop: number; by: string | null; nextFrom: string | null };
  "time-backwards": { hop: number; seconds: number };
  "unparsed-header": { hop: number; excerpt: string };
  "received-capped": { total: number; analysed: number };
  "header-block-truncated": { bytes: number };
  "option-ignored": { option: "options" | "trustedDomains" | "minTlsVersion" | "cutInput" };
}

export type WarningKey = keyof WarningParams;

export type Warning = { [K in WarningKey]: { key: K; params: WarningParams[K] } }[WarningKey];

/** Builds a reason, checking its parameters against its key. */
export function reason<K extends ReasonKey>(key: K, params: ReasonParams[K]): Reason {
  return { key, params } as Reason;
}

export function warning<K extends WarningKey>(key: K, params: WarningParams[K]): Warning {
  return { key, params } as Warning;
}
