/** The trust boundary: what the recipient's side recorded versus what the sender's side merely claims. */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { analyze } from "../../src/analyzer/index.ts";

const message = (name: string) => readFileSync(new URL(`../fixtures/messages/${name}`, import.meta.url), "utf8");

/** Inserts a header as the oldest Received (just after the last existing one), as a sender forging history would. */
function forgeOldest(text: string, value: string): string {
  const lines = text.split("\n");
  let insertAt = 0;
  lines.forEach((line, i) => {
    if (/^Received:/i.test(line)) {
      insertAt = i + 1;
      while (/^[ \t]/.test(lines[insertAt] ?? "")) insertAt++;
    }
  });
  lines.splice(insertAt, 0, `Received: ${value}`);
  return lines.join("\n");
}

// A real TLS 1.3 line (Roundcube_TLS_Icon test/TlsIconTest.php), reused as the forger's claim.
const FORGED_TLS_LINE =
  "from 69-171-232-143.mail-mail.facebook.com (69-171-232-143.mail-mail.facebook.com [69.171.232.143]) by mail.aegee.org (8.17.1/8.17.1) with ESMTPS id 2BI73F8b1489360 (version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=NO) for <my@address>; Sun, 18 Dec 2022 07:03:16 GMT";

describe("trust boundary", () => {
  it("marks hops from the top down to the hand-off into the recipient's organisation as recorded by the recipient", () => {
    const report = analyze(message("02-ibm-proofpoint-gnu-exim-lfdr.eml"));
    assert.equal(report.recipientOrg, "lfdr.de");
    assert.deepEqual(
      report.hops.filter((hop) => hop.trust === "recipient").map((hop) => hop.index),
      [14],
    );
    assert.ok(report.reasons.some((reason) => reason.key === "relies-on-sender-claims" && reason.params.claimant === "gnu.org"));
  });

  it("extends the boundary through organisations the caller trusts", () => {
    const report = analyze(message("02-ibm-proofpoint-gnu-exim-lfdr.eml"), { trustedDomains: ["lists.gnu.org"] });
    assert.deepEqual(
      report.hops.filter((hop) => hop.trust === "recipient").map((hop) => hop.index),
      [11, 12, 13, 14],
    );
  });

  it("a forged TLS line below a plaintext boundary hop changes nothing", () => {
    const original = message("16-powermta-to-eop-cleartext.eml");
    const forged = analyze(forgeOldest(original, FORGED_TLS_LINE));
    assert.equal(analyze(original).verdict, "not-encrypted");
    assert.equal(forged.verdict, "not-encrypted");
    const forgedHop = forged.hops[0];
    assert.equal(forgedHop?.tls.status, "encrypted");
    assert.equal(forgedHop?.trust, "sender-claimed");
  });

  it("a forged TLS line below an unknown boundary hop leaves the verdict unknown", () => {
    // A real vger.kernel.org (ZMailer) line: that receiver never records TLS.
    const vger =
      'Received: from mail-eopbgr760058.outbound.protection.outlook.com ([40.107.76.58]:23733 "EHLO NAM02-CY1-obe.outbound.protection.outlook.com" rhost-flags-OK-OK-OK-FAIL) by vger.kernel.org with ESMTP id S232042AbhDFQka (ORCPT <rfc822;kvm@vger.kernel.org>); Tue, 6 Apr 2021 12:40:30 -0400\n';
    assert.equal(analyze(vger).verdict, "unknown");
    const report = analyze(forgeOldest(vger, FORGED_TLS_LINE));
    assert.equal(report.verdict, "unknown");
    assert.equal(report.hops[1]?.trust, "recipient");
    assert.equal(report.hops[0]?.trust, "sender-claimed");
  });

  it("lines below where a program created the message are the creator's claims, even inside one organisation", () => {
    // The seed's three LuxSci lines alone: sendmail's Submit on abc.luxsci.com created the message.
    const seed = message("00-seed-hotmail-proofpoint-luxsci.eml");
    const luxsciOnly = seed.slice(0, seed.indexOf("Received: from dispatch1-us1.ppe-hosted.com"));
    const before = analyze(luxsciOnly);
    // The hop into def.luxsci.com rests on its sender's HELO alone (1.1.1.1 has no checked name): judged, not internal.
    assert.equal(before.verdict, "encrypted");
    assert.ok(before.reasons.some((reason) => reason.key === "relies-on-claim"));
    assert.deepEqual(
      before.hops.map((hop) => hop.trust),
      ["recipient", "recipient", "recipient"],
    );
    const forged = analyze(forgeOldest(luxsciOnly, FORGED_TLS_LINE));
    assert.equal(forged.hops[0]?.trust, "sender-claimed", "the forged line sits below sendmail's Submit");
    assert.ok(forged.hops.slice(1).every((hop) => hop.trust === "recipient"));
  });

  it("a client's submission is where the recipient's records end", () => {
    const internal = readFileSync(new URL("../fixtures/e2e/22-internal-only-postfix-amavis.eml", import.meta.url), "utf8");
    const report = analyze(internal);
    assert.equal(report.verdict, "internal");
    assert.deepEqual(
      report.hops.map((hop) => `${hop.scope}/${hop.trust}`),
      ["local/sender-claimed", "submission/recipient", "internal/recipient", "internal/recipient"],
    );
  });

  it("a re-injection on the same host keeps the lines below it as that host's records", () => {
    const report = analyze(message("00-seed-hotmail-proofpoint-luxsci.eml"));
    // Hop 4 is sendmail's Submit on abc.luxsci.com; hop 3 was received by the same host from Proofpoint.
    assert.deepEqual(
      report.hops.filter((hop) => hop.trust === "recipient").map((hop) => hop.index),
      [3, 4, 5, 6],
    );
  });

  it("a sender cannot HELO its way inside the recipient's organisation", () => {
    // The real Yandex hand-off, with the sender's HELO changed to claim a Yandex name but its reverse DNS kept.
    const report = analyze(
      "Received: from mx.yandex.net (mail-qt1-x82c.google.com [2607:f8b0:4864:20::82c]) by iva4-2b810ee1e62f.qloud-c.yandex.net (mxfront/Yandex) with ESMTP id SsHUVBo8zv-Gxa01gGB; Sat, 03 Apr 2021 06:16:59 +0300\n",
    );
    assert.equal(report.hops[0]?.scope, "relay");
    assert.equal(report.verdict, "unknown");
  });
});
