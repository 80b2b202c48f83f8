/** How far an audit is: messages read of those listed, the rate so far, and the time left once the total is known. */

export interface Progress {
  /** Messages read (analysed or found unreadable). */
  read: number;
  /** Messages listed so far; all of them once `listComplete`. */
  listed: number;
  listComplete: boolean;
  elapsedMs: number;
  /** Messages per second since the start; null before the first second's worth of data. */
  rate: number | null;
  /** Null while the list is still being counted or no rate is known. */
  remainingMs: number | null;
}

/** The rate is shown once this much time has passed: the first reads say little about the rest. */
const RATE_AFTER_MS = 500;

export function progressOf(read: number, listed: number, listComplete: boolean, elapsedMs: number): Progress {
  const rate = elapsedMs >= RATE_AFTER_MS && read > 0 ? (read * 1000) / elapsedMs : null;
  const remainingMs = listComplete && rate !== null ? (Math.max(0, listed - read) * 1000) / rate : null;
  return { read, listed: Math.max(listed, read), listComplete, elapsedMs, rate, remainingMs };
}

/** The share done, 0 to 1; null while the total is unknown. */
export function doneShare(progress: Progress): number | null {
  if (!progress.listComplete) return null;
  return progress.listed === 0 ? 1 : Math.min(1, progress.read / progress.listed);
}
