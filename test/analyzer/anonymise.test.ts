/**
 * "Help Hoplock read this": an anonymised Received line keeps what a recognizer needs (keywords, TLS words, cipher and
 * version tokens, the date's shape, known providers' hosts) and nothing else of the input.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { anonymiseReceived } from "../../src/analyzer/index.ts";
import { loadCorpusLines } from "../../scripts/lib/corpus-data.ts";

const SEPARATORS = /[\s()[\]<>;,"=/]|:(?=\s|$)/;
const tokens = (text: string): string[] => text.split(SEPARATORS).filter((token) => token !== "");

describe("anonymised Received lines", () => {
  it("keep the TLS note and the syntax of a real line, and replace hosts, addresses and ids", () => {
    const line =
      "from mail-qt1-x82c.example.net (mail-qt1-x82c.example.net [203.0.113.82]) by mx.private-corp.com (Postfix) with ESMTPS id 4Xyz1234 (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)) for <alice@private-corp.com>; Sat, 03 Apr 2021 06:16:59 +0300";
    assert.equal(
      anonymiseReceived(line),
      "from host1.example (host1.example [192.0.2.1]) by host2.example (Postfix) with ESMTPS id x1 (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)) for <user1@example.com>; Sat, 00 Apr 0000 00:00:00 +0300",
    );
  });

  it("let known providers' public hosts through (Google's relays)", () => {
    const anonymised = anonymiseReceived(
      "from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41]) by mx.google.com with SMTPS id w124sor4580674vka.256",
    );
    assert.equal(anonymised, "from mail-sor-f41.google.com (mail-sor-f41.google.com. [192.0.2.1]) by mx.google.com with SMTPS id x1");
  });

  it("no other token of the input survives: hosts, addresses and words spliced into real lines (property)", () => {
    const lines = loadCorpusLines().map((line) => line.header);
    // Words no allow-list holds: a letter, a digit and a mix no cipher, version or keyword has.
    const privateWord = fc.stringMatching(/^[a-z]{2,8}[0-9]{1,4}[a-z]{1,6}$/);
    const privateHost = fc
      .tuple(privateWord, fc.constantFrom("example-corp.com", "mail.private.org", "intranet.lan"))
      .map(([word, domain]) => `${word}.${domain}`);
    const privateAddress = fc.tuple(fc.nat(255), fc.nat(255)).map(([a, b]) => `198.51.${a}.${b}`);
    const privateMail = fc.tuple(privateWord, privateHost).map(([user, host]) => `${user}@${host}`);
    const secret = fc.oneof(privateWord, privateHost, privateAddress, privateMail);
    fc.assert(
      fc.property(fc.constantFrom(...lines), fc.array(secret, { minLength: 1, maxLength: 6 }), fc.nat(), (line, secrets, at) => {
        const parts = line.split(" ");
        parts.splice(at % (parts.length + 1), 0, ...secrets);
        const output = anonymiseReceived(parts.join(" "));
        for (const secretToken of secrets) assert.ok(!tokens(output).some((token) => token.includes(secretToken)), `"${secretToken}" survived in: ${output}`);
        // Every address and host of the real line is gone too, unless it is a known provider's.
        for (const address of line.match(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g) ?? []) assert.ok(!tokens(output).includes(address), `${address} survived`);
      }),
      { numRuns: 500 },
    );
  });
});
