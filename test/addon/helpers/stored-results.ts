/** The add-on's stored results as a restarted background would find them in `storage.session`, read back for tests. */
import type { Report } from "../../../src/analyzer/types.ts";
import { RESULTS_KEY, type ResultsIndex } from "../../../src/background/result-cache.ts";
import type { MemoryArea } from "./fakes.ts";

interface StoredResult {
  messageId: number;
  headerMessageId: string | null;
  storedAt: number;
  report: Report;
}

/** The index's settings and its results, oldest first (none before anything was stored). */
export async function storedResults(area: MemoryArea): Promise<{ settings: string; entries: StoredResult[] }> {
  const index = ((await area.get(RESULTS_KEY)) as ResultsIndex | undefined) ?? { settings: "", entries: [] };
  const entries = await Promise.all(
    index.entries.map(async ({ id }) => (await area.get(`result:${id}`)) as Omit<StoredResult, "report"> & { reportJson: string }),
  );
  return { settings: index.settings, entries: entries.map((entry) => ({ ...entry, report: JSON.parse(entry.reportJson) as Report })) };
}
