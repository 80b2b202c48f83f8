/**
 * The dev corpus (`test/fixtures/received-lines.jsonl`, `test/fixtures/messages/`) as typed data, plus the
 * synthetic inputs built from it. Shared by the corpus, property and adversarial tests and by `scripts/bench.ts`;
 * it never imports the analyzer, so the bench can pair it with the built library.
 */
import { readdirSync, readFileSync } from "node:fs";

export type LabelTls = "yes" | "no" | "unknown";
export type ReportTlsStatus = "encrypted" | "plaintext" | "unknown";

/** One hand-labelled real Received value (see `test/fixtures/CORPUS-README.md`). */
export interface CorpusLine {
  id: string;
  source: string;
  mta: string | null;
  header: string;
  tls: LabelTls;
  /** `any` = only "some SSL/TLS" recorded (the report's version is then null). */
  tls_version: string | null;
  cipher: string | null;
  bits: number | null;
  from_host: string | null;
  from_ip: string | null;
  by_host: string | null;
  protocol: string | null;
  date: string | null;
  note?: string;
}

export type LabelScope = "submission" | "internal" | "inter-org" | "local";

export interface MessageHopLabel {
  n: number;
  by_host: string | null;
  from_host: string | null;
  from_ip: string | null;
  protocol: string | null;
  scope: LabelScope;
  tls: LabelTls;
  tls_version: string | null;
  cipher: string | null;
  header: string;
}

export interface LabelledMessage {
  file: string;
  text: string;
  /** Oldest first. */
  hops: MessageHopLabel[];
  allInterOrgHopsEncrypted: boolean | null;
}

const FIXTURES = new URL("../../test/fixtures/", import.meta.url);

export const STATUS_OF_LABEL: Readonly<Record<LabelTls, ReportTlsStatus>> = { yes: "encrypted", no: "plaintext", unknown: "unknown" };

/** The report scope a labelled scope corresponds to. */
export const SCOPE_OF_LABEL: Readonly<Record<LabelScope, string>> = { submission: "submission", internal: "internal", "inter-org": "relay", local: "local" };

/** The version the report should carry for a labelled version (`any` → null). */
export function expectedVersion(label: string | null): string | null {
  return label === "any" ? null : label;
}

export function loadCorpusLines(): CorpusLine[] {
  return readFileSync(new URL("received-lines.jsonl", FIXTURES), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as CorpusLine);
}

export function loadMessages(): LabelledMessage[] {
  const dir = new URL("messages/", FIXTURES);
  const labels = JSON.parse(readFileSync(new URL("labels.json", dir), "utf8")) as {
    messages: Record<string, { hops_oldest_first: MessageHopLabel[]; all_inter_org_hops_encrypted: boolean | null }>;
  };
  return readdirSync(dir)
    .filter((file) => file.endsWith(".eml"))
    .sort()
    .map((file) => {
      const label = labels.messages[file];
      if (!label) throw new Error(`messages/labels.json has no entry for ${file}`);
      return {
        file,
        text: readFileSync(new URL(file, dir), "utf8"),
        hops: label.hops_oldest_first,
        allInterOrgHopsEncrypted: label.all_inter_org_hops_encrypted,
      };
    });
}

/** A header block holding one Received field per value, newest first as given. */
export function receivedBlock(values: readonly string[], eol = "\r\n"): string {
  let block = "";
  for (const value of values) block += `Received: ${value}${eol}`;
  return block;
}

/** Deterministic PRNG (mulberry32): the same seed builds the same synthetic inputs in every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The corpus values grouped into blocks of `perBlock` headers each, to exercise the chain logic. */
export function chainBlocks(values: readonly string[], perBlock = 10): string[] {
  const blocks: string[] = [];
  for (let i = 0; i < values.length; i += perBlock) blocks.push(receivedBlock(values.slice(i, i + perBlock)));
  return blocks;
}

/** Messages of `minHops`..`maxHops` corpus headers each (a few ordinary headers and a short body around them). */
export function syntheticMailbox(
  values: readonly string[],
  options: { messages: number; minHops: number; maxHops: number; seed?: number },
): { messages: string[]; headers: number; bytes: number } {
  const random = prng(options.seed ?? 1);
  const messages: string[] = [];
  let headers = 0;
  let bytes = 0;
  for (let m = 0; m < options.messages; m++) {
    const hops = options.minHops + Math.floor(random() * (options.maxHops - options.minHops + 1));
    const chosen: string[] = [];
    for (let h = 0; h < hops; h++) chosen.push(values[Math.floor(random() * values.length)] as string);
    const text = `Return-Path: <m${m}@example.org>\r\n${receivedBlock(chosen)}From: <m${m}@example.org>\r\nSubject: message ${m}\r\nMessage-ID: <${m}@example.org>\r\n\r\nbody\r\n`;
    messages.push(text);
    headers += hops;
    bytes += text.length;
  }
  return { messages, headers, bytes };
}

/**
 * One Received value of about `size` characters built from real material: corpus words (with `;` removed, so
 * the date stays last) repeated as needed, ending with a real date.
 */
export function realisticValueOfSize(values: readonly string[], size: number): string {
  const date = "; Tue, 6 Apr 2021 12:40:30 -0400";
  const filler = values.map((value) => value.replace(/;.*$/, "").replace(/;/g, " ")).join(" ");
  let body = "";
  while (body.length < size - date.length) body += `${filler} `;
  return body.slice(0, Math.max(0, size - date.length)).trimEnd() + date;
}

/** The fastest floor for a pass over the same text: one charCodeAt per character, counting line feeds. */
export function bareScan(texts: readonly string[]): number {
  let lineFeeds = 0;
  for (const text of texts) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineFeeds++;
  }
  return lineFeeds;
}

/** Nanoseconds `fn` takes, best of `runs` (after one untimed warm-up run). */
export function bestOfNs(runs: number, fn: () => unknown): number {
  fn();
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start));
  }
  return best;
}

export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
