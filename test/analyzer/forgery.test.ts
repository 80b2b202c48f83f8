/**
 * Forgery regressions: one test per attack class of the trust review (issue 8), each named after the attack it
 * stops. Every receiving line is written in the receiving MTA's real template, with only the parts the sender
 * chooses (HELO, its own DNS, envelope addresses) made hostile; the forms are those the review reproduced on real
 * servers (Postfix 3.7, Exim 4.96, Sendmail 8.17, Haraka 3.3) and documented in research notes on each MTA's source.
 * Each test asserts only fields the report has always had (verdict, scope, TLS status, addresses), so it can be run
 * against older builds: every one of them failed on the analyzer of commit 4f736d9.
 *
 * The property test at the end generates hostile HELO names, addresses and forged older lines around such
 * hand-offs: forged text may leave the verdict unchanged or make it worse (and then the reasons name the claimed
 * hop), never better; it never turns a verdict into `internal` or `none`.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { analyze } from "../../src/analyzer/index.ts";
import type { Report, Verdict } from "../../src/analyzer/index.ts";
import { appendOldest } from "./header-edits.ts";
import { realLines, withHelo } from "./real-lines.ts";

const DATE = "Mon, 1 Jan 2024 10:00:00 +0000";
const block = (...values: string[]): string => `${values.map((value) => `Received: ${value}`).join("\r\n")}\r\n\r\n`;

/** The recipient's own final delivery, over a private link (real Postfix LMTP form). */
const DELIVERY = `from mx.victim.org (mx.victim.org [10.0.0.2]) by store.victim.org (Postfix) with LMTP id S1; ${DATE}`;
/** A forged older line claiming TLS 1.3 (a real Postfix form). */
const FORGED_TLS13 = `from mail.attacker.net (mail.attacker.net [198.51.100.9]) (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)) by mx2.victim.org (Postfix) with ESMTPS id F2; Mon, 1 Jan 2024 09:59:50 +0000`;
/** An Azure virtual machine's address (a rentable cloud address: the Azure VM `*.internal.cloudapp.net` range). */
const AZURE_VM = "20.74.131.131";

function verdictOf(...values: string[]): Verdict {
  return analyze(block(...values)).verdict;
}

