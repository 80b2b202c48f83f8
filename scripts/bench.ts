/**
 * `npm run bench`: throughput and linearity of the built analyzer (`dist/lib/index.js`, built first when missing
 * or older than `src/analyzer`), on the main thread, against a bare single pass over the same strings.
 *
 *   npm run bench               a compact table
 *   npm run bench -- --json     the same figures as JSON on stdout
 *   npm run bench -- --quick    fewer messages and samples (a smoke run)
 *
 * Measures (a) the dev corpus lines, each as a one-header block and as blocks of 10 headers (chain logic included),
 * (b) a synthetic mailbox of corpus lines (20k messages of 5-30 hops, ~60 MB), (c) for each, a bare charCodeAt pass
 * counting line feeds over the same strings (the floor) and the ratio analyze / bare, (d) the cost per byte of one
 * header of 100 B to 1 MB. Every figure is the median of several samples after a warm-up. No assertions: the
 * context targets are ≥ 1,000,000 Received headers/s and within 5x of the bare pass.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { build } from "esbuild";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { bareScan, chainBlocks, loadCorpusLines, median, realisticValueOfSize, receivedBlock, syntheticMailbox } from "./lib/corpus-data.ts";
import type { analyze } from "../src/analyzer/index.ts";

type Analyze = typeof analyze;

const ROOT = new URL("../", import.meta.url);
const LIB = new URL("dist/lib/index.js", ROOT);
const json = process.argv.includes("--json");
const quick = process.argv.includes("--quick");
const SAMPLES = quick ? 3 : 7;
const MIN_SAMPLE_NS = quick ? 50e6 : 200e6;
const WARMUP_NS = quick ? 100e6 : 500e6;

/** Why the library must be built first, or null when dist/lib is newer than every analyzer source. */
function buildReason(): string | null {
  if (!existsSync(LIB)) return "missing";
  const built = statSync(LIB).mtimeMs;
  const sources = new URL("src/analyzer/", ROOT);
  for (const entry of readdirSync(sources, { recursive: true })) {
    if (statSync(new URL(String(entry), sources)).mtimeMs > built) return `older than src/analyzer/${String(entry)}`;
  }
  return null;
}

async function loadAnalyzer(): Promise<Analyze> {
  const reason = buildReason();
  if (reason) {
    process.stderr.write(`bench: building dist/lib (${reason})\n`);
    execFileSync(process.execPath, ["scripts/build-lib.mjs"], { cwd: fileURLToPath(ROOT), stdio: ["ignore", 2, 2] });
  }
  return ((await import(LIB.href)) as { analyze: Analyze }).analyze;
}

const BASELINE = "4f736d9";

/** The baseline commit's analyzer, bundled from git on first use; null (with a note) when git cannot provide it. */
async function loadBaseline(): Promise<Analyze | null> {
  const dir = new URL(`.tmp/baseline-${BASELINE}/`, ROOT);
  const bundle = new URL("index.js", dir);
  if (!existsSync(bundle)) {
    try {
      mkdirSync(dir, { recursive: true });
      execFileSync("sh", ["-c", `git archive ${BASELINE} src/analyzer | tar -x -C "${fileURLToPath(dir)}"`], {
        cwd: fileURLToPath(ROOT),
        stdio: ["ignore", "ignore", "pipe"],
      });
      await build({
        entryPoints: [fileURLToPath(new URL("src/analyzer/index.ts", dir))],
        outfile: fileURLToPath(bundle),
        bundle: true,
        format: "esm",
        platform: "neutral",
        external: ["tldts", "ipaddr.js"],
        logLevel: "warning",
      });
    } catch (error) {
      process.stderr.write(`bench: no baseline (${BASELINE} not available: ${error instanceof Error ? error.message.split("\n")[0] : String(error)})\n`);
      return null;
    }
  }
  return ((await import(bundle.href)) as { analyze: Analyze }).analyze;
}

let sink = 0;

/** Median nanoseconds of one pass of `fn`, after a time-based warm-up; short passes are repeated within a sample. */
function timeIt(fn: () => void, samples = SAMPLES): number {
  const warmStart = process.hrtime.bigint();
  let passes = 0;
  let warmNs = 0;
  while (passes === 0 || warmNs < WARMUP_NS) {
    fn();
    passes++;
    warmNs = Number(process.hrtime.bigint() - warmStart);
  }
  const reps = Math.max(1, Math.round(MIN_SAMPLE_NS / (warmNs / passes)));
  const results: number[] = [];
  for (let s = 0; s < samples; s++) {
    const start = process.hrtime.bigint();
    for (let r = 0; r < reps; r++) fn();
    results.push(Number(process.hrtime.bigint() - start) / reps);
  }
  return median(results);
}

interface Throughput {
  case: string;
  /** The baseline's headers/s on the same inputs, and this build's as a multiple of it. */
  baselineHeadersPerSec: number | null;
  overBaseline: number | null;
  blocks: number;
  headers: number;
  mb: number;
  analyzeMs: number;
  headersPerSec: number;
  mbPerSec: number;
  bareMbPerSec: number;
  analyzeOverBare: number;
}

