/**
 * The progress bar of `hoplock audit` on standard error: messages, MB/s and time left, redrawn in place a few times
 * a second. Only when standard error is a terminal; in a pipe or a log it would be noise.
 */
import type { Dirent } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { say } from "./audit-words.ts";

export interface ProgressState {
  messages: number;
  bytes: number;
  /** Bytes of every input, when known (not for standard input). */
  totalBytes: number | null;
  elapsedMs: number;
}

const BAR_CELLS = 20;
const REDRAW_MS = 250;

/** One line of progress: `[#######-------------]  35%  12,345 messages · 180.2 MB/s · 0:07 left`. */
export function progressLine(state: ProgressState, columns: number): string {
  const seconds = state.elapsedMs / 1000;
  const rate = seconds > 0 ? state.bytes / 1e6 / seconds : 0;
  const params = { messages: state.messages, rate: Math.round(rate * 10) / 10 };
  let line: string;
  if (state.totalBytes !== null && state.totalBytes > 0) {
    const done = Math.min(1, state.bytes / state.totalBytes);
    const filled = Math.round(done * BAR_CELLS);
    const left = rate > 0 ? (state.totalBytes - state.bytes) / 1e6 / rate : null;
    const bar = `[${"#".repeat(filled)}${"-".repeat(BAR_CELLS - filled)}] ${String(Math.floor(done * 100)).padStart(3)}%`;
    line = `${bar}  ${say(left === null ? "audit_cli_progress" : "audit_cli_progress_left", { ...params, left: left === null ? "" : clock(left) })}`;
  } else {
    line = say("audit_cli_progress", params);
  }
  return line.length < columns ? line : line.slice(0, Math.max(0, columns - 1));
}

/** `m:ss`, or `h:mm:ss` past an hour. */
export function clock(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60];
  const two = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

export class ProgressBar {
  private state: ProgressState = { messages: 0, bytes: 0, totalBytes: null, elapsedMs: 0 };
  private readonly started = performance.now();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  /** Draws until stopped; the total, when it can be known, is summed in the background. */
  start(paths: readonly string[]): void {
    void totalBytesOf(paths).then((total) => (this.state.totalBytes = total));
    this.timer = setInterval(() => this.draw(), REDRAW_MS);
    this.timer.unref();
  }

  readonly onRead = (bytes: number): void => {
    this.state.bytes += bytes;
  };

  readonly onMessage = (): void => {
    this.state.messages++;
  };

  /** Clears the line, so what follows starts on a clean one. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stream.write("\r\u001b[K");
  }

  private draw(): void {
    this.state.elapsedMs = performance.now() - this.started;
    this.stream.write(`\r${progressLine(this.state, this.stream.columns || 80)}\u001b[K`);
  }
}

/** Bytes of the given files and of the files in the given folders; null when one input is standard input. */
async function totalBytesOf(paths: readonly string[]): Promise<number | null> {
  let total = 0;
  for (const path of paths) {
    if (path === "-") return null;
    total += await bytesUnder(path);
  }
  return total;
}

async function bytesUnder(path: string): Promise<number> {
  const stats = await stat(path).catch(() => null);
  if (stats === null) return 0;
  if (!stats.isDirectory()) return stats.isFile() ? stats.size : 0;
  const entries: Dirent[] = await readdir(path, { withFileTypes: true }).catch(() => []);
  let total = 0;
  for (const entry of entries) {
    // The reader passes over hidden entries (Maildir's tmp/ is counted: a slightly early estimate is fine).
    if (!entry.name.startsWith(".") && (entry.isDirectory() || entry.isFile())) total += await bytesUnder(join(path, entry.name));
  }
  return total;
}
