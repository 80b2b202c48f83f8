/**
 * Hostile and degenerate inputs: each must give a report without throwing, and the cost must stay linear in the
 * input. Every case is built at three sizes (about 10 KB, 100 KB and 1 MB); the time per byte of each larger size
 * must stay within LIMIT times that of the smallest. LIMIT is 6: inputs that allocate many small strings pay up to
 * ~3x per byte at 1 MB in old-generation GC (flat again from 1 MB to 3 MB), while a quadratic case is ~10x at
 * 100 KB already. Timing is the best of up to three samples (each sample repeats small inputs to last ≥ 20 ms)
 * after a warm-up run; a size stops being sampled as soon as one sample is within the bound (or far beyond it),
 * so a loaded machine does not make it flaky, and a case that fails at 100 KB is not run at 1 MB (a quadratic
 * 1 MB case would take minutes). A complexity check, not a speed target.
 */
import { strict as assert } from "node:assert";
import { analyze, MAX_RECEIVED } from "../../src/analyzer/index.ts";
import type { Report } from "../../src/analyzer/index.ts";
import { loadCorpusLines, prng, realisticValueOfSize, receivedBlock } from "../../scripts/lib/corpus-data.ts";

const LIMIT = 6;
const SIZES = [10_000, 100_000, 1_000_000];
const MIN_SAMPLE_NS = 20e6;
const VERDICTS = ["encrypted", "weak", "not-encrypted", "unknown", "internal", "none"];

const values = loadCorpusLines().map((line) => line.header);
const HEAD = "from a.example (a.example [203.0.113.1]) by mx.example.org (Postfix) with ESMTP id 4Xyz";
const DATE = "Tue, 6 Apr 2021 12:40:30 -0400";
const received = (value: string): string => `Received: ${value}\r\n`;
const repeatTo = (unit: string, size: number): string => unit.repeat(Math.max(1, Math.ceil(size / unit.length))).slice(0, size);

interface Case {
  name: string;
  /** A header block of about `size` characters (or, with `sizes`, `size` headers). */
  build: (size: number) => string;
  sizes?: number[];
  check?: (report: Report, size: number) => void;
}

/** Corpus text with bytes 0x80-0xFF spliced in, decoded as UTF-8: replacement characters where the bytes are invalid. */
function invalidUtf8(size: number): string {
  const text = Buffer.from(realisticValueOfSize(values, size), "latin1");
  const random = prng(7);
  for (let i = 0; i < text.length; i++) if (random() < 0.2) text[i] = 0x80 + Math.floor(random() * 0x80);
  return new TextDecoder("utf-8").decode(text);
}

