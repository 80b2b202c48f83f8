/**
 * The page's side of the analysis: batches go out, outcomes and results come back. It runs in a worker in the add-on
 * (`workerChannel`) and in the same thread in tests (`inPageChannel`); both speak the same requests (analysis-core.ts).
 */
import type { AuditOptions, AuditResult, UnreadableEntry } from "../audit/index.ts";
import type { AnalysisAnswer, AnalysisRequest, AuditSummary, BatchOutcome, HeaderBatch } from "./analysis-core.ts";
import { AnalysisHost } from "./analysis-core.ts";

export interface AnalysisChannel {
  post(request: AnalysisRequest): void;
  listen(handler: (answer: AnalysisAnswer) => void): void;
  close(): void;
}

/** The analysis in a worker thread (build/addon/audit-worker.js). */
export function workerChannel(scriptUrl: string): AnalysisChannel {
  const worker = new Worker(scriptUrl);
  return {
    post: (request) => worker.postMessage(request, []), // a worker, not a window: no origin to name
    listen: (handler) => worker.addEventListener("message", (event: MessageEvent<AnalysisAnswer>) => handler(event.data)),
    close: () => worker.terminate(),
  };
}

/** The analysis in this thread, answering in a later task as a worker would. */
export function inPageChannel(): AnalysisChannel {
  let handler: (answer: AnalysisAnswer) => void = () => undefined;
  const host = new AnalysisHost((answer) => handler(answer));
  let closed = false;
  return {
    post: (request) => setTimeout(() => closed || host.handle(request), 0),
    listen: (listener) => (handler = listener),
    close: () => (closed = true),
  };
}

export class Analysis {
  /** Messages posted and not analysed yet. */
  private pending = 0;
  private readonly drainWaiters: { size: number; resolve: () => void }[] = [];
  private readonly waiters = new Map<number, { resolve: (answer: AuditResult | AuditSummary) => void; reject: (error: Error) => void }>();
  private nextRequest = 1;
  private failure: Error | null = null;

  constructor(
    private readonly channel: AnalysisChannel,
    options: AuditOptions,
    private readonly onOutcome: (outcome: BatchOutcome) => void,
  ) {
    channel.listen((answer) => this.answered(answer));
    channel.post({ kind: "start", options });
  }

  get backlog(): number {
    return this.pending;
  }

  add(batch: HeaderBatch): void {
    this.pending += batch.ids.length;
    this.channel.post({ kind: "batch", batch });
  }

  addUnreadable(entry: UnreadableEntry): void {
    this.channel.post({ kind: "unreadable", entry });
  }

  /** Resolves once at most `size` messages wait for analysis. */
  drained(size: number): Promise<void> {
    if (this.pending <= size || this.failure) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push({ size, resolve }));
  }

  /** The audit of every batch posted so far (requests are answered in order). */
  result(): Promise<AuditResult> {
    return this.ask("result") as Promise<AuditResult>;
  }

  /** The counts so far, for the progress view. */
  summary(): Promise<AuditSummary> {
    return this.ask("summary");
  }

  private ask(kind: "result" | "summary"): Promise<AuditResult | AuditSummary> {
    if (this.failure) return Promise.reject(this.failure);
    const request = this.nextRequest++;
    const answered = new Promise<AuditResult | AuditSummary>((resolve, reject) => this.waiters.set(request, { resolve, reject }));
    this.channel.post({ kind, request });
    return answered;
  }

  close(): void {
    this.channel.close();
  }

  private answered(answer: AnalysisAnswer): void {
    switch (answer.kind) {
      case "batch-done":
        this.pending -= answer.outcome.ids.length;
        this.onOutcome(answer.outcome);
        this.releaseDrained();
        break;
      case "result":
      case "summary":
        this.waiters.get(answer.request)?.resolve(answer.kind === "result" ? answer.result : answer.summary);
        this.waiters.delete(answer.request);
        break;
      case "failed":
        this.failure = new Error(answer.message);
        for (const waiter of this.waiters.values()) waiter.reject(this.failure);
        this.waiters.clear();
        this.releaseDrained();
        break;
    }
  }

  private releaseDrained(): void {
    for (let i = this.drainWaiters.length - 1; i >= 0; i--) {
      const waiter = this.drainWaiters[i];
      if (waiter && (this.pending <= waiter.size || this.failure)) {
        this.drainWaiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }
}
