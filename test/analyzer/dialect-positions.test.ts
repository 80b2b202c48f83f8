/**
 * Each dialect added from the vendor research is read only where its MTAs write it. One test per dialect puts that
 * dialect's own note into a part of the line the sending client chooses — a Haraka-style HELO (written verbatim: tabs
 * survive, so a comment can be glued to the name), a quoted envelope address, a certificate subject, a recipient —
 * in the template of a receiver whose silence or plaintext is known, and checks that the note is not read: the hop
 * keeps the status the receiver's own words give it. Each test is named after the attack.
 */
import { strict as assert } from "node:assert";
import { analyze } from "../../src/analyzer/index.ts";
import type { Hop } from "../../src/analyzer/index.ts";

const DATE = "Mon, 1 Jan 2024 10:00:00 +0000";

function hopOf(value: string): Hop {
  const hop = analyze(`Received: ${value}\r\n\r\n`).hops[0];
  assert.ok(hop, value);
  return hop;
}

/** A HELO as Haraka writes it: verbatim up to the first space, so a note's spaces become tabs. */
const glued = (note: string): string => `mail.attacker.net${note.replace(/ /g, "\t")}`;

/** Haraka (always records TLS): the HELO is the client's, verbatim. */
const haraka = (helo: string): string =>
  `from ${helo} (unknown [203.0.113.5]) by mx.victim.org (Haraka/3.0.3) with ESMTP id 9F1D7C2E-2A34-4B1C-9C3E-1D2F3A4B5C6D.1 envelope-from <a@attacker.net>; ${DATE}`;

/** Exim's default template (always records TLS): the envelope sender is a quoted atom inside a with-clause comment. */
const exim = (envelopeFrom: string): string =>
  `from [203.0.113.5] (helo=mail.attacker.net) by mx.victim.org with esmtp (Exim 4.96) (envelope-from <${envelopeFrom}>) id 1qAbCd-000123-Xy for user@victim.org; ${DATE}`;

/** Postfix (always records TLS): the recipient is the client's, quoted. */
const postfix = (recipient: string): string =>
  `from mail.attacker.net (unknown [203.0.113.5]) by mx.victim.org (Postfix) with ESMTP id 4Q1 for <${recipient}>; ${DATE}`;

function assertPlaintext(hop: Hop, receiver: string): void {
  assert.equal(hop.tls.status, "plaintext", `${hop.raw}\n→ ${JSON.stringify(hop.tls)}`);
  assert.equal(hop.receiver, receiver);
}

