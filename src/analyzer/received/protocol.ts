import { memoized } from "../memo.ts";
/**
 * The `with` protocol token, read once into a typed value that scope, receivers and TLS recognizers share.
 * RFC 3848 / RFC 6531 names (an `S` before an optional `A` means STARTTLS, an `A` authentication), the
 * non-standard tokens seen in the wild, and the pseudo-protocols of local hand-overs.
 */

/** `other`: a token outside this table (`Microsoft` of `Microsoft SMTP Server`, `TCP`, vendor strings). */
type Family = "smtp" | "lmtp" | "http" | "local" | "other";

interface ProtocolTraits {
  family: Family;
  /** The token itself records TLS. */
  tls: boolean;
  /** The token itself records that the client authenticated. */
  authenticated: boolean;
}

const smtp = (tls: boolean, authenticated: boolean, nonstandard?: true): ProtocolTraits & { nonstandard?: true } =>
  nonstandard ? { family: "smtp", tls, authenticated, nonstandard } : { family: "smtp", tls, authenticated };
const lmtp = (tls: boolean, authenticated: boolean): ProtocolTraits => ({ family: "lmtp", tls, authenticated });
const local = (tls = false, authenticated = false): ProtocolTraits => ({ family: "local", tls, authenticated });

/** Upper-cased tokens. */
const PROTOCOLS = {
  SMTP: smtp(false, false),
  ESMTP: smtp(false, false),
  ESMTPA: smtp(false, true),
  ESMTPS: smtp(true, false),
  ESMTPSA: smtp(true, true),
  UTF8SMTP: smtp(false, false),
  UTF8SMTPA: smtp(false, true),
  UTF8SMTPS: smtp(true, false),
  UTF8SMTPSA: smtp(true, true),
  LMTP: lmtp(false, false),
  LMTPA: lmtp(false, true),
  LMTPS: lmtp(true, false),
  LMTPSA: lmtp(true, true),
  UTF8LMTP: lmtp(false, false),
  UTF8LMTPA: lmtp(false, true),
  UTF8LMTPS: lmtp(true, false),
  UTF8LMTPSA: lmtp(true, true),
  // CommuniGate Pro 3.x/4.x, Zoho, Exim's tls-on-connect and STARTTLS-then-HELO spellings.
  "ESMTP-TLS": smtp(true, false, true),
  "SMTP-TLS": smtp(true, false, true),
  SMTPS: smtp(true, false, true),
  SSMTP: smtp(true, false, true),
  ESSMTP: smtp(true, false, true),
  ESSMTPA: smtp(true, true, true),
  ASMTP: smtp(false, true, true),
  // smtp.gmail.com's authenticated submissions. No source defines the token, so its `S` is not read as TLS: Gmail
  // writes its `(version=… cipher=… bits=…)` note beside it.
  SMTPSA: smtp(false, true, true),
  HTTP: { family: "http", tls: false, authenticated: false },
  HTTPS: { family: "http", tls: true, authenticated: false },
  HTTPU: { family: "http", tls: false, authenticated: false }, // CommuniGate XIMSS
  // Messages handed in through a web API: the Gmail API (`by gmailapi.google.com with HTTPREST`), SparkPost's
  // Momentum (`by …mta1vrest.sd.prd.sparkpost (ecelerity …) with REST`). Neither token says whether HTTPS was used.
  HTTPREST: { family: "http", tls: false, authenticated: false },
  REST: { family: "http", tls: false, authenticated: false },
  // Exim's local sessions (`-bs`, batch SMTP), which may still have used STARTTLS or AUTH.
  LOCAL: local(),
  "LOCAL-SMTP": local(),
  "LOCAL-ESMTP": local(),
  "LOCAL-BSMTP": local(),
  "LOCAL-ESMTPA": local(false, true),
  "LOCAL-ESMTPS": local(true),
  "LOCAL-ESMTPSA": local(true, true),
  "LOCAL-SMTPS": local(true),
  "LOCAL-SSMTP": local(true),
  "LOCAL-ESSMTP": local(true),
  "LOCAL-ESSMTPA": local(true, true),
  MAPI: local(),
  SPOOL: local(),
  IMAP: local(),
  POP: local(),
  POP3: local(),
  PICKUP: local(),
  ECARTIS: local(),
  FETCHMAIL: local(),
} as const satisfies Record<string, ProtocolTraits & { nonstandard?: true }>;

export type ProtocolToken = keyof typeof PROTOCOLS;

/** Shared between hops (cached): never modified. */
export interface Protocol extends ProtocolTraits {
  /** Outside the IANA registry (a vendor's own spelling). */
  nonstandard: boolean;
  /** The upper-cased token when it is a known one, else null. */
  token: ProtocolToken | null;
  /** The with-clause's first word as written (`esmtps`, `ESMTP/TLS/AES256-SHA`, `Microsoft`). */
  written: string;
  /** Cisco IronPort's `ESMTP/TLS/<cipher>`: the cipher (null for a bare `ESMTP/TLS`). */
  ironportCipher: string | null;
}

/** Cisco IronPort / Secure Email: `ESMTP/TLS/<cipher>`, or `ESMTP/TLS` with no cipher (some 2021 ESAs). */
const IRONPORT = /^E?SMTP\/TLS(?:\/([\w.+-]{1,120}))?$/i;

/** The typed protocol of a with-clause's first word, or null for none. Cached: a handful of spellings recur everywhere. */
export function readProtocol(written: string | null): Protocol | null {
  return written === null ? null : protocolOf(written);
}

const protocolOf = memoized(1_000, parseProtocol);

function parseProtocol(written: string): Protocol {
  const upper = written.toUpperCase();
  const known = (PROTOCOLS as Record<string, ProtocolTraits | undefined>)[upper];
  if (known) return makeProtocol(known.family, known.tls, known.authenticated, "nonstandard" in known, upper as ProtocolToken, written, null);
  const ironport = IRONPORT.exec(written);
  if (ironport) return makeProtocol("smtp", true, false, true, null, written, ironport[1] ?? null);
  return makeProtocol("other", false, false, false, null, written, null);
}

/** One object shape for every protocol, so reading its fields stays fast. */
function makeProtocol(
  family: Family,
  tls: boolean,
  authenticated: boolean,
  nonstandard: boolean,
  token: ProtocolToken | null,
  written: string,
  ironportCipher: string | null,
): Protocol {
  return { family, tls, authenticated, nonstandard, token, written, ironportCipher };
}

/** A plain SMTP session token (`SMTP`, `ESMTP`, `ESMTPA`), the ones whose silence a known receiver makes meaningful. */
export function isPlainSmtp(protocol: Protocol | null): boolean {
  return protocol !== null && protocol.family === "smtp" && !protocol.tls && !protocol.nonstandard && protocol.token !== null;
}
