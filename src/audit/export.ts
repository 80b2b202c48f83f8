/**
 * Exports of an audit, shared by `hoplock audit --csv/--json/--html` and the add-on's audit page so both write the
 * same files. Without `personal`, an export holds no subject, address or Message-ID (they may hold patient data):
 * messages are named by where they are (file and position, or Thunderbird's session id).
 */
import { groupKey } from "./observe.ts";
import type { AuditResult, FlaggedMessage, GroupStats, MessageRef, PeriodKind, PeriodStats, StateCounts } from "./types.ts";
import { MESSAGE_STATES, VERSION_KEYS } from "./types.ts";

export interface ExportOptions {
  /** Keep subjects, From addresses and Message-IDs. */
  personal: boolean;
}

/** The audit as it may leave the machine: personal facts removed unless asked for. */
export function auditForExport(audit: AuditResult, { personal }: ExportOptions): AuditResult {
  if (personal) return audit;
  return { ...audit, flagged: { ...audit.flagged, items: audit.flagged.items.map(withoutPersonalFacts) } };
}

function withoutPersonalFacts(message: FlaggedMessage): FlaggedMessage {
  const ref: MessageRef = message.ref.kind === "thunderbird" ? { ...message.ref, headerMessageId: null } : message.ref;
  return { ...message, ref, facts: null };
}

export type CsvCell = string | number | null;

/**
 * One CSV field. A text starting with `=`, `+`, `-`, `@`, tab or CR is a formula to Excel, LibreOffice and Google
 * Sheets (OWASP "CSV injection"): a leading `'` makes it text. Numbers are ours and written as they are.
 */
export function csvField(cell: CsvCell): string {
  if (cell === null) return "";
  if (typeof cell === "number") return String(cell);
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record per row, without line ends (the CLI writes them as lines; files end them with CR LF). */
export function csvLines(rows: readonly (readonly CsvCell[])[]): string[] {
  return rows.map((row) => row.map(csvField).join(","));
}

export function csvText(rows: readonly (readonly CsvCell[])[]): string {
  return csvLines(rows)
    .map((line) => `${line}\r\n`)
    .join("");
}

const stateTotal = (states: StateCounts): number => MESSAGE_STATES.reduce((sum, state) => sum + states[state], 0);

/** Percent with one decimal; null when there is nothing to divide. */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

/** One row per sender group: counts, shares, versions, weakest cipher and plaintext dates. */
export function groupsCsv(audit: AuditResult): string {
  return csvText(groupRows(audit));
}

export function groupRows(audit: AuditResult): CsvCell[][] {
  const header = [
    "sender",
    "kind",
    "messages",
    ...MESSAGE_STATES,
    ...MESSAGE_STATES.map((state) => `${state}-pct`),
    ...VERSION_KEYS.map((version) => (version === "unrecorded" ? "version-unrecorded" : version)),
    "weakest-cipher",
    "weakest-version",
    "first-plaintext",
    "last-plaintext",
  ];
  const rows = audit.groups.map((group: GroupStats) => [
    groupKey(group.sender),
    group.sender.kind,
    group.messages,
    ...MESSAGE_STATES.map((state) => group.states[state]),
    ...MESSAGE_STATES.map((state) => percent(group.states[state], group.messages)),
    ...VERSION_KEYS.map((version) => group.versions[version] ?? 0),
    group.weakest?.cipher ?? null,
    group.weakest?.version ?? null,
    group.firstPlaintext,
    group.lastPlaintext,
  ]);
  return [header, ...rows];
}

/** One row per week or month. */
export function periodsCsv(audit: AuditResult, kind: PeriodKind): string {
  return csvText(periodRows(audit, kind));
}

export function periodRows(audit: AuditResult, kind: PeriodKind): CsvCell[][] {
  const header = [kind, "counted", ...MESSAGE_STATES, ...MESSAGE_STATES.map((state) => `${state}-pct`), "internal", "no-received", "dated-by-date-header"];
  const periods = kind === "week" ? audit.weeks : audit.months;
  const rows = periods.map((period: PeriodStats) => {
    const counted = stateTotal(period.states);
    return [
      period.period,
      counted,
      ...MESSAGE_STATES.map((state) => period.states[state]),
      ...MESSAGE_STATES.map((state) => percent(period.states[state], counted)),
      period.internal,
      period.none,
      period.byDateHeader,
    ];
  });
  return [header, ...rows];
}

/** One row per kept plaintext or weak message; personal columns only when asked for. */
export function flaggedCsv(audit: AuditResult, options: ExportOptions): string {
  return csvText(flaggedRows(audit, options));
}

export function flaggedRows(audit: AuditResult, { personal }: ExportOptions): CsvCell[][] {
  const header = [
    "received",
    "time-source",
    "verdict",
    "sender",
    "hop",
    "judgement",
    "version",
    "cipher",
    "claimed",
    "location",
    "position",
    ...(personal ? ["message-id", "date", "from", "subject"] : []),
  ];
  const rows = audit.flagged.items.map((message) => [
    message.receipt.source === "none" ? null : message.receipt.time,
    message.receipt.source,
    message.verdict,
    groupKey(message.sender),
    message.hop,
    message.judgement,
    message.version,
    message.cipher,
    message.claimed ? "yes" : "no",
    ...location(message.ref),
    ...(personal ? [message.facts?.messageId ?? null, message.facts?.date ?? null, message.facts?.from ?? null, message.facts?.subject ?? null] : []),
  ]);
  return [header, ...rows];
}

function location(ref: MessageRef): [CsvCell, CsvCell] {
  return ref.kind === "file" ? [ref.path, ref.index] : [`thunderbird:${ref.id}`, null];
}
