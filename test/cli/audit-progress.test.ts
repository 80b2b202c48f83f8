/** The progress line of `hoplock audit` (drawn on standard error only when it is a terminal; see audit.test.ts). */
import { strict as assert } from "node:assert";
import { clock, ProgressBar, progressLine } from "../../src/cli/audit-progress.ts";

describe("hoplock audit progress", () => {
  it("shows messages, MB/s and time left against the inputs' total size", () => {
    const line = progressLine({ messages: 12_345, bytes: 50e6, totalBytes: 200e6, elapsedMs: 1000 }, 120);
    assert.equal(line, "[#####---------------]  25%  12,345 messages · 50 MB/s · 0:03 left");
  });

  it("shows messages and MB/s alone when the total is unknown (standard input)", () => {
    assert.equal(progressLine({ messages: 3, bytes: 1.5e6, totalBytes: null, elapsedMs: 2000 }, 120), "3 messages · 0.8 MB/s");
  });

  it("fits a narrow terminal and writes hours as h:mm:ss", () => {
    assert.equal(progressLine({ messages: 1, bytes: 1, totalBytes: 10, elapsedMs: 1 }, 20).length, 19);
    assert.deepEqual([clock(59.6), clock(61), clock(3_725)], ["1:00", "1:01", "1:02:05"]);
  });

  it("clears its line when stopped, so the summary starts on a clean one", () => {
    const written: string[] = [];
    const stream = { columns: 80, write: (text: string) => written.push(text) > 0 } as unknown as NodeJS.WriteStream;
    const bar = new ProgressBar(stream);
    bar.start(["-"]);
    bar.onRead(1000);
    bar.onMessage();
    bar.stop();
    assert.equal(written.at(-1), "\r\u001b[K");
  });
});
