/**
 * The CLI and the add-on must report the same numbers for the same mail. The same messages (the fixture folder of
 * audit.test.ts) go through both entry paths into the same src/audit API: `hoplock audit --json` reading an mbox
 * file, and a host page reading each message as Thunderbird hands it out (`messages.getHeaders` with
 * decodeHeaders:false: a dictionary of lower-case names to raw values, rebuilt by the add-on's headerBlockFromDictionary).
 */
import { strict as assert } from "node:assert";
import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type AuditResult, createAudit } from "../../src/audit/index.ts";
import { headerBlockFromDictionary } from "../../src/background/header-block.ts";
import { mboxMessage, Scratch } from "../cli/mail-files.ts";
import { getHeadersOf } from "../addon/helpers/mailbox.ts";
import { corpusMessage, FIXTURE_FILES, headerBlockOf, ROOT } from "./mail.ts";

const FOLDER = [...FIXTURE_FILES.map(headerBlockOf), ...["rcv-282", "rcv-070", "rcv-043"].map(corpusMessage)];
const OPTIONS = { trustedDomains: ["lfdr.de"], minTlsVersion: "TLSv1.2" } as const;

function hostPageAudit(): AuditResult {
  const audit = createAudit(OPTIONS);
  FOLDER.forEach((block, i) => audit.addHeaders(headerBlockFromDictionary(getHeadersOf(block)), { kind: "thunderbird", id: i + 1, headerMessageId: null }));
  return audit.result();
}

function withoutRefs(audit: AuditResult) {
  return { ...audit, flagged: { ...audit.flagged, items: audit.flagged.items.map(({ ref: _ref, ...rest }) => rest) } };
}

describe("audit: the CLI and a host page agree", function () {
  this.timeout(60_000);
  const scratch = new Scratch();
  after(() => scratch.removeAll());
  before(() => execFileSync(process.execPath, ["scripts/build-lib.mjs"], { cwd: ROOT, stdio: "inherit" }));

  it("the same messages through `hoplock audit` and through Thunderbird's header dictionary give the same audit exactly", () => {
    const mbox = join(scratch.dir(), "folder.mbox");
    writeFileSync(mbox, FOLDER.map((block) => mboxMessage(block)).join(""));
    const cli = spawnSync(
      process.execPath,
      [join(ROOT, "bin/hoplock.js"), "audit", "--json", "--include-personal", "--trusted", "lfdr.de", "--min-tls", "TLSv1.2", mbox],
      { encoding: "utf8" },
    );
    assert.equal(cli.status, 0, cli.stderr);
    const fromCli = JSON.parse(cli.stdout) as AuditResult;
    const fromPage = hostPageAudit();
    assert.equal(fromPage.totals.counted, 13);
    assert.deepEqual(withoutRefs(fromPage), withoutRefs(fromCli));
    assert.deepEqual(
      fromCli.flagged.items.map((message) => message.ref),
      fromPage.flagged.items.map((message) => ({ kind: "file", path: mbox, index: message.ref.kind === "thunderbird" ? message.ref.id : 0 })),
    );
  });
});
