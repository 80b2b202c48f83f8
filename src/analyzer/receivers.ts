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
  /** Comments of the by and with clauses, where MTAs name themselves. */
  selfComments: readonly string[];
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
const isSmtp = (fields: HopFields): boolean => fields.protocol === null || /^E?SMTPA?$/.test(fields.protocol);
const isNetworkHop = (fields: HopFields): boolean => fields.hasFrom && (fields.from.ip !== null || fields.from.helo !== null);

export const KNOWN_RECEIVERS: readonly KnownReceiver[] = [
  {
    id: "sendmail",
    name: "sendmail",
    fingerprint: "by host (8.x.y/8.x.y), sendmail's stock Received template",
    why: "The stock template adds (version=… cipher=… bits=… verify=…) whenever STARTTLS was used; sendmail before 8.11 could not use TLS at all.",
    matches: (context) => isNetworkHop(context.fields) && isSmtp(context.fields) && hasComment(context, (comment) => SENDMAIL_STOCK.test(comment.trim()) && !comment.trim().endsWith("/Submit")),
  },
  {
    id: "postfix",
    name: "Postfix",
    fingerprint: "by host (Postfix) with ESMTP/SMTP",
    why: "Since 2.3 (2006) Postfix names TLS sessions ESMTPS/ESMTPSA (RFC 3848) whatever its TLS logging settings.",
    matches: ({ fields, parsed, selfComments }) =>
      fields.from.ip !== null && isSmtp(fields) && selfComments.some((comment) => comment.trim() === "Postfix") && (parsed.time === null || parsed.time >= POSTFIX_RFC3848_SINCE),
  },
  {
    id: "exim",
    name: "Exim",
    fingerprint: "with esmtp (Exim 4.x), Exim's default Received template",
    why: "Exim's default template adds the cipher (or version and tls clause) and an esmtps protocol name on every TLS session.",
    matches: (context) => isNetworkHop(context.fields) && isSmtp(context.fields) && hasComment(context, (comment) => EXIM_DEFAULT.test(comment.trim())),
  },
  {
    id: "microsoft-smtp-server",
    name: "Microsoft Exchange / Exchange Online",
    fingerprint: "with Microsoft SMTP Server",
    why: "Exchange 2010 and later write (TLS) or (version=…, cipher=…) after the protocol for every TLS session.",
    matches: ({ fields }) => isNetworkHop(fields) && fields.with !== null && /^Microsoft SMTP Server\b/i.test(fields.with),
  },
  {
    id: "google-mx",
    name: "Google (Gmail MX)",
    fingerprint: "by mx.google.com / smtp.gmail.com",
    why: "Google's front ends append (version=TLS1_x cipher=… bits=…) to every TLS session they accept.",
    matches: ({ fields }) => isNetworkHop(fields) && fields.by !== null && /^(?:mx\.google\.com|smtp\.gmail\.com)$/i.test(fields.by),
  },
  {
    id: "proofpoint-pps",
    name: "Proofpoint",
    fingerprint: "by host (PPS)",
    why: "Proofpoint Protection Server is sendmail-based and keeps its (version=… cipher=…) block on every TLS session.",
    matches: (context) => isNetworkHop(context.fields) && hasComment(context, (comment) => comment.trim() === "PPS"),
  },
  {
    id: "proofpoint-essentials",
    name: "Proofpoint Essentials",
    fingerprint: "by *.ppe-hosted.com",
    why: "Proofpoint Essentials writes (using TLSv1.x with cipher …) on TLS sessions and no protocol note at all on plaintext ones.",
    matches: ({ fields }) => isNetworkHop(fields) && fields.by !== null && /\.ppe-hosted\.com$/i.test(fields.by),
  },
  {
    id: "communigate",
    name: "CommuniGate Pro",
    fingerprint: "by host (CommuniGate Pro SMTP x)",
    why: "CommuniGate Pro names TLS sessions ESMTPS/ESMTPSA (ESMTP-TLS in 3.x/4.x).",
    matches: (context) => isNetworkHop(context.fields) && isSmtp(context.fields) && hasComment(context, (comment) => /^CommuniGate Pro SMTP\b/.test(comment.trim())),
  },
  {
    id: "haraka",
    name: "Haraka",
    fingerprint: "by host (Haraka/x)",
    why: "Haraka uses RFC 3848 protocol names and adds its TLS block on every TLS session.",
    matches: (context) => isNetworkHop(context.fields) && isSmtp(context.fields) && hasComment(context, (comment) => /^Haraka\//.test(comment.trim())),
  },
  {
    id: "kerio",
    name: "Kerio Connect",
    fingerprint: "by host (Kerio Connect x)",
    why: "Kerio Connect writes ESMTPS/ESMTPSA with a (using TLS…) note on TLS sessions.",
    matches: (context) => isNetworkHop(context.fields) && isSmtp(context.fields) && hasComment(context, (comment) => /^Kerio Connect\b/.test(comment.trim())),
  },
];

export function identifyReceiver(context: ReceiverContext): KnownReceiver | null {
  return KNOWN_RECEIVERS.find((receiver) => receiver.matches(context)) ?? null;
}
