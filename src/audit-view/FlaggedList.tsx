/** The messages that crossed a plaintext or weak hand-off, newest first; each can be opened when the host can open mail. */
import { useState } from "preact/hooks";
import { versionLabel } from "../analyzer/index.ts";
import type { Bounded, FlaggedMessage } from "../audit/index.ts";
import type { Translator } from "../shared/i18n.ts";
import { StateMark } from "./StateBar.tsx";
import { HANDOFF_NAME, locationText, receiptText, senderLabel } from "./words.ts";

const PAGE = 100;

export function FlaggedList({ flagged, t, open }: { flagged: Bounded<FlaggedMessage>; t: Translator; open: ((message: FlaggedMessage) => void) | undefined }) {
  const [shown, setShown] = useState(PAGE);
  const withSubjects = flagged.items.some((message) => message.facts?.subject);
  return (
    <section class="flagged" aria-labelledby="audit-flagged-heading">
      <h2 id="audit-flagged-heading">{t("audit_flagged_heading")}</h2>
      {flagged.items.length === 0 ? (
        <p>{t("audit_flagged_none")}</p>
      ) : (
        <div class="table-scroll">
          <table class="data-table">
            <thead>
              <tr>
                <th scope="col">{t("audit_col_received")}</th>
                <th scope="col">{t("audit_col_handoff")}</th>
                <th scope="col">{t("audit_col_sender")}</th>
                {withSubjects && <th scope="col">{t("audit_col_subject")}</th>}
                <th scope="col">{t("audit_col_message")}</th>
              </tr>
            </thead>
            <tbody>
              {flagged.items.slice(0, shown).map((message) => (
                <FlaggedRow
                  key={`${message.ref.kind === "file" ? `${message.ref.path}#${message.ref.index}` : message.ref.id}`}
                  message={message}
                  t={t}
                  open={open}
                  withSubject={withSubjects}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {flagged.items.length > shown && (
        <button type="button" onClick={() => setShown(shown + PAGE)}>
          {t("audit_show_more", { count: Math.min(PAGE, flagged.items.length - shown) })}
        </button>
      )}
      {flagged.omitted > 0 && <p class="muted">{t("audit_flagged_omitted", { count: flagged.omitted })}</p>}
    </section>
  );
}

function FlaggedRow({
  message,
  t,
  open,
  withSubject,
}: {
  message: FlaggedMessage;
  t: Translator;
  open: ((message: FlaggedMessage) => void) | undefined;
  withSubject: boolean;
}) {
  const state = message.judgement === "plaintext" ? "plaintext" : "weak";
  const tls = message.version === null ? null : versionLabel(message.version);
  const handoff = t(HANDOFF_NAME[state][message.claimed ? "claimed" : "recorded"], {
    hop: message.hop,
    tls: [tls, message.cipher].filter(Boolean).join(", ") || t("audit_version_unrecorded"),
  });
  return (
    <tr data-state={state}>
      <td>{receiptText(message.receipt, t.locale, t)}</td>
      <td>
        <StateMark state={state} />
        {handoff}
      </td>
      <td>{senderLabel(message.sender, t)}</td>
      {withSubject && <td>{message.facts?.subject ?? "–"}</td>}
      <td>
        {open ? (
          <button type="button" onClick={() => open(message)}>
            {t("audit_open_message")}
          </button>
        ) : (
          locationText(message.ref, t)
        )}
      </td>
    </tr>
  );
}
