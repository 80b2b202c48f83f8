/**
 * The analyzer: raw header block in, report out. Reads each Received value once, builds the chain oldest-first,
 * classifies each hop's scope, draws the trust boundary (what the recipient's side recorded versus what the
 * sender's side claims), and judges the hops that count. Never throws; linear in the input.
 */
import type { AnalyzeOptions, CutInput, Hop, Reason, Report, TlsVersion, Warning } from "./types.ts";
import { TLS_VERSIONS_ASCENDING } from "./types.ts";
import { reason, warning } from "./reasons.ts";
import { receivedValuesIn } from "./input/headers.ts";
import { isoInstant } from "./received/dates.ts";
import { orgOf } from "./identity/org.ts";
import { recordedAddress } from "./identity/identity.ts";
import { spfCheckFor } from "./identity/spf.ts";
import type { HopFacts } from "./chain/hop-facts.ts";
import { readHop } from "./chain/hop-facts.ts";
import type { ScopeResult } from "./chain/scope.ts";
import { classifyScope } from "./chain/scope.ts";
import type { TrustLines } from "./chain/trust.ts";
import { drawTrust, findRecipientOrg, TrustedOrgs } from "./chain/trust.ts";
import { judgeChain, judgementOf } from "./chain/verdict.ts";
import { buildRoute } from "./chain/route.ts";
import { chainWarnings } from "./chain/consistency.ts";

/** Received headers analysed per message, the newest kept: far above MTA loop limits (Postfix stops at 50 hops). */
export const MAX_RECEIVED = 200;

/** Analyzes a message's header block (a whole message is fine: reading stops at the first empty line). Never throws. */
export function analyze(rawHeaders: string, options?: AnalyzeOptions): Report {
  const warnings: Warning[] = [];
  const { trustedDomains, baseline, cutInput } = validOptions(options, warnings);
  const received = receivedValuesIn(typeof rawHeaders === "string" ? rawHeaders : "", MAX_RECEIVED);
  if (cutInput !== null) {
    warnings.push(warning("header-block-truncated", { bytes: cutInput.keptBytes }));
    received.total += cutInput.droppedReceived;
  }
  if (received.total > received.values.length) warnings.push(warning("received-capped", { total: received.total, analysed: received.values.length }));
  const facts = received.values.reverse().map((value) => readHop(value, baseline));
  const trusted = new TrustedOrgs(trustedDomains);
  // Trusted domains from the options may name your side when no header can.
  const recipientOrg = findRecipientOrg(facts) ?? orgOf(trustedDomains[0] ?? null);
  trusted.add(recipientOrg);
  const scopes = classifyScopes(facts, trusted);
  const lines = drawTrust(facts, scopes, trusted);
  const claimant = claimantOf(facts, lines);
  const hops: Hop[] = [];
  let previousTime: number | null = null; // of the nearest older hop with a date
  for (let i = 0; i < facts.length; i++) {
    const hop = facts[i] as HopFacts;
    hops.push(buildHop(hop, i, scopes, lines, facts, claimant, previousTime));
    previousTime = hop.fields.time ?? previousTime;
  }
  const entry = lines.entry === -1 ? undefined : hops[lines.entry];
  if (entry && entry.trust === "recipient" && entry.restsOnClaim === null) {
    // The Received-SPF fields above the entry's own Received header were written on your side, after it.
    const hop = facts[lines.entry] as HopFacts;
    entry.from.spf = spfCheckFor(received.spf, facts.length - 1 - lines.entry, recordedAddress(hop.endpoint, hop.receiver?.receiver.verifiedName ?? "none"));
  }
  const entryHop = lines.entry === -1 ? null : lines.entry + 1;
  const counts = { total: received.total, analysed: received.values.length };
  const judged = judgeChain({ hops, recipientOrg, baseline, claimant, boundaryFound: lines.boundaryFound, received: counts });
  return {
    schema: 2,
    verdict: judged.verdict,
    verdictReason: judged.verdictReason,
    decidingHop: judged.decidingHop,
    reasons: judged.reasons,
    counts: judged.counts,
    hops,
    route: buildRoute(hops, facts, entryHop),
    recipientOrg,
    entryHop,
    legs: { submission: judged.submission, download: { status: "not-recorded", reason: reason("leg-download", {}) } },
    baseline,
    warnings: warnings.concat(chainWarnings(hops, facts)),
    received: counts,
  };
}

