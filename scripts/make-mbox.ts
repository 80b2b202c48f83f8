/**
 * Writes a large mbox for benchmarking the CLI's reader, streaming (flat memory whatever the size):
 *
 *   node --import tsx scripts/make-mbox.ts --size 1GB --out /tmp/big.mbox [--seed 1]
 *
 * Headers: real Received chains from test/fixtures/messages/*.eml and test/fixtures/e2e/*.eml, 6–10 per message
 * (a fixture's newest hops, continued with older hops of other fixtures when it has fewer), each message with its
 * own Message-ID. Bodies, the mix a real mailbox throws at a reader:
 *   - text bodies, log-normal sizes with a median of 20 KB;
 *   - 2% with a multipart base64 attachment of 2–6 MB;
 *   - 1% with one line of 70–200 KB (a one-line HTML part);
 *   - 3% with `From ` lines that are body text: an mboxrd-escaped `>From ` line after an empty line and an unescaped
 *     `From ` line in the middle of a paragraph;
 *   - message 2 has no body at all.
 * Prints what it wrote on stderr.
 */
import { closeSync, openSync, readdirSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const FIXTURE_FOLDERS = ["test/fixtures/messages", "test/fixtures/e2e"];
const KB = 1024;
const MB = 1024 * KB;

interface Settings {
  sizeBytes: number;
  out: string;
  seed: number;
}

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)?$/i.exec(text);
  if (!match) throw new Error(`--size: expected a size such as 1GB or 500MB, got ${text}`);
  const unit = { B: 1, KB, MB, GB: 1024 * MB }[(match[2] ?? "B").toUpperCase() as "B" | "KB" | "MB" | "GB"];
  return Math.round(Number(match[1]) * unit);
}

function parseArgs(argv: readonly string[]): Settings {
  const value = (name: string) => {
    const index = argv.indexOf(name);
    return index === -1 ? undefined : argv[index + 1];
  };
  const out = value("--out");
  if (!out) throw new Error("usage: make-mbox.ts --size 1GB --out FILE [--seed N]");
  return { sizeBytes: parseSize(value("--size") ?? "1GB"), out, seed: Number(value("--seed") ?? 1) };
}

/** mulberry32: a small seeded generator, so a size and seed always give the same file. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Each fixture's Received fields, newest first, folding kept, line ends as LF. */
function loadReceivedChains(): string[][] {
  const chains: string[][] = [];
  for (const folder of FIXTURE_FOLDERS) {
    for (const name of readdirSync(join(ROOT, folder))
      .filter((file) => file.endsWith(".eml"))
      .sort()) {
      const headerBlock =
        readFileSync(join(ROOT, folder, name), "utf8")
          .replace(/\r\n/g, "\n")
          .split("\n\n")[0] ?? "";
      const fields = headerBlock.split(/\n(?![ \t])/);
      const received = fields.filter((field) => /^Received:/i.test(field));
      if (received.length > 0) chains.push(received);
    }
  }
  return chains;
}

/** 6–10 real Received fields: a fixture's newest hops, continued by older hops of other fixtures when too short. */
function receivedChain(chains: string[][], random: () => number): string[] {
  const wanted = 6 + Math.floor(random() * 5);
  const pick = () => chains[Math.floor(random() * chains.length)] ?? [];
  const hops = pick().slice(0, wanted);
  while (hops.length < wanted) {
    const older = pick();
    hops.push(...older.slice(Math.floor(random() * older.length)).slice(0, wanted - hops.length));
  }
  return hops;
}

const WORDS =
  "the a relay hop message server mail encrypted cipher version client queue delivered gateway tls smtp header body line report network packet route address domain certificate accepted verified greylisted archive thread patch review kernel build release note meeting agenda invoice schedule".split(
    " ",
  );

/** Lower-case text in 60–78 character lines, so no line starts with `From ` by accident. */
function textPool(bytes: number, random: () => number): Buffer {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    let line = "";
    const width = 60 + Math.floor(random() * 19);
    while (line.length < width) line += `${line ? " " : ""}${WORDS[Math.floor(random() * WORDS.length)]}`;
    lines.push(line);
    size += line.length + 1;
    if (random() < 0.12) {
      lines.push("");
      size += 1;
    }
  }
  return Buffer.from(`${lines.join("\n")}\n`);
}

function base64Pool(bytes: number, random: () => number): Buffer {
  const raw = Buffer.alloc(Math.ceil((bytes * 3) / 4));
  for (let i = 0; i < raw.length; i++) raw[i] = Math.floor(random() * 256);
  return Buffer.from(`${raw.toString("base64").replace(/.{76}/g, "$&\n")}\n`);
}

