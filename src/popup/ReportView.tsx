/**
 * A message's report, glance first: the verdict in a word and an honest headline with the reasons that decide it,
 * the route strip, then one row per hop (every row laid out at open). Warnings, the legend and the legs the headers
 * say little about come last, folded where they would otherwise crowd the answer.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import type { VNode } from "preact";
import type { Hop, Judgement, Reason, Report } from "../analyzer/types.ts";
import { isolateInSentence } from "../shared/bidi.ts";
import { headline } from "../shared/headline.ts";
import type { Translator } from "../shared/i18n.ts";
import { JUDGEMENT_LOOK, LOOKS } from "../shared/look.ts";
import type { PossibleDowngrade } from "../shared/protocol.ts";
import { HeaderText, Sentence } from "./HeaderText.tsx";
import type { RowContext } from "./HopRow.tsx";
import { hopRow, hopToggleId } from "./HopRow.tsx";
import { reportAsJson, reportAsText } from "./report-text.ts";
import { DowngradeAlert } from "./DowngradeAlert.tsx";
import { routeButtonId, RouteStrip } from "./RouteStrip.tsx";
import { StateIcon } from "./StateIcon.tsx";
import { reasonText, warningText, wordsOf } from "./words.ts";

interface ReportProps {
  report: Report;
  t: Translator;
  locale: string;
}

export interface ReportViewProps extends ReportProps {
  subject: string | undefined;
  copyText: (text: string) => Promise<void>;
  anonymiseLine: (line: string) => Promise<string | null>;
  /** The correspondent memory's alert for this message, if any. */
  downgrade?: PossibleDowngrade | null | undefined;
}

/** At most this many reasons before "Show all": the ones about the deciding hop, and caveats about the whole chain. */
const DECIDING_REASONS = 3;

/**
 * The first render draws what the first screen can show: the whole route (up to 60 runs) and the first 12 rows. The
 * rest follows in the very next task, so every row is laid out at once, without waiting for a scroll (no
 * content-visibility), while the content the reader sees first does not wait for up to 200 rows.
 */
const FIRST_RUNS = 60;
const FIRST_ROWS = 12;

export function ReportView({ report, t, locale, subject, copyText, anonymiseLine, downgrade = null }: ReportViewProps) {
  const verdictWord = t(LOOKS[report.verdict].word);
  const line = headline(report, t, isolateInSentence);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());
  const [complete, setComplete] = useState(() => report.route.runs.length <= FIRST_RUNS && report.hops.length <= FIRST_ROWS);
  const revealedRef = useRef<number | null>(null);
  // Stable handlers: the strip and the rows are kept as they are when a row opens (see Hops), so their handlers
  // must not change with each render.
  const toggle = useCallback((hop: number) => setExpanded((open) => withToggled(open, hop)), []);
  const copyAnonymised = useCallback(
    async (raw: string) => {
      const anonymised = await anonymiseLine(raw);
      if (anonymised === null) throw new Error("no anonymised line");
      await copyText(anonymised);
    },
    [anonymiseLine, copyText],
  );
  const reveal = useCallback((hop: number) => {
    revealedRef.current = hop;
    setComplete(true);
    setExpanded((open) => new Set(open).add(hop)); // a new set, so the effect below runs even when already open
  }, []);
  useEffect(() => {
    if (complete) return;
    const timer = setTimeout(() => setComplete(true), 0);
    return () => clearTimeout(timer);
  }, [complete]);
  // The popup opens with focus on the button of the hop that decided the verdict (its name starts with the verdict);
  // in a long report that button may arrive with the rest, and then takes focus unless the user moved it already.
  useLayoutEffect(() => {
    if (report.decidingHop === null || (document.activeElement !== document.body && document.activeElement !== null)) return;
    document.getElementById(routeButtonId(report.decidingHop))?.focus({ preventScroll: true });
  }, [report, complete]);
  useLayoutEffect(() => {
    const hop = revealedRef.current;
    if (hop === null) return;
    revealedRef.current = null;
    const toggleButton = document.getElementById(hopToggleId(hop));
    toggleButton?.scrollIntoView({ block: "start" });
    toggleButton?.focus({ preventScroll: true });
  }, [expanded]);
  const runs = complete ? report.route.runs.length : FIRST_RUNS;
  const rows = complete ? report.hops.length : FIRST_ROWS;
  const verdictText = t("route_deciding", { verdict: verdictWord, headline: line });
  // The same element while nothing it shows changed: Preact then skips it entirely (opening a row redraws no route).
  const route = useMemo(
    () => report.route.runs.length > 0 && <Route report={report} t={t} runs={runs} verdictText={verdictText} reveal={reveal} />,
    [report, t, runs, verdictText, reveal],
  );
  return (
    <div class="report" data-complete={complete ? "1" : undefined}>
      <Verdict report={report} t={t} word={verdictWord} headlineText={line} />
      {downgrade && <DowngradeAlert downgrade={downgrade} t={t} />}
      {route}
      {report.hops.length > 0 && <Hops report={report} t={t} locale={locale} rows={rows} expanded={expanded} toggle={toggle} copyAnonymised={copyAnonymised} />}
      {report.warnings.length > 0 && <Warnings report={report} t={t} />}
      <Legs report={report} t={t} />
      <footer class="report-footer">
        {subject && (
          <p class="subject">
            <Sentence t={t} name="popup_message_subject" slot="subject">
              <HeaderText text={subject} />
            </Sentence>
          </p>
        )}
        <CopyButtons copy={copyText} t={t} asText={() => reportAsText(report, t, locale, subject)} asJson={() => reportAsJson(report)} />
      </footer>
    </div>
  );
}

