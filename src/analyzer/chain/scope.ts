/**
 * Where a hop sits: a pseudo-hop, inside one organisation, a client's submission, or a hand-off between
 * organisations. The rules are tried in order; each rests on what the receiver established (its own protocol and
 * notes, the peer address, a name it verified, a provider's mail-service ranges). A hop that is internal only by
 * the sender's claim (its HELO name, a bare network-internal name) keeps that scope but is judged like a hand-off,
 * so a claim can never hide a plaintext entry.
 */
import type { HopScope, Reason } from "../types.ts";
import { reason } from "../reasons.ts";
import { sameHostName, sameOrg } from "../identity/org.ts";
import type { HopFacts } from "./hop-facts.ts";

export interface ScopeContext {
  /** No network hop comes before this one. */
  isFirstNetworkHop: boolean;
  /** The receiver is on the recipient's side and the sender is not known to be: a hand-off the recipient witnessed. */
  entersRecipientSide: boolean;
}

export interface ScopeResult {
  scope: HopScope;
  /** Counts in the verdict: hand-offs, and internal hops resting only on the sender's claim. */
  judged: boolean;
  reason: Reason;
}

interface ScopeRule {
  /** What the rule recognises, for readers and tests. */
  name: string;
  apply(hop: HopFacts, context: ScopeContext): ScopeResult | null;
}

const settled = (scope: HopScope, why: Reason): ScopeResult => ({ scope, judged: false, reason: why });
const claimedInternal = (why: Reason): ScopeResult => ({ scope: "internal", judged: true, reason: why });

export const SCOPE_RULES: readonly ScopeRule[] = [
  {
    name: "pseudo-hop: the receiver recorded a hand-over with no network transfer",
    apply: (hop) =>
      hop.marker ? settled("local", reason("scope-local-pseudo-hop", { by: hop.fields.by, marker: hop.marker, protocol: hop.fields.with })) : null,
  },
  {
    name: "local delivery over LMTP",
    apply: (hop) =>
      hop.fields.protocol?.family === "lmtp"
        ? settled("internal", reason("scope-internal-local-delivery", { org: hop.org, by: hop.fields.by, protocol: hop.fields.with }))
        : null,
  },
  {
    name: "no sender recorded",
    apply: (hop, context) => {
      if (hop.fields.hasFrom) return null;
      // `by host id X` alone, at the start: the MTA took the message from a local program (an API, a queue).
      if (!hop.fields.protocol && !hop.authenticated && context.isFirstNetworkHop) {
        return settled("local", reason("scope-local-pseudo-hop", { by: hop.fields.by, marker: "no-sender", protocol: null }));
      }
      if (hop.authenticated || context.isFirstNetworkHop) return submission(hop);
      return settled("internal", reason("scope-internal-no-sender", { by: hop.fields.by }));
    },
  },
  {
    name: "loopback peer",
    apply: (hop) => (hop.identity.basis === "loopback" ? settled("internal", reason("scope-internal-loopback", { by: hop.fields.by })) : null),
  },
  {
    name: "a private address at the start of the chain: the author's client handing the message in",
    apply: (hop, context) => (hop.identity.basis === "private-address" && context.isFirstNetworkHop && !context.entersRecipientSide ? submission(hop) : null),
  },
  {
    name: "private peer address",
    apply: (hop) =>
      hop.identity.basis === "private-address" ? settled("internal", reason("scope-internal-private-address", { address: hop.endpoint.ip ?? "" })) : null,
  },
  {
    name: "the verified sender is the receiving host itself",
    apply: (hop) =>
      hop.identity.basis === "verified-rdns" && hop.identity.name !== null && hop.fields.by !== null && sameHostName(hop.identity.name, hop.fields.by)
        ? settled("internal", reason("scope-internal-same-host", { by: hop.fields.by }))
        : null,
  },
  {
    name: "the receiver recorded that the client logged in",
    apply: (hop) => (hop.authenticated ? submission(hop, true) : null),
  },
  {
    name: "a verified sender in the receiver's organisation",
    apply: (hop) => {
      const { identity, org } = hop;
      if (
        org === null ||
        identity.org === null ||
        !sameOrg(org, identity.org) ||
        (identity.basis !== "verified-rdns" && identity.basis !== "mail-service-range")
      )
        return null;
      return settled("internal", reason("scope-internal-same-org", { org, basis: identity.basis, service: identity.service }));
    },
  },
  {
    // Before the rules on the client's claims: `with HTTP` is the receiver's own record of a web or API hand-in.
    name: "webmail or a web API",
    apply: (hop) =>
      hop.fields.protocol?.family === "http" || (hop.fields.via !== null && /^HTTPS?$/i.test(hop.fields.via)) ? submission(hop, false, "webmail") : null,
  },
  {
    name: "a sender that only claims a name in the receiver's organisation (judged)",
    apply: (hop) => {
      const { claimedOrg, org, identity } = hop;
      return org !== null && claimedOrg !== null && identity.name !== null && sameOrg(org, claimedOrg)
        ? claimedInternal(reason("scope-internal-claimed-same-org", { org, name: identity.name }))
        : null;
    },
  },
  {
    name: "a bare network-internal name such as BAY403-EAS373 (judged)",
    apply: (hop, context) => {
      const name = hop.identity.basis === "helo-claim" ? bareHostName(hop.endpoint.helo) : null;
      return name !== null && !context.entersRecipientSide ? claimedInternal(reason("scope-internal-bare-name", { name, by: hop.fields.by })) : null;
    },
  },
  {
    name: "a nameless sender at the start of the chain: the author's own client",
    // Unless that would hide the hand-off into the recipient's side, which is always judged, or the receiver names no
    // organisation either: then nothing shows it is the author's provider rather than a stranger's server.
    apply: (hop, context) =>
      context.isFirstNetworkHop && hop.identity.org === null && hop.claimedOrg === null && hop.org !== null && !context.entersRecipientSide
        ? submission(hop)
        : null,
  },
];

const RELAY = (hop: HopFacts): ScopeResult => ({
  scope: "relay",
  judged: true,
  reason: reason("scope-relay", {
    fromOrg: hop.identity.org,
    fromName: hop.identity.name ?? hop.endpoint.ip,
    fromBasis: hop.identity.basis,
    org: hop.org,
    by: hop.fields.by,
  }),
});

export function classifyScope(hop: HopFacts, context: ScopeContext): ScopeResult {
  for (const rule of SCOPE_RULES) {
    const result = rule.apply(hop, context);
    if (result) return result;
  }
  return RELAY(hop);
}

function submission(hop: HopFacts, authenticated = hop.authenticated, kind: "client" | "webmail" = "client"): ScopeResult {
  const params = { org: hop.org, by: hop.fields.by, protocol: hop.fields.with };
  if (kind === "webmail") return settled("submission", reason("scope-submission-webmail", params));
  return settled("submission", reason(authenticated ? "scope-submission-authenticated" : "scope-submission-client", params));
}

/** A single-label name (`BAY403-EAS373`, `IMSVA`): servers inside one network name each other so; the Internet does not. */
function bareHostName(helo: string | null): string | null {
  if (helo === null || !/^[A-Za-z][A-Za-z0-9-]*$/.test(helo)) return null;
  const lower = helo.toLowerCase();
  return lower === "localhost" || lower === "unknown" ? null : helo;
}
