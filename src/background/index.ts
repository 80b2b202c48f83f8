/**
 * Hoplock's background (a Manifest V3 event page). Wiring only; the logic is in `background.ts`.
 *
 * Contract with the popup and the end-to-end tests:
 * - Toolbar button, per tab: icon `/icons/lock-<state>.svg` (state = the verdict, or `neutral` while analysing,
 *   for several or no messages, or `error`), title = the verdict in one sentence, badge = a short mark.
 * - `storage.session` (`storage.local` where Thunderbird has no session area): key `results` holds the index
 *   `{ settings, ids }` (oldest first, at most 50), key `result:<messageId>` one `{ messageId, headerMessageId,
 *   report, storedAt, settings }`; `settings` fingerprints the options the reports were made under (results made
 *   under other options are dropped).
 * - `runtime.sendMessage({ type: "hoplock:getReport", messageId })` replies
 *   `{ ok: true, messageId, reportJson }` (the report as JSON text: see `ReportReplyMessage`) or
 *   `{ ok: false, messageId, error: { code, message } }` with code `not-found` (message gone), `unreadable` (headers
 *   could not be read) or `bad-request`.
 * - `runtime.sendMessage({ type: "hoplock:anonymiseLine", line })` replies `{ line }`: the Received value with
 *   everything personal replaced (`anonymiseReceived`); a request that is not a string of at most 64 KiB gets no reply.
 * - Options: `storage.local`, key `options`: `{ trustedDomains, minTlsVersion, badgeMode, tagMessages }`.
 * - Correspondent memory: `storage.local`, key `correspondentMemory` (src/audit/memory.ts's saved form), written a
 *   second after a change. `{ type: "hoplock:recordHandoffs", handoffs }` (the audit page) adds hand-offs and replies
 *   `{ ok, recorded }`; `{ type: "hoplock:clearMemory" }` (the options page) empties it. A report reply carries
 *   `downgrade`: the memory's possible-downgrade check for that message, or null.
 * - The main toolbar's button (`action`) opens build/addon/audit.html?tab=<mail tab id> in a new tab.
 * - The page's global `hoplockReplyAtHand(messageId)` returns the reply for a report held in memory, or null: the
 *   popup, in the same process, calls it through `extension.getBackgroundPage()` before any message round trip.
 */
import { analyze, anonymiseReceived } from "../analyzer/index.ts";
import browser from "../shared/browser.ts";
import { createTranslator } from "../shared/i18n.ts";
import type { ReplyAtHand } from "../shared/protocol.ts";
import { REPLY_AT_HAND } from "../shared/protocol.ts";
import { startBackground } from "./background.ts";
import { createPlatform } from "./platform.ts";
import { createMailboxApi, createThunderbirdApi } from "./thunderbird.ts";

const background = startBackground({
  thunderbird: createThunderbirdApi(browser),
  tags: createMailboxApi(browser),
  platform: createPlatform(browser),
  analyze,
  anonymise: anonymiseReceived,
  t: createTranslator((name) => browser.i18n.getMessage(name), browser.i18n.getUILanguage()),
});

const replyAtHand: ReplyAtHand = (messageId) => background.replyAtHand(messageId);
Object.assign(globalThis, { [REPLY_AT_HAND]: replyAtHand });
