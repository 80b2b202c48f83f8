/**
 * Splits one byte source into messages: an mbox (its first line starts with `From `) holds many, anything else
 * that starts with a header field is one message. Only header blocks are collected; bodies are skipped by
 * searching for the next separator, never decoded or kept.
 */
import type { ByteReader } from "./byte-reader.ts";
import type { HeaderBlock } from "./header-block.ts";
import { MAX_COUNTED_HEADER_BYTES, type MessageFormat, type MessageItem, type SkippedItem } from "./types.ts";

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const FROM_LINE = Buffer.from("From ");
/** A separator candidate: a `From ` line start; it separates only after an empty line (mboxo/mboxrd). */
const LINE_BREAK_THEN_FROM = Buffer.from("\nFrom ");
/** RFC 5322 allows 998 characters per line; a field name longer than this prefix is not mail. */
const FIELD_NAME_PREFIX_MAX = 998;
/** Enough to tell an empty line (CR LF) and a `From ` line apart from a header line. */
const LINE_START_BYTES = FROM_LINE.length + 1;
/** Thunderbird's X-Mozilla-Status flag for a deleted message not yet compacted away. */
const MOZILLA_EXPUNGED = 0x0008;

export type SourceContent = MessageFormat | "not-mail" | "empty";
type HeaderEnd = "empty-line" | "separator" | "end-of-source";

/** Decides from a short prefix: an mbox, a single message, or not mail at all (`/dev/zero` must not be read on). */
export async function detectContent(reader: ByteReader): Promise<SourceContent> {
  if ((await reader.ensure(FROM_LINE.length)) === 0) return "empty";
  if (reader.startsWith(FROM_LINE)) return "mbox";
  for (let offset = 0; offset <= FIELD_NAME_PREFIX_MAX; offset++) {
    if ((await reader.ensure(offset + 1)) <= offset) return "not-mail";
    const byte = reader.bytes[reader.pos + offset] ?? 0;
    if (byte === COLON) return offset > 0 ? "single" : "not-mail";
    if (byte < 33 || byte > 126) return "not-mail";
  }
  return "not-mail";
}

export type MessageOrSkipped = Omit<MessageItem, "source"> | Omit<SkippedItem, "source">;

/** The messages of a source whose content `detectContent` found to be mail. */
export async function* readMessages(reader: ByteReader, format: MessageFormat, block: HeaderBlock): AsyncGenerator<MessageOrSkipped> {
  if (format === "single") {
    // Nothing after the header block matters; past the counting bound (and its empty line) there is nothing to read.
    reader.limitTo(Math.max(block.maxBytes, MAX_COUNTED_HEADER_BYTES) + "\r\n".length);
    await readHeaderBlock(reader, block, "single");
    yield { kind: "message", index: 1, format, headers: block.text(), cut: block.cut() };
    return;
  }
  for (let index = 1; await atFromLine(reader); index++) {
    await skipLine(reader);
    const end = await readHeaderBlock(reader, block, "mbox");
    const headers = block.text();
    yield isExpunged(headers) ? { kind: "skipped", index, why: "expunged" } : { kind: "message", index, format, headers, cut: block.cut() };
    if (end === "empty-line") await skipBody(reader);
  }
}

/**
 * Collects header lines up to the empty line that ends them, copying runs of lines in one go. In an mbox, a `From `
 * line also ends them (a message without body); a header line can never start with `From `.
 */
async function readHeaderBlock(reader: ByteReader, block: HeaderBlock, format: MessageFormat): Promise<HeaderEnd> {
  block.reset();
  let runStart = reader.pos;
  for (;;) {
    if (reader.end - reader.pos < LINE_START_BYTES) {
      block.add(reader.bytes, runStart, reader.pos);
      await reader.ensure(LINE_START_BYTES);
      runStart = reader.pos;
    }
    const { bytes, pos } = reader;
    if (pos >= reader.end) return "end-of-source";
    const emptyLineBytes = bytes[pos] === LF ? 1 : bytes[pos] === CR && bytes[pos + 1] === LF ? 2 : 0;
    if (emptyLineBytes > 0 || (format === "mbox" && reader.startsWith(FROM_LINE))) {
      block.add(bytes, runStart, pos);
      reader.pos += emptyLineBytes;
      return emptyLineBytes > 0 ? "empty-line" : "separator";
    }
    const lineBreak = bytes.indexOf(LF, pos);
    if (lineBreak !== -1) {
      reader.pos = lineBreak + 1;
      continue;
    }
    // The line goes on past this chunk: keep what there is and read on.
    block.add(bytes, runStart, pos);
    if (!(await skipLine(reader, block))) return "end-of-source";
    runStart = reader.pos;
  }
}

/** Consumes through the next line break (feeding `block` when given); false if the source ends first. */
async function skipLine(reader: ByteReader, block?: HeaderBlock): Promise<boolean> {
  let from = reader.pos;
  for (;;) {
    const lineBreak = reader.bytes.indexOf(LF, from);
    if (lineBreak !== -1) {
      block?.add(reader.bytes, from, lineBreak + 1);
      reader.pos = lineBreak + 1;
      return true;
    }
    if (from < reader.end) block?.add(reader.bytes, from, reader.end);
    reader.pos = reader.end;
    if (!(await reader.refill())) return false;
    from = reader.pos;
  }
}

/** Moves to the next separator line (a `From ` line right after an empty line) or the end of the source. */
async function skipBody(reader: ByteReader): Promise<void> {
  // The empty line that ended the headers counts: a body starting with `From ` is empty.
  if (await atFromLine(reader)) return;
  for (;;) {
    const { bytes } = reader;
    for (let at = bytes.indexOf(LINE_BREAK_THEN_FROM, reader.pos); at !== -1; at = bytes.indexOf(LINE_BREAK_THEN_FROM, at + 1)) {
      if (endsEmptyLine(bytes, at)) {
        reader.pos = at + 1;
        return;
      }
    }
    // A candidate may straddle the chunk boundary: keep its possible start.
    reader.pos = Math.max(reader.pos, reader.end - (LINE_BREAK_THEN_FROM.length - 1));
    if (!(await reader.refill())) {
      reader.pos = reader.end;
      return;
    }
  }
}

async function atFromLine(reader: ByteReader): Promise<boolean> {
  await reader.ensure(FROM_LINE.length);
  return reader.startsWith(FROM_LINE);
}

/** Whether the line break at `at` ends an empty line (LF LF or LF CR LF); the reader keeps the bytes before it. */
function endsEmptyLine(bytes: Buffer, at: number): boolean {
  return bytes[at - 1] === LF || (bytes[at - 1] === CR && bytes[at - 2] === LF);
}

function isExpunged(headers: string): boolean {
  const status = /^X-Mozilla-Status:[ \t]*([0-9A-Fa-f]{1,4})[ \t]*\r?$/im.exec(headers)?.[1];
  return status !== undefined && (Number.parseInt(status, 16) & MOZILLA_EXPUNGED) !== 0;
}
