/** What the CLI and the page agree on: where the page finds its audit. */
export const AUDIT_DATA_ID = "hoplock-audit-data";
