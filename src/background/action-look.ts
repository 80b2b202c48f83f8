/**
 * What the toolbar button shows for a report and for the states around it: the lock (its shape and colour), a
 * label that says the state in words, the honest headline as its tooltip, and a number only where it adds one.
 * Header-derived text reaches the tooltip, which cannot isolate it, so bidi controls are stripped.
 */
import type { Report } from "../analyzer/types.ts";
import { stripBidiControls } from "../shared/bidi.ts";
import { headline, verdictState } from "../shared/headline.ts";
import type { Translator } from "../shared/i18n.ts";
import type { LookState } from "../shared/look.ts";
import { iconPath, LOOKS } from "../shared/look.ts";
import type { BadgeMode } from "../shared/options.ts";
import type { PossibleDowngrade } from "../shared/protocol.ts";
import type { ActionLook } from "./thunderbird.ts";

/** Thunderbird clips a badge wider than 20 px: two digits fit, three do not. */
const BADGE_MAX = 99;

/** A possible downgrade marks the badge whatever its mode (it is an alert, not a count) and opens the tooltip. */
const DOWNGRADE_MARK = "↓";

export function reportLook(report: Report, messageId: number, badgeMode: BadgeMode, t: Translator, downgrade: PossibleDowngrade | null = null): ActionLook {
  const line = headline(report, t, stripBidiControls);
  if (downgrade === null) return look(report.verdict, t, line, badgeText(report, badgeMode), messageId);
  const count = badgeText(report, badgeMode);
  return look(
    report.verdict,
    t,
    t("title_possible_downgrade", { headline: line }),
    count.length <= 1 ? `${DOWNGRADE_MARK}${count}` : DOWNGRADE_MARK,
    messageId,
  );
}

/** Several messages or none: the popup asks Thunderbird which are shown and lets the user choose. */
export function neutralLook(messageCount: number, t: Translator): ActionLook {
  const title = messageCount === 0 ? t("title_no_message") : t("title_several_messages", { count: messageCount });
  return look("neutral", t, title, "", null);
}

export function analyzingLook(messageId: number, t: Translator): ActionLook {
  return look("neutral", t, t("title_analyzing"), "", messageId);
}

export function errorLook(messageId: number, t: Translator): ActionLook {
  return look("error", t, t("title_error"), "", messageId);
}

/**
 * The icon and label already name the verdict; the badge adds how many hand-offs it concerns: those in the
 * verdict's state when something is wrong, and (in `always` mode) how many were all encrypted.
 */
export function badgeText(report: Report, mode: BadgeMode): string {
  const state = verdictState(report.verdict);
  if (mode === "never" || state === null) return "";
  if (state === "encrypted" && mode !== "always") return "";
  const count = state === "encrypted" ? report.counts.total : report.counts[state];
  return count > BADGE_MAX ? `${BADGE_MAX}+` : String(count);
}

function look(state: LookState, t: Translator, title: string, badge: string, popupMessage: number | null): ActionLook {
  const label = stripBidiControls(t(LOOKS[state].label));
  return { icon: iconPath(state), label, title: stripBidiControls(title), badgeText: badge, badgeColor: LOOKS[state].color, popupMessage };
}
