/**
 * Reads the header blocks of a scope's messages: the list's pages one after another (`continueList`), and a few
 * `getHeaders` reads in flight at once, so Thunderbird always has the next read queued while the page handles the
 * last. Cancelling starts no further read or page, ends the list in Thunderbird (`abortList`) and drops what
 * arrives afterwards. Only ids are kept of the listed messages, so a long list costs little memory.
 */
import type { AuditScope, MailboxApi, MessageList } from "../background/thunderbird.ts";

/** Reads kept in flight: enough that Thunderbird never waits for the page between two reads. */
export const READS_IN_FLIGHT = 4;

export type ReaderApi = Pick<MailboxApi, "listMessages" | "continueList" | "abortList" | "readRawHeaders">;

export interface ListedMessage {
  id: number;
  headerMessageId: string | null;
}

export interface ReaderEvents {
  /** How many messages are listed so far, and whether that is all of them. */
  listed(count: number, complete: boolean): void;
  /** A message's raw header block. No further read starts from this slot until the returned promise settles. */
  read(message: ListedMessage, headerBlock: string): void | Promise<void>;
  /** Thunderbird could not read this message (offline IMAP, deleted meanwhile…); the others are read on. */
  unreadable(message: ListedMessage, error: unknown): void;
}

export type ReadOutcome = "complete" | "cancelled";

export class MessageReader {
  private cancelled = false;
  private failure: { error: unknown } | null = null;
  /** Listed but not yet taken by a read; `next` is the first one not taken. */
  private queue: ListedMessage[] = [];
  private next = 0;
  private listedCount = 0;
  private listingDone = false;
  /** The list Thunderbird is still filling, if any. */
  private openList: string | null = null;
  private readonly aborted = new Set<string>();
  private readonly waiting: (() => void)[] = [];
  private stopped: () => void = () => undefined;

  constructor(
    private readonly api: ReaderApi,
    private readonly events: ReaderEvents,
    private readonly inFlight = READS_IN_FLIGHT,
  ) {}

  /** Resolves once every listed message was read, or at once when cancelled; rejects when the listing fails. */
  async read(scope: AuditScope): Promise<ReadOutcome> {
    const stoppedEarly = new Promise<void>((resolve) => (this.stopped = resolve));
    const work = Promise.all([this.list(scope), ...Array.from({ length: this.inFlight }, () => this.readLoop())]);
    work.catch(() => undefined); // its failure is reported below, through `failure`
    await Promise.race([work, stoppedEarly]);
    if (this.failure) throw this.failure.error;
    return this.cancelled ? "cancelled" : "complete";
  }

  /** No read or page starts after this; the list Thunderbird is filling is ended. */
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    if (this.openList !== null) this.abort(this.openList);
    this.wakeReaders();
    this.stopped();
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }

  private async list(scope: AuditScope): Promise<void> {
    try {
      let page: MessageList = await this.api.listMessages(scope);
      for (;;) {
        this.openList = page.id;
        if (this.cancelled) {
          if (page.id !== null) this.abort(page.id);
          return;
        }
        this.take(page);
        if (page.id === null) break;
        page = await this.api.continueList(page.id);
      }
      this.listingDone = true;
      this.events.listed(this.listedCount, true);
    } catch (error) {
      if (this.cancelled) return; // an aborted list may reject its pending page
      this.failure = { error };
      this.stopped();
    } finally {
      this.listingDone = true;
      this.wakeReaders();
    }
  }

  private take(page: MessageList): void {
    if (this.next > 4096 && this.next * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.next); // taken entries are dropped now and then, not one by one
      this.next = 0;
    }
    for (const message of page.messages) this.queue.push({ id: message.id, headerMessageId: message.headerMessageId ?? null });
    this.listedCount += page.messages.length;
    if (page.id !== null) this.events.listed(this.listedCount, false);
    this.wakeReaders();
  }

  private async readLoop(): Promise<void> {
    for (;;) {
      const message = await this.nextMessage();
      // Cancel may have come while this loop waited to resume: it must not start another read.
      if (message === null || this.cancelled) return;
      let headerBlock: string;
      try {
        headerBlock = await this.api.readRawHeaders(message.id);
      } catch (error) {
        if (!this.cancelled) this.events.unreadable(message, error);
        continue;
      }
      if (this.cancelled) return;
      await this.events.read(message, headerBlock);
    }
  }

  /** The next listed message; null when the list is read to its end, or cancelled, or failed. */
  private async nextMessage(): Promise<ListedMessage | null> {
    for (;;) {
      if (this.cancelled || this.failure) return null;
      const message = this.queue[this.next];
      if (message) {
        this.next++;
        return message;
      }
      if (this.listingDone) return null;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private wakeReaders(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  private abort(listId: string): void {
    if (this.aborted.has(listId)) return;
    this.aborted.add(listId);
    this.api.abortList(listId).catch(() => undefined); // a list that just ended cannot be aborted: nothing lost
  }
}
