/**
 * The background's logic, independent of the real browser: paints each tab's toolbar button for the message it
 * displays, and answers the popup's report requests. Results are cached per message (see `ResultCache`). Each
 * displayed message's entry hand-off is checked against the correspondent memory (a possible downgrade shows on the
 * badge and in the popup) and then remembered; audits add theirs through RECORD_HANDOFFS. With the tag option on,
 * a displayed message gets the tag of its verdict.
 */
import type { AnalyzeOptions, Report, Verdict } from "../analyzer/types.ts";
import type { DowngradeCheck, EntryHandoff } from "../audit/index.ts";
import { entryHandoffOf, readMessageFacts } from "../audit/index.ts";
import type { Translator } from "../shared/i18n.ts";
import type { AddonOptions } from "../shared/options.ts";
import { analysisFingerprint, analyzeOptionsOf, loadOptions } from "../shared/options.ts";
import type { AnonymisedLineReply, PossibleDowngrade, ReportReplyMessage } from "../shared/protocol.ts";
import {
  errorText,
  GET_REPORT,
  isAnonymiseLineRequest,
  isClearMemoryRequest,
  isGetReportRequest,
  isRecordHandoffsRequest,
  possibleDowngrade,
} from "../shared/protocol.ts";
import { ensureVerdictTags, type TagApi } from "../shared/tagging.ts";
import { sameTags, TAG_PERMISSIONS, tagsWithVerdict } from "../shared/verdict-tags.ts";
import { analyzingLook, errorLook, neutralLook, reportLook } from "./action-look.ts";
import { MemoryStore } from "./memory-store.ts";
import type { Platform } from "./platform.ts";
import type { CachedResult } from "./result-cache.ts";
import { ResultCache } from "./result-cache.ts";
import type { ActionLook, MailboxApi, MessageHeader, ThunderbirdApi } from "./thunderbird.ts";

export interface BackgroundDeps {
  thunderbird: ThunderbirdApi;
  platform: Platform;
  analyze(rawHeaders: string, options: AnalyzeOptions): Report;
  anonymise(receivedValue: string): string;
  t: Translator;
  now?: () => number;
  /** Tag calls for the tag option; without them displayed messages are not tagged. */
  tags?: (TagApi & Pick<MailboxApi, "hasPermissions">) | undefined;
  /** Milliseconds before a memory change is written (see MemoryStore). */
  memorySaveDelayMs?: number;
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
  // The main toolbar's button opens the audit page for the folder shown in its window's mail tab.
  deps.thunderbird.onToolbarButtonClicked((tab) => void deps.thunderbird.openAuditPage(tab.type === "mail" ? (tab.id ?? null) : null).catch(() => undefined));
  return background;
}

export class Background {
  /** Per tab, the number of the latest display: a slower, older analysis must not paint over a newer message. */
  private readonly generations = new Map<number, number>();
  private readonly cache: ResultCache;
  readonly memory: MemoryStore;
  /** The memory's verdict on each message displayed in this event page's life, for the popup's first render. */
  private readonly downgrades = new Map<number, PossibleDowngrade | null>();
  private tagsReady: Promise<void> | null = null;

  constructor(private readonly deps: BackgroundDeps) {
    this.cache = new ResultCache(deps.platform.session);
    this.memory = new MemoryStore(deps.platform.local, deps.memorySaveDelayMs);
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
    const { report, handoff } = cached ?? (await this.analyzeAndStore(message, options));
    const downgrade = await this.checkAndRemember(message.id, handoff);
    if (options.tagMessages) void this.tagDisplayed(message.id, report.verdict);
    return reportLook(report, message.id, options.badgeMode, this.deps.t, downgrade);
  }

  /** The memory's check of the hand-off against the earlier ones from its organisation; then it is remembered. */
  private async checkAndRemember(messageId: number, handoff: EntryHandoff | null): Promise<PossibleDowngrade | null> {
    const check: DowngradeCheck | null = handoff === null ? null : await this.memory.checkAndRecord(handoff).catch(() => null);
    const downgrade = possibleDowngrade(check);
    this.downgrades.set(messageId, downgrade);
    return downgrade;
  }

