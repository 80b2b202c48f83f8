/** What the toolbar button shows (icon, tooltip, badge) for a report and for the states around it. */
import type { Report, Verdict } from "../analyzer/types.ts";
import type { Translator } from "../shared/i18n.ts";
import type { LookState } from "../shared/look.ts";
import { iconPath, LOOKS } from "../shared/look.ts";
import type { AddonOptions } from "../shared/options.ts";
import { verdictSummary } from "../shared/summary.ts";
import type { ActionLook } from "./thunderbird.ts";

/** Verdicts that mean "not every hand-off is known to be encrypted": the only ones badged in `problems` mode. */
const PROBLEM_VERDICTS: ReadonlySet<Verdict> = new Set(["weak", "not-encrypted", "unknown"]);

export function reportLook(report: Report, options: AddonOptions, t: Translator): ActionLook {
  const { verdict } = report;
  const badged = options.badgeMode === "always" || PROBLEM_VERDICTS.has(verdict);
  return look(verdict, verdictSummary(report, t), badged ? badgeText(verdict, t) : "");
}

export function neutralLook(messageCount: number, t: Translator): ActionLook {
  const title = messageCount === 0 ? t("title_no_message") : t("title_several_messages", { count: messageCount });
  return look("neutral", title, "");
}

export function analyzingLook(t: Translator): ActionLook {
  return look("neutral", t("title_analyzing"), "");
}

export function errorLook(t: Translator): ActionLook {
  return look("error", t("title_error"), "");
}

function badgeText(verdict: Verdict, t: Translator): string {
  const name = LOOKS[verdict].badge;
  return name ? t(name) : "";
}

function look(state: LookState, title: string, badgeText: string): ActionLook {
  return { icon: iconPath(state), title, badgeText, badgeColor: LOOKS[state].color };
}
