/** Where the CLI writes: callers hand over lines or values, never raw text, so escaping cannot be skipped. */
import { once } from "node:events";
import type { Writable } from "node:stream";
import { escapeForTerminal, toJson } from "./escape.ts";

export class Output {
  /** The reader went away (`hoplock … | head`): there is no one left to write for. */
  closed = false;

  constructor(private readonly stream: Writable) {
    stream.on("error", () => {
      this.closed = true;
    });
  }

  /** Writes each line escaped for a terminal; the line breaks between them are the only ones printed raw. */
  async lines(lines: readonly string[]): Promise<void> {
    await this.write(lines.map((line) => `${escapeForTerminal(line)}\n`).join(""));
  }

  /** Writes one value as a line of JSON. */
  async json(value: unknown): Promise<void> {
    await this.write(`${toJson(value)}\n`);
  }

  /** Waits when the reader is slower than we write (a pipe), so output does not pile up in memory. */
  private async write(text: string): Promise<void> {
    if (this.closed) return;
    if (!this.stream.write(text)) await once(this.stream, "drain").catch(() => undefined);
  }
}
