/**
 * One row per hop, as microsoft/MHA draws them: state, number, who handed to whom, TLS, and the delay with a bar.
 * Hops that do not count (`judgement === null`) are dimmed and say "not counted" instead of raising an alarm. The row
 * is a disclosure: it opens the facts, the hop's reasons and its raw Received header with the evidence marked.
 *
 * Rows are plain functions returning elements, not components, and take their words precomputed: every row is
 * laid out when the popup opens, and Thunderbird's Debian build runs extension code without the baseline JIT.
 */
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { mayBeMisread } from "../analyzer/may-be-misread.ts";
import type { Hop } from "../analyzer/types.ts";
import { balanceIsolates } from "../shared/bidi.ts";
import { MAX_ANONYMISED_CHARS } from "../shared/protocol.ts";
import type { Translator } from "../shared/i18n.ts";
import { headerText } from "./HeaderText.tsx";
import { highlightSpan } from "./highlight.ts";
import type { FixedWords } from "./words.ts";
import {
  certText,
  exactDelay,
  idText,
  integerText,
  reasonText,
  receiverText,
  scopeText,
  senderName,
  shortDelay,
  timeText,
  tlsDetails,
  tlsVersionText,
  trustText,
} from "./words.ts";

export interface RowContext {
  t: Translator;
  words: FixedWords;
  locale: string;
  decidingHop: number | null;
  /** The longest delay of the journey, for the delay bar's scale. */
  longestDelay: number;
  toggle: (hop: number) => void;
  /** Copies the anonymised form of a raw Received value ("Help Hoplock read this"). */
  copyAnonymised: (raw: string) => Promise<void>;
}

export const hopToggleId = (hop: number): string => `hop-${hop}-toggle`;
const detailsId = (hop: number): string => `hop-${hop}-details`;

export function hopRow(hop: Hop, expanded: boolean, context: RowContext) {
  const { words, locale, t } = context;
  const version = tlsVersionText(hop, t);
  const counted = hop.judgement !== null;
  // The state icon (::before), the disclosure triangle (::after) and the delay bar are drawn by popup.css.
  return (
    <li
      key={hop.index}
      id={`hop-${hop.index}`}
      class={`hop${counted ? "" : " uncounted"}${hop.index === context.decidingHop ? " deciding" : ""}`}
      data-hop-index={hop.index}
      data-judgement={hop.judgement ?? ""}
      data-tls-status={hop.tls.status}
      data-tls-version={hop.tls.version ?? ""}
      data-tls-cipher={hop.tls.cipher ?? ""}
      data-scope={hop.scope}
    >
      <button
        type="button"
        class="hop-row"
        id={hopToggleId(hop.index)}
        aria-expanded={expanded}
        aria-controls={expanded ? detailsId(hop.index) : undefined}
        onClick={() => context.toggle(hop.index)}
      >
        <span class="hop-number">
          <span class="sr-only">{words.hop}</span>
          {` ${integerText(hop.index, locale)}`}
        </span>
        <span class="hop-main">
          <span class="hop-route">
            {sender(hop, words)}
            {headerText(receiverText(hop, t))}
          </span>
          <span class="hop-state">
            {`${hop.judgement === null ? words.notCounted[hop.scope] : words.judgement[hop.judgement]}${version === null ? "" : ` · ${version}`}${hop.tls.cipher === null ? "" : " · "}`}
            {hop.tls.cipher !== null && headerText(hop.tls.cipher)}
          </span>
        </span>
        {delay(hop.delaySeconds, context)}
      </button>
      {expanded && (
        <div id={detailsId(hop.index)} class="hop-details">
          <HopDetails hop={hop} t={t} locale={locale} copyAnonymised={context.copyAnonymised} />
        </div>
      )}
    </li>
  );
}

/** The sender and the arrow to the receiver ("calls itself x → "). */
function sender(hop: Hop, words: FixedWords): ComponentChildren {
  const name = senderName(hop);
  switch (name.kind) {
    case "known":
      return [headerText(name.name), " → "];
    case "claimed":
      return [words.hopCallsItself[0], headerText(name.name), `${words.hopCallsItself[1]} → `];
    case "address":
      return [headerText(name.address), " → "];
    case "unnamed":
      return `${words.senderUnnamed} → `;
  }
}

