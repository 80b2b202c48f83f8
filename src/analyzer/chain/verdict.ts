/**
 * The overall verdict, judged on the hops that count: every hand-off between organisations, and every internal hop
 * that rests only on the sender's claim. The verdict is the worst of them; a claimed record can make it worse, never
 * better, and when the worst is only claimed the reasons say so.
 */
import type { HandoffCounts, Hop, Judgement, Leg, LegStatus, Reason, TlsVersion, Verdict } from "../types.ts";
import { reason } from "../reasons.ts";

export interface VerdictFacts {
  hops: readonly Hop[];
  recipientOrg: string | null;
  baseline: TlsVersion;
  /** Who handed the message to the recipient's side: the writer of the claimed records. */
  claimant: { org: string | null; name: string | null };
  /** The hand-off into the recipient's side was among the hops read. */
  boundaryFound: boolean;
  received: { total: number; analysed: number };
}

export interface VerdictResult {
  verdict: Verdict;
  verdictReason: Reason;
  decidingHop: number | null;
  reasons: Reason[];
  counts: HandoffCounts;
  submission: Leg;
}

const SEVERITY: readonly Judgement[] = ["plaintext", "unknown", "weak", "encrypted"];
const VERDICT_OF: Record<Judgement, Verdict> = { plaintext: "not-encrypted", unknown: "unknown", weak: "weak", encrypted: "encrypted" };

export function judgeChain(facts: VerdictFacts): VerdictResult {
  const { hops } = facts;
  const judged = hops.filter((hop): hop is Hop & { judgement: Judgement } => hop.judgement !== null);
  const counts = countJudgements(judged);
  const ranked = [...judged].sort(byConcern);
  const deciding = ranked[0] ?? null;
  // Only a chain with no judged hop at all never left one organisation: an internal hop resting on the sender's claim
  // could be an outsider's, so a chain of them is judged like hand-offs, never called internal.
  let verdict: Verdict = hops.length === 0 ? "none" : deciding === null ? "internal" : VERDICT_OF[deciding.judgement];
  // Without the hop where the message entered your side, nothing vouches for the rest.
  if (!facts.boundaryFound && facts.received.analysed < facts.received.total && (verdict === "encrypted" || verdict === "weak" || verdict === "internal"))
    verdict = "unknown";
  const reasons: Reason[] = ranked.map(handoffReason);
  if (deciding && deciding.trust === "sender-claimed") {
    reasons.splice(1, 0, reason("deciding-hop-claimed", { hop: deciding.index, claimant: facts.claimant.org, claimantName: facts.claimant.name }));
  } else if (deciding && deciding.restsOnClaim !== null) {
    const claim = hops[deciding.restsOnClaim - 1];
    reasons.splice(1, 0, reason("deciding-hop-on-claim", { hop: deciding.index, claimHop: deciding.restsOnClaim, name: claim?.from.identity.name ?? null }));
  }
  if ((verdict === "encrypted" || verdict === "weak") && judged.some((hop) => hop.trust === "sender-claimed")) {
    reasons.push(reason("relies-on-sender-claims", { org: facts.recipientOrg, claimant: facts.claimant.org, claimantName: facts.claimant.name }));
  }
  const restingOnClaim = hops.find((hop) => hop.restsOnClaim !== null);
  const claimHop = restingOnClaim?.restsOnClaim ? hops[restingOnClaim.restsOnClaim - 1] : undefined;
  if (claimHop) reasons.push(reason("relies-on-claim", { hop: claimHop.index, name: claimHop.from.identity.name }));
  if (hops.length > 0 && facts.recipientOrg === null) reasons.push(reason("no-recipient-org", {}));
  if (!facts.boundaryFound && facts.received.analysed < facts.received.total) reasons.push(reason("entry-not-analysed", facts.received));
  return {
    verdict,
    verdictReason: verdictReason(verdict, counts, hops, facts),
    decidingHop: verdict === "internal" || verdict === "none" ? null : (deciding?.index ?? null),
    reasons,
    counts,
    submission: submissionLeg(hops),
  };
}

