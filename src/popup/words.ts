/** Words for a hop's facts, shared by the popup and its plain-text export. Only wording: nothing is judged here. */
import { versionLabel } from "../analyzer/format.ts";
import type { CertVerification, Hop, HopScope, HopTrust, IdentityBasis, Judgement, Reason, ReceiverId, Warning } from "../analyzer/types.ts";
import { isolateInSentence } from "../shared/bidi.ts";
import type { Translator } from "../shared/i18n.ts";
import { JUDGEMENT_WORD } from "../shared/look.ts";

/** Why an uncounted hop does not count, in the row ("Not counted: inside one organisation"). */
const NOT_COUNTED: Readonly<Record<HopScope, string>> = {
  internal: "hop_not_counted_internal",
  local: "hop_not_counted_local",
  submission: "hop_not_counted_submission",
  relay: "hop_not_counted_internal", // never used: a relay is always judged
};
const SCOPE: Readonly<Record<HopScope, string>> = { submission: "scope_submission", internal: "scope_internal", relay: "scope_relay", local: "scope_local" };
const TRUST: Readonly<Record<HopTrust, string>> = { recipient: "trust_recipient", "sender-claimed": "trust_sender_claimed" };
const CERT: Readonly<Record<CertVerification, string>> = {
  verified: "cert_verified",
  failed: "cert_failed",
  "not-presented": "cert_not_presented",
  "not-requested": "cert_not_requested",
};

/**
 * The fixed words of rows and the route, looked up once per translator: Thunderbird's Debian build runs extension
 * code without the baseline JIT, so a 30-hop popup pays for every repeated lookup and format.
 */
export interface FixedWords {
  hop: string;
  to: string;
  delay: string;
  delayBackwards: string;
  senderUnnamed: string;
  receiverUnnamed: string;
  tlsUnversioned: string;
  notCounted: Readonly<Record<HopScope, string>>;
  judgement: Readonly<Record<Judgement, string>>;
  /** "calls itself {name}" around the name, for a hop's sender and for a run. */
  hopCallsItself: readonly [before: string, after: string];
  runCallsItself: readonly [before: string, after: string];
  runUnnamed: string;
  yours: string;
  claimed: string;
  gap: string;
}

const fixedWords = new WeakMap<Translator, FixedWords>();

/** A character no catalogue uses, standing in for an element while a sentence is formatted. */
export const SLOT = "\uE000";

export function wordsOf(t: Translator): FixedWords {
  let words = fixedWords.get(t);
  if (!words) {
    const around = (name: string, slot: string) => {
      const [before = "", after = ""] = t(name, { [slot]: SLOT }).split(SLOT);
      return [before, after] as const;
    };
    words = {
      hop: t("hop_label"),
      to: t("hop_to"),
      delay: t("hop_delay_label"),
      delayBackwards: t("hop_delay_backwards"),
      senderUnnamed: t("hop_sender_unnamed"),
      receiverUnnamed: t("hop_receiver_unnamed"),
      tlsUnversioned: t("tls_version_unrecorded"),
      notCounted: { internal: t(NOT_COUNTED.internal), local: t(NOT_COUNTED.local), submission: t(NOT_COUNTED.submission), relay: t(NOT_COUNTED.relay) },
      judgement: {
        encrypted: t(JUDGEMENT_WORD.encrypted),
        weak: t(JUDGEMENT_WORD.weak),
        plaintext: t(JUDGEMENT_WORD.plaintext),
        unknown: t(JUDGEMENT_WORD.unknown),
      },
      hopCallsItself: around("hop_calls_itself", "name"),
      runCallsItself: around("run_calls_itself", "name"),
      runUnnamed: t("run_unnamed"),
      yours: t("run_yours"),
      claimed: t("route_claimed"),
      gap: t("route_gap"),
    };
    fixedWords.set(t, words);
  }
  return words;
}

/** How a sender is named: as known, as it only calls itself, by its address, or not at all. */
export type SenderName = { kind: "known" | "claimed"; name: string } | { kind: "address"; address: string } | { kind: "unnamed" };

export function senderName(hop: Hop): SenderName {
  const { identity, ip } = hop.from;
  if (identity.name !== null) return { kind: identity.basis === "helo-claim" ? "claimed" : "known", name: identity.name };
  return ip !== null ? { kind: "address", address: ip } : { kind: "unnamed" };
}

export function senderText(hop: Hop, t: Translator): string {
  const sender = senderName(hop);
  switch (sender.kind) {
    case "known":
      return sender.name;
    case "claimed": {
      const [before, after] = wordsOf(t).hopCallsItself;
      return `${before}${sender.name}${after}`;
    }
    case "address":
      return sender.address;
    case "unnamed":
      return wordsOf(t).senderUnnamed;
  }
}

export function receiverText(hop: Hop, t: Translator): string {
  return hop.by ?? wordsOf(t).receiverUnnamed;
}

