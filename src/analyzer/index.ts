export { analyze } from "./analyze.ts";
export { formatReason, REASON_TEXT_EN } from "./reasons.ts";
export type * from "./types.ts";
export { TLS_VERSIONS_ASCENDING } from "./types.ts";
