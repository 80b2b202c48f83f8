/** The user's settings: what the options page edits, what the background passes to the analyzer. */
import type { AnalyzeOptions, TlsVersion } from "../analyzer/types.ts";
import type { AuditOptions } from "../audit/types.ts";
import { TLS_VERSIONS_ASCENDING } from "../analyzer/types.ts";
import type { KeyValueArea } from "./storage.ts";

/**
 * What the number on the toolbar button says (the icon and the label already say the verdict):
 * `never`; `problems`: how many hand-offs were not (provably) encrypted, only when some were; `always`: that,
 * or how many hand-offs were all encrypted.
 */
export type BadgeMode = "never" | "problems" | "always";

export interface AddonOptions {
  trustedDomains: string[];
  minTlsVersion: TlsVersion;
  badgeMode: BadgeMode;
  /** Tag audited and displayed messages by verdict (needs the optional tag permissions, asked for on a click). */
  tagMessages: boolean;
}

/** Key in `storage.local`. */
export const OPTIONS_KEY = "options";

export const DEFAULT_OPTIONS: Readonly<AddonOptions> = Object.freeze({
  trustedDomains: [],
  minTlsVersion: "TLSv1.2",
  badgeMode: "problems",
  tagMessages: false,
});

/** Baselines worth offering: SSL is never acceptable, so it is not a choice. */
export const SELECTABLE_TLS_VERSIONS: readonly TlsVersion[] = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"];

export const BADGE_MODES: readonly BadgeMode[] = ["never", "problems", "always"];

/** Reads whatever is stored (possibly nothing, possibly from an older version) into complete, valid options. */
export function normalizeOptions(stored: unknown): AddonOptions {
  const record = typeof stored === "object" && stored !== null ? (stored as Record<string, unknown>) : {};
  const { trustedDomains, minTlsVersion, badgeMode, tagMessages } = record;
  return {
    trustedDomains: Array.isArray(trustedDomains) ? parseDomainList(trustedDomains.filter((d) => typeof d === "string").join("\n")).domains : [],
    minTlsVersion: SELECTABLE_TLS_VERSIONS.find((v) => v === minTlsVersion) ?? DEFAULT_OPTIONS.minTlsVersion,
    badgeMode: BADGE_MODES.find((m) => m === badgeMode) ?? DEFAULT_OPTIONS.badgeMode,
    tagMessages: tagMessages === true,
  };
}

const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

/**
 * Splits free text (lines, commas, spaces) into lower-case domain names. Accepts what people paste: `@example.org`,
 * `*.example.org`, a trailing dot. Anything else is returned as invalid so the user can fix it.
 */
export function parseDomainList(text: string): { domains: string[]; invalid: string[] } {
  const domains: string[] = [];
  const invalid: string[] = [];
  for (const token of text.split(/[\s,;]+/)) {
    if (token === "") continue;
    const domain = token.toLowerCase().replace(/^@/, "").replace(/^\*\./, "").replace(/\.$/, "");
    if (!DOMAIN.test(domain)) invalid.push(token);
    else if (!domains.includes(domain)) domains.push(domain);
  }
  return { domains, invalid };
}

export function analyzeOptionsOf(options: AddonOptions): AnalyzeOptions {
  return { trustedDomains: options.trustedDomains, minTlsVersion: options.minTlsVersion };
}

/** The audit's options from the add-on's, so the audit page counts exactly as `hoplock audit --trusted … --min-tls …`. */
export function auditOptionsOf(options: AddonOptions, since: string | null = null): AuditOptions {
  return { ...analyzeOptionsOf(options), ...(since === null ? {} : { since }) };
}

/** Identifies the settings a report depends on, so a cached report made under other settings is not reused. */
export function analysisFingerprint(options: AddonOptions): string {
  return JSON.stringify([TLS_VERSIONS_ASCENDING.indexOf(options.minTlsVersion), [...options.trustedDomains].sort()]);
}

export async function loadOptions(area: KeyValueArea): Promise<AddonOptions> {
  return normalizeOptions(await area.get(OPTIONS_KEY));
}

export async function saveOptions(area: KeyValueArea, options: AddonOptions): Promise<void> {
  await area.set(OPTIONS_KEY, normalizeOptions(options));
}
