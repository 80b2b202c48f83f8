/** Where a hop sits: a pseudo-hop, inside one organisation, a client's submission, or a hand-off between organisations. */
import type { HopScope, Reason } from "./types.ts";
import type { ParsedReceived } from "./received.ts";
import type { HopFields } from "./fields.ts";
import { classifyAddress } from "./address.ts";
import { sameHostName, sameOrg } from "./org.ts";
import { MENTIONS_AUTH, MENTIONS_PSEUDO_HOP, mentionsOf } from "./mentions.ts";

/** The identity facts scope needs about one hop. */
export interface HopIdentity {
  parsed: ParsedReceived;
  fields: HopFields;
  /** The receiving host's organisation. */
  org: string | null;
  /** The sending side's organisation (reverse DNS first, else HELO). */
  fromOrg: string | null;
}

export interface ScopeContext {
  /** No network hop comes before this one. */
  isFirstNetworkHop: boolean;
  /** The receiver is on the recipient's side and the sender is not: a hop the recipient's servers witnessed. */
  entersRecipientSide: boolean;
}

export interface ScopeResult {
  scope: HopScope;
  reason: Reason;
}

const LOCAL_PROTOCOLS = /^(?:LOCAL(?:-\S+)?|MAPI|SPOOL|IMAP|POP3?|PICKUP|ECARTIS|FETCHMAIL)$/;
const LMTP = /^(?:UTF8)?LMTPS?A?$/;
const AUTHENTICATED_PROTOCOL = /^(?:E?SMTPS?A|UTF8SMTPS?A|ESSMTPA|ASMTP|LOCAL-ESMTPS?A)$/;
const AUTHENTICATED_COMMENT = /^\s*(?:authenticated\b|Authenticated sender:|authenticated user\b|AUTH: )/i;
const WEBMAIL = /^HTTPS?U?$/;

/** A pseudo-hop marker (no network transfer), or null. */
export function pseudoHopMarker(parsed: ParsedReceived, fields: HopFields): string | null {
  if (fields.protocol && LOCAL_PROTOCOLS.test(fields.protocol)) return `with ${fields.with ?? fields.protocol}`;
  // One look at the whole value spares four patterns per comment on the many hops that carry none of the words.
  const commentMarkers = mentionsOf(parsed) & MENTIONS_PSEUDO_HOP ? parsed.comments : [];
  for (const comment of commentMarkers) {
    if (/\binvoked (?:by|from)\b/.test(comment)) return comment.trim();
    if (/^Postfix, from userid\b/.test(comment)) return comment.trim();
    if (/\/Submit$/.test(comment.trim())) return "sendmail Submit";
    if (/\bfetchmail\b/i.test(comment)) return comment.trim();
  }
  if (fields.via && /^listexpand\b/i.test(fields.via)) return `via ${fields.via}`;
  if (fields.with && /ECARTIS/i.test(fields.with)) return `with ${fields.with}`;
  if (isPickupService(parsed.clauses.from?.words)) return "mail pickup service";
  return null;
}

/** `from mail pickup service` (IIS SMTPSVC). Only three words can spell it: a word holding a space also holds `"` or `[`. */
function isPickupService(words: readonly string[] | undefined): boolean {
  return words !== undefined && words.length === 3 && words.join(" ").toLowerCase() === "mail pickup service";
}

export function isAuthenticated(parsed: ParsedReceived, fields: HopFields): boolean {
  if (fields.protocol && AUTHENTICATED_PROTOCOL.test(fields.protocol)) return true;
  return (mentionsOf(parsed) & MENTIONS_AUTH) !== 0 && parsed.comments.some((comment) => AUTHENTICATED_COMMENT.test(comment));
}

export function classifyScope(hop: HopIdentity, context: ScopeContext): ScopeResult {
  const { parsed, fields, org, fromOrg } = hop;
  const host = fields.by ?? "the receiving server";
  const protocol = fields.with ?? fields.protocol ?? "";
  const marker = pseudoHopMarker(parsed, fields);
  if (marker) return { scope: "local", reason: { key: "scope-local-pseudo-hop", params: { host, marker } } };
  if (fields.protocol && LMTP.test(fields.protocol)) {
    return { scope: "internal", reason: { key: "scope-internal-local-delivery", params: { org: org ?? host, protocol } } };
  }
  const authenticated = isAuthenticated(parsed, fields);
  if (!fields.hasFrom) {
    // `by host id X` alone, at the start: the MTA took the message from a local program (an API, a queue).
    if (!fields.protocol && !authenticated && context.isFirstNetworkHop) {
      return { scope: "local", reason: { key: "scope-local-pseudo-hop", params: { host, marker: "no sender and no protocol" } } };
    }
    if (authenticated || context.isFirstNetworkHop) return submission(authenticated, org ?? host, protocol);
    return { scope: "internal", reason: { key: "scope-internal-no-sender", params: { host } } };
  }
  const address = classifyAddress(fields.from.ip);
  const senderName = fields.from.rdns ?? fields.from.helo ?? "";
  if (address === "loopback" || (fields.from.ip === null && sameHostName(senderName, "localhost"))) {
    return { scope: "internal", reason: { key: "scope-internal-loopback", params: { host } } };
  }
  // The start of the chain from inside a network is the author's client or application handing the message in.
  if (address === "private" && context.isFirstNetworkHop && !context.entersRecipientSide) return submission(authenticated, org ?? host, protocol);
  if (address === "private") return { scope: "internal", reason: { key: "scope-internal-private-address", params: { address: fields.from.ip ?? "" } } };
  if (fields.by && sameHostName(senderName, fields.by)) return { scope: "internal", reason: { key: "scope-internal-same-host", params: { host } } };
  if (authenticated) return submission(true, org ?? host, protocol);
  if (org !== null && sameOrg(org, fromOrg)) return { scope: "internal", reason: { key: "scope-internal-same-org", params: { org } } };
  const bareName = fields.from.rdns === null ? bareHostName(fields.from.helo) : null;
  if (bareName && !context.entersRecipientSide) {
    return { scope: "internal", reason: { key: "scope-internal-bare-name", params: { name: bareName, host } } };
  }
  if ((fields.protocol && WEBMAIL.test(fields.protocol)) || (fields.via && /^HTTPS?$/i.test(fields.via))) {
    return { scope: "submission", reason: { key: "scope-submission-webmail", params: { org: org ?? host, protocol } } };
  }
  // A nameless sender at the very start of the chain is the author's own client, unless that would hide the
  // hand-off into the recipient's side, which is always judged.
  if (context.isFirstNetworkHop && fromOrg === null && !context.entersRecipientSide) return submission(false, org ?? host, protocol);
  return { scope: "relay", reason: { key: "scope-relay", params: { fromOrg: fromOrg ?? fields.from.ip ?? "an unnamed sender", org: org ?? host } } };
}

/** A single-label name (`BAY403-EAS373`, `IMSVA`): servers inside one network name each other so; the Internet does not. */
function bareHostName(helo: string | null): string | null {
  return helo !== null && /^[A-Za-z][A-Za-z0-9-]*$/.test(helo) && helo.toLowerCase() !== "localhost" && helo.toLowerCase() !== "unknown" ? helo : null;
}

function submission(authenticated: boolean, org: string, protocol: string): ScopeResult {
  return { scope: "submission", reason: { key: authenticated ? "scope-submission-authenticated" : "scope-submission-client", params: { org, protocol } } };
}