/** The judgement as a word, or why the hop does not count: never an alarm for a hop that does not count. */
export function hopStateText(hop: Hop, t: Translator): string {
  const words = wordsOf(t);
  return hop.judgement === null ? words.notCounted[hop.scope] : words.judgement[hop.judgement];
}

/** The version as recorded ("TLS 1.3"); null for a hop that recorded no encryption. */
export function tlsVersionText(hop: Hop, t: Translator): string | null {
  if (hop.tls.status !== "encrypted") return null;
  return hop.tls.version ? versionLabel(hop.tls.version) : wordsOf(t).tlsUnversioned;
}

/** Version, cipher and key size for the facts: "TLS 1.3 · TLS_AES_256_GCM_SHA384 · 256 bits". */
export function tlsDetails(hop: Hop, t: Translator): string | null {
  const version = tlsVersionText(hop, t);
  if (version === null) return null;
  const bits = hop.tls.bits === null ? null : t("tls_bits", { bits: hop.tls.bits });
  return [version, hop.tls.cipher, bits].filter((part) => part !== null).join(" · ");
}

export function scopeText(scope: HopScope, t: Translator): string {
  return t(SCOPE[scope]);
}

export function trustText(trust: HopTrust, t: Translator): string {
  return t(TRUST[trust]);
}

export function certText(verify: CertVerification, t: Translator): string {
  return t(CERT[verify]);
}

/** The analyzer's ids are worded by the catalogue under `<kind>_<id>` (`receiver_microsoft_smtpsvc`). */
export function idText(kind: "receiver" | "basis", id: ReceiverId | IdentityBasis, t: Translator): string {
  return t(`${kind}_${id.replace(/[^A-Za-z0-9]+/g, "_")}`);
}

/** Parameters that are ids or versions: the catalogue words them, so they must reach it unchanged. */
const WORDED_BY_CATALOGUE = new Set(["receiver", "marker", "verify", "why", "basis", "fromBasis", "service", "option", "version", "baseline"]);

/** A reason or warning whose header-derived parameters (host names, words, addresses) are bidi-isolated. */
export function withIsolatedHeaderText<T extends Reason | Warning>(fact: T): T {
  const params: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fact.params))
    params[name] = typeof value === "string" && !WORDED_BY_CATALOGUE.has(name) ? isolateInSentence(value) : value;
  return { ...fact, params };
}

export function reasonText(reason: Reason, t: Translator): string {
  return t.reason(withIsolatedHeaderText(reason));
}

export function warningText(warning: Warning, t: Translator): string {
  return t.warning(withIsolatedHeaderText(warning));
}

/** A whole number in the reader's digits, with one formatter per locale. */
export function integerText(value: number, locale: string): string {
  return cached(`${locale}|integer`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })).format(value);
}

/** A delay in its largest unit, signed ("+2 min"), for the row; "" when unknown. */
export function shortDelay(seconds: number | null, locale: string): string {
  if (seconds === null) return "";
  const [value, unit] = largestUnit(seconds);
  return unitFormat(locale, unit, "narrow", "exceptZero").format(value);
}

/** A delay to the second ("2 min 5 sec"), for the facts. */
export function exactDelay(seconds: number, locale: string): string {
  const total = Math.abs(Math.round(seconds));
  const parts: [number, Unit][] = [
    [Math.floor(total / 3600), "hour"],
    [Math.floor((total % 3600) / 60), "minute"],
    [total % 60, "second"],
  ];
  const shown = parts.filter(([value], i) => value > 0 || (i === 2 && total === 0));
  return shown.map(([value, unit]) => unitFormat(locale, unit, "short", "auto").format(value)).join(" ");
}

type Unit = "second" | "minute" | "hour";

function largestUnit(seconds: number): [number, Unit] {
  const size = Math.abs(seconds);
  if (size < 60) return [Math.round(seconds), "second"];
  if (size < 3600) return [Math.round(seconds / 60), "minute"];
  return [Math.round(seconds / 3600), "hour"];
}

/** Building a formatter costs far more than using one; a long journey would build one per hop. */
const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let format = formats.get(key) as T | undefined;
  if (!format) {
    format = make();
    formats.set(key, format);
  }
  return format;
}

function unitFormat(locale: string, unit: Unit, unitDisplay: "narrow" | "short", signDisplay: "exceptZero" | "auto"): Intl.NumberFormat {
  return cached(`${locale}|${unit}|${unitDisplay}|${signDisplay}`, () => new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay, signDisplay }));
}

/** The hop's time in the reader's locale; the text as written when it could not be parsed. */
export function timeText(hop: Hop, locale: string, t: Translator): string {
  if (hop.time === null) return hop.date ?? t("hop_time_unrecorded");
  return cached(`${locale}|date`, () => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "medium" })).format(new Date(hop.time));
}
