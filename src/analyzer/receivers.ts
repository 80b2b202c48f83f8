/**
 * Receiving software recognised by what it writes about itself (in its own clauses: the `by` comments, the `with`
 * clause, its host name). For each: which form of its header marks a sending name it verified, and whether it
 * always records TLS, from which version, in which template, for which kind of hop. Only where it always records
 * does silence prove plaintext; every other silence is "unknown".
 */
import type { ReceivedFields } from "./received/fields.ts";
import { isPlainSmtp } from "./received/protocol.ts";
import type { ScannedReceived, Token } from "./received/scan.ts";

export interface ReceiverContext {
  scanned: ScannedReceived;
  fields: ReceivedFields;
  /** The comments of the `by` and `with` clauses, where MTAs name themselves: token and trimmed inner text. */
  selfComments: readonly SelfComment[];
  /** The receiver recorded a connecting peer (an address, or at least a HELO name). */
  networkHop: boolean;
}

export interface SelfComment {
  token: Token;
  text: string;
}

/**
 * How the receiver writes a sending name it checked (forward-confirmed reverse DNS):
 * - `tcp-info-unless-unknown`: the name in `(name [ip])`, which it writes as `unknown` when unconfirmed (Postfix);
 * - `tcp-info-unless-forged`: the name in `(name [ip])`, followed by `(may be forged)` when unconfirmed (sendmail);
 * - `from-word`: the word after `from`, which it writes only when confirmed, else `[ip]` (Exim);
 * - `none`: it writes no name it verified (the HELO, or a PTR name it did not confirm).
 */
export type VerifiedNameForm = "tcp-info-unless-unknown" | "tcp-info-unless-forged" | "from-word" | "none";

export interface AlwaysRecords {
  /** From which version, template and kind of hop the rule holds (shown in the code, for reviewers). */
  holds: string;
  /** Why its silence proves plaintext. */
  why: string;
  /** Whether this hop is of the kind the rule holds for (beyond the fingerprint). */
  appliesTo(context: ReceiverContext): boolean;
}

/**
 * What shows this receiver wrote a line, in its own clauses: a comment of its `by`/`with` clauses (found by its
 * first character, then tested), its host name, or its `with` clause.
 */
export type Fingerprint = { selfComment: { first: string; test(text: string): boolean } } | { byHost: RegExp } | { withClause: RegExp };

export interface KnownReceiver {
  id: string;
  verifiedName: VerifiedNameForm;
  alwaysRecords: AlwaysRecords | null;
  fingerprint: Fingerprint;
}

const POSTFIX_RFC3848_SINCE = Date.UTC(2007, 0, 1); // Postfix 2.3 (July 2006) introduced ESMTPS/ESMTPSA names
/** `($v/$Z)`: sendmail's version, then the configuration's version and optional tag (`8.12.3/8.12.3/Debian-6.6`). */
const SENDMAIL_STOCK = /^8\.\d+\.\d+[^/\s]*\/\S/;
/** `(Exim 4.90_1)`, `(Exim 3.35 #1 (Debian))`: the default template's version note. */
const EXIM_DEFAULT = /^Exim \d+\.\d+/;
/** Exchange's build in `id 15.20.6768.27` (2013+/Online), `id 14.3.361.1` (2010). */
const EXCHANGE_BUILD = /^(\d+)\.\d+\.\d+/;

const selfComment = (first: string, test: (text: string) => boolean): Fingerprint => ({ selfComment: { first, test } });

/** A network SMTP session with a plain (non-TLS) RFC 3848 protocol name: the only hops where silence can mean plaintext. */
const plainSmtpSession = (context: ReceiverContext): boolean => context.networkHop && isPlainSmtp(context.fields.protocol);

