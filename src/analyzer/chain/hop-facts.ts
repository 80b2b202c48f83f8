/** Everything the chain needs to know about one Received value, read once: fields, sender, receiver, TLS. */
import type { SenderIdentity, TlsVersion } from "../types.ts";
import type { ReceivedFields } from "../received/fields.ts";
import { readFields } from "../received/fields.ts";
import type { ScannedReceived } from "../received/scan.ts";
import { commentInitial, scanReceived, zoneBits } from "../received/scan.ts";
import type { RecordedEndpoint } from "../identity/endpoint.ts";
import { readEndpoint } from "../identity/endpoint.ts";
import type { NameOrgs } from "../identity/identity.ts";
import { claimedOrgOf, identityOf, nameOrgs } from "../identity/identity.ts";
import { orgOf } from "../identity/org.ts";
import type { IdentifiedReceiver, ReceiverContext } from "../receivers.ts";
import { identifyReceiver, selfCommentsOf } from "../receivers.ts";
import type { HopTls } from "../tls/hop-tls.ts";
import { hopTls } from "../tls/hop-tls.ts";
import type { PseudoHopMarker } from "./markers.ts";
import { pseudoHopMarker } from "./markers.ts";

export interface HopFacts {
  scanned: ScannedReceived;
  fields: ReceivedFields;
  endpoint: RecordedEndpoint;
  identity: SenderIdentity;
  receiver: IdentifiedReceiver | null;
  /** The receiving host's organisation. */
  org: string | null;
  /** The organisation the sender's claimed name would put it in (never used as its identity). */
  claimedOrg: string | null;
  /** The organisations of the sender's HELO and reverse-DNS names, as recorded (claims: for consistency checks only). */
  nameOrgs: NameOrgs;
  /** The receiver recorded that the client logged in. */
  authenticated: boolean;
  marker: PseudoHopMarker | null;
  tls: HopTls;
}

export function readHop(value: string, baseline: TlsVersion): HopFacts {
  const scanned = scanReceived(value);
  const fields = readFields(scanned);
  const endpoint = readEndpoint(scanned);
  const networkHop = fields.hasFrom && (endpoint.ip !== null || endpoint.helo !== null);
  const receiverContext: ReceiverContext = { scanned, fields, selfComments: selfCommentsOf(scanned), networkHop };
  const receiver = identifyReceiver(receiverContext);
  const orgs = nameOrgs(endpoint);
  const identity = identityOf(endpoint, receiver?.receiver.verifiedName ?? "none", orgs);
  return {
    scanned,
    fields,
    endpoint,
    identity,
    receiver,
    org: orgOf(fields.by),
    claimedOrg: claimedOrgOf(identity, endpoint, orgs),
    nameOrgs: orgs,
    authenticated: isAuthenticated(scanned, fields),
    marker: pseudoHopMarker(scanned, fields, endpoint.ip !== null),
    tls: hopTls(scanned, fields, receiver, receiverContext, baseline),
  };
}

/** sendmail `(authenticated bits=0)`, Postfix `(Authenticated sender: x)`, Kerio `(authenticated user x)`, Courier `(AUTH: …)`. */
const AUTHENTICATED_NOTE = /^\s*(?:authenticated\b|Authenticated sender:|authenticated user\b|AUTH: )/i;
/** Where receivers write that note: never the client's HELO part. */
const AUTH_NOTE_ZONES = zoneBits(["lead", "from", "by", "with", "id", "tls"]);

function isAuthenticated(scanned: ScannedReceived, fields: ReceivedFields): boolean {
  if (fields.protocol?.authenticated) return true;
  const { value } = scanned;
  return scanned.comments.some(
    // Every form of the note starts with an `a`: the pattern is tried only on comments that do.
    (token) =>
      (token.zoneBit & AUTH_NOTE_ZONES) !== 0 &&
      commentInitial(value, token) === 97 &&
      AUTHENTICATED_NOTE.test(value.slice(token.start + 1, Math.min(token.end - 1, token.start + 40))),
  );
}
