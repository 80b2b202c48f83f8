/**
 * Receivers known to ALWAYS record TLS when a session used it. Only for these does silence prove plaintext;
 * for every other receiver a missing TLS note means "unknown". Each entry says how it is recognised and why
 * its silence can be trusted.
 */
import type { ReceiverId } from "./types.ts";
import type { ParsedReceived } from "./received.ts";
import type { HopFields } from "./fields.ts";

export interface ReceiverContext {
  parsed: ParsedReceived;
  fields: HopFields;
  /** Comments of the by and with clauses, where MTAs name themselves, trimmed. */
  selfComments: readonly string[];
  /** A network SMTP session (not LMTP, HTTP or a local pickup), with a sender. */
  smtpSession: boolean;
  networkHop: boolean;
}

export interface KnownReceiver {
  id: ReceiverId;
  name: string;
  /** How the header shows it was written by this software (shown to users). */
  fingerprint: string;
  /** Why its silence proves plaintext. */
  why: string;
  matches(context: ReceiverContext): boolean;
}

const POSTFIX_RFC3848_SINCE = Date.UTC(2007, 0, 1); // Postfix 2.3 (July 2006) introduced ESMTPS/ESMTPSA names
/** `($v/$Z)`: sendmail's version, then the configuration's version and optional tag (`8.12.3/8.12.3/Debian-6.6`). */
const SENDMAIL_STOCK = /^8\.\d+\.\d+[^/\s]*\/\S/;
/** `(Exim 4.90_1)`, `(Exim 3.35 #1 (Debian))`: the default template's version note. */
const EXIM_DEFAULT = /^Exim \d+\.\d+/;

const hasComment = (context: ReceiverContext, test: (comment: string) => boolean): boolean => context.selfComments.some(test);

// Comment tests made once, not per hop.
const isSendmailStock = (comment: string): boolean => SENDMAIL_STOCK.test(comment) && !comment.endsWith("/Submit");
const isEximDefault = (comment: string): boolean => EXIM_DEFAULT.test(comment);
const isPps = (comment: string): boolean => comment === "PPS";
const isCommuniGate = (comment: string): boolean => /^CommuniGate Pro SMTP\b/.test(comment);
const isHaraka = (comment: string): boolean => /^Haraka(?:\/|$)/.test(comment);
const isKerio = (comment: string): boolean => /^Kerio Connect\b/.test(comment);

export const KNOWN_RECEIVERS: readonly KnownReceiver[] = [
  {
    id: "sendmail",
    name: "sendmail",
    fingerprint: "by host (8.x.y/8.x.y), sendmail's stock Received template",
    why: "The stock template adds (version=… cipher=… bits=… verify=…) whenever STARTTLS was used; sendmail before 8.11 could not use TLS at all.",
    matches: (context) => context.smtpSession && hasComment(context, isSendmailStock),
  },
  {
    id: "postfix",
    name: "Postfix",
    fingerprint: "by host (Postfix) with ESMTP/SMTP",
    why: "Since 2.3 (2006) Postfix names TLS sessions ESMTPS/ESMTPSA (RFC 3848) whatever its TLS logging settings.",
    matches: ({ fields, parsed, selfComments, smtpSession }) =>
      fields.from.ip !== null && smtpSession && selfComments.includes("Postfix") && (parsed.time === null || parsed.time >= POSTFIX_RFC3848_SINCE),
  },
  {
    id: "exim",
    name: "Exim",
    fingerprint: "with esmtp (Exim 4.x), Exim's default Received template",
    why: "Exim's default template adds the cipher (or version and tls clause) and an esmtps protocol name on every TLS session.",
    matches: (context) => context.smtpSession && hasComment(context, isEximDefault),
  },
  {
    id: "microsoft-smtp-server",
    name: "Microsoft Exchange / Exchange Online",
    fingerprint: "with Microsoft SMTP Server",
    why: "Exchange 2010 and later write (TLS) or (version=…, cipher=…) after the protocol for every TLS session.",
    matches: ({ fields, networkHop }) => networkHop && fields.with !== null && /^Microsoft SMTP Server\b/i.test(fields.with),
  },
  {
    id: "google-mx",
    name: "Google (Gmail MX)",
    fingerprint: "by mx.google.com / smtp.gmail.com",
    why: "Google's front ends append (version=TLS1_x cipher=… bits=…) to every TLS session they accept.",
    matches: ({ fields, networkHop }) => networkHop && fields.by !== null && /^(?:mx\.google\.com|smtp\.gmail\.com)$/i.test(fields.by),
  },
  {
    id: "proofpoint-pps",
    name: "Proofpoint",
    fingerprint: "by host (PPS)",
    why: "Proofpoint Protection Server is sendmail-based and keeps its (version=… cipher=…) block on every TLS session.",
    matches: (context) => context.networkHop && hasComment(context, isPps),
  },
  {
    id: "proofpoint-essentials",
    name: "Proofpoint Essentials",
    fingerprint: "by *.ppe-hosted.com",
    why: "Proofpoint Essentials writes (using TLSv1.x with cipher …) on TLS sessions and no protocol note at all on plaintext ones.",
    matches: ({ fields, networkHop }) => networkHop && fields.by !== null && /\.ppe-hosted\.com$/i.test(fields.by),
  },
  {
    id: "opensmtpd",
    name: "OpenSMTPD",
    fingerprint: "by host (OpenSMTPD) with ESMTP",
    why: "OpenSMTPD's smtp_session.c builds the protocol as E+SMTP+S+A and appends (version:cipher:bits:verify) whenever the session is secure.",
    matches: (context) => context.smtpSession && context.selfComments.includes("OpenSMTPD"),
  },
  {
    id: "communigate",
    name: "CommuniGate Pro",
    fingerprint: "by host (CommuniGate Pro SMTP x)",
    why: "CommuniGate Pro names TLS sessions ESMTPS/ESMTPSA (ESMTP-TLS in 3.x/4.x).",
    matches: (context) => context.smtpSession && hasComment(context, isCommuniGate),
  },
  {
    id: "haraka",
    name: "Haraka",
    fingerprint: "by host (Haraka/x) or by host (Haraka)",
    why: "Haraka uses RFC 3848 protocol names and adds its TLS block on every TLS session.",
    matches: (context) => context.smtpSession && hasComment(context, isHaraka),
  },
  {
    id: "kerio",
    name: "Kerio Connect",
    fingerprint: "by host (Kerio Connect x)",
    why: "Kerio Connect writes ESMTPS/ESMTPSA with a (using TLS…) note on TLS sessions.",
    matches: (context) => context.smtpSession && hasComment(context, isKerio),
  },
];

export function identifyReceiver(parsed: ParsedReceived, fields: HopFields): KnownReceiver | null {
  const selfComments: string[] = [];
  for (const comment of parsed.clauses.by?.comments ?? []) selfComments.push(comment.trim());
  for (const comment of parsed.clauses.with?.comments ?? []) selfComments.push(comment.trim());
  const networkHop = fields.hasFrom && (fields.from.ip !== null || fields.from.helo !== null);
  const smtpSession = networkHop && (fields.protocol === null || SMTP_PROTOCOL.test(fields.protocol));
  const context: ReceiverContext = { parsed, fields, selfComments, networkHop, smtpSession };
  for (const receiver of KNOWN_RECEIVERS) if (receiver.matches(context)) return receiver;
  return null;
}

const SMTP_PROTOCOL = /^E?SMTPA?$/;

export function receiverById(id: ReceiverId): KnownReceiver | undefined {
  return KNOWN_RECEIVERS.find((receiver) => receiver.id === id);
}
