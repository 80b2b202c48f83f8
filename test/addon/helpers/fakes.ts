/** Typed fakes of the Thunderbird adapter and the WebExtension platform, fed from real .eml fixtures. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Platform } from "../../../src/background/platform.ts";
import type { ActionLook, MessageHeader, TabInfo, ThunderbirdApi } from "../../../src/background/thunderbird.ts";
import { headerBlockOfMessage } from "../../../src/background/header-block.ts";
import type { KeyValueArea } from "../../../src/shared/storage.ts";

export const ROOT = join(import.meta.dirname, "../../..");
export const FIXTURES = join(ROOT, "test/fixtures/messages");

export function readFixture(name: string): string {
  const path = name.includes("/") ? join(ROOT, name) : join(FIXTURES, name);
  return readFileSync(path, "utf8");
}

interface FakeMessage {
  header: MessageHeader;
  source: string;
}

/** Thunderbird as the background sees it: messages by id, per-tab button state, and every call recorded. */
export class FakeThunderbird implements ThunderbirdApi {
  readonly paints: { tabId: number; look: ActionLook }[] = [];
  readonly headerReads: number[] = [];
  readonly auditPagesOpened: (number | null)[] = [];
  private readonly toolbarListeners: ((tab: TabInfo) => void)[] = [];
  /** The active tab as `tabs.query` would see it. */
  activeTab: TabInfo = { id: 1, type: "mail" };
  private readonly messages = new Map<number, FakeMessage>();
  private readonly displayed = new Map<number, MessageHeader[]>();
  private readonly displayListeners: ((tabId: number, messages: MessageHeader[]) => void)[] = [];
  private readonly gates = new Map<number, { opened: Promise<void>; open(): void }>();
  readFailure: Error | null = null;

  addMessage(id: number, fixture: string, subject = `Message ${id}`): MessageHeader {
    return this.addSource(id, readFixture(fixture), subject);
  }

  /** A message from its source text (a header block built by the test, say). */
  addSource(id: number, source: string, subject = `Message ${id}`): MessageHeader {
    const header = { id, headerMessageId: `<${id}@fixture.test>`, subject };
    this.messages.set(id, { header, source });
    return header;
  }

  deleteMessage(id: number): void {
    this.messages.delete(id);
  }

  /** Holds `readRawHeaders(id)` until the returned function is called: an analysis caught mid-way. */
  holdHeaders(id: number): () => void {
    let open = (): void => undefined;
    const opened = new Promise<void>((resolve) => (open = resolve));
    this.gates.set(id, { opened, open });
    return open;
  }

  /** What Thunderbird does when a tab shows messages: fires onMessagesDisplayed. */
  display(tabId: number, ids: number[]): void {
    const headers = ids.map((id) => this.mustGet(id).header);
    this.displayed.set(tabId, headers);
    for (const listener of this.displayListeners) listener(tabId, headers);
  }

  lookOf(tabId: number): ActionLook | undefined {
    return this.paints.filter((paint) => paint.tabId === tabId).at(-1)?.look;
  }

  get displayListenerCount(): number {
    return this.displayListeners.length;
  }

  onMessagesDisplayed(listener: (tabId: number, messages: MessageHeader[]) => void): void {
    this.displayListeners.push(listener);
  }

  async getMessage(messageId: number): Promise<MessageHeader> {
    return this.mustGet(messageId).header;
  }

  /** The first tab that displayed something stands for the active tab. */
  async getDisplayedMessages(): Promise<MessageHeader[]> {
    return this.displayed.values().next().value ?? [];
  }

  async readRawHeaders(messageId: number): Promise<string> {
    this.headerReads.push(messageId);
    await this.gates.get(messageId)?.opened;
    if (this.readFailure) throw this.readFailure;
    return headerBlockOfMessage(this.mustGet(messageId).source);
  }

  async paint(tabId: number, look: ActionLook): Promise<void> {
    this.paints.push({ tabId, look });
  }

  onToolbarButtonClicked(listener: (tab: TabInfo) => void): void {
    this.toolbarListeners.push(listener);
  }

  /** What Thunderbird does when the main toolbar's button is clicked. */
  clickToolbarButton(tab: TabInfo = this.activeTab): void {
    for (const listener of this.toolbarListeners) listener(tab);
  }

  get toolbarListenerCount(): number {
    return this.toolbarListeners.length;
  }

  async activeMailTab(): Promise<number | null> {
    return this.activeTab.type === "mail" ? (this.activeTab.id ?? null) : null;
  }

  async openAuditPage(mailTabId: number | null): Promise<void> {
    this.auditPagesOpened.push(mailTabId);
  }

  private mustGet(id: number): FakeMessage {
    const message = this.messages.get(id);
    if (!message) throw new Error(`Message ${id} not found`);
    return message;
  }
}

/** A storage area that, like the real one, stores copies (structured clone), never the caller's objects. */
export class MemoryArea implements KeyValueArea {
  readonly data = new Map<string, unknown>();

  async get(key: string): Promise<unknown> {
    return structuredClone(this.data.get(key));
  }

  async set(key: string, value: unknown): Promise<void> {
    this.data.set(key, structuredClone(value));
  }

  async remove(key: string): Promise<void> {
    this.data.delete(key);
  }
}

/** Storage and runtime messaging. Reusing one instance across two backgrounds models an event-page restart. */
export class FakePlatform implements Platform {
  private readonly messageListeners: ((message: unknown) => Promise<unknown> | undefined)[] = [];
  readonly local = new MemoryArea();
  readonly session = new MemoryArea();

  onMessage(listener: (message: unknown) => Promise<unknown> | undefined): void {
    this.messageListeners.push(listener);
  }

  /** runtime.sendMessage: the first listener that answers wins; undefined when none does. */
  send(message: unknown): Promise<unknown> | undefined {
    for (const listener of this.messageListeners) {
      const reply = listener(message);
      if (reply !== undefined) return reply;
    }
    return undefined;
  }

  get messageListenerCount(): number {
    return this.messageListeners.length;
  }
}

/** Lets pending promise chains and timers run until the condition holds (or fails the test after UNTIL_MS). */
export async function until(condition: () => boolean | Promise<boolean>, what = "condition"): Promise<void> {
  // A deadline in time, not in turns: a busy machine may run many turns before a few-millisecond timer fires.
  const deadline = Date.now() + UNTIL_MS;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (await condition()) return;
  throw new Error(`Timed out waiting for ${what}`);
}

const UNTIL_MS = 2000;
