/** The `hoplock` command as a user runs it, on real message files. */
import { strict as assert } from "node:assert";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { crlf, fixture, headerBlockOf, mboxMessage, ROOT, Scratch } from "./mail-files.ts";
import { formatWarning } from "../../src/analyzer/index.ts";

const bin = join(ROOT, "bin/hoplock.js");
const messagesDir = fixture("messages");
const seed = fixture("messages/00-seed-hotmail-proofpoint-luxsci.eml");

// Real chains: Hotmail → Proofpoint → LuxSci (6 Received), Gmail → Yandex (3), PowerMTA → Exchange Online (4).
const SEED = headerBlockOf("messages/00-seed-hotmail-proofpoint-luxsci.eml");
const GMAIL = headerBlockOf("messages/12-gmail-to-yandex-tls13.eml");
const EOP = headerBlockOf("messages/16-powermta-to-eop-cleartext.eml");

function hoplock(args: string[], input?: string | Buffer) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: ROOT, encoding: "utf8", timeout: 30_000, ...(input === undefined ? {} : { input }) });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, milliseconds: performance.now() - started };
}

type JsonReport = Record<string, unknown> & { hops: Record<string, unknown>[]; warnings: { key: string }[]; received: unknown };
const jsonLines = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as JsonReport);
/** What the CLI tests compare across inputs: the verdict and the number of hops, never reason texts. */
const outcome = (report: JsonReport | undefined) => `${String(report?.["verdict"])}/${report?.hops.length} hops`;
const outcomes = (stdout: string) => jsonLines(stdout).map(outcome);
const stderrLines = (stderr: string) => stderr.split("\n").filter(Boolean);

