/**
 * The audit page's reading and analysis against the typed fake of Thunderbird (helpers/mailbox.ts), fed with real
 * header chains: paging, Cancel, unreadable messages, what reaches the correspondent memory, and that the page's
 * numbers are exactly `hoplock audit`'s for the same messages.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { analyze } from "../../src/analyzer/index.ts";
import type { AuditOptions, AuditResult, EntryHandoff } from "../../src/audit/index.ts";
import { senderGroupOf } from "../../src/audit/index.ts";
import { Analysis, type AnalysisLanes, inPageChannel, lanesFor } from "../../src/audit-page/analysis.ts";
import { type CallCounts, emptyCallCounts, tracedReaderApi } from "../../src/audit-page/call-trace.ts";
import { type ListedMessage, MessageReader, READS_IN_FLIGHT } from "../../src/audit-page/reader.ts";
import { AuditRun, type RunEnd } from "../../src/audit-page/run.ts";
import { mboxMessage, Scratch } from "../cli/mail-files.ts";
import { corpusMessage, delivery, FIXTURE_FILES, headerBlockOf, ROOT } from "../audit/mail.ts";
import { FakeMailbox } from "./helpers/mailbox.ts";

/** The fixture folder of the audit tests, then 2,000 copies of its chains (each its own Message-ID and receipt time). */
const FOLDER = [...FIXTURE_FILES.map(headerBlockOf), ...["rcv-282", "rcv-070", "rcv-043"].map(corpusMessage)];

function copies(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const block = FOLDER[i % FOLDER.length] as string;
    const day = new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString();
    return /^Received:/im.test(block) ? delivery(block, day, `copy-${i}`) : block.replace(/^/, `Message-ID: <copy-${i}@copies.hoplock.invalid>\n`);
  });
}

interface Audited {
  end: RunEnd;
  run: AuditRun;
  handoffs: EntryHandoff[];
  counts: CallCounts;
}

/** One worker that answers at once, unless a test asks for several slow ones (so that reads are held back). */
const ONE_LANE: AnalysisLanes = { open: () => inPageChannel(), maxLanes: 1 };

async function audit(mailbox: FakeMailbox, options: AuditOptions = {}, cancelAfterReads: number | null = null, lanes = ONE_LANE): Promise<Audited> {
  const counts = emptyCallCounts();
  const handoffs: EntryHandoff[] = [];
  const run = new AuditRun(
    {
      api: tracedReaderApi(mailbox, counts),
      analysis: (auditOptions, onOutcome) => new Analysis(lanes, auditOptions, onOutcome),
      recordHandoffs: (batch) => handoffs.push(...batch),
      now: () => performance.now(),
      onProgress: () => undefined,
      onCancel: () => (counts.cancelled = true),
    },
    { kind: "listed", tabId: 7 },
    options,
  );
  if (cancelAfterReads !== null) {
    mailbox.onRead = () => {
      if (mailbox.callsNamed("readRawHeaders").length === cancelAfterReads) run.cancel();
    };
  }
  const end = await run.start();
  return { end, run, handoffs, counts };
}

/** A run's result; failing the test when the run has none. */
function resultOf(end: RunEnd): AuditResult {
  assert.ok(end.result, `the run ended ${end.kind} without a result`);
  return end.result;
}

function withoutRefs(result: AuditResult) {
  return { ...result, flagged: { ...result.flagged, items: result.flagged.items.map(({ ref: _ref, ...rest }) => rest) } };
}