/** The delay since the previous hop; the bar (scaled to the journey's longest delay) is its background. */
function delay(seconds: number | null, { longestDelay, locale, words }: RowContext) {
  if (seconds === null) return <span class="hop-delay" />;
  const share = seconds > 0 && longestDelay > 0 ? Math.max(3, Math.round((seconds / longestDelay) * 100)) : 0;
  return (
    <span class={`hop-delay${seconds < 0 ? " backwards" : ""}`} style={{ "--share": `${share}%` }} title={seconds < 0 ? words.delayBackwards : undefined}>
      {shortDelay(seconds, locale)}
    </span>
  );
}

type Fact = [label: string, value: ComponentChildren | null];

function HopDetails({ hop, t, locale, copyAnonymised }: { hop: Hop; t: Translator; locale: string; copyAnonymised: RowContext["copyAnonymised"] }) {
  const { tls } = hop;
  const facts: Fact[] = [
    ["fact_time", hop.time === null && hop.date !== null ? headerText(hop.date) : timeText(hop, locale, t)],
    [
      "fact_delay",
      hop.delaySeconds === null ? null : t(hop.delaySeconds < 0 ? "hop_delay_before" : "hop_delay_after", { delay: exactDelay(hop.delaySeconds, locale) }),
    ],
    ["fact_protocol", hop.with === null ? null : headerText(hop.with)],
    ["fact_tls", tlsDetails(hop, t)],
    ["fact_certificate", tls.verify === null ? null : certText(tls.verify, t)],
    ["fact_unrecognised", tls.status === "unknown" && tls.unrecognised.length > 0 ? headerText(tls.unrecognised.join(" ")) : null],
    ["fact_software", hop.receiver === null ? null : idText("receiver", hop.receiver, t)],
    ["fact_sender", idText("basis", hop.from.identity.basis, t)],
    ["fact_scope", scopeText(hop.scope, t)],
    ["fact_trust", trustText(hop.trust, t)],
  ];
  return (
    <>
      <dl class="hop-facts">
        {facts
          .filter(([, value]) => value !== null && value !== "")
          .map(([label, value]) => (
            <div class="fact" key={label}>
              <dt>{t(label)}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      {hop.reasons.length > 0 && (
        <ul class="hop-reasons">
          {hop.reasons.map((reason, i) => (
            <li key={i}>{reasonText(reason, t)}</li>
          ))}
        </ul>
      )}
      <p class="hop-raw-caption">{t(RAW_CAPTION[tls.evidenceAt === null ? "none" : tls.status])}</p>
      <pre class="hop-raw">
        <bdi>
          {highlightSpan(hop.raw, tls.evidenceAt).map((segment, i) => {
            // each segment is isolated on its own (the mark by CSS), so each is balanced on its own
            const text = balanceIsolates(segment.text);
            return segment.marked ? <mark key={i}>{text}</mark> : text;
          })}
        </bdi>
      </pre>
      {offersAnonymisedLine(hop) && <HelpReadThis raw={hop.raw} t={t} copy={copyAnonymised} />}
    </>
  );
}

const offersAnonymisedLine = (hop: Hop): boolean => mayBeMisread(hop) && hop.raw.length <= MAX_ANONYMISED_CHARS;

function HelpReadThis({ raw, t, copy }: { raw: string; t: Translator; copy: RowContext["copyAnonymised"] }) {
  const [status, setStatus] = useState("");
  const run = () =>
    copy(raw).then(
      () => setStatus(t("hop_anonymised_copied")),
      () => setStatus(t("copy_failed")),
    );
  return (
    <div class="hop-help">
      <p>{t("hop_anonymised_offer")}</p>
      <button type="button" onClick={() => void run()}>
        {t("hop_copy_anonymised")}
      </button>
      <p class="copy-status" role="status" aria-live="polite">
        {status}
      </p>
    </div>
  );
}

const RAW_CAPTION = {
  encrypted: "hop_raw_caption_tls",
  plaintext: "hop_raw_caption_fingerprint",
  unknown: "hop_raw_caption",
  none: "hop_raw_caption",
} as const;
