/** The counted messages as one bar of their states, each part named by its mark, word and share (never colour alone). */
import type { StateCounts } from "../audit/index.ts";
import { MESSAGE_STATES } from "../audit/index.ts";
import { shareText, STATE_MARK, stateName, type Translate } from "./words.ts";

/** Each state's part of a bar `length` long, starting where the previous one ends. */
export function stackedParts(states: StateCounts, total: number, length: number): { state: keyof StateCounts; start: number; size: number }[] {
  const parts = [];
  let start = 0;
  for (const state of MESSAGE_STATES) {
    const size = total > 0 ? (states[state] / total) * length : 0;
    parts.push({ state, start, size });
    start += size;
  }
  return parts;
}

export function StateBar({ states, total, t, label }: { states: StateCounts; total: number; t: Translate; label: string }) {
  return (
    <figure class="state-bar">
      <svg class="state-bar-graphic" viewBox="0 0 1000 24" preserveAspectRatio="none" role="img" aria-label={label}>
        {stackedParts(states, total, 1000).map(
          ({ state, start, size }) =>
            size > 0 && (
              <rect key={state} class={`fill-${state}`} x={start} y={0} width={size} height={24}>
                <title>{`${stateName(state, t)}: ${shareText(states[state], total, t)}`}</title>
              </rect>
            ),
        )}
      </svg>
      <StateLegend states={states} total={total} t={t} />
    </figure>
  );
}

export function StateLegend({ states, total, t }: { states: StateCounts; total: number; t: Translate }) {
  return (
    <ul class="state-legend">
      {MESSAGE_STATES.map((state) => (
        <li key={state} class={`legend-${state}`} data-state={state}>
          <StateMark state={state} />
          {t("audit_state_share", { state: stateName(state, t), share: shareText(states[state], total, t), count: states[state] })}
        </li>
      ))}
    </ul>
  );
}

/** The state's mark in its colour, beside the word that says the same: hidden from screen readers. */
export function StateMark({ state }: { state: keyof StateCounts }) {
  return (
    <span class={`state-mark mark-${state}`} aria-hidden="true">
      {STATE_MARK[state]}
    </span>
  );
}
