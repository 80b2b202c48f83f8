/**
 * The report the analyzer produces: the public contract of the library, the shape `hoplock --json` prints, and what
 * the add-on renders. Everything is plain data (JSON-serialisable) and typed facts: sentences are written only at
 * the edge, from the message catalogue (`formatReason`).
 */
import type { Reason, Warning } from "./reasons.ts";
import type { ReceiverId } from "./receivers.ts";
import type { DialectId } from "./tls/dialects/index.ts";
import type { MailServiceId } from "./identity/mail-service.ts";

export type { Reason, ReasonKey, ReasonParams, Warning, WarningKey } from "./reasons.ts";
export type { ReceiverId } from "./receivers.ts";
export type { DialectId } from "./tls/dialects/index.ts";
export type { MailServiceId } from "./identity/mail-service.ts";

/** Normalised negotiated protocol versions. */
export type TlsVersion = "TLSv1.3" | "TLSv1.2" | "TLSv1.1" | "TLSv1" | "SSLv3" | "SSLv2";

/** Versions as ordered for baseline comparisons (index 0 is the weakest). */
export const TLS_VERSIONS_ASCENDING: readonly TlsVersion[] = ["SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"];

/** Client-certificate verification as recorded (sendmail `verify=`, Postfix client-certificate notes, OpenSMTPD). */
export type CertVerification =
  | "verified" // verify=OK / TRUSTED, Postfix "(verified OK)", OpenSMTPD ":YES"
  | "failed" // verify=FAIL / PROTOCOL / SOFTWARE / TEMP, Postfix "(not verified)"
  | "not-presented" // verify=NO, "(Client did not present a certificate)"
  | "not-requested"; // verify=NOT / NONE, "(No client certificate requested)"

export type WeakCipherKind = "rc4" | "des" | "3des" | "null" | "export" | "md5";

export type Weakness =
  | { kind: "old-version"; version: TlsVersion; baseline: TlsVersion }
  | { kind: "weak-cipher"; cipher: string; why: WeakCipherKind }
  | { kind: "short-key"; bits: number };

/** A span of the hop's `raw` text: [start, end). */
export interface TextSpan {
  start: number;
  end: number;
}

/** What one Received header itself records about its own connection (independent of scope). */
export type TlsFacts = EncryptedTls | PlaintextTls | UnknownTls;

interface TlsFactsBase {
  /** Normalised version; null when the header only says "some SSL/TLS" (e.g. sendmail's `TLSv1/SSLv3`). */
  version: TlsVersion | null;
  /** Cipher suite name exactly as written. */
  cipher: string | null;
  /** Symmetric key bits actually used. */
  bits: number | null;
  verify: CertVerification | null;
  dialect: DialectId | null;
  /** The receiver-written text the status rests on: the TLS note, or for plaintext the receiver's fingerprint or note. */
  evidence: string | null;
  /** Where `evidence` sits in `raw`. */
  evidenceAt: TextSpan | null;
}

export interface EncryptedTls extends TlsFactsBase {
  status: "encrypted";
  evidence: string;
  evidenceAt: TextSpan;
  dialect: DialectId;
  /** The lowest version the cipher implies when the version itself is not recorded (AEAD suites need TLS 1.2). */
  impliedMinVersion: TlsVersion | null;
  weaknesses: Weakness[];
}

export interface PlaintextTls extends TlsFactsBase {
  status: "plaintext";
  version: null;
  cipher: null;
  bits: null;
  verify: null;
  dialect: null;
  /** The receiver whose record proves plaintext. */
  receiver: ReceiverId;
  /**
   * What proves it: `silence`, a receiver that always notes TLS wrote none (`evidence` is its fingerprint); `note`,
   * the receiver wrote that the session did not use TLS (`evidence` is that note, e.g. Active!gate's `(not using TLS)`).
   */
  proof: "silence" | "note";
}

export interface UnknownTls extends TlsFactsBase {
  status: "unknown";
  version: null;
  cipher: null;
  bits: null;
  verify: null;
  dialect: null;
  evidence: null;
  evidenceAt: null;
  /** TLS-like words the receiver wrote that no recognizer understood: they veto reading silence as plaintext. */
  unrecognised: string[];
}

