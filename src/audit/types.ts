/**
 * The audit: what many reports say together. Everything here is plain JSON data (workers post it, the add-on stores
 * it, `hoplock audit --json` prints it) and typed facts; sentences are written at the edge from `_locales`.
 */
import type { AnalyzeOptions, Judgement, TlsVersion, Verdict } from "../analyzer/index.ts";
import { TLS_VERSIONS_ASCENDING } from "../analyzer/index.ts";

/** A counted message's state: its verdict among messages that crossed organisations. `not-encrypted` reads `plaintext`. */
export type MessageState = "encrypted" | "weak" | "plaintext" | "unknown";

export const MESSAGE_STATES: readonly MessageState[] = ["encrypted", "weak", "plaintext", "unknown"];

export type StateCounts = Record<MessageState, number>;

/** Where a message came from, so a host can open it again. */
export type MessageRef =
  /** The CLI: a file (`-` for standard input) and the message's 1-based position in it. */
  | { kind: "file"; path: string; index: number }
  /** The add-on: Thunderbird's id for this session, and the Message-ID header that outlives it. */
  | { kind: "thunderbird"; id: number; headerMessageId: string | null };

/** What the header block says about the message itself, beyond its Received chain (values as written, shortened). */
export interface MessageFacts {
  messageId: string | null;
  subject: string | null;
  from: string | null;
  /** The `Date:` value as written. */
  date: string | null;
  /** `Date:` as an ISO 8601 instant, when it could be read. */
  dateTime: string | null;
  /** `TLS-Required: No` (RFC 8689): the sender asked that TLS policies be ignored for this message. */
  tlsRequiredNo: boolean;
  /** A `List-Id:` header (RFC 2919): the message came through a mailing list. */
  mailingList: boolean;
}

export interface AuditMessage {
  ref: MessageRef;
  facts: MessageFacts;
}

/** Identity bases the analyzer establishes from what the receiver saw itself, never from what the client said. */
export type VerifiedBasis = "verified-rdns" | "mail-service-range";

/**
 * Who handed the message into your side (the report's entry hop). Only a verified identity names an organisation;
 * a hand-off known by a HELO claim or an address alone is `unverified`, whatever organisation the claim names.
 */
export type SenderGroup =
  | { kind: "verified"; org: string; basis: VerifiedBasis }
  | { kind: "unverified"; name: string }
  /** No hand-off into your side was found (the report's entryHop is null). */
  | { kind: "no-entry" }
  /** Sender groups beyond the audit's group limit, counted together. */
  | { kind: "other" };

/** When the message reached your side: the newest Received's time, else the sender's `Date:` (marked), else none. */
export type ReceiptTime = { source: "received" | "date-header"; time: string } | { source: "none" };

/** TLS versions recorded on encrypted hand-offs into your side; `unrecorded` when the header named none. */
export type VersionKey = TlsVersion | "unrecorded";

export type VersionCounts = Partial<Record<VersionKey, number>>;

/** Version keys newest first, unrecorded last: the order every count of versions is listed in (output never depends on arrival). */
export const VERSION_KEYS: readonly VersionKey[] = [...[...TLS_VERSIONS_ASCENDING].reverse(), "unrecorded"];

/** The weakest encryption recorded on a hand-off into your side from one sender group. */
export interface CipherSeen {
  cipher: string;
  version: TlsVersion | null;
  bits: number | null;
  /** The hand-off was judged weak (old version, weak cipher or short key). */
  weak: boolean;
}

export interface GroupStats {
  /** `google.com`, `unverified: mail.example.net`, `no-entry`, `other`: unique, also the sort key. */
  key: string;
  sender: SenderGroup;
  messages: number;
  /** Message states (the verdicts), so a row's shares add up like the headline's. */
  states: StateCounts;
  /** Versions of the encrypted hand-offs into your side. */
  versions: VersionCounts;
  weakest: CipherSeen | null;
  /** Receipt times of the first and last message in state `plaintext`. */
  firstPlaintext: string | null;
  lastPlaintext: string | null;
}

export type PeriodKind = "week" | "month";

export interface PeriodStats {
  /** `2024-03` for a month; the Monday `2024-03-04` for an ISO week (UTC). */
  period: string;
  states: StateCounts;
  internal: number;
  none: number;
  /** Messages placed here by their `Date:` header because no Received time could be read. */
  byDateHeader: number;
}

/** A message that crossed a plaintext or weak hand-off. */
export interface FlaggedMessage {
  ref: MessageRef;
  /** Null in exports made without personal data (subjects, addresses, Message-IDs). */
  facts: MessageFacts | null;
  receipt: ReceiptTime;
  verdict: Verdict;
  sender: SenderGroup;
  /** The worst such hand-off: the first plaintext one, else the first weak one. */
  hop: number;
  judgement: Extract<Judgement, "plaintext" | "weak">;
  version: TlsVersion | null;
  cipher: string | null;
  /** The hand-off was recorded before your side: the sender's word only. */
  claimed: boolean;
}

export type SkipReason =
  /** Thunderbird deleted it (X-Mozilla-Status expunged) and keeps it until the folder is compacted. */
  | "expunged"
  /** Received before the audit's `since`. */
  | "before-since"
  /** No receipt time and no readable `Date:`, so it cannot be compared with `since`. */
  | "undated-since";

export type UnreadableReason = "not-found" | "permission-denied" | "not-mail" | "empty" | "no-mail-found" | "io-error" | "read-failed";

/** What could not be read: a whole input (a file, a directory) or one message. */
export type UnreadableSubject = MessageRef | { kind: "input"; path: string };

export interface UnreadableEntry {
  what: UnreadableSubject;
  why: UnreadableReason;
  /** An errno code or the host's one-line error, for `io-error` and `read-failed`. */
  detail: string | null;
}

/** A list kept to a bound, with how many entries were left out. */
export interface Bounded<T> {
  items: T[];
  omitted: number;
}

export interface AuditOptions extends AnalyzeOptions {
  /** Messages received before this instant (ISO 8601) are skipped and counted as skipped. */
  since?: string | undefined;
  /** Flagged messages kept (the newest); default 500. */
  keepFlagged?: number | undefined;
}

/** The options an audit ran with, normalised: two audits merge only when these are equal. */
export interface AuditSettings {
  trustedDomains: string[];
  minTlsVersion: TlsVersion;
  since: string | null;
  keepFlagged: number;
}

export interface AuditTotals {
  /** Messages analysed (skipped and unreadable ones are not). */
  messages: number;
  /** Messages that crossed organisations: the denominator of every share. */
  counted: number;
  /** Never left one organisation: counted apart. */
  internal: number;
  /** No Received header: counted apart. */
  none: number;
  skipped: Record<SkipReason, number>;
  unreadable: number;
  /** Messages dated by `Date:` because no Received time could be read, and those with no date at all. */
  byDateHeader: number;
  undated: number;
}

export interface AuditResult {
  schema: 1;
  settings: AuditSettings;
  totals: AuditTotals;
  verdicts: Record<Verdict, number>;
  /** States of the counted messages. */
  states: StateCounts;
  /** Versions of the encrypted hand-offs into your side, over all counted messages. */
  versions: VersionCounts;
  /** Sorted by key. */
  groups: GroupStats[];
  /** Sorted by period; at most LIMITS.periods of each kind. */
  weeks: PeriodStats[];
  months: PeriodStats[];
  /** Dated messages left out of each series because it reached its limit. */
  periodsDropped: Record<PeriodKind, number>;
  /** Newest first. */
  flagged: Bounded<FlaggedMessage>;
  unreadable: Bounded<UnreadableEntry>;
}