/** Worst judgement first; among equals the most trustworthy record, then the one nearest you. */
function byConcern(a: Hop & { judgement: Judgement }, b: Hop & { judgement: Judgement }): number {
  return SEVERITY.indexOf(a.judgement) - SEVERITY.indexOf(b.judgement) || trustRank(a) - trustRank(b) || b.index - a.index;
}

function trustRank(hop: Hop): number {
  if (hop.trust === "sender-claimed") return 2;
  return hop.restsOnClaim === null ? 0 : 1;
}

function countJudgements(judged: readonly (Hop & { judgement: Judgement })[]): HandoffCounts {
  const counts: HandoffCounts = { total: judged.length, encrypted: 0, weak: 0, unknown: 0, plaintext: 0 };
  for (const hop of judged) counts[hop.judgement]++;
  return counts;
}

function verdictReason(verdict: Verdict, counts: HandoffCounts, hops: readonly Hop[], facts: VerdictFacts): Reason {
  switch (verdict) {
    case "none":
      return reason("verdict-none", {});
    case "internal":
      return reason("verdict-internal", { org: facts.recipientOrg, by: hops[hops.length - 1]?.by ?? null });
    case "encrypted":
      return reason("verdict-encrypted", { count: counts.total });
    case "weak":
      return reason("verdict-weak", { weak: counts.weak, count: counts.total, baseline: facts.baseline });
    case "not-encrypted":
      return reason("verdict-not-encrypted", { plaintext: counts.plaintext, count: counts.total });
    case "unknown":
      return reason("verdict-unknown", { unknown: counts.unknown, count: counts.total });
  }
}

function handoffReason(hop: Hop & { judgement: Judgement }): Reason {
  const { index, fromOrg, org, by, tls } = hop;
  const fromName = hop.from.identity.name ?? hop.from.ip;
  const { version, cipher, bits } = tls;
  switch (hop.judgement) {
    case "plaintext":
      // Only a plaintext record is judged so.
      if (tls.status === "plaintext") {
        const key = tls.proof === "note" ? "handoff-plaintext-noted" : "handoff-plaintext";
        return reason(key, { hop: index, fromOrg, fromName, org, by, receiver: tls.receiver });
      }
      return reason("handoff-unknown", { hop: index, fromOrg, fromName, org, by, receiver: hop.receiver });
    case "unknown":
      return reason("handoff-unknown", { hop: index, fromOrg, fromName, org, by, receiver: hop.receiver });
    case "weak":
      return reason("handoff-weak", { hop: index, fromOrg, fromName, org, by, version, cipher, bits });
    case "encrypted":
      return reason("handoff-encrypted", { hop: index, fromOrg, fromName, org, by, version, cipher, bits });
  }
}

/** The sender's own connection to its provider: the oldest submission hop, if the chain shows one. */
function submissionLeg(hops: readonly Hop[]): Leg {
  const hop = hops.find((candidate) => candidate.scope === "submission");
  if (!hop) return leg("not-recorded", reason("leg-submission-not-recorded", {}));
  const { org, by } = hop;
  const { status, version, cipher, bits } = hop.tls;
  if (status === "encrypted") return leg("encrypted", reason("leg-submission-encrypted", { org, by, version, cipher, bits }));
  if (status === "plaintext") return leg("plaintext", reason("leg-submission-plaintext", { org, by }));
  return leg("unknown", reason("leg-submission-unknown", { org, by }));
}

function leg(status: LegStatus, why: Reason): Leg {
  return { status, reason: why };
}

/** How a judged hop counts. */
export function judgementOf(hop: Pick<Hop, "tls">): Judgement {
  if (hop.tls.status !== "encrypted") return hop.tls.status;
  return hop.tls.weaknesses.length > 0 ? "weak" : "encrypted";
}