export type TlsStatus = TlsFacts["status"];

/**
 * How the sending side is known:
 * - `verified-rdns`: a reverse-DNS name the receiver confirmed (Postfix, sendmail without "may be forged", Exim);
 * - `mail-service-range`: the address is in ranges a provider publishes for its mail service;
 * - `private-address`, `loopback`: the address itself puts the sender inside the receiver's network or host;
 * - `helo-claim`: only a name the client chose (its HELO) or a reverse-DNS name nobody confirmed;
 * - `address-only`: a public address and no name at all (or nothing recorded).
 */
export type IdentityBasis = "verified-rdns" | "mail-service-range" | "private-address" | "loopback" | "helo-claim" | "address-only";

export interface SenderIdentity {
  /** The name it is known by (verified, or only claimed: see `basis`). */
  name: string | null;
  /** Its organisation: set only for `verified-rdns` and `mail-service-range`. */
  org: string | null;
  basis: IdentityBasis;
  /** For `mail-service-range`: whose mail-service ranges (mail-service-ranges.ts). */
  service: MailServiceId | null;
}

export interface HopEndpoint {
  /** The name the sending client announced (HELO/EHLO): its claim. */
  helo: string | null;
  /** The reverse-DNS name the receiver wrote for the address, confirmed or not (see `identity`). */
  rdns: string | null;
  ip: string | null;
  port: number | null;
  identity: SenderIdentity;
  /** On the hop into your side only: the SPF check your side recorded for this connection's address, if any. */
  spf: SpfCheck | null;
}

export type SpfResult = "pass" | "fail" | "softfail" | "neutral" | "none" | "temperror" | "permerror";

/**
 * An SPF check (RFC 7208) your side's server recorded (Received-SPF) for the address it received the message from.
 * A pass names the organisation whose domain authorised that address; it never makes a hop internal.
 */
export interface SpfCheck {
  result: SpfResult;
  /** The domain checked: the envelope sender's (MAIL FROM), or the HELO name's when there was none. */
  domain: string;
  /** Its organisation (registrable domain), or null when it has none. */
  org: string | null;
}

/**
 * Where a hop sits in the journey:
 * - `local`: a hand-over with no network transfer (pickup, Submit, uid invocation, list expansion, mapi, fetchmail)
 * - `internal`: both ends inside one host or organisation
 * - `submission`: a client handing the message to its provider (authenticated SMTP, webmail)
 * - `relay`: a hand-off between organisations
 */
export type HopScope = "local" | "internal" | "submission" | "relay";

/**
 * `recipient`: written by the recipient's side (from the newest hop down to the hand-off into it). `sender-claimed`:
 * written before that; the sending side could have forged it.
 */
export type HopTrust = "recipient" | "sender-claimed";

/** How a hop that counts in the verdict is judged. */
export type Judgement = "encrypted" | "weak" | "unknown" | "plaintext";

export interface Hop {
  /** 1-based, oldest first. */
  index: number;
  from: HopEndpoint;
  /** The receiving host as it names itself. */
  by: string | null;
  via: string | null;
  /** The with-clause as written (`ESMTPS`, `esmtpsa`, `Microsoft SMTP Server`). */
  with: string | null;
  id: string | null;
  for: string | null;
  /** The date text as written. */
  date: string | null;
  /** The date as an ISO 8601 instant, when it could be parsed. */
  time: string | null;
  /** Seconds since the nearest older hop with a date (negative when clocks disagree); null when unknown. */
  delaySeconds: number | null;
  scope: HopScope;
  /**
   * How this hop counts in the verdict: every hand-off between organisations, and every internal hop whose
   * internality rests only on the sender's claim, is judged; null for hops that do not count.
   */
  judgement: Judgement | null;
  trust: HopTrust;
  /** A recipient-side record below a hop that is internal only by the sender's claim: that hop's index. */
  restsOnClaim: number | null;
  /** The organisation (registrable domain) of the receiving host, null when it names none. */
  org: string | null;
  /** The sending side's organisation: `from.identity.org`, set only when verified. */
  fromOrg: string | null;
  /** The identified receiving software, when a fingerprint matched. */
  receiver: ReceiverId | null;
  tls: TlsFacts;
  /** Reasons for this hop: TLS first, then scope, then trust. */
  reasons: Reason[];
  /** The header value, unfolded. */
  raw: string;
}

