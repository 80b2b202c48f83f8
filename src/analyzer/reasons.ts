import type { Reason, ReasonKey } from "./types.ts";

/**
 * English sentences for every reason key. `{name}` is replaced by the reason's parameter of that name.
 * The add-on's `_locales/<lang>/messages.json` carries the same keys (prefixed `reason_`) for other languages.
 */
export const REASON_TEXT_EN: Record<ReasonKey, string> = {
  "tls-recorded": "{receiver} recorded TLS ({detail}).",
  "tls-recorded-any-version": "{receiver} recorded an encrypted connection ({detail}); the exact TLS version was not written down.",
  "tls-silent-always-records": "{receiver} always notes TLS when it is used ({fingerprint}), and this header has no such note: the connection was not encrypted.",
  "tls-silent-unknown-receiver": "No TLS note, but {receiver} is not known to always record TLS: encryption cannot be told either way.",
  "tls-weak-version": "{version} is older than the {baseline} baseline.",
  "tls-weak-cipher": "The cipher {cipher} is considered weak ({why}).",
  "tls-short-key": "Only {bits}-bit encryption was used.",
  "tls-anonymous": "The cipher {cipher} uses anonymous key exchange: encrypted, but the server was not authenticated.",
  "tls-cert-verified": "The sending server presented a certificate that was verified.",
  "tls-cert-not-verified": "No verified certificate was recorded for the sending server ({verify}); opportunistic TLS like this stops eavesdropping, not an active attacker.",
  "scope-local-pseudo-hop": "A hand-over inside {host} with no network transfer ({marker}).",
  "scope-internal-loopback": "Loopback connection inside {host}: the message never left the machine.",
  "scope-internal-private-address": "The sender {address} is a private network address: a hop inside one organisation's network.",
  "scope-internal-same-host": "Sender and receiver are the same host ({host}).",
  "scope-internal-same-org": "Both ends belong to {org}: a hop inside one organisation.",
  "scope-internal-local-delivery": "Final delivery to the mailbox inside {org} ({protocol}).",
  "scope-internal-no-sender": "{host} passed the message on internally without naming a sender.",
  "scope-internal-bare-name": "The sender called itself {name}, a bare network-internal name: a hop inside the organisation running {host}.",
  "scope-submission-authenticated": "The sender's client logged in to {org} to submit the message ({protocol}).",
  "scope-submission-webmail": "The message was written in webmail at {org} ({protocol}).",
  "scope-submission-client": "The sender's client handed the message to {org}.",
  "scope-relay": "Hand-off between organisations: {fromOrg} → {org}.",
  "trust-recipient": "Recorded by your side ({org}): trustworthy.",
  "trust-sender-claimed": "Written before the message reached your side: claimed by {claimant}, who could have forged it.",
  "verdict-none": "The message has no Received headers (a draft, a sent copy or a local message): there is no transport to judge.",
  "verdict-internal": "The message never left {org}: no hand-off between organisations to judge.",
  "verdict-encrypted": "Encrypted on every hand-off between organisations ({count} in all).",
  "verdict-weak": "Encrypted on every hand-off between organisations, but not all of them met the {baseline} baseline.",
  "verdict-not-encrypted": "Not encrypted on at least one hand-off between organisations.",
  "verdict-unknown": "Whether every hand-off between organisations was encrypted cannot be told from the headers.",
  "relay-plaintext": "Hop {index} ({fromOrg} → {org}) was not encrypted: {receiver} always records TLS and recorded none.",
  "relay-unknown": "Hop {index} ({fromOrg} → {org}) left no TLS record and {receiver} is not known to always record TLS.",
  "relay-weak": "Hop {index} ({fromOrg} → {org}) used weak encryption: {why}",
  "relay-encrypted": "Hop {index} ({fromOrg} → {org}) was encrypted ({detail}).",
  "relies-on-sender-claims": "Hops before {org} received the message are known only from headers written by {claimant}; your side cannot check them.",
  "no-recipient-hop": "No header could be attributed to your own provider, so every record is only claimed.",
  "leg-submission-encrypted": "The sender's own connection to {org} was encrypted ({detail}).",
  "leg-submission-plaintext": "The sender's own connection to {org} was not encrypted.",
  "leg-submission-unknown": "How the sender's client connected to {org} is not recorded.",
  "leg-submission-not-recorded": "The headers do not show how the sender's client connected to its provider.",
  "leg-download": "Your own download of the message (IMAP/POP) is not part of these headers: check your account's connection security.",
  "inconsistent-chain": "Hop {index} was received by {by}, but the next hop says it came from {nextFrom}: the chain is broken here (a hop is missing or a header was forged).",
  "time-backwards": "Hop {index} is dated {seconds} s before the previous one: the clocks disagree or a header was forged.",
  "unparsed-header": "Received header {index} could not be understood and was skipped: {excerpt}",
};

/** Renders a reason as an English sentence. Unknown placeholders are left visible rather than dropped. */
export function formatReason(reason: Reason, catalogue: Record<string, string> = REASON_TEXT_EN): string {
  const template = catalogue[reason.key] ?? reason.key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = reason.params[name];
    return value === undefined ? whole : String(value);
  });
}
