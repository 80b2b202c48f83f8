/** Classification of connecting addresses: loopback, private and link-local ranges mean a hop inside one network. */
import ipaddr from "ipaddr.js";

export type AddressKind = "loopback" | "private" | "public" | "invalid";

const LOCAL_RANGES = new Set(["private", "linkLocal", "uniqueLocal", "carrierGradeNat", "unspecified"]);

const cache = new Map<string, AddressKind>();
const CACHE_LIMIT = 10_000;

/** Cached: the same relays' addresses recur in every mailbox. */
export function classifyAddress(ip: string | null): AddressKind {
  if (!ip) return "invalid";
  let kind = cache.get(ip);
  if (kind === undefined) {
    kind = classify(ip);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(ip, kind);
  }
  return kind;
}

function classify(ip: string): AddressKind {
  const bare = ip.replace(/%.*$/, "").replace(/^IPv6:/i, "");
  if (!ipaddr.isValid(bare)) return "invalid";
  let address = ipaddr.parse(bare);
  if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress()) address = (address as ipaddr.IPv6).toIPv4Address();
  const range = address.range();
  if (range === "loopback") return "loopback";
  return LOCAL_RANGES.has(range) ? "private" : "public";
}
