/** Words for a hop's facts, shared by the popup and its plain-text export. */
import type { CertVerification, Hop, HopScope, HopTrust, TlsStatus } from "../analyzer/types.ts";
import type { Translator } from "../shared/i18n.ts";
import { versionLabel } from "../shared/look.ts";

const STATUS: Record<TlsStatus, string> = { encrypted: "status_encrypted", plaintext: "status_plaintext", unknown: "status_unknown" };
const SCOPE: Record<HopScope, string> = { submission: "scope_submission", internal: "scope_internal", relay: "scope_relay", local: "scope_local" };
const TRUST: Record<HopTrust, string> = { recipient: "trust_recipient", "sender-claimed": "trust_sender_claimed" };
const CERT: Record<CertVerification, string> = {
  verified: "cert_verified",
  failed: "cert_failed",
  "not-presented": "cert_not_presented",
  "not-requested": "cert_not_requested",
};

export function isWeakHop(hop: Hop): boolean {
  return hop.tls.status === "encrypted" && hop.tls.weaknesses.length > 0;
}

export function statusLabel(hop: Hop, t: Translator): string {
  return isWeakHop(hop) ? t("status_weak") : t(STATUS[hop.tls.status]);
}

export function scopeLabel(scope: HopScope, t: Translator): string {
  return t(SCOPE[scope]);
}

export function trustLabel(trust: HopTrust, t: Translator): string {
  return t(TRUST[trust]);
}

export function certLabel(verify: CertVerification, t: Translator): string {
  return t(CERT[verify]);
}

/** The sending host as the receiver recorded it: verified reverse DNS first, then the name it announced, then its address. */
export function senderName(hop: Hop, t: Translator): string {
  return hop.from.rdns ?? hop.from.helo ?? hop.from.ip ?? t("hop_sender_unnamed");
}

export function receiverName(hop: Hop, t: Translator): string {
  return hop.by ?? t("hop_receiver_unnamed");
}

/** Version, cipher and key size, as far as recorded; null for a hop that recorded no encryption. */
export function tlsDetails(hop: Hop, t: Translator): string | null {
  const { tls } = hop;
  if (tls.status !== "encrypted") return null;
  const version = tls.version ? versionLabel(tls.version) : t("tls_version_unrecorded");
  const bits = tls.bits === null ? null : t("tls_bits", { bits: tls.bits });
  return [version, tls.cipher, bits].filter((part) => part !== null).join(" · ");
}

/** "3 s", "2 min 5 s", "5 h 10 min": short units readers of every language know. */
export function durationText(totalSeconds: number): string {
  const seconds = Math.abs(Math.round(totalSeconds));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

export function delayText(hop: Hop, t: Translator): string | null {
  if (hop.delaySeconds === null) return null;
  const delay = durationText(hop.delaySeconds);
  return hop.delaySeconds < 0 ? t("hop_delay_before", { delay }) : t("hop_delay_after", { delay });
}

/** The hop's time in the reader's locale; the text as written when it could not be parsed. */
export function timeText(hop: Hop, locale: string, t: Translator): string {
  if (hop.time === null) return hop.date ?? t("hop_time_unrecorded");
  return dateFormat(locale).format(new Date(hop.time));
}

/** Building a formatter costs far more than using one; a 30-hop journey would build thirty. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string): Intl.DateTimeFormat {
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "medium" });
    dateFormats.set(locale, format);
  }
  return format;
}
