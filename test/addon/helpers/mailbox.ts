/**
 * A typed fake of the adapter's `MailboxApi` (the audit and options pages' Thunderbird), fed from real header blocks:
 * paged lists that stay open until read to the end or aborted, header reads (each returns what Thunderbird's
 * getHeaders dictionary rebuilds to), tags with `messages.update`'s replace semantics, permissions, and a log of
 * every call in order.
 */
import type {
  AuditScope,
  MailboxApi,
  MailTab,
  MessageHeader,
  MessageList,
  MessageTag,
  OpenTarget,
  OptionalPermission,
} from "../../../src/background/thunderbird.ts";
import { headerBlockFromDictionary, type HeadersDictionary } from "../../../src/background/header-block.ts";

export type MailboxCall = [name: string, ...args: unknown[]];

interface FakeMail {
  header: MessageHeader;
  headerBlock: string;
}

/** What Thunderbird's getHeaders returns for a header block: lower-case names, raw values with their folding. */
export function getHeadersOf(headerBlock: string): HeadersDictionary {
  const dictionary: HeadersDictionary = {};
  for (const field of headerBlock.replace(/\r?\n/g, "\r\n").split(/\r\n(?![ \t])/)) {
    const colon = field.indexOf(":");
    if (colon <= 0) continue;
    const name = field.slice(0, colon).trim().toLowerCase();
    (dictionary[name] ??= []).push(field.slice(colon + 1).trimStart());
  }
  return dictionary;
}

export class FakeMailbox implements MailboxApi {
  readonly calls: MailboxCall[] = [];
  readonly mail = new Map<number, FakeMail>();
  readonly tags: MessageTag[] = [];
  readonly granted = new Set<OptionalPermission>();
  /** Whether a permission request is answered yes (the user's click on Thunderbird's prompt). */
  grantRequests = true;
  pageSize = 100;
  /** Thunderbird fills a list's pages ahead with a pause per page (25 ms); a delay keeps the list open meanwhile. */
  pageDelayMs = 0;
  /** A pause per header read, as Thunderbird's own (about 0.8 ms a message). */
  readDelayMs = 0;
  mailTab: MailTab | null = { tabId: 7 };
  /** Message ids whose headers cannot be read. */
  readonly unreadable = new Set<number>();
  /** Called at each header read, before it answers: lets a test act mid-audit. */
  onRead: ((messageId: number) => void) | null = null;
  private readonly lists = new Map<string, MessageHeader[]>();
  private nextList = 1;
  selected: number[] = [];

  /** Adds messages with ids from `firstId`, one per header block. */
  add(headerBlocks: readonly string[], firstId = 1): number[] {
    return headerBlocks.map((headerBlock, i) => {
      const id = firstId + i;
      const messageId = /^message-id:\s*<([^>]*)>/im.exec(headerBlock)?.[1];
      this.mail.set(id, { header: { id, ...(messageId ? { headerMessageId: messageId } : {}), tags: [] }, headerBlock });
      return id;
    });
  }

  async findMailTab(tabId: number | null): Promise<MailTab | null> {
    this.calls.push(["findMailTab", tabId]);
    return this.mailTab;
  }

  /** When set, the first page of a list waits for it (Thunderbird is still searching). */
  listGate: Promise<void> | null = null;

  async listMessages(scope: AuditScope): Promise<MessageList> {
    this.calls.push(["listMessages", scope]);
    await this.listGate;
    const all = [...this.mail.values()].map((mail) => ({ ...mail.header }));
    if (scope.kind === "selected") return this.page(all.filter((header) => this.selected.includes(header.id)));
    return this.page(all);
  }

