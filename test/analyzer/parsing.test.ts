/** Header-block reading and the comment-aware Received reader, on real lines (sources in comments). */
import { strict as assert } from "node:assert";
import { parseHeaderBlock, receivedValues, receivedValuesIn } from "../../src/analyzer/input/headers.ts";
import { readHop } from "../../src/analyzer/chain/hop-facts.ts";
import { commentsIn } from "../../src/analyzer/received/fields.ts";
import { analyze } from "../../src/analyzer/index.ts";

/** The hop's fields, with the sender endpoint as the receiver recorded it. */
const fieldsOf = (value: string) => {
  const hop = readHop(value, "TLSv1.2");
  const { helo, rdns, ip, port } = hop.endpoint;
  return { ...hop.fields, protocol: hop.fields.protocol?.token ?? null, from: { helo, rdns, ip, port } };
};
const commentTexts = (value: string, zone: Parameters<typeof commentsIn>[1]) =>
  commentsIn(readHop(value, "TLSv1.2").scanned, zone).map((token) => value.slice(token.start + 1, token.end - 1));

describe("header block", () => {
  it("unfolds CRLF and LF continuations into single spaces and keeps duplicates in order", () => {
    const fields = parseHeaderBlock(
      "Received: from a\r\n\tby b; Mon, 1 Jan 2024 00:00:00 +0000\r\nX: 1\nReceived: from c\n by d\n\nReceived: body, not a header\n",
    );
    assert.deepEqual(receivedValues(fields), ["from a by b; Mon, 1 Jan 2024 00:00:00 +0000", "from c by d"]);
  });

  it("never lets a bare CR survive into a value", () => {
    const [field] = parseHeaderBlock("Received: from a\rby b\r\n");
    assert.equal(field?.value, "from a by b");
  });

  it("matches field names exactly: case-insensitive ASCII, never after stripping Unicode white space", () => {
    const fields = parseHeaderBlock("received: from a by b\nRECEIVED : from c by d\nReceived\u00a0: from e by f\nRe\u200bceived: from g by h\n");
    assert.deepEqual(receivedValues(fields), ["from a by b", "from c by d"]);
  });

  it("skips an mbox From_ line and stops at the first empty line", () => {
    assert.deepEqual(receivedValues(parseHeaderBlock("From - Mon Mar  3 10:00:00 2025\nReceived: from a by b\n\nReceived: from x by y\n")), ["from a by b"]);
  });

  it("keeps the newest Received values up to the limit and only counts the rest", () => {
    const block = Array.from({ length: 5 }, (_, i) => `Received: from h${i} by r${i}\n X-Continued: ${i}`).join("\n") + "\nSubject: s\n\nReceived: body\n";
    assert.deepEqual(receivedValuesIn(block, 2), { values: ["from h0 by r0 X-Continued: 0", "from h1 by r1 X-Continued: 1"], total: 5, spf: [] });
  });

  it("keeps the Received-SPF fields with how many Received fields lie above each", () => {
    const block = "Received-SPF: pass a\nReceived: from h0 by r0\nReceived-SPF: fail\n b\nreceived: from h1 by r1\nSubject: s\n\nReceived-SPF: body\n";
    assert.deepEqual(receivedValuesIn(block, 200).spf, [
      { value: "pass a", receivedAbove: 0 },
      { value: "fail b", receivedAbove: 1 },
    ]);
  });
});

