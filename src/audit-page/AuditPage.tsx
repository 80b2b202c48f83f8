/**
 * The audit page: choose the messages, watch the audit run (Cancel stops it at once and keeps the partial counts),
 * then read the results in the shared audit view, export them, and tag the messages by verdict. A saved audit (its
 * JSON export) can be opened again; its messages are then opened by Message-ID, as session ids do not outlive a
 * restart. The body's `data-phase` tells tests and styles where the page is.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from "preact/hooks";
import type { AuditOptions, AuditResult, FlaggedMessage } from "../audit/index.ts";
import { AuditView } from "../audit-view/index.ts";
import type { AuditScope, MailboxApi, MailTab, OpenTarget, OptionalPermission } from "../background/thunderbird.ts";
import type { Translator } from "../shared/i18n.ts";
import { type AddonOptions, auditOptionsOf } from "../shared/options.ts";
import { errorText } from "../shared/protocol.ts";
import type { AuditSummary } from "./analysis-core.ts";
import type { Progress } from "./progress.ts";
import type { AuditRun, RunEnd } from "./run.ts";
import { RunProgress } from "./RunProgress.tsx";
import { parseSavedAudit } from "./saved-audit.ts";
import { ScopeForm } from "./ScopeForm.tsx";
import { TagPanel } from "./TagPanel.tsx";
import { duration } from "./words.ts";

export interface AuditPageDeps {
  t: Translator;
  mailbox: MailboxApi;
  /** The mail tab the page was opened for (the popup's, the toolbar button's), if any. */
  mailTabId: number | null;
  loadOptions: () => Promise<AddonOptions>;
  /** A run over the scope with these options; it reports progress and snapshots to `onProgress`. */
  createRun: (scope: AuditScope, options: AuditOptions, onProgress: (progress: Progress, partial: AuditSummary | null) => void) => AuditRun;
  /** Today in local time, `YYYY-MM-DD`. */
  today: () => string;
}

type Phase =
  | { kind: "idle" }
  | { kind: "running"; run: AuditRun; progress: Progress; partial: AuditSummary | null }
  | { kind: "ended"; end: RunEnd; run: AuditRun }
  | { kind: "saved"; audit: AuditResult; file: string };

/** Scopes whose listing needs a permission beyond messagesRead. */
export const SCOPE_PERMISSION: Partial<Record<AuditScope["kind"], OptionalPermission>> = { folder: "accountsRead" };

/** How much earlier than the chosen day the search starts: a message's date in Thunderbird may precede its receipt. */
const SINCE_MARGIN_DAYS = 2;

