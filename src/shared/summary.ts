/** The verdict as one sentence (toolbar tooltip, popup headline), derived from the report's hand-offs. */
import type { Hop, Report, TlsVersion } from "../analyzer/types.ts";
import { TLS_VERSIONS_ASCENDING } from "../analyzer/types.ts";
import type { Translator } from "./i18n.ts";
import { versionLabel } from "./look.ts";

export function verdictSummary(report: Report, t: Translator): string {
  const relays = report.hops.filter((hop) => hop.scope === "relay");
  const count = relays.length;
  switch (report.verdict) {
    case "none":
      return t("summary_none");
    case "internal":
      return t("summary_internal", { org: report.recipientOrg ?? report.hops.at(-1)?.by ?? "?" });
    case "encrypted":
      return t(count === 1 ? "summary_encrypted_one" : count === 2 ? "summary_encrypted_two" : "summary_encrypted_many", { count, versions: versionsNote(relays, t) });
    case "weak":
      return t(count === 1 ? "summary_weak_one" : "summary_weak", { weak: relays.filter(isWeak).length, count, baseline: versionLabel(report.baseline) });
    case "not-encrypted":
      return t(count === 1 ? "summary_not_encrypted_one" : "summary_not_encrypted", { plain: relays.filter((hop) => hop.tls.status === "plaintext").length, count });
    case "unknown":
      return t(count === 1 ? "summary_unknown_one" : "summary_unknown", { unknown: relays.filter((hop) => hop.tls.status === "unknown").length, count });
  }
}

function isWeak(hop: Hop): boolean {
  return hop.tls.status === "encrypted" && hop.tls.weaknesses.length > 0;
}

/** "TLS 1.2, TLS 1.3", oldest first; says so when no hand-off recorded its version. */
function versionsNote(relays: readonly Hop[], t: Translator): string {
  const versions = new Set<TlsVersion>();
  for (const hop of relays) if (hop.tls.version) versions.add(hop.tls.version);
  if (versions.size === 0) return t("summary_versions_unrecorded");
  const list = TLS_VERSIONS_ASCENDING.filter((v) => versions.has(v)).map(versionLabel).join(", ");
  return t("summary_versions", { list });
}
