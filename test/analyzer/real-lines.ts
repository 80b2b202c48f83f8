/** The real Received values of the fixtures, unfolded, with their sources: what the real-line suites vary. */
import { readdirSync, readFileSync } from "node:fs";

export interface RealLine {
  source: string;
  value: string;
}

type Kind = "dialects" | "receivers" | "corpus";

const FIXTURES = new URL("../fixtures/", import.meta.url);
const unfold = (header: string) => header.replace(/\r?\n(?=[ \t])/g, " ");

/** The lines of the dialect and receiver fixture files and of the labelled corpus (`received-lines.jsonl`), as asked. */
export function realLines(kinds: readonly Kind[]): RealLine[] {
  const lines: RealLine[] = [];
  for (const kind of kinds) {
    if (kind === "corpus") {
      for (const line of readFileSync(new URL("received-lines.jsonl", FIXTURES), "utf8").trim().split("\n")) {
        const { source, header } = JSON.parse(line) as { source: string; header: string };
        lines.push({ source, value: unfold(header) });
      }
      continue;
    }
    const dir = new URL(`${kind}/`, FIXTURES);
    for (const name of readdirSync(dir)
      .filter((file) => file.endsWith(".json"))
      .sort())
      for (const { source, header } of (JSON.parse(readFileSync(new URL(name, dir), "utf8")) as { lines: { source: string; header: string }[] }).lines)
        lines.push({ source, value: unfold(header) });
  }
  return lines;
}

/**
 * The line with `text` in each place a template writes the client's HELO: the word after `from` (only when the
 * caller names it as the HELO), Exim's `helo=`, a `HELO x` or `EHLO x` note.
 */
export function withHelo(line: string, heloWord: string | null, text: string): string[] {
  const variants = [line.replace(/helo=([^\s)]+)/gi, `helo=${text}`), line.replace(/\b(HELO|EHLO) ([^\s)]+)/g, `$1 ${text}`)];
  if (heloWord !== null && line.startsWith(`from ${heloWord} `)) variants.push(`from ${text} ${line.slice(`from ${heloWord} `.length)}`);
  return variants;
}
