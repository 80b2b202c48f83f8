/**
 * Reports per displayed message, kept in `storage.session` (or `storage.local` where there is no session area) so
 * they survive the event page being stopped; one key per message, so a lookup reads one report.
 *
 * Bounded by bytes, not by count: Thunderbird enforces storage.session's 10 MB quota, and one report of a message
 * with hundreds of Received headers weighs as much as a hundred ordinary ones. The oldest results go first. A
 * report is stored as the JSON text the popup receives, so it is serialised once and its size is known exactly.
 *
 * Each result carries the settings it was made under; under other settings it counts as absent and is replaced,
 * which invalidates the cache when the options change without a storage.onChanged listener (Thunderbird logs an
 * error when it removes that listener from a suspended event page).
 */
import type { Report } from "../analyzer/types.ts";
import type { EntryHandoff } from "../audit/index.ts";
import type { KeyValueArea } from "../shared/storage.ts";

/** Key of the index in the session area: a `ResultsIndex`. Each result is kept under its own `result:<id>` key. */
export const RESULTS_KEY = "results";
/** At most this many bytes (UTF-8 JSON of the reports) of the 10 MB quota: room to spare for the index and others. */
export const RESULTS_BYTE_BUDGET = 4 * 1024 * 1024;

export interface CachedResult {
  messageId: number;
  /** Message ids are reused after a restart; the Message-ID header tells a stale entry from a valid one. */
  headerMessageId: string | null;
  /** As Thunderbird decoded it, for the popup's footer. */
  subject: string | null;
  report: Report;
  /** `report` as JSON text: what is stored and what the popup receives. */
  reportJson: string;
  /** Milliseconds since the epoch. */
  storedAt: number;
  /** The entry hand-off the correspondent memory may use (see `entryHandoffOf`), checked anew at each display. */
  handoff: EntryHandoff | null;
}

export type NewResult = Omit<CachedResult, "reportJson">;

/** Which results are stored, oldest first, with their size, and the settings they were all made under. */
export interface ResultsIndex {
  settings: string;
  entries: IndexEntry[];
}

interface IndexEntry {
  id: number;
  bytes: number;
}

function isIndexEntry(entry: unknown): entry is IndexEntry {
  if (typeof entry !== "object" || entry === null) return false;
  const { id, bytes } = entry as Record<string, unknown>;
  return Number.isInteger(id) && Number.isFinite(bytes);
}

/** One result as it sits in storage: the report only as text. */
interface StoredEntry {
  messageId: number;
  headerMessageId: string | null;
  subject: string | null;
  reportJson: string;
  storedAt: number;
  settings: string;
  handoff?: EntryHandoff | null;
}

interface Remembered {
  settings: string;
  result: CachedResult;
  bytes: number;
}

const entryKey = (messageId: number): string => `result:${messageId}`;

export class ResultCache {
  /** Read-modify-write cycles of the index run one after another, so concurrent analyses do not drop each other. */
  private queue: Promise<unknown> = Promise.resolve();
  /**
   * The newest results (within the same byte budget, the newest always), so neither a popup's request nor a repaint
   * waits on storage, and a result whose storage write failed is still served. Storage stays the source of truth
   * across restarts: a restarted event page starts empty and reads from there.
   */
  private readonly memory = new Map<number, Remembered>();
  private memoryBytes = 0;

  constructor(
    private readonly area: KeyValueArea,
    private readonly budgetBytes = RESULTS_BYTE_BUDGET,
  ) {}

  /** A result this cache holds in memory, with the settings it was made under; no storage read. */
  inMemory(messageId: number): { settings: string; result: CachedResult } | null {
    return this.memory.get(messageId) ?? null;
  }

  /** The entry as it is (memory or storage), to check with `usable` once the settings are known. */
  async read(messageId: number): Promise<unknown> {
    return this.memory.get(messageId) ?? this.area.get(entryKey(messageId));
  }

  /** The entry when it was made for this message (same Message-ID) under these settings; parsed once. */
  usable(stored: unknown, headerMessageId: string | null, settings: string): CachedResult | null {
    if (isRemembered(stored)) return stored.settings === settings && stored.result.headerMessageId === headerMessageId ? stored.result : null;
    const entry = storedEntry(stored);
    if (!entry || entry.settings !== settings || entry.headerMessageId !== headerMessageId) return null;
    const report = parseReport(entry.reportJson);
    if (!report) return null;
    const result: CachedResult = {
      messageId: entry.messageId,
      headerMessageId: entry.headerMessageId,
      subject: entry.subject ?? null,
      report,
      reportJson: entry.reportJson,
      storedAt: entry.storedAt,
      handoff: entry.handoff ?? null,
    };
    this.remember(settings, result, utf8Length(entry.reportJson));
    return result;
  }