describe("audit page: reading a scope's messages", () => {
  it("reads every page of the list with continueList, a few reads in flight, and leaves no list open", async () => {
    const mailbox = new FakeMailbox();
    mailbox.add(copies(250));
    const read: number[] = [];
    const listed: [number, boolean][] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    const api = {
      ...tracedReaderApi(mailbox, emptyCallCounts()),
      readRawHeaders: async (id: number) => {
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        try {
          return await mailbox.readRawHeaders(id);
        } finally {
          inFlight--;
        }
      },
    };
    const reader = new MessageReader(
      api,
      {
        listed: (count, complete) => listed.push([count, complete]),
        read: (message: ListedMessage) => void read.push(message.id),
        unreadable: () => assert.fail(),
      },
      4,
    );
    assert.equal(await reader.read({ kind: "listed", tabId: 7 }), "complete");
    assert.deepEqual(mailbox.callsNamed("listMessages"), [["listMessages", { kind: "listed", tabId: 7 }]]);
    assert.equal(mailbox.callsNamed("continueList").length, 2, "pages of 100: the first, then two more");
    assert.deepEqual(
      [...read].sort((a, b) => a - b),
      Array.from({ length: 250 }, (_, i) => i + 1),
      "each message read once",
    );
    assert.equal(mostInFlight, 4);
    assert.deepEqual(listed.at(-1), [250, true]);
    assert.equal(mailbox.callsNamed("abortList").length, 0, "a list read to its end needs no abort");
    assert.equal(mailbox.openLists, 0);
  });

  it("Cancel: no read or page starts afterwards, abortList ends the open list, and the counts are those read before", async () => {
    const mailbox = new FakeMailbox();
    mailbox.add(copies(1000));
    mailbox.pageDelayMs = 5;
    const { end, counts, run } = await audit(mailbox, {}, 130);
    assert.equal(end.kind, "cancelled");
    assert.deepEqual(counts.afterCancel, { listMessages: 0, continueList: 0, abortList: 1, readRawHeaders: 0 }, "after Cancel only abortList started");
    assert.equal(mailbox.openLists, 0, "the list Thunderbird was filling is aborted");
    const [[, aborted]] = mailbox.callsNamed("abortList") as [[string, string]];
    assert.match(aborted, /^list-/);
    // reads already in flight when Cancel came are dropped: the audit counts exactly those read before it
    const counted = resultOf(end).totals.messages;
    assert.ok(counted < 130 && counted >= 130 - READS_IN_FLIGHT, `${counted} messages counted`);
    assert.equal(end.progress.read, counted);
    assert.equal(run.verdicts.size, counted);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(counts.started.readRawHeaders, 130, "nothing started later either");
  });

  it("Cancel before the first page arrives still ends that list once it is known", async () => {
    const mailbox = new FakeMailbox();
    mailbox.add(copies(300));
    const counts = emptyCallCounts();
    const reader = new MessageReader(tracedReaderApi(mailbox, counts), { listed: () => undefined, read: () => undefined, unreadable: () => undefined });
    const reading = reader.read({ kind: "listed", tabId: 7 });
    counts.cancelled = true;
    reader.cancel();
    assert.equal(await reading, "cancelled");
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.deepEqual(counts.afterCancel, { listMessages: 0, continueList: 0, abortList: 1, readRawHeaders: 0 });
    assert.equal(mailbox.openLists, 0);
  });

  it("counts a message Thunderbird cannot read as unreadable, and reads the others", async () => {
    const mailbox = new FakeMailbox();
    mailbox.add(FOLDER);
    mailbox.unreadable.add(3);
    mailbox.unreadable.add(9);
    const { end } = await audit(mailbox);
    assert.equal(end.kind, "complete");
    const result = resultOf(end);
    assert.equal(result.totals.unreadable, 2);
    assert.equal(result.totals.messages, FOLDER.length - 2);
    assert.deepEqual(
      result.unreadable.items.map((entry) => [entry.what, entry.why, entry.detail]),
      [3, 9].map((id) => [
        { kind: "thunderbird", id, headerMessageId: /^message-id:\s*<([^>]*)>/im.exec(FOLDER[id - 1] as string)?.[1] ?? null },
        "read-failed",
        `Message ${id} could not be read`,
      ]),
    );
    assert.equal(end.progress.read, FOLDER.length, "the progress counts them as done");
  });

  it("a listing Thunderbird refuses ends the audit as failed, with what was read", async () => {
    const mailbox = new FakeMailbox();
    mailbox.add(copies(150));
    mailbox.continueList = async () => {
      throw new Error("Invalid mail tab ID: 7");
    };
    const { end } = await audit(mailbox);
    assert.equal(end.kind, "failed");
    assert.ok(end.kind === "failed" && end.error === "Invalid mail tab ID: 7");
    assert.ok((end.result?.totals.messages ?? 0) <= 100);
  });

  it("hands the memory only entry hand-offs your side recorded from a verified organisation", async () => {
    const mailbox = new FakeMailbox();
    const blocks = copies(FOLDER.length * 3);
    mailbox.add(blocks);
    const { handoffs, end } = await audit(mailbox);
    assert.ok(handoffs.length > 0);
    const verified = blocks.filter((block) => {
      const report = analyze(block);
      const entry = report.entryHop === null ? null : report.hops[report.entryHop - 1];
      return senderGroupOf(report).kind === "verified" && entry?.trust === "recipient" && entry.restsOnClaim === null && report.hops.at(-1)?.time;
    });
    assert.equal(handoffs.length, verified.length, "one per message with a verified, recipient-recorded entry hand-off");
    const verifiedGroups = resultOf(end)
      .groups.filter((group) => group.sender.kind === "verified")
      .map((group) => group.key);
    assert.deepEqual(
      [...new Set(handoffs.map((handoff) => handoff.org))].sort(),
      verifiedGroups.filter((org) => handoffs.some((handoff) => handoff.org === org)),
    );
    assert.ok(
      handoffs.every((handoff) => verifiedGroups.includes(handoff.org)),
      "never an unverified sender (a HELO claim, an address)",
    );
    assert.ok(
      resultOf(end).groups.some((group) => group.sender.kind === "unverified"),
      "the folder has unverified senders, and they fed nothing",
    );
    assert.ok(handoffs.every((handoff) => handoff.basis === "verified-rdns" || handoff.basis === "mail-service-range"));
  });
});