export function AuditPage({ deps }: { deps: AuditPageDeps }) {
  const { t, mailbox } = deps;
  const [mailTab, setMailTab] = useState<MailTab | null | undefined>(undefined);
  const [options, setOptions] = useState<AddonOptions | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    mailbox.findMailTab(deps.mailTabId).then(setMailTab, () => setMailTab(null));
    deps.loadOptions().then(setOptions, () => setOptions(null));
  }, [deps, mailbox]);
  useLayoutEffect(() => {
    document.body.dataset.phase = phase.kind === "ended" ? phase.end.kind : phase.kind;
    if (mailTab !== undefined) document.body.dataset.ready = "1";
  }, [phase, mailTab]);

  const run = useCallback(
    async (scope: AuditScope, permission: Promise<boolean> | null) => {
      if (permission && !(await permission)) return setNotice(t("audit_scope_folder_refused"));
      const settings = await deps.loadOptions();
      setOptions(settings);
      // Thunderbird searches by its own date; the audit counts by your side's receipt time, as `hoplock audit --since`.
      const listed: AuditScope = scope.kind === "since" ? { kind: "since", day: daysBefore(scope.day, SINCE_MARGIN_DAYS) } : scope;
      const audit = auditOptionsOf(settings, scope.kind === "since" ? scope.day : null);
      const started = deps.createRun(listed, audit, (progress, partial) =>
        setPhase((current) =>
          current.kind === "running" && current.run === started ? { ...current, progress, partial: partial ?? current.partial } : current,
        ),
      );
      setPhase({ kind: "running", run: started, progress: started.progress(), partial: null });
      const end = await started.start();
      setPhase({ kind: "ended", end, run: started });
    },
    [deps, t],
  );
  const start = useCallback(
    (scope: AuditScope) => {
      setNotice(null);
      // A permission is asked for in the click itself, before anything is awaited.
      const needed = SCOPE_PERMISSION[scope.kind];
      void run(scope, needed ? mailbox.requestPermissions([needed]) : null).catch((error: unknown) => setNotice(errorText(error)));
    },
    [mailbox, run],
  );
  const openMessage = (message: FlaggedMessage, target: OpenTarget | null) => {
    if (target === null) return;
    mailbox.openMessage(target).catch((error: unknown) => setNotice(t("audit_open_failed", { error: errorText(error) })));
  };

  const running = phase.kind === "running";
  // The same element while its inputs stay: progress redraws twice a second and need not diff the form.
  const form = useMemo(
    () => mailTab !== undefined && <ScopeForm t={t} mailTab={mailTab} today={deps.today()} running={running} start={start} />,
    [t, mailTab, deps, running, start],
  );
  return (
    <div class="audit-page">
      <header class="page-header">
        <h1>{t("audit_title")}</h1>
        <SavedAuditButton
          t={t}
          disabled={running}
          load={(audit, file) => setPhase({ kind: "saved", audit, file })}
          invalid={(file) => setNotice(t("audit_saved_invalid", { file }))}
        />
      </header>
      {form}
      {notice && (
        <p class="notice" role="alert">
          {notice}
        </p>
      )}
      {phase.kind === "running" && <RunProgress t={t} progress={phase.progress} partial={phase.partial} cancel={() => phase.run.cancel()} />}
      {phase.kind === "ended" && (
        <>
          <p class={`status status-${phase.end.kind}`} role="status">
            {endText(phase.end, t)}
          </p>
          {phase.end.result && <AuditView audit={phase.end.result} t={t} open={(message) => openMessage(message, sessionTarget(message))} />}
          {phase.end.kind !== "failed" && (
            <TagPanel
              t={t}
              mailbox={mailbox}
              verdicts={phase.run.verdicts}
              mailTabId={mailTab?.tabId ?? null}
              tagAutomatically={options?.tagMessages === true}
            />
          )}
        </>
      )}
      {phase.kind === "saved" && (
        <>
          <p class="status" role="status">
            {t("audit_status_saved", { file: phase.file })}
          </p>
          <AuditView
            audit={phase.audit}
            t={t}
            open={phase.audit.flagged.items.some((m) => savedTarget(m)) ? (message) => openMessage(message, savedTarget(message)) : undefined}
          />
        </>
      )}
    </div>
  );
}

function SavedAuditButton({
  t,
  disabled,
  load,
  invalid,
}: {
  t: Translator;
  disabled: boolean;
  load: (audit: AuditResult, file: string) => void;
  invalid: (file: string) => void;
}) {
  const read = (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    file.text().then(
      (text) => {
        const audit = parseSavedAudit(text);
        return audit ? load(audit, file.name) : invalid(file.name);
      },
      () => invalid(file.name),
    );
  };
  return (
    <label class={`file-button${disabled ? " disabled" : ""}`}>
      {t("audit_open_saved")}
      <input type="file" accept=".json,application/json" disabled={disabled} onChange={(event) => read(event.currentTarget)} />
    </label>
  );
}

/** In this session, messages are opened by Thunderbird's id. */
function sessionTarget(message: FlaggedMessage): OpenTarget | null {
  return message.ref.kind === "thunderbird" ? { messageId: message.ref.id } : null;
}

/** A saved audit's ids belong to another session: only the Message-ID (kept when exported with personal data) finds it. */
function savedTarget(message: FlaggedMessage): OpenTarget | null {
  return message.ref.kind === "thunderbird" && message.ref.headerMessageId ? { headerMessageId: message.ref.headerMessageId } : null;
}

function endText(end: RunEnd, t: Translator): string {
  const { progress } = end;
  switch (end.kind) {
    case "complete":
      return t("audit_status_complete", { count: progress.read, time: duration(progress.elapsedMs, t.locale) });
    case "cancelled":
      return t(progress.listComplete ? "audit_status_cancelled" : "audit_status_cancelled_counting", { read: progress.read, count: progress.listed });
    case "failed":
      return t("audit_status_failed", { error: end.error, count: progress.read });
  }
}

/** `YYYY-MM-DD` minus some days (calendar arithmetic in UTC, which has no daylight-saving gaps). */
function daysBefore(day: string, days: number): string {
  const time = Date.parse(`${day}T00:00:00Z`) - days * 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
}
