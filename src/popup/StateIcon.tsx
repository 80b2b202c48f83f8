/**
 * The lock of a state, drawn by popup.css (`.state-<state>` uses icons/lock-<state>.svg) rather than an <img>: it is
 * decoration next to text that says the same, so it stays out of the accessibility tree and out of the content.
 */
import type { LookState } from "../shared/look.ts";

export function StateIcon({ state, large = false }: { state: LookState; large?: boolean }) {
  return <span class={`state-icon state-${state}${large ? " state-icon-large" : ""}`} aria-hidden="true" />;
}
