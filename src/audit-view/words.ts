/**
 * The audit's typed facts in words, from the message catalogue: shared by the audit view (add-on page, CLI --html)
 * and the CLI's text summary, so both say the same things the same way. No DOM here.
 */
import type { Params } from "../analyzer/index.ts";
import { versionLabel } from "../analyzer/index.ts";
import type { AuditResult, GroupStats, MessageRef, MessageState, ReceiptTime, SenderGroup, SkipReason, UnreadableReason, VersionKey } from "../audit/index.ts";
import { percent, VERSION_KEYS } from "../audit/index.ts";

/**
 * What the view and the CLI need of a translator (`createTranslator` from src/shared/i18n.ts, or the English
 * catalogue). Parameter names the analyzer's formatter words itself (`version`, `baseline`, `detail`, ids such as
 * `receiver`) are not used in audit texts.
 */
export type Translate = (name: string, params?: Params) => string;

/** One mark per state, so a state is never told by colour alone: the same marks as `hoplock`'s hop table. */
export const STATE_MARK: Readonly<Record<MessageState, string>> = { encrypted: "✓", weak: "!", plaintext: "✗", unknown: "?" };

const STATE_NAME: Readonly<Record<MessageState, string>> = {
  encrypted: "audit_state_encrypted",
  weak: "audit_state_weak",
  plaintext: "audit_state_plaintext",
  unknown: "audit_state_unknown",
};

/** A plaintext or weak hand-off in the list of messages, as recorded by your side or only claimed by the sender's. */
export const HANDOFF_NAME: Readonly<Record<"plaintext" | "weak", Record<"recorded" | "claimed", string>>> = {
  plaintext: { recorded: "audit_handoff_plaintext", claimed: "audit_handoff_plaintext_claimed" },
  weak: { recorded: "audit_handoff_weak", claimed: "audit_handoff_weak_claimed" },
};

export function stateName(state: MessageState, t: Translate): string {
  return t(STATE_NAME[state]);
}

export function senderLabel(sender: SenderGroup, t: Translate): string {
  switch (sender.kind) {
    case "verified":
      return sender.org;
    case "unverified":
      return t("audit_sender_unverified", { name: sender.name });
    case "no-entry":
      return t("audit_sender_no_entry");
    case "other":
      return t("audit_sender_other");
  }
}

export function versionName(version: VersionKey, t: Translate): string {
  return version === "unrecorded" ? t("audit_version_unrecorded") : versionLabel(version);
}

/** A share as the catalogue writes it (`38.5%`, `38,5 %`), or a dash when there is nothing to divide. */
export function shareText(part: number, whole: number, t: Translate): string {
  const value = percent(part, whole);
  return value === null ? "–" : t("audit_percent", { value });
}

/** The headline: x% crossed a plaintext hand-off; y% unknown (of the messages from other organisations). */
export function headline(audit: Pick<AuditResult, "totals" | "states">, t: Translate): string {
  const { counted } = audit.totals;
  if (counted === 0) return t("audit_headline_empty");
  return t("audit_headline", { plaintext: percent(audit.states.plaintext, counted) ?? 0, unknown: percent(audit.states.unknown, counted) ?? 0 });
}

const SKIPPED_NAME: Readonly<Record<SkipReason, string>> = {
  expunged: "audit_skipped_expunged",
  "before-since": "audit_skipped_before_since",
  "undated-since": "audit_skipped_undated_since",
};

/** The counts beside the headline: how many were counted, how many apart, skipped or unread. */
export function countLines(audit: AuditResult, t: Translate): string[] {
  const { totals } = audit;
  const lines = [t("audit_counted", { count: totals.counted })];
  if (totals.internal + totals.none > 0) lines.push(t("audit_apart", { internal: totals.internal, none: totals.none }));
  for (const [why, name] of Object.entries(SKIPPED_NAME) as [SkipReason, string][]) {
    const count = totals.skipped[why];
    if (count > 0) lines.push(t(name, { count }));
  }
  if (totals.unreadable > 0) lines.push(t("audit_unreadable_count", { count: totals.unreadable }));
  if (totals.undated > 0) lines.push(t("audit_undated", { count: totals.undated }));
  return lines;
}

/** A receipt time in the reader's language, marked when it is only the sender's `Date:`. */
export function receiptText(receipt: ReceiptTime, locale: string, t: Translate): string {
  if (receipt.source === "none") return t("audit_time_none");
  const time = dateTimeFormat(locale).format(new Date(receipt.time));
  return receipt.source === "date-header" ? t("audit_time_date_header", { time }) : time;
}

export function numberText(value: number, locale: string): string {
  return value.toLocaleString(locale);
}

export function dateText(iso: string | null, locale: string): string {
  return iso === null ? "–" : dateFormat(locale).format(new Date(iso));
}

export function locationText(ref: MessageRef, t: Translate): string {
  return ref.kind === "file" ? t("audit_location_file", { path: ref.path, index: ref.index }) : t("audit_location_thunderbird", { id: ref.id });
}

const UNREADABLE_NAME: Readonly<Record<UnreadableReason, string>> = {
  "not-found": "audit_unreadable_not_found",
  "permission-denied": "audit_unreadable_permission_denied",
  "not-mail": "audit_unreadable_not_mail",
  empty: "audit_unreadable_empty",
  "no-mail-found": "audit_unreadable_no_mail_found",
  "io-error": "audit_unreadable_io_error",
  "read-failed": "audit_unreadable_read_failed",
};

export function unreadableText(why: UnreadableReason, detail: string | null, t: Translate): string {
  const text = t(UNREADABLE_NAME[why]);
  return detail === null ? text : t("audit_unreadable_with_detail", { reason: text, info: detail });
}

/** "TLS 1.3 (12), TLS 1.2 (3)": newest version first, unrecorded last. */
export function versionsText(versions: GroupStats["versions"], t: Translate): string {
  const parts = VERSION_KEYS.filter((version) => (versions[version] ?? 0) > 0).map((version) =>
    t("audit_version_count", { tls: versionName(version, t), count: versions[version] ?? 0 }),
  );
  return parts.length > 0 ? parts.join(", ") : "–";
}

export function weakestText(group: GroupStats, t: Translate): string {
  const { weakest } = group;
  if (weakest === null) return "–";
  const version = weakest.version === null ? t("audit_version_unrecorded") : versionLabel(weakest.version);
  return t(weakest.weak ? "audit_weakest_weak" : "audit_weakest", { cipher: weakest.cipher, tls: version });
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(locale: string): Intl.DateTimeFormat {
  let format = dateTimeFormats.get(locale);
  if (!format)
    dateTimeFormats.set(locale, (format = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC", hourCycle: "h23" })));
  return format;
}

function dateFormat(locale: string): Intl.DateTimeFormat {
  let format = dateFormats.get(locale);
  if (!format) dateFormats.set(locale, (format = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" })));
  return format;
}
