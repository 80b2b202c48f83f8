/** Popup entry point: wires the real browser into the `Popup` component. */
import "./script-start.ts"; // first: its mark is where Hoplock's code begins
import { render } from "preact";
import { createThunderbirdApi, messageIdOfPopupUrl } from "../background/thunderbird.ts";
import browser from "../shared/browser.ts";
import { createTranslator } from "../shared/i18n.ts";
import type { AnonymisedLineReply, AnonymiseLineRequest, GetReportRequest, ReplyAtHand, ReportReplyMessage } from "../shared/protocol.ts";
import { ANONYMISE_LINE, fromReplyMessage, GET_REPORT, REPLY_AT_HAND } from "../shared/protocol.ts";
import type { PopupDeps } from "./Popup.tsx";
import { Popup } from "./Popup.tsx";

const thunderbird = createThunderbirdApi(browser);
const t = createTranslator((name) => browser.i18n.getMessage(name), browser.i18n.getUILanguage());
const locale = browser.i18n.getUILanguage();

const deps: PopupDeps = {
  t,
  locale,
  popupMessage: messageIdOfPopupUrl(location.search),
  displayedMessages: () => thunderbird.getDisplayedMessages(),
  requestReport: async (messageId) =>
    fromReplyMessage(await browser.runtime.sendMessage<GetReportRequest, ReportReplyMessage | undefined>({ type: GET_REPORT, messageId })),
  reportAtHand: (messageId) => {
    try {
      // null when the event page is stopped or in another process: then the popup asks by message
      const page = browser.extension.getBackgroundPage() as (Window & { [REPLY_AT_HAND]?: ReplyAtHand }) | null;
      const reply = page?.[REPLY_AT_HAND]?.(messageId) ?? null;
      return reply ? (fromReplyMessage(reply) ?? null) : null;
    } catch {
      return null;
    }
  },
  copyText: (text) => navigator.clipboard.writeText(text),
  anonymiseLine: async (line) =>
    (await browser.runtime.sendMessage<AnonymiseLineRequest, AnonymisedLineReply | undefined>({ type: ANONYMISE_LINE, line }))?.line ?? null,
  openOptions: () => browser.runtime.openOptionsPage(),
  activeMailTab: () => thunderbird.activeMailTab(),
  openAudit: (mailTabId) => thunderbird.openAuditPage(mailTabId),
};

document.documentElement.lang = locale;
document.title = t("popup_title");
const root = document.getElementById("app");
if (root) render(<Popup deps={deps} />, root);
