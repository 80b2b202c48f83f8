/**
 * The one adapter over Thunderbird's own namespaces (`messages`, `messageDisplay`, `messageDisplayAction`) and the
 * few standard calls the add-on makes next to them. Everything else takes a `ThunderbirdApi`, so tests use a fake.
 * The types below are local: @types/webextension-polyfill describes Firefox and knows none of these namespaces.
 */
import type { Browser } from "webextension-polyfill";
import type { HeadersDictionary } from "./header-block.ts";
import { headerBlockFromDictionary, headerBlockOfMessage } from "./header-block.ts";

/** `messages.MessageHeader`, the fields Hoplock uses. `id` is Thunderbird's session-local number, not Message-ID. */
export interface MessageHeader {
  id: number;
  headerMessageId?: string;
  subject?: string;
  author?: string;
}

/** `messages.MessageList` (Manifest V3); MV2 passed a bare array. */
export interface MessageList {
  id: string | null;
  messages: MessageHeader[];
}

export interface TabInfo {
  id?: number;
}

/** Everything the toolbar button shows for one tab, and which message its popup opens on. */
export interface ActionLook {
  icon: string;
  /** The button's text: the state in a word or two. */
  label: string;
  title: string;
  badgeText: string;
  badgeColor: string;
  /** The message the popup reports on (named in its URL, so it need not ask first); null: it asks Thunderbird. */
  popupMessage: number | null;
}

/** The popup page, as the manifest names it. */
export const POPUP_PAGE = "/build/addon/popup.html";

/** The popup's URL for a message: the page reads the id back with `messageIdOfPopupUrl`. */
export function popupUrl(messageId: number | null): string {
  return messageId === null ? POPUP_PAGE : `${POPUP_PAGE}?message=${messageId}`;
}

export function messageIdOfPopupUrl(search: string): number | null {
  const value = new URLSearchParams(search).get("message") ?? "";
  const id = /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(id) ? id : null;
}

interface ThunderbirdNamespaces {
  messages: {
    get(messageId: number): Promise<MessageHeader>;
    getHeaders?: (messageId: number, options: { decodeHeaders: boolean }) => Promise<HeadersDictionary>;
    getFull(messageId: number, options?: { decodeHeaders?: boolean }): Promise<{ rawHeaders?: HeadersDictionary }>;
    getRaw(messageId: number, options: { data_format: "File" }): Promise<Blob | string>;
  };
  messageDisplay: {
    onMessagesDisplayed: { addListener(listener: (tab: TabInfo, displayed: MessageList | MessageHeader[]) => void): void };
    /** Without a tab id (Thunderbird 127+): the active tab of the current window. */
    getDisplayedMessages(tabId?: number): Promise<MessageList | MessageHeader[]>;
  };
  messageDisplayAction: {
    setIcon(details: { tabId: number; path: string }): Promise<void>;
    setTitle(details: { tabId: number; title: string }): Promise<void>;
    setLabel(details: { tabId: number; label: string }): Promise<void>;
    setPopup(details: { tabId: number; popup: string }): Promise<void>;
    setBadgeText(details: { tabId: number; text: string }): Promise<void>;
    setBadgeBackgroundColor(details: { tabId: number; color: string }): Promise<void>;
  };
}

export interface ThunderbirdApi {
  /** Registers synchronously, so an event page woken by the event still receives it. */
  onMessagesDisplayed(listener: (tabId: number, messages: MessageHeader[]) => void): void;
  getMessage(messageId: number): Promise<MessageHeader>;
  /** The messages shown in the active tab of the current window: what a popup belongs to. */
  getDisplayedMessages(): Promise<MessageHeader[]>;
  /** The message's raw (undecoded) header block. */
  readRawHeaders(messageId: number): Promise<string>;
  paint(tabId: number, look: ActionLook): Promise<void>;
}

/** `messages.getFull` accepts `decodeHeaders` and returns `rawHeaders` from Thunderbird 133 on. */
const FIRST_VERSION_WITH_RAW_HEADERS_IN_GET_FULL = 133;

export function createThunderbirdApi(browser: Browser): ThunderbirdApi {
  const tb = browser as unknown as Browser & ThunderbirdNamespaces;
  let getFullHasRawHeaders: Promise<boolean> | null = null;
  const supportsRawGetFull = (): Promise<boolean> =>
    (getFullHasRawHeaders ??= browser.runtime.getBrowserInfo().then((info) => majorVersion(info.version) >= FIRST_VERSION_WITH_RAW_HEADERS_IN_GET_FULL));

  return {
    onMessagesDisplayed(listener) {
      tb.messageDisplay.onMessagesDisplayed.addListener((tab, displayed) => listener(tab.id ?? -1, messagesOf(displayed)));
    },
    getMessage: (messageId) => tb.messages.get(messageId),
    // One call instead of tabs.query first: the popup's content waits on it.
    getDisplayedMessages: async () => messagesOf(await tb.messageDisplay.getDisplayedMessages()),
    async readRawHeaders(messageId) {
      if (typeof tb.messages.getHeaders === "function") return headerBlockFromDictionary(await tb.messages.getHeaders(messageId, { decodeHeaders: false }));
      if (await supportsRawGetFull()) {
        const { rawHeaders } = await tb.messages.getFull(messageId, { decodeHeaders: false });
        if (rawHeaders) return headerBlockFromDictionary(rawHeaders);
      }
      const raw = await tb.messages.getRaw(messageId, { data_format: "File" });
      return headerBlockOfMessage(typeof raw === "string" ? raw : await raw.text());
    },
    async paint(tabId, look) {
      const action = tb.messageDisplayAction;
      // Thunderbird applies them in the order they arrive: first the popup's address (a click never opens the
      // previous message's popup after the button changed), then what the reader needs first: the lock, the words,
      // the count, and the tooltip last.
      await Promise.all([
        action.setPopup({ tabId, popup: popupUrl(look.popupMessage) }),
        action.setIcon({ tabId, path: look.icon }),
        action.setLabel({ tabId, label: look.label }),
        action.setBadgeBackgroundColor({ tabId, color: look.badgeColor }),
        action.setBadgeText({ tabId, text: look.badgeText }),
        action.setTitle({ tabId, title: look.title }),
      ]);
    },
  };
}

function messagesOf(displayed: MessageList | MessageHeader[] | null | undefined): MessageHeader[] {
  if (!displayed) return [];
  return Array.isArray(displayed) ? displayed : displayed.messages;
}

function majorVersion(version: string): number {
  return Number.parseInt(version, 10) || 0;
}
