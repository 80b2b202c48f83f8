/**
 * Property tests: header blocks built from a grammar of Received-like pieces (real corpus fragments chopped and
 * recombined, nested and unbalanced comments, quoted strings, domain literals incl. `[IPv6:..%zone]`, random
 * Unicode and lone surrogates, CR/LF/CRLF mixes, folding, missing `;`) must always give a well-formed report.
 *
 * Forged lines: a sender can write anything below the recipient's record. Appending a forged Received line with
 * a TLS comment as the oldest hop must never improve the verdict, ordered not-encrypted < unknown < weak <
 * encrypted. From one of those four, turning into `internal` or `none` counts as an improvement too (the forged
 * line would have hidden a judged hand-off). A base verdict of `none` or `internal` is excluded from the ordering:
 * the recipient's record then shows no hand-off at all, and a line below it is indistinguishable from a genuine
 * first hop, so any verdict it leads to is as good as the header allows; for those bases (and all others) the
 * property still requires that the forged line adds exactly one hop, as the oldest, and leaves what every existing
 * hop records about its own connection (its `raw` and `tls` facts) untouched.
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { analyze } from "../../src/analyzer/index.ts";
import type { Report, TlsVersion, Verdict } from "../../src/analyzer/index.ts";
import { loadCorpusLines, loadMessages, receivedBlock } from "../../scripts/lib/corpus-data.ts";
import { appendOldest } from "./header-edits.ts";

/** Runs per property; `HOPLOCK_FC_SCALE=20 npx mocha ...` multiplies them for a longer hunt. */
const SCALE = Number(process.env["HOPLOCK_FC_SCALE"] ?? 1) || 1;
const NUM_RUNS = 1000;
const corpus = loadCorpusLines();
const headers = corpus.map((line) => line.header);
const tlsHeaders = corpus.filter((line) => line.tls === "yes").map((line) => line.header);
const words = [...new Set(headers.flatMap((header) => header.split(/\s+/)))].filter((word) => word !== "");
const dates = [...new Set(corpus.map((line) => line.date).filter((date): date is string => date !== null))];

// ---------------------------------------------------------------------------------------------------------------
// The grammar

/** A random slice of a real header. */
const corpusSlice = fc.tuple(fc.constantFrom(...headers), fc.nat(), fc.nat()).map(([header, a, b]) => {
  const start = a % (header.length + 1);
  return header.slice(start, start + (b % 80));
});

const keyword = fc.constantFrom(
  "from",
  "by",
  "via",
  "with",
  "id",
  "for",
  "tls",
  "FROM",
  "By",
  "With",
  ";",
  "; ",
  "envelope-from",
  "ESMTPS",
  "ESMTPSA",
  "ESMTP",
  "SMTP",
  "LMTP",
  "HTTPS",
  "SMTPS",
  "Microsoft SMTP Server",
  "(TLS)",
  "(Postfix)",
  "localhost",
  "unknown",
);

const tlsSnippet = fc.constantFrom(
  "(version=TLSv1.2 cipher=ECDHE-RSA-AES256-GCM-SHA384 bits=256 verify=NOT)",
  "(version=TLSv1/SSLv3 cipher=DHE-RSA-AES256-SHA bits=256 verify=NOT)",
  "(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))",
  "(using TLSv1 with cipher RC4-SHA (128/128 bits))",
  "(version=TLS1_3 cipher=TLS_AES_128_GCM_SHA256 bits=128/128)",
  "with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)",
  "with Microsoft SMTP Server (TLS)",
  "(TLS1.3) tls TLS_AES_256_GCM_SHA384",
  "(TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384:256)",
  "(Using TLS)",
  "(TLS: TLSv1/SSLv3, 168bits,DES-CBC3-SHA)",
  "with (DHE-RSA-AES256-SHA encrypted) SMTP",
  "over TLS secured channel",
  "with ESMTPS",
);

const whitespace = fc.constantFrom(" ", " ", " ", "  ", "\t", "\r\n ", "\n\t", "\r\n\t ", "\r", "", "\u00a0", "\u3000");

