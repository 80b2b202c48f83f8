/**
 * Who wrote which record. From the newest hop down, every hop is the recipient's own record until, and including,
 * the hop where the message entered from outside: a hand-off from an organisation neither the recipient's nor
 * trusted, a client's submission, or a local program creating the message. Below it, the sender's side wrote the
 * headers. A hop that is internal only by the sender's claim does not end the recipient's records, but every record
 * below it rests on that claim and says so.
 */
import type { HopTrust } from "../types.ts";
import { familyOf, orgOf, sameHostName } from "../identity/org.ts";
import type { HopFacts } from "./hop-facts.ts";
import type { ScopeResult } from "./scope.ts";

/** The organisations on the recipient's side, as provider families (so `mail.example.com` trusts `example.com`). */
export class TrustedOrgs {
  private readonly families = new Set<string>();

  constructor(domains: readonly string[]) {
    for (const domain of domains) this.add(orgOf(domain.trim().replace(/^@/, "").replace(/^\*\./, "")));
  }

  add(org: string | null): void {
    if (org) this.families.add(familyOf(org));
  }

  has(org: string | null): boolean {
    return org !== null && this.families.has(familyOf(org));
  }

  get size(): number {
    return this.families.size;
  }
}

export interface TrustLines {
  trust: HopTrust[];
  /** Per hop, the index (0-based) of the claim-internal hop above it that its record rests on, else -1. */
  restsOnClaim: number[];
  /** The newest judged hop the recipient's side recorded (0-based), else -1. */
  entry: number;
  /** Whether the hop where the message entered the recipient's side was found among the hops read. */
  boundaryFound: boolean;
}

export function drawTrust(hops: readonly HopFacts[], scopes: readonly ScopeResult[], trusted: TrustedOrgs): TrustLines {
  const lines: TrustLines = { trust: hops.map(() => "sender-claimed"), restsOnClaim: hops.map(() => -1), entry: -1, boundaryFound: false };
  let claim = -1;
  for (let i = hops.length - 1; i >= 0; i--) {
    lines.trust[i] = "recipient";
    lines.restsOnClaim[i] = claim;
    const scope = scopes[i] as ScopeResult;
    if (scope.judged && lines.entry === -1) lines.entry = i;
    if (entersFromOutside(hops, scopes, trusted, i)) {
      lines.boundaryFound = true;
      break;
    }
    if (scope.judged && scope.scope === "internal" && claim === -1) claim = i;
  }
  return lines;
}

function entersFromOutside(hops: readonly HopFacts[], scopes: readonly ScopeResult[], trusted: TrustedOrgs, i: number): boolean {
  const hop = hops[i] as HopFacts;
  switch (scopes[i]?.scope) {
    case "relay":
      return !trusted.has(hop.identity.org);
    case "submission":
      return true;
    case "local":
      return createsMessage(hop) && !sameReceiver(hop, hops[i - 1]);
    default:
      return false;
  }
}

/**
 * A pseudo-hop with no network peer (`Postfix, from userid`, sendmail `Submit`, qmail `invoked by uid`) is where a
 * program handed the message in. Only a re-injection on the same host (a filter, a forward) keeps the lines
 * below it as the host's own records.
 */
function createsMessage(hop: HopFacts): boolean {
  const { ip, helo, rdns } = hop.endpoint;
  return ip === null && helo === null && rdns === null;
}

function sameReceiver(a: HopFacts, b: HopFacts | undefined): boolean {
  return b !== undefined && a.fields.by !== null && b.fields.by !== null && sameHostName(a.fields.by, b.fields.by);
}

/**
 * The recipient's organisation: the newest hop's receiving host. When that names none (a bare name such as `IMSVA`,
 * or an address), the walk goes down only through links the receiver verified: a loopback or private peer, LMTP, a
 * pseudo-hop, the very same verified host, or a hop that records no sender and no login (Gmail's own last hop, `by
 * 2002:a05:… with SMTP id …`), which the trust lines count as internal too. Nothing else can name it: older lines
 * may be forged.
 */
export function findRecipientOrg(hops: readonly HopFacts[]): string | null {
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as HopFacts;
    if (hop.org !== null) return hop.org;
    if (!isVerifiedLink(hop)) return null;
  }
  return null;
}

function isVerifiedLink(hop: HopFacts): boolean {
  const { basis, name } = hop.identity;
  if (basis === "loopback" || basis === "private-address" || hop.marker !== null || hop.fields.protocol?.family === "lmtp") return true;
  if (!hop.fields.hasFrom && !hop.authenticated) return true; // a client's submission ends your side's records
  return basis === "verified-rdns" && name !== null && hop.fields.by !== null && sameHostName(name, hop.fields.by);
}
