/**
 * The SPF check your side recorded for the connection that brought the message in: a Received-SPF field (RFC 7208
 * §9.1) written by your side's server, for the very address its Received header records. A pass means the domain's
 * owner authorised that address to send its mail: it names the sending organisation without making any hop internal
 * (a domain's SPF record may include a provider that every customer of that provider passes).
 */
import type { SpfCheck, SpfResult } from "../types.ts";
import type { SpfField } from "../input/headers.ts";
import { orgOf } from "./org.ts";

const RESULTS: readonly SpfResult[] = ["pass", "fail", "softfail", "neutral", "none", "temperror", "permerror"];

/** `Pass (protection.outlook.com: domain of gmail.com designates 209.85.208.54 as permitted sender) … client-ip=…;` */
const RESULT = /^\s*([a-z]+)\b/i;
const CLIENT_IP = /(?:^|[\s;])client-ip=([0-9a-f.:]{2,45})(?=[\s;]|$)/i;
const ENVELOPE_FROM = /(?:^|[\s;])envelope-from=<?"?([^\s;<>"]{1,254})/i;
const HOST_NAME = /^[a-z0-9](?:[a-z0-9.-]{0,252})$/i;
const DOMAIN_OF = /\bdomain of (?:[^\s@()]{1,64}@)?([a-z0-9][a-z0-9.-]{0,252}) (?:designates|does not designate)\b/i;

/**
 * The check recorded for a connection from `ip`, read from the Received-SPF fields that lie above the Received
 * header at `receivedIndex` (0 = the newest): only your side's servers can have written those. Null when none
 * matches the address, or the field names no result or domain.
 */
export function spfCheckFor(fields: readonly SpfField[], receivedIndex: number, ip: string | null): SpfCheck | null {
  if (ip === null) return null;
  for (const field of fields) {
    if (field.receivedAbove > receivedIndex) break;
    const check = readReceivedSpf(field.value);
    if (check !== null && sameAddress(check.clientIp, ip)) return { result: check.result, domain: check.domain, org: orgOf(check.domain) };
  }
  return null;
}

interface ReadSpf {
  result: SpfResult;
  clientIp: string;
  domain: string;
}

export function readReceivedSpf(value: string): ReadSpf | null {
  const head = value.length > 2000 ? value.slice(0, 2000) : value;
  const result = RESULT.exec(head)?.[1]?.toLowerCase();
  const clientIp = CLIENT_IP.exec(head)?.[1];
  if (!result || !clientIp || !RESULTS.includes(result as SpfResult)) return null;
  const envelope = ENVELOPE_FROM.exec(head)?.[1];
  const domain = (envelope === undefined ? DOMAIN_OF.exec(head)?.[1] : envelope.slice(envelope.lastIndexOf("@") + 1))?.replace(/\.$/, "");
  // A host name's letters only: the field is shown, and a domain never needs more (IDNs travel as xn-- labels).
  return domain && HOST_NAME.test(domain) ? { result: result as SpfResult, clientIp, domain: domain.toLowerCase() } : null;
}

/** The same address as written in two headers: case and an `IPv6:` prefix aside. */
function sameAddress(a: string, b: string): boolean {
  const bare = (ip: string) => ip.replace(/^IPv6:/i, "").toLowerCase();
  return bare(a) === bare(b);
}
