/** Normalisation of the many spellings MTAs use for versions, bits and certificate checks. */
import type { CertVerification, TlsVersion } from "../types.ts";
import type { ScannedReceived } from "../received/scan.ts";
import { memoized } from "../memo.ts";

const VERSION = /^(TLS|SSL)[\s_-]?V?[\s_-]?(\d)(?:[._]?(\d))?$/;

/**
 * `TLSv1.3`, `TLS1_3`, `TLS1.3`, `TLS-1.0`, `Tls12`, `SSLv3`, `SSL3.0` → the normalised version.
 * `TLSv1/SSLv3` is OpenSSL 1.0's cipher-class string, not the negotiated protocol: it only says "some SSL/TLS",
 * so it (and anything unreadable) gives null.
 */
export function normalizeVersion(text: string | undefined | null): TlsVersion | null {
  return text ? versionOf(text) : null;
}

/** Versions by spelling, worked out once per spelling: the same few recur in every mailbox. */
const versionOf = memoized(1_000, readVersion);

function readVersion(text: string): TlsVersion | null {
  if (text.includes("/")) return null;
  const match = VERSION.exec(text.toUpperCase());
  if (!match) return null;
  const major = match[2];
  const minor = match[3];
  if (match[1] === "SSL") return major === "3" ? "SSLv3" : major === "2" ? "SSLv2" : null;
  if (major !== "1") return null;
  switch (minor) {
    case undefined:
    case "0":
      return "TLSv1";
    case "1":
      return "TLSv1.1";
    case "2":
      return "TLSv1.2";
    case "3":
      return "TLSv1.3";
    default:
      return null;
  }
}

/**
 * A cipher name as written, or null when the note names none: an empty value (Exchange Online's `cipher=` on some
 * client submissions) or a placeholder (Google's `cipher=OTHER`, 2011) is not a cipher suite.
 */
export function cipherName(text: string | undefined | null): string | null {
  return !text || CIPHER_PLACEHOLDERS.has(text) ? null : text;
}

const CIPHER_PLACEHOLDERS = new Set(["OTHER"]);

/** The first number of `256`, `256/256`, `(128/128 bits)`. */
export function parseBits(text: string | undefined | null): number | null {
  if (!text) return null;
  const bits = Number.parseInt(text, 10);
  return Number.isFinite(bits) ? bits : null;
}

/** sendmail's `${verify}` macro values. */
export function sendmailVerify(text: string | undefined | null): CertVerification | null {
  // Most notes write the value in upper case already: only other spellings are upper-cased first.
  return verificationOf(text) ?? (text ? verificationOf(text.toUpperCase()) : null);
}

function verificationOf(text: string | undefined | null): CertVerification | null {
  switch (text) {
    case "OK":
    case "TRUSTED":
    case "YES": // OpenSMTPD 5.x's sendmail-like block
      return "verified";
    case "FAIL":
    case "CAFAIL": // FortiMail: the client's certificate did not chain to a trusted CA
    case "PROTOCOL":
    case "SOFTWARE":
    case "TEMP":
      return "failed";
    case "NO":
      return "not-presented";
    case "NOT":
    case "NONE":
      return "not-requested";
    default:
      return null;
  }
}

/**
 * Postfix's and Yandex's client-certificate note, the comment after the TLS comment at `after`. The certificate's
 * names are quoted (the client chose them), so only the text after the last quoted string says whether it was
 * verified.
 */
export function clientCertificateNote(scanned: ScannedReceived, after: number): CertVerification | null {
  const { value } = scanned;
  for (const token of scanned.tokens) {
    if (token.kind !== "comment" || token.start <= after) continue;
    const text = value.slice(token.start + 1, token.end - 1).trim();
    if (text === "No client certificate requested") return "not-requested";
    if (text === "Client did not present a certificate" || text === "Client certificate not present") return "not-presented";
    if (text.startsWith("Client CN ")) {
      const receiverText = token.atoms === null ? text : value.slice(token.atoms[token.atoms.length - 1], token.end - 1);
      return receiverText.includes("(verified OK)") ? "verified" : "failed";
    }
  }
  return null;
}
