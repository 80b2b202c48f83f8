/** The CLI's streaming reader, in process: what it yields for each kind of input, at every chunk boundary. */
import { strict as assert } from "node:assert";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { type InputItem, MAX_COUNTED_HEADER_BYTES, MAX_HEADER_BYTES, type ReadOptions, readInputs } from "../../src/cli/input/index.ts";
import { crlf, headerBlockOf, mboxMessage, Scratch } from "./mail-files.ts";

// Real chains: Hotmail → Proofpoint → LuxSci (6 Received), Gmail → Yandex (3), PowerMTA → Exchange Online (4).
const SEED = headerBlockOf("messages/00-seed-hotmail-proofpoint-luxsci.eml");
const GMAIL = headerBlockOf("messages/12-gmail-to-yandex-tls13.eml");
const EOP = headerBlockOf("messages/16-powermta-to-eop-cleartext.eml");

async function collect(paths: string[], options: ReadOptions = {}): Promise<InputItem[]> {
  const items: InputItem[] = [];
  for await (const item of readInputs(paths, options)) items.push(item);
  return items;
}

/** What a test compares: kind, position, and the header block or reason. */
function summary(items: InputItem[]): string[] {
  return items.map((item) => {
    if (item.kind === "message") return `${item.source}#${item.index} ${item.format}${item.cut ? " truncated" : ""}: ${item.headers}`;
    if (item.kind === "skipped") return `${item.source}#${item.index} skipped ${item.why}`;
    return `${item.source} unreadable ${item.why}`;
  });
}

const headersOf = (items: InputItem[]) => items.map((item) => (item.kind === "message" ? item.headers : item.kind));
const stdinOf = (text: string) => ({ stdin: Readable.from([Buffer.from(text)]) });

