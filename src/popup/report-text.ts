/** The report as plain text in the reader's language, for "Copy report": the same reading order as the popup. */
import type { Hop, Report, RouteRun } from "../analyzer/types.ts";
import { versionLabel } from "../analyzer/format.ts";
import { headline } from "../shared/headline.ts";
import type { Translator } from "../shared/i18n.ts";
import { JUDGEMENT_WORD, LOOKS } from "../shared/look.ts";
import { hopStateText, receiverText, senderText, shortDelay, timeText, tlsDetails } from "./words.ts";

export function reportAsText(report: Report, t: Translator, locale: string, subject?: string): string {
  const lines = [t("text_title")];
  if (subject) lines.push(t("popup_message_subject", { subject }));
  lines.push("", `${t(LOOKS[report.verdict].word)}: ${headline(report, t)}`);
  lines.push(...report.reasons.map((reason) => `- ${t.reason(reason)}`));
  if (report.route.runs.length > 0) lines.push("", `${t("route_heading")}: ${routeLine(report, t)}`);
  if (report.hops.length > 0) lines.push("", t("hops_heading"), ...report.hops.flatMap((hop) => hopLines(hop, t, locale)));
  if (report.warnings.length > 0) lines.push("", t("warnings_summary", { count: report.warnings.length }), ...report.warnings.map((w) => `! ${t.warning(w)}`));
  lines.push("", t("legs_heading"), `- ${t.reason(report.legs.submission.reason)}`, `- ${t.reason(report.legs.download.reason)}`);
  return `${lines.join("\n")}\n`;
}

export function reportAsJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** "google.com —[Encrypted TLS 1.3]→ yandex.net": the route strip as one line. */
function routeLine(report: Report, t: Translator): string {
  const { runs, handoffs } = report.route;
  return runs
    .map((run, i) => {
      const handoff = handoffs.find((candidate) => candidate.to === i);
      const link =
        i === 0
          ? ""
          : handoff
            ? ` —[${[t(JUDGEMENT_WORD[handoff.judgement]), handoff.version && versionLabel(handoff.version)].filter(Boolean).join(" ")}]→ `
            : " ⋯ ";
      return `${link}${runName(run, t)}`;
    })
    .join("");
}

function runName(run: RouteRun, t: Translator): string {
  if (run.name === null) return t("run_unnamed");
  return run.basis === "helo-claim" ? t("run_calls_itself", { name: run.name }) : run.name;
}

function hopLines(hop: Hop, t: Translator, locale: string): string[] {
  const when = [timeText(hop, locale, t), shortDelay(hop.delaySeconds, locale)].filter(Boolean).join(", ");
  return [
    `${hop.index}. ${senderText(hop, t)} → ${receiverText(hop, t)} (${when})`,
    `   ${[hopStateText(hop, t), tlsDetails(hop, t)].filter(Boolean).join(" · ")}`,
    ...hop.reasons.map((reason) => `   - ${t.reason(reason)}`),
    `   Received: ${hop.raw}`,
  ];
}
