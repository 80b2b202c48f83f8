/**
 * The route at a glance, read only from `report.route`: one chip per run of one organisation, joined by the
 * hand-offs between them. Each hand-off (and each hop judged inside a run because it rests on a claim) is a button
 * that reveals its row. Claimed parts are dashed and say so; colour never carries a state alone.
 *
 * Plain functions returning elements, with words looked up once (see HopRow.tsx for why).
 */
import type { ComponentChildren } from "preact";
import { versionLabel } from "../analyzer/format.ts";
import type { Hop, Judgement, Report, RouteHandoff, RouteRun, TlsVersion } from "../analyzer/types.ts";
import { unitList } from "../shared/headline.ts";
import type { Translator } from "../shared/i18n.ts";
import { headerText } from "./HeaderText.tsx";
import type { FixedWords } from "./words.ts";
import { integerText, wordsOf } from "./words.ts";

interface StripContext {
  report: Report;
  t: Translator;
  words: FixedWords;
  /** "Not encrypted: Not encrypted on 1 of 4 hand-offs; …": the deciding button's name starts with it. */
  verdictText: string;
  reveal: (hop: number) => void;
}

/** The id of the button standing for a judged hop, in the strip. */
export const routeButtonId = (hop: number): string => `route-hop-${hop}`;

/** `runs`: how many runs to draw yet (a long route draws the rest a task later). */
export function RouteStrip({
  report,
  t,
  runs,
  verdictText,
  reveal,
}: {
  report: Report;
  t: Translator;
  runs: number;
  verdictText: string;
  reveal: (hop: number) => void;
}) {
  const context: StripContext = { report, t, words: wordsOf(t), verdictText, reveal };
  const into = new Map(report.route.handoffs.map((handoff) => [handoff.to, handoff]));
  const items: ComponentChildren[] = [];
  report.route.runs.slice(0, runs).forEach((run, i) => {
    const handoff = into.get(i);
    if (i > 0) items.push(handoff ? connector(handoff, context) : gap(i, context.words));
    items.push(runChip(run, i, context));
  });
  return <ol class="route-strip">{items}</ol>;
}

function connector(handoff: RouteHandoff, context: StripContext) {
  const where = context.t("route_handoff_hop", { hop: handoff.hop });
  return (
    <li
      key={`h${handoff.hop}`}
      class="link"
      data-hop={handoff.hop}
      data-judgement={handoff.judgement}
      data-version={handoff.version ?? ""}
      data-claimed={String(handoff.claimed)}
    >
      {judgedButton("connector", handoff.hop, handoff.judgement, handoff.version, handoff.claimed, where, context)}
    </li>
  );
}

/** A hop inside a run that is judged all the same, because its internality rests only on the sender's claim. */
function innerHop(hop: Hop, context: StripContext) {
  const claimed = hop.trust === "sender-claimed" || hop.restsOnClaim !== null;
  const where = context.t("route_inner_hop", { hop: hop.index });
  return judgedButton("inner-hop", hop.index, hop.judgement ?? "unknown", hop.tls.version, claimed, where, context);
}

function judgedButton(kind: string, hop: number, judgement: Judgement, version: TlsVersion | null, claimed: boolean, where: string, context: StripContext) {
  const deciding = hop === context.report.decidingHop;
  const { words } = context;
  return (
    <button
      type="button"
      key={`b${hop}`}
      id={routeButtonId(hop)}
      class={`${kind} judgement-${judgement}${claimed ? " claimed" : ""}${deciding ? " deciding" : ""}`}
      data-hop={hop}
      data-judgement={judgement}
      onClick={() => context.reveal(hop)}
    >
      {deciding && <span class="sr-only">{`${context.verdictText} `}</span>}
      <span class="judgement-word">{words.judgement[judgement]}</span>
      {version && <span class="judgement-version">{versionLabel(version)}</span>}
      <span class="sr-only">{`, ${where}${claimed ? `, ${words.claimed}` : ""}`}</span>
    </button>
  );
}

function runChip(run: RouteRun, index: number, context: StripContext) {
  const { words } = context;
  const folded = run.folded.internal + run.folded.local + run.folded.submission;
  const foldedText = folded > 0 ? foldedDescription(run, context.t) : null;
  // what the dashes, the house and the number say, for screen readers, in one node
  const spoken = [foldedText, run.yours ? words.yours : null, run.claimed ? words.claimed : null].filter((part) => part !== null);
  return (
    <li
      key={`r${index}`}
      class={`run${run.claimed ? " claimed" : ""}${run.yours ? " yours" : ""}`}
      data-run={index}
      data-claimed={String(run.claimed)}
      data-yours={String(run.yours)}
      data-basis={run.basis}
    >
      {runName(run, words)}
      {run.yours && <span class="run-yours" title={words.yours} />}
      {foldedText !== null && (
        <span class="run-folded" title={foldedText} aria-hidden="true">
          {`+${integerText(folded, context.t.locale)}`}
        </span>
      )}
      {run.judged.map((hop) => innerHop(context.report.hops[hop - 1] as Hop, context))}
      {spoken.length > 0 && <span class="sr-only">{`, ${spoken.join(", ")}`}</span>}
    </li>
  );
}

/** A run known only by the sender's HELO "calls itself" its name; a run with no name says so. */
function runName(run: RouteRun, words: FixedWords): ComponentChildren {
  if (run.name === null) return <span class="run-name">{words.runUnnamed}</span>;
  if (run.basis !== "helo-claim") return headerText(run.name, "run-name");
  return (
    <span class="run-name">
      {words.runCallsItself[0]}
      {headerText(run.name)}
      {words.runCallsItself[1]}
    </span>
  );
}

/** "1 submission, 2 hops inside": what the chip's number folds. */
function foldedDescription(run: RouteRun, t: Translator): string {
  const parts = [
    run.folded.submission > 0 ? t("folded_submission", { count: run.folded.submission }) : null,
    run.folded.internal > 0 ? t("folded_internal", { count: run.folded.internal }) : null,
    run.folded.local > 0 ? t("folded_local", { count: run.folded.local }) : null,
  ];
  return unitList(t.locale).format(parts.filter((part): part is string => part !== null));
}

function gap(index: number, words: FixedWords) {
  return <li key={`g${index}`} class="gap" title={words.gap} />;
}
