/**
 * The overall verdict, judged on the hand-offs between organisations only. The verdict is the worst relay hop:
 * a sender-claimed record can make it worse but never better than the hop the recipient's side recorded.
 */
import type { Hop, LegStatus, Reason, Report, TlsVersion, Verdict } from "./types.ts";
import { tlsDetail } from "./hop-tls.ts";
import { sameOrg } from "./org.ts";
import { receiverById } from "./receivers.ts";

export interface ChainFacts {
  hops: Hop[];
  recipientOrg: string | null;
  baseline: TlsVersion;
  warnings: Reason[];
  /** Who wrote the sender-claimed headers. */
  claimant: string;
}

type RelayJudgement = "plaintext" | "unknown" | "weak" | "encrypted";
const SEVERITY: readonly RelayJudgement[] = ["plaintext", "unknown", "weak", "encrypted"];

export function judgeChain(facts: ChainFacts): Report {
  const { hops, recipientOrg, baseline } = facts;
  const relays = hops.filter((hop) => hop.scope === "relay");
  const verdict = overallVerdict(hops, relays);
  const reasons: Reason[] = [verdictReason(verdict, relays, hops, recipientOrg, baseline)];
  const judged = relays.map((hop) => ({ hop, judgement: judgeRelay(hop) }));
  judged.sort((a, b) => SEVERITY.indexOf(a.judgement) - SEVERITY.indexOf(b.judgement) || a.hop.index - b.hop.index);
  for (const { hop, judgement } of judged) reasons.push(relayReason(hop, judgement));
  if ((verdict === "encrypted" || verdict === "weak") && relays.some((hop) => hop.trust === "sender-claimed")) {
    reasons.push({ key: "relies-on-sender-claims", params: { org: recipientOrg ?? "your provider", claimant: facts.claimant } });
  }
  if (hops.length > 0 && recipientOrg === null) reasons.push({ key: "no-recipient-hop", params: {} });
  const submission = submissionLeg(hops);
  reasons.push(submission.reason, { key: "leg-download", params: {} });
  return {
    verdict,
    reasons,
    hops,
    recipientOrg,
    orgPath: orgPath(hops),
    legs: { submission: submission.status, download: "not-recorded" },
    baseline,
    warnings: facts.warnings,
  };
}

function judgeRelay(hop: Hop): RelayJudgement {
  if (hop.tls.status !== "encrypted") return hop.tls.status;
  return hop.tls.weaknesses.length > 0 ? "weak" : "encrypted";
}

function overallVerdict(hops: readonly Hop[], relays: readonly Hop[]): Verdict {
  if (hops.length === 0) return "none";
  if (relays.length === 0) return "internal";
  let worst = SEVERITY.length - 1;
  for (const hop of relays) worst = Math.min(worst, SEVERITY.indexOf(judgeRelay(hop)));
  return VERDICT_OF_WORST[worst] ?? "unknown";
}

/** The verdict when the worst relay is judged SEVERITY[i]. */
const VERDICT_OF_WORST: readonly Verdict[] = ["not-encrypted", "unknown", "weak", "encrypted"];

function verdictReason(verdict: Verdict, relays: readonly Hop[], hops: readonly Hop[], recipientOrg: string | null, baseline: TlsVersion): Reason {
  switch (verdict) {
    case "none":
      return { key: "verdict-none", params: {} };
    case "internal":
      return { key: "verdict-internal", params: { org: recipientOrg ?? hops[hops.length - 1]?.by ?? "one organisation" } };
    case "encrypted":
      return { key: "verdict-encrypted", params: { count: relays.length } };
    case "weak":
      return { key: "verdict-weak", params: { baseline } };
    case "not-encrypted":
      return { key: "verdict-not-encrypted", params: {} };
    case "unknown":
      return { key: "verdict-unknown", params: {} };
  }
}

function relayReason(hop: Hop, judgement: RelayJudgement): Reason {
  const index = hop.index;
  const fromOrg = hop.fromOrg ?? hop.from.rdns ?? hop.from.helo ?? hop.from.ip ?? "?";
  const org = hop.org ?? hop.by ?? "?";
  switch (judgement) {
    case "plaintext":
      return { key: "relay-plaintext", params: { index, fromOrg, org, receiver: receiverName(hop) } };
    case "unknown":
      return { key: "relay-unknown", params: { index, fromOrg, org, receiver: receiverName(hop) } };
    case "weak":
      return { key: "relay-weak", params: { index, fromOrg, org, why: weaknessText(hop) } };
    case "encrypted":
      return { key: "relay-encrypted", params: { index, fromOrg, org, detail: tlsDetail(hop.tls) } };
  }
}

function receiverName(hop: Hop): string {
  return (hop.receiver && receiverById(hop.receiver)?.name) ?? hop.by ?? "the receiving server";
}

function weaknessText(hop: Hop): string {
  if (hop.tls.status !== "encrypted") return "";
  return hop.tls.weaknesses
    .map((weakness) => (weakness.kind === "old-version" ? weakness.version : weakness.kind === "weak-cipher" ? `${weakness.cipher} (${weakness.why})` : `${weakness.bits} bits`))
    .join(", ");
}

/** The sender's own connection to its provider: the oldest submission hop, if the chain shows one. */
function submissionLeg(hops: readonly Hop[]): { status: LegStatus; reason: Reason } {
  const hop = hops.find((candidate) => candidate.scope === "submission");
  if (!hop) return { status: "not-recorded", reason: { key: "leg-submission-not-recorded", params: {} } };
  const org = hop.org ?? hop.by ?? "the provider";
  if (hop.tls.status === "encrypted") return { status: "encrypted", reason: { key: "leg-submission-encrypted", params: { org, detail: tlsDetail(hop.tls) } } };
  if (hop.tls.status === "plaintext") return { status: "plaintext", reason: { key: "leg-submission-plaintext", params: { org } } };
  return { status: "unknown", reason: { key: "leg-submission-unknown", params: { org } } };
}

function orgPath(hops: readonly Hop[]): string[] {
  const path: string[] = [];
  for (const hop of hops) {
    appendOrg(path, hop.fromOrg);
    appendOrg(path, hop.org);
  }
  return path;
}

/** Adds the organisation unless the path already ends in it (or its provider family). */
function appendOrg(path: string[], org: string | null): void {
  if (org && !sameOrg(path[path.length - 1] ?? null, org)) path.push(org);
}
