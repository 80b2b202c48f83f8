/**
 * One audit run in the page: the reader hands header blocks over in batches to the analysis (workers), holding back
 * when it falls behind (and then opening another worker, when allowed), so the page stays responsive and the reads
 * never stop; the counts so far are asked for every second (a worker's `result()` deep-copies, and only the counts
 * cross), the verdict of each message is kept for tags, and the entry hand-offs go to the correspondent memory (the
 * background's) in batches.
 */
import type { Verdict } from "../analyzer/index.ts";
import type { AuditOptions, AuditResult, EntryHandoff } from "../audit/index.ts";
import type { AuditScope } from "../background/thunderbird.ts";
import { errorText } from "../shared/protocol.ts";
import type { Analysis } from "./analysis.ts";
import type { AuditSummary, BatchOutcome, HeaderBatch } from "./analysis-core.ts";
import { type Progress, progressOf } from "./progress.ts";
import { type ListedMessage, MessageReader, type ReaderApi } from "./reader.ts";

/** Messages per batch posted to the analysis: few posts, and a batch is analysed in a few milliseconds. */
const BATCH_SIZE = 32;
/** The reads pause while this many messages wait for analysis; memory stays bounded and the pace is the slower side's. */
const MAX_BACKLOG = 256;
/** Progress is redrawn this often; every second tick also brings the counts so far. */
const TICK_MS = 500;
/** Entry hand-offs are sent to the memory in batches of this size (and at the end). */
const HANDOFF_BATCH = 1000;

export interface RunDeps {
  api: ReaderApi;
  /** Creates the analysis, which reports each analysed batch to `onOutcome`. */
  analysis: (options: AuditOptions, onOutcome: (outcome: BatchOutcome) => void) => Analysis;
  /** Hands entry hand-offs to the correspondent memory; never awaited. */
  recordHandoffs: (handoffs: EntryHandoff[]) => void;
  now: () => number;
  /** Progress, and now and then a snapshot of the audit so far. */
  onProgress: (progress: Progress, partial: AuditSummary | null) => void;
  /** Told first when Cancel is pressed, and when the run has ended (the page's test hook listens). */
  onCancel?: (() => void) | undefined;
  onEnd?: ((end: RunEnd) => void) | undefined;
}

export type RunEnd =
  | { kind: "complete" | "cancelled"; result: AuditResult; progress: Progress }
  | { kind: "failed"; error: string; result: AuditResult | null; progress: Progress };

export class AuditRun {
  /** Each message's verdict, for tagging. */
  readonly verdicts = new Map<number, Verdict>();
  private readonly reader: MessageReader;
  private analysis: Analysis | null = null;
  private batch: HeaderBatch = emptyBatch();
  private handoffs: EntryHandoff[] = [];
  private read = 0;
  private listed = 0;
  private listComplete = false;
  private startedAt = 0;
  private endedAt: number | null = null;
  /** Where the time went: analysing (in the workers, added up), reads held back while the analysis caught up; how many workers. */
  readonly timings = { analysisMs: 0, heldBackMs: 0, workers: 1 };

  constructor(
    private readonly deps: RunDeps,
    private readonly scope: AuditScope,
    private readonly options: AuditOptions,
  ) {
    this.reader = new MessageReader(deps.api, {
      listed: (count, complete) => {
        this.listed = count;
        this.listComplete = complete;
      },
      read: (message, headerBlock) => this.take(message, headerBlock),
      unreadable: (message, error) => this.unreadable(message, error),
    });
  }

  async start(): Promise<RunEnd> {
    this.startedAt = this.deps.now();
    const analysis = this.deps.analysis(this.options, (outcome) => this.analysed(outcome));
    this.analysis = analysis;
    let ticks = 0;
    let snapshotPending = false;
    const ticker = setInterval(() => {
      const progress = this.progress();
      if (++ticks % 2 !== 0 || snapshotPending) return this.deps.onProgress(progress, null);
      snapshotPending = true;
      analysis.summary().then(
        (partial) => {
          snapshotPending = false;
          return this.endedAt === null ? this.deps.onProgress(this.progress(), partial) : undefined;
        },
        () => (snapshotPending = false),
      );
    }, TICK_MS);
    let end: RunEnd;
    try {
      const outcome = await this.reader.read(this.scope);
      const result = await this.finish(analysis);
      end = { kind: outcome, result, progress: this.progress() };
    } catch (error) {
      const result = await this.finish(analysis).catch(() => null);
      end = { kind: "failed", error: errorText(error), result, progress: this.progress() };
    } finally {
      clearInterval(ticker);
      analysis.close();
    }
    this.deps.onEnd?.(end);
    return end;
  }

  /** Stops reading at once; the messages read so far make the (partial) result. */
  cancel(): void {
    this.deps.onCancel?.();
    this.reader.cancel();
  }

  /** Messages per second from the start to the final result. */
  progress(): Progress {
    return progressOf(this.read, this.listed, this.listComplete, (this.endedAt ?? this.deps.now()) - this.startedAt);
  }

  private take(message: ListedMessage, headerBlock: string): Promise<void> | undefined {
    const { batch } = this;
    batch.ids.push(message.id);
    batch.headerMessageIds.push(message.headerMessageId);
    batch.headerBlocks.push(headerBlock);
    this.read++;
    if (batch.ids.length < BATCH_SIZE) return undefined;
    this.flush();
    const analysis = this.analysis as Analysis;
    if (analysis.backlog <= MAX_BACKLOG) return undefined;
    // The analysis sets the pace: another worker helps, when there is a core for it.
    analysis.grow();
    this.timings.workers = analysis.laneCount;
    const heldAt = this.deps.now();
    return analysis.drained(MAX_BACKLOG / 2).then(() => void (this.timings.heldBackMs += this.deps.now() - heldAt));
  }

  private unreadable(message: ListedMessage, error: unknown): void {
    this.read++;
    this.analysis?.addUnreadable({
      what: { kind: "thunderbird", id: message.id, headerMessageId: message.headerMessageId },
      why: "read-failed",
      detail: errorText(error) || null,
    });
  }

  private flush(): void {
    if (this.batch.ids.length === 0) return;
    this.analysis?.add(this.batch);
    this.batch = emptyBatch();
  }

  private analysed(outcome: BatchOutcome): void {
    this.timings.analysisMs += outcome.ms;
    outcome.ids.forEach((id, i) => this.verdicts.set(id, outcome.verdicts[i] as Verdict));
    this.handoffs.push(...outcome.handoffs);
    if (this.handoffs.length >= HANDOFF_BATCH) this.sendHandoffs();
  }

  private sendHandoffs(): void {
    if (this.handoffs.length === 0) return;
    this.deps.recordHandoffs(this.handoffs);
    this.handoffs = [];
  }

  /** Every message read is analysed (a cancelled run's too): the result, and the last hand-offs sent. */
  private async finish(analysis: Analysis): Promise<AuditResult> {
    this.flush();
    const result = await analysis.result();
    this.endedAt = this.deps.now();
    this.sendHandoffs();
    return result;
  }
}

function emptyBatch(): HeaderBatch {
  return { ids: [], headerMessageIds: [], headerBlocks: [] };
}
