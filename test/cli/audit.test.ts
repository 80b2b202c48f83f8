/**
 * `hoplock audit` as a user runs it, on mailboxes built from the real chains in test/fixtures/ (every fixture
 * .eml plus corpus lines rcv-282, rcv-070 and rcv-043 as one-hop messages; see test/audit/mail.ts): the same
 * exact counts from an mbox, a Thunderbird folder file, a Maildir, a folder of .eml files and standard input.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { JSDOM } from "jsdom";
import type { AuditResult } from "../../src/audit/index.ts";
import { corpusMessage, FOLDER as AUDIT_FOLDER, FOLDER_TOTALS, headerBlockOf, withHeader } from "../audit/mail.ts";
import { byCodeUnits, cells } from "../audit/csv.ts";
import { crlf, mboxMessage, ROOT, Scratch } from "./mail-files.ts";

const bin = join(ROOT, "bin/hoplock.js");

/** The folder of test/audit/audit.test.ts: 15 messages, 13 from other organisations. */
const FOLDER = AUDIT_FOLDER.map((message) => message.headers);
const ENCRYPTED_ONLY = [
  "messages/02-ibm-proofpoint-gnu-exim-lfdr.eml",
  "messages/08-redhat-mimecast-freedesktop.eml",
  "messages/12-gmail-to-yandex-tls13.eml",
].map(headerBlockOf);
/** mboxrd body lines a reader must not take for separators, and a long line. */
const TRICKY_BODY = `Text.\n\n>From the archive, escaped.\nThe paragraph goes on and\nFrom here on it is still the body.\n${"x".repeat(70_000)}\n`;

