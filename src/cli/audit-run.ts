/**
 * Runs an audit over the CLI's inputs with the bounded streaming reader: header blocks only, one at a time, so memory
 * is flat however big the mailbox. With workers, the main thread reads and batches, and the workers analyse.
 */
import type { AuditOptions, AuditResult, UnreadableReason } from "../audit/index.ts";
import { createAudit, mergeAudits } from "../audit/index.ts";
import type { Batch } from "./audit-protocol.ts";
import { AuditWorkers } from "./audit-workers.ts";
import { type InputItem, readInputs } from "./input/index.ts";

/** A batch is sent when it holds this many messages or header bytes (a single header block may be up to 1 MiB). */
const BATCH_MESSAGES = 256;
const BATCH_CHARS = 512 * 1024;

export interface RunSettings {
  paths: readonly string[];
  options: AuditOptions;
  workers: number;
  /** The worker script (dist/cli/audit-worker.js next to the CLI). */
  workerScript: URL;
  /** Hears of bytes read and messages seen, for a progress bar. */
  onRead?: ((bytes: number) => void) | undefined;
  onMessage?: (() => void) | undefined;
  stdin?: NodeJS.ReadableStream | undefined;
}

export async function runAudit(settings: RunSettings): Promise<AuditResult> {
  // The main thread's audit takes the skipped and unreadable items (and, without workers, every message).
  const local = createAudit(settings.options);
  const workers = settings.workers > 0 ? new AuditWorkers(settings.workers, settings.options, settings.workerScript) : null;
  let batch = emptyBatch();
  let batchChars = 0;
  try {
    for await (const item of readInputs(settings.paths, { onRead: settings.onRead, ...(settings.stdin ? { stdin: settings.stdin } : {}) })) {
      if (item.kind !== "message") {
        addOther(local, item);
        continue;
      }
      settings.onMessage?.();
      if (!workers) {
        local.addHeaders(item.headers, { kind: "file", path: item.source, index: item.index }, item.cut);
        continue;
      }
      batch.headers.push(item.headers);
      batch.cuts.push(item.cut);
      batch.paths.push(item.source);
      batch.indexes.push(item.index);
      batchChars += item.headers.length;
      if (batch.headers.length >= BATCH_MESSAGES || batchChars >= BATCH_CHARS) {
        await workers.send(batch);
        batch = emptyBatch();
        batchChars = 0;
      }
    }
    if (!workers) return local.result();
    if (batch.headers.length > 0) await workers.send(batch);
    return mergeAudits([local.result(), ...(await workers.finish())]);
  } catch (error) {
    await workers?.stop();
    throw error;
  }
}

function emptyBatch(): Batch {
  return { headers: [], cuts: [], paths: [], indexes: [] };
}

function addOther(audit: ReturnType<typeof createAudit>, item: Exclude<InputItem, { kind: "message" }>): void {
  if (item.kind === "skipped") audit.addSkipped(item.why);
  else audit.addUnreadable({ what: { kind: "input", path: item.source }, why: item.why satisfies UnreadableReason, detail: item.detail ?? null });
}
