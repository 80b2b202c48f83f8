/** Collects one message's header block, up to a byte limit, in a buffer reused for every message of every source. */
import type { CutInput } from "../../analyzer/index.ts";

const LF = 0x0a;
/** A Received field's name as it starts a line, in either case. */
const RECEIVED_LOWER = Buffer.from("received:");
const RECEIVED_UPPER = Buffer.from("RECEIVED:");
const decoder = new TextDecoder("utf-8", { fatal: false });

export class HeaderBlock {
  private readonly kept: Buffer;
  private length = 0;
  /** Length up to the last line break kept, where an over-long block is cut. */
  private lengthAtLineEnd = 0;
  truncated = false;
  /** Received fields in the part not kept, so the report can say how many there were in all. */
  droppedReceived = 0;
  /** How much of `received:` the dropped bytes have matched at the current line start; -1 mid-line. */
  private matched = 0;

  constructor(readonly maxBytes: number) {
    this.kept = Buffer.allocUnsafe(maxBytes);
  }

  reset(): void {
    this.length = 0;
    this.lengthAtLineEnd = 0;
    this.truncated = false;
    this.droppedReceived = 0;
    this.matched = 0;
  }

  /** Appends bytes[from, to); past the limit, keeps whole lines only and stops collecting. */
  add(bytes: Buffer, from: number, to: number): void {
    if (to <= from) return;
    if (this.truncated) {
      this.countDropped(bytes, from, to);
      return;
    }
    const room = this.kept.length - this.length;
    if (to - from > room) {
      const lastLineBreak = room > 0 ? bytes.lastIndexOf(LF, from + room - 1) : -1;
      if (lastLineBreak >= from) {
        bytes.copy(this.kept, this.length, from, lastLineBreak + 1);
        this.length += lastLineBreak + 1 - from;
        this.countDropped(bytes, lastLineBreak + 1, to);
      } else {
        this.countDropped(this.kept, this.lengthAtLineEnd, this.length); // the line begun in the kept part
        this.length = this.lengthAtLineEnd;
        this.countDropped(bytes, from, to);
      }
      this.truncated = true;
      return;
    }
    bytes.copy(this.kept, this.length, from, to);
    this.length += to - from;
    if (bytes[to - 1] === LF) this.lengthAtLineEnd = this.length;
    else {
      const lineBreak = bytes.lastIndexOf(LF, to - 1);
      if (lineBreak >= from) this.lengthAtLineEnd = this.length - (to - 1 - lineBreak);
    }
  }

  /** Counts the lines of bytes[from, to) that start with `Received:`, across calls (the bytes follow on). */
  private countDropped(bytes: Buffer, from: number, to: number): void {
    let matched = this.matched;
    for (let i = from; i < to; i++) {
      if (matched === -1) {
        const lineBreak = bytes.indexOf(LF, i);
        if (lineBreak === -1 || lineBreak >= to) break;
        i = lineBreak;
        matched = 0;
      } else if (bytes[i] === LF) matched = 0;
      else if (bytes[i] !== RECEIVED_LOWER[matched] && bytes[i] !== RECEIVED_UPPER[matched]) matched = -1;
      else if (++matched === RECEIVED_LOWER.length) {
        this.droppedReceived++;
        matched = -1;
      }
    }
    this.matched = matched;
  }

  /** What was cut, for the analyzer's `cutInput`; null when the whole block was kept. */
  cut(): CutInput | null {
    return this.truncated ? { keptBytes: this.kept.length, droppedReceived: this.droppedReceived } : null;
  }

  text(): string {
    return decoder.decode(this.kept.subarray(0, this.length));
  }
}
