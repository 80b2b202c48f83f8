/**
 * The analyzer: raw header block in, report out. Builds the hop chain oldest-first, classifies each hop's
 * scope, draws the trust boundary (what the recipient's side recorded versus what the sender's side claims),
 * and judges the hand-offs between organisations.
 */
import type { AnalyzeOptions, Hop, HopScope, HopTrust, Report, Reason, TlsVersion } from "./types.ts";
import { receivedValuesIn } from "./headers.ts";
import { parseReceived } from "./received.ts";
import { isoInstant } from "./dates.ts";
import { extractFields } from "./fields.ts";
import { hopTls } from "./hop-tls.ts";
import type { HopIdentity, ScopeResult } from "./scope.ts";
import { classifyScope } from "./scope.ts";
import { orgOf, sameHostName, TrustedOrgs } from "./org.ts";
import { judgeChain } from "./verdict.ts";
import { chainWarnings } from "./consistency.ts";

/** Analyzes a message's header block (a whole message is fine: reading stops at the first empty line). Never throws. */
export function analyze(rawHeaders: string, options: AnalyzeOptions = {}): Report {
  const baseline: TlsVersion = options.minTlsVersion ?? "TLSv1.2";
  const identities = receivedValuesIn(typeof rawHeaders === "string" ? rawHeaders : "").reverse().map(identify);
  const recipientOrg = findRecipientOrg(identities);
  const trusted = new TrustedOrgs(options.trustedDomains ?? []);
  trusted.add(recipientOrg);
  assignSenderOrgs(identities);
  const scopes = classifyScopes(identities, trusted);
  const trust = drawTrustBoundary(identities, scopes, trusted);
  const claimedBy = claimantOf(identities, trust);
  const hops: Hop[] = [];
  let previousTime: number | null = null; // of the nearest older hop with a readable date
  for (let i = 0; i < identities.length; i++) {
    const identity = identities[i] as HopIdentity;
    const scope = scopes[i] as ScopeResult;
    const hopTrust = trust[i] ?? "sender-claimed";
    const hop = buildHop(identity, i, scope.scope, hopTrust, baseline, previousTime);
    hop.reasons.push(scope.reason);
    if (scope.scope !== "local") hop.reasons.push(trustReason(hop, hopTrust, claimedBy));
    hops.push(hop);
    if (identity.parsed.time !== null) previousTime = identity.parsed.time;
  }
  return judgeChain({ hops, recipientOrg, baseline, warnings: chainWarnings(hops), claimant: claimedBy });
}

function identify(value: string): HopIdentity {
  const parsed = parseReceived(value);
  const fields = extractFields(parsed);
  return { parsed, fields, org: orgOf(fields.by), fromOrg: null };
}

/**
 * The sender's organisation: the receiver-verified reverse-DNS name, else the HELO name. It is read from the hop
 * alone, never from older lines: those may be forged, and a forged line must not change how a later hop is judged.
 */
function assignSenderOrgs(identities: HopIdentity[]): void {
  for (const identity of identities) {
    const { from } = identity.fields;
    identity.fromOrg = orgOf(from.rdns) ?? orgOf(from.helo);
  }
}

/** The organisation of the newest hop whose receiving host names one: the recipient's own provider. */
function findRecipientOrg(identities: readonly HopIdentity[]): string | null {
  for (let i = identities.length - 1; i >= 0; i--) {
    const org = identities[i]?.org;
    if (org) return org;
  }
  return null;
}

function classifyScopes(identities: readonly HopIdentity[], trusted: TrustedOrgs): ScopeResult[] {
  let sawNetworkHop = false;
  return identities.map((identity) => {
    const entersRecipientSide = trusted.has(identity.org) && !trusted.has(identity.fromOrg);
    const result = classifyScope(identity, { isFirstNetworkHop: !sawNetworkHop, entersRecipientSide });
    if (result.scope !== "local") sawNetworkHop = true;
    return result;
  });
}


/**
 * From the newest hop down, every hop is the recipient's own record until (and including) the first hop where the
 * message entered from outside: a hand-off from an organisation that is neither the recipient's nor trusted, a
 * client's submission, or a local program creating it. Below that point the sender's side wrote the headers.
 */
function drawTrustBoundary(identities: readonly HopIdentity[], scopes: readonly ScopeResult[], trusted: TrustedOrgs): HopTrust[] {
  const trust: HopTrust[] = identities.map(() => "sender-claimed");
  for (let i = identities.length - 1; i >= 0; i--) {
    trust[i] = "recipient";
    if (entersFromOutside(identities, scopes, trusted, i)) break;
  }
  return trust;
}

function entersFromOutside(identities: readonly HopIdentity[], scopes: readonly ScopeResult[], trusted: TrustedOrgs, i: number): boolean {
  const identity = identities[i];
  if (!identity) return true;
  switch (scopes[i]?.scope) {
    case "relay":
      return !trusted.has(identity.fromOrg);
    case "submission":
      return true;
    case "local":
      return createsMessage(identity) && !sameReceiver(identity, identities[i - 1]);
    default:
      return false;
  }
}

/**
 * A pseudo-hop with no network peer (`Postfix, from userid`, sendmail `Submit`, qmail `invoked by uid`) is where a
 * program handed the message in. Only a re-injection on the same host (a filter, a forward) keeps the lines
 * below it as the host's own records.
 */
function createsMessage(identity: HopIdentity): boolean {
  const { from } = identity.fields;
  return from.ip === null && from.helo === null && from.rdns === null;
}

function sameReceiver(a: HopIdentity, b: HopIdentity | undefined): boolean {
  return b !== undefined && a.fields.by !== null && b.fields.by !== null && sameHostName(a.fields.by, b.fields.by);
}

/** Who wrote the sender-claimed part: the organisation that handed the message to the recipient's side. */
function claimantOf(identities: readonly HopIdentity[], trust: readonly HopTrust[]): string {
  const boundary = identities[trust.lastIndexOf("sender-claimed") + 1];
  if (!boundary) return "the sending side";
  const { from } = boundary.fields;
  return boundary.fromOrg ?? from.rdns ?? from.helo ?? from.ip ?? "the sending side";
}

function buildHop(identity: HopIdentity, i: number, scope: HopScope, trust: HopTrust, baseline: TlsVersion, previousTime: number | null): Hop {
  const { parsed, fields } = identity;
  const { tls, receiver, reasons } = hopTls(parsed, fields, baseline);
  return {
    index: i + 1,
    from: fields.from,
    by: fields.by,
    via: fields.via,
    with: fields.with,
    id: fields.id,
    for: fields.for,
    date: parsed.date,
    time: parsed.time === null ? null : isoInstant(parsed.time),
    delaySeconds: parsed.time === null || previousTime === null ? null : Math.round((parsed.time - previousTime) / 1000),
    comments: parsed.comments,
    scope,
    trust,
    org: identity.org,
    fromOrg: identity.fromOrg,
    receiver: receiver?.id ?? null,
    tls,
    reasons,
    raw: parsed.value,
  };
}

function trustReason(hop: Hop, trust: HopTrust, claimedBy: string): Reason {
  return trust === "recipient"
    ? { key: "trust-recipient", params: { org: hop.org ?? hop.by ?? "your provider" } }
    : { key: "trust-sender-claimed", params: { claimant: claimedBy } };
}