export type Verdict = "encrypted" | "weak" | "not-encrypted" | "unknown" | "internal" | "none";

export type LegStatus = "encrypted" | "plaintext" | "unknown" | "not-recorded";

export interface Leg<Status extends LegStatus = LegStatus> {
  status: Status;
  reason: Reason;
}

/** The judged hops counted by judgement: the headline's numbers. */
export interface HandoffCounts {
  total: number;
  encrypted: number;
  weak: number;
  unknown: number;
  plaintext: number;
}

/** A run of consecutive hops inside one organisation, as the analyzer groups them. */
export interface RouteRun {
  /** The organisation (a provider family's main domain), or null when the run is known by a host name or address only. */
  org: string | null;
  /** What to call it: the organisation, else the (possibly only claimed) host name, else the address. */
  name: string | null;
  /** How the run's identity is known: `receiver` when its own servers named it in their `by` clauses. */
  basis: IdentityBasis | "receiver";
  /** The hops received inside this run (internal, local and submission hops), oldest first. */
  hops: number[];
  folded: { internal: number; local: number; submission: number };
  /** Its internal hops that are judged nonetheless, because they rest only on the sender's claim. */
  judged: number[];
  /** Your own side: the run the message entered your side in, and any after it. */
  yours: boolean;
  /** Its records were written before the message reached your side. */
  claimed: boolean;
}

/** A judged hop between two runs. */
export interface RouteHandoff {
  hop: number;
  /** Indices into `runs`. */
  from: number;
  to: number;
  judgement: Judgement;
  version: TlsVersion | null;
  /** Recorded before your side (or resting on a claim): the sender's word only. */
  claimed: boolean;
}

export interface Route {
  runs: RouteRun[];
  handoffs: RouteHandoff[];
}

export interface Report {
  /** Version of this shape. */
  schema: 2;
  verdict: Verdict;
  /** The sentence that states the verdict. */
  verdictReason: Reason;
  /** The judged hop that decided the verdict (the worst; the most trustworthy of equals), null when none did. */
  decidingHop: number | null;
  /** What decided the verdict, most important first, then caveats. */
  reasons: Reason[];
  counts: HandoffCounts;
  /** Oldest first. */
  hops: Hop[];
  route: Route;
  /** The recipient's organisation: the newest hop's, or one reached from it by links the receiver verified. */
  recipientOrg: string | null;
  /** The hop by which the message entered your side (the newest judged hop you recorded), null when none. */
  entryHop: number | null;
  /** The legs the Received chain says little or nothing about. */
  legs: { submission: Leg; download: Leg<"not-recorded"> };
  /** The TLS version below which an encrypted hand-off counts as weak. */
  baseline: TlsVersion;
  /** Problems noticed in the chain or the input. */
  warnings: Warning[];
  /** How many Received headers the input had and how many were analysed (the newest are kept). */
  received: { total: number; analysed: number };
}

export interface AnalyzeOptions {
  /** Domains or organisations to treat as the recipient's own side (extends the trust boundary). */
  trustedDomains?: readonly string[] | undefined;
  /** Encrypted hand-offs below this version count as weak. Default TLSv1.2. */
  minTlsVersion?: TlsVersion | undefined;
  /** The caller cut the header block short (its own input bound): see CutInput. */
  cutInput?: CutInput | undefined;
}

/**
 * The caller passed only the first `keptBytes` bytes of a longer header block and counted `droppedReceived` Received
 * fields in the rest: they count in `received.total`, and a warning says the block was cut.
 */
export interface CutInput {
  keptBytes: number;
  droppedReceived: number;
}