/** Options as given when well-formed; anything else is ignored with a warning, never a throw. */
function validOptions(options: unknown, warnings: Warning[]): ValidOptions {
  const result: ValidOptions = { trustedDomains: [], baseline: "TLSv1.2", cutInput: null };
  if (options === undefined) return result;
  if (typeof options !== "object" || options === null) {
    warnings.push(warning("option-ignored", { option: "options" }));
    return result;
  }
  const { trustedDomains, minTlsVersion, cutInput } = options as Record<string, unknown>;
  if (trustedDomains !== undefined) {
    const valid = Array.isArray(trustedDomains) ? trustedDomains.filter((domain): domain is string => typeof domain === "string") : [];
    if (!Array.isArray(trustedDomains) || valid.length !== trustedDomains.length) warnings.push(warning("option-ignored", { option: "trustedDomains" }));
    result.trustedDomains = valid;
  }
  if (minTlsVersion !== undefined) {
    if ((TLS_VERSIONS_ASCENDING as readonly unknown[]).includes(minTlsVersion)) result.baseline = minTlsVersion as TlsVersion;
    else warnings.push(warning("option-ignored", { option: "minTlsVersion" }));
  }
  if (cutInput !== undefined) {
    result.cutInput = validCut(cutInput);
    if (result.cutInput === null) warnings.push(warning("option-ignored", { option: "cutInput" }));
  }
  return result;
}

interface ValidOptions {
  trustedDomains: string[];
  baseline: TlsVersion;
  cutInput: CutInput | null;
}

function validCut(cut: unknown): CutInput | null {
  if (typeof cut !== "object" || cut === null) return null;
  const { keptBytes, droppedReceived } = cut as Record<string, unknown>;
  const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
  return isCount(keptBytes) && isCount(droppedReceived) ? { keptBytes, droppedReceived } : null;
}

function classifyScopes(facts: readonly HopFacts[], trusted: TrustedOrgs): ScopeResult[] {
  let sawNetworkHop = false;
  return facts.map((hop) => {
    const { basis, org } = hop.identity;
    const insideReceiversNetwork = basis === "loopback" || basis === "private-address";
    const entersRecipientSide = trusted.has(hop.org) && !trusted.has(org) && !insideReceiversNetwork;
    const result = classifyScope(hop, { isFirstNetworkHop: !sawNetworkHop, entersRecipientSide });
    if (result.scope !== "local") sawNetworkHop = true;
    return result;
  });
}

/** Who wrote the sender-claimed part: whoever handed the message to the recipient's side. */
interface Claimant {
  org: string | null;
  name: string | null;
}

function claimantOf(facts: readonly HopFacts[], lines: TrustLines): Claimant {
  const boundary = facts[lines.trust.lastIndexOf("sender-claimed") + 1];
  if (!boundary) return { org: null, name: null };
  return { org: boundary.identity.org, name: boundary.identity.name ?? boundary.endpoint.ip };
}

function buildHop(
  hop: HopFacts,
  i: number,
  scopes: readonly ScopeResult[],
  lines: TrustLines,
  facts: readonly HopFacts[],
  claimant: Claimant,
  previous: number | null,
): Hop {
  const { fields, endpoint, identity, scanned, tls } = hop;
  const scope = scopes[i] as ScopeResult;
  const trust = lines.trust[i] ?? "sender-claimed";
  const claim = lines.restsOnClaim[i] ?? -1;
  const result: Hop = {
    index: i + 1,
    from: { helo: endpoint.helo, rdns: endpoint.rdns, ip: endpoint.ip, port: endpoint.port, identity, spf: null },
    by: fields.by,
    via: fields.via,
    with: fields.with,
    id: fields.id,
    for: fields.for,
    date: fields.date,
    time: fields.time === null ? null : isoInstant(fields.time),
    delaySeconds: fields.time === null || previous === null ? null : Math.round((fields.time - previous) / 1000),
    scope: scope.scope,
    judgement: scope.judged ? judgementOf(tls) : null,
    trust,
    restsOnClaim: claim === -1 ? null : claim + 1,
    org: hop.org,
    fromOrg: identity.org,
    receiver: hop.receiver?.receiver.id ?? null,
    tls: tls.tls,
    reasons: tls.reasons, // this hop's own array: the scope and trust reasons follow
    raw: scanned.value,
  };
  result.reasons.push(scope.reason);
  if (scope.scope !== "local") result.reasons.push(trustReason(result, claimant, claim === -1 ? null : (facts[claim]?.identity.name ?? null)));
  return result;
}

function trustReason(hop: Hop, claimant: Claimant, claimName: string | null): Reason {
  if (hop.trust === "sender-claimed") return reason("trust-sender-claimed", { claimant: claimant.org, claimantName: claimant.name });
  if (hop.restsOnClaim !== null) return reason("trust-recipient-on-claim", { hop: hop.restsOnClaim, name: claimName });
  return reason("trust-recipient", { org: hop.org, by: hop.by });
}
