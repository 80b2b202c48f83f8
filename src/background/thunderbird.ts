/**
 * The one adapter over Thunderbird's own namespaces (`messages`, `messageDisplay`, `messageDisplayAction`,
 * `mailTabs`, `action`) and the few standard calls the add-on makes next to them (`tabs`, `permissions`).
 * Everything else takes a `ThunderbirdApi` (the background and the popup) or a `MailboxApi` (the audit page and the
 * options page), so tests use fakes. The types below are local: @types/webextension-polyfill describes Firefox and
 * knows none of these namespaces.
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
  /** Tag keys; `messages.update` replaces the whole set. */
  tags?: string[];
}

/** `messages.MessageList` (Manifest V3); MV2 passed a bare array. */
export interface MessageList {
  id: string | null;
  messages: MessageHeader[];
}

export interface TabInfo {
  id?: number;
  /** `mail` for a 3-pane tab, `messageDisplay`, `content`, … */
  type?: string;
}

/** `mailTabs.MailTab`, the fields Hoplock uses (Manifest V3 names it by `tabId`). */
export interface MailTab {
  tabId: number;
  /** `groupedByThread` hides the messages of collapsed threads from `getListedMessages`. */
  groupType?: string;
  /** Only with the accountsRead permission. */
  displayedFolder?: MailFolder;
}

export interface MailFolder {
  id: string;
  name?: string;
  path?: string;
}

/** `messages.tags.MessageTag`. */
export interface MessageTag {
  key: string;
  tag: string;
  color: string;
}

/** The optional permissions Hoplock may ask for, each on a click in the audit page or the options page. */
export type OptionalPermission = "accountsRead" | "messagesUpdate" | "messagesTags" | "messagesTagsList";

/** Where an audit reads its messages. */
export type AuditScope =
  /** The messages listed in a mail tab's current view (quick filter applied; collapsed threads' messages not listed). */
  | { kind: "listed"; tabId: number }
  | { kind: "selected"; tabId: number }
  /** All mail Thunderbird dates on or after this day (`YYYY-MM-DD`, local time), in every account. */
  | { kind: "since"; day: string }
  /** Every message of the folder a mail tab shows (needs accountsRead). */
  | { kind: "folder"; tabId: number };

/** How to open a listed message: by this session's id, or by Message-ID (results loaded from a saved audit). */
export type OpenTarget = { messageId: number } | { headerMessageId: string };

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
  return integerParam(search, "message");
}

function integerParam(search: string, name: string): number | null {
  const value = new URLSearchParams(search).get(name) ?? "";
  const id = /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(id) ? id : null;
}

/** `messages.query` and the quick filter name tags this way. */
interface TagsDetail {
  tags: Record<string, boolean>;
  mode: "any" | "all";
}

