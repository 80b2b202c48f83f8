/** A running audit: a progress bar with count, rate and time left, Cancel, and the counts so far. */
import type { AuditSummary } from "./analysis-core.ts";
import { headline } from "../audit-view/index.ts";
import { StateBar } from "../audit-view/StateBar.tsx";
import type { Translator } from "../shared/i18n.ts";
import { doneShare, type Progress } from "./progress.ts";
import { progressText } from "./words.ts";

export function RunProgress({ t, progress, partial, cancel }: { t: Translator; progress: Progress; partial: AuditSummary | null; cancel: () => void }) {
  const share = doneShare(progress);
  return (
    <section class="run" aria-labelledby="run-heading">
      <h2 id="run-heading">{t("audit_running")}</h2>
      <div class="run-bar">
        <progress max={1} value={share ?? undefined} aria-describedby="run-text" aria-label={t("audit_running")} />
        <button type="button" onClick={cancel}>
          {t("audit_cancel")}
        </button>
      </div>
      <p id="run-text" class="run-text">
        {progressText(progress, t)}
      </p>
      {partial && partial.totals.counted > 0 && (
        <div class="run-partial">
          <p>{headline(partial, t)}</p>
          <StateBar states={partial.states} total={partial.totals.counted} t={t} label={t("audit_bar_label", { count: partial.totals.counted })} />
        </div>
      )}
    </section>
  );
}
