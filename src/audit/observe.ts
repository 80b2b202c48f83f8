/** What an audit reads from one report: the message's state, who handed it into your side, when, and its worst hand-off. */
import type { Hop, Report, Verdict } from "../analyzer/index.ts";
import type { FlaggedMessage, MessageFacts, MessageState, ReceiptTime, SenderGroup, VerifiedBasis } from "./types.ts";

const STATE_OF_VERDICT: Readonly<Record<Verdict, MessageState | null>> = {
  encrypted: "encrypted",
  weak: "weak",
  "not-encrypted": "plaintext",
  unknown: "unknown",
  internal: null,
  none: null,
};

/** The state a verdict counts as; null for messages counted apart (internal only, no Received header). */
export function stateOf(verdict: Verdict): MessageState | null {
  return STATE_OF_VERDICT[verdict];
}

/**
 * The organisation that handed the message in, as your side verified it: the hop's verified identity only. Not the
 * SPF check of `hop.from.spf`: it is placed by its position among the Received headers, which the add-on cannot see
 * (Thunderbird's getHeaders groups values by name), so grouping by it would set the add-on's audit apart from the CLI's.
 */
export function verifiedSenderOf(hop: Hop): { org: string; basis: VerifiedBasis } | null {
  const { identity } = hop.from;
  if (identity.org !== null && (identity.basis === "verified-rdns" || identity.basis === "mail-service-range"))
    return { org: identity.org.toLowerCase(), basis: identity.basis };
  return null;
}

/** The hop by which the message entered your side, when the report found one. */
export function entryHopOf(report: Report): Hop | null {
  return report.entryHop === null ? null : (report.hops[report.entryHop - 1] ?? null);
}

/** Who handed the message into your side: an organisation only when the receiver verified it. */
export function senderGroupOf(report: Report): SenderGroup {
  const hop = entryHopOf(report);
  if (hop === null) return { kind: "no-entry" };
  const verified = verifiedSenderOf(hop);
  if (verified !== null) return { kind: "verified", ...verified };
  const { identity, ip } = hop.from;
  return { kind: "unverified", name: (identity.name ?? ip ?? "?").toLowerCase() };
}

export function groupKey(sender: SenderGroup): string {
  switch (sender.kind) {
    case "verified":
      return sender.org;
    case "unverified":
      return `unverified: ${sender.name}`;
    case "no-entry":
    case "other":
      return sender.kind;
  }
}

/** The recipient side's own clock first: the newest Received (written by your side); the sender's `Date:` only as a fallback. */
export function receiptTimeOf(report: Report, facts: MessageFacts): ReceiptTime {
  const newest = report.hops.at(-1)?.time ?? null;
  if (newest !== null) return { source: "received", time: newest };
  if (facts.dateTime !== null) return { source: "date-header", time: facts.dateTime };
  return { source: "none" };
}

export function receiptMs(receipt: ReceiptTime): number | null {
  return receipt.source === "none" ? null : Date.parse(receipt.time);
}

/** The worst judged hand-off when it is plaintext or weak: the first plaintext one, else the first weak one. */
export function worstFlaggedHop(report: Report): Hop | null {
  let weak: Hop | null = null;
  for (const hop of report.hops) {
    if (hop.judgement === "plaintext") return hop;
    if (hop.judgement === "weak") weak ??= hop;
  }
  return weak;
}

export function flaggedMessage(report: Report, hop: Hop, base: Pick<FlaggedMessage, "ref" | "facts" | "receipt" | "sender">): FlaggedMessage {
  const { tls } = hop;
  // Written out, not spread: a spread and six more keys build each object slowly, and the audit makes thousands.
  return {
    ref: base.ref,
    facts: base.facts,
    receipt: base.receipt,
    sender: base.sender,
    verdict: report.verdict,
    hop: hop.index,
    judgement: hop.judgement === "plaintext" ? "plaintext" : "weak",
    version: tls.version,
    cipher: tls.cipher,
    claimed: hop.trust === "sender-claimed" || hop.restsOnClaim !== null,
  };
}