describe("audit page: analysis workers", () => {
  it("opens at most one worker per core, and never more than four", () => {
    assert.deepEqual([0, 1, 2, 3, 4, 16, Number.NaN].map(lanesFor), [1, 1, 2, 3, 4, 4, 1]);
  });

  it("opens no second worker while the first keeps up with the reads", async () => {
    const mailbox = new FakeMailbox();
    mailbox.add(copies(300));
    mailbox.readDelayMs = 2;
    const { run } = await audit(mailbox, {}, null, { open: () => inPageChannel(), maxLanes: 4 });
    assert.equal(run.timings.heldBackMs, 0);
    assert.equal(run.timings.workers, 1);
  });
});

describe("audit page and `hoplock audit` agree", function () {
  this.timeout(60_000);
  const scratch = new Scratch();
  after(() => scratch.removeAll());

  it("on the same 2,000 messages, with the add-on's options (trusted domain, TLS baseline), exactly, also when the analysis fell behind and spread over three workers", async () => {
    const blocks = copies(2000);
    const mailbox = new FakeMailbox();
    mailbox.add(blocks);
    const options = { trustedDomains: ["lfdr.de"], minTlsVersion: "TLSv1.3" } as const;
    const { end } = await audit(mailbox, options);
    // Workers slower than the reads: the reads are held back, and each time another worker opens, up to three.
    const spread = await audit(mailbox, options, null, { open: () => inPageChannel(3), maxLanes: 3 });
    assert.equal(spread.run.timings.workers, 3, "the analysis spread over three workers");
    assert.ok(spread.run.timings.heldBackMs > 0);
    assert.deepEqual(resultOf(spread.end), resultOf(end), "their merged audit is the single worker's");
    const mbox = join(scratch.dir(), "folder.mbox");
    writeFileSync(mbox, blocks.map((block) => mboxMessage(block)).join(""));
    const cli = spawnSync(
      process.execPath,
      [join(ROOT, "bin/hoplock.js"), "audit", "--json", "--include-personal", "--workers", "0", "--trusted", "lfdr.de", "--min-tls", "TLSv1.3", mbox],
      { encoding: "utf8", maxBuffer: 64 << 20 },
    );
    assert.equal(cli.status, 0, cli.stderr);
    const fromCli = JSON.parse(cli.stdout) as AuditResult;
    const fromPage = resultOf(end);
    assert.equal(fromPage.totals.messages, 2000);
    assert.ok(fromPage.totals.counted > 1500);
    assert.deepEqual(withoutRefs(fromPage), withoutRefs(fromCli));
    // the flagged messages are the same ones: Thunderbird's ids are the mbox's positions here
    assert.deepEqual(
      fromPage.flagged.items.map((message) => (message.ref.kind === "thunderbird" ? message.ref.id : -1)),
      fromCli.flagged.items.map((message) => (message.ref.kind === "file" ? message.ref.index : -1)),
    );
  });

  it("with `since`: skipped and counted messages the same as `hoplock audit --since`", async () => {
    const blocks = copies(300);
    const mailbox = new FakeMailbox();
    mailbox.add(blocks);
    const { end } = await audit(mailbox, { since: "2024-01-07" });
    const mbox = join(scratch.dir(), "since.mbox");
    writeFileSync(mbox, blocks.map((block) => mboxMessage(block)).join(""));
    const cli = spawnSync(process.execPath, [join(ROOT, "bin/hoplock.js"), "audit", "--json", "--include-personal", "--since", "2024-01-07", mbox], {
      encoding: "utf8",
    });
    const fromCli = JSON.parse(cli.stdout) as AuditResult;
    assert.ok(resultOf(end).totals.skipped["before-since"] > 100);
    assert.deepEqual(withoutRefs(resultOf(end)), withoutRefs(fromCli));
  });
});
