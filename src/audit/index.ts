/**
 * The audit of many messages, for the CLI (`hoplock audit`) and the add-on's audit page alike: pure, no browser or
 * Node API, like the analyzer it builds on.
 *
 *   const audit = createAudit({ trustedDomains, minTlsVersion });
 *   for (const { headers, ref } of messages) audit.addHeaders(headers, ref);   // or audit.add(report, { ref, facts })
 *   const result = audit.result();                                            // plain JSON data
 *   mergeAudits([resultOfWorker1, resultOfWorker2]);                           // equals one pass over both parts
 */
export type * from "./types.ts";
export { MESSAGE_STATES, VERSION_KEYS } from "./types.ts";
export type { Audit } from "./audit.ts";
export { createAudit, LIMITS, mergeAudits, mergeCounts, periodOf } from "./audit.ts";
export { MAX_FACT_CHARS, readMessageFacts } from "./facts.ts";
export { groupKey, receiptTimeOf, senderGroupOf, stateOf } from "./observe.ts";
export type { CsvCell, ExportOptions } from "./export.ts";
export { auditForExport, csvField, csvLines, csvText, flaggedCsv, flaggedRows, groupRows, groupsCsv, percent, periodRows, periodsCsv } from "./export.ts";
export type {
  BenignCause,
  BenignCauseKind,
  CorrespondentMemory,
  DowngradeChange,
  DowngradeCheck,
  EntryHandoff,
  EntryHandoffReading,
  History,
  NotJudgedReason,
  NotRememberedReason,
  RecordOutcome,
  SavedMemory,
} from "./memory.ts";
export { DOWNGRADE_RULE, entryHandoffOf, loadMemory, MAX_ORGANISATIONS, MEMORY_BUDGET_BYTES, RECENT_HANDOFFS } from "./memory.ts";
