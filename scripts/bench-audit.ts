/**
 * `npm run bench:audit`: `hoplock audit` on a generated ≥ 1 GB mbox against `analyze()` alone on the same header
 * blocks, with 0, 1 and 2 worker threads. Reports wall time, messages/s, MB/s, the ratio to analyze() alone and the
 * peak RSS of the whole process (all threads: getrusage's maxRSS, read at exit).
 *
 *   npm run bench:audit                         generates /tmp/hoplock-bench/audit-1GB.mbox once (seed 1), then measures
 *   npm run bench:audit -- --mbox FILE          another mailbox
 *   npm run bench:audit -- --runs 5 --json      more runs per case (the median is reported); JSON on stdout
 *
 * "analyze() alone" runs in a fresh process, like the CLI: it first reads every header block into memory (not
 * timed), then times one pass of analyze() over them (cold, as in the CLI) and, for context, a third pass (warm).
 * The ratio is analyze-alone time / audit time, i.e. the audit's messages/s as a share of analyze()'s. Runs of
 * all cases are interleaved and medians reported; CPU time (all threads) is shown beside wall time because a
 * shared machine disturbs wall time most. Targets
 * (issue 10): peak RSS ≤ 200 MB, ratio ≥ 80%; 2 workers vs 1 is quoted, not gated, below 4 cores. No assertion here.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type * as Analyzer from "../src/analyzer/index.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const argv = process.argv.slice(2);
const option = (name: string) => {
  const at = argv.indexOf(name);
  return at === -1 ? undefined : argv[at + 1];
};
const DEFAULT_MBOX = "/tmp/hoplock-bench/audit-1GB.mbox";
const mbox = option("--mbox") ?? DEFAULT_MBOX;
const runs = Number(option("--runs") ?? 3);
const json = argv.includes("--json");
/** Prints the peak RSS (KB) and CPU time (µs, all threads) of the process it is loaded into, at exit, on standard error. */
const USAGE_PROBE = `data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();process.stderr.write("hoplock-bench-usage "+u.maxRSS+" "+(u.userCPUTime+u.systemCPUTime)+"\\n")})`;

interface Measured {
  wallMs: number;
  /** User and system CPU time of every thread: less disturbed than wall time when the machine is shared. */
  cpuMs: number;
  maxRssKb: number;
  stdout: string;
}

function run(args: readonly string[]): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", USAGE_PROBE, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - started;
      const [, rss, cpu] = /hoplock-bench-usage (\d+) (\d+)/.exec(stderr) ?? [];
      if (code !== 0 && code !== 1) reject(new Error(`${args.join(" ")} exited ${code}: ${stderr}`));
      else resolve({ wallMs, cpuMs: Number(cpu ?? NaN) / 1000, maxRssKb: Number(rss ?? NaN), stdout });
    });
  });
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN;

/** Builds dist/ when it is missing or older than the sources the CLI is made of. */
function ensureBuilt(): void {
  const built = existsSync(`${ROOT}dist/cli/audit-worker.js`) ? statSync(`${ROOT}dist/cli/audit-worker.js`).mtimeMs : 0;
  const stale = ["src/analyzer", "src/audit", "src/audit-view", "src/cli"].some((dir) =>
    readdirSync(`${ROOT}${dir}`, { recursive: true }).some((entry) => statSync(`${ROOT}${dir}/${String(entry)}`).mtimeMs > built),
  );
  if (stale) execFileSync(process.execPath, ["scripts/build-lib.mjs"], { cwd: ROOT, stdio: ["ignore", 2, 2] });
}

/** The body mix make-mbox.ts writes (its header comment states it); its summary line says what this file holds. */
function ensureMbox(): unknown {
  if (existsSync(mbox)) return { file: mbox, bytes: statSync(mbox).size, generated: false };
  mkdirSync(dirname(mbox), { recursive: true });
  const summary = execFileSync(process.execPath, ["--import", "tsx", "scripts/make-mbox.ts", "--size", "1GB", "--out", mbox, "--seed", "1"], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "ignore", "pipe"],
  });
  return { ...(JSON.parse(summary) as object), generated: true };
}

/** Child mode: analyze() alone over the mailbox's header blocks, held in memory first. */
async function analyzeOnly(file: string): Promise<void> {
  const { readInputs } = await import("../src/cli/input/index.ts");
  const { analyze } = (await import(new URL("dist/lib/index.js", `file://${ROOT}`).href)) as typeof Analyzer;
  const blocks: string[] = [];
  for await (const item of readInputs([file])) if (item.kind === "message") blocks.push(item.headers);
  const pass = () => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    let hops = 0;
    for (const block of blocks) hops += analyze(block).hops.length;
    const used = process.cpuUsage(cpu);
    return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, hops };
  };
  const cold = pass();
  pass();
  const warm = pass();
  process.stdout.write(
    JSON.stringify({
      messages: blocks.length,
      headerBytes: blocks.reduce((sum, block) => sum + block.length, 0),
      coldMs: cold.ms,
      coldCpuMs: cold.cpuMs,
      warmMs: warm.ms,
      hops: cold.hops,
    }),
  );
}

