/** A saved audit (the page's JSON export, or `hoplock audit --json`) read back, if it has the form this version writes. */
import type { AuditResult } from "../audit/index.ts";

export function parseSavedAudit(text: string): AuditResult | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return isAuditResult(value) ? value : null;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isBounded = (value: unknown): boolean => isObject(value) && Array.isArray(value.items) && typeof value.omitted === "number";

/** The shape the view relies on; values inside are shown as text, so a hostile file can mislead but not inject. */
function isAuditResult(value: unknown): value is AuditResult {
  if (!isObject(value) || value.schema !== 1) return false;
  const { settings, totals, verdicts, states, versions, groups, weeks, months, periodsDropped, flagged, unreadable } = value;
  return (
    [settings, totals, verdicts, states, versions, periodsDropped].every(isObject) &&
    [groups, weeks, months].every(Array.isArray) &&
    isBounded(flagged) &&
    isBounded(unreadable)
  );
}
