/** Consistency checks across the chain: broken links between hops and clocks going backwards. */
import type { Hop, Reason } from "./types.ts";
import { orgOf, sameOrg } from "./org.ts";

/** Clock skew tolerated before "time going backwards" is reported. */
const CLOCK_SKEW_TOLERANCE_SECONDS = 60;

export function chainWarnings(hops: readonly Hop[]): Reason[] {
  const warnings: Reason[] = [];
  let previous: Hop | null = null;
  for (const hop of hops) {
    if (isUnparsed(hop)) warnings.push({ key: "unparsed-header", params: { index: hop.index, excerpt: hop.raw.slice(0, 80) } });
    if (hop.scope === "local") continue;
    if (previous && brokenLink(previous, hop)) {
      warnings.push({ key: "inconsistent-chain", params: { index: previous.index, by: previous.by ?? "?", nextFrom: hop.from.rdns ?? hop.from.helo ?? "?" } });
    }
    if (hop.delaySeconds !== null && hop.delaySeconds < -CLOCK_SKEW_TOLERANCE_SECONDS) {
      warnings.push({ key: "time-backwards", params: { index: hop.index, seconds: -hop.delaySeconds } });
    }
    previous = hop;
  }
  return warnings;
}

/**
 * The receiver of one hop should be the sender of the next, up to one organisation or provider family, as named
 * by either its reverse DNS or its HELO (relays on hosting networks carry the host's generic reverse DNS).
 */
function brokenLink(previous: Hop, next: Hop): boolean {
  if (!previous.org || !next.fromOrg || !next.by) return false;
  const { rdns, helo } = next.from;
  return !sameOrg(previous.org, next.fromOrg) && !sameOrg(previous.org, orgOf(rdns)) && !sameOrg(previous.org, orgOf(helo));
}

function isUnparsed(hop: Hop): boolean {
  return hop.by === null && hop.with === null && hop.from.helo === null && hop.comments.length === 0 && hop.date === null;
}
