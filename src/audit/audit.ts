/**
 * The audit aggregate: reports in, counts out, one message at a time, in memory bounded whatever the mailbox size
 * (see LIMITS). Audits made of parts of a mailbox (one per worker) merge into the audit of the whole: below the
 * group and period limits the merge equals a single pass exactly, in any order.
 */
import type { AnalyzeOptions, CutInput, Report, TlsVersion, Verdict } from "../analyzer/index.ts";
import { analyze, TLS_VERSIONS_ASCENDING } from "../analyzer/index.ts";
import { Selection } from "./bounded.ts";
import { readMessageFacts } from "./facts.ts";
import { entryHopOf, flaggedMessage, groupKey, receiptMs, receiptTimeOf, senderGroupOf, stateOf, worstFlaggedHop } from "./observe.ts";
import type {
  AuditMessage,
  AuditOptions,
  AuditResult,
  AuditSettings,
  AuditTotals,
  CipherSeen,
  FlaggedMessage,
  GroupStats,
  MessageRef,
  MessageState,
  PeriodKind,
  PeriodStats,
  SenderGroup,
  SkipReason,
  StateCounts,
  UnreadableEntry,
  VersionCounts,
} from "./types.ts";
import { VERSION_KEYS } from "./types.ts";

/**
 * What one audit holds at most, whatever the mailbox size. Worst cases (every text at its length limit): a sender
 * group ~1 KB, a period ~0.2 KB, a flagged message ~1.5 KB (its facts are cut at 256 characters each), twice the
 * kept number buffered. With the defaults: 10,000 groups ≈ 10 MB, 2 × 2,400 periods ≈ 1 MB, 1,000 flagged ≈ 1.5 MB,
 * 200 unreadable entries ≈ 0.1 MB; about 13 MB in all, and a few hundred KB for a real mailbox.
 */
export const LIMITS = {
  /** Sender groups counted one by one; the ones first seen after this are counted together as `other`. */
  groups: 10_000,
  /** Weeks, and months, counted one by one (46 years of weeks); messages in further periods are counted in `periodsDropped`. */
  periods: 2_400,
  /** Flagged messages kept by default (the newest), and the most an audit may be asked to keep. */
  flaggedDefault: 500,
  flaggedMax: 10_000,
  /** Unreadable messages and inputs listed (the rest counted). */
  unreadable: 100,
} as const;

export interface Audit {
  readonly settings: AuditSettings;
  /** The options to analyze with, so every report of the audit is made the same way. */
  readonly analyzeOptions: AnalyzeOptions;
  /** Analyzes one header block with the audit's options, reads its facts, and adds it; returns the report. */
  /** `cut`: the caller kept only the start of a longer header block (see the analyzer's CutInput). */
  addHeaders(headerBlock: string, ref: MessageRef, cut?: CutInput | null): Report;
  /** Adds a report made with `analyzeOptions` (a host may have one cached) and the facts of its message. */
  add(report: Report, message: AuditMessage): void;
  /** A message passed over unread (expunged by Thunderbird). */
  addSkipped(why: SkipReason): void;
  addUnreadable(entry: UnreadableEntry): void;
  result(): AuditResult;
}

export function createAudit(options: AuditOptions = {}): Audit {
  return new Aggregate(settingsOf(options));
}

/** `2024-01-31`, or a date and time with a zone (`2024-01-31T12:00:00Z`): the forms every engine parses alike. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** Normalised settings; throws RangeError on a `since` that is no instant or a keep count out of range. */
export function settingsOf(options: AuditOptions): AuditSettings {
  const since = options.since === undefined ? null : ISO_DATE.test(options.since) ? Date.parse(options.since) : NaN;
  if (since !== null && !Number.isFinite(since)) throw new RangeError(`since: not an ISO 8601 date: ${options.since ?? ""}`);
  const keepFlagged = options.keepFlagged ?? LIMITS.flaggedDefault;
  if (!Number.isInteger(keepFlagged) || keepFlagged < 0 || keepFlagged > LIMITS.flaggedMax) throw new RangeError(`keepFlagged: 0 to ${LIMITS.flaggedMax}`);
  const minTlsVersion = options.minTlsVersion ?? "TLSv1.2";
  if (!TLS_VERSIONS_ASCENDING.includes(minTlsVersion)) throw new RangeError(`minTlsVersion: one of ${TLS_VERSIONS_ASCENDING.join(", ")}`);
  return {
    trustedDomains: [...(options.trustedDomains ?? [])],
    minTlsVersion,
    since: since === null ? null : new Date(since).toISOString(),
    keepFlagged,
  };
}