describe("new dialects are read only where their MTAs write them", () => {
  it("angelmato-tls-cipher: `(TLS, <cipher> cipher)` glued to a Haraka HELO or quoted in a recipient is not a TLS note", () => {
    assertPlaintext(hopOf(haraka(glued("(TLS, AES256-GCM-SHA384 cipher)"))), "haraka");
    assertPlaintext(hopOf(postfix(`"(TLS, AES256-GCM-SHA384 cipher)"@victim.org`)), "postfix");
  });

  it("chasquid-over-comment: a quoted envelope sender cannot turn chasquid's `plain text!` into a TLS version and cipher", () => {
    const hostile = `"a\\") tls TLS_AES_128_GCM_SHA256 (over SMTP, TLS-1.3, envelope from \\"b"`;
    const hop = hopOf(`from [203.0.113.5] ([203.0.113.5]) by mx.victim.org (chasquid) with ESMTP (over SMTP, plain text!, envelope from ${hostile}) ; ${DATE}`);
    assertPlaintext(hop, "chasquid");
    // With TLS, the version is read from chasquid's own words only, never from the sender's address after them.
    const tls = hopOf(
      `from [203.0.113.5] ([203.0.113.5]) by mx.victim.org (chasquid) with ESMTPS tls TLS_AES_128_GCM_SHA256 (over SMTP, plain text!, envelope from "x, TLS-1.0, envelope from"); ${DATE}`,
    );
    assert.equal(tls.tls.version, null);
    assert.equal(tls.tls.dialect, "rfc8314-tls-clause");
  });

  it("dotnet-sslstream-props: `(Tls12, Aes256, Sha384, …)` glued to a Haraka HELO or quoted in an envelope sender is not a by-clause note", () => {
    assertPlaintext(hopOf(haraka(glued("(Tls12, Aes256, Sha384, DiffieHellmanEllipticKey384)"))), "haraka");
    assertPlaintext(hopOf(exim(`"(Tls12, Aes256, Sha384, DiffieHellmanEllipticKey384)"@attacker.net`)), "exim");
  });

  it("ecelerity-cipher-kv: a client certificate subject naming another cipher, or a quoted envelope sender, is not read", () => {
    const subject = hopOf(
      `from [203.0.113.5] ([203.0.113.5]:1234 helo=mail.attacker.net) by mx.victim.org (envelope-from <a@attacker.net>) (ecelerity 4.7.0.20111 r(msys-ecelerity:tags/4.7.0-ga^0)) with ESMTPS (cipher=AES128-GCM-SHA256 subject="/CN=x) (cipher=NULL-MD5") id 4D/CF-24903-9BEDE4A6; ${DATE}`,
    );
    assert.equal(subject.tls.cipher, "AES128-GCM-SHA256");
    assertPlaintext(hopOf(exim(`"cipher=NULL-MD5"@attacker.net`)), "exim");
  });

  it("exclaimer-tlsversion-kv: `(tlsversion=…, tlscipher=…)` quoted in an envelope sender or glued to a Haraka HELO is not read", () => {
    assertPlaintext(hopOf(exim(`"(tlsversion=TLS12, tlscipher=TLS_ECDHE_WITH_AES256_SHA384)"@attacker.net`)), "exim");
    assertPlaintext(hopOf(haraka(glued("(tlsversion=TLS12, tlscipher=TLS_ECDHE_WITH_AES256_SHA384)"))), "haraka");
  });

  it("mox-version-cipher: a quoted recipient after mox's id holding `(TLS1.3 <cipher>)` does not make a plaintext mox hop encrypted", () => {
    const hop = hopOf(
      `from [203.0.113.5] (mail.attacker.net [203.0.113.5]) by mx.victim.org ([198.51.100.2]) via tcp with ESMTP id zls7D27Eslau1rXXZNMCKw for <"(TLS1.3 TLS_AES_128_GCM_SHA256)"@victim.org>; ${DATE}`,
    );
    assertPlaintext(hop, "mox");
  });

  it("openssl-cipher-description: a cipher description quoted in Exim's envelope sender is not read", () => {
    assertPlaintext(hopOf(exim(`"(ECDHE-RSA-AES128-GCM-SHA256:TLSv1.2:Kx=ECDH:Au=RSA:Enc=AESGCM(128):Mac=AEAD)"@attacker.net`)), "exim");
  });

  it("ssl-flag-protocol-comment: `(SSL)` glued to a Haraka HELO or quoted in an envelope sender is not IceWarp's flag", () => {
    assertPlaintext(hopOf(haraka(glued("(SSL)"))), "haraka");
    assertPlaintext(hopOf(exim(`"(SSL)"@attacker.net`)), "exim");
  });

  it("tls-bits-verify: `(TLS bits=256 verify=OK)` in a quoted recipient or glued to a Haraka HELO is not read", () => {
    assertPlaintext(hopOf(postfix(`"(TLS bits=256 verify=OK)"@victim.org`)), "postfix");
    assertPlaintext(hopOf(haraka(glued("(TLS bits=256 verify=OK)"))), "haraka");
  });

  it("with-clause-version: `(TLS1.3)` quoted in Exim's envelope sender, or `with esmtpsa TLS1.3` in a Haraka HELO, is not a version", () => {
    assertPlaintext(hopOf(exim(`"(TLS1.3)"@attacker.net`)), "exim");
    const helo = hopOf(haraka("x\twith\tesmtpsa\tTLS1.3"));
    assertPlaintext(helo, "haraka");
    assert.equal(helo.with, "ESMTP");
  });

  it("qmail-encrypted (bare words): `with <cipher> encrypted SMTP` in a Haraka HELO cannot replace the receiver's with clause", () => {
    const hop = hopOf(haraka("x\twith\tAES256-SHA256\tencrypted\tSMTP"));
    assertPlaintext(hop, "haraka");
  });

  it("Active!gate's `(not using TLS)`: the same words in the HELO or the quoted envelope sender do not prove plaintext", () => {
    const activeGate = (helo: string, sender: string): string =>
      `from ${helo} (sagproxy-out11.sbt-mailgate.jp [10.16.47.41]) (envelope sender: <${sender}>) by ss11.sbt-mailgate.jp (Active!gate) with ESMTP id QQHJ12108A; ${DATE}`;
    for (const value of [activeGate(glued("(not using TLS)"), "a@attacker.net"), activeGate("mail.sbt-mailgate.jp", `"a> (not using TLS) <b"@attacker.net`)]) {
      const hop = hopOf(value);
      assert.equal(hop.receiver, "active-gate");
      assert.equal(hop.tls.status, "unknown", `${value}\n→ ${JSON.stringify(hop.tls)}`);
    }
    // Its own note, where its template writes it, does.
    const own = hopOf(activeGate("mail.sbt-mailgate.jp", "a@attacker.net").replace(" by ", " (not using TLS) by "));
    assert.equal(own.tls.status, "plaintext");
    assert.equal(own.tls.status === "plaintext" && own.tls.proof, "note");
  });

  it("Active!gate's note only counts for Active!gate: `(not using TLS)` before another receiver's `by` proves nothing", () => {
    const hop = hopOf(`from mail.attacker.net (mail.attacker.net [203.0.113.5]) (not using TLS) by mx.victim.org (Kerio Connect 9.2.11) with ESMTPS; ${DATE}`);
    assert.equal(hop.tls.status, "encrypted");
    const silent = hopOf(`from mail.attacker.net (mail.attacker.net [203.0.113.5]) (not using TLS) by mx.victim.org (SomeMTA) with ESMTP id 1; ${DATE}`);
    assert.equal(silent.tls.status, "unknown");
  });
});