describe("forgery: nothing a sender writes can turn the lock green", () => {
  describe("HELO alone decides identity", () => {
    it("a sender without reverse DNS that says HELO smtp.<recipient's domain> is judged, not internal (Postfix `name (unknown [ip])`)", () => {
      const entry = `from smtp.victim.org (unknown [203.0.113.5]) by mx.victim.org (Postfix) with ESMTP id R1; ${DATE}`;
      const report = analyze(block(DELIVERY, entry, FORGED_TLS13));
      assert.equal(report.verdict, "not-encrypted");
      assert.equal(report.hops[1]?.tls.status, "plaintext");
    });

    it("Exim's `from [ip] (helo=name)` records no verified name: a HELO naming the MX is judged", () => {
      const entry = `from [203.0.113.5] (helo=mx.victim.org) by mx.victim.org with esmtp (Exim 4.96) (envelope-from <a@attacker.net>) id 1qAbCd-000123-Xy for user@victim.org; ${DATE}`;
      assert.equal(verdictOf(entry, FORGED_TLS13), "not-encrypted");
    });

    it("Exchange writes the HELO, never a reverse-DNS name: `from mail.victim.org (ip)` is judged", () => {
      const entry = `from mail.victim.org (203.0.113.5) by EXCH01.victim.org (10.0.0.3) with Microsoft SMTP Server id 15.1.2507.39; ${DATE}`;
      assert.equal(verdictOf(entry, FORGED_TLS13), "not-encrypted");
    });

    it("Gmail's `from name ([ip])` is the HELO: a sender calling itself mx.google.com is not Google", () => {
      const entry = `from mx.google.com ([203.0.113.5]) by mx.google.com with ESMTP id a1b2c3si123456qkd.42.2024.01.01.02.00.00 for <user@gmail.com>; ${DATE}`;
      assert.equal(verdictOf(entry, FORGED_TLS13), "not-encrypted");
    });

    it("sendmail's `(may be forged)` name is the sender's own DNS, not a verified name", () => {
      const entry = `from mail.victim.org (mail.victim.org [203.0.113.5] (may be forged)) by mx.victim.org (8.17.1/8.17.1) with ESMTP id 401A0000X; ${DATE}`;
      assert.equal(verdictOf(entry, FORGED_TLS13), "not-encrypted");
    });

    it("Haraka writes an unconfirmed reverse-DNS name without a marker: it proves nothing", () => {
      const entry = `from mx.victim.org (mail.victim.org [203.0.113.5]) by mx.victim.org (Haraka/3.0.3) with ESMTP id 9F1D7C2E-2A34-4B1C-9C3E-1D2F3A4B5C6D.1 envelope-from <a@attacker.net>; ${DATE}`;
      assert.equal(verdictOf(entry, FORGED_TLS13), "not-encrypted");
    });

    it("HELO localhost, or an address literal as HELO, into a receiver that records no peer address is judged, not internal", () => {
      // Some gateways write only `from <HELO> by …`: the name and any address in it are the client's.
      for (const helo of ["localhost", "[127.0.0.1]", "[10.0.0.2]", "x(127.0.0.1)"]) {
        const report = analyze(block(`from ${helo} by mx1.victim.org (Tls12, Aes256, Sha384, DiffieHellmanEllipticKey384); ${DATE}`));
        assert.equal(report.hops[0]?.scope, "relay", helo);
        assert.equal(report.verdict, "encrypted", helo);
      }
      // What the receiver itself writes still marks a local session: sendmail's `(user@localhost)` for `sendmail -bs`,
      // OpenSMTPD's `[local]`, Exim's own `[127.0.0.1]`.
      for (const local of [
        `from localhost (mailnull@localhost) by mx.victim.org (8.12.6/8.9.3) with SMTP id h2R2iivG093740; ${DATE}`,
        `from localhost (mx.victim.org [local]) by mx.victim.org (OpenSMTPD) with ESMTPA id 201b1270; ${DATE}`,
        `from [127.0.0.1] by mx.victim.org with esmtp (Exim 4.96) id 1qAbCd-000123-Xy; ${DATE}`,
      ])
        assert.equal(analyze(block(local)).verdict, "internal", local);
    });

    it("a provider's host name as HELO from that provider's rentable cloud range is not internal", () => {
      // Exchange Online receiving from an Azure VM that says it is Exchange Online Protection.
      const entry = `from mail.protection.outlook.com (${AZURE_VM}) by BN8NAM12FT045.mail.protection.outlook.com (10.13.182.130) with Microsoft SMTP Server id 15.20.7472.11 via Frontend Transport; ${DATE}`;
      const report = analyze(block(entry, FORGED_TLS13));
      assert.notEqual(report.hops[1]?.scope, "local");
      assert.equal(report.verdict, "not-encrypted");
    });
  });

  describe("sender-chosen text read as TLS evidence", () => {
    it("a quoted envelope sender carrying a TLS note is not a verified TLS session (Exim `(envelope-from <…>)`)", () => {
      const entry = `from mail.attacker.net ([198.51.100.9] helo=mail.attacker.net) by mx.victim.org with esmtp (Exim 4.96) (envelope-from <"version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=OK"@attacker.net>) id 1qAbCd-000123-Xy for user@victim.org; ${DATE}`;
      const report = analyze(block(entry));
      assert.equal(report.hops[0]?.tls.status, "plaintext");
      assert.equal(report.verdict, "not-encrypted");
    });

    it('a quoted recipient address cannot read as a TLS phrase (`for <"over TLS secured channel"@…>`)', () => {
      const entry = `from mail.attacker.net (mail.attacker.net [198.51.100.9]) by mx.victim.org (Postfix) with ESMTP id R1 for <"over TLS secured channel"@victim.org>; ${DATE}`;
      assert.equal(analyze(block(entry)).hops[0]?.tls.status, "plaintext");
    });

    it("TLS words in a sender's HELO or addresses cannot veto a receiver's plaintext proof", () => {
      // Unread TLS words make a hop unknown only where the receiver writes its notes: anything else would let a sender
      // turn its own proven-plaintext hand-off into an unknown one.
      for (const entry of [
        `from tls.starttls.attacker.net (mail.attacker.net [198.51.100.9]) by mx.victim.org (Postfix) with ESMTP id R1; ${DATE}`,
        `from mail.attacker.net (mail.attacker.net [198.51.100.9]) by mx.victim.org (Postfix) with ESMTP id R1 for <tls-cipher-encrypted@victim.org>; ${DATE}`,
        `from mail.attacker.net ([198.51.100.9] helo=ssl.encrypted.example) by mx.victim.org with esmtp (Exim 4.96) (envelope-from <starttls@attacker.net>) id 1qAbCd-000123-Xy for user@victim.org; ${DATE}`,
      ]) {
        const tls = analyze(block(entry)).hops[0]?.tls;
        assert.equal(tls?.status, "plaintext", entry);
      }
    });

    it("Exim's `(helo=…)` after an address it could not name is the sender's text: it carries no TLS note and vetoes no silence", () => {
      // Exim writes `[ip] (port=n helo=x ident=y)` when reverse DNS gave no verified name; an Exim that accepts any
      // HELO (helo_accept_junk_hosts) lets the sender shape it like a Courier TLS note.
      const exim = (rcvhost: string) =>
        `from [198.51.100.9] ${rcvhost} by mx.victim.org with esmtp (Exim 4.96) (envelope-from <a@attacker.net>) id 1qAbCd-000123-Xy for user@victim.org; ${DATE}`;
      for (const rcvhost of [
        "(helo=x,TLS:TLSv1.3,256bits,AES256-GCM-SHA384)",
        "(port=4321 helo=tls.starttls.example)",
        "(helo=ssl-encrypted.example ident=cipher)",
      ]) {
        const report = analyze(block(exim(rcvhost)));
        assert.equal(report.hops[0]?.tls.status, "plaintext", rcvhost);
        assert.equal(report.verdict, "not-encrypted", rcvhost);
      }
    });

    it("a HELO in CommuniGate's `(account … HELO …)` note cannot read as Courier's TLS note", () => {
      const entry = `from [198.51.100.9] (account user@victim.org HELO x,TLS:TLSv1.3,256bits,AES256-GCM-SHA384) by mx.victim.org (CommuniGate Pro SMTP 6.3.1) with ESMTPA id 123; ${DATE}`;
      const tls = analyze(block(entry)).hops[0]?.tls;
      assert.notEqual(tls?.status, "encrypted");
      assert.equal(tls?.dialect, null);
    });

    it("a `)` inside a quoted local part does not close the comment and free a TLS note", () => {
      const entry = `from mail.attacker.net ([198.51.100.9] helo=mail.attacker.net) by mx.victim.org with esmtp (Exim 4.96) (envelope-from <"a) (version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=OK) ("@attacker.net>) id 1qAbCd-000123-Xy for user@victim.org; ${DATE}`;
      const report = analyze(block(entry));
      assert.equal(report.hops[0]?.tls.status, "plaintext");
      assert.equal(report.verdict, "not-encrypted");
    });
  });

  describe("HELO text that shapes the parse (Haraka writes the HELO verbatim)", () => {
    const haraka = (helo: string, protocol = "ESMTP") =>
      `from ${helo} (unknown [203.0.113.5]) by mx.victim.org (Haraka/3.0.3) with ${protocol} id 9F1D7C2E-2A34-4B1C-9C3E-1D2F3A4B5C6D.1 envelope-from <a@attacker.net>; ${DATE}`;

    it("an address literal in a comment inside the HELO does not move the peer address to a private one", () => {
      const report = analyze(block(haraka("mx(mx.victim.org[10.0.0.2])"), FORGED_TLS13));
      assert.equal(report.hops[1]?.from.ip, "203.0.113.5");
      assert.equal(report.verdict, "not-encrypted");
    });

    it("an `(authenticated)` in the HELO does not make the hand-off a submission", () => {
      const report = analyze(block(haraka("x(authenticated)"), FORGED_TLS13));
      assert.notEqual(report.hops[1]?.scope, "submission");
      assert.equal(report.verdict, "not-encrypted");
    });

    it("`by`/`with` keywords in a HELO cannot replace the receiver's own clauses", () => {
      // Haraka keeps tabs in a HELO (it splits the command on spaces only).
      const report = analyze(block(haraka("x\tby\tmx.victim.org\twith\tESMTPS"), FORGED_TLS13));
      assert.equal(report.hops[1]?.with, "ESMTP");
      assert.equal(report.verdict, "not-encrypted");
    });

    it("a `;` in the HELO does not end the value before the receiver's clauses", () => {
      const report = analyze(block(haraka("x;Mon,"), FORGED_TLS13));
      assert.equal(report.hops[1]?.by, "mx.victim.org");
      assert.equal(report.verdict, "not-encrypted");
    });
  });

  it("a forged line cannot name the recipient's organisation when the newest hop's `by` is a bare name", () => {
    const entry = `from mx.victim.org (unknown [203.0.113.5]) by MAILHUB (Postfix) with ESMTP id R1; ${DATE}`;
    const report = analyze(block(entry, FORGED_TLS13));
    assert.equal(report.recipientOrg, null);
    assert.equal(report.hops[0]?.trust, "sender-claimed", "the forged line stays the sender's claim");
  });

  it("a sender that gives no name, into a receiver that names no organisation, is judged, not taken for the author's own client", () => {
    // sendmail's stock template, its `by` a bare host name: nothing shows this is the author's provider.
    const entry = `from [203.0.113.5] ([203.0.113.5]) by MAILHUB (8.17.1/8.17.1) with ESMTP id 401A0000X; ${DATE}`;
    const report = analyze(block(entry));
    assert.deepEqual([report.hops[0]?.scope, report.hops[0]?.judgement, report.verdict], ["relay", "plaintext", "not-encrypted"]);
  });

  describe("good mail made to look bad, silently", () => {
    it("a forged older plaintext line may lower the verdict, but the reasons say the failing hop is only claimed", () => {
      const message = readFileSync(new URL("../fixtures/messages/12-gmail-to-yandex-tls13.eml", import.meta.url), "utf8");
      const forgedPlaintext = `from relay.example.net (relay.example.net [198.51.100.30]) by mx.example.org (Postfix) with ESMTP id Q1; Sat, 03 Apr 2021 06:16:50 +0300`;
      const report = analyze(appendOldest(message, forgedPlaintext));
      assert.equal(report.verdict, "not-encrypted");
      assert.ok(
        report.reasons.some((reason) => reason.key === "deciding-hop-claimed" || reason.key === "deciding-hop-on-claim"),
        "the reasons name the claimed hop",
      );
    });

    it("HELO text cannot downgrade a hop to weak", () => {
      const entry = `from x(version=TLSv1\tcipher=RC4-MD5\tbits=40\tverify=NO) (unknown [203.0.113.5]) by mx.victim.org (Haraka/3.0.3) with ESMTPS id 9F1D7C2E-2A34-4B1C-9C3E-1D2F3A4B5C6D.1 envelope-from <a@attacker.net> tls TLS_AES_256_GCM_SHA384; ${DATE}`;
      const report = analyze(block(entry));
      assert.equal(report.verdict, "encrypted");
      assert.equal(report.hops[0]?.tls.cipher, "TLS_AES_256_GCM_SHA384");
    });
  });

  describe("unbounded input", () => {
    it("100,000 Received headers give a bounded report that keeps the newest", () => {
      const lines = Array.from(
        { length: 100_000 },
        (_, i) => `from h${i}.example.net (h${i}.example.net [198.51.100.${i % 250}]) by r${i}.example.org (Postfix) with ESMTPS id Q${i}; ${DATE}`,
      );
      const report = analyze(block(...lines));
      assert.ok(report.hops.length <= 200, `${report.hops.length} hops`);
      assert.ok(JSON.stringify(report).length < 2_000_000, "the report stays small");
      assert.equal(report.hops.at(-1)?.by, "r0.example.org", "the newest header is kept");
    });

    it("a header block cut at the caller's bound still counts the hops it hides, and says it was cut", () => {
      const text = block(`from mail.attacker.net (mail.attacker.net [198.51.100.9]) by mx.victim.org (Postfix) with ESMTP id R1; ${DATE}`);
      const report = analyze(text, { cutInput: { keptBytes: 1_048_576, droppedReceived: 4 } });
      assert.deepEqual(report.received, { total: 5, analysed: 1 });
      assert.deepEqual(
        report.warnings.map((warning) => warning.key),
        ["header-block-truncated", "received-capped"],
      );
    });
  });

  describe("library options are not validated", () => {
    it("analyze(x, null) and non-string trusted domains neither throw nor count", () => {
      const text = block(`from mail.attacker.net (mail.attacker.net [198.51.100.9]) by mx.victim.org (Postfix) with ESMTP id R1; ${DATE}`);
      assert.equal(analyze(text, null as never).verdict, "not-encrypted");
      assert.equal(analyze(text, { trustedDomains: [null, 42, "attacker.net"] as never }).verdict, "not-encrypted");
      assert.equal(analyze(text, { minTlsVersion: "TLSv9" as never }).verdict, "not-encrypted");
      for (const cutInput of [{ keptBytes: -1, droppedReceived: 3 }, { keptBytes: 10, droppedReceived: 1.5 }, "all" as never]) {
        const report = analyze(text, { cutInput });
        assert.deepEqual(
          [report.verdict, report.received, report.warnings],
          ["not-encrypted", { total: 1, analysed: 1 }, [{ key: "option-ignored", params: { option: "cutInput" } }]],
        );
      }
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Generated attacks around one hand-off into the recipient's side.

const RANK: Partial<Record<Verdict, number>> = { "not-encrypted": 0, unknown: 1, weak: 2, encrypted: 3 };

/** Names a sender may claim: the recipient's own, its MX, a provider's, bare network names, the sender's own. */
const claimedName = fc.constantFrom(
  "mx.victim.org",
  "smtp.victim.org",
  "victim.org",
  "store.victim.org",
  "mx.google.com",
  "mail.protection.outlook.com",
  "MAILHUB",
  "localhost",
  "mail.attacker.net",
  "tls.starttls.example",
  "ssl-encrypted.example",
);
/** What Haraka and other verbatim writers let through: punctuation that could shape a parse. */
const hostileHelo = fc.oneof(
  claimedName,
  fc
    .tuple(
      claimedName,
      fc.constantFrom(
        "(authenticated)",
        "(x [10.0.0.2])",
        "([127.0.0.1])",
        ";Mon,",
        '"',
        "(",
        ")",
        "\tby\tmx.victim.org\twith\tESMTPS",
        "(using\tTLSv1.3\twith\tcipher\tX)",
        "(version=TLSv1.3\tcipher=X\tbits=256\tverify=OK)",
        "<a@b>",
        "[10.0.0.2]",
      ),
    )
    .map(([name, tail]) => name + tail),
);
/** Addresses a sender connects from: its own, a rentable cloud VM's. */
const senderIp = fc.constantFrom("203.0.113.5", "198.51.100.77", AZURE_VM, "34.105.10.20");
/** Envelope addresses (quoted local parts are legal and carried into headers). */
const envelopeAddress = fc.constantFrom(
  "a@attacker.net",
  '"version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=OK"@attacker.net',
  '"a) (using TLSv1.3 with cipher X (256/256 bits)) ("@attacker.net',
  '"x by mx.victim.org (Postfix) with ESMTPS id Y;"@attacker.net',
  '"over TLS secured channel"@victim.org',
);

/** The entry hop as each receiving MTA's template writes it, with only the sender's parts filled in. */
type Template = (p: { helo: string; ip: string; ptr: string; envelope: string; tls: boolean }) => string;
const SANE_HELO = /^[A-Za-z0-9.-]+$/;
const TEMPLATES: Record<string, Template> = {
  // Postfix neuters space < > ( ) \ " ; @ in a HELO to `?`; `unknown` unless the PTR forward-confirms.
  postfix: ({ helo, ip, envelope, tls }) =>
    `from ${helo.replace(/[\s<>()\\";@]/g, "?")} (unknown [${ip}])${tls ? " (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))" : ""} by mx.victim.org (Postfix) with ${tls ? "ESMTPS" : "ESMTP"} id R1 for <${envelope}>; ${DATE}`,
  // Exim rejects a HELO that is not a plain name.
  exim: ({ helo, ip, envelope, tls }) =>
    `from [${ip}] (helo=${SANE_HELO.test(helo) ? helo : "bad"}) by mx.victim.org with ${tls ? "esmtps  (TLS1.3) tls TLS_AES_256_GCM_SHA384" : "esmtp"} (Exim 4.96) (envelope-from <${envelope}>) id 1qAbCd-000123-Xy for user@victim.org; ${DATE}`,
  // sendmail rejects punctuation; an unconfirmed PTR name is marked `(may be forged)`.
  sendmail: ({ helo, ip, ptr, tls }) =>
    `from ${SANE_HELO.test(helo) ? helo : "bad"} (${ptr} [${ip}] (may be forged)) by mx.victim.org (8.17.1/8.17.1) with ${tls ? "ESMTPS" : "ESMTP"} id 401A0000X${tls ? " (version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=NO)" : ""} for <user@victim.org>; ${DATE}`,
  // Haraka writes the HELO verbatim (first space-separated word) and the PTR name unconfirmed.
  haraka: ({ helo, ip, ptr, envelope, tls }) =>
    `from ${helo} (${ptr} [${ip}]) by mx.victim.org (Haraka/3.0.3) with ${tls ? "ESMTPS" : "ESMTP"} id 9F1D7C2E-2A34-4B1C-9C3E-1D2F3A4B5C6D.1 envelope-from <${envelope}>${tls ? " tls TLS_AES_256_GCM_SHA384" : ""}; ${DATE}`,
  exchange: ({ helo, ip, tls }) =>
    `from ${helo.split(/\s/)[0]} (${ip}) by EXCH01.victim.org (10.0.0.3) with Microsoft SMTP Server${tls ? " (version=TLS1_3, cipher=TLS_AES_256_GCM_SHA384)" : ""} id 15.1.2507.39; ${DATE}`,
};

/** Older lines a sender may append: TLS and plaintext hand-offs, an internal origin, a claimed internal hop. */
const FORGED_OLDER_LINES = [
  FORGED_TLS13,
  `from relay.example.net (relay.example.net [198.51.100.30]) by mx.example.org (Postfix) with ESMTP id Q1; ${DATE}`,
  `by mx.victim.org (Postfix, from userid 0) id 4Q2; ${DATE}`,
  `from [10.0.0.5] (unknown [10.0.0.5]) by mx.victim.org (Postfix) with ESMTPSA id 4Q3; ${DATE}`,
  `from smtp.victim.org (unknown [198.51.100.1]) (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)) by mx2.victim.org (Postfix) with ESMTPS id 4Q4; ${DATE}`,
  `from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41]) by mx.google.com with SMTPS id w124sor4580674vka.256.2017.11.06.10.13.38 for <user@victim.org> (Google Transport Security); ${DATE}`,
];

const attack = fc.record({
  template: fc.constantFrom(...Object.keys(TEMPLATES)),
  helo: hostileHelo,
  ptr: claimedName,
  ip: senderIp,
  envelope: envelopeAddress,
  tls: fc.boolean(),
  forged: fc.array(fc.constantFrom(...FORGED_OLDER_LINES), { maxLength: 3 }),
});

describe("forgery: generated hostile HELOs, addresses and forged older lines", function () {
  this.timeout(60_000);

  it("never make the verdict better than the same hand-off from a plain sender, nor internal or none; a worse one names the claimed hop", () => {
    fc.assert(
      fc.property(attack, (a) => {
        const write = TEMPLATES[a.template] as Template;
        const plain = analyze(block(write({ helo: "mail.sender.example", ip: "203.0.113.5", ptr: "unknown", envelope: "a@sender.example", tls: a.tls })));
        const hostile: Report = analyze(block(write({ helo: a.helo, ip: a.ip, ptr: a.ptr, envelope: a.envelope, tls: a.tls }), ...a.forged));
        assert.ok(hostile.verdict !== "internal" && hostile.verdict !== "none", `became ${hostile.verdict}`);
        const before = RANK[plain.verdict] as number;
        const after = RANK[hostile.verdict] as number;
        assert.ok(after <= before, `${plain.verdict} → ${hostile.verdict}`);
        if (after < before) {
          const deciding = hostile.hops[(hostile.decidingHop ?? 0) - 1];
          const claimed = deciding?.trust === "sender-claimed" || deciding?.restsOnClaim !== null;
          assert.ok(
            claimed && hostile.reasons.some((reason) => reason.key === "deciding-hop-claimed" || reason.key === "deciding-hop-on-claim"),
            "a worse verdict names the claimed hop",
          );
        }
      }),
      { numRuns: 2000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The sender's places in every real line: hostile text where each real template writes what the client chose.

/** Text shaped like the TLS notes of known dialects, as one word (a HELO has no space) or a quoted local part. */
const TLS_SHAPED = [
  "x,TLS:TLSv1.3,256bits,AES256-GCM-SHA384",
  "version=TLSv1.3",
  "TLSv1.3:TLS_AES_256_GCM_SHA384:256",
  "tls.starttls.example",
  "using-TLSv1.3",
  "ESMTPS",
  "x;version=TLS1_3",
  "TLS1.3",
  "cipher=AES",
  "x)(using",
  "encrypted",
];
const STATUS_RANK: Record<string, number> = { plaintext: 0, unknown: 1, encrypted: 2 };

/** The line with the sender's text replaced: the HELO word, Exim's `helo=`, a `HELO x` note, envelope addresses. */
function hostileVariants(line: string, helo: string | null): string[] {
  const variants = new Set<string>();
  for (const text of TLS_SHAPED) {
    for (const variant of withHelo(line, helo !== null && helo.length >= 3 ? helo : null, text)) variants.add(variant);
    for (const local of [`"${text}"`, `"a) (using ${text} (256/256 bits)) ("`, `"x (version=TLSv1.3 cipher=${text} bits=256)"`, text]) {
      variants.add(line.replace(/<[^<>\s]+@([^<>\s]+)>/g, `<${local}@$1>`));
      variants.add(line.replace(/(envelope-from|for) ([^\s<>();]+)@([^\s<>();]+)/g, `$1 ${local}@$3`));
    }
  }
  variants.delete(line);
  return [...variants];
}

describe("forgery: every real line, with TLS-shaped text in the sender's places", () => {
  it("a HELO or envelope address shaped like a TLS note never makes a real line's hop better than it was", () => {
    let tried = 0;
    const improved: string[] = [];
    for (const { value: line } of realLines(["dialects", "receivers", "corpus"])) {
      const original = analyze(block(line)).hops[0];
      if (!original) continue;
      for (const variant of hostileVariants(line, original.from.helo)) {
        tried++;
        const tls = analyze(block(variant)).hops[0]?.tls;
        if (tls && (STATUS_RANK[tls.status] ?? 0) > (STATUS_RANK[original.tls.status] ?? 0))
          improved.push(`${original.tls.status} → ${tls.status}: ${variant}`);
      }
    }
    assert.ok(tried > 10_000, `only ${tried} variants`);
    assert.deepEqual(improved.slice(0, 5), []);
  });
});

describe("forgery: every real line, with the receiver's own names in the sender's places", () => {
  it("a HELO naming the receiver, its organisation's MX, localhost or a private address never takes a judged hand-off out of judgement", () => {
    let tried = 0;
    const escaped: string[] = [];
    for (const { value: line } of realLines(["dialects", "receivers", "corpus"])) {
      const original = analyze(block(line)).hops[0];
      if (!original || original.judgement === null || original.by === null) continue;
      const claims = [original.by, `mx.${original.by.split(".").slice(-2).join(".")}`, "localhost", "[127.0.0.1]", "[10.0.0.2]"];
      // Exim writes its own verified name after `from`, and an HTTP(S) submission has no HELO: those words are not the client's.
      const heloWord = original.receiver !== "exim" && original.with?.toUpperCase() !== "HTTPS" ? original.from.helo : null;
      const variants = new Set(claims.flatMap((claim) => withHelo(line, heloWord, claim)));
      variants.delete(line);
      for (const variant of variants) {
        tried++;
        const report = analyze(block(variant));
        if (report.hops[0]?.judgement === null || report.verdict === "internal") escaped.push(`${original.scope} → ${report.hops[0]?.scope}: ${variant}`);
      }
    }
    assert.ok(tried > 1000, `only ${tried} variants`);
    assert.deepEqual(escaped.slice(0, 5), []);
  });
});
