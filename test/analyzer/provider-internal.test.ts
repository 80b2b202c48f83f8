/**
 * Mail delivered by Exchange Online (Outlook.com and Microsoft 365) crosses Microsoft's own servers after the hand-off
 * into Microsoft, each hop recorded with an address from Microsoft's unpublished internal blocks. Those hops are
 * Microsoft's own records, so the hand-off into Microsoft is judged on Microsoft's word; and nothing a sender
 * writes, nor an address Azure rents out, passes for one of them. Gmail's last hop names no server at all: the
 * provider is the one its chain reaches. Real header blocks: test/fixtures/provider-internal.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { analyze } from "../../src/analyzer/index.ts";
import { entryOf } from "./entry-hop.ts";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/provider-internal/${name}`, import.meta.url), "utf8");

/** Exchange Online Protection's receiving front end, which writes the hand-off into Microsoft. */
const EOP_FRONT_END = /\.mail\.protection\.outlook\.com$/i;

const DELIVERIES = [
  { file: "phishing-pot-sample-1.eml", verdict: "encrypted", tls: "encrypted", sender: null },
  { file: "phishing-pot-sample-2.eml", verdict: "encrypted", tls: "encrypted", sender: null },
  { file: "phishing-pot-sample-3.eml", verdict: "encrypted", tls: "encrypted", sender: "google.com" },
  { file: "phishing-pot-sample-1993.eml", verdict: "not-encrypted", tls: "plaintext", sender: null },
] as const;

describe("Exchange Online's internal hops", () => {
  for (const { file, verdict, tls, sender } of DELIVERIES) {
    it(`${file}: the hand-off into Microsoft is judged on Microsoft's record, not on a claim`, () => {
      const report = analyze(fixture(file));
      assert.equal(report.recipientOrg, "outlook.com");
      const entry = entryOf(report);
      assert.match(entry.by ?? "", EOP_FRONT_END);
      assert.equal(entry.trust, "recipient");
      assert.equal(entry.restsOnClaim, null);
      assert.equal(entry.tls.status, tls);
      assert.equal(report.verdict, verdict);
      assert.equal(entry.from.identity.org, sender);
      for (const hop of report.hops.slice(entry.index)) {
        assert.equal(hop.scope, "internal", `hop ${hop.index}`);
        assert.equal(hop.trust, "recipient", `hop ${hop.index}`);
        assert.ok(
          hop.from.identity.service === "microsoft-365-internal" || hop.from.identity.basis === "loopback",
          `hop ${hop.index}: ${hop.from.ip} (${hop.from.identity.basis})`,
        );
      }
    });
  }
});

describe("Gmail's own last hop", () => {
  it("`by 2002:a05:… with SMTP id …` records no sender: your provider is the one that received the message (mx.google.com)", () => {
    const report = analyze(fixture("phishing-pot-sample-1246.eml"));
    assert.equal(report.recipientOrg, "google.com");
    assert.ok(!report.reasons.some((reason) => reason.key === "no-recipient-org"));
    const entry = entryOf(report);
    assert.equal(entry.by, "mx.google.com");
    assert.equal(entry.trust, "recipient");
    assert.equal(entry.from.identity.service, "microsoft-exchange-online-protection");
    assert.equal(report.verdict, "encrypted");
  });

  it("an authenticated submission that records no sender does not let the client's own lines name your provider", () => {
    const DATE = "Thu, 15 Jun 2023 01:25:46 -0700";
    const report = analyze(
      `Received: by 10.0.0.5 with ESMTPSA id w5csp1670752dyi; ${DATE}\r\n` +
        `Received: from a.attacker.net (a.attacker.net [198.51.100.9]) by mx.attacker.net (Postfix) with ESMTPS id F2; ${DATE}\r\n\r\n`,
    );
    assert.equal(report.recipientOrg, null);
    assert.equal(report.hops[0]?.trust, "sender-claimed");
  });
});

describe("forgery: passing for one of Exchange Online's internal servers", () => {
  const plaintextEntry = (from: string) => fixture("phishing-pot-sample-1993.eml").replace("from ndHighlanders.com (77.87.127.202) by", `from ${from} by`);

  const attacks: readonly [string, string][] = [
    ["a HELO naming an Exchange Online mailbox server, from an outside address, is judged", "DM6PR02CA0122.namprd02.prod.outlook.com (77.87.127.202)"],
    ["an Exchange Online internal address given as the HELO is the sender's claim", "[2603:10b6:5:1b4::24] (77.87.127.202)"],
    ["an Azure address beside Exchange Online's internal blocks is not Microsoft-internal", "DM6PR02CA0122.namprd02.prod.outlook.com (2603:1036:903::5)"],
  ];

  for (const [name, from] of attacks) {
    it(name, () => {
      const text = plaintextEntry(from);
      assert.notEqual(text, fixture("phishing-pot-sample-1993.eml"), "the entry line was not replaced");
      const report = analyze(text);
      const entry = entryOf(report);
      assert.equal(entry.index, 1);
      assert.notEqual(entry.from.identity.org, "outlook.com");
      assert.equal(entry.judgement, "plaintext");
      assert.equal(report.verdict, "not-encrypted");
    });
  }
});
