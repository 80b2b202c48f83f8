/** Which messages to audit: the folder view's, the selected ones, all mail since a date, or a whole folder. */
import { useState } from "preact/hooks";
import type { AuditScope, MailTab } from "../background/thunderbird.ts";
import type { Translator } from "../shared/i18n.ts";

type ScopeKind = AuditScope["kind"];

export interface ScopeFormProps {
  t: Translator;
  /** The mail tab whose view or selection is audited; null when no folder is open. */
  mailTab: MailTab | null;
  /** Today, `YYYY-MM-DD`: the default is a year back from it. */
  today: string;
  running: boolean;
  /** Called from the click itself: a scope that needs a permission asks for it before anything else. */
  start: (scope: AuditScope) => void;
}

const NEEDS_MAIL_TAB: readonly ScopeKind[] = ["listed", "selected", "folder"];

export function ScopeForm({ t, mailTab, today, running, start }: ScopeFormProps) {
  const [kind, setKind] = useState<ScopeKind>(mailTab ? "listed" : "since");
  const [day, setDay] = useState(() => yearBefore(today));
  const choice = (value: ScopeKind, label: string, help: string | null) => {
    const disabled = running || (NEEDS_MAIL_TAB.includes(value) && mailTab === null);
    return (
      <div class="scope-choice">
        <label>
          <input
            type="radio"
            name="scope"
            value={value}
            checked={kind === value}
            disabled={disabled}
            onChange={() => setKind(value)}
            aria-describedby={help ? `scope-${value}-help` : undefined}
          />
          {label}
        </label>
        {help && (
          <p class="help" id={`scope-${value}-help`}>
            {help}
          </p>
        )}
      </div>
    );
  };
  const submit = (event: Event) => {
    event.preventDefault();
    if (kind === "since") return start({ kind, day });
    if (mailTab) start({ kind, tabId: mailTab.tabId });
  };
  const threaded = mailTab?.groupType === "groupedByThread";
  return (
    <form class="scope" onSubmit={submit} aria-labelledby="scope-heading">
      <h2 id="scope-heading">{t("audit_scope_heading")}</h2>
      {mailTab === null && <p class="notice">{t("audit_scope_no_mail_tab")}</p>}
      <fieldset disabled={running}>
        <legend class="sr-only">{t("audit_scope_heading")}</legend>
        {choice("listed", t("audit_scope_listed"), t(threaded ? "audit_scope_listed_threads" : "audit_scope_listed_help"))}
        {choice("selected", t("audit_scope_selected"), null)}
        <div class="scope-choice">
          <label>
            <input type="radio" name="scope" value="since" checked={kind === "since"} onChange={() => setKind("since")} aria-describedby="scope-since-help" />
            {t("audit_scope_since")}
          </label>{" "}
          <input
            type="date"
            class="since-day"
            value={day}
            max={today}
            aria-label={t("audit_scope_since_day")}
            onInput={(event) => (setDay(event.currentTarget.value), setKind("since"))}
          />
          <p class="help" id="scope-since-help">
            {t("audit_scope_since_help")}
          </p>
        </div>
        {choice("folder", t("audit_scope_folder"), t("audit_scope_folder_help"))}
      </fieldset>
      <button type="submit" class="primary" disabled={running || (kind === "since" && !/^\d{4}-\d{2}-\d{2}$/.test(day))}>
        {t("audit_start")}
      </button>
    </form>
  );
}

function yearBefore(day: string): string {
  const rest = day.slice(5);
  return `${Number(day.slice(0, 4)) - 1}-${rest === "02-29" ? "02-28" : rest}`;
}
