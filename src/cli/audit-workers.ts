/**
 * Worker threads for `hoplock audit`: the main thread reads, the workers analyse. Each worker holds at most
 * IN_FLIGHT batches, so memory stays flat however fast the reader is; each returns its audit, not its reports.
 */
import { Worker } from "node:worker_threads";
import type { AuditOptions, AuditResult } from "../audit/index.ts";
import type { Batch, FromWorker, ToWorker, WorkerSetup } from "./audit-protocol.ts";

/**
 * A worker's young generation. Its garbage is short-lived analysis output, but each batch's header blocks live
 * through many collections: on 1 GB, a worker spent 300 ms collecting at 4 MB, 190 ms at 8 MB and 170 ms at 16 MB.
 * Each worker then adds about 20 MB to the process at 8 MB (4 workers: 200 MB), 30 MB at 16 MB (4 workers: 240 MB).
 */
const YOUNG_GENERATION_MB = 8;

/** Batches sent to one worker and not yet done: one being analysed, one waiting, so a worker never idles. */
const IN_FLIGHT = 2;

interface Slot {
  worker: Worker;
  inFlight: number;
  result: Promise<AuditResult>;
}

export class AuditWorkers {
  private readonly slots: Slot[];
  private waiting: (() => void)[] = [];
  private failure: Error | null = null;

  constructor(count: number, options: AuditOptions, script: URL) {
    this.slots = Array.from({ length: count }, () => this.start(script, { options }));
  }

  /** Sends a batch to the least busy worker, once one has room. */
  async send(batch: Batch): Promise<void> {
    for (;;) {
      if (this.failure) throw this.failure;
      const slot = this.slots.reduce((best, candidate) => (candidate.inFlight < best.inFlight ? candidate : best));
      if (slot.inFlight < IN_FLIGHT) {
        slot.inFlight++;
        post(slot.worker, { type: "batch", batch });
        return;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  /** Every worker's audit, after the batches sent before; the workers end. */
  async finish(): Promise<AuditResult[]> {
    for (const slot of this.slots) post(slot.worker, { type: "finish" });
    try {
      return await Promise.all(this.slots.map((slot) => slot.result));
    } finally {
      await this.stop();
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private start(script: URL, setup: WorkerSetup): Slot {
    const worker = new Worker(script, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    let settle: { resolve(result: AuditResult): void; reject(error: Error): void } = { resolve: () => undefined, reject: () => undefined };
    const result = new Promise<AuditResult>((resolve, reject) => (settle = { resolve, reject }));
    result.catch(() => undefined); // reported through `failure` and finish()
    const slot: Slot = { worker, inFlight: 0, result };
    worker.on("message", (message: FromWorker) => {
      if (message.type === "result") settle.resolve(message.result);
      else {
        slot.inFlight--;
        this.wake();
      }
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      settle.reject(error);
      this.wake();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`audit worker exited (${code})`)));
    return slot;
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}

function post(worker: Worker, message: ToWorker): void {
  // oxlint-disable-next-line unicorn/require-post-message-target-origin -- a Node worker_threads Worker, not a window
  worker.postMessage(message);
}
