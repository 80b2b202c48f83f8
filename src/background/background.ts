/**
 * The background's logic, independent of the real browser: paints each tab's toolbar button for the message it
 * displays, and answers the popup's report requests. Results are cached per message (see `ResultCache`).
 */
import type { AnalyzeOptions, Report } from "../analyzer/types.ts";
import type { Translator } from "../shared/i18n.ts";
import type { AddonOptions } from "../shared/options.ts";
import { analysisFingerprint, analyzeOptionsOf, loadOptions } from "../shared/options.ts";
import type { AnonymisedLineReply, ReportReplyMessage } from "../shared/protocol.ts";
import { errorText, GET_REPORT, isAnonymiseLineRequest, isGetReportRequest } from "../shared/protocol.ts";
import { analyzingLook, errorLook, neutralLook, reportLook } from "./action-look.ts";
import type { Platform } from "./platform.ts";
import type { CachedResult } from "./result-cache.ts";
import { ResultCache } from "./result-cache.ts";
import type { ActionLook, MessageHeader, ThunderbirdApi } from "./thunderbird.ts";

export interface BackgroundDeps {
  thunderbird: ThunderbirdApi;
  platform: Platform;
  analyze(rawHeaders: string, options: AnalyzeOptions): Report;
  anonymise(receivedValue: string): string;
  t: Translator;
  now?: () => number;
}

/**
 * Registers every listener synchronously: an event page woken by an event must have its listener in place.
 * Options are read for every message, so a change applies to the next one displayed; cached results made under
 * other options are not reused (see `ResultCache`).
 */
export function startBackground(deps: BackgroundDeps): Background {
  const background = new Background(deps);
  deps.thunderbird.onMessagesDisplayed((tabId, messages) => void background.show(tabId, messages));
  deps.platform.onMessage((message) => background.answer(message));
  return background;
}

export class Background {
  /** Per tab, the number of the latest display: a slower, older analysis must not paint over a newer message. */
  private readonly generations = new Map<number, number>();
  private readonly cache: ResultCache;

  constructor(private readonly deps: BackgroundDeps) {
    this.cache = new ResultCache(deps.platform.session);
  }

  /** Paints the tab's button for what it now displays; resolves once painted, or once superseded. */
  async show(tabId: number, messages: readonly MessageHeader[]): Promise<void> {
    const generation = this.nextGeneration(tabId);
    const [message] = messages;
    if (messages.length !== 1 || !message) return this.paint(tabId, generation, neutralLook(messages.length, this.deps.t));
    const look = await this.lookOf(message, tabId, generation).catch(() => errorLook(message.id, this.deps.t));
    await this.paint(tabId, generation, look);
  }

  /**
   * The button's look for one message; shows the neutral "checking" state first when it has to analyse. That paint
   * is not awaited (Thunderbird resolves it a frame later), so reading the headers does not wait for it; the final
   * paint cannot overtake it, as one page's API calls reach Thunderbird in the order they were made.
   */
  private async lookOf(message: MessageHeader, tabId: number, generation: number): Promise<ActionLook> {
    const [options, stored] = await Promise.all([this.options(), this.cache.read(message.id)]);
    const cached = this.usableResult(stored, message, options);
    if (!cached) void this.paint(tabId, generation, analyzingLook(message.id, this.deps.t));
    const { report } = cached ?? (await this.analyzeAndStore(message, options));
    return reportLook(report, message.id, options.badgeMode, this.deps.t);
  }

  /** The runtime-message entry point; `undefined` for messages that are not Hoplock's. */
  answer(message: unknown): Promise<ReportReplyMessage | AnonymisedLineReply> | undefined {
    if (isGetReportRequest(message)) return this.reportReply(message.messageId);
    if (isAnonymiseLineRequest(message)) return Promise.resolve({ line: this.deps.anonymise(message.line) });
    const type = (message as { type?: unknown } | null)?.type;
    if (type !== GET_REPORT) return undefined;
    return Promise.resolve({ ok: false, messageId: null, error: { code: "bad-request", message: "messageId must be an integer" } });
  }

  /** The reply for a result this background holds in memory, at once; null otherwise (see REPLY_AT_HAND). */
  replyAtHand(messageId: number): ReportReplyMessage | null {
    const remembered = this.cache.inMemory(messageId);
    return remembered ? replyOf(remembered.result) : null;
  }

  /** Resolves once every result computed so far has reached storage (or failed to). */
  whenStored(): Promise<void> {
    return this.cache.flushed();
  }

  /**
   * A result this background made is served at once: it is what the message's button shows (ids do not change
   * within a session, and changed options apply to the next message displayed, as the options page says).
   * Otherwise the options and the stored entry are read while Thunderbird looks the message up. The report crosses
   * as the JSON text the cache already holds.
   */
  private async reportReply(messageId: number): Promise<ReportReplyMessage> {
    const atHand = this.replyAtHand(messageId);
    if (atHand) return atHand;
    const found = this.deps.thunderbird.getMessage(messageId);
    const optionsAndStored = Promise.all([this.options(), this.cache.read(messageId)]);
    optionsAndStored.catch(() => undefined); // awaited below unless the message is gone
    let message: MessageHeader;
    try {
      message = await found;
    } catch (error) {
      return { ok: false, messageId, error: { code: "not-found", message: errorText(error) } };
    }
    try {
      const [options, stored] = await optionsAndStored;
      return replyOf(this.usableResult(stored, message, options) ?? (await this.analyzeAndStore(message, options)));
    } catch (error) {
      return { ok: false, messageId, error: { code: "unreadable", message: errorText(error) } };
    }
  }

  private options(): Promise<AddonOptions> {
    return loadOptions(this.deps.platform.local);
  }

  /** The cached result when it was made for this message under these options. */
  private usableResult(stored: unknown, message: MessageHeader, options: AddonOptions): CachedResult | null {
    return this.cache.usable(stored, message.headerMessageId ?? null, analysisFingerprint(options));
  }

  private async analyzeAndStore(message: MessageHeader, options: AddonOptions): Promise<CachedResult> {
    const raw = await this.deps.thunderbird.readRawHeaders(message.id);
    const report = this.deps.analyze(raw, analyzeOptionsOf(options));
    const entry = { messageId: message.id, headerMessageId: message.headerMessageId ?? null, subject: message.subject ?? null, report, storedAt: (this.deps.now ?? Date.now)() };
    // Not awaited: the cache serves the entry from memory at once, and only saves work, so a storage failure must
    // not cost the user the verdict.
    const { result, stored } = this.cache.store(analysisFingerprint(options), entry);
    stored.catch(() => undefined);
    return result;
  }

  private nextGeneration(tabId: number): number {
    const generation = (this.generations.get(tabId) ?? 0) + 1;
    this.generations.set(tabId, generation);
    return generation;
  }

  /** Paints only if no newer display started in the tab; a tab closed meanwhile is not an error worth reporting. */
  private async paint(tabId: number, generation: number, look: ActionLook): Promise<void> {
    if (this.generations.get(tabId) !== generation) return;
    await this.deps.thunderbird.paint(tabId, look).catch(() => undefined);
  }
}

function replyOf(result: CachedResult): ReportReplyMessage {
  return { ok: true, messageId: result.messageId, subject: result.subject, reportJson: result.reportJson };
}
