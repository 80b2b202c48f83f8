/**
 * A window over a byte source (file handle, device, pipe) that is refilled in place, so scanning a source of any
 * size holds one buffer. Callers scan `bytes` with Buffer.indexOf from `pos`; whatever they want to keep they copy.
 */
import type { FileHandle } from "node:fs/promises";

/** Reads up to `length` bytes into `target` at `offset`; 0 means the source is exhausted. */
export type ReadInto = (target: Buffer, offset: number, length: number) => Promise<number>;

/** Bytes before `pos` that survive a refill, so a scan can look at the line break before a match. */
export const LOOKBEHIND_BYTES = 2;
/** Room beyond one read for what `ensure` may keep (a prefix to decide the format). */
const KEPT_BYTES_MAX = 4096;

/** The window's storage for reads of `chunkBytes`; one serves every source read in turn. */
export function allocateWindow(chunkBytes: number): Buffer {
  return Buffer.allocUnsafe(chunkBytes + KEPT_BYTES_MAX + LOOKBEHIND_BYTES);
}

export class ByteReader {
  /** Valid bytes: [0, bytes.length). A view of the internal buffer, replaced by every refill. */
  bytes: Buffer;
  /** Everything before `pos` is consumed. */
  pos = 0;
  private done = false;
  private readonly chunkBytes: number;
  private bytesRead = 0;
  private byteBudget = Number.POSITIVE_INFINITY;

  /** `buffer` comes from allocateWindow and belongs to this reader until it is closed; `onRead` hears of every read (progress). */
  constructor(
    private readonly readInto: ReadInto,
    private readonly buffer: Buffer,
    readonly close: () => Promise<void>,
    private readonly onRead?: (bytes: number) => void,
  ) {
    this.chunkBytes = buffer.length - KEPT_BYTES_MAX - LOOKBEHIND_BYTES;
    this.bytes = buffer.subarray(0, 0);
  }

  get end(): number {
    return this.bytes.length;
  }

  /** Reads the next chunk after the unconsumed bytes (and a short look-behind); false once the source is exhausted. */
  async refill(): Promise<boolean> {
    if (this.done) return false;
    const keepFrom = Math.max(0, this.pos - LOOKBEHIND_BYTES);
    const kept = this.end - keepFrom;
    this.buffer.copyWithin(0, keepFrom, this.end);
    this.pos -= keepFrom;
    const room = Math.min(this.chunkBytes, this.buffer.length - kept, this.byteBudget - this.bytesRead);
    const read = room > 0 ? await this.readInto(this.buffer, kept, room) : 0;
    this.bytesRead += read;
    if (read > 0) this.onRead?.(read);
    this.bytes = this.buffer.subarray(0, kept + read);
    if (read === 0) this.done = true;
    return read > 0;
  }

  /** Ends the source after `total` bytes from its start (bytes already read stay). */
  limitTo(total: number): void {
    this.byteBudget = total;
  }

  /** Makes `count` bytes from `pos` available (fewer only at the end of the source); returns how many are. */
  async ensure(count: number): Promise<number> {
    while (this.end - this.pos < count && (await this.refill()));
    return this.end - this.pos;
  }

  /** Whether the bytes at `pos` are `prefix` (false when fewer remain). */
  startsWith(prefix: Buffer, at = this.pos): boolean {
    return at + prefix.length <= this.end && this.bytes.compare(prefix, 0, prefix.length, at, at + prefix.length) === 0;
  }
}

export function fileHandleReader(handle: FileHandle, window: Buffer, spare: Buffer, onRead?: (bytes: number) => void): ByteReader {
  // Position null reads sequentially, which also works for devices and FIFOs.
  const readInto = readingAhead(async (target, offset, length) => (await handle.read(target, offset, length, null)).bytesRead, spare);
  return new ByteReader(readInto, window, () => handle.close(), onRead);
}

/**
 * Reads the next chunk into `spare` while the caller scans the current one, so the wait for the disk (a thread of
 * libuv's pool) overlaps the scanning instead of following it; each call hands over what the last read brought.
 */
function readingAhead(read: ReadInto, spare: Buffer): ReadInto {
  let filled = 0;
  let handed = 0;
  let next: Promise<number> | null = null;
  const startRead = (): Promise<number> => {
    next = read(spare, 0, spare.length);
    next.catch(() => undefined); // a failure is thrown where the read is awaited, not reported as unhandled first
    return next;
  };
  return async (target, offset, length) => {
    if (handed === filled) {
      filled = await (next ?? startRead());
      handed = 0;
      next = null;
      if (filled === 0) return 0;
    }
    const copied = spare.copy(target, offset, handed, Math.min(filled, handed + length));
    handed += copied;
    if (handed === filled) void startRead();
    return copied;
  };
}

/** Standard input is read as a stream: its chunks are copied into the window as they come. */
export function streamReader(stream: NodeJS.ReadableStream, window: Buffer, onRead?: (bytes: number) => void): ByteReader {
  const chunks = stream[Symbol.asyncIterator]();
  let pending: Buffer = Buffer.alloc(0);
  const readInto: ReadInto = async (target, offset, length) => {
    while (pending.length === 0) {
      const next = await chunks.next();
      if (next.done) return 0;
      pending = typeof next.value === "string" ? Buffer.from(next.value) : next.value;
    }
    const copied = pending.copy(target, offset, 0, Math.min(length, pending.length));
    pending = pending.subarray(copied);
    return copied;
  };
  const close = async () => {
    await chunks.return?.();
  };
  return new ByteReader(readInto, window, close, onRead);
}
