/** Messages between the add-on's pages and the background (runtime.sendMessage). */
import type { Report } from "../analyzer/types.ts";
import type { DowngradeCheck, EntryHandoff } from "../audit/index.ts";

export const GET_REPORT = "hoplock:getReport";
/** The audit page hands the entry hand-offs it read to the correspondent memory: `{ type, handoffs }`. */
export const RECORD_HANDOFFS = "hoplock:recordHandoffs";
/** The options page clears the correspondent memory: `{ type }`. */
export const CLEAR_MEMORY = "hoplock:clearMemory";

export interface RecordHandoffsRequest {
  type: typeof RECORD_HANDOFFS;
  handoffs: EntryHandoff[];
}

export interface ClearMemoryRequest {
  type: typeof CLEAR_MEMORY;
}

export interface GetReportRequest {
  type: typeof GET_REPORT;
  messageId: number;
}

/** `not-found`: the message no longer exists (deleted, moved); `unreadable`: its headers could not be read. */
export type ReportErrorCode = "not-found" | "unreadable" | "bad-request";

/** What the popup shows as a possible downgrade: the memory's check, when it found one. */
export type PossibleDowngrade = Extract<DowngradeCheck, { kind: "possible-downgrade" }>;

export type ReportReply =
  | { ok: true; messageId: number; subject: string | null; report: Report; downgrade: PossibleDowngrade | null }
  | { ok: false; messageId: number | null; error: { code: ReportErrorCode; message: string } };

/**
 * A reply as it crosses runtime messaging: the report as JSON text. Structured cloning copies a 30-hop report's
 * thousands of small objects one by one at every process boundary (about 8 ms of the popup's wait); a string is one
 * copy, and the background's cache holds that text already.
 */
export type ReportReplyMessage =
  { ok: true; messageId: number; subject: string | null; reportJson: string; downgrade: PossibleDowngrade | null } | Extract<ReportReply, { ok: false }>;

/** Undefined (no listener answered) stays undefined, for the caller to report. */
export function fromReplyMessage(message: ReportReplyMessage | undefined): ReportReply | undefined {
  if (!message?.ok) return message;
  return {
    ok: true,
    messageId: message.messageId,
    subject: message.subject,
    report: JSON.parse(message.reportJson) as Report,
    downgrade: message.downgrade ?? null,
  };
}

/**
 * The running background's page exposes, as this global, the replies it holds in memory: a popup in the same process
 * reaches it through `extension.getBackgroundPage()` and draws its first render without a message round trip.
 */
export const REPLY_AT_HAND = "hoplockReplyAtHand";

export type ReplyAtHand = (messageId: number) => ReportReplyMessage | null;

export function possibleDowngrade(check: DowngradeCheck | null): PossibleDowngrade | null {
  return check?.kind === "possible-downgrade" ? check : null;
}

export function isRecordHandoffsRequest(message: unknown): message is RecordHandoffsRequest {
  return (
    typeof message === "object" &&
    message !== null &&
    (message as { type?: unknown }).type === RECORD_HANDOFFS &&
    Array.isArray((message as { handoffs?: unknown }).handoffs)
  );
}

export function isClearMemoryRequest(message: unknown): message is ClearMemoryRequest {
  return typeof message === "object" && message !== null && (message as { type?: unknown }).type === CLEAR_MEMORY;
}

export function isGetReportRequest(message: unknown): message is GetReportRequest {
  if (typeof message !== "object" || message === null) return false;
  const { type, messageId } = message as Record<string, unknown>;
  return type === GET_REPORT && Number.isInteger(messageId);
}

/**
 * "Help Hoplock read this": the popup asks the background, which holds the analyzer (and its list of known
 * providers), for a Received line with everything personal replaced. The reply is the line, or null when refused.
 */
export const ANONYMISE_LINE = "hoplock:anonymiseLine";

/** A bound on what the popup may send: real Received values are a few hundred characters. */
export const MAX_ANONYMISED_CHARS = 65_536;

export interface AnonymiseLineRequest {
  type: typeof ANONYMISE_LINE;
  line: string;
}

export interface AnonymisedLineReply {
  line: string;
}

export function isAnonymiseLineRequest(message: unknown): message is AnonymiseLineRequest {
  if (typeof message !== "object" || message === null) return false;
  const { type, line } = message as Record<string, unknown>;
  return type === ANONYMISE_LINE && typeof line === "string" && line.length <= MAX_ANONYMISED_CHARS;
}

/** An error's one-line message for display: never a stack trace, never unbounded. */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : typeof error === "string" ? error : "";
  const firstLine = text.split("\n")[0] ?? "";
  return firstLine.length > 200 ? `${firstLine.slice(0, 199)}…` : firstLine;
}
