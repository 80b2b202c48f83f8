/** Judging a recorded TLS session: weak versions and ciphers, and the version a cipher implies. */
import type { TlsVersion, WeakCipherKind, Weakness } from "../types.ts";
import { TLS_VERSIONS_ASCENDING } from "../types.ts";
import { memoized } from "../memo.ts";

export function versionRank(version: TlsVersion): number {
  return TLS_VERSIONS_ASCENDING.indexOf(version);
}

/** AEAD and SHA-2 suites exist only from TLS 1.2; TLS 1.3 suites have their own names. */
export function impliedMinVersion(cipher: string | null): TlsVersion | null {
  return cipher ? traitsOf(cipher).impliedMinVersion : null;
}

const WEAK_CIPHERS: readonly [RegExp, WeakCipherKind][] = [
  [/RC4|ARCFOUR/, "rc4"],
  [/EXP(?:ORT)?[-_\d]|^EXP/, "export"],
  [/NULL/, "null"],
  [/3DES|DES[-_]CBC3|DES[-_]EDE/, "3des"],
  [/(?:^|[-_])DES(?:[-_]|$)/, "des"],
  [/MD5$/, "md5"],
];

export function weaknessesOf(version: TlsVersion | null, cipher: string | null, bits: number | null, baseline: TlsVersion): Weakness[] {
  const weaknesses: Weakness[] = [];
  if (version && versionRank(version) < versionRank(baseline)) weaknesses.push({ kind: "old-version", version, baseline });
  const weak = cipher ? traitsOf(cipher).weakness : null;
  if (cipher && weak) weaknesses.push({ kind: "weak-cipher", cipher, why: weak });
  if (bits !== null && bits > 0 && bits < 128) weaknesses.push({ kind: "short-key", bits });
  return weaknesses;
}

/** Anonymous Diffie-Hellman suites encrypt but do not authenticate the server. */
export function isAnonymous(cipher: string | null): boolean {
  return cipher !== null && traitsOf(cipher).anonymous;
}

/** What the patterns above say about one cipher name, worked out once per name: the same few suites recur in every mailbox. */
interface CipherTraits {
  impliedMinVersion: TlsVersion | null;
  weakness: WeakCipherKind | null;
  anonymous: boolean;
}

const traitsOf = memoized(1_000, (cipher): CipherTraits => {
  const upper = cipher.toUpperCase();
  return {
    impliedMinVersion: versionImpliedBy(upper),
    weakness: WEAK_CIPHERS.find(([pattern]) => pattern.test(upper))?.[1] ?? null,
    anonymous: /^(?:ADH|AECDH)-|_anon_|^ANON/i.test(cipher),
  };
});

function versionImpliedBy(upperCipher: string): TlsVersion | null {
  if (/^(?:TLS13_|TLS_AES_|TLS_CHACHA20_)/.test(upperCipher)) return "TLSv1.3";
  if (/GCM|CHACHA20|POLY1305|CCM|SHA256|SHA384/.test(upperCipher)) return "TLSv1.2";
  return null;
}
