/**
 * The route: the hops folded into runs of one organisation (the analyzer's own organisations and provider families,
 * so a run never splits what the analyzer calls internal), joined by the hand-offs between them. The UIs and the
 * audit read it; none groups hops itself.
 */
import type { Hop, Route, RouteRun } from "../types.ts";
import { sameOrg } from "../identity/org.ts";
import type { HopFacts } from "./hop-facts.ts";

export function buildRoute(hops: readonly Hop[], facts: readonly HopFacts[], entryHop: number | null): Route {
  const runs: RouteRun[] = [];
  const route: Route = { runs, handoffs: [] };
  let current = -1;
  const open = (org: string | null, name: string | null, basis: RouteRun["basis"]): number =>
    runs.push({ org, name, basis, hops: [], folded: { internal: 0, local: 0, submission: 0 }, judged: [], yours: false, claimed: false }) - 1;
  const receivingRun = (hop: Hop): number => open(hop.org, hop.org ?? hop.by, "receiver");
  const sendingRun = (hop: Hop): number => {
    const { identity, ip } = hop.from;
    return open(identity.org, identity.org ?? identity.name ?? ip, identity.basis);
  };
  for (const hop of hops) {
    if (hop.scope === "relay") {
      const from = current !== -1 && continuesRun(runs[current] as RouteRun, hop, facts[hop.index - 1] as HopFacts) ? current : sendingRun(hop);
      const to = receivingRun(hop);
      route.handoffs.push({
        hop: hop.index,
        from,
        to,
        judgement: hop.judgement ?? "unknown",
        version: hop.tls.version,
        claimed: hop.trust === "sender-claimed" || hop.restsOnClaim !== null,
      });
      current = to;
      continue;
    }
    if (current === -1 || crossesOrganisations(runs[current] as RouteRun, hop)) current = receivingRun(hop);
    const run = runs[current] as RouteRun;
    run.hops.push(hop.index);
    run.folded[hop.scope]++;
    if (hop.judgement !== null) run.judged.push(hop.index);
  }
  markSides(route, hops, entryHop);
  return route;
}

/** The sender of a hand-off is the run the chain was in, when its verified or claimed organisation agrees. */
function continuesRun(run: RouteRun, hop: Hop, facts: HopFacts): boolean {
  const { identity } = hop.from;
  if (identity.org !== null) return sameOrg(run.org, identity.org);
  return run.org !== null && identity.basis === "helo-claim" && sameOrg(run.org, facts.claimedOrg);
}

/** An internal hop into another organisation than the run's (a broken chain): it starts a run of its own. */
function crossesOrganisations(run: RouteRun, hop: Hop): boolean {
  return run.org !== null && hop.org !== null && !sameOrg(run.org, hop.org);
}

/** Your side: the run the message entered it in and every run after; claimed: runs made only of the sender's records. */
function markSides(route: Route, hops: readonly Hop[], entryHop: number | null): void {
  const { runs, handoffs } = route;
  const into: (number | undefined)[] = [];
  const outOf: (number | undefined)[] = [];
  for (const handoff of handoffs) {
    into[handoff.to] ??= handoff.hop;
    outOf[handoff.from] ??= handoff.hop;
  }
  const entryRun = entryHop === null ? runs.length - 1 : runIndexOf(route, entryHop);
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i] as RouteRun;
    run.yours = entryRun !== -1 && i >= entryRun;
    // A run is known from its own records, else from the hand-off into it, else (a sender alone) the one out of it.
    const connector = into[i] ?? (run.hops.length === 0 ? outOf[i] : undefined);
    let claimed = connector === undefined || hops[connector - 1]?.trust === "sender-claimed";
    for (const index of run.hops) if (hops[index - 1]?.trust !== "sender-claimed") claimed = false;
    run.claimed = claimed;
  }
}

function runIndexOf(route: Route, hop: number): number {
  for (const handoff of route.handoffs) if (handoff.hop === hop) return handoff.to;
  for (let i = 0; i < route.runs.length; i++) if ((route.runs[i] as RouteRun).hops.includes(hop)) return i;
  return -1;
}