function withToggled(open: ReadonlySet<number>, hop: number): ReadonlySet<number> {
  const next = new Set(open);
  if (!next.delete(hop)) next.add(hop);
  return next;
}

function Verdict({ report, t, word, headlineText }: { report: Report; t: Translator; word: string; headlineText: string }) {
  const [showAll, setShowAll] = useState(false);
  const deciding = useMemo(() => decidingReasons(report), [report]);
  const reasons = showAll ? report.reasons : deciding;
  const more = report.reasons.length - deciding.length;
  return (
    <section class={`verdict verdict-${report.verdict}`} data-verdict={report.verdict} aria-labelledby="verdict-heading">
      <StateIcon state={report.verdict} large />
      <div class="verdict-text">
        <div class="verdict-title">
          <h1 id="verdict-heading">{word}</h1>
          {more > 0 && (
            <button type="button" class="link-button" aria-expanded={showAll} aria-controls="verdict-reasons" onClick={() => setShowAll(!showAll)}>
              {showAll ? t("reasons_show_fewer") : t("reasons_show_all", { count: report.reasons.length })}
            </button>
          )}
        </div>
        <p class="headline">{headlineText}</p>
        {reasons.length > 0 && (
          <ul class="verdict-reasons" id="verdict-reasons">
            {reasons.map((reason, i) => (
              <li key={i}>{reasonText(reason, t)}</li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

/**
 * The reasons about the hop that decided the verdict and the caveats about the whole chain (the analyzer lists
 * them first). Without Received headers, the verdict's own sentence says what such a message is; an internal
 * verdict's sentence would only repeat the headline.
 */
export function decidingReasons(report: Report): Reason[] {
  if (report.reasons.length === 0) return report.verdict === "none" ? [report.verdictReason] : [];
  const aboutVerdict = report.reasons.filter((reason) => {
    const hop = (reason.params as { hop?: unknown }).hop;
    return hop === undefined || hop === report.decidingHop;
  });
  const chosen = aboutVerdict.length > 0 ? aboutVerdict : report.reasons;
  return chosen.slice(0, DECIDING_REASONS);
}

function Route({ report, t, runs, verdictText, reveal }: { report: Report; t: Translator; runs: number; verdictText: string; reveal: (hop: number) => void }) {
  const claimed = report.route.runs.some((run) => run.claimed) || report.route.handoffs.some((handoff) => handoff.claimed);
  return (
    <section class="route" aria-labelledby="route-heading">
      <div class="section-head">
        <h2 id="route-heading">{t("route_heading")}</h2>
        <Legend t={t} />
        {claimed && (
          <p class="route-note">
            <span class="claimed-sample" aria-hidden="true" />
            {t("route_claimed_note")}
          </p>
        )}
      </div>
      <RouteStrip report={report} t={t} runs={runs} verdictText={verdictText} reveal={reveal} />
    </section>
  );
}

const LEGEND_STATES: readonly [Judgement, string][] = [
  ["encrypted", "legend_encrypted"],
  ["weak", "legend_weak"],
  ["plaintext", "legend_plaintext"],
  ["unknown", "legend_unknown"],
];

/** The "?" next to the route: what the states, the dashes and the numbers mean. */
function Legend({ t }: { t: Translator }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" class="legend-toggle" aria-expanded={open} aria-controls="legend" title={t("legend_heading")} onClick={() => setOpen(!open)}>
        <span aria-hidden="true">?</span>
        <span class="sr-only">{t("legend_heading")}</span>
      </button>
      <div id="legend" class="legend" hidden={!open}>
        {open && <LegendEntries t={t} />}
      </div>
    </>
  );
}

/** What the legend says, drawn only once opened: most readers never open it. */
function LegendEntries({ t }: { t: Translator }) {
  return (
    <>
      <p>{t("legend_unknown_not_insecure")}</p>
      <ul>
        {LEGEND_STATES.map(([judgement, name]) => (
          <li key={judgement}>
            <StateIcon state={JUDGEMENT_LOOK[judgement]} />
            {t(name)}
          </li>
        ))}
        <li>
          <StateIcon state="neutral" />
          {t("legend_not_counted")}
        </li>
        <li>
          <span class="claimed-sample" aria-hidden="true" />
          {t("legend_claimed")}
        </li>
        <li>
          <span class="run-folded legend-sample" aria-hidden="true">
            +2
          </span>
          {t("legend_folded")}
        </li>
        <li>
          <span class="yours-icon legend-sample" aria-hidden="true" />
          {t("legend_yours")}
        </li>
      </ul>
    </>
  );
}

/** Rows are kept in groups; opening a row redraws its group only, not a journey of 200 rows. */
const ROW_GROUP = 20;

interface RowGroup {
  key: string;
  context: RowContext;
  element: VNode;
}

type HopsProps = ReportProps & Pick<RowContext, "toggle" | "copyAnonymised"> & { rows: number; expanded: ReadonlySet<number> };

function Hops({ report, t, locale, rows, expanded, toggle, copyAnonymised }: HopsProps) {
  const context = useMemo<RowContext>(
    () => ({ t, words: wordsOf(t), locale, decidingHop: report.decidingHop, longestDelay: longestDelay(report), toggle, copyAnonymised }),
    [report, t, locale, toggle, copyAnonymised],
  );
  const groups = useRef(new Map<number, RowGroup>());
  const drawn: VNode[] = [];
  for (let from = 0; from < rows; from += ROW_GROUP) {
    const hops = report.hops.slice(from, Math.min(from + ROW_GROUP, rows));
    const key = `${hops.length}:${hops
      .filter((hop) => expanded.has(hop.index))
      .map((hop) => hop.index)
      .join(",")}`;
    let group = groups.current.get(from);
    if (group?.key !== key || group.context !== context) {
      group = { key, context, element: <RowGroupOf key={from} hops={hops} expanded={expanded} context={context} /> };
      groups.current.set(from, group);
    }
    drawn.push(group.element);
  }
  const { total, analysed } = report.received;
  return (
    <section class="hops-section" aria-labelledby="hops-heading">
      <h2 id="hops-heading">{t("hops_heading")}</h2>
      {total > analysed && (
        <p class="capped" role="note">
          {t("hops_capped", { count: total - analysed, analysed, total })}
        </p>
      )}
      <ol class="hops">{drawn}</ol>
    </section>
  );
}

function RowGroupOf({ hops, expanded, context }: { hops: Hop[]; expanded: ReadonlySet<number>; context: RowContext }) {
  return <>{hops.map((hop) => hopRow(hop, expanded.has(hop.index), context))}</>;
}

function longestDelay(report: Report): number {
  let longest = 0;
  for (const hop of report.hops) if (hop.delaySeconds !== null && hop.delaySeconds > longest) longest = hop.delaySeconds;
  return longest;
}

/** The chain's warnings folded into one line with their count. */
function Warnings({ report, t }: { report: Report; t: Translator }) {
  const [open, setOpen] = useState(false);
  return (
    <section class="warnings" aria-labelledby="warnings-toggle">
      <button type="button" id="warnings-toggle" class="warnings-toggle" aria-expanded={open} aria-controls="warning-list" onClick={() => setOpen(!open)}>
        <span class="warning-sign" aria-hidden="true">
          ⚠
        </span>
        {t("warnings_summary", { count: report.warnings.length })}
      </button>
      <ul id="warning-list" class="warning-list" hidden={!open}>
        {open && report.warnings.map((warning, i) => <li key={i}>{warningText(warning, t)}</li>)}
      </ul>
    </section>
  );
}

/**
 * The legs around the route: the sender's own connection when the headers recorded how it went, and under "What
 * the headers cannot show" only what they did not show (your download always; the sender's connection otherwise).
 */
function Legs({ report, t }: { report: Report; t: Translator }) {
  const { submission, download } = report.legs;
  const shown = submission.status === "encrypted" || submission.status === "plaintext";
  return (
    <>
      {shown && (
        <section class="legs-shown" aria-labelledby="leg-submission-heading">
          <h2 id="leg-submission-heading">{t("leg_submission")}</h2>
          <p data-leg-status={submission.status}>
            <StateIcon state={submission.status === "encrypted" ? "encrypted" : "not-encrypted"} />
            {reasonText(submission.reason, t)}
          </p>
        </section>
      )}
      <section class="legs" aria-labelledby="legs-heading">
        <h2 id="legs-heading">{t("legs_heading")}</h2>
        <ul>
          {!shown && <li data-leg="submission">{reasonText(submission.reason, t)}</li>}
          <li data-leg="download">{reasonText(download.reason, t)}</li>
        </ul>
      </section>
    </>
  );
}

interface CopyProps {
  copy: (text: string) => Promise<void>;
  asText: () => string;
  asJson: () => string;
  t: Translator;
}

function CopyButtons({ copy, asText, asJson, t }: CopyProps) {
  const [status, setStatus] = useState("");
  const run = (text: string, done: string) =>
    copy(text).then(
      () => setStatus(t(done)),
      () => setStatus(t("copy_failed")),
    );
  return (
    <div class="copy">
      <button type="button" onClick={() => void run(asText(), "copy_text_done")}>
        {t("copy_text")}
      </button>
      <button type="button" onClick={() => void run(asJson(), "copy_json_done")}>
        {t("copy_json")}
      </button>
      <p class="copy-status" role="status" aria-live="polite">
        {status}
      </p>
    </div>
  );
}
