/** Messages between `hoplock audit` and its worker threads: header blocks go out in batches, one audit comes back. */
import type { CutInput } from "../analyzer/index.ts";
import type { AuditOptions, AuditResult } from "../audit/index.ts";

/** Header blocks with where each came from; `paths[i]`, `indexes[i]` and `cuts[i]` belong to `headers[i]`. */
export interface Batch {
  headers: string[];
  cuts: (CutInput | null)[];
  paths: string[];
  indexes: number[];
}

export interface WorkerSetup {
  options: AuditOptions;
}

export type ToWorker = { type: "batch"; batch: Batch } | { type: "finish" };

/** `done` frees a place for the next batch; `result` is the worker's part of the audit. */
export type FromWorker = { type: "done" } | { type: "result"; result: AuditResult };
