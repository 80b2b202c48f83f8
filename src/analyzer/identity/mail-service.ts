/** Which provider's mail-service ranges, if any, hold a connecting address (see mail-service-ranges.ts). */
import ipaddr from "ipaddr.js";
import { MAIL_SERVICE_RANGES, type MailServiceId } from "./mail-service-ranges.ts";
import { memoized } from "../memo.ts";

export type { MailServiceId } from "./mail-service-ranges.ts";

export interface MailService {
  readonly id: MailServiceId;
  readonly org: string;
}

interface V4Range {
  /** Network address and netmask as unsigned 32-bit integers. */
  base: number;
  mask: number;
  service: MailService;
}

interface V6Range {
  network: ipaddr.IPv6;
  bits: number;
  service: MailService;
}

interface ParsedTable {
  v4: V4Range[];
  v6: V6Range[];
}

let table: ParsedTable | null = null;

/** Far longer than any address literal with a zone id: such input is not an address, and is not cached. */
const MAX_INPUT_LENGTH = 100;

/**
 * The mail service whose ranges contain `ip`, or null (not an address, or in none of them). Accepts
 * `a.b.c.d`, IPv6 (an `IPv6:` prefix and a `%zone` suffix are ignored), and IPv4-mapped IPv6 as IPv4. Never throws.
 * Cached: the same relays' addresses recur in every mailbox.
 */
export function mailServiceOf(ip: string | null): MailService | null {
  if (typeof ip !== "string" || ip.length === 0 || ip.length > MAX_INPUT_LENGTH) return null;
  return serviceOf(ip);
}

const serviceOf = memoized(10_000, lookup);

function lookup(ip: string): MailService | null {
  try {
    const bare = ip.replace(/%.*$/s, "").replace(/^IPv6:/i, "");
    const { v4, v6 } = parsedTable();
    let address: number | ipaddr.IPv6 | null;
    if (!bare.includes(":")) address = dottedQuad(bare);
    else if (bare.includes(".") && dottedQuad(bare.slice(bare.lastIndexOf(":") + 1)) === null) return null;
    else {
      const v6Address = ipaddr.IPv6.parse(bare);
      address = v6Address.isIPv4MappedAddress() ? fromOctets(v6Address.toIPv4Address().octets) : v6Address;
    }
    if (address === null) return null;
    if (typeof address === "number") {
      for (const range of v4) if ((address & range.mask) >>> 0 === range.base) return range.service;
      return null;
    }
    for (const range of v6) if (address.match(range.network, range.bits)) return range.service;
    return null;
  } catch {
    // ipaddr.js throws on text that is not an IPv6 address.
    return null;
  }
}

/**
 * A plain `a.b.c.d` as an unsigned integer, else null; also required of the IPv4 tail of an IPv6 literal. Stricter
 * than ipaddr.js, which also reads legacy spellings ("678101249", "0x28.0x6b.1.1", "040.107.1.1") that no Received
 * header means as an address, and much faster.
 */
function dottedQuad(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (part.length === 0 || part.length > 3 || (part.length > 1 && part.charCodeAt(0) === 48)) return null;
    let octet = 0;
    for (let i = 0; i < part.length; i++) {
      const digit = part.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return null;
      octet = octet * 10 + digit;
    }
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

function fromOctets(octets: readonly number[]): number {
  return octets.reduce((value, octet) => value * 256 + octet, 0);
}

/** Parses the table once, on first use. */
function parsedTable(): ParsedTable {
  if (table !== null) return table;
  const parsed: ParsedTable = { v4: [], v6: [] };
  for (const set of MAIL_SERVICE_RANGES) {
    const service: MailService = Object.freeze({ id: set.id, org: set.org });
    for (const cidr of set.cidrs) {
      const [network, bits] = ipaddr.parseCIDR(cidr);
      if (network instanceof ipaddr.IPv4) {
        const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
        parsed.v4.push({ base: (fromOctets(network.octets) & mask) >>> 0, mask, service });
      } else {
        parsed.v6.push({ network, bits, service });
      }
    }
  }
  table = parsed;
  return table;
}
