/**
 * The SPF check your side recorded for the hand-off into it (Received-SPF, RFC 7208 §9.1): read only from fields your
 * side wrote (above the hand-off's Received header) and only for the address that Received header records. It names
 * the sending organisation for audits; it never changes a hop's scope, trust or verdict.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { analyze } from "../../src/analyzer/index.ts";
import { entryOf } from "./entry-hop.ts";
import type { Report } from "../../src/analyzer/index.ts";
import { readReceivedSpf } from "../../src/analyzer/identity/spf.ts";

// rf-peixoto/phishing_pot email/sample-1003.eml: Mailgun into Exchange Online, Exchange's own Received-SPF above it.
const MAILGUN_INTO_EXCHANGE = readFileSync(new URL("../fixtures/provider-internal/phishing-pot-sample-1003.eml", import.meta.url), "utf8");
const SPF_FIELD = /^Received-SPF:.*\n(?:[ \t].*\n)*/m;
const ENTRY_RECEIVED = /^Received: from so254-55\.mailgun\.net .*\n(?:[ \t].*\n)*/m;

/** The report's verdict and every hop's scope, trust and TLS state: what SPF must never change. */
function judgedParts(report: Report) {
  return {
    verdict: report.verdict,
    entry: report.entryHop,
    hops: report.hops.map(({ scope, trust, judgement, tls }) => [scope, trust, judgement, tls.status]),
  };
}

describe("SPF checks your side recorded", () => {
  it("names the organisation whose domain authorised the sending address (Exchange Online's Received-SPF for Mailgun)", () => {
    const entry = entryOf(analyze(MAILGUN_INTO_EXCHANGE));
    assert.equal(entry.from.ip, "198.61.254.55");
    assert.deepEqual(entry.from.spf, { result: "pass", domain: "mg.areafellowship.com", org: "areafellowship.com" });
    assert.equal(entry.from.identity.basis, "helo-claim", "the identity stays what the Received header proves");
  });

  it("never changes a scope, a trust line or the verdict", () => {
    const without = analyze(MAILGUN_INTO_EXCHANGE.replace(SPF_FIELD, ""));
    assert.equal(entryOf(without).from.spf, null);
    assert.deepEqual(judgedParts(analyze(MAILGUN_INTO_EXCHANGE)), judgedParts(without));
  });

  it("only the hand-off into your side carries one", () => {
    const report = analyze(MAILGUN_INTO_EXCHANGE);
    assert.deepEqual(
      report.hops.filter((hop) => hop.from.spf !== null).map((hop) => hop.index),
      [report.entryHop],
    );
  });

  it("reads the forms servers write: Exchange Online, Gmail, Plesk's (RFC 7208 keys)", () => {
    const fields: readonly [source: string, value: string, read: ReturnType<typeof readReceivedSpf>][] = [
      [
        "linux-mailinglist-archives/linux-usb.vger.kernel.org.0 (public-inbox): nvidia.com into Exchange Online",
        "Pass (protection.outlook.com: domain of nvidia.com designates 216.228.117.160 as permitted sender) receiver=protection.outlook.com; client-ip=216.228.117.160; helo=mail.nvidia.com; pr=C",
        { result: "pass", clientIp: "216.228.117.160", domain: "nvidia.com" },
      ],
      [
        "rf-peixoto/phishing_pot email/sample-1011.eml: Gmail's own field",
        "pass (google.com: domain of samranefahim@gmail.com designates 209.85.220.65 as permitted sender) client-ip=209.85.220.65;",
        { result: "pass", clientIp: "209.85.220.65", domain: "gmail.com" },
      ],
      [
        "linux-usb archive, mail from newagemicro.com: a Plesk server's field with the envelope-from key",
        "pass (newagemicro-plesk-3-1.smartt.com: localhost is always allowed.) client-ip=127.0.0.1; envelope-from=msobchuk@newagemicro.com; helo=newagemicro-plesk-3-1.smartt.com;",
        { result: "pass", clientIp: "127.0.0.1", domain: "newagemicro.com" },
      ],
      [
        "rf-peixoto/phishing_pot email/sample-1.eml: the lookup failed; no address or domain is named",
        "TempError (protection.outlook.com: error in processing during lookup of ubuntu-s-1vcpu-1gb-35gb-intel-sfo3-06: DNS Timeout)",
        null,
      ],
    ];
    for (const [source, value, read] of fields) assert.deepEqual(readReceivedSpf(value), read, source);
  });
});

describe("forgery: SPF results a sender wrote", () => {
  it("a Received-SPF field below the hand-off's Received header (written before your side saw the message) is ignored", () => {
    const field = SPF_FIELD.exec(MAILGUN_INTO_EXCHANGE)?.[0] ?? "";
    const entryLine = ENTRY_RECEIVED.exec(MAILGUN_INTO_EXCHANGE)?.[0] ?? "";
    assert.ok(field && entryLine);
    const moved = MAILGUN_INTO_EXCHANGE.replace(field, "").replace(entryLine, entryLine + field);
    assert.equal(entryOf(analyze(moved)).from.spf, null);
  });

  it("a pass for another address than the one your side recorded is ignored", () => {
    const other = MAILGUN_INTO_EXCHANGE.replace("client-ip=198.61.254.55", "client-ip=198.61.254.56");
    assert.equal(entryOf(analyze(other)).from.spf, null);
  });

  it("an SPF pass for your own domain does not make a stranger's hand-off internal", () => {
    const ownDomain = MAILGUN_INTO_EXCHANGE.replace("domain of mg.areafellowship.com", "domain of outlook.com");
    const report = analyze(ownDomain);
    assert.equal(entryOf(report).from.spf?.org, "outlook.com");
    assert.deepEqual(judgedParts(report), judgedParts(analyze(MAILGUN_INTO_EXCHANGE)));
  });
});
