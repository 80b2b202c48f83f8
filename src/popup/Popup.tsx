/**
 * The popup: finds the message(s) shown in the active tab, asks the background for the report, and renders it.
 * Every state, errors included, ends in a readable view and `body[data-ready="1"]` (the e2e tests wait for it).
 */
import { useEffect, useLayoutEffect, useState } from "preact/hooks";
import type { Report } from "../analyzer/types.ts";
import type { MessageHeader } from "../background/thunderbird.ts";
import type { Translator } from "../shared/i18n.ts";
import type { PossibleDowngrade, ReportReply } from "../shared/protocol.ts";
import { errorText } from "../shared/protocol.ts";
import { HeaderText } from "./HeaderText.tsx";
import { ReportView } from "./ReportView.tsx";

export interface PopupDeps {
  t: Translator;
  /** BCP 47 language of the user interface, for dates. */
  locale: string;
  /** The message the button's popup was opened for (named in its URL); null: ask which messages are displayed. */
  popupMessage: number | null;
  /** The messages displayed in the tab the popup belongs to. */
  displayedMessages: () => Promise<MessageHeader[]>;
  /** Undefined when no background answered. */
  requestReport: (messageId: number) => Promise<ReportReply | undefined>;
  /** The report the running background holds in memory for this message, without waiting; null when it has none. */
  reportAtHand: (messageId: number) => ReportReply | null;
  copyText: (text: string) => Promise<void>;
  /** The Received value with everything personal replaced (by the background); null when it did not answer. */
  anonymiseLine: (line: string) => Promise<string | null>;
  openOptions: () => Promise<void>;
  /** The active tab when it is a mail tab (a folder's list): "Audit this folder" audits its messages. */
  activeMailTab: () => Promise<number | null>;
  openAudit: (mailTabId: number) => Promise<void>;
}

type ErrorKind = "api" | "background" | "not-found" | "unreadable";

type View =
  | { kind: "loading" }
  | { kind: "empty" }
  | { kind: "error"; error: ErrorKind; detail: string }
  | { kind: "choose"; messages: MessageHeader[] }
  | { kind: "report"; message: MessageHeader; report: Report; downgrade: PossibleDowngrade | null; others: MessageHeader[] };

export function Popup({ deps }: { deps: PopupDeps }) {
  // The report of the message the button was clicked for is usually at hand: then the first render draws it.
  const [view, setView] = useState<View>(() => viewAtHand(deps) ?? { kind: "loading" });
  const [startsLoading] = useState(view.kind === "loading");
  // Layout effect: it runs as soon as the first render is done, where a plain effect waits for a frame to be drawn.
  useLayoutEffect(() => {
    if (startsLoading) void firstView(deps).then(setView);
  }, [deps, startsLoading]);
  // Layout effect: the flag flips in the same task as the DOM it announces.
  useLayoutEffect(() => {
    if (view.kind === "loading") delete document.body.dataset.ready;
    else document.body.dataset.ready = "1";
  }, [view]);
  const open = (message: MessageHeader, others: MessageHeader[]) => {
    setView({ kind: "loading" });
    void reportView(deps, message, others).then(setView);
  };
  const backToList = (messages: MessageHeader[]) => setView({ kind: "choose", messages });
  const [mailTab, setMailTab] = useState<number | null>(null);
  useEffect(() => {
    deps.activeMailTab().then(setMailTab, () => setMailTab(null));
  }, [deps]);
  const audit = (tabId: number) =>
    void deps.openAudit(tabId).then(
      () => window.close(),
      () => undefined,
    );
  return (
    <main class="popup" aria-busy={view.kind === "loading"}>
      <ViewBody view={view} deps={deps} open={open} backToList={backToList} />
      <footer class="popup-footer">
        <button type="button" class="link-button" onClick={() => void deps.openOptions().catch(() => undefined)}>
          {deps.t("popup_open_options")}
        </button>
        {mailTab !== null && (
          <button type="button" class="link-button audit-folder" onClick={() => audit(mailTab)}>
            {deps.t("popup_audit_folder")}
          </button>
        )}
      </footer>
    </main>
  );
}

interface BodyProps {
  view: View;
  deps: PopupDeps;
  open: (message: MessageHeader, others: MessageHeader[]) => void;
  backToList: (messages: MessageHeader[]) => void;
}

