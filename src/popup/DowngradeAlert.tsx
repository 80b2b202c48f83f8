/**
 * "Possible downgrade": the correspondent memory found this message's hand-off plaintext (or two TLS versions older)
 * from an organisation that nearly always encrypted. Said with its history and the ordinary causes to rule out
 * first, those the headers show leading (the words are the audit view's, see downgradeWords).
 */
import { downgradeWords } from "../audit-view/downgrade-words.ts";
import { versionsText } from "../audit-view/words.ts";
import { isolateInSentence } from "../shared/bidi.ts";
import type { Translator } from "../shared/i18n.ts";
import type { PossibleDowngrade } from "../shared/protocol.ts";

export function DowngradeAlert({ downgrade, t }: { downgrade: PossibleDowngrade; t: Translator }) {
  // The organisation's name comes from a header: isolated inside the sentence, like every header text here.
  const isolated: PossibleDowngrade = { ...downgrade, history: { ...downgrade.history, org: isolateInSentence(downgrade.history.org) } };
  const words = downgradeWords(isolated, t.locale, t);
  if (words === null) return null;
  return (
    <section class="downgrade" aria-labelledby="downgrade-heading" data-change={downgrade.change.kind}>
      {/* The sentence starts with "Possible downgrade:", so it is the heading itself. */}
      <h2 id="downgrade-heading" class="downgrade-headline">
        <span class="downgrade-mark" aria-hidden="true">
          ↓
        </span>
        <span>{words.headline}</span>
      </h2>
      <p class="downgrade-versions">{t("popup_downgrade_versions", { versions: versionsText(downgrade.history.versions, t) })}</p>
      <p class="downgrade-causes-intro">{t("popup_downgrade_causes")}</p>
      <ul class="downgrade-causes">
        {words.causes.map((cause) => (
          <li key={cause}>{cause}</li>
        ))}
      </ul>
    </section>
  );
}
