/**
 * Correspondent memory: per verified sender organisation, how its hand-offs into your side went, so a message that
 * arrives in plaintext (or two TLS versions lower) from an organisation that nearly always encrypted can be flagged
 * as a possible downgrade. Pure logic over plain data; the add-on stores `save()` in `storage.local`.
 *
 * Only the entry hand-off (written by your side, from an identity your side verified) feeds or triggers it: a HELO
 * claim could name any organisation. "Earlier" means received before this message, by the newest Received's time
 * (your side's clock, never the sender's `Date:`), so a message is never part of its own baseline.
 *
 * Bounds (checked by test/audit/memory.test.ts against MEMORY_BUDGET_BYTES):
 * - at most MAX_ORGANISATIONS organisations; a new one evicts the one whose newest hand-off is the oldest;
 * - per organisation, the RECENT_HANDOFFS newest hand-offs one by one and the older ones as counters, with the time
 *   that separates them; a message received before that time cannot be judged (its baseline is not separable);
 * - messages recorded once only, by a two-generation Bloom filter (see seen-filter.ts: ≥ 20,000 newest messages,
 *   false positives ≤ 0.2%, which leave a message out of the history).
 */
import type { Report, TlsVersion } from "../analyzer/index.ts";
import { TLS_VERSIONS_ASCENDING } from "../analyzer/index.ts";
import { entryHopOf, verifiedSenderOf } from "./observe.ts";
import { type Fingerprint, fingerprintOf, type SavedSeenFilter, SeenFilter } from "./seen-filter.ts";
import type { MessageFacts, VerifiedBasis, VersionCounts, VersionKey } from "./types.ts";

export const MAX_ORGANISATIONS = 500;
export const RECENT_HANDOFFS = 32;
/** What `save()` may take in storage, measured as `storage.local` does: the JSON text plus the key's length. */
export const MEMORY_BUDGET_BYTES = 1_000_000;

/** The rule's thresholds (issue 10): at least 5 earlier hand-offs, at least 95% of them encrypted, two versions down. */
export const DOWNGRADE_RULE = { minHandoffs: 5, minEncryptedShare: 0.95, versionsDown: 2 } as const;

/** The hand-off into your side, as the memory reads it. */
export interface EntryHandoff {
  org: string;
  basis: VerifiedBasis;
  /** Your side's receipt time (the newest Received), epoch seconds. */
  receivedAt: number;
  hop: number;
  status: "encrypted" | "plaintext" | "unknown";
  /** Null for an encrypted hand-off whose header named no version (and for the others). */
  version: TlsVersion | null;
  fingerprint: Fingerprint;
  tlsRequiredNo: boolean;
  mailingList: boolean;
}

export type NotRememberedReason = "no-entry-handoff" | "not-recipient-recorded" | "unverified-sender" | "no-receipt-time";

export type EntryHandoffReading = { kind: "handoff"; handoff: EntryHandoff } | { kind: "not-remembered"; why: NotRememberedReason };

/** The entry hand-off of a message, when the memory may use it. */
export function entryHandoffOf(report: Report, facts: MessageFacts): EntryHandoffReading {
  const hop = entryHopOf(report);
  if (hop === null || hop.judgement === null) return { kind: "not-remembered", why: "no-entry-handoff" };
  if (hop.trust !== "recipient" || hop.restsOnClaim !== null) return { kind: "not-remembered", why: "not-recipient-recorded" };
  const sender = verifiedSenderOf(hop);
  if (sender === null) return { kind: "not-remembered", why: "unverified-sender" };
  const { org, basis } = sender;
  const newest = report.hops.at(-1);
  const receivedMs = newest?.time ? Date.parse(newest.time) : NaN;
  if (!Number.isFinite(receivedMs)) return { kind: "not-remembered", why: "no-receipt-time" };
  const identity = [org.toLowerCase(), facts.messageId ?? "", newest?.raw ?? "", hop.raw].join("\n");
  return {
    kind: "handoff",
    handoff: {
      org: org.toLowerCase(),
      basis,
      receivedAt: Math.floor(receivedMs / 1000),
      hop: hop.index,
      status: hop.tls.status,
      version: hop.tls.status === "encrypted" ? hop.tls.version : null,
      fingerprint: fingerprintOf(identity),
      tlsRequiredNo: facts.tlsRequiredNo,
      mailingList: facts.mailingList,
    },
  };
}

