/**
 * The audit's analysis of header blocks, as the worker runs it (see worker.ts): the same src/audit aggregate the CLI
 * uses, fed as `addHeaders` feeds it (the report made with the audit's own options, the message's facts), plus what
 * the page needs per message besides the audit: its verdict (for tags) and its entry hand-off when the correspondent
 * memory may use it (`entryHandoffOf` decides). The facts are read once for both.
 */
import type { Verdict } from "../analyzer/index.ts";
import { analyze } from "../analyzer/index.ts";
import type { Audit, AuditOptions, AuditResult, EntryHandoff, UnreadableEntry } from "../audit/index.ts";
import { createAudit, entryHandoffOf, readMessageFacts } from "../audit/index.ts";

export interface HeaderBatch {
  ids: number[];
  headerMessageIds: (string | null)[];
  headerBlocks: string[];
}

export interface BatchOutcome {
  ids: number[];
  verdicts: Verdict[];
  /** Entry hand-offs recorded by your side from a verified organisation. */
  handoffs: EntryHandoff[];
  /** How long the batch took to analyse, for the page's diagnostics. */
  ms: number;
}

export class AnalysisCore {
  private readonly audit: Audit;

  constructor(options: AuditOptions) {
    this.audit = createAudit(options);
  }

  addBatch(batch: HeaderBatch): BatchOutcome {
    const startedAt = performance.now();
    const verdicts: Verdict[] = [];
    const handoffs: EntryHandoff[] = [];
    batch.headerBlocks.forEach((headers, i) => {
      const ref = { kind: "thunderbird", id: batch.ids[i] as number, headerMessageId: batch.headerMessageIds[i] ?? null } as const;
      // What audit.addHeaders does, with the facts kept for the memory's hand-off too.
      const facts = readMessageFacts(headers);
      const report = analyze(headers, this.audit.analyzeOptions);
      this.audit.add(report, { ref, facts });
      verdicts.push(report.verdict);
      const reading = entryHandoffOf(report, facts);
      if (reading.kind === "handoff") handoffs.push(reading.handoff);
    });
    return { ids: batch.ids, verdicts, handoffs, ms: performance.now() - startedAt };
  }

  addUnreadable(entry: UnreadableEntry): void {
    this.audit.addUnreadable(entry);
  }

  result(): AuditResult {
    return this.audit.result();
  }
}

/** What the page asks of the analysis, and what it answers: posted to and from the worker as they are. */
/** What a running audit shows of itself: the counts behind the headline and the bar of states. */
export type AuditSummary = Pick<AuditResult, "totals" | "states">;

export type AnalysisRequest =
  | { kind: "start"; options: AuditOptions }
  | { kind: "batch"; batch: HeaderBatch }
  | { kind: "unreadable"; entry: UnreadableEntry }
  /** The whole audit (at the end), or its summary (while it runs: the page need not copy the rest each time). */
  | { kind: "result" | "summary"; request: number };

export type AnalysisAnswer =
  | { kind: "batch-done"; outcome: BatchOutcome }
  | { kind: "result"; request: number; result: AuditResult }
  | { kind: "summary"; request: number; summary: AuditSummary }
  | { kind: "failed"; message: string };

/** One request handled; the worker and the in-page analysis share it. */
export class AnalysisHost {
  private core: AnalysisCore | null = null;

  constructor(private readonly answer: (answer: AnalysisAnswer) => void) {}

  handle(request: AnalysisRequest): void {
    try {
      this.handleOne(request);
    } catch (error) {
      this.answer({ kind: "failed", message: error instanceof Error ? error.message : String(error) });
    }
  }

  private handleOne(request: AnalysisRequest): void {
    if (request.kind === "start") {
      this.core = new AnalysisCore(request.options);
      return;
    }
    const core = this.core;
    if (!core) throw new Error("analysis not started");
    switch (request.kind) {
      case "batch":
        this.answer({ kind: "batch-done", outcome: core.addBatch(request.batch) });
        break;
      case "unreadable":
        core.addUnreadable(request.entry);
        break;
      case "result":
        this.answer({ kind: "result", request: request.request, result: core.result() });
        break;
      case "summary": {
        const { totals, states } = core.result();
        this.answer({ kind: "summary", request: request.request, summary: { totals, states } });
        break;
      }
    }
  }
}
