/** The audit page's numbers and durations in the reader's language. */
import type { Translator } from "../shared/i18n.ts";
import type { Progress } from "./progress.ts";

const formats = new Map<string, Intl.NumberFormat>();

function format(locale: string, key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let found = formats.get(`${locale}|${key}`);
  if (!found) formats.set(`${locale}|${key}`, (found = make()));
  return found;
}

/** "2.4 sec", "3 min", "1 hr": one unit, the largest that fits. */
export function duration(ms: number, locale: string): string {
  const seconds = ms / 1000;
  if (seconds < 60)
    return format(locale, "second", () => new Intl.NumberFormat(locale, { style: "unit", unit: "second", maximumFractionDigits: seconds < 10 ? 1 : 0 })).format(
      seconds,
    );
  if (seconds < 3600)
    return format(locale, "minute", () => new Intl.NumberFormat(locale, { style: "unit", unit: "minute", maximumFractionDigits: 0 })).format(
      Math.round(seconds / 60),
    );
  return format(locale, "hour", () => new Intl.NumberFormat(locale, { style: "unit", unit: "hour", maximumFractionDigits: 1 })).format(seconds / 3600);
}

/** "1,234 of 2,013 messages read · 850 per second · about 2 sec left"; before the list's first page, that it is asked for. */
export function progressText(progress: Progress, t: Translator): string {
  if (progress.listed === 0 && !progress.listComplete) return t("audit_progress_listing");
  const parts = [t(progress.listComplete ? "audit_progress_read" : "audit_progress_read_counting", { read: progress.read, count: progress.listed })];
  if (progress.rate !== null) parts.push(t("audit_progress_rate", { rate: Math.round(progress.rate) }));
  parts.push(progress.remainingMs === null ? t("audit_progress_left_unknown") : t("audit_progress_left", { time: duration(progress.remainingMs, t.locale) }));
  return parts.join(" · ");
}
