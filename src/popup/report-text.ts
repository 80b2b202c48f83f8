/** The report as plain text in the reader's language, for "Copy report". */
import type { Hop, Report } from "../analyzer/types.ts";
import type { Translator } from "../shared/i18n.ts";
import { LOOKS } from "../shared/look.ts";
import { verdictSummary } from "../shared/summary.ts";
import { legReasons, verdictReasons } from "./journey.ts";
import { delayText, receiverName, scopeLabel, senderName, statusLabel, timeText, tlsDetails, trustLabel } from "./labels.ts";

export function reportAsText(report: Report, t: Translator, locale: string, subject?: string): string {
  const lines = [t("text_title")];
  if (subject) lines.push(t("popup_message_subject", { subject }));
  lines.push("", `${t(LOOKS[report.verdict].label)}: ${verdictSummary(report, t)}`);
  lines.push(...verdictReasons(report).map((reason) => `- ${t.reason(reason)}`));
  if (report.warnings.length > 0) lines.push("", t("warnings_heading"), ...report.warnings.map((w) => `! ${t.warning(w)}`));
  if (report.hops.length > 0) lines.push("", t("journey_heading"), ...report.hops.flatMap((hop) => hopLines(hop, t, locale)));
  lines.push("", t("legs_heading"), ...legReasons(report).map((reason) => `- ${t.reason(reason)}`));
  return `${lines.join("\n")}\n`;
}

export function reportAsJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function hopLines(hop: Hop, t: Translator, locale: string): string[] {
  const facts = [statusLabel(hop, t), tlsDetails(hop, t), scopeLabel(hop.scope, t), trustLabel(hop.trust, t)];
  const when = [timeText(hop, locale, t), delayText(hop, t)].filter(Boolean).join(", ");
  const [why] = hop.reasons;
  return [
    `${hop.index}. ${senderName(hop, t)} → ${receiverName(hop, t)} (${when})`,
    `   ${facts.filter(Boolean).join(" | ")}`,
    ...(why ? [`   ${t.reason(why)}`] : []),
    `   Received: ${hop.raw}`,
  ];
}
