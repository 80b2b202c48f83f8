/**
 * Exports as CSV and JSON, made by the same functions as `hoplock audit --csv/--json`. Subjects, addresses and
 * Message-IDs (they may hold patient data) are left out unless the user ticks the box.
 */
import { useState } from "preact/hooks";
import type { AuditResult } from "../audit/index.ts";
import { auditForExport, flaggedCsv, groupsCsv, periodsCsv } from "../audit/index.ts";
import type { Translator } from "../shared/i18n.ts";
import type { ExportFile } from "./download.ts";

export function Exports({ audit, t, save }: { audit: AuditResult; t: Translator; save: (file: ExportFile) => void }) {
  const [personal, setPersonal] = useState(false);
  const hasPersonal = audit.flagged.items.some((message) => message.facts !== null);
  const options = { personal: personal && hasPersonal };
  const files: { label: string; file: () => ExportFile }[] = [
    { label: "audit_export_groups_csv", file: () => ({ name: "hoplock-audit-senders.csv", type: "text/csv", text: groupsCsv(audit) }) },
    { label: "audit_export_months_csv", file: () => ({ name: "hoplock-audit-months.csv", type: "text/csv", text: periodsCsv(audit, "month") }) },
    { label: "audit_export_weeks_csv", file: () => ({ name: "hoplock-audit-weeks.csv", type: "text/csv", text: periodsCsv(audit, "week") }) },
    { label: "audit_export_flagged_csv", file: () => ({ name: "hoplock-audit-messages.csv", type: "text/csv", text: flaggedCsv(audit, options) }) },
    {
      label: "audit_export_json",
      file: () => ({ name: "hoplock-audit.json", type: "application/json", text: `${JSON.stringify(auditForExport(audit, options), null, 2)}\n` }),
    },
  ];
  return (
    <section class="exports" aria-labelledby="audit-exports-heading">
      <h2 id="audit-exports-heading">{t("audit_export_heading")}</h2>
      {hasPersonal && (
        <label class="checkbox">
          <input type="checkbox" checked={personal} onChange={(event) => setPersonal(event.currentTarget.checked)} />
          {t("audit_export_personal")}
        </label>
      )}
      <div class="export-buttons">
        {files.map(({ label, file }) => (
          <button key={label} type="button" onClick={() => save(file())}>
            {t(label)}
          </button>
        ))}
      </div>
    </section>
  );
}
