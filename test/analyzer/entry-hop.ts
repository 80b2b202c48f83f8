/** The report's hop into the recipient's side, asserted present. */
import { strict as assert } from "node:assert";
import type { Hop, Report } from "../../src/analyzer/index.ts";

export function entryOf(report: Report): Hop {
  const hop = report.entryHop === null ? undefined : report.hops[report.entryHop - 1];
  assert.ok(hop, "no hand-off into the recipient's side");
  return hop;
}