const zeroStates = (): StateCounts => ({ encrypted: 0, weak: 0, plaintext: 0, unknown: 0 });
const zeroVerdicts = (): Record<Verdict, number> => ({ encrypted: 0, weak: 0, "not-encrypted": 0, unknown: 0, internal: 0, none: 0 });
const zeroSkipped = (): Record<SkipReason, number> => ({ expunged: 0, "before-since": 0, "undated-since": 0 });
const zeroTotals = (): AuditTotals => ({ messages: 0, counted: 0, internal: 0, none: 0, skipped: zeroSkipped(), unreadable: 0, byDateHeader: 0, undated: 0 });

const newGroup = (key: string, sender: SenderGroup): GroupStats => ({
  key,
  sender,
  messages: 0,
  states: zeroStates(),
  versions: {},
  weakest: null,
  firstPlaintext: null,
  lastPlaintext: null,
});
const newPeriod = (period: string): PeriodStats => ({ period, states: zeroStates(), internal: 0, none: 0, byDateHeader: 0 });

class Aggregate implements Audit {
  readonly analyzeOptions: AnalyzeOptions;
  private readonly since: number | null;
  private readonly totals = zeroTotals();
  private readonly verdicts = zeroVerdicts();
  private readonly states = zeroStates();
  private readonly versions: VersionCounts = {};
  private readonly groups = new Map<string, GroupStats>();
  private readonly periods: Record<PeriodKind, Map<string, PeriodStats>> = { week: new Map(), month: new Map() };
  private readonly periodsDropped: Record<PeriodKind, number> = { week: 0, month: 0 };
  private readonly flagged: Selection<FlaggedMessage>;
  private readonly unreadable = new Selection<UnreadableEntry>(LIMITS.unreadable, compareUnreadable);

  constructor(readonly settings: AuditSettings) {
    this.analyzeOptions = { trustedDomains: settings.trustedDomains, minTlsVersion: settings.minTlsVersion };
    this.since = settings.since === null ? null : Date.parse(settings.since);
    this.flagged = new Selection(settings.keepFlagged, compareFlagged);
  }

  addHeaders(headerBlock: string, ref: MessageRef, cut: CutInput | null = null): Report {
    const report = analyze(headerBlock, cut === null ? this.analyzeOptions : { ...this.analyzeOptions, cutInput: cut });
    this.add(report, { ref, facts: readMessageFacts(headerBlock) });
    return report;
  }

  add(report: Report, message: AuditMessage): void {
    const receipt = receiptTimeOf(report, message.facts);
    const time = receiptMs(receipt);
    if (this.since !== null && (time === null || time < this.since)) {
      this.addSkipped(time === null ? "undated-since" : "before-since");
      return;
    }
    this.totals.messages++;
    this.verdicts[report.verdict]++;
    if (receipt.source === "date-header") this.totals.byDateHeader++;
    if (time === null) this.totals.undated++;
    const state = stateOf(report.verdict);
    const apart = report.verdict === "internal" ? "internal" : "none";
    if (state === null) this.totals[apart]++;
    else this.addCounted(report, message, state);
    if (time !== null) this.addToPeriods(time, state ?? apart, receipt.source === "date-header");
  }

  addSkipped(why: SkipReason): void {
    this.totals.skipped[why]++;
  }

  addUnreadable(entry: UnreadableEntry): void {
    this.totals.unreadable++;
    this.unreadable.add(entry);
  }

