/**
 * The report the analyzer produces. This is the public contract of the library, the shape the CLI prints with
 * `--json`, and what the add-on renders. Everything here is plain data (JSON-serialisable).
 */

/** Normalised negotiated protocol versions, newest first. */
export type TlsVersion = "TLSv1.3" | "TLSv1.2" | "TLSv1.1" | "TLSv1" | "SSLv3" | "SSLv2";

/** Versions as ordered for baseline comparisons (index 0 is the weakest). */
export const TLS_VERSIONS_ASCENDING: readonly TlsVersion[] = ["SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"];

/** The syntax in which a header recorded TLS. One recognizer module per dialect in `tls/dialects/`. */
export type DialectId =
  | "rfc3848-protocol" // with ESMTPS / ESMTPSA / LMTPS / UTF8SMTPS ... (RFC 3848, RFC 6531)
  | "nonstandard-protocol" // ESMTP-TLS (CommuniGate), smtps/ssmtp/essmtp (Exim), SMTPS (Zoho), ESMTP/TLS/<cipher> (IronPort)
  | "https-protocol" // with HTTPS (webmail, Exchange Online mailbox hop)
  | "sendmail-kv" // (version=TLSv1.2 cipher=... bits=256 verify=NOT): sendmail, Proofpoint, Barracuda, Haraka, OpenSMTPD 5.x
  | "gmail-kv" // (version=TLS1_3 cipher=... bits=256/256): Google
  | "exchange-kv" // with Microsoft SMTP Server (version=TLS1_2, cipher=...)
  | "exchange-tls-flag" // with Microsoft SMTP Server (TLS)
  | "smtpsvc-secured-channel" // Microsoft SMTPSVC ... over TLS secured channel
  | "postfix-using" // (using TLSv1.3 with cipher X (256/256 bits)): Postfix, Yandex, Stalwart, Kerio, James, Proofpoint Essentials
  | "postini-using" // (using TLSv1) / (using SSLv3): Postini
  | "mimecast-using-tls" // (Using TLS)
  | "exim-colon" // (TLSv1.2:cipher:256), (TLS1.2:ECDHE_RSA_...:256), (Cipher TLSv1:DES-CBC3-SHA:168)
  | "opensmtpd-colon" // (TLSv1.3:TLS_AES_256_GCM_SHA384:256:NO)
  | "rfc8314-tls-clause" // (TLS1.3) tls TLS_AES_256_GCM_SHA384: Exim >= 4.93, Haraka >= 2.8.26
  | "courier-tls" // (TLS: TLSv1/SSLv3, 168bits,DES-CBC3-SHA) / (... SSL: ...)
  | "qmail-encrypted" // with (DHE-RSA-AES256-SHA encrypted) SMTP
  | "mailmarshal-using-tls" // (using TLS: TLSv1.2, AES256-SHA): Trustwave MailMarshal
  | "gateway-with-tls"; // (Cellopoint E-mail Firewall ... with TLSv1.2 <cipher> 256/256), (... ESMTP with TLS)

/** Client-certificate verification as recorded (sendmail `verify=`, Postfix client-certificate notes, OpenSMTPD). */
export type CertVerification =
  | "verified" // verify=OK / TRUSTED, Postfix "(verified OK)", OpenSMTPD ":YES"
  | "failed" // verify=FAIL / PROTOCOL / SOFTWARE / TEMP, Postfix "(not verified)"
  | "not-presented" // verify=NO, "(Client did not present a certificate)", "(Client certificate not present)"
  | "not-requested"; // verify=NOT / NONE, "(No client certificate requested)"

export type Weakness =
  | { kind: "old-version"; version: TlsVersion; baseline: TlsVersion }
  | { kind: "weak-cipher"; cipher: string; why: "rc4" | "des" | "3des" | "null" | "export" | "md5" }
  | { kind: "short-key"; bits: number };

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
  /** The exact text of the header that is the evidence (a substring of `raw`), or, for plaintext, the receiver fingerprint. */
  evidence: string | null;
  dialect: DialectId | null;
}

export interface EncryptedTls extends TlsFactsBase {
  status: "encrypted";
  evidence: string;
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
  /** The receiver fingerprint whose silence proves plaintext. */
  receiver: ReceiverId;
}

export interface UnknownTls extends TlsFactsBase {
  status: "unknown";
  version: null;
  cipher: null;
  bits: null;
  verify: null;
  evidence: null;
  dialect: null;
}

export type TlsStatus = TlsFacts["status"];

/** Identifiers of receivers known to always record TLS (see `receivers.ts`). */
export type ReceiverId =
  | "sendmail"
  | "postfix"
  | "exim"
  | "microsoft-smtp-server"
  | "google-mx"
  | "proofpoint-pps"
  | "proofpoint-essentials"
  | "opensmtpd"
  | "communigate"
  | "haraka"
  | "kerio";

/**
 * Where a hop sits in the journey:
 * - `local`: a pseudo-hop with no network transfer (pickup, Submit, uid invocation, list expansion, mapi, fetchmail)
 * - `internal`: both ends inside one host or organisation (loopback, private address, same registrable domain/provider, LMTP)
 * - `submission`: a client handing the message to its provider (authenticated SMTP, webmail over HTTP(S))
 * - `relay`: a hand-off between organisations: the hops that decide the verdict
 */
