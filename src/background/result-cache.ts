/**
 * Reports per displayed message, kept in `storage.session` (or `storage.local` where there is no session area) so
 * they survive the event page being stopped; one key per message, so a lookup reads one report. Bounded: the
 * oldest entries go first. Each result carries the settings it was made under; under other settings it counts as
 * absent and is replaced, which invalidates the cache when the options change without a storage.onChanged listener
 * (Thunderbird logs an error when it removes that listener from a suspended event page).
 */
import type { Report } from "../analyzer/types.ts";
import type { KeyValueArea } from "../shared/storage.ts";

/** Key of the index in the session area: a `ResultsIndex`. Each result is kept under its own `result:<id>` key. */
export const RESULTS_KEY = "results";
export const RESULTS_LIMIT = 50;

export interface CachedResult {
  messageId: number;
  /** Message ids are reused after a restart; the Message-ID header tells a stale entry from a valid one. */
  headerMessageId: string | null;
  report: Report;
  /** Milliseconds since the epoch. */
  storedAt: number;
}

/** Which results are stored, oldest first, and the settings they were all made under (see `analysisFingerprint`). */
export interface ResultsIndex {
  settings: string;
  ids: number[];
}

/** What is stored, assembled: for tests and diagnostics. */
export interface StoredResults {
  settings: string;
  entries: CachedResult[];
}

interface StoredEntry extends CachedResult {
  settings: string;
}

const entryKey = (messageId: number): string => `result:${messageId}`;

export class ResultCache {
  /** Read-modify-write cycles of the index run one after another, so concurrent analyses do not drop each other. */
  private queue: Promise<unknown> = Promise.resolve();
  /**
   * The newest results this background made (at most `limit`), so neither a popup's request nor a repaint waits on
   * storage. Storage stays the source of truth: a restarted event page starts empty and reads from there.
   */
  private readonly recent = new Map<number, StoredEntry>();

  constructor(private readonly area: KeyValueArea, private readonly limit = RESULTS_LIMIT) {}

  /** Reads one entry, never the others: a lookup costs the same with one result stored or fifty. */
  async find(messageId: number, headerMessageId: string | null, settings: string): Promise<CachedResult | null> {
    return usableEntry(await this.read(messageId), headerMessageId, settings);
  }

  /** The stored entry as it is, to check with `usableEntry` once the settings are known. */
  async read(messageId: number): Promise<unknown> {
    return this.recent.get(messageId) ?? this.area.get(entryKey(messageId));
  }

  /**
   * Serves the result from memory at once, so callers need not wait for storage; resolves once it is stored. The
   * memory copy is the caller's object: reports are never modified after analysis.
   */
  store(settings: string, result: CachedResult): Promise<void> {
    const entry: StoredEntry = { ...result, settings };
    this.remember(entry);
    return this.serially(async () => {
      const index = await this.index();
      // Results made under other settings are dropped rather than left to age out.
      const ids = index.settings === settings ? index.ids.filter((id) => id !== result.messageId) : [];
      const dropped = index.settings === settings ? [] : index.ids;
      ids.push(result.messageId);
      const kept = ids.slice(-this.limit);
      const evicted = [...dropped, ...ids.slice(0, ids.length - kept.length)].filter((id) => id !== result.messageId);
      await this.area.set(entryKey(result.messageId), entry);
      await this.area.set(RESULTS_KEY, { settings, ids: kept } satisfies ResultsIndex);
      await Promise.all(evicted.map((id) => this.area.remove(entryKey(id))));
    });
  }

  /** Resolves once every store begun so far has settled (stored or failed). */
  async flushed(): Promise<void> {
    await this.queue;
  }

  async snapshot(): Promise<StoredResults> {
    const { settings, ids } = await this.index();
    const stored = await Promise.all(ids.map((id) => this.area.get(entryKey(id)) as Promise<StoredEntry | undefined>));
    const entries = stored.filter((entry): entry is StoredEntry => entry?.settings === settings).map(withoutSettings);
    return { settings, entries };
  }

  /** Evicts by its own insertion order, not storage's: a store still queued must not drop a newer memory entry. */
  private remember(entry: StoredEntry): void {
    this.recent.delete(entry.messageId);
    this.recent.set(entry.messageId, entry);
    const [oldest] = this.recent.keys();
    if (this.recent.size > this.limit && oldest !== undefined) this.recent.delete(oldest);
  }

  private async index(): Promise<ResultsIndex> {
    const stored = (await this.area.get(RESULTS_KEY)) as Partial<ResultsIndex> | undefined;
    const valid = typeof stored?.settings === "string" && Array.isArray(stored.ids) && stored.ids.every(Number.isInteger);
    return valid ? { settings: stored.settings as string, ids: stored.ids as number[] } : { settings: "", ids: [] };
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** The entry when it was made for this message (same Message-ID) under these settings. */
export function usableEntry(stored: unknown, headerMessageId: string | null, settings: string): CachedResult | null {
  const entry = stored as Partial<StoredEntry> | null | undefined;
  if (typeof entry !== "object" || entry === null || !entry.report) return null;
  return entry.settings === settings && entry.headerMessageId === headerMessageId ? (entry as CachedResult) : null;
}

function withoutSettings({ settings: _settings, ...entry }: StoredEntry): CachedResult {
  return entry;
}