/** An organisation's earlier hand-offs, as the check saw them. */
export interface History {
  org: string;
  handoffs: number;
  encrypted: number;
  /** Versions of the earlier encrypted hand-offs (`unrecorded` when none was named). */
  versions: VersionCounts;
  /** The highest version recorded in at least half of the earlier encrypted hand-offs; null when no version is. */
  usualVersion: TlsVersion | null;
  /** Receipt time of the oldest hand-off counted (ISO 8601). */
  since: string | null;
}

/** Ordinary reasons for a one-off plaintext or older-TLS hand-off; `detected` when this message's headers show it. */
export type BenignCauseKind = "backup-mx" | "forwarding" | "mailing-list" | "tls-required-no";

export interface BenignCause {
  cause: BenignCauseKind;
  detected: boolean;
}

export type DowngradeChange = { kind: "plaintext" } | { kind: "older-version"; version: TlsVersion; usual: TlsVersion };

export type NotJudgedReason =
  /** No earlier hand-off from this organisation is remembered. */
  | "no-history"
  /** The message was received before hand-offs the memory keeps only as counters: its baseline cannot be separated. */
  | "older-than-history"
  | "too-few-handoffs"
  | "not-mostly-encrypted";

export type DowngradeCheck =
  | { kind: "possible-downgrade"; change: DowngradeChange; history: History; benignCauses: BenignCause[] }
  | { kind: "no-downgrade"; history: History }
  | { kind: "not-judged"; why: NotJudgedReason; history: History | null };

export type RecordOutcome = "recorded" | "duplicate";

export interface CorrespondentMemory {
  /** Compares a hand-off with its organisation's hand-offs received before it; changes nothing. */
  check(handoff: EntryHandoff): DowngradeCheck;
  /** Adds a hand-off to its organisation's history, once per message. */
  record(handoff: EntryHandoff): RecordOutcome;
  clear(): void;
  /** The form to store; `loadMemory` reads it back. */
  save(): SavedMemory;
  readonly organisations: number;
}

/** One hand-off: [receipt time in epoch seconds, code]; code -2 unknown, -1 plaintext, 0 encrypted without version, 1-6 TLS_VERSIONS_ASCENDING[code - 1]. */
type SavedHandoff = [number, number];

interface Tally {
  handoffs: number;
  encrypted: number;
  /** Encrypted hand-offs per code 0-6 (see SavedHandoff). */
  versions: number[];
  /** Receipt time of the oldest hand-off counted here (epoch seconds), null while empty. */
  first: number | null;
  /** Every hand-off counted here was received at or before this time; null while empty. */
  until: number | null;
}

interface SavedOrganisation {
  org: string;
  /** Newest hand-off from it (epoch seconds): eviction takes the organisation with the oldest. */
  newest: number;
  older: Tally;
  /** The newest hand-offs, oldest first, all received after `older.until`. */
  recent: SavedHandoff[];
}

export interface SavedMemory {
  version: 1;
  organisations: SavedOrganisation[];
  seen: SavedSeenFilter;
}

/** A memory from what `save()` returned, or an empty one when `saved` is missing or not in this version's form. */
export function loadMemory(saved?: unknown): CorrespondentMemory {
  const restored = restore(saved);
  return new Memory(restored?.organisations ?? new Map<string, SavedOrganisation>(), restored?.seen ?? SeenFilter.empty());
}

const UNKNOWN = -2;
const PLAINTEXT = -1;

function codeOf(handoff: Pick<EntryHandoff, "status" | "version">): number {
  if (handoff.status === "unknown") return UNKNOWN;
  if (handoff.status === "plaintext") return PLAINTEXT;
  return handoff.version === null ? 0 : TLS_VERSIONS_ASCENDING.indexOf(handoff.version) + 1;
}

