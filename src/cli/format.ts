/** Human-readable rendering of a report for the terminal. */
import type { Hop, Report } from "../analyzer/index.ts";
import { formatReason, formatWarning } from "../analyzer/index.ts";

const STATUS_LABEL: Record<Hop["tls"]["status"], string> = { encrypted: "encrypted", plaintext: "PLAINTEXT", unknown: "unknown" };
const SCOPE_LABEL: Record<Hop["scope"], string> = { local: "local", internal: "internal", submission: "submission", relay: "hand-off" };

export function formatReport(title: string, report: Report): string {
  const lines = [`${title}: ${report.verdict.toUpperCase()}: ${formatReason(report.reasons[0] ?? { key: "verdict-none", params: {} })}`];
  for (const reason of report.reasons.slice(1)) lines.push(`  - ${formatReason(reason)}`);
  for (const warning of report.warnings) lines.push(`  ! ${formatWarning(warning)}`);
  if (report.hops.length > 0) lines.push("", ...table(report.hops.map(hopRow)));
  return lines.join("\n");
}

function hopRow(hop: Hop): string[] {
  const sender = hop.from.rdns ?? hop.from.helo ?? hop.from.ip ?? "-";
  const delay = hop.delaySeconds === null ? "" : ` (+${hop.delaySeconds}s)`.replace("+-", "-");
  const tls = hop.tls.status === "encrypted" ? [hop.tls.version ?? "SSL/TLS", hop.tls.cipher, hop.tls.bits === null ? null : `${hop.tls.bits}b`].filter(Boolean).join(" ") : "";
  const why = hop.reasons[0];
  return [
    String(hop.index),
    `${sender} → ${hop.by ?? "-"}`,
    `${hop.time ? hop.time.replace("T", " ") : (hop.date ?? "-")}${delay}`,
    hop.with ?? "-",
    tls,
    STATUS_LABEL[hop.tls.status],
    `${SCOPE_LABEL[hop.scope]}${hop.trust === "sender-claimed" ? " (claimed)" : ""}`,
    why ? formatReason(why) : "",
  ];
}

function table(rows: string[][]): string[] {
  const header = ["#", "from → by", "time (delay)", "protocol", "TLS", "status", "scope", "reason"];
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.min(48, Math.max(...all.map((row) => (row[column] ?? "").length))));
  return all.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.length > (widths[column] ?? 0) ? `${cell.slice(0, (widths[column] ?? 1) - 1)}…` : cell.padEnd(widths[column] ?? 0)))
      .join("  "),
  );
}
