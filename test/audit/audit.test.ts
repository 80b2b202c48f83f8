/** The audit aggregate on a folder of real chains: exact counts, verified-only grouping, periods, bounds and merging. */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { type AuditResult, createAudit, type MessageRef, mergeAudits, readMessageFacts } from "../../src/audit/index.ts";
import { parseReceivedDate as parseMailDate } from "../../src/analyzer/index.ts";
import { corpusMessage, delivery, FOLDER, FOLDER_TOTALS, headerBlockOf, redated, withHeader } from "./mail.ts";

const fileRef = (index: number): MessageRef => ({ kind: "file", path: "folder.mbox", index });

function auditOf(messages: readonly { headers: string }[], options: Parameters<typeof createAudit>[0] = {}, firstIndex = 1): AuditResult {
  const audit = createAudit(options);
  messages.forEach((message, i) => audit.addHeaders(message.headers, fileRef(firstIndex + i)));
  return audit.result();
}

const group = (result: AuditResult, key: string) => result.groups.find((candidate) => candidate.key === key);

describe("audit aggregate", () => {
  const result = auditOf(FOLDER);

  it("counts every message once: 13 that crossed organisations, the internal one and the one without Received apart", () => {
    assert.deepEqual(result.totals, FOLDER_TOTALS);
    assert.deepEqual(result.verdicts, { encrypted: 4, weak: 1, "not-encrypted": 5, unknown: 3, internal: 1, none: 1 });
  });

  it("keeps unknown apart from plaintext, and the internal and Received-less messages out of the states", () => {
    assert.deepEqual(result.states, { encrypted: 4, weak: 1, plaintext: 5, unknown: 3 });
    const sum = Object.values(result.states).reduce((total, n) => total + n, 0);
    assert.equal(sum, result.totals.counted);
  });

  it("groups by the verified organisation of the hand-off into your side, with exact counts", () => {
    assert.deepEqual(
      result.groups.map((stats) => [stats.key, stats.messages]),
      [
        ["freedesktop.org", 1],
        ["gnu.org", 1],
        ["google.com", 4],
        ["kernel.org", 1],
        ["mtasv.net", 1],
        ["no-entry", 1],
        ["uci.edu", 1],
        ["unverified: abc.luxsci.com", 1],
        ["unverified: eclectic.kluge.net", 1],
        ["unverified: vmta6.response.nfcu.org", 1],
      ],
    );
    const google = group(result, "google.com");
    assert.deepEqual(google?.sender, { kind: "verified", org: "google.com", basis: "mail-service-range" });
    assert.deepEqual(google?.states, { encrypted: 1, weak: 1, plaintext: 1, unknown: 1 });
    assert.deepEqual(google?.versions, { "TLSv1.3": 1, TLSv1: 1 });
    assert.deepEqual(google?.weakest, { cipher: "ECDHE-RSA-RC4-SHA", version: "TLSv1", bits: 128, weak: true });
    assert.deepEqual([google?.firstPlaintext, google?.lastPlaintext], ["2013-11-02T07:40:51Z", "2013-11-02T07:40:51Z"]);
    assert.deepEqual(group(result, "uci.edu")?.sender, { kind: "verified", org: "uci.edu", basis: "verified-rdns" });
  });

  it("groups by the verified identity only, not by the SPF check the CLI can place and the add-on cannot", () => {
    // Thunderbird's getHeaders groups header values by name, losing where a Received-SPF field sat among the
    // Received headers; grouping by it would set the add-on's audit apart from the CLI's on the same messages.
    const headers = readFileSync(new URL("../fixtures/provider-internal/phishing-pot-sample-1003.eml", import.meta.url), "utf8");
    const mailgun = auditOf([{ headers }]);
    assert.deepEqual(
      mailgun.groups.map((stats) => stats.key),
      ["unverified: so254-55.mailgun.net"],
    );
  });

  it("counts the TLS versions of the encrypted hand-offs into your side", () => {
    assert.deepEqual(result.versions, { unrecorded: 3, "TLSv1.3": 1, "TLSv1.2": 1, TLSv1: 1 });
  });

  it("lists the messages with a plaintext or weak hand-off, newest first, with the worst such hop", () => {
    assert.deepEqual(
      result.flagged.items.map((message) => [message.receipt.source === "none" ? null : message.receipt.time, message.verdict, message.hop, message.judgement]),
      [
        ["2019-08-19T14:41:21Z", "not-encrypted", 2, "plaintext"],
        ["2018-04-21T03:01:33Z", "not-encrypted", 2, "plaintext"],
        ["2014-05-07T12:29:10Z", "not-encrypted", 7, "plaintext"],
        ["2013-11-02T07:40:51Z", "not-encrypted", 6, "plaintext"],
        ["2013-07-15T23:28:07Z", "weak", 1, "weak"],
        ["2012-11-27T23:57:41Z", "not-encrypted", 11, "plaintext"],
      ],
    );
    assert.equal(result.flagged.omitted, 0);
    const seed = result.flagged.items[0];
    assert.deepEqual(
      [seed?.claimed, seed?.facts?.messageId, seed?.facts?.subject],
      [true, "<seed-example@hotmail.com>", `Example from the LuxSci article "Is the Email Encrypted?"`],
    );
  });

  it("places messages by your side's receipt time, and by Date: only when no Received time exists, marked", () => {
    const weak = headerBlockOf("e2e/21-weak-tls1-rc4-gmail-to-postfix.eml");
    const undatedReceived = weak.replace(/; Mon, 15 Jul 2013 19:28:07 -0400 \(EDT\)/, "");
    const months = auditOf([{ headers: weak }, { headers: undatedReceived }]).months;
    // The Received time is 2013-07-15 23:28 UTC; Date: says 16:28 -0700 the same day (23:28 UTC).
    assert.deepEqual(months, [{ period: "2013-07", states: { encrypted: 0, weak: 2, plaintext: 0, unknown: 0 }, internal: 0, none: 0, byDateHeader: 1 }]);
    const late = redated(weak, "2013-08-01T00:00:00Z");
    assert.deepEqual(
      auditOf([{ headers: late }]).months.map((month) => month.period),
      ["2013-08"],
      "the Received time wins over Date:",
    );
  });

  it("groups weeks by their UTC Monday", () => {
    const weak = headerBlockOf("e2e/21-weak-tls1-rc4-gmail-to-postfix.eml");
    const weeks = auditOf(["2024-03-03T23:59:59Z", "2024-03-04T00:00:00Z", "2024-03-10T12:00:00Z"].map((time) => ({ headers: redated(weak, time) }))).weeks;
    assert.deepEqual(
      weeks.map((week) => [week.period, week.states.weak]),
      [
        ["2024-02-26", 1],
        ["2024-03-04", 2],
      ],
    );
  });

  it("skips messages received before `since`, and undated ones, counting them as skipped", () => {
    const since = auditOf(FOLDER, { since: "2019-01-01" });
    // Before 2019: fixtures 16, 21, 23, 24, 30 and corpus lines rcv-070, rcv-043.
    assert.deepEqual(since.totals.skipped, { expunged: 0, "before-since": 7, "undated-since": 0 });
    assert.equal(since.totals.messages, 8);
    const undated = corpusMessage("rcv-043").replace(/; Tue, 12 Sep 2006 11:41:44 -0700/, "");
    assert.deepEqual(auditOf([{ headers: undated }], { since: "2000-01-01" }).totals.skipped["undated-since"], 1);
    assert.throws(() => createAudit({ since: "yesterday" }), RangeError);
  });

  it("keeps the newest N flagged messages and counts the rest", () => {
    const few = auditOf(FOLDER, { keepFlagged: 2 });
    assert.deepEqual(
      few.flagged.items.map((message) => message.receipt.source !== "none" && message.receipt.time),
      ["2019-08-19T14:41:21Z", "2018-04-21T03:01:33Z"],
    );
    assert.equal(few.flagged.omitted, 4);
  });

  it("counts skipped and unreadable messages, listing a bounded number of the unreadable", () => {
    const audit = createAudit();
    audit.addSkipped("expunged");
    for (let i = 0; i < 150; i++) audit.addUnreadable({ what: { kind: "thunderbird", id: i, headerMessageId: null }, why: "read-failed", detail: "network" });
    const outcome = audit.result();
    assert.deepEqual(
      [outcome.totals.skipped.expunged, outcome.totals.unreadable, outcome.unreadable.items.length, outcome.unreadable.omitted],
      [1, 150, 100, 50],
    );
  });

  it("uses the same analyzer options for every message (trusted domains, TLS baseline)", () => {
    const strict = auditOf(FOLDER, { minTlsVersion: "TLSv1.3" });
    assert.equal(strict.states.weak, 3, "fixtures 02 and 14 (TLS 1.2 hand-offs) join 21 as weak under a TLS 1.3 baseline");
    assert.deepEqual(strict.settings, { trustedDomains: [], minTlsVersion: "TLSv1.3", since: null, keepFlagged: 500 });
  });

  describe("merging", () => {
    it("the merge of parts audited apart equals one pass over the whole, in any order, to the byte of its JSON", () => {
      // Byte for byte: the same mailbox must give the same `--json` however the workers split it.
      const same = (merged: AuditResult, whole: AuditResult) => assert.equal(JSON.stringify(merged), JSON.stringify(whole));
      const whole = auditOf(FOLDER);
      const parts = [auditOf(FOLDER.slice(0, 7)), auditOf(FOLDER.slice(7), {}, 8)];
      same(mergeAudits(parts), whole);
      same(mergeAudits([...parts].reverse()), whole);
      const byKeeping = [auditOf(FOLDER.slice(0, 5), { keepFlagged: 2 }), auditOf(FOLDER.slice(5), { keepFlagged: 2 }, 6)];
      same(mergeAudits(byKeeping), auditOf(FOLDER, { keepFlagged: 2 }));
    });

    it("refuses audits made with different settings", () => {
      assert.throws(() => mergeAudits([auditOf(FOLDER), auditOf(FOLDER, { trustedDomains: ["gnu.org"] })]), RangeError);
    });
  });
});

