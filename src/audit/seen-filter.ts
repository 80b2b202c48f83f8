/**
 * "Have I recorded this message before?" in bounded space: two generations of a Bloom filter. New fingerprints go
 * into the current generation; when it holds CAPACITY, it becomes the previous one and the oldest is dropped. So at
 * least the last CAPACITY recorded messages (at most twice as many) are remembered, and a message never recorded is
 * taken for a recorded one with probability at most FALSE_POSITIVE_RATE per generation, ≤ 0.2% for both.
 */

/** Two independent 32-bit hashes of a message's identity; the filter derives its probe positions from them. */
export type Fingerprint = readonly [number, number];

export const CAPACITY = 20_000;
export const FALSE_POSITIVE_RATE = 0.001;
/** m = -n·ln p / (ln 2)², rounded up to whole bytes: 287,552 bits (35,944 bytes) per generation. */
const BITS = Math.ceil((-CAPACITY * Math.log(FALSE_POSITIVE_RATE)) / Math.LN2 ** 2 / 8) * 8;
/** k = (m / n)·ln 2 ≈ 10 probes. */
const PROBES = Math.round((BITS / CAPACITY) * Math.LN2);

export interface SavedSeenFilter {
  /** Fingerprints in the current generation. */
  count: number;
  current: string;
  previous: string;
}

export class SeenFilter {
  private constructor(
    private current: Uint8Array,
    private previous: Uint8Array,
    private count: number,
  ) {}

  static empty(): SeenFilter {
    return new SeenFilter(new Uint8Array(BITS / 8), new Uint8Array(BITS / 8), 0);
  }

  /** A filter from its saved form; null when the form is not one this version wrote. */
  static restore(saved: unknown): SeenFilter | null {
    if (typeof saved !== "object" || saved === null) return null;
    const { count, current, previous } = saved as Record<string, unknown>;
    if (typeof count !== "number" || !Number.isInteger(count) || count < 0 || count > CAPACITY) return null;
    const bits = [current, previous].map((text) => (typeof text === "string" ? fromBase64(text) : null));
    const [currentBits, previousBits] = bits;
    if (!currentBits || !previousBits || currentBits.length !== BITS / 8 || previousBits.length !== BITS / 8) return null;
    return new SeenFilter(currentBits, previousBits, count);
  }

  has(fingerprint: Fingerprint): boolean {
    return this.test(this.current, fingerprint) || this.test(this.previous, fingerprint);
  }

  add(fingerprint: Fingerprint): void {
    if (this.count >= CAPACITY) {
      this.previous = this.current;
      this.current = new Uint8Array(BITS / 8);
      this.count = 0;
    }
    for (const bit of positions(fingerprint)) this.current[bit >>> 3] = (this.current[bit >>> 3] ?? 0) | (1 << (bit & 7));
    this.count++;
  }

  save(): SavedSeenFilter {
    return { count: this.count, current: toBase64(this.current), previous: toBase64(this.previous) };
  }

  private test(bits: Uint8Array, fingerprint: Fingerprint): boolean {
    for (const bit of positions(fingerprint)) if (((bits[bit >>> 3] ?? 0) & (1 << (bit & 7))) === 0) return false;
    return true;
  }
}

/** Kirsch–Mitzenmacher double hashing: probe i is h1 + i·h2 (mod m). */
function* positions([h1, h2]: Fingerprint): Generator<number> {
  for (let i = 0; i < PROBES; i++) yield (((h1 + Math.imul(i, h2 | 1)) >>> 0) % BITS) >>> 0;
}

/** FNV-1a over UTF-16 code units with a seed, finished with murmur3's avalanche so nearby texts spread. */
export function hash32(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

export function fingerprintOf(identity: string): Fingerprint {
  return [hash32(identity, 0), hash32(identity, 0x9e3779b9)];
}

// Base64 by hand: the module must run where neither Buffer nor btoa is (a worker, a test, any engine).
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const VALUE_OF = new Map(ALPHABET.split("").map((character, value) => [character, value]));

function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const triple = (a << 16) | (b << 8) | c;
    const chars = [18, 12, 6, 0].map((shift) => ALPHABET[(triple >>> shift) & 63]);
    if (i + 1 >= bytes.length) chars[2] = "=";
    if (i + 2 >= bytes.length) chars[3] = "=";
    parts.push(chars.join(""));
  }
  return parts.join("");
}

function fromBase64(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null;
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  for (let i = 0, out = 0; i < text.length; i += 4) {
    let triple = 0;
    for (let j = 0; j < 4; j++) {
      const character = text[i + j] ?? "";
      const value = character === "=" && i + j >= text.length - padding ? 0 : VALUE_OF.get(character);
      if (value === undefined) return null;
      triple = (triple << 6) | value;
    }
    for (const shift of [16, 8, 0]) if (out < bytes.length) bytes[out++] = (triple >>> shift) & 255;
  }
  return bytes;
}
