/**
 * Sentences, written only at the edge: a message name and parameters in, text in the catalogue's language out. The
 * catalogues are `_locales/<lang>/messages.json`; the English one is bundled so the library and the CLI speak.
 *
 * Templates use `{name}` placeholders, and `{name|other|text}` where a parameter may be null: the first of the
 * named parameters that has a value, else the text, the catalogue's own wording for the missing value. A message with plural forms is written once per plural category
 * of its language (`name__one`, `name__other`, … as `Intl.PluralRules` lists them) and chosen by its `count`
 * parameter (else its first number). Ids are worded by the catalogue too (`receiver_postfix`, `verify_failed`).
 */
import type { Reason, TlsVersion, Warning } from "./types.ts";
import english from "../../_locales/en/messages.json" with { type: "json" };

/** The template of a message name, or "" when the catalogue has none (the contract of `i18n.getMessage`). */
export type MessageLookup = (name: string) => string;

export interface Catalogue {
  lookup: MessageLookup;
  locale: string;
}

export type Params = Readonly<Record<string, string | number | null | undefined>>;

const ENGLISH_MESSAGES = english as Record<string, { message: string } | undefined>;

export const ENGLISH: Catalogue = { lookup: (name) => ENGLISH_MESSAGES[name]?.message ?? "", locale: "en" };

/** Message names allow only `[A-Za-z0-9_]`: `tls-recorded` is `reason_tls_recorded`. */
export function reasonMessageName(reason: Pick<Reason | Warning, "key">, kind: "reason" | "warning" = "reason"): string {
  return `${kind}_${reason.key.replace(/-/g, "_")}`;
}

export function formatReason(reason: Reason, catalogue: Catalogue = ENGLISH): string {
  return formatMessage(reasonMessageName(reason), withDerived(reason.params as Params, catalogue), catalogue);
}

export function formatWarning(warning: Warning, catalogue: Catalogue = ENGLISH): string {
  return formatMessage(reasonMessageName(warning, "warning"), warning.params, catalogue);
}

/** A reason's parameters plus those worded from them: `detail` (version, cipher, bits) and the receiver's `fingerprint`. */
function withDerived(params: Params, catalogue: Catalogue): Params {
  const receiver = params["receiver"];
  return {
    ...params,
    detail: tlsDetail(params, catalogue),
    fingerprint: typeof receiver === "string" ? catalogue.lookup(`fingerprint_${idName(receiver)}`) || null : null,
  };
}

export function formatMessage(name: string, params: Params, catalogue: Catalogue): string {
  const template = templateOf(name, params, catalogue);
  return template.replace(/\{(\w+)((?:\|[^|}]*)*)\}/g, (whole, param: string, alternatives: string) => {
    const names = [param, ...alternatives.split("|").slice(1)];
    const text = names.length > 1 ? (names.pop() as string) : null;
    for (const candidate of names) {
      const value = renderParam(candidate, params, catalogue);
      if (value !== null) return value;
    }
    return text ?? whole; // an unknown placeholder stays visible rather than vanishing
  });
}

const pluralRules = new Map<string, Intl.PluralRules>();

/** A message has plural forms when the English catalogue writes it so (`name__other`): other catalogues follow it. */
function templateOf(name: string, params: Params, catalogue: Catalogue): string {
  if (ENGLISH_MESSAGES[`${name}__other`] === undefined) return catalogue.lookup(name) || name;
  const count = pluralCount(params);
  if (count === null) return catalogue.lookup(`${name}__other`) || name;
  let rules = pluralRules.get(catalogue.locale);
  if (!rules) {
    rules = new Intl.PluralRules(catalogue.locale);
    pluralRules.set(catalogue.locale, rules);
  }
  return catalogue.lookup(`${name}__${rules.select(count)}`) || catalogue.lookup(`${name}__other`) || name;
}

/** The number a plural form agrees with: `count`, else the message's first quantity (hop numbers are not quantities). */
function pluralCount(params: Params): number | null {
  if (typeof params["count"] === "number") return params["count"];
  for (const [param, value] of Object.entries(params)) if (typeof value === "number" && param !== "hop" && param !== "claimHop") return value;
  return null;
}

/** Parameters named after a closed set are worded by the catalogue; versions have one spelling everywhere. */
const WORDED_BY_CATALOGUE: Readonly<Record<string, string>> = {
  receiver: "receiver",
  marker: "marker",
  verify: "verify",
  why: "weakness",
  basis: "basis",
  fromBasis: "basis",
  service: "service",
  option: "option",
};

function renderParam(param: string, params: Params, catalogue: Catalogue): string | null {
  const value = params[param];
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return value.toLocaleString(catalogue.locale);
  if (param === "version" || param === "baseline") return versionLabel(value as TlsVersion);
  const kind = WORDED_BY_CATALOGUE[param];
  return kind ? catalogue.lookup(`${kind}_${idName(value)}`) || value : value;
}

function idName(id: string): string {
  return id.replace(/[^A-Za-z0-9]+/g, "_");
}

/** "TLS 1.2, ECDHE-RSA-AES256-GCM-SHA384, 256 bits" from what was recorded; null when nothing was. */
function tlsDetail(params: Params, catalogue: Catalogue): string | null {
  const parts: string[] = [];
  if (typeof params["version"] === "string") parts.push(versionLabel(params["version"] as TlsVersion));
  if (typeof params["cipher"] === "string") parts.push(params["cipher"]);
  if (typeof params["bits"] === "number") parts.push(formatMessage("detail_bits", { bits: params["bits"] }, catalogue));
  return parts.length > 0 ? parts.join(", ") : null;
}

/** One spelling of versions for people: `TLSv1.2` → "TLS 1.2", `TLSv1` → "TLS 1.0", `SSLv3` → "SSL 3.0". */
export function versionLabel(version: TlsVersion): string {
  switch (version) {
    case "TLSv1":
      return "TLS 1.0";
    case "SSLv3":
      return "SSL 3.0";
    case "SSLv2":
      return "SSL 2.0";
    default:
      return version.replace("v", " ");
  }
}