describe("audit: only verified identities name an organisation", () => {
  const real = headerBlockOf("messages/12-gmail-to-yandex-tls13.eml");
  /** The same hand-off from an attacker's address: Yandex records it, the HELO still says Google. */
  const forged = real.replace("(mail-qt1-x82c.google.com [2607:f8b0:4864:20::82c])", "(unknown [203.0.113.66])").replace(/\(using TLSv1\.3[^)]*\)\)/, "");

  it("an attacker's HELO claim of a known organisation lands in `unverified: …`, never in that organisation", () => {
    const result = auditOf([{ headers: real }, { headers: forged }]);
    assert.deepEqual(
      result.groups.map((stats) => [stats.key, stats.sender.kind, stats.messages]),
      [
        ["google.com", "verified", 1],
        ["unverified: mail-qt1-x82c.google.com", "unverified", 1],
      ],
    );
    assert.deepEqual(result.groups[0]?.states, { encrypted: 1, weak: 0, plaintext: 0, unknown: 0 });
  });

  it("a HELO-only sender is named by its address when it gave no name", () => {
    const addressOnly = corpusMessage("rcv-043").replace("helo=eclectic.kluge.net", "");
    assert.deepEqual(
      auditOf([{ headers: addressOnly }]).groups.map((stats) => stats.key),
      ["unverified: 67.91.233.27"],
    );
  });
});