  /**
   * Serves the result from memory at once, so callers need not wait for storage or lose the result when storage
   * fails; `stored` settles once it is stored (or storage refused it). Reports are never modified after analysis.
   */
  store(settings: string, result: NewResult): { result: CachedResult; stored: Promise<void> } {
    const cached: CachedResult = { ...result, reportJson: JSON.stringify(result.report) };
    const bytes = utf8Length(cached.reportJson);
    this.remember(settings, cached, bytes);
    const stored = this.serially(() => this.persist(settings, cached, bytes));
    return { result: cached, stored };
  }

  /** Resolves once every store begun so far has settled (stored or failed). */
  async flushed(): Promise<void> {
    await this.queue;
  }

  /** Evicts the oldest results until the new one fits; one larger than the whole budget is kept in memory only. */
  private async persist(settings: string, result: CachedResult, bytes: number): Promise<void> {
    if (bytes > this.budgetBytes) return;
    const index = await this.index();
    // Results made under other settings are dropped rather than left to age out.
    const kept = index.settings === settings ? index.entries.filter((entry) => entry.id !== result.messageId) : [];
    const evicted = index.settings === settings ? [] : index.entries.map((entry) => entry.id);
    let total = kept.reduce((sum, entry) => sum + entry.bytes, bytes);
    while (total > this.budgetBytes && kept.length > 0) {
      const oldest = kept.shift() as { id: number; bytes: number };
      evicted.push(oldest.id);
      total -= oldest.bytes;
    }
    // Space first: the quota counts what is there while the new entry is written. Should that write fail, the index
    // still lists the evicted ids: their bytes stay counted, which errs on the safe side until the next store.
    await Promise.all(evicted.filter((id) => id !== result.messageId).map((id) => this.area.remove(entryKey(id))));
    const entry: StoredEntry = { ...withoutReport(result), settings };
    await this.area.set(entryKey(result.messageId), entry);
    await this.area.set(RESULTS_KEY, { settings, entries: [...kept, { id: result.messageId, bytes }] } satisfies ResultsIndex);
  }

  /** Evicts by its own insertion order, not storage's: a store still queued must not drop a newer memory entry. */
  private remember(settings: string, result: CachedResult, bytes: number): void {
    this.forget(result.messageId);
    this.memory.set(result.messageId, { settings, result, bytes });
    this.memoryBytes += bytes;
    for (const [id] of this.memory) {
      if (this.memoryBytes <= this.budgetBytes || id === result.messageId) break;
      this.forget(id);
    }
  }

  private forget(messageId: number): void {
    const known = this.memory.get(messageId);
    if (!known) return;
    this.memory.delete(messageId);
    this.memoryBytes -= known.bytes;
  }

  private async index(): Promise<ResultsIndex> {
    const stored = await this.area.get(RESULTS_KEY);
    const { settings, entries } = (typeof stored === "object" && stored !== null ? stored : {}) as Record<string, unknown>;
    const checked: unknown[] = Array.isArray(entries) ? entries : [];
    return typeof settings === "string" && Array.isArray(entries) && checked.every(isIndexEntry)
      ? { settings, entries: checked }
      : { settings: "", entries: [] };
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function isRemembered(stored: unknown): stored is Remembered {
  return typeof stored === "object" && stored !== null && "result" in stored && "bytes" in stored;
}

function storedEntry(stored: unknown): StoredEntry | null {
  const entry = stored as Partial<StoredEntry> | null | undefined;
  if (typeof entry !== "object" || entry === null || typeof entry.reportJson !== "string" || typeof entry.settings !== "string") return null;
  return entry as StoredEntry;
}

function parseReport(json: string): Report | null {
  try {
    const report = JSON.parse(json) as Report | null;
    return typeof report === "object" && report !== null && report.schema === 2 ? report : null;
  } catch {
    return null;
  }
}

/** Bytes of the UTF-8 encoding, without allocating it: what the quota counts, give or take JSON escapes. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 2; // a surrogate pair: 4 bytes for 2 UTF-16 units
      i++;
    } else bytes += 2;
  }
  return bytes;
}

function withoutReport({ report: _report, ...result }: CachedResult): Omit<CachedResult, "report"> {
  return result;
}
