/** The report as terminal lines and as `--json`, in the English catalogue (the writer escapes every line). */
import type { Hop, Judgement, Reason, Report, Route, RouteRun, Warning } from "../analyzer/index.ts";
import { anonymiseReceived, formatReason, formatWarning, mayBeMisread, versionLabel } from "../analyzer/index.ts";

const JUDGEMENT_MARK: Record<Judgement, string> = { encrypted: "✓", weak: "!", plaintext: "✗", unknown: "?" };
const STATUS_LABEL: Record<Hop["tls"]["status"], string> = { encrypted: "encrypted", plaintext: "PLAINTEXT", unknown: "unknown" };
const SCOPE_LABEL: Record<Hop["scope"], string> = { local: "local", internal: "internal", submission: "submission", relay: "hand-off" };

export function reportLines(title: string, report: Report): string[] {
  const lines = [`${title}: ${report.verdict.toUpperCase()}: ${formatReason(report.verdictReason)}`];
  if (report.route.runs.length > 0) lines.push(`  route: ${routeLine(report.route, report)}`);
  for (const reason of report.reasons) lines.push(`  - ${formatReason(reason)}`);
  for (const leg of [report.legs.submission, report.legs.download])
    if (leg.status !== "not-recorded" || leg.reason.key === "leg-download") lines.push(`  · ${formatReason(leg.reason)}`);
  for (const warning of report.warnings) lines.push(`  ! ${formatWarning(warning)}`);
  if (report.hops.length > 0) lines.push("", ...table(report.hops.map(hopRow)));
  return lines;
}

/** `outlook.com ─✗ hop 2 (claimed)→ ppe-hosted.com ─✓ TLS 1.2 hop 3→ luxsci.com [yours]` */
function routeLine(route: Route, report: Report): string {
  const parts: string[] = [];
  route.runs.forEach((run, i) => {
    const into = route.handoffs.find((handoff) => handoff.to === i);
    if (into && parts.length > 0) {
      const version = into.version ? ` ${versionLabel(into.version)}` : "";
      parts.push(`─${JUDGEMENT_MARK[into.judgement]}${version} hop ${into.hop}${into.claimed ? " (claimed)" : ""}→`);
    } else if (i > 0) parts.push("⋯");
    parts.push(runLabel(run, report));
  });
  return parts.join(" ");
}

function runLabel(run: RouteRun, report: Report): string {
  const name = run.basis === "helo-claim" ? `calls itself ${run.name ?? "?"}` : (run.name ?? "?");
  const inside = run.judged.map((index) => `${JUDGEMENT_MARK[report.hops[index - 1]?.judgement ?? "unknown"]} hop ${index} on a claim`);
  const notes = [...inside, run.yours ? "yours" : null, run.claimed ? "claimed" : null].filter((note) => note !== null);
  return notes.length > 0 ? `${name} [${notes.join(", ")}]` : name;
}

/** The sender as known; a name it only claims is quoted, as is a HELO that is not even a host name. */
function senderName(hop: Hop): string {
  const { identity, ip, helo } = hop.from;
  if (identity.basis === "helo-claim" && identity.name !== null) return `"${identity.name}"`;
  return identity.name ?? (helo === null ? null : `"${helo}"`) ?? ip ?? "-";
}

function hopRow(hop: Hop): string[] {
  const delay = hop.delaySeconds === null ? "" : ` (${hop.delaySeconds < 0 ? "" : "+"}${hop.delaySeconds}s)`;
  const { tls } = hop;
  const detail =
    tls.status === "encrypted"
      ? [tls.version ? versionLabel(tls.version) : "SSL/TLS", tls.cipher, tls.bits === null ? null : `${tls.bits}b`].filter(Boolean).join(" ")
      : "";
  const why = hop.reasons[0];
  return [
    String(hop.index),
    `${senderName(hop)} → ${hop.by ?? "-"}`,
    `${hop.time ? hop.time.replace("T", " ") : (hop.date ?? "-")}${delay}`,
    hop.with ?? "-",
    detail,
    STATUS_LABEL[tls.status],
    hop.judgement === null ? "-" : `${JUDGEMENT_MARK[hop.judgement]} ${hop.judgement}`,
    `${SCOPE_LABEL[hop.scope]}${hop.trust === "sender-claimed" ? " (claimed)" : hop.restsOnClaim !== null ? ` (rests on hop ${hop.restsOnClaim})` : ""}`,
    why ? formatReason(why) : "",
  ];
}

const COLUMNS = ["#", "from → by", "time (delay)", "protocol", "TLS", "status", "counts", "scope", "reason"];

function table(rows: string[][]): string[] {
  const all = [COLUMNS, ...rows];
  const widths = COLUMNS.map((_, column) => Math.min(48, Math.max(...all.map((row) => (row[column] ?? "").length))));
  return all.map((row) =>
    row
      .map((cell, column) =>
        column === row.length - 1
          ? cell
          : cell.length > (widths[column] ?? 0)
            ? `${cell.slice(0, (widths[column] ?? 1) - 1)}…`
            : cell.padEnd(widths[column] ?? 0),
      )
      .join("  ")
      .trimEnd(),
  );
}

type WithText<T> = T & { text: string };

/** The report as `--json` prints it: every reason and warning also carries its English sentence. */
export function jsonReport(report: Report): Record<string, unknown> {
  const reason = (r: Reason): WithText<Reason> => ({ ...r, text: formatReason(r) });
  const warning = (w: Warning): WithText<Warning> => ({ ...w, text: formatWarning(w) });
  return {
    ...report,
    verdictReason: reason(report.verdictReason),
    reasons: report.reasons.map(reason),
    warnings: report.warnings.map(warning),
    legs: {
      submission: { ...report.legs.submission, reason: reason(report.legs.submission.reason) },
      download: { ...report.legs.download, reason: reason(report.legs.download.reason) },
    },
    hops: report.hops.map((hop) => ({ ...hop, reasons: hop.reasons.map(reason) })),
  };
}

/** "Help Hoplock read this": the hops Hoplock may be misreading, as anonymised lines to send to the project. */
export function anonymisedLines(title: string, report: Report): string[] {
  return report.hops.filter(mayBeMisread).map((hop) => `${title} hop ${hop.index}: ${anonymiseReceived(hop.raw)}`);
}
