export { analyze, MAX_RECEIVED } from "./analyze.ts";
export { ENGLISH, formatMessage, formatReason, formatWarning, reasonMessageName, versionLabel } from "./format.ts";
export type { Catalogue, MessageLookup, Params } from "./format.ts";
export type * from "./types.ts";
export { TLS_VERSIONS_ASCENDING } from "./types.ts";
export { DIALECT_IDS } from "./tls/dialects/index.ts";
export { KNOWN_RECEIVERS } from "./receivers.ts";
export { anonymiseReceived } from "./anonymise.ts";