describe("hoplock CLI", function () {
  this.timeout(60_000);
  const scratch = new Scratch();
  /** The outcome of each fixture read on its own, the reference for the same headers read from other containers. */
  const alone: Record<"SEED" | "GMAIL" | "EOP", string> = { SEED: "", GMAIL: "", EOP: "" };

  before(() => {
    execFileSync(process.execPath, ["scripts/build-lib.mjs"], { cwd: ROOT, stdio: "inherit" });
    for (const [name, headers] of Object.entries({ SEED, GMAIL, EOP }))
      alone[name as keyof typeof alone] = outcomes(hoplock(["--json", "-"], headers).stdout)[0] ?? "";
    assert.deepEqual(
      [alone.SEED, alone.GMAIL, alone.EOP].map((text) => text.replace(/^[a-z-]+\//, "")),
      ["6 hops", "3 hops", "4 hops"],
    );
  });
  after(() => scratch.removeAll());

  function write(name: string, content: string | Buffer): string {
    const file = join(scratch.dir(), name);
    writeFileSync(file, content);
    return file;
  }

  it("prints the verdict and one row per hop, oldest first, for an .eml file", () => {
    const { status, stdout } = hoplock([seed]);
    assert.equal(status, 0);
    assert.match(stdout.split("\n")[0] ?? "", /NOT-ENCRYPTED/);
    const rows = stdout.split("\n").filter((line) => /^\d+\s/.test(line));
    assert.equal(rows.length, 6);
    assert.match(rows[1] ?? "", /hotmail\.com" → dispatch1-us.*PLAINTEXT\s+✗ plaintext\s+hand-off \(claimed\)/);
    assert.match(rows[2] ?? "", /SSL\/TLS DHE-RSA-AES256-SHA 256b\s+encrypted\s+✓ encrypted\s+hand-off/);
    assert.match(
      stdout.split("\n")[1] ?? "",
      /^ {2}route: outlook\.com .*─✗ hop 2 \(claimed\)→ ppe-hosted\.com .*─✓ hop 3 \(claimed\)→ luxsci\.com \[.*yours\]$/,
    );
  });

  it("--anonymise prints the hops Hoplock could not read, with no host, address or id of the input", () => {
    const file = fixture("e2e/30-thirty-real-hops.eml");
    const { status, stdout } = hoplock(["--anonymise", file]);
    assert.equal(status, 0);
    const lines = stdout.trim().split("\n");
    assert.ok(lines.length > 0 && lines.every((line) => line.startsWith(`${file} hop `)), stdout);
    const input = readFileSync(file, "utf8");
    for (const address of new Set(input.match(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g) ?? [])) assert.ok(!stdout.includes(address), `${address} survived`);
  });

  it("--json prints one object per message with the documented shape", () => {
    const { status, stdout } = hoplock(["--json", seed]);
    assert.equal(status, 0);
    const [report] = jsonLines(stdout);
    assert.ok(report);
    assert.equal(report["verdict"], "not-encrypted");
    assert.ok(Array.isArray(report["reasons"]));
    const hop = report.hops[2] as Record<string, unknown> & { from: object; tls: Record<string, unknown> };
    for (const key of ["index", "from", "by", "with", "id", "date", "delaySeconds", "scope", "trust", "org", "tls", "raw"]) assert.ok(key in hop, key);
    for (const key of ["helo", "rdns", "ip"]) assert.ok(key in hop.from, key);
    for (const key of ["status", "version", "cipher", "bits", "verify", "evidence", "dialect"]) assert.ok(key in hop.tls, key);
    assert.deepEqual(
      [hop["index"], hop["scope"], hop["trust"], hop.tls["status"], hop.tls["cipher"]],
      [3, "relay", "recipient", "encrypted", "DHE-RSA-AES256-SHA"],
    );
    assert.equal(typeof (report["reasons"] as { text: string }[])[0]?.text, "string");
    assert.equal(report["headersTruncated"], false);
  });

  it("reads an mbox file as one report per message", () => {
    const names = readdirSync(messagesDir)
      .filter((name) => name.endsWith(".eml"))
      .sort();
    const mbox = names
      .map((name) => `From hoplock-test Mon Jan  1 00:00:00 2024\n${readFileSync(join(messagesDir, name), "utf8").replace(/^From /gm, ">From ")}\n`)
      .join("\n");
    const reports = jsonLines(hoplock(["--json", write("all.mbox", mbox)]).stdout);
    assert.equal(reports.length, names.length);
    const single = names.map((name) => outcomes(hoplock(["--json", join(messagesDir, name)]).stdout)[0]);
    assert.deepEqual(reports.map(outcome), single);
  });

  it("reads CRLF mboxes, mboxrd bodies, a From line inside a paragraph, a bodiless message and a line over 64 KB", () => {
    const body = `Text.\n\n>From the archive, escaped.\nThe paragraph goes on and\nFrom here on it is still the body.\n${"x".repeat(100_000)}\n`;
    const mbox = crlf(mboxMessage(SEED, body)) + `From a Mon Jan  1 00:00:00 2024\n${GMAIL}` + mboxMessage(EOP, body);
    const { status, stdout } = hoplock(["--json", write("mixed.mbox", mbox)]);
    assert.equal(status, 0);
    assert.deepEqual(outcomes(stdout), [alone.SEED, alone.GMAIL, alone.EOP]);
    assert.deepEqual(
      jsonLines(stdout).map((report) => report["message"]),
      [1, 2, 3],
    );
  });

  it("does not report messages Thunderbird expunged (X-Mozilla-Status 0009) and keeps the others' positions", () => {
    const status = (flags: string) => `X-Mozilla-Status: ${flags}\nX-Mozilla-Status2: 00000000\n`;
    const inbox = write("Inbox", mboxMessage(status("0001") + SEED) + mboxMessage(status("0009") + GMAIL) + mboxMessage(status("0000") + EOP));
    const { status: exit, stdout } = hoplock(["--json", inbox]);
    assert.equal(exit, 0);
    assert.deepEqual(outcomes(stdout), [alone.SEED, alone.EOP]);
    assert.deepEqual(
      jsonLines(stdout).map((report) => report["message"]),
      [1, 3],
    );
    assert.deepEqual(
      hoplock([inbox])
        .stdout.split("\n")
        .filter((line) => line.startsWith(inbox))
        .map((line) => line.slice(inbox.length, line.indexOf("]") + 1)),
      [" [message 1]", " [message 3]"],
    );
  });

  it("reads a Maildir's cur/ and new/ (not tmp/) and a Thunderbird folder tree (not its .msf files)", () => {
    const maildir = scratch.dir();
    for (const folder of ["cur", "new", "tmp"]) mkdirSync(join(maildir, folder));
    writeFileSync(join(maildir, "cur", "1700000001.M1P1.host:2,S"), `${SEED}\nBody.\n`);
    writeFileSync(join(maildir, "new", "1700000002.M2P1.host"), crlf(`${GMAIL}\nBody.\n`));
    writeFileSync(join(maildir, "tmp", "1700000003.M3P1.host"), `${EOP}\nStill being delivered.\n`);
    assert.deepEqual(outcomes(hoplock(["--json", maildir]).stdout), [alone.SEED, alone.GMAIL]);

    const local = join(scratch.dir(), "Local Folders");
    mkdirSync(join(local, "Inbox.sbd"), { recursive: true });
    writeFileSync(join(local, "Inbox"), mboxMessage(GMAIL) + mboxMessage(SEED));
    writeFileSync(join(local, "Inbox.msf"), '// <!-- <mdb:mork:z v="1.4"/> -->\n');
    writeFileSync(join(local, "Inbox.sbd", "Lists"), mboxMessage(EOP));
    writeFileSync(join(local, "Inbox.sbd", "Lists.msf"), "Received: an index file, never mail\n");
    const { status, stdout, stderr } = hoplock(["--json", local]);
    assert.deepEqual([status, stderr], [0, ""]);
    assert.deepEqual(outcomes(stdout), [alone.GMAIL, alone.SEED, alone.EOP]);
  });

  it("reads standard input for -, an .eml or an mbox", () => {
    const { status, stdout } = hoplock(["--json", "-"], readFileSync(seed, "utf8"));
    assert.equal(status, 0);
    assert.equal(jsonLines(stdout)[0]?.["verdict"], "not-encrypted");
    assert.deepEqual(outcomes(hoplock(["--json", "-"], mboxMessage(GMAIL) + mboxMessage(EOP)).stdout), [alone.GMAIL, alone.EOP]);
  });

  it("warns once when a header block is over 1 MB, analyses its first MB (the newest headers) and counts the Received fields cut off", () => {
    const padding = "X-Padding: ".padEnd(999, "p") + "\n";
    const oldest = "Received: from oldest.example.org by first.example.org; Mon, 1 Jan 2024 00:00:00 +0000\n";
    const huge = write("huge.eml", `${SEED}${padding.repeat(1100)}${oldest}\nBody.\n`);
    const json = jsonLines(hoplock(["--json", huge]).stdout);
    assert.deepEqual([json[0]?.["headersTruncated"], outcome(json[0])], [true, alone.SEED]);
    const seedReceived = SEED.match(/^Received:/gm)?.length ?? 0;
    assert.deepEqual(json[0]?.received, { total: seedReceived + 1, analysed: seedReceived });
    assert.deepEqual(
      json[0]?.warnings.map((warning) => warning.key),
      ["header-block-truncated", "received-capped"],
    );
    const text = hoplock([huge]);
    assert.equal(text.status, 0);
    const cut = formatWarning({ key: "header-block-truncated", params: { bytes: 1_048_576 } });
    assert.deepEqual(
      text.stdout.split("\n").filter((line) => line.includes(cut)),
      [`  ! ${cut}`],
    );
    assert.equal(hoplock([seed]).stdout.includes(cut), false);
  });

  it("gives up on /dev/zero at once: one line on stderr, exit 2", () => {
    const { status, stdout, stderr, milliseconds } = hoplock(["/dev/zero"]);
    assert.deepEqual([status, stdout, stderrLines(stderr)], [2, "", ["hoplock: cannot read /dev/zero: not a mail message"]]);
    assert.ok(milliseconds < 5_000, `${milliseconds} ms`);
  });

  it("passes --trusted and --min-tls to the analyzer", () => {
    const file = join(messagesDir, "02-ibm-proofpoint-gnu-exim-lfdr.eml");
    const [plain] = jsonLines(hoplock(["--json", file]).stdout);
    const [trusted] = jsonLines(hoplock(["--json", "--trusted", "gnu.org", file]).stdout);
    assert.ok(plain && trusted);
    assert.ok(trusted.hops.filter((hop) => hop["trust"] === "recipient").length > plain.hops.filter((hop) => hop["trust"] === "recipient").length);
    assert.equal(jsonLines(hoplock(["--json", "--min-tls", "TLSv1.3", file]).stdout)[0]?.["verdict"], "weak");
  });

  it("an unreadable input gives one clear line on stderr and exit 2, and the others are still processed", () => {
    const dir = scratch.dir();
    const notes = write("notes.txt", "just some notes\n");
    const { status, stdout, stderr } = hoplock(["--json", join(dir, "missing.eml"), seed, dir, notes]);
    assert.equal(status, 2);
    assert.deepEqual(stderrLines(stderr), [
      `hoplock: cannot read ${join(dir, "missing.eml")}: no such file`,
      `hoplock: cannot read ${dir}: no mail found in this directory`,
      `hoplock: cannot read ${notes}: not a mail message`,
    ]);
    assert.deepEqual(outcomes(stdout), [alone.SEED]);
  });

  it("rejects bad usage with exit 2", () => {
    assert.equal(hoplock([]).status, 2);
    assert.equal(hoplock(["--min-tls", "TLSv9", seed]).status, 2);
  });

  describe("output safety", () => {
    const RAW_CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/;

    it("a Received header cannot clear the terminal or paint a fake verdict", () => {
      const { status, stdout } = hoplock(["-"], "Received: from x\u001b[2J\u001b[32mENCRYPTED by y; d\n\n");
      assert.equal(status, 0);
      assert.doesNotMatch(stdout, RAW_CONTROL);
      assert.ok(stdout.includes("x\\x1B[2J\\x1B[32mENCRYPTED"), stdout);
    });

    it("a bidi or C1 control in a header cannot reorder or hide the report's text", () => {
      const headers = `Received: from evil\u202Eliame.example (\u0085\u009B31m\u2028) by mx.example.org; Mon, 1 Jan 2024 00:00:00 +0000\n${SEED}`;
      const { stdout } = hoplock(["-"], headers);
      assert.doesNotMatch(stdout, RAW_CONTROL);
      assert.ok(stdout.includes("evil\\u202Eliame"), stdout);
    });

    it("a file name cannot inject terminal escapes or forge an output line", () => {
      const dir = scratch.dir();
      const evil = join(dir, "\u001b]0;owned\u0007\u001b[2J\u202Elme.eml");
      writeFileSync(evil, SEED);
      const forged = join(dir, "x\nhoplock: all mail ENCRYPTED\r.eml");
      const { stdout, stderr } = hoplock([evil, forged]);
      assert.doesNotMatch(stdout + stderr, RAW_CONTROL);
      assert.ok(stdout.startsWith(`${dir}/\\x1B]0;owned\\x07\\x1B[2J\\u202Elme.eml: `), stdout);
      assert.deepEqual(stderrLines(stderr), [`hoplock: cannot read ${dir}/x\\x0Ahoplock: all mail ENCRYPTED\\x0D.eml: no such file`]);
    });

    it("--json output carries no raw C1, DEL or bidi control, and still parses to the same text", () => {
      const controls = "\u0085\u009B\u007F\u061C\u200E\u202E\u2066\u2069\u2028\u2029";
      const headers = `Received: from evil${controls}.example by mx.example.org; Mon, 1 Jan 2024 00:00:00 +0000\n${SEED}`;
      const { stdout } = hoplock(["--json", "-"], headers);
      assert.doesNotMatch(stdout, RAW_CONTROL);
      const [report] = jsonLines(stdout);
      assert.ok(JSON.stringify(report).includes(`evil${controls}`), "the parsed report keeps the header's characters");
      assert.ok(stdout.includes("\\u0085\\u009b\\u007f\\u061c\\u200e\\u202e\\u2066\\u2069\\u2028\\u2029"), stdout);
    });
  });
});
