/**
 * Receiving software recognised by what it writes about itself (in its own clauses: the `by` comments, the `with`
 * clause, its host name). For each: which form of its header marks a sending name it verified, and whether it
 * always records TLS, from which version, in which template, for which kind of hop. Only where it always records
 * does silence prove plaintext; every other silence is "unknown".
 */
import type { ReceivedFields } from "./received/fields.ts";
import { isPlainSmtp } from "./received/protocol.ts";
import type { ScannedReceived, Token, Zone } from "./received/scan.ts";
import { firstWordIn, zoneBits } from "./received/scan.ts";

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
 * A note the receiver writes on a session without TLS, in its own part of the line: it proves plaintext by itself,
 * whether or not the receiver is known to always note TLS (Active!gate's `(not using TLS)` before `by`). Read only
 * from receiver-written comments of the zones given, never from the client's parts.
 */
export interface PlaintextNote {
  /** Which template and position the note holds for (shown in the code, for reviewers). */
  holds: string;
  zones: readonly Zone[];
  /** The comment's whole inner text. */
  text: RegExp;
}

/**
 * What shows this receiver wrote a line, in its own clauses: a comment of its `by`/`with` clauses (found by its
 * first character, then tested), its host name, its `with` clause, or, for software that names itself nowhere, the
 * shape of its whole template (`mark`: the clause whose first word the popup marks).
 */
export type Fingerprint =
  | { selfComment: { first: string; test: (text: string) => boolean } }
  | { byHost: RegExp }
  | { withClause: RegExp }
  | { template: { mark: "by" | "with"; test(context: ReceiverContext): boolean } };

export interface KnownReceiver {
  id: string;
  verifiedName: VerifiedNameForm;
  alwaysRecords: AlwaysRecords | null;
  /** A note that proves plaintext on its own (absent: the receiver writes none). */
  plaintextNote?: PlaintextNote;
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

const template = (mark: "by" | "with", test: (context: ReceiverContext) => boolean): Fingerprint => ({ template: { mark, test } });

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
  {
    id: "stalwart",
    // crates/smtp/src/inbound/data.rs `write_received` (stalwartlabs/mail-server, from the 2023-05 SMTP import 77ced9e7
    // to 55e62a68, 2025-06): `(using <version> with cipher <suite>)` before `by` and the `S` of ESMTPS/ESMTPSA are both
    // written iff `self.stream.is_tls()`; the name is the PTR it looked up, or `unknown` (not a confirmed name).
    verifiedName: "none",
    alwaysRecords: {
      holds: "Stalwart SMTP (2023+), `by host (Stalwart SMTP) with ESMTP/ESMTPA id <hex>`, network SMTP sessions",
      why: "Stalwart writes ESMTPS/ESMTPSA and a (using …) note whenever the session's stream is TLS, ESMTP/ESMTPA otherwise.",
      appliesTo: plainSmtpSession,
    },
    fingerprint: selfComment("S", (text) => text === "Stalwart SMTP"),
  },
  {
    id: "mox",
    // smtpserver/server.go (mjl-/mox, from the first release cb229cb, 2023-01, to 1c95876): `by <host> ([<local ip>])
    // via tcp with <SMTP|ESMTP|UTF8SMTP>` + `S` iff `c.tls` + `A` iff authenticated, then `id <id>` and, iff `c.tls`,
    // the (TLS1.x <suite>) comment of mox-/tlsrecv.go. mox names itself nowhere: the lower-case `via tcp` after a
    // `by` clause holding only the host and its own address literal is its template (RFC 5321 spells it `TCP`).
    verifiedName: "none",
    alwaysRecords: {
      holds: "mox (2023+), `by host ([ip]) via tcp with SMTP/ESMTP/ESMTPA/UTF8SMTP id …`, network SMTP sessions",
      why: "mox adds the S to the protocol and a (TLS1.x <cipher>) note after the id whenever the connection is TLS.",
      appliesTo: plainSmtpSession,
    },
    fingerprint: template("by", isMoxTemplate),
  },
  {
    id: "chasquid",
    // internal/smtpsrv/conn.go `addReceivedHeader` (albertito/chasquid, since 29709a0, 2018-11, v0.07, to ca2538b):
    // `by <host> (chasquid) with <SMTP|ESMTP>` + `S` iff on TLS + `A` iff authenticated, then `tls <suite>` and
    // `(over <mode>, TLS-1.x, envelope from "…")` on TLS, `(over <mode>, plain text!, envelope from "…")` otherwise.
    // Earlier builds wrote no with clause: the rule needs one.
    verifiedName: "none",
    alwaysRecords: {
      holds: "chasquid 0.07+ (Nov 2018), `by host (chasquid) with SMTP/ESMTP/ESMTPA`, network SMTP sessions",
      why: "chasquid writes ESMTPS/ESMTPSA, a tls clause and the version whenever the session is TLS, and says 'plain text!' otherwise.",
      appliesTo: plainSmtpSession,
    },
    fingerprint: selfComment("c", (text) => text === "chasquid"),
  },
  {
    id: "maddy",
    // internal/target/received.go `GenerateReceived` and internal/endpoint/smtp/smtp.go (foxcpp/maddy 0.1+ to
    // 837b1b8, v0.9.4): `by <host> (envelope-sender <addr>) with [UTF8]<ESMTPS|ESMTP|LMTP> id <8 hex>`; the SMTP
    // endpoint names the session ESMTPS iff its TLS handshake completed (go-smtp v0.21.3 conn.go creates the session
    // again after STARTTLS, so the state is the one after it); LMTP never gets an S. No product name: the
    // `(envelope-sender <…>)` comment as the whole `by` clause's note and the 8-hex id are the template.
    verifiedName: "none",
    alwaysRecords: {
      holds: "maddy 0.1+, `by host (envelope-sender <…>) with ESMTP id <8 hex>` (SMTP endpoints, not LMTP), network SMTP sessions",
      why: "maddy's SMTP endpoint writes ESMTPS whenever the TLS handshake completed and ESMTP otherwise.",
      appliesTo: plainSmtpSession,
    },
    fingerprint: template("by", isMaddyTemplate),
  },
  {
    id: "dovecot",
    // src/lib-smtp/smtp-server-transaction.c `smtp_server_transaction_write_trace_record` (dovecot/core 2.3.0+, to
    // f28b5a92): `from <helo> ([ip]) [(using <ssl security string>)] by <host> with <ESMTP|SMTP|LMTP>[S][A]
    // id <session id> (envelope-from <…>) [for <…>]`. The S is `conn->ssl_secured` (smtp-server-connection.c), but
    // behind a Dovecot proxy (XCLIENT, smtp_server_connection_set_proxy_data) the `from` names the proxied client
    // while the S is the proxy's own connection to this server, and a login process hands its client's TLS state over
    // (smtp_server_connection_login): nothing in the line tells a direct connection from a proxied one, so its
    // silence proves nothing.
    verifiedName: "none",
    alwaysRecords: null,
    fingerprint: template("with", isDovecotTemplate),
  },
  {
    id: "hmailserver",
    // hmailserver/source/Server/SMTP/SMTPMessageHeaderCreator.cpp (5.6.0, 2014-11, to 4d11f81): `from <helo> (<PTR or
    // Unknown> [ip]) by <computer name> with ESMTP[S][A] [(version=… cipher=… bits=…)] ; <date>`, S and the block iff
    // IsSSLConnection(). hMailServer 5.5.x (Utilities.cpp GenerateReceivedHeader, still deployed in 2020) writes the
    // same template with the S only for STARTTLS: a session on an implicit-TLS port gets ESMTP/ESMTPA and no note.
    // A plaintext line of 5.6 cannot be told from such a 5.5 line, so its silence proves nothing.
    verifiedName: "none",
    alwaysRecords: null,
    fingerprint: template("with", isHmailserverTemplate),
  },
  {
    id: "active-gate",
    // QUALITIA Active!gate (activegate-ss.jp, SoftBank sbt-mailgate.jp): `from <helo> (<name> [ip]) (envelope sender:
    // <…>) (not using TLS) by <host> (Active!gate) with ESMTP id …`. What it writes on TLS sessions was not found,
    // so its silence proves nothing; its own `(not using TLS)` does.
    verifiedName: "none",
    alwaysRecords: null,
    plaintextNote: {
      holds: "Active!gate `by host (Active!gate)`, the note after its TCP-info and envelope-sender comments, before `by`",
      zones: ["from"],
      text: /^\s*not using TLS\s*$/,
    },
    fingerprint: selfComment("A", (text) => text === "Active!gate"),
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
const BY_FIRST_CHARACTER = new Map<string, { index: number; receiver: Registered; test: (text: string) => boolean }[]>();
/** Receivers known by their host name, their `with` clause or their template. */
const BY_CLAUSE: { index: number; receiver: Registered; fingerprint: Exclude<Fingerprint, { selfComment: unknown }> }[] = [];
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
    let matched: boolean;
    let mark: "by" | "with";
    if ("byHost" in fingerprint) {
      matched = fields.by !== null && fingerprint.byHost.test(fields.by);
      mark = "by";
    } else if ("withClause" in fingerprint) {
      matched = fields.with !== null && fingerprint.withClause.test(fields.with);
      mark = "with";
    } else {
      matched = fingerprint.template.test(context);
      mark = fingerprint.template.mark;
    }
    const token = matched ? firstWordIn(scanned, mark) : null;
    if (token) return { receiver: candidate.receiver, token };
  }
  return found;
}

/** The comments of the receiver's own clauses, trimmed; comments holding a quoted string or address are the client's text. */
export function selfCommentsOf(scanned: ScannedReceived): SelfComment[] {
  const comments: SelfComment[] = [];
  for (const token of scanned.comments) {
    if (token.atoms !== null || (token.zone !== "by" && token.zone !== "with")) continue;
    comments.push({ token, text: scanned.value.slice(token.start + 1, token.end - 1).trim() });
  }
  return comments;
}

function exchangeBuild(id: string | null): number {
  const match = id === null ? null : EXCHANGE_BUILD.exec(id);
  return match ? Number(match[1]) : -1;
}

// ---------------------------------------------------------------------------------------------------------------
// Templates of software that names itself nowhere: each test checks cheap fields first, then the clauses' tokens.

/** mox's protocol names, as it spells them (upper case). */
const MOX_PROTOCOL = /^(?:UTF8SMTP|E?SMTP)S?A?$/;
const MADDY_ID = /^[0-9a-f]{8}$/;
const MADDY_PROTOCOL = /^(?:UTF8)?(?:ESMTPS?|LMTP)$/;
/** Dovecot's session id: a GUID in base64 without its `==`, `:T<n>` for the n-th transaction of a session. */
const DOVECOT_ID = /^[A-Za-z0-9+/]{22}(?::T\d{1,9})?$/;
const DOVECOT_PROTOCOL = /^(?:E?SMTP|LMTP)S?A?$/;
const HMAILSERVER_PROTOCOL = /^ESMTPS?A?$/;
/** hMailServer's TCP-info: the PTR name (or `Unknown`) and the address. */
const HMAILSERVER_TCP_INFO = /^\([^\s()[\]]{1,255} \[[^\]\s]{1,100}\]\)$/;
/** Zones each template never writes. */
const NOT_MADDY = zoneBits(["from", "via", "for", "tls"]);
const NOT_DOVECOT = zoneBits(["via", "tls"]);
const NOT_HMAILSERVER = zoneBits(["from", "via", "id", "for", "tls"]);

