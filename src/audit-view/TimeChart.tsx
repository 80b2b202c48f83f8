/**
 * The states over time: one column per week or month, split by the states' shares of that period's counted messages.
 * A small SVG drawn from data (no script in the markup, no external file), with the same numbers as a table.
 */
import { useState } from "preact/hooks";
import type { AuditResult, PeriodKind, PeriodStats } from "../audit/index.ts";
import { MESSAGE_STATES } from "../audit/index.ts";
import { StateLegend, stackedParts } from "./StateBar.tsx";
import { shareText, stateName, type Translate } from "./words.ts";

const COLUMN = 10;
const HEIGHT = 100;

const countedIn = (period: PeriodStats) => MESSAGE_STATES.reduce((sum, state) => sum + period.states[state], 0);

export function TimeChart({ audit, t }: { audit: AuditResult; t: Translate }) {
  const [kind, setKind] = useState<PeriodKind>(audit.months.length > 24 || audit.weeks.length <= 1 ? "month" : "week");
  const periods = kind === "week" ? audit.weeks : audit.months;
  const first = periods[0]?.period;
  const last = periods.at(-1)?.period;
  return (
    <section class="time-chart" aria-labelledby="audit-time-heading">
      <h2 id="audit-time-heading">{t("audit_chart_heading")}</h2>
      <div class="segmented" role="group" aria-label={t("audit_chart_granularity")}>
        {(["week", "month"] as const).map((option) => (
          <button key={option} type="button" aria-pressed={kind === option} onClick={() => setKind(option)}>
            {t(option === "week" ? "audit_chart_by_week" : "audit_chart_by_month")}
          </button>
        ))}
      </div>
      {periods.length === 0 ? (
        <p class="muted">{t("audit_chart_empty")}</p>
      ) : (
        <>
          <svg
            class="chart"
            viewBox={`0 0 ${periods.length * COLUMN} ${HEIGHT}`}
            preserveAspectRatio="none"
            role="img"
            aria-label={t("audit_chart_label", { first: first ?? "", last: last ?? "", count: periods.length })}
          >
            {periods.map((period, i) => (
              <Column key={period.period} period={period} x={i * COLUMN} t={t} />
            ))}
          </svg>
          <p class="chart-axis" aria-hidden="true">
            <span>{first}</span>
            <span>{last}</span>
          </p>
          <StateLegend states={audit.states} total={audit.totals.counted} t={t} />
          {periods.some((period) => period.byDateHeader > 0) && <p class="muted">{t("audit_chart_date_header_note")}</p>}
          <details>
            <summary>{t("audit_chart_show_table")}</summary>
            <PeriodTable periods={periods} kind={kind} t={t} />
          </details>
        </>
      )}
    </section>
  );
}

function Column({ period, x, t }: { period: PeriodStats; x: number; t: Translate }) {
  const counted = countedIn(period);
  const title = [
    period.period,
    t("audit_counted", { count: counted }),
    ...MESSAGE_STATES.map((state) => `${stateName(state, t)}: ${shareText(period.states[state], counted, t)}`),
  ].join("\n");
  return (
    <g data-period={period.period}>
      <title>{title}</title>
      {stackedParts(period.states, counted, HEIGHT - 8).map(
        ({ state, start, size }) =>
          size > 0 && <rect key={state} class={`fill-${state}`} x={x + 1} y={HEIGHT - start - size} width={COLUMN - 2} height={size} />,
      )}
      {period.byDateHeader > 0 && <circle class="date-header-marker" cx={x + COLUMN / 2} cy={3} r={2} />}
    </g>
  );
}

function PeriodTable({ periods, kind, t }: { periods: readonly PeriodStats[]; kind: PeriodKind; t: Translate }) {
  return (
    <table class="data-table">
      <thead>
        <tr>
          <th scope="col">{t(kind === "week" ? "audit_col_week" : "audit_col_month")}</th>
          <th scope="col">{t("audit_col_messages")}</th>
          {MESSAGE_STATES.map((state) => (
            <th key={state} scope="col">
              {stateName(state, t)}
            </th>
          ))}
          <th scope="col">{t("audit_col_apart")}</th>
        </tr>
      </thead>
      <tbody>
        {periods.map((period) => {
          const counted = countedIn(period);
          return (
            <tr key={period.period}>
              <th scope="row">{period.byDateHeader > 0 ? t("audit_period_date_header", { period: period.period }) : period.period}</th>
              <td class="number">{counted}</td>
              {MESSAGE_STATES.map((state) => (
                <td key={state} class="number">
                  {shareText(period.states[state], counted, t)}
                </td>
              ))}
              <td class="number">{period.internal + period.none}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