const CASES: Case[] = [
  { name: "1 MB of `(` in one Received value", build: (n) => received(`${HEAD} ${"(".repeat(n)}; ${DATE}`) },
  { name: "1 MB of `[` in one Received value", build: (n) => received(`${HEAD} ${"[".repeat(n)}; ${DATE}`) },
  { name: '1 MB of `"` in one Received value', build: (n) => received(`${HEAD} ${'"'.repeat(n)}; ${DATE}`) },
  {
    name: "100k realistic Received headers",
    sizes: [1_000, 10_000, 100_000],
    build: (count) => receivedBlock(Array.from({ length: count }, (_, i) => values[i % values.length] as string)),
    check: (report, count) => {
      assert.equal(report.hops.length, Math.min(count, MAX_RECEIVED), "the newest headers are kept");
      assert.deepEqual(report.received, { total: count, analysed: Math.min(count, MAX_RECEIVED) });
    },
  },
  { name: "NUL bytes throughout a realistic value", build: (n) => received(realisticValueOfSize(values, n).replace(/ /g, "\u0000 ") + "\u0000".repeat(64)) },
  { name: "invalid UTF-8 decoded to replacement characters", build: (n) => received(invalidUtf8(n)) },
  {
    name: "lone surrogates throughout a realistic value",
    build: (n) =>
      received(
        realisticValueOfSize(values, n)
          .replace(/(.{7})/g, "$1\ud800")
          .replace(/ /g, " \udfff"),
      ),
  },
  { name: "a 1 MB header without spaces", build: (n) => received(repeatTo(values.join("").replace(/\s+/g, ""), n)) },
  { name: "an extremely long date (dates repeated after `;`)", build: (n) => received(`${HEAD}; ${repeatTo(`${DATE} (EDT) `, n)}`) },
  { name: "a date holding a 1 MB number", build: (n) => received(`${HEAD}; Tue, ${"9".repeat(n)} Apr 2021 12:40:30 -0400`) },
  {
    name: "comments nested 100k deep (and more)",
    build: (n) => received(`${HEAD} ${"(".repeat(n / 2)}x${")".repeat(n / 2)}; ${DATE}`),
    check: (report) => assert.equal(report.hops.length, 1),
  },
  // Beyond the issue's list: text that keeps the TLS recognizers busy.
  {
    name: "a comment of `version=` repeated without spaces (sendmail/Google key=value prefixes)",
    build: (n) => received(`${HEAD} (cipher ${repeatTo("version=", n)}); ${DATE}`),
  },
  {
    name: "a comment of TLS dialect prefixes that never complete",
    build: (n) =>
      received(
        `${HEAD} (${repeatTo("using TLSv1.2 with cipher version=TLSv1.2 cipher= TLSv1.2: TLS: TLSv1/SSLv3, 168bits, HELO= tls bits=256/ ", n)}); ${DATE}`,
      ),
  },
  // Found while rewriting the scanner: searches for `[` and `"` that ran to the end of the value once per token.
  { name: "many comments before `by` and no `[` anywhere", build: (n) => received(`from x ${repeatTo("(a) ", n)}by y; ${DATE}`) },
  { name: 'many `<a>` atoms and one `"` at the very end', build: (n) => received(`from x by y for ${repeatTo("<a>", n)} "; ${DATE}`) },
  { name: "a header block of short lines without a colon", build: (n) => `${repeatTo("not a field\n", n)}Received: ${HEAD}; ${DATE}\n\n` },
  { name: "clause keywords and empty comments repeated", build: (n) => received(repeatTo("from by via with id for tls () [] ", n) + `; ${DATE}`) },
];

/** Nanoseconds per character for one sample: enough repetitions to last MIN_SAMPLE_NS. */
function sampleNsPerChar(text: string, reps: number): number {
  const start = process.hrtime.bigint();
  for (let r = 0; r < reps; r++) analyze(text);
  return Number(process.hrtime.bigint() - start) / reps / text.length;
}

function assertReport(report: Report): void {
  assert.ok(VERDICTS.includes(report.verdict), `verdict ${report.verdict}`);
  assert.ok(Array.isArray(report.hops));
  JSON.stringify(report);
}

describe("adversarial inputs: a report without throwing, at linear cost", function () {
  this.timeout(180_000);

  for (const c of CASES) {
    it(c.name, () => {
      const sizes = c.sizes ?? SIZES;
      const figures: string[] = [];
      let smallest = Infinity;
      for (const size of sizes) {
        const text = c.build(size);
        const start = process.hrtime.bigint();
        const report = analyze(text); // also the warm-up for this size
        const once = Number(process.hrtime.bigint() - start);
        assertReport(report);
        c.check?.(report, size);
        const reps = Math.max(1, Math.ceil(MIN_SAMPLE_NS / Math.max(once, 1)));
        const first = size === sizes[0];
        let best = Infinity;
        for (let sample = 0; sample < 3; sample++) {
          best = Math.min(best, sampleNsPerChar(text, reps));
          if (!first && (best <= LIMIT * smallest || best > 4 * LIMIT * smallest)) break; // clearly within, or clearly not noise
        }
        if (first) smallest = best;
        figures.push(`${size}: ${best.toFixed(1)} ns/char`);
        assert.ok(best <= LIMIT * smallest, `cost per char grows with size (limit ${LIMIT}x): ${figures.join(", ")}`);
      }
      console.log(`      ${figures.join(", ")}`);
    });
  }
});