/** `length` bytes of a pool, starting and ending at line ends. */
function slice(pool: Buffer, length: number, random: () => number): Buffer {
  const start = pool.indexOf(0x0a, Math.floor(random() * Math.max(1, pool.length - length - 1))) + 1;
  const end = pool.lastIndexOf(0x0a, Math.min(pool.length - 1, start + length));
  return pool.subarray(start, Math.max(start, end + 1));
}

/** Log-normal with a median of 20 KB (sigma 0.8): most bodies a few KB to ~100 KB. */
function textBodySize(random: () => number): number {
  const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.min(2 * MB, Math.round(20 * KB * Math.exp(0.8 * normal)));
}

type BodyKind = "text" | "attachment" | "long-line" | "from-lines" | "none";

function bodyKind(index: number, random: () => number): BodyKind {
  if (index === 2) return "none";
  const roll = random();
  return roll < 0.02 ? "attachment" : roll < 0.03 ? "long-line" : roll < 0.06 ? "from-lines" : "text";
}

/** The mbox separator's date: `Mon Jan  1 00:01:00 2024`. */
function asctime(date: Date): string {
  const [weekday, day, month, year, time] = date.toUTCString().replace(",", "").split(" ");
  return `${weekday} ${month} ${(day ?? "").replace(/^0/, " ")} ${time} ${year}`;
}

function main(): void {
  const settings = parseArgs(process.argv.slice(2));
  const random = randomSource(settings.seed);
  const chains = loadReceivedChains();
  const text = textPool(8 * MB, random);
  const base64 = base64Pool(8 * MB, random);
  const longLine = Buffer.from(`<p>${"x".repeat(220 * KB)}</p>\n`);
  const counts: Record<BodyKind, number> = { text: 0, attachment: 0, "long-line": 0, "from-lines": 0, none: 0 };
  const textSizes: number[] = [];
  const fd = openSync(settings.out, "w");
  let written = 0;
  const write = (part: Buffer | string) => {
    const bytes = typeof part === "string" ? Buffer.from(part) : part;
    writeSync(fd, bytes);
    written += bytes.length;
  };
  let index = 0;
  while (written < settings.sizeBytes) {
    index++;
    const kind = bodyKind(index, random);
    counts[kind]++;
    const boundary = `hoplock-bench-${index}`;
    const date = new Date(Date.UTC(2024, 0, 1) + index * 60_000).toUTCString().replace("GMT", "+0000");
    write(`From bench@example.org ${asctime(new Date(Date.UTC(2024, 0, 1) + index * 60_000))}\n`);
    write(`${receivedChain(chains, random).join("\n")}\n`);
    write(
      `Message-ID: <${index}.${settings.seed}@bench.hoplock.invalid>\nDate: ${date}\nFrom: Bench <bench@example.org>\nTo: reader@example.net\nSubject: benchmark message ${index}\nMIME-Version: 1.0\n`,
    );
    if (kind === "none") {
      write("\n"); // the empty line before the next separator; the message itself ends with its headers
      continue;
    }
    const textSize = textBodySize(random);
    textSizes.push(textSize);
    if (kind === "attachment") {
      write(`Content-Type: multipart/mixed; boundary="${boundary}"\n\n--${boundary}\nContent-Type: text/plain; charset=utf-8\n\n`);
      write(slice(text, textSize, random));
      write(`--${boundary}\nContent-Type: application/octet-stream; name="data.bin"\nContent-Transfer-Encoding: base64\n\n`);
      const attachmentSize = 2 * MB + Math.floor(random() * 4 * MB);
      for (let left = attachmentSize; left > 0; left -= 4 * MB) write(slice(base64, Math.min(left, 4 * MB), random));
      write(`--${boundary}--\n`);
    } else {
      write("Content-Type: text/plain; charset=utf-8\n\n");
      const body = slice(text, textSize, random);
      const middle = body.indexOf(0x0a, body.length >> 1) + 1;
      write(body.subarray(0, middle));
      if (kind === "long-line") write(longLine.subarray(longLine.length - (70 * KB + Math.floor(random() * 130 * KB))));
      if (kind === "from-lines")
        write(
          `\n>From the archive: an escaped line after an empty line (mboxrd).\nthe paragraph goes on and\nFrom here on, an unescaped From line that is body text, not after an empty line.\n`,
        );
      write(body.subarray(middle));
    }
    write("\n"); // mbox: an empty line before the next separator
  }
  closeSync(fd);
  textSizes.sort((a, b) => a - b);
  const summary = { file: settings.out, bytes: written, messages: index, bodies: counts, medianTextBodyBytes: textSizes[textSizes.length >> 1] ?? 0 };
  process.stderr.write(`${JSON.stringify(summary)}\n`);
}

main();