const WORKERS = [0, 1, 2];

interface Case {
  name: string;
  wallMs: number;
  cpuMs: number;
  messagesPerSec: number;
  mbPerSec: number;
  ofAnalyzeAlone: number;
  peakRssMb: number;
}

async function main(): Promise<void> {
  ensureBuilt();
  const input = ensureMbox();
  const bytes = statSync(mbox).size;
  process.stderr.write(
    `bench:audit: ${mbox} (${(bytes / 1e9).toFixed(2)} GB), ${runs} runs per case, ${availableParallelism()} CPUs, load ${loadavg()
      .map((n) => n.toFixed(1))
      .join(" ")}\n`,
  );
  // Rounds run every case once, so a burst of load from elsewhere touches all cases alike; medians are reported.
  const alone: { messages: number; coldMs: number; coldCpuMs: number; warmMs: number; maxRssKb: number }[] = [];
  const samples = new Map<number, Measured[]>(WORKERS.map((workers) => [workers, []]));
  for (let round = 0; round < runs; round++) {
    const measured = await run(["--import", "tsx", "scripts/bench-audit.ts", "--analyze-only", mbox]);
    alone.push({ ...(JSON.parse(measured.stdout) as { messages: number; coldMs: number; coldCpuMs: number; warmMs: number }), maxRssKb: measured.maxRssKb });
    for (const workers of WORKERS) samples.get(workers)?.push(await run(["bin/hoplock.js", "audit", "--json", "--workers", String(workers), mbox]));
  }
  const messages = alone[0]?.messages ?? 0;
  const analyzeMs = median(alone.map((sample) => sample.coldMs));
  const cases: Case[] = WORKERS.map((workers) => {
    const measured = samples.get(workers) ?? [];
    const wallMs = median(measured.map((sample) => sample.wallMs));
    return {
      name: `hoplock audit --workers ${workers}`,
      wallMs,
      cpuMs: median(measured.map((sample) => sample.cpuMs)),
      messagesPerSec: messages / (wallMs / 1000),
      mbPerSec: bytes / 1e6 / (wallMs / 1000),
      ofAnalyzeAlone: analyzeMs / wallMs,
      peakRssMb: Math.max(...measured.map((sample) => sample.maxRssKb)) / 1024,
    };
  });
  const result = {
    input,
    cpus: availableParallelism(),
    loadAverageAtEnd: loadavg(),
    analyzeAlone: {
      messages,
      coldMs: analyzeMs,
      coldCpuMs: median(alone.map((sample) => sample.coldCpuMs)),
      warmMs: median(alone.map((sample) => sample.warmMs)),
      messagesPerSecCold: messages / (analyzeMs / 1000),
    },
    cases,
    twoWorkersOverOne: (cases[1]?.wallMs ?? NaN) / (cases[2]?.wallMs ?? NaN),
  };
  if (json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  const pad = (text: string, width: number) => text.padStart(width);
  console.log(
    `analyze() alone on the same ${messages.toLocaleString("en")} header blocks: ${Math.round(analyzeMs)} ms cold (CPU ${Math.round(result.analyzeAlone.coldCpuMs)} ms; ${Math.round(result.analyzeAlone.messagesPerSecCold).toLocaleString("en")} msg/s), ${Math.round(result.analyzeAlone.warmMs)} ms warm`,
  );
  console.log(`${"case".padEnd(28)}${pad("wall ms", 9)}${pad("CPU ms", 9)}${pad("msg/s", 9)}${pad("MB/s", 8)}${pad("of analyze", 12)}${pad("peak RSS", 10)}`);
  for (const c of cases)
    console.log(
      `${c.name.padEnd(28)}${pad(String(Math.round(c.wallMs)), 9)}${pad(String(Math.round(c.cpuMs)), 9)}${pad(Math.round(c.messagesPerSec).toLocaleString("en"), 9)}${pad(c.mbPerSec.toFixed(0), 8)}${pad(`${Math.round(c.ofAnalyzeAlone * 100)}%`, 12)}${pad(`${c.peakRssMb.toFixed(0)} MB`, 10)}`,
    );
  console.log(`2 workers vs 1: ${result.twoWorkersOverOne.toFixed(2)}x (${result.cpus} CPUs; gated only from 4 cores)`);
  console.log("targets: peak RSS <= 200 MB; audit >= 80% of analyze() alone");
}

const analyzeOnlyFile = option("--analyze-only");
if (analyzeOnlyFile) await analyzeOnly(analyzeOnlyFile);
else await main();