export const KNOWN_RECEIVERS = [
  {
    id: "sendmail",
    // conf.c / daemon.c: `$_` is `name [ip]`, with ` (may be forged)` appended when the PTR does not forward-confirm.
    verifiedName: "tcp-info-unless-forged",
    alwaysRecords: {
      holds: "sendmail 8.11+ (STARTTLS), stock HReceived template `by $j ($v/$Z)`, network SMTP sessions",
      why: "The stock template adds (version=… cipher=… bits=… verify=…) whenever STARTTLS was used; sendmail before 8.11 could not use TLS at all.",
      appliesTo: plainSmtpSession,
    },
    fingerprint: selfComment("8", (text) => SENDMAIL_STOCK.test(text) && !text.endsWith("/Submit")),
  },
  {
    id: "postfix",
    // smtpd.c: `from HELO (name [addr])` where name is `unknown` unless the PTR name forward-confirms.
    verifiedName: "tcp-info-unless-unknown",
    alwaysRecords: {
      holds: "Postfix 2.3+ (dated 2007 or later), `by host (Postfix) with SMTP/ESMTP`, network SMTP sessions with a recorded address",
      why: "Since 2.3 Postfix names TLS sessions ESMTPS/ESMTPSA (RFC 3848) whatever its TLS logging settings.",
      appliesTo: (context) => plainSmtpSession(context) && context.fields.time !== null && context.fields.time >= POSTFIX_RFC3848_SINCE,
    },
    fingerprint: selfComment("P", (text) => text === "Postfix"),
  },
  {
    id: "exim",
    // host.c host_build_sender_fullhost: the verified name leads (`name ([ip]:port helo=x)`); unverified peers are `[ip]`.
    verifiedName: "from-word",
    alwaysRecords: {
      holds: "Exim 3+/4 default received_header_text `with esmtp (Exim x.y)`, network SMTP sessions",
      why: "Exim's default template adds the cipher (or version and tls clause) and an esmtps protocol name on every TLS session.",
      appliesTo: plainSmtpSession,
    },
    fingerprint: selfComment("E", (text) => EXIM_DEFAULT.test(text)),
  },
  {
    id: "microsoft-smtp-server",
    verifiedName: "none", // `from HELO (ip)`: Exchange and EOP write the client's HELO, never a reverse-DNS name.
    alwaysRecords: {
      holds: "Exchange 2010+ and Exchange Online (`with Microsoft SMTP Server … id 14.x`/`15.x`), network hops",
      why: "Exchange 2010 and later write (TLS) or (version=…, cipher=…) after the protocol for every TLS session.",
      appliesTo: (context) => context.networkHop && exchangeBuild(context.fields.id) >= 14,
    },
    fingerprint: { withClause: /^Microsoft SMTP Server\b/i },
  },
  {
    id: "microsoft-smtpsvc",
    verifiedName: "none",
    alwaysRecords: null, // IIS SMTPSVC writes "over TLS secured channel" in some builds only.
    fingerprint: { withClause: /^Microsoft SMTPSVC\b/i },
  },
  {
    id: "google-mx",
    verifiedName: "none", // `from HELO (name. [ip])`: the PTR name as looked up, not shown to be confirmed.
    alwaysRecords: {
      holds: "Gmail's inbound front ends `by mx.google.com` and submission `by smtp.gmail.com`, network SMTP sessions",
      why: "Google's front ends write ESMTPS and append (version=TLS1_x cipher=… bits=…) to every TLS session they accept.",
      appliesTo: plainSmtpSession,
    },
    fingerprint: { byHost: /^(?:mx\.google\.com|smtp\.gmail\.com)$/i },
  },
  {
    id: "proofpoint-pps",
    verifiedName: "none",
    alwaysRecords: {
      holds: "Proofpoint Protection Server `by host (PPS) with SMTP/ESMTP`, network SMTP sessions",
      why: "Proofpoint Protection Server is sendmail-based and keeps its (version=… cipher=…) block on every TLS session.",
      appliesTo: plainSmtpSession,
    },
    fingerprint: selfComment("P", (text) => text === "PPS"),
  },
  {
    id: "proofpoint-essentials",
    verifiedName: "none",
    alwaysRecords: {
      holds: "Proofpoint Essentials `by *.ppe-hosted.com`, network hops",
      why: "Proofpoint Essentials writes (using TLSv1.x with cipher …) on TLS sessions and no protocol note at all on plaintext ones.",
      appliesTo: (context) => context.networkHop && (context.fields.protocol === null || isPlainSmtp(context.fields.protocol)),
    },
    fingerprint: { byHost: /\.ppe-hosted\.com$/i },
  },
  {
    id: "opensmtpd",
    verifiedName: "none",
    alwaysRecords: {
      holds: "OpenSMTPD `by host (OpenSMTPD) with SMTP/ESMTP`, network SMTP sessions",
      why: "OpenSMTPD's smtp_session.c builds the protocol as E+SMTP+S+A and appends (version:cipher:bits:verify) whenever the session is secure.",
      appliesTo: plainSmtpSession,
    },
    fingerprint: selfComment("O", (text) => text === "OpenSMTPD"),
  },
  {
    id: "communigate",
    verifiedName: "none",
    alwaysRecords: {
      holds: "CommuniGate Pro 3.x+ `by host (CommuniGate Pro SMTP x)`, network SMTP sessions",
      why: "CommuniGate Pro names TLS sessions ESMTPS/ESMTPSA (ESMTP-TLS in 3.x/4.x).",
      appliesTo: plainSmtpSession,
    },
    fingerprint: selfComment("C", (text) => /^CommuniGate Pro SMTP\b/.test(text)),
  },
  {
    id: "haraka",
    verifiedName: "none", // writes the PTR name it found, confirmed or not, with no marker.
    alwaysRecords: {
      holds: "Haraka `by host (Haraka/x)`, network SMTP sessions",
      why: "Haraka uses RFC 3848 protocol names and adds its TLS block on every TLS session.",
      appliesTo: plainSmtpSession,
    },
    fingerprint: selfComment("H", (text) => /^Haraka(?:\/|$)/.test(text)),
  },
  {
    id: "kerio",
    verifiedName: "none",
    alwaysRecords: {
      holds: "Kerio Connect `by host (Kerio Connect x)`, network SMTP sessions",
      why: "Kerio Connect writes ESMTPS/ESMTPSA with a (using TLS…) note on TLS sessions.",
      appliesTo: plainSmtpSession,
    },
    fingerprint: selfComment("K", (text) => /^Kerio Connect\b/.test(text)),
  },
] as const satisfies readonly KnownReceiver[];

