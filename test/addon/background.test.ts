import assert from "node:assert/strict";
import { analyze, anonymiseReceived } from "../../src/analyzer/index.ts";
import type { AnalyzeOptions, Report } from "../../src/analyzer/types.ts";
import type { BackgroundDeps } from "../../src/background/background.ts";
import { startBackground } from "../../src/background/background.ts";
import { storedResults } from "./helpers/stored-results.ts";
import { OPTIONS_KEY } from "../../src/shared/options.ts";
import type { ReportReply, ReportReplyMessage } from "../../src/shared/protocol.ts";
import { fromReplyMessage } from "../../src/shared/protocol.ts";
import { FakePlatform, FakeThunderbird, until } from "./helpers/fakes.ts";
import { translator } from "./helpers/i18n.ts";

const GMAIL_TLS13 = "12-gmail-to-yandex-tls13.eml";
const CLEARTEXT = "16-powermta-to-eop-cleartext.eml";
const POSTMARK_TLS12 = "14-postmark-postfix-filter-dovecot.eml";
const NEUTRAL_ICON = "/icons/lock-neutral.svg";

function setup(platform = new FakePlatform(), lang = "en") {
  const thunderbird = new FakeThunderbird();
  const analyses: { raw: string; options: AnalyzeOptions }[] = [];
  const deps: BackgroundDeps = {
    thunderbird,
    platform,
    analyze: (raw, options) => {
      analyses.push({ raw, options });
      return analyze(raw, options);
    },
    anonymise: anonymiseReceived,
    t: translator(lang),
    now: () => 1_700_000_000_000,
  };
  const background = startBackground(deps);
  return { thunderbird, platform, background, analyses };
}

/** Displays and waits until the tab shows something other than the neutral "checking" state. */
async function displayAndSettle(thunderbird: FakeThunderbird, tabId: number, ids: number[]): Promise<void> {
  const before = thunderbird.paints.length;
  thunderbird.display(tabId, ids);
  await until(() => thunderbird.paints.slice(before).some((p) => p.tabId === tabId && p.look.title !== "Checking how this message travelled…"), "final paint");
}

