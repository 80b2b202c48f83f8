/**
 * The text summary of `hoplock audit`: the headline, the states as a bar of marks, then the table `--by` chooses
 * (senders, months, weeks or the plaintext/weak messages) and the TLS versions. Lines only; the writer escapes them.
 */
import type { AuditResult, FlaggedMessage, GroupStats, PeriodStats } from "../audit/index.ts";
import { MESSAGE_STATES, VERSION_KEYS } from "../audit/index.ts";
import { versionLabel } from "../analyzer/index.ts";
import {
  countLines,
  HANDOFF_NAME,
  headline,
  locationText,
  senderLabel,
  shareText,
  STATE_MARK,
  stateName,
  versionName,
  versionsText,
  weakestText,
} from "../audit-view/words.ts";
import type { Breakdown } from "./audit-args.ts";
import { say } from "./audit-words.ts";

const BAR_CELLS = 40;
const TOP_ROWS = 10;
const CELL_MAX = 48;

export interface SummaryOptions {
  by: Breakdown;
  personal: boolean;
}

export function summaryLines(audit: AuditResult, { by, personal }: SummaryOptions): string[] {
  const lines = [headline(audit, say), ...stateLines(audit), ...countLines(audit, say).map((line) => `  ${line}`), ""];
  lines.push(...breakdownLines(audit, by, personal), "");
  lines.push(versionLine(audit));
  if (by !== "message" && audit.flagged.items.length > 0) lines.push("", ...flaggedLines(audit, TOP_ROWS, personal));
  return lines;
}

/** `[✓✓✓✓!✗✗✗???]` with each state's share: marks, never colour, carry the states. */
function stateLines(audit: AuditResult): string[] {
  const { counted } = audit.totals;
  if (counted === 0) return [];
  let bar = "";
  let cumulative = 0;
  for (const state of MESSAGE_STATES) {
    const before = Math.round((cumulative / counted) * BAR_CELLS);
    cumulative += audit.states[state];
    bar += STATE_MARK[state].repeat(Math.round((cumulative / counted) * BAR_CELLS) - before);
  }
  const legend = MESSAGE_STATES.map(
    (state) =>
      `${STATE_MARK[state]} ${say("audit_state_share", { state: stateName(state, say), share: shareText(audit.states[state], counted, say), count: audit.states[state] })}`,
  );
  return [`  [${bar}]`, `  ${legend.join(" · ")}`];
}

function breakdownLines(audit: AuditResult, by: Breakdown, personal: boolean): string[] {
  switch (by) {
    case "org":
      return groupLines(audit.groups);
    case "month":
    case "week":
      return periodLines(by === "month" ? audit.months : audit.weeks, by);
    case "message":
      return flaggedLines(audit, Infinity, personal);
  }
}

function groupLines(groups: readonly GroupStats[]): string[] {
  const top = [...groups].sort((a, b) => b.messages - a.messages || (a.key < b.key ? -1 : 1)).slice(0, TOP_ROWS);
  const heading = say("audit_cli_groups_heading", { shown: top.length, count: groups.length });
  const header = [
    say("audit_col_sender"),
    say("audit_col_messages"),
    ...MESSAGE_STATES.map((state) => STATE_MARK[state]),
    say("audit_col_versions"),
    say("audit_col_weakest"),
    say("audit_col_last_plaintext"),
  ];
  const rows = top.map((group) => [
    senderLabel(group.sender, say),
    group.messages.toLocaleString("en"),
    ...MESSAGE_STATES.map((state) => shareText(group.states[state], group.messages, say)),
    versionsText(group.versions, say),
    weakestText(group, say),
    group.lastPlaintext?.slice(0, 10) ?? "–",
  ]);
  return [heading, ...table(header, rows, [1, 2, 3, 4, 5])];
}

function periodLines(periods: readonly PeriodStats[], kind: "month" | "week"): string[] {
  const header = [
    say(kind === "month" ? "audit_col_month" : "audit_col_week"),
    say("audit_col_messages"),
    ...MESSAGE_STATES.map((state) => STATE_MARK[state]),
    say("audit_col_apart"),
  ];
  const rows = periods.map((period) => {
    const counted = MESSAGE_STATES.reduce((sum, state) => sum + period.states[state], 0);
    const name = period.byDateHeader > 0 ? say("audit_period_date_header", { period: period.period }) : period.period;
    return [
      name,
      counted.toLocaleString("en"),
      ...MESSAGE_STATES.map((state) => shareText(period.states[state], counted, say)),
      (period.internal + period.none).toLocaleString("en"),
    ];
  });
  const note = periods.some((period) => period.byDateHeader > 0) ? [say("audit_cli_date_header_note")] : [];
  return [say(kind === "month" ? "audit_cli_months_heading" : "audit_cli_weeks_heading"), ...table(header, rows, [1, 2, 3, 4, 5, 6]), ...note];
}

function flaggedLines(audit: AuditResult, limit: number, personal: boolean): string[] {
  const { items, omitted } = audit.flagged;
  const shown = items.slice(0, limit);
  const lines = [say("audit_cli_flagged_heading", { shown: shown.length, count: items.length + omitted })];
  for (const message of shown) lines.push(`  ${flaggedLine(message, personal)}`);
  return lines;
}

function flaggedLine(message: FlaggedMessage, personal: boolean): string {
  const time =
    message.receipt.source === "none"
      ? say("audit_time_none")
      : `${message.receipt.time.slice(0, 16).replace("T", " ")}Z${message.receipt.source === "date-header" ? "*" : ""}`;
  const state = message.judgement === "plaintext" ? "plaintext" : "weak";
  const tls = [message.version === null ? null : versionLabel(message.version), message.cipher].filter(Boolean).join(", ") || say("audit_version_unrecorded");
  const handoff = say(HANDOFF_NAME[state][message.claimed ? "claimed" : "recorded"], { hop: message.hop, tls });
  const subject = personal && message.facts?.subject ? `  "${message.facts.subject}"` : "";
  return `${time}  ${STATE_MARK[state]} ${handoff}  ${senderLabel(message.sender, say)}  ${locationText(message.ref, say)}${subject}`;
}

function versionLine(audit: AuditResult): string {
  const total = VERSION_KEYS.reduce((sum, version) => sum + (audit.versions[version] ?? 0), 0);
  const parts = VERSION_KEYS.filter((version) => (audit.versions[version] ?? 0) > 0).map(
    (version) => `${versionName(version, say)} ${shareText(audit.versions[version] ?? 0, total, say)} (${(audit.versions[version] ?? 0).toLocaleString("en")})`,
  );
  return say("audit_cli_versions", { list: parts.length > 0 ? parts.join(" · ") : "–" });
}

/** Columns padded to their widest cell (cut at CELL_MAX); numbers right-aligned. */
function table(header: readonly string[], rows: readonly string[][], numeric: readonly number[]): string[] {
  const all = [header, ...rows].map((row) => row.map((cell) => (cell.length > CELL_MAX ? `${cell.slice(0, CELL_MAX - 1)}…` : cell)));
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? "").length)));
  return all.map(
    (row) =>
      `  ${row
        .map((cell, column) => (numeric.includes(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
        .join("  ")
        .trimEnd()}`,
  );
}