export type HopScope = "local" | "internal" | "submission" | "relay";

/**
 * `recipient`: written by the recipient's side (top down to and including the hand-off into the recipient's
 * organisation, extended by organisations the caller trusts). `sender-claimed`: written before that boundary; the
 * sending side could have forged it.
 */
export type HopTrust = "recipient" | "sender-claimed";

/** A translatable sentence: the key names a message, params fill its `{placeholders}`. */
export interface Reason {
  key: ReasonKey;
  params: Record<string, string | number>;
}

export type ReasonKey =
  // per-hop TLS
  | "tls-recorded"
  | "tls-recorded-any-version"
  | "tls-silent-always-records"
  | "tls-silent-unknown-receiver"
  | "tls-weak-version"
  | "tls-weak-cipher"
  | "tls-short-key"
  | "tls-anonymous"
  | "tls-cert-verified"
  | "tls-cert-not-verified"
  // per-hop scope
  | "scope-local-pseudo-hop"
  | "scope-internal-loopback"
  | "scope-internal-private-address"
  | "scope-internal-same-host"
  | "scope-internal-same-org"
  | "scope-internal-local-delivery"
  | "scope-internal-no-sender"
  | "scope-internal-bare-name"
  | "scope-submission-authenticated"
  | "scope-submission-webmail"
  | "scope-submission-client"
  | "scope-relay"
  // per-hop trust
  | "trust-recipient"
  | "trust-sender-claimed"
  // overall verdict
  | "verdict-none"
  | "verdict-internal"
  | "verdict-encrypted"
  | "verdict-weak"
  | "verdict-not-encrypted"
  | "verdict-unknown"
  | "relay-plaintext"
  | "relay-unknown"
  | "relay-weak"
  | "relay-encrypted"
  | "relies-on-sender-claims"
  | "no-recipient-hop"
  // legs that are out of the header's reach
  | "leg-submission-encrypted"
  | "leg-submission-plaintext"
  | "leg-submission-unknown"
  | "leg-submission-not-recorded"
  | "leg-download"
  // inconsistencies
  | "inconsistent-chain"
  | "time-backwards"
  | "unparsed-header";

export interface HopEndpoint {
  /** The name the sending client announced (HELO/EHLO); claimed by the client. */
  helo: string | null;
  /** The reverse-DNS name the receiver looked up for the connecting address. */
  rdns: string | null;
  ip: string | null;
  port: number | null;
}

export interface Hop {
  /** 1-based, oldest first. */
  index: number;
  from: HopEndpoint;
  /** The receiving host as it names itself. */
  by: string | null;
  via: string | null;
  /** The with-clause protocol token as written (e.g. `ESMTPS`, `esmtpsa`, `Microsoft SMTP Server`). */
  with: string | null;
  id: string | null;
  for: string | null;
  /** The date text as written. */
  date: string | null;
  /** The date as an ISO 8601 instant, when it could be parsed. */
  time: string | null;
  /** Seconds since the previous hop (negative when the clocks disagree); null for the first hop or unparsed dates. */
  delaySeconds: number | null;
  /** Every comment of the header, in order, without the outer parentheses. */
  comments: string[];
  scope: HopScope;
  trust: HopTrust;
  /** The organisation (registrable domain) of the receiving host, null when not determinable. */
  org: string | null;
  /** The organisation of the sending side, as the receiver recorded it. */
  fromOrg: string | null;
  /** The identified receiving software, when a fingerprint matched (for display). */
  receiver: ReceiverId | null;
  tls: TlsFacts;
  /** Plain-language reasons for this hop: TLS first, then scope and trust. */
  reasons: Reason[];
  /** The header value, unfolded. */
  raw: string;
}

export type Verdict = "encrypted" | "weak" | "not-encrypted" | "unknown" | "internal" | "none";

export type LegStatus = "encrypted" | "plaintext" | "unknown" | "not-recorded";

export interface Report {
  verdict: Verdict;
  /** Ordered: the sentence that states the verdict first, then what decided it, then caveats. */
  reasons: Reason[];
  /** Oldest first. */
  hops: Hop[];
  /** The recipient's organisation as recorded by the newest hop. */
  recipientOrg: string | null;
  /** The first-to-last organisations the message passed through (consecutive duplicates merged). */
  orgPath: string[];
  /** The legs the Received chain says little or nothing about. */
  legs: { submission: LegStatus; download: "not-recorded" };
  /** The TLS version below which a relay hop counts as weak. */
  baseline: TlsVersion;
  /** Problems noticed in the chain: broken links, clocks going backwards, headers that could not be parsed. */
  warnings: Reason[];
}

export interface AnalyzeOptions {
  /** Domains or organisations to treat as the recipient's own side (extends the trust boundary). */
  trustedDomains?: readonly string[];
  /** Relay hops below this version count as weak. Default TLSv1.2. */
  minTlsVersion?: TlsVersion;
}
