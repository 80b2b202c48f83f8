import type { AnalyzeOptions, Report } from "./types.ts";

/** TEMPORARY STUB (being replaced by the real analyzer): returns an empty report. */
export function analyze(rawHeaders: string, options: AnalyzeOptions = {}): Report {
  void rawHeaders;
  return {
    verdict: "none",
    reasons: [{ key: "verdict-none", params: {} }],
    hops: [],
    recipientOrg: null,
    orgPath: [],
    legs: { submission: "not-recorded", download: "not-recorded" },
    baseline: options.minTlsVersion ?? "TLSv1.2",
    warnings: [],
  };
}
