/** Consistency checks across the chain: broken links between hops, clocks going backwards, unreadable headers. */
import type { Hop, Warning } from "../types.ts";
import { warning } from "../reasons.ts";
import { sameOrg } from "../identity/org.ts";
import type { NameOrgs } from "../identity/identity.ts";
import type { HopFacts } from "./hop-facts.ts";

/** Clock skew tolerated before "time going backwards" is reported. */
const CLOCK_SKEW_TOLERANCE_SECONDS = 60;

export function chainWarnings(hops: readonly Hop[], facts: readonly HopFacts[]): Warning[] {
  const warnings: Warning[] = [];
  let previous: Hop | null = null;
  for (const [i, hop] of hops.entries()) {
    if (isUnparsed(hop)) warnings.push(warning("unparsed-header", { hop: hop.index, excerpt: hop.raw.slice(0, 80) }));
    if (hop.scope === "local") continue;
    if (previous && brokenLink(previous, hop, (facts[i] as HopFacts).nameOrgs)) {
      warnings.push(warning("inconsistent-chain", { hop: previous.index, by: previous.by, nextFrom: hop.from.rdns ?? hop.from.helo }));
    }
    if (hop.delaySeconds !== null && hop.delaySeconds < -CLOCK_SKEW_TOLERANCE_SECONDS) {
      warnings.push(warning("time-backwards", { hop: hop.index, seconds: -hop.delaySeconds }));
    }
    previous = hop;
  }
  return warnings;
}

/**
 * The receiver of one hop should be the sender of the next, up to one organisation or provider family, as named
 * by its reverse DNS or its HELO (relays on hosting networks carry the host's generic reverse DNS). This only warns:
 * it never changes how a hop is judged.
 */
function brokenLink(previous: Hop, next: Hop, nextNames: NameOrgs): boolean {
  if (!previous.org || !next.by) return false;
  // In this order, each name's organisation is worked out only when the ones before it did not match.
  const identityMatch = linkMatch(previous.org, next.from.identity.org);
  if (identityMatch === "same") return false;
  const rdnsMatch = linkMatch(previous.org, nextNames.rdns);
  if (rdnsMatch === "same") return false;
  const heloMatch = linkMatch(previous.org, nextNames.helo);
  if (heloMatch === "same") return false;
  return identityMatch === "other" || rdnsMatch === "other" || heloMatch === "other";
}

/** Whether a name's organisation is the previous receiver's, another one, or unknown (no name). */
function linkMatch(previousOrg: string, org: string | null): "same" | "other" | "none" {
  if (org === null) return "none";
  return sameOrg(previousOrg, org) ? "same" : "other";
}

function isUnparsed(hop: Hop): boolean {
  return hop.by === null && hop.with === null && hop.from.helo === null && hop.time === null && hop.from.ip === null;
}