const someUnicode = fc.oneof(
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 3 }),
  fc.constantFrom("\u0000", "\ufffd", "\ufeff", "\u200b", "\u2028", "\u0130", "\u00e9", "\ud83d\udce7"),
);

const zone = fc.stringMatching(/^[a-z0-9]{1,6}$/);
const domainLiteral = fc.oneof(
  fc.ipV4().map((ip) => `[${ip}]`),
  fc.ipV6().map((ip) => `[IPv6:${ip}]`),
  fc.tuple(fc.ipV6(), zone).map(([ip, z]) => `[IPv6:${ip}%${z}]`),
  fc.ipV4().map((ip) => `[${ip}`),
  fc.tuple(fc.ipV4(), fc.integer({ min: 1, max: 65535 })).map(([ip, port]) => `[${ip}]:${port}`),
  fc.constantFrom("[", "]", "[]", "[IPv6:", "[IPv6:::1%]"),
);

const quoted = fc
  .tuple(fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('\\"', "\\\\", "(", ")", "[", "]", ";", " ")), { maxLength: 4 }), fc.boolean())
  .map(([parts, closed]) => `"${parts.join("")}${closed ? '"' : ""}`);

const date = fc.oneof(
  fc.constantFrom(...dates),
  fc.tuple(fc.constantFrom(...dates), fc.nat()).map(([d, n]) => d.slice(0, n % (d.length + 1))),
  fc.constantFrom("Tue, 99 Foo 20211 99:99:99 +9999", "Thu Jan  1 00:00:00 1970", "31 Dec 9999 23:59:60 -2400", "Mon, 1 Jan 2001 00:00:00 +0000 (UTC)"),
);

const atom = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...words) },
  { weight: 3, arbitrary: keyword },
  { weight: 3, arbitrary: corpusSlice },
  { weight: 2, arbitrary: tlsSnippet },
  { weight: 2, arbitrary: domainLiteral },
  { weight: 1, arbitrary: quoted },
  { weight: 1, arbitrary: date },
  { weight: 1, arbitrary: someUnicode },
);

const { comment } = fc.letrec<{ comment: string; content: string }>((tie) => ({
  comment: fc.tuple(fc.array(tie("content"), { maxLength: 4 }), fc.boolean()).map(([parts, closed]) => `(${parts.join(" ")}${closed ? ")" : ""}`),
  content: fc.oneof({ depthSize: "small", maxDepth: 6 }, atom, fc.constantFrom("\\(", "\\)", ")", "\\"), tie("comment")),
}));

/** A Received-like value: pieces joined by random white space (incl. folding and stray CRs). */
const value = fc
  .array(fc.tuple(fc.oneof({ weight: 5, arbitrary: atom }, { weight: 2, arbitrary: comment }), whitespace), { maxLength: 24 })
  .map((pieces) => pieces.map(([piece, ws]) => piece + ws).join(""));

/** A value that stays inside one field: no line break that is not followed by folding white space. */
const foldedValue = value.map((v) => v.replace(/\r?\n(?![ \t])/g, " ").replace(/\r(?!\n)/g, " "));

const receivedName = fc.oneof(fc.constant("Received"), fc.mixedCase(fc.constant("received")));
const eol = fc.constantFrom("\r\n", "\r\n", "\n", "\n", "\r");

const field = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.tuple(receivedName, fc.constantFrom(": ", ":", " : ", "\t:"), fc.oneof(value, fc.constantFrom(...headers))).map(([n, c, v]) => n + c + v),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom("Subject", "From", "X-Received", "Received-SPF", "DKIM-Signature", "ARC-Seal", "X-Mailer"), value)
      .map(([n, v]) => `${n}: ${v}`),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      value,
      someUnicode,
      fc.constant("From sender@example.org Tue Mar 16 18:12:31 2004"),
      value.map((v) => `Received\u00a0: ${v}`),
    ),
  },
  { weight: 1, arbitrary: value.map((v) => ` ${v}`) }, // a stray continuation line
);