describe("Received reader", () => {
  it("keeps nested comments whole and places them in the zone of who wrote them (rspamd test/lua/unit/received.lua)", () => {
    const value =
      "from server.chat-met-vreemden.nl (unknown [IPv6:2a01:7c8:aab6:26d:5054:ff:fed1:1da2]) (using TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)) (Client did not present a certificate) by mx1.freebsd.org (Postfix) with ESMTPS id CF0171862 for <test@example.com>; Mon,  6 Jul 2015 09:01:20 +0000 (UTC) (envelope-from upwest201diana@outlook.com)";
    assert.deepEqual(commentTexts(value, "from-info"), ["unknown [IPv6:2a01:7c8:aab6:26d:5054:ff:fed1:1da2]"]);
    assert.deepEqual(commentTexts(value, "from"), [
      "using TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)",
      "Client did not present a certificate",
    ]);
    assert.deepEqual(commentTexts(value, "by"), ["Postfix"]);
    const fields = fieldsOf(value);
    assert.equal(fields.date, "Mon,  6 Jul 2015 09:01:20 +0000 (UTC)");
    assert.equal(fields.time, Date.UTC(2015, 6, 6, 9, 1, 20));
    assert.equal(fields.from.ip, "2a01:7c8:aab6:26d:5054:ff:fed1:1da2");
    assert.equal(fields.from.helo, "server.chat-met-vreemden.nl");
    assert.equal(fields.by, "mx1.freebsd.org");
    assert.equal(fields.id, "CF0171862");
    assert.equal(fields.for, "<test@example.com>");
  });

  it("reads Exim's `rdns ([ip]:port helo=x)` the other way round (Mailu/Mailu#2004)", () => {
    const fields = fieldsOf(
      "from smtp.spodhuis.org ([2a02:898:31:0:48:4558:736d:7470]:38689 helo=mx.spodhuis.org) by hummus.csx.cam.ac.uk with esmtpsa (TLSv1.3:TLS_AES_256_GCM_SHA384:256) (Exim 4.91-pdpfix1+cc) (envelope-from <xxx@exim.org>) id 1fZ55k-0006CO-9M for exim-dev@exim.org; Sat, 30 Jun 2018 02:54:24 +0100",
    );
    assert.deepEqual(fields.from, { helo: "mx.spodhuis.org", rdns: "smtp.spodhuis.org", ip: "2a02:898:31:0:48:4558:736d:7470", port: 38689 });
    assert.equal(fields.with, "esmtpsa");
    assert.equal(fields.id, "1fZ55k-0006CO-9M");
  });

  it("reads Exchange's bare-parenthesis addresses and link-local zone ids (MHA tests; corpus rcv-335)", () => {
    assert.equal(
      fieldsOf(
        "from vmta6.response.nfcu.org (199.204.166.217) by BN3NAM04FT003.mail.protection.outlook.com (10.152.92.112) with Microsoft SMTP Server id 15.20.696.11 via Frontend Transport; Sat, 21 Apr 2018 03:01:32 +0000",
      ).from.ip,
      "199.204.166.217",
    );
    const mapi = fieldsOf(
      "from CY5PR12MB6526.namprd12.prod.outlook.com ([fe80::e420:4e37:166:9c56]) by CY5PR12MB6526.namprd12.prod.outlook.com ([fe80::e420:4e37:166:9c56%5]) with mapi id 15.20.8792.034; Wed, 4 Jun 2025 22:01:35 +0000",
    );
    assert.equal(mapi.from.ip, "fe80::e420:4e37:166:9c56");
    assert.equal(mapi.protocol, "MAPI");
    assert.equal(mapi.via, null);
  });

  it("takes the address literal that closes the comment as the peer, not the client's own literal before it (old Haraka; corpus rcv-236)", () => {
    const haraka = fieldsOf(
      "from 188-223-62-1.zone14.bethere.co.uk ([192.168.30.103] [188.223.62.1]) by mail1-ec2.fsl.com (Haraka/1.3.3) with ESMTPSA id E5D4345F-0627-48D5-ABB8-367D3A753E15.1 envelope-from <steve.freegard@fsl.com> (authenticated bits=0) (version=TLSv1/SSLv3 cipher=AES128-SHA verify=FAIL); Tue, 28 Aug 2012 15:26:19 +0000",
    );
    assert.equal(haraka.from.ip, "188.223.62.1");
  });

  it("finds the date when the `;` is missing (SendGrid, MHA issue #63)", () => {
    const fields = fieldsOf("by filter0652p1las1.sendgrid.net with SMTP id filter0652p1las1-5089-5ADBF958-25 2018-04-22 02:54:17.028704749 +0000 UTC");
    assert.equal(fields.id, "filter0652p1las1-5089-5ADBF958-25");
    assert.equal(fields.date, "2018-04-22 02:54:17.028704749 +0000 UTC");
    assert.equal(fields.time, Date.UTC(2018, 3, 22, 2, 54, 17));
  });

  it("reads the date of a line that is only qmail's note and its date, and takes it for a program's hand-over (corpus rcv-247; phishing_pot email/sample-1160.eml)", () => {
    for (const [value, time] of [
      ["(qmail 6338 invoked by uid 399); 14 Aug 2013 07:59:33 -0000", Date.UTC(2013, 7, 14, 7, 59, 33)],
      ["(qmail 4441 invoked from network); 2 Feb 2023 01:42:45 -0000", Date.UTC(2023, 1, 2, 1, 42, 45)],
    ] as const) {
      assert.equal(fieldsOf(value).time, time, value);
      const report = analyze(`Received: ${value}\r\n\r\n`);
      assert.equal(report.hops[0]?.scope, "local", value);
      assert.deepEqual(report.warnings, [], "a hop with a date and a marker was understood");
    }
    // A line with neither a clause nor a readable date is still reported as not understood.
    assert.deepEqual(
      analyze("Received: garbage; more\r\n\r\n").warnings.map((warning) => warning.key),
      ["unparsed-header"],
    );
  });

  it("reads Exchange Online's `with MailboxResubmission by <agent>` as the agent, not the receiver (phishing_pot email/sample-2683.eml)", () => {
    const value =
      "from CH0P223MB0074.NAMP223.PROD.OUTLOOK.COM (2603:10b6:5:337::11) by CH0P223MB0074.NAMP223.PROD.OUTLOOK.COM (2603:10b6:5:337::11) with MailboxResubmission by AntispamTT id 15.20.7249.10; Sat, 27 Jan 2024 17:46:12 +0000";
    const fields = fieldsOf(value);
    assert.equal(fields.by, "CH0P223MB0074.NAMP223.PROD.OUTLOOK.COM");
    assert.equal(fields.from.ip, "2603:10b6:5:337::11");
    assert.equal(fields.with, "MailboxResubmission");
    assert.equal(analyze(`Received: ${value}\r\n\r\n`).hops[0]?.scope, "internal");
  });

  it("reads messages handed in through a web API as the client's submission, each copy of the line alike (rf-peixoto/phishing_pot)", () => {
    const DATE = "Wed, 16 Jul 2025 11:27:27 -0700";
    // email/sample-5544.eml: the Gmail API writes its line twice, then Gmail's own relay line.
    const gmailApi = `from 974168394448 named unknown by gmailapi.google.com with HTTPREST; ${DATE}`;
    const relay = `by mail-ua1-f41.google.com with SMTP id a1e0cc1a2514c-87ed676e631so163478241.3 for <phishing@pot>; ${DATE}`;
    const report = analyze(`Received: ${relay}\r\nReceived: ${gmailApi}\r\nReceived: ${gmailApi}\r\n\r\n`);
    assert.deepEqual(
      report.hops.map((hop) => hop.scope),
      ["submission", "submission", "internal"],
    );
    // email/sample-4871.eml: SparkPost's Momentum, injected through its REST API.
    const sparkpost =
      "from [10.90.3.51] ([10.90.3.51]) by i-01b0beb78083d1183.mta1vrest.sd.prd.sparkpost (ecelerity 4.8.0.74368 r(msys-ecelerity:tags/4.8.0.17)) with REST id 10/AE-22568-39231C76; Fri, 28 Feb 2025 03:50:43 +0000";
    assert.equal(analyze(`Received: ${sparkpost}\r\n\r\n`).hops[0]?.scope, "submission");
    // The receiver's `with HTTP` outweighs what the client calls itself: a bare name (SendGrid's API, email/sample-1483.eml)
    // or a name in the receiver's own organisation (Yahoo's webmail, email/sample-3287.eml).
    for (const value of [
      "from MjQ0NDYxNTc (unknown) by geopod-ismtpd-13 (SG) with HTTP id bQvWxap3RrO3LnCBLYdqoQ Wed, 04 Oct 2023 02:34:42.093 +0000 (UTC)",
      "from sonic.gate.mail.ne1.yahoo.com by sonic301.consmr.mail.bf2.yahoo.com with HTTP; Sun, 9 Jun 2024 20:16:05 +0000",
    ])
      assert.equal(analyze(`Received: ${value}\r\n\r\n`).hops[0]?.scope, "submission", value);
  });

  it("reads smtp.gmail.com's `with SMTPSA` as an authenticated submission (rf-peixoto/phishing_pot email/sample-4375.eml)", () => {
    const value =
      "from Paid-Customer ([43.134.76.213]) by smtp.gmail.com with SMTPSA id d2e1a72fcca58-724befac76csm3856148b3a.151.2024.11.21.08.50.37 for <phishing@pot> (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256); Thu, 21 Nov 2024 08:50:38 -0800 (PST)";
    const hop = analyze(`Received: ${value}\r\n\r\n`).hops[0];
    assert.equal(hop?.scope, "submission");
    assert.ok(hop?.reasons.some((reason) => reason.key === "scope-submission-authenticated"));
    assert.equal(hop?.tls.version, "TLSv1.3");
  });

  it("keeps TLS comments written after the date without smearing them into the date (Yandex, rms-support-letter #3105)", () => {
    const value =
      "from mail-qt1-x82c.google.com (mail-qt1-x82c.google.com [2607:f8b0:4864:20::82c]) by iva4-2b810ee1e62f.qloud-c.yandex.net (mxfront/Yandex) with ESMTPS id SsHUVBo8zv-Gxa01gGB; Sat, 03 Apr 2021 06:16:59 +0300 (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)) (Client certificate not present)";
    assert.equal(fieldsOf(value).date, "Sat, 03 Apr 2021 06:16:59 +0300");
    assert.deepEqual(commentTexts(value, "date"), ["using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)", "Client certificate not present"]);
  });

  it("treats keywords case-insensitively, only outside comments, and keeps the first of a duplicated keyword after the sender's part", () => {
    // Synthetic on purpose: mixed case and a duplicated keyword, which no single real line shows together.
    const fields = fieldsOf("FROM a.example (by b.example [192.0.2.1]) BY c.example WITH esmtp ID x1 BY d.example; 1 Jan 2020 00:00:00 -0000");
    assert.equal(fields.from.helo, "a.example");
    assert.equal(fields.by, "c.example");
    assert.equal(fields.id, "x1");
    assert.equal(fields.protocol, "ESMTP");
  });

  it("reads quoted strings and domain literals as atoms (ZMailer, vger.kernel.org)", () => {
    const fields = fieldsOf(
      'from mail-eopbgr760058.outbound.protection.outlook.com ([40.107.76.58]:23733 "EHLO NAM02-CY1-obe.outbound.protection.outlook.com" rhost-flags-OK-OK-OK-FAIL) by vger.kernel.org with ESMTP id S232042AbhDFQka (ORCPT <rfc822;kvm@vger.kernel.org>); Tue, 6 Apr 2021 12:40:30 -0400',
    );
    assert.deepEqual(fields.from, {
      helo: "NAM02-CY1-obe.outbound.protection.outlook.com",
      rdns: "mail-eopbgr760058.outbound.protection.outlook.com",
      ip: "40.107.76.58",
      port: 23733,
    });
  });

  it("survives unclosed comments, brackets and quotes", () => {
    for (const value of ["from a (unclosed by b", "from [1.2.3.4 by b", 'from "x by b', "(((", "by b; Mon, 1 Jan"]) {
      const report = analyze(`Received: ${value}\n`);
      assert.equal(report.hops.length, 1, value);
    }
  });
});