function throughput(analyze: Analyze, baseline: Analyze | null, name: string, texts: readonly string[], headers: number, samples?: number): Throughput {
  const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  const analyzeNs = timeIt(() => {
    for (const text of texts) sink += analyze(text).hops.length;
  }, samples);
  const baselineNs = baseline
    ? timeIt(() => {
        for (const text of texts) sink += baseline(text).hops.length;
      }, samples)
    : null;
  const bareNs = timeIt(() => {
    sink += bareScan(texts);
  }, samples);
  return {
    case: name,
    baselineHeadersPerSec: baselineNs === null ? null : headers / (baselineNs / 1e9),
    overBaseline: baselineNs === null ? null : baselineNs / analyzeNs,
    blocks: texts.length,
    headers,
    mb: bytes / 1e6,
    analyzeMs: analyzeNs / 1e6,
    headersPerSec: headers / (analyzeNs / 1e9),
    mbPerSec: bytes / 1e6 / (analyzeNs / 1e9),
    bareMbPerSec: bytes / 1e6 / (bareNs / 1e9),
    analyzeOverBare: analyzeNs / bareNs,
  };
}

interface Linearity {
  bytes: number;
  nsPerByte: number;
  bareNsPerByte: number;
}

function linearity(analyze: Analyze, values: readonly string[]): Linearity[] {
  return [100, 1_000, 10_000, 100_000, 1_000_000].map((size) => {
    const text = receivedBlock([realisticValueOfSize(values, size)]);
    const bytes = Buffer.byteLength(text);
    const ns = timeIt(() => {
      sink += analyze(text).hops.length;
    });
    const bare = timeIt(() => {
      sink += bareScan([text]);
    });
    return { bytes, nsPerByte: ns / bytes, bareNsPerByte: bare / bytes };
  });
}

const int = (n: number): string => Math.round(n).toLocaleString("en-US");
const pad = (text: string, width: number): string => (text.length >= width ? text : " ".repeat(width - text.length) + text);

function printTable(results: Throughput[], lines: Linearity[], meta: Record<string, unknown>): void {
  const out: string[] = [];
  out.push(
    `hoplock bench: ${String(meta["lib"])}, node ${String(meta["node"])}, main thread (${String(meta["cpus"])} CPUs available), median of ${SAMPLES} samples`,
  );
  out.push("");
  const header = ["case", "headers", "MB", "ms/pass", "headers/s", "MB/s", "bare MB/s", "analyze/bare", `${BASELINE} h/s`, "speed-up"];
  const widths = [32, 9, 8, 9, 12, 8, 10, 13, 14, 10];
  out.push(header.map((h, i) => (i === 0 ? h.padEnd(widths[0] as number) : pad(h, widths[i] as number))).join(""));
  for (const r of results) {
    const cells = [
      r.case,
      int(r.headers),
      r.mb.toFixed(2),
      r.analyzeMs.toFixed(1),
      int(r.headersPerSec),
      r.mbPerSec.toFixed(1),
      r.bareMbPerSec.toFixed(0),
      `${r.analyzeOverBare.toFixed(0)}x`,
      r.baselineHeadersPerSec === null ? "-" : int(r.baselineHeadersPerSec),
      r.overBaseline === null ? "-" : `${r.overBaseline.toFixed(2)}x`,
    ];
    out.push(cells.map((c, i) => (i === 0 ? c.padEnd(widths[0] as number) : pad(c, widths[i] as number))).join(""));
  }
  out.push("");
  out.push("one header, cost per byte (linear when flat):");
  out.push(`${pad("bytes", 12)}${pad("ns/byte", 10)}${pad("bare ns/byte", 14)}`);
  for (const l of lines) out.push(`${pad(int(l.bytes), 12)}${pad(l.nsPerByte.toFixed(1), 10)}${pad(l.bareNsPerByte.toFixed(2), 14)}`);
  out.push("");
  out.push(`context targets: >= 1,000,000 Received headers/s; analyze/bare <= 5x; issue 11: >= 3x ${BASELINE} on corpus lines and on messages`);
  console.log(out.join("\n"));
}

async function main(): Promise<void> {
  const analyze = await loadAnalyzer();
  const baseline = await loadBaseline();
  const values = loadCorpusLines().map((line) => line.header);
  const mailbox = syntheticMailbox(values, { messages: quick ? 2_000 : 20_000, minHops: 5, maxHops: 30 });
  const results = [
    throughput(
      analyze,
      baseline,
      "corpus lines, 1 per block",
      values.map((value) => receivedBlock([value])),
      values.length,
    ),
    throughput(analyze, baseline, "corpus lines, 10 per block", chainBlocks(values, 10), values.length),
    throughput(analyze, baseline, `mailbox, ${int(mailbox.messages.length)} messages`, mailbox.messages, mailbox.headers, 3),
  ];
  const lines = linearity(analyze, values);
  const meta = {
    lib: "dist/lib/index.js",
    node: process.versions.node,
    cpus: availableParallelism(),
    samples: SAMPLES,
    corpusLines: values.length,
    avgLineBytes: Math.round(values.reduce((s, v) => s + v.length, 0) / values.length),
  };
  if (json) console.log(JSON.stringify({ ...meta, throughput: results, linearity: lines }, null, 2));
  else printTable(results, lines, meta);
  if (sink === -1) console.log(""); // keeps the work observable
}

await main();
