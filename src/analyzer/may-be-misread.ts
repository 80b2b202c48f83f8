import type { Hop } from "./types.ts";

/**
 * "Help Hoplock read this": a hop whose TLS state may be a reading gap rather than the server's silence: TLS words
 * no recognizer read, or a counted hop at a receiver Hoplock does not know. Its anonymised line (anonymiseReceived)
 * is what a new recognizer needs. The CLI's --anonymise and the popup offer the same hops.
 */
export function mayBeMisread(hop: Hop): boolean {
  return hop.tls.status === "unknown" && (hop.tls.unrecognised.length > 0 || (hop.judgement !== null && hop.receiver === null));
}