  result(): AuditResult {
    return {
      schema: 1,
      settings: this.settings,
      totals: structuredCopy(this.totals),
      verdicts: { ...this.verdicts },
      states: { ...this.states },
      versions: orderedVersions(this.versions),
      groups: sortedValues(this.groups, (group) => group.key).map((group) => structuredCopy({ ...group, versions: orderedVersions(group.versions) })),
      weeks: sortedValues(this.periods.week, (period) => period.period).map(structuredCopy),
      months: sortedValues(this.periods.month, (period) => period.period).map(structuredCopy),
      periodsDropped: { ...this.periodsDropped },
      flagged: copyBounded(this.flagged.take()),
      unreadable: copyBounded(this.unreadable.take()),
    };
  }

  private addCounted(report: Report, message: AuditMessage, state: MessageState): void {
    this.totals.counted++;
    this.states[state]++;
    const sender = senderGroupOf(report);
    const group = this.groupFor(sender);
    group.messages++;
    group.states[state]++;
    const receipt = receiptTimeOf(report, message.facts);
    if (state === "plaintext" && receipt.source !== "none") notePlaintext(group, receipt.time);
    const entry = entryHopOf(report);
    if (entry !== null && entry.tls.status === "encrypted" && entry.judgement !== null) {
      const version = entry.tls.version ?? "unrecorded";
      this.versions[version] = (this.versions[version] ?? 0) + 1;
      group.versions[version] = (group.versions[version] ?? 0) + 1;
      if (entry.tls.cipher !== null)
        noteCipher(group, { cipher: entry.tls.cipher, version: entry.tls.version, bits: entry.tls.bits, weak: entry.judgement === "weak" });
    }
    const worst = worstFlaggedHop(report);
    if (worst !== null) this.flagged.add(flaggedMessage(report, worst, { ref: message.ref, facts: message.facts, receipt, sender }));
  }

  private groupFor(sender: SenderGroup): GroupStats {
    const key = groupKey(sender);
    let group = this.groups.get(key);
    if (group) return group;
    if (this.groups.size >= LIMITS.groups) return this.groupFor({ kind: "other" });
    group = newGroup(key, sender);
    this.groups.set(key, group);
    return group;
  }

  private addToPeriods(time: number, state: MessageState | "internal" | "none", byDateHeader: boolean): void {
    for (const kind of ["week", "month"] as const) {
      const buckets = this.periods[kind];
      const key = periodOf(time, kind);
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= LIMITS.periods) {
          this.periodsDropped[kind]++;
          continue;
        }
        bucket = newPeriod(key);
        buckets.set(key, bucket);
      }
      addToPeriod(bucket, state, byDateHeader);
    }
  }
}

function addToPeriod(bucket: PeriodStats, state: MessageState | "internal" | "none", byDateHeader: boolean): void {
  if (state === "internal" || state === "none") bucket[state]++;
  else bucket.states[state]++;
  if (byDateHeader) bucket.byDateHeader++;
}

const DAY_MS = 86_400_000;