function ViewBody({ view, deps, open, backToList }: BodyProps) {
  const { t } = deps;
  switch (view.kind) {
    case "loading":
      return <p class="loading">{t("popup_loading")}</p>;
    case "empty":
      return <Notice heading={t("popup_empty_heading")} text={t("popup_empty_text")} />;
    case "error":
      return <ErrorNotice view={view} t={t} />;
    case "choose":
      return <MessageChooser messages={view.messages} t={t} choose={(message) => open(message, view.messages)} />;
    case "report":
      return (
        <>
          {view.others.length > 1 && (
            <button type="button" class="link-button back" onClick={() => backToList(view.others)}>
              {t("popup_back")}
            </button>
          )}
          <ReportView
            report={view.report}
            t={t}
            locale={deps.locale}
            subject={view.message.subject}
            copyText={deps.copyText}
            anonymiseLine={deps.anonymiseLine}
            downgrade={view.downgrade}
          />
        </>
      );
  }
}

function Notice({ heading, text }: { heading: string; text: string }) {
  return (
    <section class="notice" aria-labelledby="notice-heading">
      <h1 id="notice-heading">{heading}</h1>
      <p>{text}</p>
    </section>
  );
}

const ERROR_TEXT: Record<ErrorKind, [heading: string, text: string]> = {
  api: ["popup_error_api_heading", "popup_error_api_text"],
  background: ["popup_error_background_heading", "popup_error_background_text"],
  "not-found": ["popup_error_not_found_heading", "popup_error_not_found_text"],
  unreadable: ["popup_error_unreadable_heading", "popup_error_unreadable_text"],
};

function ErrorNotice({ view, t }: { view: Extract<View, { kind: "error" }>; t: Translator }) {
  const [heading, text] = ERROR_TEXT[view.error];
  return (
    <section class="notice notice-error" role="alert" aria-labelledby="notice-heading">
      <h1 id="notice-heading">{t(heading)}</h1>
      <p>{t(text)}</p>
      {view.detail && <p class="error-detail">{t("popup_error_detail", { error: view.detail })}</p>}
    </section>
  );
}

function MessageChooser({ messages, t, choose }: { messages: MessageHeader[]; t: Translator; choose: (message: MessageHeader) => void }) {
  return (
    <section class="notice" aria-labelledby="notice-heading">
      <h1 id="notice-heading">{t("popup_several_heading", { count: messages.length })}</h1>
      <p>{t("popup_several_text")}</p>
      <ul class="message-choices">
        {messages.map((message) => (
          <li key={message.id}>
            <button type="button" onClick={() => choose(message)}>
              {message.subject ? <HeaderText text={message.subject} /> : t("popup_no_subject")}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function viewAtHand(deps: PopupDeps): View | null {
  if (deps.popupMessage === null) return null;
  const reply = deps.reportAtHand(deps.popupMessage);
  return reply?.ok ? reportViewOf(reply, { id: deps.popupMessage }, []) : null;
}

async function firstView(deps: PopupDeps): Promise<View> {
  if (deps.popupMessage !== null) return reportView(deps, { id: deps.popupMessage }, []);
  let messages: MessageHeader[];
  try {
    messages = await deps.displayedMessages();
  } catch (error) {
    return { kind: "error", error: "api", detail: errorText(error) };
  }
  const [only] = messages;
  if (!only) return { kind: "empty" };
  return messages.length === 1 ? reportView(deps, only, []) : { kind: "choose", messages };
}

async function reportView(deps: PopupDeps, message: MessageHeader, others: MessageHeader[]): Promise<View> {
  let reply: ReportReply | undefined;
  try {
    reply = await deps.requestReport(message.id);
  } catch (error) {
    return { kind: "error", error: "background", detail: errorText(error) };
  }
  // No answer at all (undefined) means no background listener took the request.
  if (typeof reply !== "object" || reply === null) return { kind: "error", error: "background", detail: "" };
  if (reply.ok) return reportViewOf(reply, message, others);
  const error = reply.error.code === "not-found" ? "not-found" : "unreadable";
  return { kind: "error", error, detail: reply.error.message };
}

function reportViewOf(reply: Extract<ReportReply, { ok: true }>, message: MessageHeader, others: MessageHeader[]): View {
  return { kind: "report", message: { ...message, subject: reply.subject ?? message.subject ?? "" }, report: reply.report, downgrade: reply.downgrade, others };
}
