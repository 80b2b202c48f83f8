/** The audit runner in process: workers that fail end the audit with an error instead of a hang or a partial result. */
import { strict as assert } from "node:assert";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { runAudit } from "../../src/cli/audit-run.ts";
import { fixture, ROOT } from "./mail-files.ts";

describe("hoplock audit runner", function () {
  this.timeout(30_000);

  it("rejects when a worker thread cannot start, rather than waiting for it forever", async () => {
    const missing = pathToFileURL(join(ROOT, "dist/cli/no-such-worker.js"));
    await assert.rejects(runAudit({ paths: [fixture("messages")], options: {}, workers: 1, workerScript: missing }));
  });

  it("audits on the main thread with 0 workers", async () => {
    const result = await runAudit({ paths: [fixture("messages")], options: {}, workers: 0, workerScript: pathToFileURL("/unused") });
    assert.deepEqual([result.totals.messages, result.totals.counted], [6, 6]);
  });
});