/** The words and comments of one zone, counted, and its first comment (or null). */
function zoneShape(scanned: ScannedReceived, zone: Zone): { words: number; comments: number; firstComment: Token | null } {
  let words = 0;
  let comments = 0;
  let firstComment: Token | null = null;
  for (const token of scanned.tokens) {
    if (token.zone !== zone || token.kind === "keyword") continue;
    if (token.kind === "word") words++;
    else if (token.kind === "comment") {
      comments++;
      firstComment ??= token;
    }
  }
  return { words, comments, firstComment };
}

function commentStartsWith(scanned: ScannedReceived, token: Token | null, text: string): boolean {
  return token !== null && scanned.value.startsWith(text, token.start);
}

/** `([192.0.2.1])`, `([IPv6:2001:db8::1])`: an address literal alone in a comment. */
function isAddressLiteralComment(scanned: ScannedReceived, token: Token | null): boolean {
  return token !== null && scanned.value.charCodeAt(token.start + 1) === 91 && scanned.value.charCodeAt(token.end - 2) === 93;
}

/** mox: `by <host> ([<its ip>])` (then `(<ASCII host>)` for an SMTPUTF8 message) `via tcp with …`. */
function isMoxTemplate({ fields, scanned }: ReceiverContext): boolean {
  if (fields.via !== "tcp" || !MOX_PROTOCOL.test(fields.protocol?.written ?? "")) return false;
  const by = zoneShape(scanned, "by");
  return by.words === 1 && by.comments >= 1 && by.comments <= 2 && isAddressLiteralComment(scanned, by.firstComment);
}

