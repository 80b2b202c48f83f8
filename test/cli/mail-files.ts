/** Mail files for the CLI tests, built from the real header chains in test/fixtures/ and written to scratch folders. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const fixture = (name: string) => join(ROOT, "test/fixtures", name);

/** A fixture's header block with LF line ends, ending with its last header line's line break. */
export function headerBlockOf(name: string): string {
  const text = readFileSync(fixture(name), "utf8").replace(/\r\n/g, "\n");
  return `${text.slice(0, text.indexOf("\n\n"))}\n`;
}

export const crlf = (text: string) => text.replace(/\r?\n/g, "\r\n");

/** One mbox message: separator, headers, empty line, body (mboxrd: `From ` at a line start escaped unless said otherwise). */
export function mboxMessage(headers: string, body = "Body text.\n"): string {
  return `From hoplock-test Mon Jan  1 00:00:00 2024\n${headers}\n${body}\n`;
}

export class Scratch {
  private readonly dirs: string[] = [];

  dir(): string {
    const dir = mkdtempSync(join(tmpdir(), "hoplock-cli-"));
    this.dirs.push(dir);
    return dir;
  }

  removeAll(): void {
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}
