/**
 * The page's side of the analysis: batches go out, outcomes and results come back. It runs in workers in the add-on
 * (`workerChannel`) and in the same thread in tests (`inPageChannel`); both speak the same requests (analysis-core.ts).
 */
import type { AuditOptions, AuditResult, UnreadableEntry } from "../audit/index.ts";
import { mergeAudits, mergeCounts } from "../audit/index.ts";
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

/** The analysis in this thread, answering in a later task as a worker would (`delayMs` later: a slow worker). */
export function inPageChannel(delayMs = 0): AnalysisChannel {
  let handler: (answer: AnalysisAnswer) => void = () => undefined;
  const host = new AnalysisHost((answer) => handler(answer));
  let closed = false;
  return {
    post: (request) => setTimeout(() => closed || host.handle(request), delayMs),
    listen: (listener) => (handler = listener),
    close: () => (closed = true),
  };
}

/**
 * How the analysis spreads over workers: it starts with one and opens another, up to `maxLanes`, each time the reads
 * are held back because the analysis fell behind (`grow`). With the JIT on, one worker keeps up with Thunderbird's
 * reads and no other is opened (each would cost its own warm-up); under an engine without it (Debian's default),
 * the analysis sets the pace and every core helps.
 */
export interface AnalysisLanes {
  open: () => AnalysisChannel;
  maxLanes: number;
}

/** The most workers an audit opens: a core each, but few (each holds its own engine and audit). */
export function lanesFor(cores: number): number {
  return Math.max(1, Math.min(4, Math.floor(cores) || 1));
}

export class Analysis {
  private readonly lanes: Lane[] = [];
  private readonly drainWaiters: { size: number; resolve: () => void }[] = [];
  private failure: Error | null = null;

  constructor(
    private readonly settings: AnalysisLanes,
    private readonly options: AuditOptions,
    private readonly onOutcome: (outcome: BatchOutcome) => void,
  ) {
    this.openLane();
  }

  /** Messages posted and not analysed yet, over all workers. */
  get backlog(): number {
    return this.lanes.reduce((sum, lane) => sum + lane.pending, 0);
  }

  get laneCount(): number {
    return this.lanes.length;
  }

  /** The analysis fell behind the reads: one more worker, when allowed. */
  grow(): void {
    if (this.lanes.length < this.settings.maxLanes && !this.failure) this.openLane();
  }

  add(batch: HeaderBatch): void {
    const lane = this.lanes.reduce((best, candidate) => (candidate.pending < best.pending ? candidate : best));
    lane.add(batch);
  }

  addUnreadable(entry: UnreadableEntry): void {
    this.lanes[0]?.post({ kind: "unreadable", entry });
  }

  /** Resolves once at most `size` messages wait for analysis. */
  drained(size: number): Promise<void> {
    if (this.backlog <= size || this.failure) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push({ size, resolve }));
  }

  /** The audit of every batch posted so far: each worker's, merged (requests are answered in order). */
  async result(): Promise<AuditResult> {
    const parts = await Promise.all(this.lanes.map((lane) => lane.ask("result") as Promise<AuditResult>));
    return parts.length === 1 ? (parts[0] as AuditResult) : mergeAudits(parts);
  }

  /** The counts so far, for the progress view. */
  async summary(): Promise<AuditSummary> {
    return mergeCounts(await Promise.all(this.lanes.map((lane) => lane.ask("summary"))));
  }

  close(): void {
    for (const lane of this.lanes) lane.close();
  }

  private openLane(): void {
    const lane = new Lane(this.settings.open(), {
      outcome: (outcome) => {
        this.onOutcome(outcome);
        this.releaseDrained();
      },
      failed: (error) => {
        this.failure ??= error;
        this.releaseDrained();
      },
    });
    lane.post({ kind: "start", options: this.options });
    this.lanes.push(lane);
  }

  private releaseDrained(): void {
    const backlog = this.backlog;
    for (let i = this.drainWaiters.length - 1; i >= 0; i--) {
      const waiter = this.drainWaiters[i];
      if (waiter && (backlog <= waiter.size || this.failure)) {
        this.drainWaiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }
}

/** One worker: its batches in flight and its answers. */
class Lane {
  /** Messages posted and not analysed yet. */
  pending = 0;
  private readonly waiters = new Map<number, { resolve: (answer: AuditResult | AuditSummary) => void; reject: (error: Error) => void }>();
  private nextRequest = 1;
  private failure: Error | null = null;

  constructor(
    private readonly channel: AnalysisChannel,
    private readonly on: { outcome: (outcome: BatchOutcome) => void; failed: (error: Error) => void },
  ) {
    channel.listen((answer) => this.answered(answer));
  }

  post(request: AnalysisRequest): void {
    this.channel.post(request);
  }

  add(batch: HeaderBatch): void {
    this.pending += batch.ids.length;
    this.channel.post({ kind: "batch", batch });
  }

  ask(kind: "result" | "summary"): Promise<AuditResult | AuditSummary> {
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
        this.on.outcome(answer.outcome);
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
        this.on.failed(this.failure);
        break;
    }
  }
}
