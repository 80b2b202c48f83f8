/** Classification of connecting addresses: loopback, private and link-local ranges mean a hop inside one network. */
import ipaddr from "ipaddr.js";
import { memoized } from "../memo.ts";

export type AddressKind = "loopback" | "private" | "public" | "invalid";

const LOCAL_RANGES = new Set(["private", "linkLocal", "uniqueLocal", "carrierGradeNat", "unspecified"]);

/** Cached: the same relays' addresses recur in every mailbox. */
export function classifyAddress(ip: string | null): AddressKind {
  return ip ? classifyCached(ip) : "invalid";
}

const classifyCached = memoized(10_000, classify);

function classify(ip: string): AddressKind {
  const bare = ip.replace(/%.*$/, "").replace(/^IPv6:/i, "");
  const octets = dottedQuad(bare);
  if (octets === null && !ipaddr.isValid(bare)) return "invalid";
  let address = octets ? ipaddr.fromByteArray(octets) : ipaddr.parse(bare);
  if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress()) address = (address as ipaddr.IPv6).toIPv4Address();
  const range = address.range();
  if (range === "loopback") return "loopback";
  return LOCAL_RANGES.has(range) ? "private" : "public";
}

/**
 * The octets of a plain `a.b.c.d`, the form nearly every Received header uses; ipaddr.js then only classifies, which
 * spares its parser (written for every legacy IPv4 spelling) on each new address. Anything else returns null.
 */
function dottedQuad(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const octets: number[] = [];
  for (const part of parts) {
    if (part.length === 0 || part.length > 3 || (part.length > 1 && part.charCodeAt(0) === 48)) return null;
    let value = 0;
    for (let i = 0; i < part.length; i++) {
      const digit = part.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return null;
      value = value * 10 + digit;
    }
    if (value > 255) return null;
    octets.push(value);
  }
  return octets;
}