/** maddy: `by <host> (envelope-sender <…>) with <ESMTP|ESMTPS|LMTP> id <8 hex>;`, nothing else after `by`. */
function isMaddyTemplate({ fields, scanned }: ReceiverContext): boolean {
  if (fields.id === null || !MADDY_ID.test(fields.id) || !MADDY_PROTOCOL.test(fields.protocol?.written ?? "") || (scanned.zoneMask & NOT_MADDY) !== 0) {
    return false;
  }
  const by = zoneShape(scanned, "by");
  const withClause = zoneShape(scanned, "with");
  const id = zoneShape(scanned, "id");
  const senderNote = by.firstComment?.atoms !== null && commentStartsWith(scanned, by.firstComment, "(envelope-sender <");
  return by.words === 1 && by.comments === 1 && senderNote && withClause.words === 1 && withClause.comments === 0 && id.words === 1 && id.comments === 0;
}

/** Dovecot: `from <helo> [([ip])] [(using …)] by <host> with <protocol> id <session> (envelope-from <…>) [for <…>];`. */
function isDovecotTemplate({ fields, scanned }: ReceiverContext): boolean {
  if (fields.id === null || !DOVECOT_ID.test(fields.id) || !DOVECOT_PROTOCOL.test(fields.protocol?.written ?? "") || (scanned.zoneMask & NOT_DOVECOT) !== 0) {
    return false;
  }
  const tcpInfo = scanned.tokens[scanned.tcpInfo] ?? null;
  if (scanned.fromWord === -1 || (tcpInfo !== null && !isAddressLiteralComment(scanned, tcpInfo))) return false;
  const by = zoneShape(scanned, "by");
  const withClause = zoneShape(scanned, "with");
  const id = zoneShape(scanned, "id");
  const senderNote = id.firstComment?.atoms !== null && commentStartsWith(scanned, id.firstComment, "(envelope-from <");
  return by.words === 1 && by.comments === 0 && withClause.words === 1 && withClause.comments === 0 && id.words === 1 && id.comments === 1 && senderNote;
}