describe("CLI input reader", function () {
  this.timeout(30_000);
  const scratch = new Scratch();
  after(() => scratch.removeAll());

  function write(name: string, content: string | Buffer): string {
    const file = join(scratch.dir(), name);
    writeFileSync(file, content);
    return file;
  }

  it("reads an mbox with LF or CRLF line ends into the same header blocks", async () => {
    const lf = mboxMessage(SEED) + mboxMessage(GMAIL) + mboxMessage(EOP);
    assert.deepEqual(headersOf(await collect([write("lf.mbox", lf)])), [SEED, GMAIL, EOP]);
    assert.deepEqual(headersOf(await collect([write("crlf.mbox", crlf(lf))])), [SEED, GMAIL, EOP].map(crlf));
  });

  it("takes mboxrd `>From ` lines and a `From ` line inside a paragraph as body text", async () => {
    const body = "First paragraph.\n\n>From the archive, escaped.\nThe paragraph goes on and\nFrom here on it is still the body.\n";
    const items = await collect([write("rd.mbox", mboxMessage(SEED, body) + mboxMessage(GMAIL, body))]);
    assert.deepEqual(headersOf(items), [SEED, GMAIL]);
  });

  it("reads messages without a body: before a separator, before the end, and a lone header block", async () => {
    const noEmptyLine = `From a Mon Jan  1 00:00:00 2024\n${SEED}`;
    const mbox = noEmptyLine + mboxMessage(GMAIL, "") + noEmptyLine.trimEnd();
    assert.deepEqual(headersOf(await collect([write("nobody.mbox", mbox)])), [SEED, GMAIL, SEED.trimEnd()]);
    assert.deepEqual(headersOf(await collect([write("headers-only.eml", EOP)])), [EOP]);
  });

  it("skips a body line over 64 KB and keeps a header line over 64 KB", async () => {
    const longHeader = `X-Long: ${"h".repeat(100_000)}\n`;
    const longBody = `${"b".repeat(200_000)}\nFrom inside a paragraph\n`;
    const items = await collect([write("long.mbox", mboxMessage(SEED + longHeader, longBody) + mboxMessage(GMAIL, longBody))]);
    assert.deepEqual(headersOf(items), [SEED + longHeader, GMAIL]);
  });

  it("yields Thunderbird's expunged messages (X-Mozilla-Status 0x0008) as skipped, keeping positions", async () => {
    const status = (flags: string) => `X-Mozilla-Status: ${flags}\nX-Mozilla-Status2: 00000000\n`;
    const folder = mboxMessage(status("0001") + SEED) + mboxMessage(status("0009") + GMAIL) + mboxMessage(status("0000") + EOP);
    const file = write("Inbox", folder);
    const items = await collect([file]);
    assert.deepEqual(
      items.map((item) => `${item.kind}${"index" in item ? item.index : ""}`),
      ["message1", "skipped2", "message3"],
    );
    assert.deepEqual(items[1], { kind: "skipped", source: file, index: 2, why: "expunged" });
  });

  it("reads a Maildir's cur/ and new/, not tmp/", async () => {
    const maildir = scratch.dir();
    for (const folder of ["cur", "new", "tmp"]) mkdirSync(join(maildir, folder));
    writeFileSync(join(maildir, "cur", "1700000001.M1P1.host:2,S"), `${SEED}\nBody.\n`);
    writeFileSync(join(maildir, "cur", "1700000002.M2P1.host:2,"), crlf(`${GMAIL}\nBody.\n`));
    writeFileSync(join(maildir, "new", "1700000003.M3P1.host"), `${EOP}\nBody.\n`);
    writeFileSync(join(maildir, "tmp", "1700000004.M4P1.host"), `${SEED}\nStill being delivered.\n`);
    writeFileSync(join(maildir, "dovecot-uidlist"), "3 V1700000000 N4\n");
    assert.deepEqual(summary(await collect([maildir])), [
      `${join(maildir, "cur", "1700000001.M1P1.host:2,S")}#1 single: ${SEED}`,
      `${join(maildir, "cur", "1700000002.M2P1.host:2,")}#1 single: ${crlf(GMAIL)}`,
      `${join(maildir, "new", "1700000003.M3P1.host")}#1 single: ${EOP}`,
    ]);
  });

  it("walks a Thunderbird Local Folders tree in sorted order, passing over indexes, settings and hidden files", async () => {
    const profile = scratch.dir();
    const local = join(profile, "Mail", "Local Folders");
    mkdirSync(join(local, "Inbox.sbd"), { recursive: true });
    writeFileSync(join(local, "Inbox"), mboxMessage(SEED) + mboxMessage(GMAIL));
    writeFileSync(join(local, "Inbox.msf"), '// <!-- <mdb:mork:z v="1.4"/> -->\n');
    writeFileSync(join(local, "Inbox.sbd", "Work"), mboxMessage(EOP));
    writeFileSync(join(local, "Inbox.sbd", "Work.msf"), "Received: looks like mail, but an .msf never is\n");
    writeFileSync(join(local, "Trash"), "");
    writeFileSync(join(local, "msgFilterRules.dat"), 'version="9"\n');
    writeFileSync(join(local, "folderCache.json"), '{"Inbox":{}}');
    writeFileSync(join(local, "global-messages-db.sqlite"), "SQLite format 3\0");
    writeFileSync(join(local, "filterlog.html"), "<!DOCTYPE html>\n");
    writeFileSync(join(local, ".DS_Store"), "Received: hidden\n");
    assert.deepEqual(summary(await collect([profile])), [
      `${join(local, "Inbox")}#1 mbox: ${SEED}`,
      `${join(local, "Inbox")}#2 mbox: ${GMAIL}`,
      `${join(local, "Inbox.sbd", "Work")}#1 mbox: ${EOP}`,
    ]);
  });

  it("keeps the first MAX_HEADER_BYTES of an over-long header block, cut at a line end (the newest headers)", async () => {
    const padding = "X-Padding: ".padEnd(999, "p") + "\n";
    const oldest = "Received: from oldest.example.org by first.example.org; Mon, 1 Jan 2024 00:00:00 +0000\n";
    const huge = SEED + padding.repeat(Math.ceil(MAX_HEADER_BYTES / padding.length)) + oldest;
    assert.equal(MAX_HEADER_BYTES, 1_048_576);
    for (const items of [await collect([write("huge.eml", `${huge}\nBody.\n`)]), await collect([write("huge.mbox", mboxMessage(huge) + mboxMessage(GMAIL))])]) {
      const [first, ...rest] = items;
      assert.ok(first?.kind === "message" && first.cut !== null);
      assert.deepEqual(first.cut, { keptBytes: MAX_HEADER_BYTES, droppedReceived: 1 }, "the oldest Received, in the part dropped, is counted");
      assert.ok(first.headers.startsWith(SEED));
      assert.ok(first.headers.endsWith(padding), "cut at a line end");
      assert.ok(MAX_HEADER_BYTES - padding.length < first.headers.length && first.headers.length <= MAX_HEADER_BYTES);
      assert.ok(!first.headers.includes("oldest.example.org"));
      assert.deepEqual(headersOf(rest), rest.length ? [GMAIL] : []);
    }
  });

  it("counts every Received field it drops, wherever the limit and the reads cut the block", async () => {
    // Real lines of three chains, with look-alikes that are not Received fields: X-Received, a folded line, upper case.
    const lines = [SEED, GMAIL, EOP].join("").split("\n").filter(Boolean);
    const block =
      [
        ...lines,
        "X-Received: by 2002:a05:6000:1:b0::1 with SMTP id x;",
        "RECEIVED: from a.example by b.example;",
        "Subject: x",
        "\treceived: folded, not a field",
      ].join("\n") + "\n";
    const receivedIn = (text: string) => text.match(/^received:/gim)?.length ?? 0;
    const total = receivedIn(block);
    for (let maxHeaderBytes = 40; maxHeaderBytes < block.length; maxHeaderBytes += 53) {
      for (const chunkBytes of [1, 7, 64, 4096]) {
        const [item] = await collect(["-"], { ...stdinOf(`${block}\nBody.\n`), maxHeaderBytes, chunkBytes });
        assert.ok(item?.kind === "message" && item.cut !== null, `limit ${maxHeaderBytes}`);
        assert.equal(receivedIn(item.headers) + item.cut.droppedReceived, total, `limit ${maxHeaderBytes}, reads of ${chunkBytes}`);
      }
    }
  });

  it("reads a single message no further than its counting bound, even from an endless source", async () => {
    const again = Buffer.from("Received: again\n".repeat(1000));
    async function* endless() {
      yield Buffer.from(SEED);
      for (;;) yield again;
    }
    let bytesRead = 0;
    const items = await collect(["-"], { stdin: Readable.from(endless()), onRead: (bytes) => (bytesRead += bytes) });
    assert.deepEqual(
      items.map((item) => item.kind === "message" && item.cut !== null && item.headers.startsWith(SEED)),
      [true],
    );
    assert.ok(bytesRead <= MAX_COUNTED_HEADER_BYTES + 2, `${bytesRead} bytes read`);
    const [item] = items;
    const receivedIn = (text: string) => text.match(/^received:/gim)?.length ?? 0;
    assert.ok(item?.kind === "message" && item.cut !== null);
    assert.equal(
      receivedIn(item.headers) + item.cut.droppedReceived,
      Math.floor((MAX_COUNTED_HEADER_BYTES - SEED.length) / 16) + receivedIn(SEED),
      "every Received field within the bound counted",
    );
  });

  it("reads standard input for -, detecting an mbox by its content", async () => {
    assert.deepEqual(summary(await collect(["-"], stdinOf(mboxMessage(SEED) + mboxMessage(GMAIL)))), [`-#1 mbox: ${SEED}`, `-#2 mbox: ${GMAIL}`]);
    assert.deepEqual(summary(await collect(["-"], stdinOf(`${EOP}\nBody.\n`))), [`-#1 single: ${EOP}`]);
  });

  it("reports missing, empty and non-mail inputs as typed values and still reads the others", async () => {
    const dir = scratch.dir();
    const good = write("good.eml", `${SEED}\nBody.\n`);
    const inputs = [join(dir, "missing.eml"), good, write("empty.eml", ""), write("photo.jpg", Buffer.from([0xff, 0xd8, 0xff, 0xe0])), "/dev/zero", dir];
    assert.deepEqual(summary(await collect(inputs)), [
      `${join(dir, "missing.eml")} unreadable not-found`,
      `${good}#1 single: ${SEED}`,
      `${inputs[2]} unreadable empty`,
      `${inputs[3]} unreadable not-mail`,
      "/dev/zero unreadable not-mail",
      `${dir} unreadable no-mail-found`,
    ]);
  });

  it("reports a file it may not open as permission-denied", async function () {
    if (process.getuid?.() === 0) this.skip(); // root opens anything
    const file = write("secret.eml", SEED);
    const { chmodSync } = await import("node:fs");
    chmodSync(file, 0o000);
    assert.deepEqual(summary(await collect([file])), [`${file} unreadable permission-denied`]);
  });

  it("yields the same items whatever the read size, so no chunk boundary splits a separator or an empty line", async () => {
    const body = `Text.\n\n>From escaped\nparagraph and\nFrom not a separator\n${"x".repeat(70_000)}\n`;
    const status = (flags: string) => `X-Mozilla-Status: ${flags}\n`;
    const mbox =
      crlf(mboxMessage(SEED, body)) +
      mboxMessage(status("0009") + GMAIL, body) +
      `From a Mon Jan  1 00:00:00 2024\n${EOP}` +
      mboxMessage(GMAIL, "") +
      mboxMessage(EOP, "\nFrom after an empty first line: a separator of an empty message\n") +
      mboxMessage(SEED, "last body") +
      "\r\n";
    const expected = [
      `-#1 mbox: ${crlf(SEED)}`,
      "-#2 skipped expunged",
      `-#3 mbox: ${EOP}`,
      `-#4 mbox: ${GMAIL}`,
      `-#5 mbox: ${EOP}`,
      "-#6 mbox: ", // the `From ` line after an empty line opens a message; it has nothing before the next separator
      `-#7 mbox: ${SEED}`,
    ];
    assert.deepEqual(summary(await collect(["-"], stdinOf(mbox))), expected);
    for (const chunkBytes of [1, 2, 3, 5, 6, 7, 13, 64, 1000]) {
      assert.deepEqual(summary(await collect(["-"], { ...stdinOf(mbox), chunkBytes })), expected, `chunkBytes ${chunkBytes}`);
    }
    const file = write("all.mbox", mbox);
    for (const chunkBytes of [1, 2, 3, 5, 6, 7, 13, 64, 1000, 4096]) {
      assert.deepEqual(
        summary(await collect([file], { chunkBytes })).map((line) => line.replace(file, "-")),
        expected,
        `file, chunkBytes ${chunkBytes}`,
      );
    }
  });
});
