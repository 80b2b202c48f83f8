/** The worked example from the LuxSci article this product grew from (issue 2's seed): exact expectations. */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { analyze, formatReason } from "../../src/analyzer/index.ts";

const seed = readFileSync(new URL("../fixtures/messages/00-seed-hotmail-proofpoint-luxsci.eml", import.meta.url), "utf8");

describe("seed example: Hotmail → Proofpoint Essentials → LuxSci", () => {
  const report = analyze(seed);
  const hop = (index: number) => {
    const found = report.hops.find((candidate) => candidate.index === index);
    assert.ok(found, `hop ${index} exists`);
    return found;
  };

  it("reads six hops, oldest first", () => {
    assert.equal(report.hops.length, 6);
    assert.deepEqual(
      report.hops.map((h) => h.by),
      ["bay0-omc4-s14.bay0.outlook.com", "dispatch1-us1.ppe-hosted.com.ppe-hosted.com", "abc.luxsci.com", "abc.luxsci.com", "abc.luxsci.com", "def.luxsci.com"],
    );
  });

  it("is not encrypted, and says which hand-off and why", () => {
    assert.equal(report.verdict, "not-encrypted");
    assert.equal(report.verdictReason.key, "verdict-not-encrypted");
    assert.equal(report.decidingHop, 2);
    const decisive = report.reasons[0];
    assert.ok(decisive?.key === "handoff-plaintext");
    assert.equal(decisive.params.hop, 2);
    assert.match(formatReason(decisive), /Hop 2 \(bay0-omc4-s14\.bay0\.hotmail\.com → ppe-hosted\.com\).*Proofpoint Essentials always notes encryption/);
    assert.equal(report.reasons[1]?.key, "deciding-hop-claimed", "the deciding hop is the sender's record, and the reasons say so");
  });

  it("the Hotmail → Proofpoint hand-off is proven plaintext by Proofpoint's silence", () => {
    const handoff = hop(2);
    assert.equal(handoff.scope, "relay");
    assert.equal(handoff.tls.status, "plaintext");
    assert.equal(handoff.tls.status === "plaintext" && handoff.tls.receiver, "proofpoint-essentials");
    const { helo, rdns, ip, port } = handoff.from;
    assert.deepEqual({ helo, rdns, ip, port }, { helo: "bay0-omc4-s14.bay0.hotmail.com", rdns: null, ip: "65.54.190.216", port: null });
    assert.equal(handoff.from.identity.basis, "helo-claim");
  });

  it("Proofpoint → LuxSci is encrypted with some SSL/TLS version (not SSLv3), DHE-RSA-AES256-SHA, 256 bits, no client certificate requested", () => {
    const handoff = hop(3);
    assert.equal(handoff.scope, "relay");
    assert.equal(handoff.trust, "recipient");
    assert.equal(handoff.tls.status, "encrypted");
    assert.equal(handoff.tls.version, null);
    assert.equal(handoff.tls.cipher, "DHE-RSA-AES256-SHA");
    assert.equal(handoff.tls.bits, 256);
    assert.equal(handoff.tls.verify, "not-requested");
    assert.equal(handoff.tls.dialect, "sendmail-kv");
    assert.equal(
      handoff.tls.evidenceAt && handoff.raw.slice(handoff.tls.evidenceAt.start, handoff.tls.evidenceAt.end),
      "version=TLSv1/SSLv3 cipher=DHE-RSA-AES256-SHA bits=256 verify=NOT",
    );
  });

  it("the LuxSci hops are local or internal; hop 6 is internal only by its HELO claim, so it is judged", () => {
    assert.equal(hop(4).scope, "local");
    assert.equal(hop(5).scope, "internal");
    assert.equal(hop(6).scope, "internal");
    assert.equal(hop(6).from.identity.basis, "helo-claim", "sendmail wrote no reverse-DNS name for 1.1.1.1: abc.luxsci.com is the sender's word");
    assert.equal(hop(6).judgement, "encrypted");
    assert.equal(hop(3).restsOnClaim, 6);
    assert.equal(hop(5).tls.status, "plaintext"); // loopback, recorded by stock sendmail: true, and irrelevant
  });

  it("the first hop, inside Hotmail (SMTPSVC never records TLS), is unknown and does not decide the verdict", () => {
    assert.equal(hop(1).tls.status, "unknown");
    assert.notEqual(hop(1).scope, "relay");
  });

  it("dates are parsed with their zones and delays computed", () => {
    assert.equal(hop(3).time, "2019-08-19T14:41:19Z");
    assert.equal(hop(3).delaySeconds, 1);
    assert.equal(hop(2).date, "Mon, 19 Aug 2019 08:41:18 -0600 (MDT)");
  });
});

describe("seed article's other Proofpoint Essentials line", () => {
  const line =
    "from unknown [44.44.44.44] (EHLO wgh.luxsci.com) by dispatch1-us1.ppe-hosted.com.ppe-hosted.com (using TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)) with ESMTP id b-022.p01c11m003.ppe-hosted.com (envelope-from <from@domain.com>); Mon, 02 Feb 2009 19:28:27 -0700 (MST)";
  it("is encrypted TLSv1.2 with the cipher and bits as written", () => {
    const [hop] = analyze(`Received: ${line}\n`).hops;
    assert.ok(hop);
    assert.equal(hop.tls.status, "encrypted");
    assert.equal(hop.tls.version, "TLSv1.2");
    assert.equal(hop.tls.cipher, "ECDHE-RSA-AES256-GCM-SHA384");
    assert.equal(hop.tls.bits, 256);
    assert.equal(hop.tls.dialect, "postfix-using");
    assert.equal(hop.from.helo, "wgh.luxsci.com");
    assert.equal(hop.from.ip, "44.44.44.44");
    assert.equal(hop.id, "b-022.p01c11m003.ppe-hosted.com");
  });
});