  /** The tag option on a displayed message: its verdict's tag, its other tags kept; nothing without the permissions. */
  private async tagDisplayed(messageId: number, verdict: Verdict): Promise<void> {
    const tags = this.deps.tags;
    if (!tags) return;
    try {
      if (!(await tags.hasPermissions(TAG_PERMISSIONS))) return;
      this.tagsReady ??= ensureVerdictTags(tags, this.deps.t).catch((error: unknown) => {
        this.tagsReady = null;
        throw error;
      });
      await this.tagsReady;
      const existing = (await tags.getMessage(messageId)).tags ?? [];
      const wanted = tagsWithVerdict(existing, verdict);
      if (!sameTags(existing, wanted)) await tags.setTags(messageId, wanted);
    } catch {
      // a message deleted meanwhile, a permission withdrawn: the verdict on the button is what matters
    }
  }

  /** The runtime-message entry point; `undefined` for messages that are not Hoplock's. */
  answer(message: unknown): Promise<unknown> | undefined {
    if (isGetReportRequest(message)) return this.reportReply(message.messageId);
    if (isAnonymiseLineRequest(message)) return Promise.resolve({ line: this.deps.anonymise(message.line) } satisfies AnonymisedLineReply);
    if (isRecordHandoffsRequest(message)) return this.memory.recordAll(message.handoffs).then((recorded) => ({ ok: true, recorded }));
    if (isClearMemoryRequest(message))
      return this.memory
        .clear()
        .then(() => this.downgrades.clear())
        .then(() => ({ ok: true }));
    const type = (message as { type?: unknown } | null)?.type;
    if (type !== GET_REPORT) return undefined;
    return Promise.resolve({ ok: false, messageId: null, error: { code: "bad-request", message: "messageId must be an integer" } });
  }

  /** The reply for a result this background holds in memory, at once; null otherwise (see REPLY_AT_HAND). */
  replyAtHand(messageId: number): ReportReplyMessage | null {
    const remembered = this.cache.inMemory(messageId);
    const downgrade = this.downgrades.get(messageId);
    return remembered && downgrade !== undefined ? replyOf(remembered.result, downgrade) : null;
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
      const result = this.usableResult(stored, message, options) ?? (await this.analyzeAndStore(message, options));
      return replyOf(result, await this.downgradeOf(result));
    } catch (error) {
      return { ok: false, messageId, error: { code: "unreadable", message: errorText(error) } };
    }
  }

  /** The check made when the message was displayed, else one made now (the event page may have restarted since). */
  private async downgradeOf(result: CachedResult): Promise<PossibleDowngrade | null> {
    const known = this.downgrades.get(result.messageId);
    if (known !== undefined || result.handoff === null) return known ?? null;
    return possibleDowngrade(await this.memory.check(result.handoff).catch(() => null));
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
    const handoff = rememberableHandoff(report, raw);
    const entry = {
      messageId: message.id,
      headerMessageId: message.headerMessageId ?? null,
      subject: message.subject ?? null,
      report,
      storedAt: (this.deps.now ?? Date.now)(),
      handoff,
    };
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

/** Facts of nothing: every field null. */
const NO_FACTS = readMessageFacts("");

/**
 * The hand-off the memory may use. The message's facts (Message-ID, List-Id, TLS-Required) are read only once the
 * report shows one: reading them scans the whole header block, which for a looping message is 100,000 fields.
 */
function rememberableHandoff(report: Report, raw: string): EntryHandoff | null {
  if (entryHandoffOf(report, NO_FACTS).kind !== "handoff") return null;
  const reading = entryHandoffOf(report, readMessageFacts(raw));
  return reading.kind === "handoff" ? reading.handoff : null;
}

function replyOf(result: CachedResult, downgrade: PossibleDowngrade | null): ReportReplyMessage {
  return { ok: true, messageId: result.messageId, subject: result.subject, reportJson: result.reportJson, downgrade };
}
