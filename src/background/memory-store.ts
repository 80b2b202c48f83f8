/**
 * The correspondent memory (src/audit/memory.ts) kept in `storage.local` under MEMORY_KEY: loaded once per event-page
 * life, saved a moment after it changes (one write for a burst of records, such as an audit's batch), so that it
 * survives the event page being stopped when idle. The background is its only writer: the audit page and the
 * options page send it their hand-offs and their "clear".
 */
import type { CorrespondentMemory, DowngradeCheck, EntryHandoff } from "../audit/index.ts";
import { loadMemory } from "../audit/index.ts";
import type { KeyValueArea } from "../shared/storage.ts";

/** Key in `storage.local`; its size is bounded by MEMORY_BUDGET_BYTES (test/audit/memory.test.ts checks it). */
export const MEMORY_KEY = "correspondentMemory";

/** Long enough to gather a burst of records into one write, far below the event page's idle timeout (30 s). */
export const SAVE_DELAY_MS = 1000;

export class MemoryStore {
  private memory: Promise<CorrespondentMemory> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly area: KeyValueArea,
    private readonly saveDelayMs = SAVE_DELAY_MS,
  ) {}

  /** The message's hand-off compared with its organisation's earlier ones; then remembered (once per message). */
  async checkAndRecord(handoff: EntryHandoff): Promise<DowngradeCheck> {
    const memory = await this.loaded();
    const check = memory.check(handoff);
    if (memory.record(handoff) === "recorded") this.saveSoon();
    return check;
  }

  async check(handoff: EntryHandoff): Promise<DowngradeCheck> {
    return (await this.loaded()).check(handoff);
  }

  /** Remembers an audit's hand-offs; returns how many were new. */
  async recordAll(handoffs: readonly EntryHandoff[]): Promise<number> {
    const memory = await this.loaded();
    let recorded = 0;
    for (const handoff of handoffs) if (memory.record(handoff) === "recorded") recorded++;
    if (recorded > 0) this.saveSoon();
    return recorded;
  }

  async clear(): Promise<void> {
    (await this.loaded()).clear();
    this.cancelSave();
    await this.saving;
    await this.area.remove(MEMORY_KEY);
  }

  /** Writes a pending change now. */
  async flush(): Promise<void> {
    if (this.timer !== null) {
      this.cancelSave();
      this.save();
    }
    await this.saving;
  }

  private loaded(): Promise<CorrespondentMemory> {
    // A stored form this version cannot read starts an empty memory rather than failing every message.
    this.memory ??= this.area.get(MEMORY_KEY).then(
      (saved) => loadMemory(saved),
      () => loadMemory(),
    );
    return this.memory;
  }

  private saveSoon(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.save();
    }, this.saveDelayMs);
  }

  private cancelSave(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private save(): void {
    this.saving = this.saving
      .then(() => this.loaded())
      .then((memory) => this.area.set(MEMORY_KEY, memory.save()))
      .catch(() => undefined); // a failed write leaves the last saved form; the next change tries again
  }
}