const emptyTally = (): Tally => ({ handoffs: 0, encrypted: 0, versions: [0, 0, 0, 0, 0, 0, 0], first: null, until: null });

function count(tally: Tally, [time, code]: SavedHandoff): void {
  tally.handoffs++;
  if (code >= 0) {
    tally.encrypted++;
    tally.versions[code] = (tally.versions[code] ?? 0) + 1;
  }
  tally.first = tally.first === null ? time : Math.min(tally.first, time);
  tally.until = tally.until === null ? time : Math.max(tally.until, time);
}

class Memory implements CorrespondentMemory {
  constructor(
    private organisationsByName: Map<string, SavedOrganisation>,
    private seen: SeenFilter,
  ) {}

  get organisations(): number {
    return this.organisationsByName.size;
  }

  check(handoff: EntryHandoff): DowngradeCheck {
    const remembered = this.organisationsByName.get(handoff.org);
    if (!remembered) return { kind: "not-judged", why: "no-history", history: null };
    const { older } = remembered;
    if (older.until !== null && handoff.receivedAt <= older.until) return { kind: "not-judged", why: "older-than-history", history: null };
    const earlier = { ...older, versions: [...older.versions] };
    for (const entry of remembered.recent) if (entry[0] < handoff.receivedAt) count(earlier, entry);
    const history = historyOf(handoff.org, earlier);
    if (history.handoffs < DOWNGRADE_RULE.minHandoffs) return { kind: "not-judged", why: "too-few-handoffs", history };
    if (history.encrypted < DOWNGRADE_RULE.minEncryptedShare * history.handoffs) return { kind: "not-judged", why: "not-mostly-encrypted", history };
    const change = changeOf(handoff, history);
    if (change === null) return { kind: "no-downgrade", history };
    return { kind: "possible-downgrade", change, history, benignCauses: benignCausesOf(handoff) };
  }

  record(handoff: EntryHandoff): RecordOutcome {
    if (this.seen.has(handoff.fingerprint)) return "duplicate";
    this.seen.add(handoff.fingerprint);
    const remembered = this.organisationsByName.get(handoff.org) ?? this.admit(handoff.org);
    const entry: SavedHandoff = [handoff.receivedAt, codeOf(handoff)];
    remembered.newest = Math.max(remembered.newest, handoff.receivedAt);
    if (remembered.older.until !== null && handoff.receivedAt <= remembered.older.until) {
      count(remembered.older, entry); // older than what is kept one by one: counted, the order does not matter there
      return "recorded";
    }
    const at = remembered.recent.findIndex(([time]) => time > handoff.receivedAt);
    remembered.recent.splice(at === -1 ? remembered.recent.length : at, 0, entry);
    while (remembered.recent.length > RECENT_HANDOFFS) count(remembered.older, remembered.recent.shift() as SavedHandoff);
    return "recorded";
  }

  clear(): void {
    this.organisationsByName = new Map();
    this.seen = SeenFilter.empty();
  }

  save(): SavedMemory {
    const organisations = [...this.organisationsByName.values()].map((saved) => ({
      ...saved,
      older: { ...saved.older, versions: [...saved.older.versions] },
      recent: saved.recent.map(([time, code]): SavedHandoff => [time, code]),
    }));
    return { version: 1, organisations, seen: this.seen.save() };
  }

  /** A place for a new organisation, evicting the one heard from least recently when full. */
  private admit(org: string): SavedOrganisation {
    if (this.organisationsByName.size >= MAX_ORGANISATIONS) {
      let stalest: SavedOrganisation | null = null;
      for (const candidate of this.organisationsByName.values()) {
        if (stalest === null || candidate.newest < stalest.newest || (candidate.newest === stalest.newest && candidate.org < stalest.org)) stalest = candidate;
      }
      if (stalest) this.organisationsByName.delete(stalest.org);
    }
    const fresh: SavedOrganisation = { org, newest: 0, older: emptyTally(), recent: [] };
    this.organisationsByName.set(org, fresh);
    return fresh;
  }
}

