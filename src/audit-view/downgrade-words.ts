/**
 * A possible downgrade in words, for the popup that shows it (its host wires the memory; see src/audit/memory.ts):
 * what changed against the organisation's history, and the ordinary causes to consider, those the headers show first.
 */
import { versionLabel } from "../analyzer/index.ts";
import type { BenignCause, BenignCauseKind, DowngradeCheck } from "../audit/index.ts";
import { dateText, type Translate } from "./words.ts";

export interface DowngradeWords {
  /** "Possible downgrade: …" with the history's numbers. */
  headline: string;
  /** The benign causes, the detected ones first. */
  causes: string[];
}

const CAUSE_NAME: Readonly<Record<BenignCauseKind, Record<"possible" | "detected", string>>> = {
  "backup-mx": { possible: "audit_cause_backup_mx", detected: "audit_cause_backup_mx" },
  forwarding: { possible: "audit_cause_forwarding", detected: "audit_cause_forwarding" },
  "mailing-list": { possible: "audit_cause_mailing_list", detected: "audit_cause_mailing_list_detected" },
  "tls-required-no": { possible: "audit_cause_tls_required_no", detected: "audit_cause_tls_required_no_detected" },
};

/** Null unless the check found a possible downgrade. */
export function downgradeWords(check: DowngradeCheck, locale: string, t: Translate): DowngradeWords | null {
  if (check.kind !== "possible-downgrade") return null;
  const { history, change } = check;
  const params = { org: history.org, encrypted: history.encrypted, handoffs: history.handoffs, since: dateText(history.since, locale) };
  const headline =
    change.kind === "plaintext"
      ? t("audit_downgrade_plaintext", params)
      : t("audit_downgrade_older_version", { ...params, tls: versionLabel(change.version), usual: versionLabel(change.usual) });
  const ordered = [...check.benignCauses].sort((a: BenignCause, b: BenignCause) => Number(b.detected) - Number(a.detected));
  return { headline, causes: ordered.map((cause) => t(CAUSE_NAME[cause.cause][cause.detected ? "detected" : "possible"])) };
}