describe("add-on background", () => {
  it("registers its event listeners synchronously at start, as an MV3 event page must", () => {
    const { thunderbird, platform } = setup();
    assert.equal(thunderbird.displayListenerCount, 1);
    assert.equal(platform.messageListenerCount, 1);
    assert.equal(thunderbird.toolbarListenerCount, 1);
  });

  it("opens the audit page from the main toolbar's button, for the mail tab it was clicked in", async () => {
    const { thunderbird } = setup();
    thunderbird.clickToolbarButton({ id: 4, type: "mail" });
    thunderbird.clickToolbarButton({ id: 6, type: "content" });
    await until(() => thunderbird.auditPagesOpened.length === 2, "two audit pages");
    assert.deepEqual(thunderbird.auditPagesOpened, [4, null], "from a tab that shows no folder, the page finds one itself");
  });

  it("says an encrypted message's verdict in its tab's button: lock, label, headline, no badge, its popup", async () => {
    const { thunderbird } = setup();
    thunderbird.addMessage(7, GMAIL_TLS13);
    await displayAndSettle(thunderbird, 3, [7]);
    assert.deepEqual(thunderbird.lookOf(3), {
      icon: "/icons/lock-encrypted.svg",
      label: "Encrypted",
      title: "Encrypted on its one hand-off",
      badgeText: "",
      badgeColor: "#1b7a35",
      popupMessage: 7,
    });
    assert.equal(thunderbird.lookOf(4), undefined, "other tabs are left alone");
  });

  it("says a cleartext message's verdict, with every state in the tooltip and the badge counting what is wrong", async () => {
    const { thunderbird } = setup();
    thunderbird.addMessage(1, CLEARTEXT);
    await displayAndSettle(thunderbird, 1, [1]);
    const look = thunderbird.lookOf(1);
    assert.equal(look?.icon, "/icons/lock-not-encrypted.svg");
    assert.equal(look?.label, "Not encrypted");
    assert.equal(look?.title, "Not encrypted on its one hand-off");
    assert.equal(look?.badgeText, "1", "one hand-off was not encrypted");
  });

  it("says the verdict in German in a German Thunderbird", async () => {
    const { thunderbird } = setup(new FakePlatform(), "de");
    thunderbird.addMessage(1, CLEARTEXT);
    await displayAndSettle(thunderbird, 1, [1]);
    assert.equal(thunderbird.lookOf(1)?.label, "Unverschlüsselt");
    assert.equal(thunderbird.lookOf(1)?.title, "Nicht verschlüsselt bei der einzigen Übergabe");
  });

  it("strips bidi controls from header text in the tooltip, which cannot isolate it", async () => {
    const { thunderbird } = setup();
    thunderbird.addMessage(1, "test/addon/fixtures/hostile-bidi-internal.eml");
    await displayAndSettle(thunderbird, 1, [1]);
    const look = thunderbird.lookOf(1);
    assert.equal(look?.icon, "/icons/lock-internal.svg");
    assert.equal(look?.title, "Never left mxelpmaxe.evil: no hand-off to judge", "the U+202E in the host name is gone");
    assert.doesNotMatch(`${look?.title}${look?.label}`, /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/);
  });

  it("paints each fixture with the icon of the analyzer's verdict", async () => {
    const fixtures = [
      "00-seed-hotmail-proofpoint-luxsci.eml",
      "02-ibm-proofpoint-gnu-exim-lfdr.eml",
      "08-redhat-mimecast-freedesktop.eml",
      GMAIL_TLS13,
      POSTMARK_TLS12,
      CLEARTEXT,
    ];
    const expected = ["not-encrypted", "encrypted", "encrypted", "encrypted", "encrypted", "not-encrypted"];
    const { thunderbird } = setup();
    for (const [i, fixture] of fixtures.entries()) {
      thunderbird.addMessage(i + 1, fixture);
      await displayAndSettle(thunderbird, i + 1, [i + 1]);
      assert.equal(thunderbird.lookOf(i + 1)?.icon, `/icons/lock-${expected[i]}.svg`, fixture);
    }
  });

  it("shows the neutral state while analysing, before the verdict", async () => {
    const { thunderbird } = setup();
    thunderbird.addMessage(1, GMAIL_TLS13);
    const release = thunderbird.holdHeaders(1);
    thunderbird.display(1, [1]);
    await until(() => thunderbird.paints.length === 1, "analysing paint");
    assert.deepEqual(thunderbird.lookOf(1), {
      icon: NEUTRAL_ICON,
      label: "Hoplock",
      title: "Checking how this message travelled…",
      badgeText: "",
      badgeColor: "#5f6368",
      popupMessage: 1,
    });
    release();
    await until(() => thunderbird.lookOf(1)?.icon === "/icons/lock-encrypted.svg", "verdict");
  });

  it("reads the headers without waiting for the neutral paint to be acknowledged", async () => {
    const { thunderbird } = setup();
    thunderbird.addMessage(1, GMAIL_TLS13);
    const paint = thunderbird.paint.bind(thunderbird);
    // Thunderbird acknowledges a paint only after its next frame; here, never.
    thunderbird.paint = (tabId, look) => (void paint(tabId, look), new Promise<void>(() => undefined));
    await displayAndSettle(thunderbird, 1, [1]);
    assert.deepEqual(
      thunderbird.paints.map((p) => p.look.icon),
      [NEUTRAL_ICON, "/icons/lock-encrypted.svg"],
    );
  });

  it("paints the verdict without waiting for storage, serves it from memory meanwhile, and stores it", async () => {
    const { thunderbird, platform, background, analyses } = setup();
    thunderbird.addMessage(1, GMAIL_TLS13);
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const set = platform.session.set.bind(platform.session);
    platform.session.set = async (key, value) => (await held, set(key, value));
    await displayAndSettle(thunderbird, 1, [1]);
    assert.equal(thunderbird.lookOf(1)?.icon, "/icons/lock-encrypted.svg");
    assert.deepEqual(await storedIds(platform), [], "not stored yet");
    const reply = await requestReport(platform, 1);
    assert.equal(reply?.ok && reply.report.verdict, "encrypted");
    assert.equal(analyses.length, 1, "the popup's request did not analyse again");
    release();
    await background.whenStored();
    assert.deepEqual(await storedIds(platform), [1]);
  });

  it("shows a neutral state and says so when several messages are displayed", async () => {
    const { thunderbird } = setup();
    thunderbird.addMessage(1, GMAIL_TLS13);
    thunderbird.addMessage(2, CLEARTEXT);
    thunderbird.display(5, [1, 2]);
    await until(() => thunderbird.paints.length === 1);
    assert.deepEqual(thunderbird.lookOf(5), {
      icon: NEUTRAL_ICON,
      label: "Hoplock",
      title: "2 messages are displayed: open one to see how it travelled.",
      badgeText: "",
      badgeColor: "#5f6368",
      popupMessage: null,
    });
    assert.deepEqual(thunderbird.headerReads, [], "nothing is analysed for a multi-selection");
  });

  it("never paints a message's result over the message the tab switched to meanwhile", async () => {
    const { thunderbird } = setup();
    thunderbird.addMessage(1, CLEARTEXT);
    thunderbird.addMessage(2, GMAIL_TLS13);
    const releaseFirst = thunderbird.holdHeaders(1);
    thunderbird.display(9, [1]);
    await until(() => thunderbird.headerReads.includes(1), "first analysis started");
    await displayAndSettle(thunderbird, 9, [2]);
    assert.equal(thunderbird.lookOf(9)?.icon, "/icons/lock-encrypted.svg");
    const paintsBefore = thunderbird.paints.length;
    releaseFirst();
    await until(() => thunderbird.paints.length > paintsBefore || false, "late result").catch(() => undefined);
    assert.equal(thunderbird.paints.length, paintsBefore, "the late cleartext result painted nothing");
    assert.equal(thunderbird.lookOf(9)?.icon, "/icons/lock-encrypted.svg");
  });

  it("keeps the switch-away result cached for when the message is shown again", async () => {
    const { thunderbird, platform } = setup();
    thunderbird.addMessage(1, CLEARTEXT);
    thunderbird.addMessage(2, GMAIL_TLS13);
    const release = thunderbird.holdHeaders(1);
    thunderbird.display(9, [1]);
    await until(() => thunderbird.headerReads.includes(1));
    await displayAndSettle(thunderbird, 9, [2]);
    release();
    await until(async () => (await storedIds(platform)).includes(1), "late result stored");
    await displayAndSettle(thunderbird, 9, [1]);
    assert.equal(thunderbird.lookOf(9)?.icon, "/icons/lock-not-encrypted.svg");
    assert.deepEqual(thunderbird.headerReads, [1, 2], "message 1 was read once");
  });

  it("stores results in storage.session (index `results`, entries `result:<id>`) and reuses them instead of re-reading headers", async () => {
    const { thunderbird, platform, analyses, background } = setup();
    thunderbird.addMessage(4, GMAIL_TLS13);
    await displayAndSettle(thunderbird, 1, [4]);
    await displayAndSettle(thunderbird, 2, [4]);
    assert.deepEqual(thunderbird.headerReads, [4]);
    assert.equal(analyses.length, 1);
    await background.whenStored();
    assert.deepEqual([...platform.session.data.keys()].sort(), ["result:4", "results"]);
    const stored = await storedResults(platform.session);
    assert.equal(stored.entries.length, 1);
    const [entry] = stored.entries;
    assert.equal(entry?.messageId, 4);
    assert.equal(entry?.headerMessageId, "<4@fixture.test>");
    assert.equal(entry?.report.verdict, "encrypted");
    assert.equal(entry?.storedAt, 1_700_000_000_000);
    assert.equal(thunderbird.lookOf(2)?.icon, "/icons/lock-encrypted.svg");
  });

  /** A background that showed a cleartext message 4, then a new one on the same storage: the event page restarted. */
  async function restartedAfterShowingMessage4() {
    const first = setup();
    first.thunderbird.addMessage(4, CLEARTEXT);
    await displayAndSettle(first.thunderbird, 1, [4]);
    await first.background.whenStored();
    return setup(first.platform);
  }

  it("after an event-page restart, paints from the persisted results without reading the message again", async () => {
    const restarted = await restartedAfterShowingMessage4();
    restarted.thunderbird.addMessage(4, CLEARTEXT);
    await displayAndSettle(restarted.thunderbird, 1, [4]);
    assert.deepEqual(restarted.thunderbird.headerReads, []);
    assert.equal(restarted.analyses.length, 0);
    assert.equal(restarted.thunderbird.lookOf(1)?.icon, "/icons/lock-not-encrypted.svg");
    assert.deepEqual(restarted.thunderbird.paints.length, 1, "a cached result paints once, without the neutral step");
  });

  it("does not reuse a result whose message id now belongs to another message", async () => {
    const restarted = await restartedAfterShowingMessage4();
    restarted.thunderbird.addMessage(4, GMAIL_TLS13, "other");
    const header = await restarted.thunderbird.getMessage(4);
    header.headerMessageId = "<different@fixture.test>";
    await displayAndSettle(restarted.thunderbird, 1, [4]);
    assert.equal(restarted.thunderbird.lookOf(1)?.icon, "/icons/lock-encrypted.svg");
  });

  it("applies changed options to the next displayed message and drops results made under the old ones", async () => {
    const { thunderbird, platform, background } = setup();
    thunderbird.addMessage(1, POSTMARK_TLS12);
    await displayAndSettle(thunderbird, 1, [1]);
    assert.equal(thunderbird.lookOf(1)?.icon, "/icons/lock-encrypted.svg");

    thunderbird.addMessage(2, GMAIL_TLS13);
    await displayAndSettle(thunderbird, 2, [2]);
    await background.whenStored();
    const before = await storedResults(platform.session);
    assert.deepEqual(
      before.entries.map((e) => e.messageId),
      [1, 2],
    );

    await platform.local.set(OPTIONS_KEY, { trustedDomains: [], minTlsVersion: "TLSv1.3", badgeMode: "problems" });
    await displayAndSettle(thunderbird, 1, [1]);
    const look = thunderbird.lookOf(1);
    assert.equal(look?.icon, "/icons/lock-weak.svg");
    assert.equal(look?.label, "Weak TLS");
    assert.equal(look?.title, "Weakly encrypted on its one hand-off");
    assert.equal(look?.badgeText, "1");
    assert.deepEqual(thunderbird.headerReads, [1, 2, 1]);
    await background.whenStored();
    const after = await storedResults(platform.session);
    assert.notEqual(after.settings, before.settings);
    assert.deepEqual(
      after.entries.map((e) => e.messageId),
      [1],
      "results made under the old options are gone",
    );
  });

  it("badges per the option: never; only problems (the default), with their count; always, with the count of hand-offs", async () => {
    const badges = async (badgeMode: string | undefined) => {
      const { thunderbird, platform } = setup();
      if (badgeMode) await platform.local.set(OPTIONS_KEY, { badgeMode });
      thunderbird.addMessage(1, "02-ibm-proofpoint-gnu-exim-lfdr.eml"); // encrypted, 3 hand-offs
      thunderbird.addMessage(2, CLEARTEXT); // 1 of 2 not encrypted
      await displayAndSettle(thunderbird, 1, [1]);
      await displayAndSettle(thunderbird, 2, [2]);
      assert.equal(thunderbird.lookOf(1)?.icon, "/icons/lock-encrypted.svg", "the icon tells whatever the badge");
      return [thunderbird.lookOf(1)?.badgeText, thunderbird.lookOf(2)?.badgeText];
    };
    assert.deepEqual(await badges("never"), ["", ""]);
    assert.deepEqual(await badges(undefined), ["", "1"]);
    assert.deepEqual(await badges("always"), ["3", "1"]);
  });

  it("passes the stored trusted domains and baseline to the analyzer, with the message's raw header block", async () => {
    const { thunderbird, platform, analyses } = setup();
    thunderbird.addMessage(1, GMAIL_TLS13);
    await platform.local.set(OPTIONS_KEY, { trustedDomains: ["Google.com", "not a domain"], minTlsVersion: "TLSv1.1" });
    await displayAndSettle(thunderbird, 1, [1]);
    assert.deepEqual(analyses[0]?.options, { trustedDomains: ["google.com"], minTlsVersion: "TLSv1.1" });
    assert.match(analyses[0]?.raw ?? "", /^Received: from iva4-2b810ee1e62f/);
    assert.doesNotMatch(analyses[0]?.raw ?? "", /holdout sample/, "the body is not part of the header block");
  });

  it("shows the error state when the headers cannot be read", async () => {
    const { thunderbird } = setup();
    thunderbird.addMessage(1, GMAIL_TLS13);
    thunderbird.readFailure = new Error("Network error");
    await displayAndSettle(thunderbird, 1, [1]);
    assert.deepEqual(thunderbird.lookOf(1), {
      icon: "/icons/lock-error.svg",
      label: "Could not check",
      title: "Hoplock could not read this message's headers.",
      badgeText: "",
      badgeColor: "#5f6368",
      popupMessage: 1,
    });
  });

  it("still paints the verdict and serves the popup when the result cannot be stored, and the error state when options cannot be read", async () => {
    const { thunderbird, platform, background, analyses } = setup();
    thunderbird.addMessage(1, GMAIL_TLS13);
    platform.session.set = () => Promise.reject(new Error("QuotaExceededError: storage.session quota exceeded"));
    await displayAndSettle(thunderbird, 1, [1]);
    assert.equal(thunderbird.lookOf(1)?.icon, "/icons/lock-encrypted.svg");
    await background.whenStored();
    const reply = await requestReport(platform, 1);
    assert.equal(reply?.ok && reply.report.verdict, "encrypted", "the memory copy serves the displayed result");
    assert.equal(analyses.length, 1, "without analysing again");
    platform.local.get = () => Promise.reject(new Error("storage broken"));
    await displayAndSettle(thunderbird, 2, [1]);
    assert.equal(thunderbird.lookOf(2)?.icon, "/icons/lock-error.svg");
  });

  describe("runtime message hoplock:getReport", () => {
    it("replies with the report as JSON text, computing it when not cached and caching it", async () => {
      const { thunderbird, platform, background } = setup();
      thunderbird.addMessage(8, GMAIL_TLS13);
      const message = (await platform.send({ type: "hoplock:getReport", messageId: 8 })) as ReportReplyMessage;
      assert.ok(message.ok);
      assert.equal(typeof message.reportJson, "string", "one string crosses the process boundary, not an object graph");
      const reply = fromReplyMessage(message);
      assert.ok(reply?.ok);
      assert.equal(reply.messageId, 8);
      assert.equal(reply.subject, "Message 8", "the subject comes along: the popup need not ask Thunderbird");
      assert.equal(reply.report.verdict, "encrypted");
      await background.whenStored();
      assert.deepEqual(await storedIds(platform), [8]);
      await platform.send({ type: "hoplock:getReport", messageId: 8 });
      assert.deepEqual(thunderbird.headerReads, [8]);
    });

    it("reads the options and the cache while Thunderbird looks the message up", async () => {
      const { thunderbird, platform } = setup();
      thunderbird.addMessage(8, CLEARTEXT);
      const reads: string[] = [];
      for (const area of [platform.local, platform.session]) {
        const get = area.get.bind(area);
        area.get = (key) => (reads.push(key), get(key));
      }
      let lookedUp = (): void => undefined;
      const getMessage = thunderbird.getMessage.bind(thunderbird);
      thunderbird.getMessage = async (id) => (await new Promise<void>((resolve) => (lookedUp = resolve)), getMessage(id));
      const reply = requestReport(platform, 8);
      await until(() => reads.length === 2, "options and cache read");
      assert.deepEqual(reads.sort(), ["options", "result:8"]);
      lookedUp();
      assert.equal((await reply)?.ok, true);
    });

    it("answers for a message this background analysed from memory, without asking Thunderbird about it", async () => {
      const { thunderbird, platform } = setup();
      thunderbird.addMessage(8, CLEARTEXT);
      await displayAndSettle(thunderbird, 1, [8]);
      let lookedUp = 0;
      const getMessage = thunderbird.getMessage.bind(thunderbird);
      thunderbird.getMessage = (id) => (lookedUp++, getMessage(id));
      const reply = await requestReport(platform, 8);
      assert.equal(reply?.ok && reply.report.verdict, "not-encrypted");
      assert.equal(lookedUp, 0);
    });

    it("holds the reply for a displayed message at hand, for a popup in the same process to take without a round trip", async () => {
      const { thunderbird, background } = setup();
      thunderbird.addMessage(8, CLEARTEXT);
      assert.equal(background.replyAtHand(8), null, "nothing before the message was analysed");
      await displayAndSettle(thunderbird, 1, [8]);
      const reply = fromReplyMessage(background.replyAtHand(8) ?? undefined);
      assert.ok(reply?.ok);
      assert.equal(reply.report.verdict, "not-encrypted");
      assert.equal(reply.subject, "Message 8");
    });

    it("replies with the same report the button was painted from", async () => {
      const { thunderbird, platform, background } = setup();
      thunderbird.addMessage(8, CLEARTEXT);
      await displayAndSettle(thunderbird, 1, [8]);
      const reply = await requestReport(platform, 8);
      await background.whenStored();
      const stored = (await storedResults(platform.session)).entries[0]?.report as Report;
      assert.ok(reply?.ok);
      assert.deepEqual(reply.report, stored);
    });

    it("replies not-found for a deleted message and unreadable when its headers cannot be read", async () => {
      const { thunderbird, platform } = setup();
      thunderbird.addMessage(8, CLEARTEXT);
      thunderbird.deleteMessage(8);
      assert.deepEqual(await platform.send({ type: "hoplock:getReport", messageId: 8 }), {
        ok: false,
        messageId: 8,
        error: { code: "not-found", message: "Message 8 not found" },
      });
      thunderbird.addMessage(9, CLEARTEXT);
      thunderbird.readFailure = new Error("Connection refused\n    at stack frame");
      const reply = await requestReport(platform, 9);
      assert.deepEqual(reply, { ok: false, messageId: 9, error: { code: "unreadable", message: "Connection refused" } });
    });

    it("rejects a malformed request and leaves other extensions' messages alone", async () => {
      const { platform } = setup();
      const reply = (await platform.send({ type: "hoplock:getReport", messageId: "8" })) as ReportReply;
      assert.equal(reply.ok, false);
      assert.equal(!reply.ok && reply.error.code, "bad-request");
      assert.equal(platform.send({ type: "something-else" }), undefined);
      assert.equal(platform.send(null), undefined);
    });

    it("anonymises a Received line for the popup, and ignores a request that is not a bounded string", async () => {
      const { platform } = setup();
      const line =
        "from mail.private-corp.example (mail.private-corp.example [198.51.100.7]) by mx.example.org (Frobnicator 2.1) with ESMTP id 4Xyz1234 (secured by TLSv1.3); Sat, 03 Apr 2021 06:16:59 +0300";
      assert.deepEqual(await platform.send({ type: "hoplock:anonymiseLine", line }), { line: anonymiseReceived(line) });
      assert.equal(platform.send({ type: "hoplock:anonymiseLine", line: 42 }), undefined);
      assert.equal(platform.send({ type: "hoplock:anonymiseLine", line: "x".repeat(65_537) }), undefined);
    });
  });
});

/** What the popup gets: the reply message, decoded. */
async function requestReport(platform: FakePlatform, messageId: number): Promise<ReportReply | undefined> {
  return fromReplyMessage((await platform.send({ type: "hoplock:getReport", messageId })) as ReportReplyMessage);
}

async function storedIds(platform: FakePlatform): Promise<number[]> {
  return (await storedResults(platform.session)).entries.map((entry) => entry.messageId);
}
