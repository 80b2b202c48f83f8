/**
 * Reports per displayed message, kept in `storage.session` (or `storage.local` where there is no session area) so
 * they survive the event page being stopped. Bounded: the oldest entries go first. The stored results carry the
 * settings they were made under; under other settings they count as empty and are replaced, which invalidates the
 * cache when the options change without a storage.onChanged listener (Thunderbird logs an error when it removes
 * that listener from a suspended event page).
 */
import type { Report } from "../analyzer/types.ts";
import type { KeyValueArea } from "../shared/storage.ts";

/** Key in the session area; the stored value is a `StoredResults`. Read by the e2e tests. */
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

export interface StoredResults {
  /** The settings every entry was made under (see `analysisFingerprint`). */
  settings: string;
  /** Oldest first. */
  entries: CachedResult[];
}

export class ResultCache {
  /** Read-modify-write cycles run one after another, so concurrent analyses do not drop each other's entries. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly area: KeyValueArea, private readonly limit = RESULTS_LIMIT) {}

  async find(messageId: number, headerMessageId: string | null, settings: string): Promise<CachedResult | null> {
    const entry = (await this.entries(settings)).find((e) => e.messageId === messageId);
    return entry && entry.headerMessageId === headerMessageId ? entry : null;
  }

  store(settings: string, result: CachedResult): Promise<void> {
    return this.serially(async () => {
      const entries = (await this.entries(settings)).filter((e) => e.messageId !== result.messageId);
      entries.push(result);
      const value: StoredResults = { settings, entries: entries.slice(-this.limit) };
      await this.area.set(RESULTS_KEY, value);
    });
  }

  /** The entries made under these settings: none when the settings changed since (or nothing usable is stored). */
  private async entries(settings: string): Promise<CachedResult[]> {
    const stored = (await this.area.get(RESULTS_KEY)) as Partial<StoredResults> | undefined;
    return stored?.settings === settings && Array.isArray(stored.entries) ? stored.entries : [];
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
