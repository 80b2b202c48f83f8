/** The audit's results view, for the add-on's audit page (mounted by its host) and the CLI's --html page. */
export { AuditView } from "./AuditView.tsx";
export type { AuditViewProps } from "./AuditView.tsx";
export type { ExportFile } from "./download.ts";
export { downloadFile } from "./download.ts";
export type { Translate } from "./words.ts";
export { countLines, headline, senderLabel, shareText, STATE_MARK, stateName } from "./words.ts";
export type { DowngradeWords } from "./downgrade-words.ts";
export { downgradeWords } from "./downgrade-words.ts";
