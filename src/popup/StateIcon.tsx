/**
 * The lock of a state, drawn by popup.css (`.state-<state>` uses icons/lock-<state>.svg) rather than an <img>: it is
 * decoration next to text that says the same, so it stays out of the accessibility tree and out of the content.
 */
import type { LookState } from "../shared/look.ts";

/** A plain function, not a component: rows and the route strip draw many. */
export function stateIcon(state: LookState, large = false) {
  return <span class={`state-icon state-${state}${large ? " state-icon-large" : ""}`} aria-hidden="true" />;
}

export function StateIcon({ state, large = false }: { state: LookState; large?: boolean }) {
  return stateIcon(state, large);
}