function hoplockAudit(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [bin, "audit", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
    ...(input === undefined ? {} : { input }),
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function auditJson(args: string[], input?: string): AuditResult {
  const { status, stdout, stderr } = hoplockAudit(["--json", ...args], input);
  assert.ok(status === 0 || status === 1, `exit ${status}: ${stderr}`);
  return JSON.parse(stdout) as AuditResult;
}

/** What must not depend on the container: everything but where each message was. */
function withoutLocations(audit: AuditResult) {
  return { ...audit, flagged: { ...audit.flagged, items: audit.flagged.items.map(({ ref: _ref, ...rest }) => rest) }, unreadable: { items: [], omitted: 0 } };
}

describe("hoplock audit", function () {
  this.timeout(120_000);
  const scratch = new Scratch();
  after(() => scratch.removeAll());
  const file = (name: string, content: string) => {
    const path = join(scratch.dir(), name);
    writeFileSync(path, content);
    return path;
  };
  const mbox = (blocks: readonly string[]) => blocks.map((headers) => mboxMessage(headers, TRICKY_BODY)).join("");
  let reference: AuditResult;

  before(() => {
    reference = auditJson([file("folder.mbox", mbox(FOLDER))]);
  });

  it("audits an mbox with exact counts: 13 messages from other organisations, internal and Received-less apart", () => {
    assert.deepEqual(reference.totals, FOLDER_TOTALS);
    assert.deepEqual(reference.states, { encrypted: 4, weak: 1, plaintext: 5, unknown: 3 });
    assert.deepEqual(reference.groups.find((group) => group.key === "google.com")?.states, { encrypted: 1, weak: 1, plaintext: 1, unknown: 1 });
    assert.equal(reference.flagged.items.length, 6);
  });

  it("reads a Thunderbird folder file with CRLF line ends, skipping and counting the expunged message", () => {
    const status = (flags: string) => `X-Mozilla-Status: ${flags}\nX-Mozilla-Status2: 00000000\n`;
    const inbox = crlf(mbox([...FOLDER.map((headers) => status("0001") + headers), status("0009") + FOLDER[3]]));
    const audit = auditJson([file("Inbox", inbox)]);
    assert.deepEqual(audit.totals.skipped, { expunged: 1, "before-since": 0, "undated-since": 0 });
    assert.deepEqual(withoutLocations({ ...audit, totals: { ...audit.totals, skipped: reference.totals.skipped } }), withoutLocations(reference));
  });

  it("gives the same audit from a Maildir, a folder of .eml files and standard input", () => {
    const maildir = scratch.dir();
    for (const folder of ["cur", "new", "tmp"]) mkdirSync(join(maildir, folder));
    FOLDER.forEach((headers, i) => writeFileSync(join(maildir, i % 2 ? "cur" : "new", `17000000${i}.M${i}P1.host:2,S`), `${headers}\nBody.\n`));
    writeFileSync(join(maildir, "tmp", "1700000099.M99P1.host"), `${FOLDER[0]}\nStill being delivered.\n`);
    const emlFolder = scratch.dir();
    FOLDER.forEach((headers, i) => writeFileSync(join(emlFolder, `${String(i).padStart(2, "0")}.eml`), crlf(`${headers}\nBody.\n`)));
    for (const audit of [auditJson([maildir]), auditJson([emlFolder]), auditJson(["-"], mbox(FOLDER))])
      assert.deepEqual(withoutLocations(audit), withoutLocations(reference));
  });

  it("gives the same audit with 0, 1 or 2 worker threads", () => {
    const path = file("folder.mbox", mbox(FOLDER));
    const [inProcess, one, two] = ["0", "1", "2"].map((workers) => hoplockAudit(["--json", "--workers", workers, path]).stdout);
    assert.equal(one, inProcess);
    assert.equal(two, inProcess);
  });

  it("--fail-on sets the exit status: 1 when a message is at or below the threshold, 0 when none is, 2 when an input is unreadable", () => {
    const folder = file("folder.mbox", mbox(FOLDER));
    const encrypted = file("encrypted.mbox", mbox(ENCRYPTED_ONLY));
    const unknownOnly = file("unknown.mbox", mbox([corpusMessage("rcv-282")]));
    const status = (...args: string[]) => hoplockAudit(args).status;
    assert.deepEqual([status("--fail-on", "not-encrypted", folder), status("--fail-on", "weak", folder), status("--fail-on", "unknown", folder)], [1, 1, 1]);
    assert.deepEqual(
      [status("--fail-on", "not-encrypted", encrypted), status("--fail-on", "weak", encrypted), status("--fail-on", "unknown", encrypted)],
      [0, 0, 0],
    );
    assert.deepEqual([status("--fail-on", "weak", unknownOnly), status("--fail-on", "unknown", unknownOnly)], [0, 1]);
    assert.equal(status(encrypted), 0, "without --fail-on, plaintext is no failure");
    const missing = hoplockAudit(["--fail-on", "not-encrypted", folder, join(scratch.dir(), "missing.mbox")]);
    assert.equal(missing.status, 2, "an incomplete audit wins over the threshold");
    assert.match(missing.stderr, /hoplock: cannot read .*missing\.mbox: no such file/);
    const reached = hoplockAudit(["--fail-on", "weak", folder]);
    assert.match(reached.stderr, /--fail-on weak: 6 messages in that state or a worse one\./);
  });

  it("rejects bad usage with exit 2 and a line saying why", () => {
    const cases: [string[], RegExp][] = [
      [[], /no input/],
      [["--since", "last week", "x"], /--since must be a date/],
      [["--by", "year", "x"], /--by must be one of org, month, week, message, not year/],
      [["--fail-on", "bad", "x"], /--fail-on must be one of not-encrypted, weak, unknown/],
      [["--json", "--csv", "x"], /choose one of --json and --csv/],
      [["--workers", "-1", "x"], /--workers must be a whole number from 0 to 16/],
      [["--frobnicate", "x"], /unknown option --frobnicate/],
    ];
    for (const [args, message] of cases) {
      const { status, stderr } = hoplockAudit(args);
      assert.equal(status, 2, args.join(" "));
      assert.match(stderr, message);
    }
    assert.equal(hoplockAudit(["--help"]).status, 0);
  });

  it("--since skips messages your side received before the date, and counts them", () => {
    const audit = auditJson(["--since", "2019-01-01", file("folder.mbox", mbox(FOLDER))]);
    assert.deepEqual([audit.totals.messages, audit.totals.skipped["before-since"], audit.settings.since], [8, 7, "2019-01-01T00:00:00.000Z"]);
  });

  it("--by chooses the table: senders, months, weeks or messages, in text and CSV", () => {
    const path = file("folder.mbox", mbox(FOLDER));
    const text = (by: string) => hoplockAudit(["--by", by, path]).stdout;
    assert.match(text("org"), /^Senders with the most messages, 10 of 10 /m);
    assert.match(text("month"), /^ {2}2019-08 +1 +0% +0% +100% +0% +0$/m);
    assert.match(text("week"), /^ {2}2013-07-15 +1 +0% +100% +0% +0% +0$/m);
    assert.match(text("message"), /^ {2}2013-07-15 23:28Z {2}! hop 1: weak TLS \(TLS 1\.0, ECDHE-RSA-RC4-SHA\) {2}google\.com {2}.*folder\.mbox, message 8$/m);
    const csv = (by: string) => cells(hoplockAudit(["--csv", "--by", by, path]).stdout.replace(/\n/g, "\r\n"));
    assert.deepEqual([csv("org")[0]?.[0], csv("month")[0]?.[0], csv("week")[0]?.[0], csv("message")[0]?.[0]], ["sender", "month", "week", "received"]);
    assert.equal(csv("org").length, 11);
  });

  it("prints a compact summary: headline, the states as marks, senders, versions, the newest plaintext/weak messages", () => {
    const { stdout } = hoplockAudit([file("folder.mbox", mbox(FOLDER))]);
    const lines = stdout.split("\n");
    assert.equal(lines[0], "38.5% of mail from other organisations crossed a plaintext hand-off; for 23.1%, encryption is unknown.");
    assert.equal(lines[1], `  [${"✓".repeat(12)}${"!".repeat(3)}${"✗".repeat(16)}${"?".repeat(9)}]`);
    assert.equal(lines[2], "  ✓ encrypted: 30.8% (4) · ! weak TLS: 7.7% (1) · ✗ plaintext hand-off: 38.5% (5) · ? unknown: 23.1% (3)");
    assert.ok(
      lines.includes("TLS versions on the hand-off into your side: TLS 1.3 16.7% (1) · TLS 1.2 16.7% (1) · TLS 1.0 16.7% (1) · version not recorded 50% (3)"),
    );
  });

  it("keeps standard error quiet when it is not a terminal (no progress bar in logs and pipes)", () => {
    const { status, stderr } = hoplockAudit([file("folder.mbox", mbox(FOLDER))]);
    assert.deepEqual([status, stderr], [0, ""]);
  });

  it("leaves subjects, addresses and Message-IDs out of every output unless --include-personal", () => {
    const path = file("folder.mbox", mbox(FOLDER));
    const page = join(scratch.dir(), "audit.html");
    const outputs = [
      hoplockAudit(["--json", "--html", page, path]).stdout,
      hoplockAudit(["--csv", "--by", "message", path]).stdout,
      hoplockAudit(["--by", "message", path]).stdout,
      readFileSync(page, "utf8"),
    ];
    for (const output of outputs) assert.ok(!output.includes("seed-example@hotmail.com") && !output.includes("Example from the LuxSci article"));
    assert.ok(hoplockAudit(["--json", "--include-personal", path]).stdout.includes("seed-example@hotmail.com"));
  });

  describe("hostile text in the outputs", () => {
    const hostileSubject = (subject: string) => withHeader(headerBlockOf("e2e/23-html-in-received-vger-exim.eml"), "Subject", subject);

    it("a subject cannot run as a spreadsheet formula in --csv (CSV injection)", () => {
      const path = file("hostile.mbox", mbox([hostileSubject('=HYPERLINK("https://evil.example","x")'), hostileSubject("@SUM(1+1)*cmd|' /C calc'!A0")]));
      const rows = cells(hoplockAudit(["--csv", "--by", "message", "--include-personal", path]).stdout.replace(/\n/g, "\r\n"));
      assert.deepEqual(
        rows
          .slice(1)
          .map((row) => row[14] ?? "")
          .sort(byCodeUnits),
        ['\'=HYPERLINK("https://evil.example","x")', "'@SUM(1+1)*cmd|' /C calc'!A0"],
      );
    });

    it("a subject or a file name cannot clear the terminal or reorder the summary (escaped like hoplock's output)", () => {
      const dir = scratch.dir();
      const evil = join(dir, "\u001b]0;owned\u0007\u202Exobm.mbox");
      writeFileSync(evil, mbox([hostileSubject("\u001b[2J\u001b[32mALL ENCRYPTED\u202E")]));
      const { stdout } = hoplockAudit(["--by", "message", "--include-personal", evil]);
      assert.doesNotMatch(stdout, /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
      assert.ok(stdout.includes("\\x1B[2J\\x1B[32mALL ENCRYPTED\\u202E"), stdout);
      assert.ok(stdout.includes("\\x1B]0;owned\\x07\\u202Exobm.mbox"), stdout);
    });

    it("a </script> in a header or a path cannot end the page's script: the page shows it as text and runs nothing else", () => {
      const dir = join(scratch.dir(), "a</script><script>alert(1)</script>");
      mkdirSync(dir, { recursive: true });
      const path = join(dir, "inbox.mbox");
      writeFileSync(path, mbox([hostileSubject('</script><script>alert(2)</script><img src=x onerror="alert(3)"><!--')]));
      const page = join(scratch.dir(), "audit.html");
      const { status, stdout } = hoplockAudit(["--json", "--include-personal", "--html", page, path]);
      assert.equal(status, 0);
      const html = readFileSync(page, "utf8");
      assert.equal(html.match(/<\/script>/g)?.length, 2, "only the page's own two scripts end");
      const alerts: unknown[] = [];
      const dom = new JSDOM(html, {
        runScripts: "dangerously",
        beforeParse: (window) => Object.assign(window, { alert: (text: unknown) => alerts.push(text) }),
      });
      const { document } = dom.window;
      assert.deepEqual([alerts, document.querySelectorAll("script").length, document.querySelectorAll("img").length], [[], 2, 0]);
      assert.ok(document.body.textContent?.includes('</script><script>alert(2)</script><img src=x onerror="alert(3)"><!--'), "the subject is shown as text");
      assert.ok(document.body.textContent?.includes(path), "the path is shown as text");
      assert.deepEqual(JSON.parse(document.getElementById("hoplock-audit-data")?.textContent ?? ""), JSON.parse(stdout));
      dom.window.close();
    });

    it("the page is self-contained: nothing to fetch, and its policy allows only its own inline script and style", () => {
      const page = join(scratch.dir(), "audit.html");
      hoplockAudit(["--html", page, file("folder.mbox", mbox(FOLDER))]);
      const html = readFileSync(page, "utf8");
      const dom = new JSDOM(html, { runScripts: "dangerously" });
      const { document } = dom.window;
      assert.equal(
        document.querySelector("h1")?.textContent,
        "38.5% of mail from other organisations crossed a plaintext hand-off; for 23.1%, encryption is unknown.",
      );
      assert.equal(document.querySelectorAll("[src], link, iframe, object, embed").length, 0);
      assert.equal(document.querySelectorAll("[onclick], [onload], [onerror]").length, 0, "no inline event handler");
      const policy = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content") ?? "";
      const hash = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
      const script = [...document.querySelectorAll("script")].find((element) => !element.hasAttribute("type"))?.textContent ?? "";
      assert.equal(
        policy,
        `default-src 'none'; script-src ${hash(script)}; style-src ${hash(document.querySelector("style")?.textContent ?? "")}; img-src data:; base-uri 'none'; form-action 'none'`,
      );
      dom.window.close();
    });
  });
});