interface ThunderbirdNamespaces {
  messages: {
    get(messageId: number): Promise<MessageHeader>;
    getHeaders?: (messageId: number, options: { decodeHeaders: boolean }) => Promise<HeadersDictionary>;
    getFull(messageId: number, options?: { decodeHeaders?: boolean }): Promise<{ rawHeaders?: HeadersDictionary }>;
    getRaw(messageId: number, options: { data_format: "File" }): Promise<Blob | string>;
    list(folderId: string): Promise<MessageList>;
    query(queryInfo: { fromDate?: Date; tags?: TagsDetail }): Promise<MessageList>;
    continueList(messageListId: string): Promise<MessageList>;
    abortList(messageListId: string): Promise<void>;
    update(messageId: number, properties: { tags: string[] }): Promise<void>;
    tags: {
      list(): Promise<MessageTag[]>;
      create(key: string, tag: string, color: string): Promise<void>;
      delete(key: string): Promise<void>;
    };
  };
  messageDisplay: {
    onMessagesDisplayed: { addListener(listener: (tab: TabInfo, displayed: MessageList | MessageHeader[]) => void): void };
    /** Without a tab id (Thunderbird 127+): the active tab of the current window. */
    getDisplayedMessages(tabId?: number): Promise<MessageList | MessageHeader[]>;
    open(properties: OpenTarget & { active: boolean }): Promise<unknown>;
  };
  mailTabs: {
    query(queryInfo: { active?: boolean; currentWindow?: boolean }): Promise<MailTab[]>;
    get(tabId: number): Promise<MailTab>;
    getListedMessages(tabId: number): Promise<MessageList>;
    getSelectedMessages(tabId: number): Promise<MessageList | MessageHeader[]>;
    setQuickFilter(tabId: number, properties: { tags: TagsDetail }): Promise<void>;
  };
  action: {
    onClicked: { addListener(listener: (tab: TabInfo) => void): void };
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
  /** The main toolbar's Hoplock button; registers synchronously. The tab is the window's active one. */
  onToolbarButtonClicked(listener: (tab: TabInfo) => void): void;
  /** The id of the active tab of the current window when it is a mail tab (a folder's message list), else null. */
  activeMailTab(): Promise<number | null>;
  /** Opens the audit page in a new tab, for the messages of this mail tab (null: the page finds one). */
  openAuditPage(mailTabId: number | null): Promise<void>;
}

/** The audit page, as the manifest's build writes it. */
export const AUDIT_PAGE = "/build/addon/audit.html";

/** The audit page's URL for a mail tab: the page reads the id back with `mailTabOfAuditUrl`. */
export function auditPageUrl(mailTabId: number | null): string {
  return mailTabId === null ? AUDIT_PAGE : `${AUDIT_PAGE}?tab=${mailTabId}`;
}

export function mailTabOfAuditUrl(search: string): number | null {
  return integerParam(search, "tab");
}

/**
 * What the audit page and the options page do with mail: list messages by scope in pages, read their headers, open
 * one, tag them, show tagged ones in a tab's list, and ask for the optional permissions those need.
 */
export interface MailboxApi {
  /** The mail tab with this id, else the active mail tab of the current window, else any; null when there is none. */
  findMailTab(tabId: number | null): Promise<MailTab | null>;
  /** The first page of the scope's messages; `id` names the rest for `continueList`, null when there is none. */
  listMessages(scope: AuditScope): Promise<MessageList>;
  continueList(listId: string): Promise<MessageList>;
  /** Ends a list early: Thunderbird stops adding messages to it. */
  abortList(listId: string): Promise<void>;
  readRawHeaders(messageId: number): Promise<string>;
  /** `getHeaders` alone, its answer dropped: the bare read the audit's speed is measured against. */
  readHeadersOnly(messageId: number): Promise<void>;
  openMessage(target: OpenTarget): Promise<void>;
  getMessage(messageId: number): Promise<MessageHeader>;
  /** Replaces the message's whole tag set (Thunderbird's `messages.update`). */
  setTags(messageId: number, tags: string[]): Promise<void>;
  listTags(): Promise<MessageTag[]>;
  createTag(tag: MessageTag): Promise<void>;
  deleteTag(key: string): Promise<void>;
  /** Messages carrying any of these tags, in every account. */
  listTagged(keys: readonly string[]): Promise<MessageList>;
  /** Sets the mail tab's quick filter to messages with any of these tags. */
  showTagged(tabId: number, keys: readonly string[]): Promise<void>;
  hasPermissions(names: readonly OptionalPermission[]): Promise<boolean>;
  /** Must be called from a click handler before anything is awaited: Thunderbird requires user input. */
  requestPermissions(names: readonly OptionalPermission[]): Promise<boolean>;
}

/** `messages.getFull` accepts `decodeHeaders` and returns `rawHeaders` from Thunderbird 133 on. */
const FIRST_VERSION_WITH_RAW_HEADERS_IN_GET_FULL = 133;

type Thunderbird = Browser & ThunderbirdNamespaces;

/** `permissions` as Thunderbird has it: the Firefox types know none of Thunderbird's permission names. */
interface ThunderbirdPermissions {
  contains(permissions: { permissions: OptionalPermission[] }): Promise<boolean>;
  request(permissions: { permissions: OptionalPermission[] }): Promise<boolean>;
}

/**
 * The raw header block with the version fallbacks: `getHeaders` (147+), `getFull` with raw headers (133–146),
 * `getRaw` cut at the header block (128–132); chosen by feature and version, never by trial and error.
 */
function headerReader(tb: Thunderbird): (messageId: number) => Promise<string> {
  let getFullHasRawHeaders: Promise<boolean> | null = null;
  const supportsRawGetFull = (): Promise<boolean> =>
    (getFullHasRawHeaders ??= tb.runtime.getBrowserInfo().then((info) => majorVersion(info.version) >= FIRST_VERSION_WITH_RAW_HEADERS_IN_GET_FULL));
  return async (messageId) => {
    if (typeof tb.messages.getHeaders === "function") return headerBlockFromDictionary(await tb.messages.getHeaders(messageId, { decodeHeaders: false }));
    if (await supportsRawGetFull()) {
      const { rawHeaders } = await tb.messages.getFull(messageId, { decodeHeaders: false });
      if (rawHeaders) return headerBlockFromDictionary(rawHeaders);
    }
    const raw = await tb.messages.getRaw(messageId, { data_format: "File" });
    return headerBlockOfMessage(typeof raw === "string" ? raw : await raw.text());
  };
}

export function createThunderbirdApi(browser: Browser): ThunderbirdApi {
  const tb = browser as Thunderbird;
  const readRawHeaders = headerReader(tb);
  return {
    onMessagesDisplayed(listener) {
      tb.messageDisplay.onMessagesDisplayed.addListener((tab, displayed) => listener(tab.id ?? -1, messagesOf(displayed)));
    },
    getMessage: (messageId) => tb.messages.get(messageId),
    // One call instead of tabs.query first: the popup's content waits on it.
    getDisplayedMessages: async () => messagesOf(await tb.messageDisplay.getDisplayedMessages()),
    readRawHeaders,
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
    onToolbarButtonClicked(listener) {
      tb.action.onClicked.addListener((tab) => listener(tab));
    },
    async activeMailTab() {
      const [tab] = await tb.tabs.query({ active: true, currentWindow: true });
      return (tab as TabInfo | undefined)?.type === "mail" ? (tab?.id ?? null) : null;
    },
    async openAuditPage(mailTabId) {
      await tb.tabs.create({ url: auditPageUrl(mailTabId) });
    },
  };
}

export function createMailboxApi(browser: Browser): MailboxApi {
  const tb = browser as Thunderbird;
  const permissions = tb.permissions as unknown as ThunderbirdPermissions;
  const anyTags = (keys: readonly string[]): TagsDetail => ({ tags: Object.fromEntries(keys.map((key) => [key, true])), mode: "any" });
  return {
    async findMailTab(tabId) {
      if (tabId !== null) {
        const tab = await tb.mailTabs.get(tabId).catch(() => null);
        if (tab) return tab;
      }
      const [active] = await tb.mailTabs.query({ active: true, currentWindow: true });
      const [any] = active ? [active] : await tb.mailTabs.query({});
      return any ?? null;
    },
    async listMessages(scope) {
      switch (scope.kind) {
        case "listed":
          return tb.mailTabs.getListedMessages(scope.tabId);
        case "selected":
          return listOf(await tb.mailTabs.getSelectedMessages(scope.tabId));
        case "since":
          return tb.messages.query({ fromDate: localMidnight(scope.day) });
        case "folder": {
          const folder = (await tb.mailTabs.get(scope.tabId)).displayedFolder;
          if (!folder) throw new Error("The mail tab shows no folder.");
          return tb.messages.list(folder.id);
        }
      }
    },
    continueList: (listId) => tb.messages.continueList(listId),
    abortList: (listId) => tb.messages.abortList(listId),
    readRawHeaders: headerReader(tb),
    async readHeadersOnly(messageId) {
      await tb.messages.getHeaders?.(messageId, { decodeHeaders: false });
    },
    async openMessage(target) {
      await tb.messageDisplay.open({ ...target, active: true });
    },
    getMessage: (messageId) => tb.messages.get(messageId),
    setTags: (messageId, tags) => tb.messages.update(messageId, { tags }),
    listTags: () => tb.messages.tags.list(),
    createTag: ({ key, tag, color }) => tb.messages.tags.create(key, tag, color),
    deleteTag: (key) => tb.messages.tags.delete(key),
    listTagged: (keys) => tb.messages.query({ tags: anyTags(keys) }),
    showTagged: (tabId, keys) => tb.mailTabs.setQuickFilter(tabId, { tags: anyTags(keys) }),
    hasPermissions: (names) => permissions.contains({ permissions: [...names] }),
    requestPermissions: (names) => permissions.request({ permissions: [...names] }),
  };
}

/** `getSelectedMessages` answers with a MessageList in Manifest V3 (an array before). */
function listOf(messages: MessageList | MessageHeader[]): MessageList {
  return Array.isArray(messages) ? { id: null, messages } : messages;
}

/** The start of a calendar day in local time, as Thunderbird's date search counts days. */
function localMidnight(day: string): Date {
  const [year = NaN, month = NaN, date = NaN] = day.split("-").map(Number);
  return new Date(year, month - 1, date);
}

function messagesOf(displayed: MessageList | MessageHeader[] | null | undefined): MessageHeader[] {
  if (!displayed) return [];
  return Array.isArray(displayed) ? displayed : displayed.messages;
}

function majorVersion(version: string): number {
  return Number.parseInt(version, 10) || 0;
}
