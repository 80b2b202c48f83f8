/** The `hoplock` command as a user runs it, on real message files. */
import { strict as assert } from "node:assert";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = join(root, "bin/hoplock.js");
const messagesDir = join(root, "test/fixtures/messages");
const seed = join(messagesDir, "00-seed-hotmail-proofpoint-luxsci.eml");

function hoplock(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8", ...(input === undefined ? {} : { input }) });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const scratch: string[] = [];
function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "hoplock-cli-"));
  scratch.push(dir);
  return dir;
}

const jsonLines = (stdout: string) => stdout.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown> & { hops: Record<string, unknown>[] });

describe("hoplock CLI", function () {
  this.timeout(60_000);
  before(() => {
    if (!existsSync(join(root, "dist/cli/hoplock.js"))) execFileSync(process.execPath, ["scripts/build-lib.mjs"], { cwd: root, stdio: "inherit" });
  });
  after(() => {
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });

  it("prints the verdict and one row per hop, oldest first, for an .eml file", () => {
    const { status, stdout } = hoplock([seed]);
    assert.equal(status, 0);
    assert.match(stdout.split("\n")[0] ?? "", /NOT-ENCRYPTED/);
    const rows = stdout.split("\n").filter((line) => /^\d+\s/.test(line));
    assert.equal(rows.length, 6);
    assert.match(rows[1] ?? "", /hotmail\.com → dispatch1-us1.*PLAINTEXT\s+hand-off/);
    assert.match(rows[2] ?? "", /SSL\/TLS DHE-RSA-AES256-SHA 256b\s+encrypted\s+hand-off/);
  });

  it("--json prints one object per message with the documented shape", () => {
    const { status, stdout } = hoplock(["--json", seed]);
    assert.equal(status, 0);
    const [report] = jsonLines(stdout);
    assert.ok(report);
    assert.equal(report["verdict"], "not-encrypted");
    assert.ok(Array.isArray(report["reasons"]));
    const hop = report.hops[2] as Record<string, any>;
    for (const key of ["index", "from", "by", "with", "id", "date", "delaySeconds", "scope", "trust", "org", "tls", "raw"]) assert.ok(key in hop, key);
    for (const key of ["helo", "rdns", "ip"]) assert.ok(key in hop["from"], key);
    for (const key of ["status", "version", "cipher", "bits", "verify", "evidence", "dialect"]) assert.ok(key in hop["tls"], key);
    assert.deepEqual([hop["index"], hop["scope"], hop["trust"], hop["tls"]["status"], hop["tls"]["cipher"]], [3, "relay", "recipient", "encrypted", "DHE-RSA-AES256-SHA"]);
    assert.equal(typeof (report["reasons"] as { text: string }[])[0]?.text, "string");
  });

  it("reads an mbox file as one report per message", () => {
    const names = readdirSync(messagesDir).filter((name) => name.endsWith(".eml")).sort();
    const mbox = names.map((name) => `From hoplock-test Mon Jan  1 00:00:00 2024\n${readFileSync(join(messagesDir, name), "utf8").replace(/^From /gm, ">From ")}\n`).join("\n");
    const file = join(scratchDir(), "all.mbox");
    writeFileSync(file, mbox);
    const reports = jsonLines(hoplock(["--json", file]).stdout);
    assert.equal(reports.length, names.length);
    const single = names.map((name) => jsonLines(hoplock(["--json", join(messagesDir, name)]).stdout)[0]?.["verdict"]);
    assert.deepEqual(reports.map((report) => report["verdict"]), single);
  });

  it("reads standard input for -", () => {
    const { status, stdout } = hoplock(["--json", "-"], readFileSync(seed, "utf8"));
    assert.equal(status, 0);
    assert.equal(jsonLines(stdout)[0]?.["verdict"], "not-encrypted");
  });

  it("passes --trusted and --min-tls to the analyzer", () => {
    const file = join(messagesDir, "02-ibm-proofpoint-gnu-exim-lfdr.eml");
    const plain = jsonLines(hoplock(["--json", file]).stdout)[0]!;
    const trusted = jsonLines(hoplock(["--json", "--trusted", "gnu.org", file]).stdout)[0]!;
    assert.ok(trusted.hops.filter((hop) => hop["trust"] === "recipient").length > plain.hops.filter((hop) => hop["trust"] === "recipient").length);
    assert.equal(jsonLines(hoplock(["--json", "--min-tls", "TLSv1.3", file]).stdout)[0]?.["verdict"], "weak");
  });

  it("an unreadable file gives one clear line on stderr and exit 2, and the others are still processed", () => {
    const dir = scratchDir();
    const { status, stdout, stderr } = hoplock(["--json", join(dir, "missing.eml"), seed, dir]);
    assert.equal(status, 2);
    assert.deepEqual(stderr.trim().split("\n"), [`hoplock: cannot read ${join(dir, "missing.eml")}: no such file`, `hoplock: cannot read ${dir}: it is a directory`]);
    assert.equal(jsonLines(stdout).length, 1);
  });

  it("rejects bad usage with exit 2", () => {
    assert.equal(hoplock([]).status, 2);
    assert.equal(hoplock(["--min-tls", "TLSv9", seed]).status, 2);
  });
});
