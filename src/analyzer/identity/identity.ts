/**
 * The sending side's identity, from what the receiving server established itself: its peer address (loopback,
 * private, or inside a provider's mail-service ranges) or a name it verified. Anything else the client
 * chose (its HELO) or the receiver merely looked up without confirming is a claim: shown, never an organisation.
 */
import type { IdentityBasis, SenderIdentity } from "../types.ts";
import type { VerifiedNameForm } from "../receivers.ts";
import type { RecordedEndpoint } from "./endpoint.ts";
import { classifyAddress } from "./address.ts";
import { mailServiceOf } from "./mail-service.ts";
import { orgOf } from "./org.ts";

/**
 * The organisations the recorded HELO and reverse-DNS names are in (registrable domains), each worked out at most once
 * per hop, and only when a reader asks: most hops need one of them or none.
 */
export class NameOrgs {
  private heloOrg: string | null | undefined = undefined;
  private rdnsOrg: string | null | undefined = undefined;

  constructor(private readonly endpoint: RecordedEndpoint) {}

  get helo(): string | null {
    if (this.heloOrg === undefined) this.heloOrg = orgOf(this.endpoint.helo);
    return this.heloOrg;
  }

  get rdns(): string | null {
    if (this.rdnsOrg === undefined) this.rdnsOrg = orgOf(this.endpoint.rdns);
    return this.rdnsOrg;
  }
}

export function nameOrgs(endpoint: RecordedEndpoint): NameOrgs {
  return new NameOrgs(endpoint);
}

/** The organisation of one of the endpoint's two names. */
function orgOfName(name: string | null, endpoint: RecordedEndpoint, orgs: NameOrgs): string | null {
  if (name === null) return null;
  return name === endpoint.helo ? orgs.helo : name === endpoint.rdns ? orgs.rdns : orgOf(name);
}

export function identityOf(endpoint: RecordedEndpoint, form: VerifiedNameForm, orgs: NameOrgs): SenderIdentity {
  const ip = recordedAddress(endpoint, form);
  const address = classifyAddress(ip);
  const claimedName = claimedNameOf(endpoint);
  // Loopback by the receiver's record only: a client saying HELO localhost from an address not written is a claim.
  if (address === "loopback" || endpoint.localPeer) return identity(claimedName, null, "loopback");
  if (address === "private") return identity(claimedName, null, "private-address");
  const service = address === "public" ? mailServiceOf(ip) : null;
  if (service) return { name: verifiedName(endpoint, form) ?? claimedName, org: service.org, basis: "mail-service-range", service: service.id };
  const verified = verifiedName(endpoint, form);
  if (verified !== null) return identity(verified, orgOfName(verified, endpoint, orgs), "verified-rdns");
  if (claimedName !== null) return identity(claimedName, null, "helo-claim");
  return identity(null, null, "address-only");
}

/**
 * Whether the receiver wrote the address itself: in its TCP-info; in the word after `from` when the HELO is written
 * apart (Exim's `[ip] (helo=x)`, CommuniGate's `[ip] (HELO x)`) or the receiver's format puts its own record there
 * (Exim). Otherwise `from [10.0.0.2] by …` or `from x(127.0.0.1) by …` may be the client's HELO: an address it claims.
 */
function addressRecorded(endpoint: RecordedEndpoint, form: VerifiedNameForm): boolean {
  return endpoint.ipFrom !== "from-word" || endpoint.heloFrom === "comment" || form === "from-word";
}

/** The peer address as the receiver wrote it, or null when only the client's text holds one. */
export function recordedAddress(endpoint: RecordedEndpoint, form: VerifiedNameForm): string | null {
  return addressRecorded(endpoint, form) ? endpoint.ip : null;
}

function identity(name: string | null, org: string | null, basis: IdentityBasis): SenderIdentity {
  return { name, org, basis, service: null };
}

/** The reverse-DNS name, when the receiver's format shows it confirmed it. */
function verifiedName(endpoint: RecordedEndpoint, form: VerifiedNameForm): string | null {
  const { rdns, rdnsFrom, tcpInfo, helo, heloFrom } = endpoint;
  // Exim leaves out `helo=` when the HELO equals the verified name: `from name ([ip])`.
  if (form === "from-word" && rdns === null && heloFrom === "from-word" && helo !== null && endpoint.heloIsName) return helo;
  if (rdns === null) return null;
  switch (form) {
    case "tcp-info-unless-unknown": // Postfix writes `unknown` for an unconfirmed name, which isName rejects
      return rdnsFrom === "tcp-info" ? rdns : null;
    case "tcp-info-unless-forged":
      return rdnsFrom === "tcp-info" && !tcpInfo?.includes("may be forged") ? rdns : null;
    case "from-word":
      return rdnsFrom === "from-word" ? rdns : null;
    case "none":
      return null;
  }
}

/**
 * The name the client is known by without proof: its HELO when that is a host name, else a reverse-DNS name the
 * receiver did not confirm (which the client's own DNS controls).
 */
function claimedNameOf(endpoint: RecordedEndpoint): string | null {
  if (endpoint.helo !== null && endpoint.heloIsName) return endpoint.helo;
  return endpoint.rdns;
}

/** The organisation a claimed name would put the sender in, for "calls itself part of …" (never an identity). */
export function claimedOrgOf(sender: SenderIdentity, endpoint: RecordedEndpoint, orgs: NameOrgs): string | null {
  return sender.basis === "helo-claim" ? orgOfName(sender.name, endpoint, orgs) : null;
}
