/**
 * Audit page entry point (an extension tab; the event page may stop meanwhile, so the audit runs here): wires the
 * browser into `AuditPage`, runs the analysis in a worker, and hands entry hand-offs to the background's
 * correspondent memory.
 *
 * Test hook, off unless a test has set `hoplockAuditTest = true` on the page's window: then the global
 * `hoplockAuditProbe` holds the calls the runs started since (and which of them after Cancel), how the last run
 * ended, and `bareLoop(scope)`, the read-only yardstick for its speed. Without the flag nothing is counted and the
 * global is undefined.
 */
import { render } from "preact";
import type { AuditScope } from "../background/thunderbird.ts";
import { createMailboxApi, mailTabOfAuditUrl } from "../background/thunderbird.ts";
import browser from "../shared/browser.ts";
import { createTranslator } from "../shared/i18n.ts";
import { loadOptions } from "../shared/options.ts";
import { RECORD_HANDOFFS, type RecordHandoffsRequest } from "../shared/protocol.ts";
import { keyValueArea } from "../shared/storage.ts";
import { Analysis, lanesFor, workerChannel } from "./analysis.ts";
import { AuditPage, type AuditPageDeps } from "./AuditPage.tsx";
import { bareLoop, type BareLoopResult } from "./bare-loop.ts";
import { type CallCounts, emptyCallCounts, tracedReaderApi } from "./call-trace.ts";
import { AuditRun, type RunEnd } from "./run.ts";

const locale = browser.i18n.getUILanguage();
const t = createTranslator((name) => browser.i18n.getMessage(name), locale);
const mailbox = createMailboxApi(browser);
const local = keyValueArea(browser.storage.local);

interface Probe {
  calls: CallCounts;
  lastRun: { kind: RunEnd["kind"]; read: number; elapsedMs: number; analysisMs: number; heldBackMs: number; workers: number } | null;
  bareLoop(scope: AuditScope): Promise<BareLoopResult>;
}

const probe: Probe = { calls: emptyCallCounts(), lastRun: null, bareLoop: (scope) => bareLoop(mailbox, scope, () => performance.now()) };
const testing = () => (globalThis as { hoplockAuditTest?: unknown }).hoplockAuditTest === true;
Object.defineProperty(globalThis, "hoplockAuditProbe", { get: () => (testing() ? probe : undefined) });

const deps: AuditPageDeps = {
  t,
  mailbox,
  mailTabId: mailTabOfAuditUrl(location.search),
  loadOptions: () => loadOptions(local),
  createRun(scope, options, onProgress) {
    const traced = testing();
    const calls = emptyCallCounts();
    if (traced) probe.calls = calls;
    const run = new AuditRun(
      {
        api: traced ? tracedReaderApi(mailbox, calls) : mailbox,
        analysis: (auditOptions, onOutcome) =>
          new Analysis({ open: () => workerChannel("audit-worker.js"), maxLanes: lanesFor(navigator.hardwareConcurrency) }, auditOptions, onOutcome),
        recordHandoffs: (handoffs) => {
          const request: RecordHandoffsRequest = { type: RECORD_HANDOFFS, handoffs };
          browser.runtime.sendMessage(request).catch(() => undefined); // the memory is a bonus: the audit stands without it
        },
        now: () => performance.now(),
        onProgress,
        onCancel: () => (calls.cancelled = true),
        onEnd: (end) => {
          if (traced) probe.lastRun = { kind: end.kind, read: end.progress.read, elapsedMs: end.progress.elapsedMs, ...run.timings };
        },
      },
      scope,
      options,
    );
    return run;
  },
  today: () => {
    const now = new Date();
    return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
  },
};

document.documentElement.lang = locale;
document.title = t("audit_title");
const root = document.getElementById("app");
if (root) render(<AuditPage deps={deps} />, root);
