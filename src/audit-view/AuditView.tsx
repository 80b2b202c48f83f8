/**
 * The results of an audit: the headline, the bar of states, the chart over time, the senders, the TLS versions,
 * the plaintext/weak messages and the exports. One view for the add-on's audit page and `hoplock audit --html`;
 * the host gives it the audit, a translator and what it can do (open a message, save a file).
 */
import type { AuditResult, FlaggedMessage } from "../audit/index.ts";
import type { Translator } from "../shared/i18n.ts";
import { downloadFile, type ExportFile } from "./download.ts";
import { Exports } from "./Exports.tsx";
import { FlaggedList } from "./FlaggedList.tsx";
import { GroupTable } from "./GroupTable.tsx";
import { StateBar } from "./StateBar.tsx";
import { TimeChart } from "./TimeChart.tsx";
import { VersionMix } from "./VersionMix.tsx";
import { countLines, headline, locationText, unreadableText } from "./words.ts";

export interface AuditViewProps {
  audit: AuditResult;
  t: Translator;
  /** Opens a listed message (the add-on: `messageDisplay.open`); without it, rows name where the message is. */
  open?: ((message: FlaggedMessage) => void) | undefined;
  /** Saves an export; by default the page downloads it. */
  save?: ((file: ExportFile) => void) | undefined;
}

export function AuditView({ audit, t, open, save = downloadFile }: AuditViewProps) {
  return (
    <main class="audit">
      <Headline audit={audit} t={t} />
      <TimeChart audit={audit} t={t} />
      <GroupTable groups={audit.groups} t={t} />
      <VersionMix versions={audit.versions} t={t} />
      <FlaggedList flagged={audit.flagged} t={t} open={open} />
      {audit.unreadable.items.length > 0 && <Unreadable audit={audit} t={t} />}
      <Exports audit={audit} t={t} save={save} />
    </main>
  );
}

function Headline({ audit, t }: { audit: AuditResult; t: Translator }) {
  return (
    <section class="headline" aria-labelledby="audit-headline">
      <h1 id="audit-headline">{headline(audit, t)}</h1>
      <StateBar states={audit.states} total={audit.totals.counted} t={t} label={t("audit_bar_label", { count: audit.totals.counted })} />
      <ul class="counts">
        {countLines(audit, t).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </section>
  );
}

function Unreadable({ audit, t }: { audit: AuditResult; t: Translator }) {
  const { items, omitted } = audit.unreadable;
  return (
    <section class="unreadable" aria-labelledby="audit-unreadable-heading">
      <h2 id="audit-unreadable-heading">{t("audit_unreadable_heading")}</h2>
      <ul>
        {items.map((entry, i) => (
          <li key={i}>
            {t("audit_unreadable_entry", {
              what: entry.what.kind === "input" ? entry.what.path : locationText(entry.what, t),
              reason: unreadableText(entry.why, entry.detail, t),
            })}
          </li>
        ))}
      </ul>
      {omitted > 0 && <p class="muted">{t("audit_unreadable_omitted", { count: omitted })}</p>}
    </section>
  );
}
