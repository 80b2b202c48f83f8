/** What `readInputs` yields: one item per message, skipped message or unreadable input, in input order. */
import type { CutInput } from "../../analyzer/index.ts";

/** Most header bytes kept per message (1 MiB); newest headers are on top, so the kept part is the recent history. */
export const MAX_HEADER_BYTES = 1_048_576;
/**
 * How far a single message's header block is read in all (64 MiB): past MAX_HEADER_BYTES only its Received fields are
 * counted, so the report can say how many hops it left out. The bound stops an endless source (a device, a pipe).
 */
export const MAX_COUNTED_HEADER_BYTES = 64 * MAX_HEADER_BYTES;

/** How the message was stored: `mbox` is one of possibly many in a mailbox file, `single` a file of its own. */
export type MessageFormat = "mbox" | "single";

export interface MessageItem {
  kind: "message";
  /** The path as given or found in a directory, `-` for standard input. */
  source: string;
  /** 1-based position within `source`, skipped messages included. */
  index: number;
  format: MessageFormat;
  /** The decoded header block, without the mbox `From ` line and without the empty line that ends it. */
  headers: string;
  /** The header block exceeded the limit: only its first bytes were kept, cut at a line end; null when whole. */
  cut: CutInput | null;
}

/** Thunderbird marks a deleted message expunged (X-Mozilla-Status flag 0x0008) and keeps it until compaction. */
export type SkipReason = "expunged";

export interface SkippedItem {
  kind: "skipped";
  source: string;
  index: number;
  why: SkipReason;
}

export type UnreadableReason =
  | "not-found"
  | "permission-denied"
  /** Its first bytes are neither a header field (`Name:`) nor an mbox `From ` line. */
  | "not-mail"
  | "empty"
  /** A directory holding no mail file. */
  | "no-mail-found"
  /** Any other failure to open or read; `detail` names it (an errno code such as EIO). */
  | "io-error";

export interface UnreadableItem {
  kind: "unreadable";
  source: string;
  why: UnreadableReason;
  detail?: string;
}

export type InputItem = MessageItem | SkippedItem | UnreadableItem;

export interface ReadOptions {
  /** Header bytes kept per message; default MAX_HEADER_BYTES. */
  maxHeaderBytes?: number;
  /** Bytes asked of the source per read; default 1 MiB. Tests use tiny reads to cross every chunk boundary. */
  chunkBytes?: number;
  /** What `-` reads; default process.stdin. */
  stdin?: NodeJS.ReadableStream;
  /** Hears how many bytes each read brought in, for a progress bar. */
  onRead?: ((bytes: number) => void) | undefined;
}
