/**
 * The verdict in one honest line, counting every state ("Not encrypted on 1 of 12 hand-offs; 10 unknown,
 * 1 encrypted"): the popup's headline, the button's tooltip and the deciding connector's name. Read from
 * `report.counts`; plural forms come from the catalogue (`name__one`, `name__other`, …).
 */
import type { Judgement, Report, Verdict } from "../analyzer/types.ts";
import type { Translator } from "./i18n.ts";

/** The state each verdict is about, for the verdicts that judged hand-offs. */
const VERDICT_STATE: Partial<Record<Verdict, Judgement>> = { encrypted: "encrypted", weak: "weak", "not-encrypted": "plaintext", unknown: "unknown" };

/** The other states, worst first, as they follow the main clause. */
const STATES_BY_SEVERITY: readonly Judgement[] = ["plaintext", "weak", "unknown", "encrypted"];

/** Plural messages (`name__one`, `name__other`) chosen by the number of judged hand-offs. */
const MAIN_CLAUSE: Readonly<Record<Judgement, string>> = {
  encrypted: "headline_encrypted",
  weak: "headline_weak",
  plaintext: "headline_plaintext",
  unknown: "headline_unknown",
};

/** Plural messages chosen by the number of hand-offs in that state. */
const COUNT_OF_STATE: Readonly<Record<Judgement, string>> = {
  encrypted: "count_encrypted",
  weak: "count_weak",
  plaintext: "count_plaintext",
  unknown: "count_unknown",
};

/**
 * `headerText` wraps header-derived values (an organisation's name): the popup isolates them, the tooltip strips
 * their bidi controls.
 */
export function headline(report: Report, t: Translator, headerText: (text: string) => string = (text) => text): string {
  const state = VERDICT_STATE[report.verdict];
  if (report.verdict === "internal") return t("headline_internal", { org: orgOf(report, headerText) });
  if (!state || report.counts.total === 0) return t("headline_none");
  const main = t(MAIN_CLAUSE[state], { ...report.counts, count: report.counts.total });
  const others = STATES_BY_SEVERITY.filter((other) => other !== state && report.counts[other] > 0);
  if (others.length === 0) return main;
  const rest = unitList(t.locale).format(others.map((other) => t(COUNT_OF_STATE[other], { count: report.counts[other] })));
  return t("headline_with_rest", { main, rest });
}

export function verdictState(verdict: Verdict): Judgement | null {
  return VERDICT_STATE[verdict] ?? null;
}

function orgOf(report: Report, headerText: (text: string) => string): string | null {
  const name = report.recipientOrg ?? report.route.runs.at(-1)?.name ?? null;
  return name === null ? null : headerText(name);
}

/**
 * "10 unknown, 1 encrypted": a unit list, which joins with commas and no "and" in English. Where a language's unit
 * list is only spaces (Japanese: meant for "1時間 30分"), counts of states would run together: its conjunction list
 * (Japanese: "、", no "and") reads as a list.
 */
const listFormats = new Map<string, Intl.ListFormat>();

export function unitList(locale: string): Intl.ListFormat {
  let format = listFormats.get(locale);
  if (!format) {
    format = new Intl.ListFormat(locale, { type: "unit", style: "short" });
    if (format.format(["a", "b", "c"]) === "a b c") format = new Intl.ListFormat(locale, { type: "conjunction", style: "short" });
    listFormats.set(locale, format);
  }
  return format;
}