export type ReceiverId = (typeof KNOWN_RECEIVERS)[number]["id"];

/** Receivers whose silence can prove plaintext. */
export type AlwaysRecordingReceiverId = Extract<(typeof KNOWN_RECEIVERS)[number], { alwaysRecords: AlwaysRecords }>["id"];

export interface IdentifiedReceiver {
  receiver: KnownReceiver & { id: ReceiverId };
  /** The token that fingerprints it (for the popup to mark). */
  token: Token;
}

type Registered = KnownReceiver & { id: ReceiverId };

/** Receivers known by a self comment, by the comment's first character, with their place in the registry. */
const BY_FIRST_CHARACTER = new Map<string, { index: number; receiver: Registered; test(text: string): boolean }[]>();
/** Receivers known by their host name or `with` clause. */
const BY_CLAUSE: { index: number; receiver: Registered; fingerprint: { byHost: RegExp } | { withClause: RegExp } }[] = [];
(KNOWN_RECEIVERS as readonly Registered[]).forEach((receiver, index) => {
  const { fingerprint } = receiver;
  if ("selfComment" in fingerprint) {
    const list = BY_FIRST_CHARACTER.get(fingerprint.selfComment.first) ?? [];
    list.push({ index, receiver, test: fingerprint.selfComment.test });
    BY_FIRST_CHARACTER.set(fingerprint.selfComment.first, list);
  } else BY_CLAUSE.push({ index, receiver, fingerprint });
});

/** The receiver whose fingerprint the line carries (the earliest in the registry when several do). */
export function identifyReceiver(context: ReceiverContext): IdentifiedReceiver | null {
  let found: IdentifiedReceiver | null = null;
  let foundIndex = Infinity;
  for (const comment of context.selfComments) {
    for (const candidate of BY_FIRST_CHARACTER.get(comment.text.charAt(0)) ?? []) {
      if (candidate.index < foundIndex && candidate.test(comment.text)) {
        found = { receiver: candidate.receiver, token: comment.token };
        foundIndex = candidate.index;
      }
    }
  }
  const { fields, scanned } = context;
  for (const candidate of BY_CLAUSE) {
    if (candidate.index >= foundIndex) break;
    const { fingerprint } = candidate;
    const matched = "byHost" in fingerprint ? fields.by !== null && fingerprint.byHost.test(fields.by) : fields.with !== null && fingerprint.withClause.test(fields.with);
    const token = matched ? firstWordOf(scanned, "byHost" in fingerprint ? "by" : "with") : null;
    if (token) return { receiver: candidate.receiver, token };
  }
  return found;
}

function firstWordOf(scanned: ScannedReceived, zone: "by" | "with"): Token | null {
  for (const token of scanned.tokens) if (token.zone === zone && token.kind === "word") return token;
  return null;
}

/** The comments of the receiver's own clauses, trimmed; comments holding a quoted string or address are the client's text. */
export function selfCommentsOf(scanned: ScannedReceived): SelfComment[] {
  const comments: SelfComment[] = [];
  for (const token of scanned.tokens) {
    if (token.kind !== "comment" || token.atoms !== null || (token.zone !== "by" && token.zone !== "with")) continue;
    comments.push({ token, text: scanned.value.slice(token.start + 1, token.end - 1).trim() });
  }
  return comments;
}

function exchangeBuild(id: string | null): number {
  const match = id === null ? null : EXCHANGE_BUILD.exec(id);
  return match ? Number(match[1]) : -1;
}
