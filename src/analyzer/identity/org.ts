/**
 * Which organisation a host belongs to: its registrable domain by the Public Suffix List (tldts), merged into
 * a provider family where one provider runs its mail under several domains.
 */
import { parse } from "tldts";
import { memoized } from "../memo.ts";

/** Provider families: every domain listed maps to the first one, so hops among them count as one organisation. */
const PROVIDER_FAMILIES: readonly (readonly string[])[] = [
  ["outlook.com", "hotmail.com", "live.com", "msn.com", "microsoft.com", "office365.com", "office.com", "exchangelabs.com", "microsoftonline.com"],
  ["google.com", "gmail.com", "googlemail.com", "1e100.net"],
  ["yahoo.com", "yahoo.net", "yahoodns.net", "aol.com", "aol.net"],
  ["pphosted.com", "ppops.net", "ppe-hosted.com", "proofpoint.com"],
  ["mimecast.com", "mimecast.co.za", "mimecast-offshore.com"],
  ["yandex.net", "yandex.ru", "yandex.com"],
  ["icloud.com", "me.com", "mac.com", "apple.com"],
  ["messagingengine.com", "fastmail.com", "fastmail.fm"],
  ["zoho.com", "zohomail.com", "zoho.eu"],
  ["protonmail.ch", "protonmail.com", "proton.me"],
  ["sendgrid.net", "sendgrid.com"],
  ["facebook.com", "thefacebook.com", "fb.com"],
  ["mailgun.net", "mailgun.org"],
  ["gmx.net", "gmx.de", "gmx.com", "web.de", "kundenserver.de"],
  ["cudaops.com", "barracuda.com", "barracudanetworks.com"],
  ["amazonses.com"],
];

const FAMILY_OF = new Map<string, string>();
for (const family of PROVIDER_FAMILIES) for (const domain of family) FAMILY_OF.set(domain, family[0] ?? domain);

/** The organisation (registrable domain) of a host name, or null for IP literals, bare labels and names outside any public suffix. */
export function orgOf(host: string | null): string | null {
  if (!host || !host.includes(".") || host.startsWith("[")) return null;
  return orgOfHost(host);
}

/** Keyed as written: a host recurs in the same spelling, and lower-casing costs a pass. */
const orgOfHost = memoized(10_000, (host) => lookup(host.toLowerCase()));

function lookup(host: string): string | null {
  const parsed = parse(host, { allowPrivateDomains: false });
  if (parsed.isIp || !parsed.domain || !parsed.isIcann) return null;
  return parsed.domain;
}

/**
 * Host names compared case-insensitively: `a.toLowerCase() === b.toLowerCase()`, without lower-casing when the
 * lengths already differ (lower-casing lengthens a string only for U+0130, `İ` → `i̇`).
 */
export function sameHostName(a: string, b: string): boolean {
  if (a.length !== b.length && !a.includes("\u0130") && !b.includes("\u0130")) return false;
  return a.toLowerCase() === b.toLowerCase();
}

/** One of the providers listed in a family above (public mail services, not private organisations). */
export function isKnownProvider(org: string): boolean {
  return FAMILY_OF.has(org);
}

/** The provider family an organisation belongs to (itself when it belongs to none). */
export function familyOf(org: string): string {
  return FAMILY_OF.get(org) ?? org;
}

/** One organisation, counting a provider's several domains as one. */
export function sameOrg(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && (a === b || familyOf(a) === familyOf(b));
}
