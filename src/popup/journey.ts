/** The journey as the popup shows it: consecutive hops received by the same organisation form one group. */
import type { Hop, Reason, Report } from "../analyzer/types.ts";

export interface OrgGroup {
  /** The receiving organisation; the receiving host when no organisation could be determined. */
  name: string | null;
  hops: Hop[];
}

export function groupByOrganisation(hops: readonly Hop[]): OrgGroup[] {
  const groups: OrgGroup[] = [];
  for (const hop of hops) {
    const name = hop.org ?? hop.by;
    const last = groups.at(-1);
    if (last && last.name === name) last.hops.push(hop);
    else groups.push({ name, hops: [hop] });
  }
  return groups;
}

/** Reasons about the legs the headers cannot show are listed with the legs, not with the verdict. */
export function isLegReason(reason: Reason): boolean {
  return reason.key.startsWith("leg-");
}

/** What decided the verdict and its caveats; the first reason restates the verdict, which the summary already says. */
export function verdictReasons(report: Report): Reason[] {
  return report.reasons.slice(1).filter((reason) => !isLegReason(reason));
}

export function legReasons(report: Report): Reason[] {
  return report.reasons.filter(isLegReason);
}
