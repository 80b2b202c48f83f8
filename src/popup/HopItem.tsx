/** One hop of the journey: what it recorded, in words, and (expanded) its raw Received header with the evidence marked. */
import { useState } from "preact/hooks";
import type { Hop } from "../analyzer/types.ts";
import type { Translator } from "../shared/i18n.ts";
import { hopLookState } from "../shared/look.ts";
import { highlightEvidence } from "./highlight.ts";
import { StateIcon } from "./StateIcon.tsx";
import { certLabel, delayText, isWeakHop, receiverName, scopeLabel, senderName, statusLabel, timeText, tlsDetails, trustLabel } from "./labels.ts";

interface HopProps {
  hop: Hop;
  t: Translator;
  locale: string;
}

export function HopItem({ hop, t, locale }: HopProps) {
  const [expanded, setExpanded] = useState(false);
  const detailsId = `hop-${hop.index}-details`;
  const [why, ...moreReasons] = hop.reasons;
  return (
    <li
      class="hop"
      data-hop-index={String(hop.index)}
      data-tls-status={hop.tls.status}
      data-tls-version={hop.tls.version ?? ""}
      data-tls-cipher={hop.tls.cipher ?? ""}
      data-scope={hop.scope}
    >
      <h4 class="hop-title">
        <span class="hop-number">{t("hop_number", { index: hop.index })}</span>{" "}
        <span class="hop-route">{`${senderName(hop, t)} → ${receiverName(hop, t)}`}</span>
      </h4>
      <p class="hop-status">
        <StateIcon state={hopLookState(hop.tls.status, isWeakHop(hop))} />
        <strong>{statusLabel(hop, t)}</strong>
      </p>
      {why && <p class="hop-reason">{t.reason(why)}</p>}
      <HopFacts hop={hop} t={t} locale={locale} />
      <button type="button" class="hop-toggle" aria-expanded={expanded} aria-controls={detailsId} onClick={() => setExpanded(!expanded)}>
        {t(expanded ? "hop_hide_header" : "hop_show_header", { index: hop.index })}
      </button>
      <div id={detailsId} class="hop-details" hidden={!expanded}>
        {moreReasons.length > 0 && (
          <ul class="hop-more-reasons">
            {moreReasons.map((reason, i) => (
              <li key={i}>{t.reason(reason)}</li>
            ))}
          </ul>
        )}
        <p class="hop-raw-caption">{t(rawCaption(hop))}</p>
        <pre class="hop-raw">
          {highlightEvidence(hop.raw, hop.tls.evidence).map((segment, i) => (segment.marked ? <mark key={i}>{segment.text}</mark> : segment.text))}
        </pre>
      </div>
    </li>
  );
}

function HopFacts({ hop, t, locale }: HopProps) {
  const facts: [string, string | null][] = [
    [t("fact_time"), [timeText(hop, locale, t), delayText(hop, t)].filter(Boolean).join(" · ")],
    [t("fact_protocol"), hop.with],
    [t("fact_tls"), tlsDetails(hop, t)],
    [t("fact_certificate"), hop.tls.verify === null ? null : certLabel(hop.tls.verify, t)],
    [t("fact_scope"), scopeLabel(hop.scope, t)],
    [t("fact_trust"), trustLabel(hop.trust, t)],
  ];
  return (
    <dl class="hop-facts">
      {facts
        .filter((fact): fact is [string, string] => fact[1] !== null && fact[1] !== "")
        .map(([term, value]) => (
          <div class="fact" key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}

/** What the highlighted part of the raw header is: a TLS note, the receiver's fingerprint, or its plaintext note. */
function rawCaption(hop: Hop): string {
  if (hop.tls.status !== "plaintext") return "hop_raw_caption";
  return hop.tls.proof === "note" ? "hop_raw_caption_plaintext_note" : "hop_raw_caption_fingerprint";
}
