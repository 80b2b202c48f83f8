/** A message's report: the verdict in words first, then the journey, the legs headers cannot show, and a legend. */
import { useState } from "preact/hooks";
import type { LegStatus, Reason, Report, Warning } from "../analyzer/types.ts";
import type { Translator } from "../shared/i18n.ts";
import { LOOKS } from "../shared/look.ts";
import { verdictSummary } from "../shared/summary.ts";
import { HopItem } from "./HopItem.tsx";
import { StateIcon } from "./StateIcon.tsx";
import { groupByOrganisation, legReasons, verdictReasons } from "./journey.ts";
import { reportAsJson, reportAsText } from "./report-text.ts";

interface ReportProps {
  report: Report;
  t: Translator;
  locale: string;
}

export interface ReportViewProps extends ReportProps {
  subject: string | undefined;
  copyText(text: string): Promise<void>;
}

export function ReportView({ report, t, locale, subject, copyText }: ReportViewProps) {
  return (
    <>
      <VerdictSection report={report} t={t} subject={subject} />
      <ReasonList reasons={verdictReasons(report)} t={t} className="verdict-reasons" />
      {report.warnings.length > 0 && <Warnings warnings={report.warnings} t={t} />}
      {report.hops.length > 0 && <Journey report={report} t={t} locale={locale} />}
      <Legs report={report} t={t} />
      <Legend t={t} />
      <CopyButtons copy={copyText} t={t} asText={() => reportAsText(report, t, locale, subject)} asJson={() => reportAsJson(report)} />
    </>
  );
}

function VerdictSection({ report, t, subject }: { report: Report; t: Translator; subject: string | undefined }) {
  return (
    <section class={`verdict verdict-${report.verdict}`} data-verdict={report.verdict} aria-labelledby="verdict-heading">
      <StateIcon state={report.verdict} large />
      <div>
        <h1 id="verdict-heading">{t(LOOKS[report.verdict].label)}</h1>
        <p class="verdict-summary">{verdictSummary(report, t)}</p>
        {subject && <p class="subject">{t("popup_message_subject", { subject })}</p>}
      </div>
    </section>
  );
}

function ReasonList({ reasons, t, className }: { reasons: readonly Reason[]; t: Translator; className: string }) {
  return (
    <ul class={className}>
      {reasons.map((reason, i) => (
        <li key={i}>{t.reason(reason)}</li>
      ))}
    </ul>
  );
}

function Warnings({ warnings, t }: { warnings: readonly Warning[]; t: Translator }) {
  return (
    <section class="warnings" aria-labelledby="warnings-heading">
      <h2 id="warnings-heading">
        <span aria-hidden="true">⚠ </span>
        {t("warnings_heading")}
      </h2>
      <ul class="warning-list">
        {warnings.map((warning, i) => (
          <li key={i}>{t.warning(warning)}</li>
        ))}
      </ul>
    </section>
  );
}

function Journey({ report, t, locale }: ReportProps) {
  return (
    <section class="journey" aria-labelledby="journey-heading">
      <h2 id="journey-heading">{t("journey_heading")}</h2>
      {groupByOrganisation(report.hops).map((group) => (
        <section class="org-group" key={group.hops[0]?.index} aria-label={group.name ?? t("org_unnamed")}>
          <h3>
            {group.name ?? t("org_unnamed")}
            {group.name !== null && group.name === report.recipientOrg && <span class="org-note">{` (${t("org_yours")})`}</span>}
          </h3>
          <ol class="hops">
            {group.hops.map((hop) => (
              <HopItem key={hop.index} hop={hop} t={t} locale={locale} />
            ))}
          </ol>
        </section>
      ))}
    </section>
  );
}

const LEG_STATUS: Record<LegStatus, string> = {
  encrypted: "leg_status_encrypted",
  plaintext: "leg_status_plaintext",
  unknown: "leg_status_unknown",
  "not-recorded": "leg_status_not_recorded",
};

function Legs({ report, t }: { report: Report; t: Translator }) {
  const legs = legReasons(report);
  const submission = legs.find((r) => r.key !== "leg-download");
  const download = legs.find((r) => r.key === "leg-download");
  return (
    <section class="legs" aria-labelledby="legs-heading">
      <h2 id="legs-heading">{t("legs_heading")}</h2>
      <dl>
        <dt>{t("leg_submission")}</dt>
        <dd>
          <strong>{t(LEG_STATUS[report.legs.submission.status])}</strong>
          {submission && ` ${t.reason(submission)}`}
        </dd>
        <dt>{t("leg_download")}</dt>
        <dd>
          <strong>{t(LEG_STATUS[report.legs.download.status])}</strong>
          {download && ` ${t.reason(download)}`}
        </dd>
      </dl>
    </section>
  );
}

function Legend({ t }: { t: Translator }) {
  return (
    <section class="legend" aria-labelledby="legend-heading">
      <h2 id="legend-heading">{t("legend_heading")}</h2>
      <p>{t("legend_unknown_not_insecure")}</p>
      <ul>
        {["legend_encrypted", "legend_weak", "legend_plaintext", "legend_unknown", "legend_claimed"].map((name) => (
          <li key={name}>{t(name)}</li>
        ))}
      </ul>
    </section>
  );
}

interface CopyProps {
  copy(text: string): Promise<void>;
  asText(): string;
  asJson(): string;
  t: Translator;
}

function CopyButtons({ copy, asText, asJson, t }: CopyProps) {
  const [status, setStatus] = useState("");
  const run = (text: string, done: string) =>
    copy(text).then(
      () => setStatus(t(done)),
      () => setStatus(t("copy_failed")),
    );
  return (
    <div class="copy">
      <button type="button" onClick={() => run(asText(), "copy_text_done")}>
        {t("copy_text")}
      </button>
      <button type="button" onClick={() => run(asJson(), "copy_json_done")}>
        {t("copy_json")}
      </button>
      <p class="copy-status" role="status" aria-live="polite">
        {status}
      </p>
    </div>
  );
}