/** A header block: fields joined by mixed line endings, sometimes followed by an empty line and a body. */
const headerBlock = fc
  .tuple(fc.array(fc.tuple(field, eol), { maxLength: 12 }), fc.option(fc.tuple(eol, value), { nil: undefined }))
  .map(([fields, body]) => fields.map(([f, e]) => f + e).join("") + (body ? `${body[0]}${body[1]}` : ""));

const options = fc.option(
  fc.record(
    {
      trustedDomains: fc.array(fc.oneof(fc.domain(), fc.constantFrom("google.com", "outlook.com", "gnu.org", "luxsci.com", "")), { maxLength: 3 }),
      minTlsVersion: fc.constantFrom<TlsVersion>("SSLv3", "TLSv1", "TLSv1.2", "TLSv1.3"),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

// ---------------------------------------------------------------------------------------------------------------
// Checks

/** Upper bound of the Received fields in a block: lines starting `received` (any case), optional blanks, `:`. */
function receivedFieldCount(block: string): number {
  return block.match(/(?:^|\n)received[ \t]*:/gi)?.length ?? 0;
}

/** The verdict follows from the judged hops: hand-offs, and internal hops that rest only on the sender's claim. */
function checkVerdict(report: Report): void {
  const judged = report.hops.filter((hop) => hop.judgement !== null);
  const count = (judgement: string) => judged.filter((hop) => hop.judgement === judgement).length;
  const v = report.verdict;
  const entryMissing = report.received.analysed < report.received.total && report.reasons.some((reason) => reason.key === "entry-not-analysed");
  assert.equal(v === "none", report.hops.length === 0, `verdict ${v} with ${report.hops.length} hops`);
  if (v === "internal")
    assert.ok(
      judged.every((hop) => hop.scope === "internal" && hop.judgement === "encrypted"),
      "internal, yet a hand-off or a claimed hop that is not encrypted",
    );
  if (v === "encrypted")
    assert.ok(judged.length > 0 && judged.every((hop) => hop.judgement === "encrypted"), "encrypted, yet a judged hop is not (or there is none)");
  if (v === "weak")
    assert.ok(count("weak") > 0 && judged.every((hop) => hop.judgement === "encrypted" || hop.judgement === "weak"), "weak, yet a judged hop is not encrypted");
  if (v === "not-encrypted") assert.ok(count("plaintext") > 0, "not-encrypted without a plaintext judged hop");
  if (v === "unknown")
    assert.ok((count("unknown") > 0 && count("plaintext") === 0) || entryMissing, "unknown needs an unknown judged hop and no plaintext one");
  if (report.decidingHop !== null) assert.equal(report.hops[report.decidingHop - 1]?.judgement !== null, true, "the deciding hop is judged");
}

const RANK: Partial<Record<Verdict, number>> = { "not-encrypted": 0, unknown: 1, weak: 2, encrypted: 3 };

function run<Ts>(property: fc.IProperty<Ts>, numRuns = NUM_RUNS, examples: Ts[] = []): void {
  fc.assert(property, { numRuns: Math.round(numRuns * SCALE), examples });
}

/** Checks the report of every generated block (analysed with random options). */
function forEveryBlock(check: (report: Report, block: string) => void): void {
  run(fc.property(headerBlock, options, (block, opts) => check(analyze(block, opts), block)));
}

describe("properties of analyze on generated header blocks", function () {
  this.timeout(60_000);

  it("never throws, and the report survives a JSON round trip", () => {
    forEveryBlock((report) => assert.deepStrictEqual(JSON.parse(JSON.stringify(report)), report));
  });

  it("numbers hops 1..n oldest first, n at most the number of Received fields", () => {
    forEveryBlock((report, block) => {
      assert.deepEqual(
        report.hops.map((hop) => hop.index),
        report.hops.map((_, i) => i + 1),
      );
      assert.ok(report.hops.length <= receivedFieldCount(block), `${report.hops.length} hops from ${receivedFieldCount(block)} Received fields`);
    });
  });

  it("backs every encrypted hop with evidence taken from its own header and a dialect", () => {
    forEveryBlock((report) => {
      for (const hop of report.hops) {
        if (hop.tls.status !== "encrypted") continue;
        assert.ok(typeof hop.tls.evidence === "string" && hop.tls.evidence !== "", `hop ${hop.index}: no evidence`);
        assert.ok(hop.tls.dialect !== null, `hop ${hop.index}: no dialect`);
        assert.ok(hop.raw.includes(hop.tls.evidence), `hop ${hop.index}: evidence ${JSON.stringify(hop.tls.evidence)} not in raw ${JSON.stringify(hop.raw)}`);
      }
    });
  });

  it("gives a verdict consistent with the relay hops", () => {
    forEveryBlock(checkVerdict);
  });

  it("does not depend on the case of the header name", () => {
    run(
      fc.property(fc.array(fc.tuple(foldedValue, receivedName), { minLength: 1, maxLength: 8 }), (fields) => {
        const canonical = fields.map(([v]) => `Received: ${v}\r\n`).join("");
        const varied = fields.map(([v, name]) => `${name}: ${v}\r\n`).join("");
        assert.deepStrictEqual(analyze(varied), analyze(canonical));
      }),
    );
  });

  it("does not take a name with Unicode white space or a look-alike letter for Received", () => {
    const impostor = fc.constantFrom(
      "Received\u00a0",
      "Received\u2000",
      "Received\u3000",
      "Received\u202f",
      "Received\u200b",
      "Received\ufeff",
      "Received\u0085",
      "\u00a0Received",
      "Rece\u0131ved",
      "Receiv\u0435d",
      "Re\u00adceived",
    );
    run(
      fc.property(fc.array(fc.tuple(foldedValue, fc.option(impostor, { nil: undefined })), { minLength: 1, maxLength: 8 }), (fields) => {
        const withImpostors = fields.map(([v, name]) => `${name ?? "Received"}: ${v}\r\n`).join("");
        const without = fields
          .filter(([, name]) => name === undefined)
          .map(([v]) => `Received: ${v}\r\n`)
          .join("");
        const report = analyze(withImpostors);
        assert.equal(report.hops.length, fields.filter(([, name]) => name === undefined).length);
        assert.deepStrictEqual(report, analyze(without));
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Forged history

const e2eDir = new URL("../fixtures/e2e/", import.meta.url);
const realMessages = [
  ...loadMessages().map((m) => m.text),
  ...readdirSync(e2eDir)
    .filter((file) => file.endsWith(".eml"))
    .sort()
    .map((file) => readFileSync(new URL(file, e2eDir), "utf8")),
];

/** Names the forger may pick, resolved against the chain being forged (so the line can claim to continue it). */
type NameRole =
  "oldest-helo" | "oldest-rdns" | "oldest-by" | "oldest-org" | "oldest-from-org" | "recipient-org" | "mx-of-recipient" | "external" | "localhost" | "bare";
const nameRole = fc.constantFrom<NameRole>(
  "oldest-helo",
  "oldest-rdns",
  "oldest-by",
  "oldest-org",
  "oldest-from-org",
  "recipient-org",
  "mx-of-recipient",
  "external",
  "localhost",
  "bare",
);

function resolveName(role: NameRole, base: Report, random: string): string {
  const oldest = base.hops[0];
  const pick = (...names: (string | null | undefined)[]) => names.find((name): name is string => !!name) ?? random;
  switch (role) {
    case "oldest-helo":
      return pick(oldest?.from.helo);
    case "oldest-rdns":
      return pick(oldest?.from.rdns, oldest?.from.helo);
    case "oldest-by":
      return pick(oldest?.by);
    case "oldest-org":
      return pick(oldest?.org && `relay.${oldest.org}`);
    case "oldest-from-org":
      return pick(oldest?.fromOrg && `out.${oldest.fromOrg}`);
    case "recipient-org":
      return pick(base.recipientOrg);
    case "mx-of-recipient":
      return pick(base.recipientOrg && `mx.${base.recipientOrg}`);
    case "external":
      return random;
    case "localhost":
      return "localhost";
    case "bare":
      return "MAILHOST";
  }
}

/**
 * A chain written from templates over a small pool of hosts in four organisations, so that names recur across
 * hops the way real chains link up (and a forged line can claim to continue one).
 */
const HOSTS = ["mail.sender-corp.com", "relay.sender-corp.com", "static-203-0-113-4.hostingco.net", "mx.recipient-org.net", "lists.list-host.org"];
const templatedHop = fc.record({
  helo: fc.constantFrom(...HOSTS),
  rdns: fc.option(fc.constantFrom(...HOSTS, "localhost"), { nil: undefined }),
  ip: fc.constantFrom("203.0.113.4", "198.51.100.20", "192.0.2.77", "10.0.0.5"),
  by: fc.constantFrom(...HOSTS),
  mta: fc.constantFrom("Postfix", "8.17.1/8.17.1", "Exim 4.96", "unknown-mta"),
  protocol: fc.constantFrom("ESMTP", "ESMTPS", "SMTP", "ESMTPSA"),
  tls: fc.option(tlsSnippet, { nil: undefined, freq: 2 }),
});
const templatedChain = fc
  .array(templatedHop, { minLength: 1, maxLength: 4 })
  .map((hops) =>
    receivedBlock(
      hops.map(
        (h, i) =>
          `from ${h.helo} (${h.rdns ?? ""} [${h.ip}]) by ${h.by} (${h.mta}) with ${h.protocol} id 4Hop${i}${h.tls ? ` ${h.tls}` : ""}; Tue, 6 Apr 2021 12:4${9 - i}:00 -0400`,
      ),
    ),
  );

const forgedLine = fc.record({
  base: fc.oneof(
    fc.constantFrom(...realMessages),
    fc.array(fc.constantFrom(...headers), { minLength: 1, maxLength: 8 }).map((values) => receivedBlock(values)),
    { weight: 3, arbitrary: templatedChain },
  ),
  helo: nameRole,
  rdns: fc.option(nameRole, { nil: undefined }),
  by: nameRole,
  random: fc.domain(),
  ip: fc.option(fc.constantFrom("oldest", "203.0.113.7", "10.1.2.3", "127.0.0.1", "2001:db8::25", "192.168.1.20"), { nil: undefined }),
  mta: fc.option(fc.constantFrom("Postfix", "8.17.1/8.17.1", "Exim 4.96", "mxfront/Yandex", "Haraka", "PPS"), { nil: undefined }),
  protocol: fc.constantFrom("ESMTPS", "ESMTP", "ESMTPSA", "SMTP", "UTF8SMTPS", "LMTP", "HTTPS"),
  tls: tlsSnippet,
  tlsBeforeBy: fc.boolean(),
  date: fc.constantFrom("oldest", "Mon, 1 Jan 2001 00:00:00 +0000", "none"),
  verbatim: fc.option(fc.constantFrom(...tlsHeaders), { nil: undefined, freq: 4 }),
});

type Forgery = typeof forgedLine extends fc.Arbitrary<infer T> ? T : never;

function forge(f: Forgery, base: Report): string {
  if (f.verbatim) return f.verbatim;
  const oldest = base.hops[0];
  const ip = f.ip === "oldest" ? (oldest?.from.ip ?? "198.51.100.1") : f.ip;
  const helo = resolveName(f.helo, base, f.random);
  const rdns = f.rdns === undefined ? undefined : resolveName(f.rdns, base, f.random);
  const from = `from ${helo}${rdns !== undefined || ip !== undefined ? ` (${rdns ?? ""}${rdns && ip ? " " : ""}${ip ? `[${ip}]` : ""})` : ""}`;
  const by = `by ${resolveName(f.by, base, f.random)}${f.mta ? ` (${f.mta})` : ""}`;
  const dateText = f.date === "oldest" ? (oldest?.date ?? "Mon, 1 Jan 2001 00:00:00 +0000") : f.date === "none" ? "" : f.date;
  const parts = f.tlsBeforeBy ? [from, f.tls, by, `with ${f.protocol} id 4Forged1`] : [from, by, `with ${f.protocol} id 4Forged1`, f.tls];
  return `${parts.join(" ")} for <victim@example.org>${dateText ? `; ${dateText}` : ""}`;
}

/** Counterexamples found so far, always checked first. */
const FORGERY_EXAMPLES: Forgery[] = [
  {
    // fast-check's shrunk counterexample (not-encrypted → internal): the forged line's `by` repeats the oldest hop's
    // HELO, so that hop's sender counts as the HELO's organisation, the same as its receiver, and its plaintext
    // hand-off turns internal.
    base:
      "Received: from mail.sender-corp.com ( [203.0.113.4]) by static-203-0-113-4.hostingco.net (Postfix) with ESMTPSA id 4Hop0; Tue, 6 Apr 2021 12:49:00 -0400\r\n" +
      "Received: from mail.sender-corp.com (mx.recipient-org.net [203.0.113.4]) by mail.sender-corp.com (Postfix) with ESMTP id 4Hop1; Tue, 6 Apr 2021 12:48:00 -0400\r\n",
    helo: "oldest-helo",
    rdns: undefined,
    by: "oldest-helo",
    random: "a.aa",
    ip: undefined,
    mta: undefined,
    protocol: "ESMTPS",
    tls: "(version=TLSv1.2 cipher=ECDHE-RSA-AES256-GCM-SHA384 bits=256 verify=NOT)",
    tlsBeforeBy: false,
    date: "oldest",
    verbatim: undefined,
  },
  {
    // The same mechanism in a realistic shape (not-encrypted → encrypted): the sender's relay accepted the message
    // in plaintext from a host with generic hosting reverse DNS but a sender-corp HELO; a forged line "by" that HELO
    // makes the plaintext hop internal, and only the encrypted hand-off to the recipient is left.
    base:
      "Received: from relay.sender-corp.com (relay.sender-corp.com [198.51.100.20]) by mx.recipient-org.net (Postfix) with ESMTPS id 4ABC (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)); Tue, 6 Apr 2021 12:40:40 -0400\r\n" +
      "Received: from mail.sender-corp.com (static-1-2-3-4.hostingco.net [203.0.113.4]) by relay.sender-corp.com (Postfix) with ESMTP id 4DEF; Tue, 6 Apr 2021 12:40:35 -0400\r\n",
    helo: "bare",
    rdns: undefined,
    by: "oldest-helo",
    random: "a.aa",
    ip: "203.0.113.7",
    mta: "Postfix",
    protocol: "ESMTPS",
    tls: "(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))",
    tlsBeforeBy: true,
    date: "oldest",
    verbatim: undefined,
  },
];

describe("properties of analyze: forged history", function () {
  this.timeout(60_000);

  it("a forged TLS line appended as the oldest hop never improves the verdict and leaves every existing hop's own record alone", () => {
    run(
      fc.property(forgedLine, (f) => {
        const base = analyze(f.base);
        const line = forge(f, base);
        const forged = analyze(appendOldest(f.base, line));
        checkVerdict(forged);
        assert.equal(forged.hops.length, base.hops.length + 1, "one hop more");
        assert.equal(forged.hops[0]?.raw, line.trim(), "the forged line is the oldest hop");
        forged.hops.slice(1).forEach((hop, i) => {
          assert.equal(hop.raw, base.hops[i]?.raw);
          assert.deepStrictEqual(hop.tls, base.hops[i]?.tls, `hop ${hop.index}: its own TLS record changed`);
        });
        const before = RANK[base.verdict];
        if (before === undefined) return; // none / internal: see the file comment
        const after = RANK[forged.verdict];
        assert.ok(after !== undefined && after <= before, `verdict ${base.verdict} → ${forged.verdict} with forged line: ${line}`);
      }),
      2000,
      FORGERY_EXAMPLES.map((example) => [example] as [Forgery]),
    );
  });
});