function historyOf(org: string, tally: Tally): History {
  const versions: VersionCounts = {};
  tally.versions.forEach((n, code) => {
    if (n > 0) versions[versionKeyOf(code)] = n;
  });
  return {
    org,
    handoffs: tally.handoffs,
    encrypted: tally.encrypted,
    versions,
    usualVersion: usualVersionOf(tally),
    since: tally.first === null ? null : new Date(tally.first * 1000).toISOString(),
  };
}

function versionKeyOf(code: number): VersionKey {
  return code === 0 ? "unrecorded" : (TLS_VERSIONS_ASCENDING[code - 1] as TlsVersion);
}

/** The highest version that at least half of the encrypted hand-offs recorded (with a 50/50 split, the higher one). */
function usualVersionOf(tally: Tally): TlsVersion | null {
  for (let code = TLS_VERSIONS_ASCENDING.length; code >= 1; code--) {
    if (tally.encrypted > 0 && 2 * (tally.versions[code] ?? 0) >= tally.encrypted) return TLS_VERSIONS_ASCENDING[code - 1] ?? null;
  }
  return null;
}

/** Plaintext, or a recorded version at least two below the usual one; an unknown or version-less hand-off is no change. */
function changeOf(handoff: EntryHandoff, history: History): DowngradeChange | null {
  if (handoff.status === "plaintext") return { kind: "plaintext" };
  if (handoff.status !== "encrypted" || handoff.version === null || history.usualVersion === null) return null;
  const drop = TLS_VERSIONS_ASCENDING.indexOf(history.usualVersion) - TLS_VERSIONS_ASCENDING.indexOf(handoff.version);
  return drop >= DOWNGRADE_RULE.versionsDown ? { kind: "older-version", version: handoff.version, usual: history.usualVersion } : null;
}

/** Backup MX and forwarding leave no reliable trace in the headers, so they are always offered; the others are read. */
function benignCausesOf(handoff: EntryHandoff): BenignCause[] {
  return [
    { cause: "backup-mx", detected: false },
    { cause: "forwarding", detected: false },
    { cause: "mailing-list", detected: handoff.mailingList },
    { cause: "tls-required-no", detected: handoff.tlsRequiredNo },
  ];
}

function restore(saved: unknown): { organisations: Map<string, SavedOrganisation>; seen: SeenFilter } | null {
  if (typeof saved !== "object" || saved === null) return null;
  const { version, organisations, seen } = saved as Record<string, unknown>;
  if (version !== 1 || !Array.isArray(organisations) || organisations.length > MAX_ORGANISATIONS) return null;
  const filter = SeenFilter.restore(seen);
  const checked: unknown[] = organisations;
  if (filter === null || !checked.every(isSavedOrganisation)) return null;
  return { organisations: new Map(checked.map((organisation) => [organisation.org, organisation])), seen: filter };
}

const isTime = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value);
const isCount = (value: unknown): value is number => isTime(value) && value >= 0;

function isSavedOrganisation(value: unknown): value is SavedOrganisation {
  if (typeof value !== "object" || value === null) return false;
  const { org, newest, older, recent } = value as Record<string, unknown>;
  return (
    typeof org === "string" &&
    org.length <= 255 &&
    isTime(newest) &&
    isTally(older) &&
    Array.isArray(recent) &&
    recent.length <= RECENT_HANDOFFS &&
    recent.every(isSavedHandoff)
  );
}

function isTally(value: unknown): value is Tally {
  if (typeof value !== "object" || value === null) return false;
  const { handoffs, encrypted, versions, first, until } = value as Record<string, unknown>;
  return (
    isCount(handoffs) &&
    isCount(encrypted) &&
    Array.isArray(versions) &&
    versions.length === 7 &&
    versions.every(isCount) &&
    (first === null || isTime(first)) &&
    (until === null || isTime(until))
  );
}

function isSavedHandoff(value: unknown): value is SavedHandoff {
  return Array.isArray(value) && value.length === 2 && isTime(value[0]) && isTime(value[1]) && value[1] >= UNKNOWN && value[1] <= TLS_VERSIONS_ASCENDING.length;
}
