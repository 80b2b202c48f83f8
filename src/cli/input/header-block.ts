/** Collects one message's header block, up to a byte limit, in a buffer reused for every message of every source. */

const LF = 0x0a;
const decoder = new TextDecoder("utf-8", { fatal: false });

export class HeaderBlock {
  private readonly kept: Buffer;
  private length = 0;
  /** Length up to the last line break kept, where an over-long block is cut. */
  private lengthAtLineEnd = 0;
  truncated = false;

  constructor(readonly maxBytes: number) {
    this.kept = Buffer.allocUnsafe(maxBytes);
  }

  reset(): void {
    this.length = 0;
    this.lengthAtLineEnd = 0;
    this.truncated = false;
  }

  /** Appends bytes[from, to); past the limit, keeps whole lines only and stops collecting. */
  add(bytes: Buffer, from: number, to: number): void {
    if (this.truncated || to <= from) return;
    const room = this.kept.length - this.length;
    if (to - from > room) {
      const lastLineBreak = room > 0 ? bytes.lastIndexOf(LF, from + room - 1) : -1;
      if (lastLineBreak >= from) {
        bytes.copy(this.kept, this.length, from, lastLineBreak + 1);
        this.length += lastLineBreak + 1 - from;
      } else {
        this.length = this.lengthAtLineEnd;
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

  text(): string {
    return decoder.decode(this.kept.subarray(0, this.length));
  }
}
