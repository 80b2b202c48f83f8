/** Classification of connecting addresses: loopback, private and link-local ranges mean a hop inside one network. */
import ipaddr from "ipaddr.js";

export type AddressKind = "loopback" | "private" | "public" | "invalid";

const LOCAL_RANGES = new Set(["private", "linkLocal", "uniqueLocal", "carrierGradeNat", "unspecified"]);

export function classifyAddress(ip: string | null): AddressKind {
  if (!ip) return "invalid";
  const bare = ip.replace(/%.*$/, "").replace(/^IPv6:/i, "");
  if (!ipaddr.isValid(bare)) return "invalid";
  let address = ipaddr.parse(bare);
  if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress()) address = (address as ipaddr.IPv6).toIPv4Address();
  const range = address.range();
  if (range === "loopback") return "loopback";
  return LOCAL_RANGES.has(range) ? "private" : "public";
}