describe("message facts", () => {
  it("reads Message-ID, Subject, From, Date, TLS-Required: No and List-Id from the header block", () => {
    const block = withHeader(headerBlockOf("e2e/24-stanford-postini-google-kvack.eml"), "TLS-Required", "no");
    const facts = readMessageFacts(block);
    assert.deepEqual(facts, {
      messageId: "<CA+DLN_AH9PVkywCpKWHJ1568O0MsjwZZw2zXuPn55msodO0m5w@mail.gmail.com>",
      subject: "Re: zram/zsmalloc issues in very low memory conditions",
      from: "Stephen Barber <smbarber@stanford.edu>",
      date: "Sat, 2 Nov 2013 00:40:48 -0700",
      dateTime: "2013-11-02T07:40:48Z",
      tlsRequiredNo: true,
      mailingList: true,
    });
    assert.equal(readMessageFacts(headerBlockOf("messages/12-gmail-to-yandex-tls13.eml")).tlsRequiredNo, false);
  });

  it("cuts a long header value, so one message cannot hold the audit's memory", () => {
    const facts = readMessageFacts(
      delivery(headerBlockOf("e2e/21-weak-tls1-rc4-gmail-to-postfix.eml"), "2024-01-01T00:00:00Z", "x").replace(
        /^Subject: .*$/m,
        `Subject: ${"s".repeat(100_000)}`,
      ),
    );
    assert.equal(facts.subject?.length, 256);
  });

  it("parses RFC 5322 dates with obsolete forms the same way in every engine", () => {
    assert.equal(parseMailDate("Thu, 22 Oct 2020 06:29:33 +0000 (UTC)"), Date.UTC(2020, 9, 22, 6, 29, 33));
    assert.equal(parseMailDate("2 Nov 13 00:40 PDT"), Date.UTC(2013, 10, 2, 7, 40));
    assert.equal(parseMailDate("Mon, 19 Aug 2019 07:41:18 -0700"), Date.UTC(2019, 7, 19, 14, 41, 18));
    assert.equal(parseMailDate("not a date"), null);
    assert.equal(parseMailDate("31 Foo 2020 10:00"), null);
  });
});