/** hMailServer: `from <helo> (<PTR|Unknown> [ip]) by <host> with ESMTP[S][A] [(version=…)] ;` — no id, and a space before `;`. */
function isHmailserverTemplate({ fields, scanned }: ReceiverContext): boolean {
  if (fields.id !== null || !HMAILSERVER_PROTOCOL.test(fields.protocol?.written ?? "") || (scanned.zoneMask & NOT_HMAILSERVER) !== 0) return false;
  const tcpInfo = scanned.tokens[scanned.tcpInfo];
  const semicolon = scanned.tokens[scanned.dateSemicolon];
  if (scanned.fromWord === -1 || !tcpInfo || tcpInfo.kind !== "comment" || !semicolon || !/\s/.test(scanned.value.charAt(semicolon.start - 1))) return false;
  if (!HMAILSERVER_TCP_INFO.test(scanned.value.slice(tcpInfo.start, Math.min(tcpInfo.end, tcpInfo.start + 400)))) return false;
  const by = zoneShape(scanned, "by");
  const withClause = zoneShape(scanned, "with");
  const blockOrNothing = withClause.comments === 0 || (withClause.comments === 1 && commentStartsWith(scanned, withClause.firstComment, "(version="));
  return by.words === 1 && by.comments === 0 && withClause.words === 1 && blockOrNothing;
}