/** The UTC month (`2024-03`), or the Monday that starts the UTC ISO week (`2024-03-04`). */
export function periodOf(time: number, kind: PeriodKind): string {
  if (kind === "month") return new Date(time).toISOString().slice(0, 7);
  const day = Math.floor(time / DAY_MS);
  const sinceMonday = (((day + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  return new Date((day - sinceMonday) * DAY_MS).toISOString().slice(0, 10);
}

function notePlaintext(group: GroupStats, time: string): void {
  if (group.firstPlaintext === null || Date.parse(time) < Date.parse(group.firstPlaintext)) group.firstPlaintext = time;
  if (group.lastPlaintext === null || Date.parse(time) > Date.parse(group.lastPlaintext)) group.lastPlaintext = time;
}

function noteCipher(group: GroupStats, seen: CipherSeen): void {
  if (group.weakest === null || compareWeakness(seen, group.weakest) < 0) group.weakest = seen;
}

const versionRank = (version: TlsVersion | null): number => (version === null ? TLS_VERSIONS_ASCENDING.length : TLS_VERSIONS_ASCENDING.indexOf(version));

/** Weakest first: judged weak, then the older version, then the fewer bits, then the name (a total order, for merging). */
function compareWeakness(a: CipherSeen, b: CipherSeen): number {
  return (
    Number(b.weak) - Number(a.weak) ||
    versionRank(a.version) - versionRank(b.version) ||
    (a.bits ?? Infinity) - (b.bits ?? Infinity) ||
    compareText(a.cipher, b.cipher)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareRefs(a: MessageRef | { kind: "input"; path: string }, b: MessageRef | { kind: "input"; path: string }): number {
  if (a.kind !== b.kind) return compareText(a.kind, b.kind);
  if (a.kind === "thunderbird" && b.kind === "thunderbird") return a.id - b.id;
  if (a.kind === "file" && b.kind === "file") return compareText(a.path, b.path) || a.index - b.index;
  if (a.kind === "input" && b.kind === "input") return compareText(a.path, b.path);
  return 0;
}

/** Receipt times of flagged messages, parsed once: the selection compares each message many times. */
const flaggedTimes = new WeakMap<FlaggedMessage, number>();

function flaggedTime(message: FlaggedMessage): number {
  let time = flaggedTimes.get(message);
  if (time === undefined) flaggedTimes.set(message, (time = receiptMs(message.receipt) ?? -Infinity));
  return time;
}

/** Newest first; undated last; then by where the message is, so the order is total. */
function compareFlagged(a: FlaggedMessage, b: FlaggedMessage): number {
  return flaggedTime(b) - flaggedTime(a) || compareRefs(a.ref, b.ref) || a.hop - b.hop;
}

function compareUnreadable(a: UnreadableEntry, b: UnreadableEntry): number {
  return compareRefs(a.what, b.what) || compareText(a.why, b.why);
}

function sortedValues<T>(map: Map<string, T>, key: (value: T) => string): T[] {
  return [...map.values()].sort((a, b) => compareText(key(a), key(b)));
}

function copyBounded<T>(bounded: { items: T[]; omitted: number }): { items: T[]; omitted: number } {
  return { items: bounded.items.map(structuredCopy), omitted: bounded.omitted };
}

/** A deep copy of plain data, so a result never shares objects with the running aggregate. */
function structuredCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * The audit of several parts of one mailbox, audited with equal settings (each part by its own worker, say).
 * Throws when the settings differ: such audits count different things.
 */
export function mergeAudits(parts: readonly AuditResult[]): AuditResult {
  const [first] = parts;
  if (first === undefined) throw new RangeError("mergeAudits: nothing to merge");
  for (const part of parts)
    if (JSON.stringify(part.settings) !== JSON.stringify(first.settings)) throw new RangeError("mergeAudits: the audits ran with different settings");
  const flagged = new Selection<FlaggedMessage>(first.settings.keepFlagged, compareFlagged);
  const unreadable = new Selection<UnreadableEntry>(LIMITS.unreadable, compareUnreadable);
  for (const part of parts) {
    for (const item of part.flagged.items) flagged.add(structuredCopy(item));
    flagged.addOmitted(part.flagged.omitted);
    for (const item of part.unreadable.items) unreadable.add(structuredCopy(item));
    unreadable.addOmitted(part.unreadable.omitted);
  }
  const weeks = mergePeriods(parts.map((part) => part.weeks));
  const months = mergePeriods(parts.map((part) => part.months));
  const counts = mergeCounts(parts);
  return {
    schema: 1,
    settings: first.settings,
    totals: counts.totals,
    verdicts: sumRecords(
      zeroVerdicts(),
      parts.map((part) => part.verdicts),
    ),
    states: counts.states,
    versions: orderedVersions(
      sumRecords(
        {},
        parts.map((part) => part.versions),
      ),
    ),
    groups: mergeGroups(parts.flatMap((part) => part.groups)).map((group) => ({ ...group, versions: orderedVersions(group.versions) })),
    weeks: weeks.kept,
    months: months.kept,
    periodsDropped: {
      week: parts.reduce((sum, part) => sum + part.periodsDropped.week, 0) + weeks.droppedMessages,
      month: parts.reduce((sum, part) => sum + part.periodsDropped.month, 0) + months.droppedMessages,
    },
    flagged: flagged.take(),
    unreadable: unreadable.take(),
  };
}

/** The counts (totals and states) of several parts of one audit, as `mergeAudits` adds them up. */
export function mergeCounts(parts: readonly Pick<AuditResult, "totals" | "states">[]): Pick<AuditResult, "totals" | "states"> {
  return {
    totals: sumTotals(parts.map((part) => part.totals)),
    states: sumRecords(
      zeroStates(),
      parts.map((part) => part.states),
    ),
  };
}

/** The counts in VERSION_KEYS order, so that the same mailbox gives the same JSON however its messages arrived or were split. */
function orderedVersions(counts: VersionCounts): VersionCounts {
  const ordered: VersionCounts = {};
  for (const key of VERSION_KEYS) if (counts[key] !== undefined) ordered[key] = counts[key];
  return ordered;
}

function sumRecords<K extends string>(into: Partial<Record<K, number>>, records: readonly Partial<Record<K, number>>[]): Record<K, number> {
  for (const record of records) for (const [key, value] of Object.entries(record) as [K, number][]) into[key] = (into[key] ?? 0) + value;
  return into as Record<K, number>;
}

function sumTotals(all: readonly AuditTotals[]): AuditTotals {
  const sum = zeroTotals();
  for (const totals of all) {
    for (const key of ["messages", "counted", "internal", "none", "unreadable", "byDateHeader", "undated"] as const) sum[key] += totals[key];
    sumRecords(sum.skipped, [totals.skipped]);
  }
  return sum;
}

function mergeGroups(groups: readonly GroupStats[]): GroupStats[] {
  const merged = new Map<string, GroupStats>();
  for (const group of groups) {
    const into = merged.get(group.key) ?? newGroup(group.key, group.sender);
    merged.set(group.key, into);
    addGroup(into, group);
  }
  const all = sortedValues(merged, (group) => group.key);
  if (all.length <= LIMITS.groups) return all;
  // Over the limit: keep the largest groups, count the rest as `other`.
  const bySize = [...all].sort((a, b) => b.messages - a.messages || compareText(a.key, b.key));
  const other = newGroup(groupKey({ kind: "other" }), { kind: "other" });
  const kept = bySize.slice(0, LIMITS.groups - 1).filter((group) => group.sender.kind !== "other");
  for (const group of bySize) if (!kept.includes(group)) addGroup(other, group);
  return [...kept, other].sort((a, b) => compareText(a.key, b.key));
}

function addGroup(into: GroupStats, group: GroupStats): void {
  into.messages += group.messages;
  sumRecords(into.states, [group.states]);
  sumRecords(into.versions, [group.versions]);
  if (group.weakest !== null) noteCipher(into, { ...group.weakest });
  if (group.firstPlaintext !== null) notePlaintext(into, group.firstPlaintext);
  if (group.lastPlaintext !== null) notePlaintext(into, group.lastPlaintext);
}

function mergePeriods(lists: readonly PeriodStats[][]): { kept: PeriodStats[]; droppedMessages: number } {
  const merged = new Map<string, PeriodStats>();
  for (const period of lists.flat()) {
    const into = merged.get(period.period) ?? newPeriod(period.period);
    merged.set(period.period, into);
    sumRecords(into.states, [period.states]);
    into.internal += period.internal;
    into.none += period.none;
    into.byDateHeader += period.byDateHeader;
  }
  const all = sortedValues(merged, (period) => period.period);
  if (all.length <= LIMITS.periods) return { kept: all, droppedMessages: 0 };
  const size = (period: PeriodStats) => period.internal + period.none + Object.values(period.states).reduce((sum, n) => sum + n, 0);
  const bySize = [...all].sort((a, b) => size(b) - size(a) || compareText(a.period, b.period));
  const kept = bySize.slice(0, LIMITS.periods);
  const droppedMessages = bySize.slice(LIMITS.periods).reduce((sum, period) => sum + size(period), 0);
  return { kept: kept.sort((a, b) => compareText(a.period, b.period)), droppedMessages };
}