  async continueList(listId: string): Promise<MessageList> {
    this.calls.push(["continueList", listId]);
    if (this.pageDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.pageDelayMs));
    const rest = this.lists.get(listId);
    if (!rest) throw new Error(`Invalid message list ${listId}`);
    this.lists.delete(listId);
    return this.page(rest, listId);
  }

  async abortList(listId: string): Promise<void> {
    this.calls.push(["abortList", listId]);
    this.lists.delete(listId);
  }

  /** Lists still open in "Thunderbird". */
  get openLists(): number {
    return this.lists.size;
  }

  async readRawHeaders(messageId: number): Promise<string> {
    this.calls.push(["readRawHeaders", messageId]);
    this.onRead?.(messageId);
    await (this.readDelayMs > 0 ? new Promise((resolve) => setTimeout(resolve, this.readDelayMs)) : Promise.resolve());
    const mail = this.mail.get(messageId);
    if (!mail || this.unreadable.has(messageId)) throw new Error(`Message ${messageId} could not be read`);
    return headerBlockFromDictionary(getHeadersOf(mail.headerBlock));
  }

  async readHeadersOnly(messageId: number): Promise<void> {
    this.calls.push(["readHeadersOnly", messageId]);
  }

  async openMessage(target: OpenTarget): Promise<void> {
    this.calls.push(["openMessage", target]);
  }

  async getMessage(messageId: number): Promise<MessageHeader> {
    this.calls.push(["getMessage", messageId]);
    const mail = this.mail.get(messageId);
    if (!mail) throw new Error(`Message ${messageId} not found`);
    return { ...mail.header, tags: [...(mail.header.tags ?? [])] };
  }

  /** Replaces the tag set, dropping keys that are not defined tags (as Thunderbird does). */
  async setTags(messageId: number, tags: string[]): Promise<void> {
    this.calls.push(["setTags", messageId, tags]);
    this.need("messagesUpdate");
    const mail = this.mail.get(messageId);
    if (!mail) throw new Error(`Message ${messageId} not found`);
    mail.header.tags = tags.filter((key) => this.tags.some((tag) => tag.key === key));
  }

  async listTags(): Promise<MessageTag[]> {
    this.calls.push(["listTags"]);
    this.need("messagesTagsList");
    return this.tags.map((tag) => ({ ...tag }));
  }

  async createTag(tag: MessageTag): Promise<void> {
    this.calls.push(["createTag", tag]);
    this.need("messagesTags");
    if (this.tags.some((existing) => existing.key === tag.key)) throw new Error(`tag ${tag.key} exists`);
    this.tags.push({ ...tag });
  }

  async deleteTag(key: string): Promise<void> {
    this.calls.push(["deleteTag", key]);
    this.need("messagesTags");
    this.tags.splice(
      this.tags.findIndex((tag) => tag.key === key),
      1,
    );
  }

  async listTagged(keys: readonly string[]): Promise<MessageList> {
    this.calls.push(["listTagged", keys]);
    return this.page([...this.mail.values()].map((mail) => mail.header).filter((header) => header.tags?.some((key) => keys.includes(key))));
  }

  async showTagged(tabId: number, keys: readonly string[]): Promise<void> {
    this.calls.push(["showTagged", tabId, keys]);
  }

  async hasPermissions(names: readonly OptionalPermission[]): Promise<boolean> {
    this.calls.push(["hasPermissions", names]);
    return names.every((name) => this.granted.has(name));
  }

  async requestPermissions(names: readonly OptionalPermission[]): Promise<boolean> {
    this.calls.push(["requestPermissions", names]);
    if (this.grantRequests) for (const name of names) this.granted.add(name);
    return names.every((name) => this.granted.has(name));
  }

  callsNamed(name: string): MailboxCall[] {
    return this.calls.filter(([called]) => called === name);
  }

  private page(messages: MessageHeader[], listId: string | null = null): MessageList {
    const first = messages.slice(0, this.pageSize);
    const rest = messages.slice(this.pageSize);
    if (rest.length === 0) return { id: null, messages: first };
    const id = listId ?? `list-${this.nextList++}`;
    this.lists.set(id, rest);
    return { id, messages: first };
  }

  private need(permission: OptionalPermission): void {
    if (!this.granted.has(permission)) throw new Error(`Missing permission ${permission}`);
  }
}
