/**
 * End-to-end: the audit page in a real, headless Thunderbird, on a Local Folders folder of 2,006 listed messages
 * built at test time from the real fixture chains (test/e2e/audit-mailbox.ts: each copy its own Message-ID, a planted
 * downgrade, one message flagged expunged). Everything is done through the page's real buttons: the main toolbar's
 * button opens it; Start, Cancel, the JSON export, the tag buttons. Its numbers must be `hoplock audit --json`'s for
 * the same mbox file; its speed is compared with a bare loop of the same reads in the same session; a 50 ms timer
 * on the page measures how long it ever waits. HOPLOCK_SCREENSHOT=1 also writes docs/audit.png and docs/audit-dark.png.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import type { AuditResult } from "../../src/audit/index.ts";
import { VERDICT_TAGS } from "../../src/shared/verdict-tags.ts";
import { DOWNGRADE_MESSAGE_ID, DOWNGRADE_ORG, writeAuditMailbox } from "./audit-mailbox.ts";
import { Chrome } from "./chrome.ts";
import { ADDON_ID, BUTTON_ID, createProfile, findThunderbird, INSTALL_HINT, ROOT, Thunderbird, XPI } from "./thunderbird.ts";

const binary = findThunderbird();
const inCi = /^(1|true|yes)$/i.test(process.env.CI ?? "");
const FOLDER = "Audit";

if (binary) describe("Thunderbird E2E: the audit page", auditSuite);
else if (inCi) it("Thunderbird E2E (audit): Thunderbird is installed (required when CI=true)", () => assert.fail(`Thunderbird not found; ${INSTALL_HINT}`));
else it.skip(`Thunderbird E2E (audit) skipped: Thunderbird not found; ${INSTALL_HINT}`);

interface RunRead {
  error?: string;
  phase: string;
  status: string | null;
  headline: string | null;
  counts: string[];
  groups: string[];
  flaggedRows: number;
  clickToEndMs: number;
  heartbeat: { maxGap: number; ticks: number };
  cancelled: { read: number; progressText: string } | null;
  calls: { started: Record<string, number>; afterCancel: Record<string, number>; cancelled: boolean };
  callsLater: { started: Record<string, number>; afterCancel: Record<string, number> };
  lastRun: { kind: string; read: number; elapsedMs: number; analysisMs: number; heldBackMs: number };
}

/** The audit without what only says where each message is (a file and position, or Thunderbird's session id). */
function withoutPlaces(audit: AuditResult) {
  return {
    ...audit,
    totals: { ...audit.totals, skipped: { ...audit.totals.skipped, expunged: 0 } },
    flagged: { ...audit.flagged, items: audit.flagged.items.map(({ ref: _ref, ...rest }) => rest) },
    unreadable: { ...audit.unreadable, items: [] },
  };
}

/** Relative luminance (0 black … 1 white) of a computed `rgb(...)` colour. */
function luminance(color: string): number {
  const [r = 0, g = 0, b = 0] = (color.match(/[\d.]+/g) ?? []).map(Number).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function auditSuite(this: Mocha.Suite): void {
  this.timeout(120000);
  let tb: Thunderbird | undefined;
  let chrome: Chrome;
  let uuid = "";
  let mailTabId = 0;
  let listed = 0;
  let cli: AuditResult;
  let failed = false;
  let startedAt = 0;
  const figures: string[] = [];

  const run = async (scope: string, cancelAfter: number | null = null): Promise<RunRead> => {
    const read = await chrome.audit<RunRead>("Run", scope, cancelAfter);
    assert.equal(read.error, undefined, `the page said: ${read.error}`);
    return read;
  };

  before(async function () {
    this.timeout(180000);
    startedAt = Date.now();
    failed = true;
    assert.ok(existsSync(XPI), `${XPI} is missing: run \`npm run package\` first`);
    const profile = await createProfile({
      xpi: XPI,
      prefs: {
        "intl.locale.requested": "en-US",
        // the folder view lists every message (no collapsed threads), so "the messages listed" are the folder's
        "mailnews.default_view_flags": 0,
        // permission requests are granted without a prompt (the real button is still what asks)
        "extensions.webextOptionalPermissionPrompts": false,
      },
    });
    const mailbox = await writeAuditMailbox(join(profile, "Mail", "Local Folders"), FOLDER);
    listed = mailbox.listed;
    const cliRun = promisify(execFile)(process.execPath, [join(ROOT, "bin/hoplock.js"), "audit", "--json", mailbox.file], { maxBuffer: 64 << 20 });
    tb = await Thunderbird.launch({ binary: binary as string, profile, headless: true });
    const attached = await Chrome.attach(tb);
    chrome = attached.chrome;
    uuid = attached.uuid;
    assert.deepEqual(await chrome.audit("ShowFolder", FOLDER, listed), { rows: listed, total: listed }, "Thunderbird lists every message but the expunged one");
    mailTabId = await chrome.audit<number>("MailTabId", ADDON_ID);
    cli = JSON.parse((await cliRun).stdout) as AuditResult;
    assert.equal(cli.totals.messages, listed, "the CLI reads the same messages…");
    assert.equal(cli.totals.skipped.expunged, 1, "…and skips the expunged one, as Thunderbird does");
    failed = false;
  });

  afterEach(function () {
    if (this.currentTest?.state === "failed") failed = true;
  });

  after(async function () {
    this.timeout(30000);
    if (!tb) return;
    if (tb.running) await tb.quit();
    if (failed) {
      const lines = tb
        .log()
        .split("\n")
        .filter((line) => line.trim() && !/gtk_icon_theme|Gtk-CRITICAL/.test(line));
      console.log(`--- Thunderbird output (last 40 lines) ---\n${lines.slice(-40).join("\n")}`);
    }
    if (failed && process.env.HOPLOCK_E2E_KEEP === "1") console.log(`profile kept: ${tb.profile}`);
    else await tb.cleanup();
    for (const line of figures) console.log(`      ${line}`);
    console.log(`E2E (audit): ${listed} messages in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  });

  it("opens from the main toolbar's button, for the folder's mail tab", async () => {
    const opened = await chrome.audit<{ label: string; url: string }>("ClickToolbarButton", ADDON_ID);
    assert.equal(opened.label, "TLS audit");
    assert.equal(opened.url, `moz-extension://${uuid}/build/addon/audit.html?tab=${mailTabId}`);
  });

  it(`audits the ${"folder's"} 2,006 messages through its Start button, as fast as a bare loop of the same reads allows, never stalling the page`, async function () {
    this.timeout(240000);
    const bareBefore = await chrome.audit<{ messages: number; ms: number }>("BareLoop", mailTabId);
    const audit = await run("listed");
    const bareAfter = await chrome.audit<{ messages: number; ms: number }>("BareLoop", mailTabId);
    assert.equal(audit.phase, "complete");
    assert.equal(bareBefore.messages, listed);
    assert.equal(audit.lastRun.read, listed);
    const rate = (messages: number, ms: number) => (messages * 1000) / ms;
    const auditRate = rate(audit.lastRun.read, audit.lastRun.elapsedMs);
    const bareRate = Math.max(rate(bareBefore.messages, bareBefore.ms), rate(bareAfter.messages, bareAfter.ms));
    const share = auditRate / bareRate;
    figures.push(
      `audit: ${audit.lastRun.read} messages in ${audit.lastRun.elapsedMs.toFixed(0)} ms = ${auditRate.toFixed(0)}/s ` +
        `(analysis ${audit.lastRun.analysisMs.toFixed(0)} ms in the worker, reads held back ${audit.lastRun.heldBackMs.toFixed(0)} ms); ` +
        `bare loop before ${rate(bareBefore.messages, bareBefore.ms).toFixed(0)}/s, after ${rate(bareAfter.messages, bareAfter.ms).toFixed(0)}/s; ` +
        `audit/faster bare = ${(100 * share).toFixed(0)}%`,
      `heartbeat (50 ms timer on the page) during the audit: max gap ${audit.heartbeat.maxGap.toFixed(0)} ms over ${audit.heartbeat.ticks} ticks; click → results ${audit.clickToEndMs.toFixed(0)} ms`,
    );
    assert.ok(audit.heartbeat.ticks > 20, "the heartbeat ran during the audit");
    assert.ok(audit.heartbeat.maxGap <= 250, `the page never waited more than 250 ms (max gap ${audit.heartbeat.maxGap} ms)`);
    assert.ok(share >= AUDIT_SHARE_OF_BARE, `the audit reads at ${(100 * share).toFixed(0)}% of the bare loop's rate (at least ${100 * AUDIT_SHARE_OF_BARE}%)`);
  });

  it("counts exactly what `hoplock audit --json` counts on the same mbox (its JSON export, from its button)", async () => {
    const exported = await chrome.audit<{ error?: string; name: string; text: string }>("Export", "Everything (JSON)");
    assert.equal(exported.error, undefined, `the page said: ${exported.error}`);
    assert.equal(exported.name, "hoplock-audit.json");
    const page = JSON.parse(exported.text) as AuditResult;
    assert.equal(page.totals.messages, listed);
    assert.deepEqual(page.totals.skipped, { expunged: 0, "before-since": 0, "undated-since": 0 }, "Thunderbird never lists the expunged message");
    assert.deepEqual(withoutPlaces(page), withoutPlaces(cli));
    assert.ok(
      page.flagged.items.every((message) => message.facts === null && message.ref.kind === "thunderbird" && message.ref.headerMessageId === null),
      "no subject, address or Message-ID unless asked for",
    );
    figures.push(
      `totals: page ${JSON.stringify(page.states)} of ${page.totals.counted} counted, ${page.totals.internal} internal, ${page.totals.none} without Received = CLI's; CLI skipped ${cli.totals.skipped.expunged} expunged`,
    );
  });

  it("Cancel: the page says cancelled with partial counts, and no read or page starts after it; the list is aborted", async () => {
    const cancelled = await run("listed", 100);
    assert.equal(cancelled.phase, "cancelled");
    assert.ok(cancelled.cancelled, "Cancel was clicked");
    assert.match(cancelled.status ?? "", /^Cancelled after \d+ of (at least )?[\d,]+ messages\. The counts below cover only the messages read until then\.$/);
    assert.ok(cancelled.lastRun.read < listed && cancelled.lastRun.read >= 100, `${cancelled.lastRun.read} read`);
    assert.equal(cancelled.calls.afterCancel.readRawHeaders, 0, "no getHeaders after Cancel");
    assert.equal(cancelled.calls.afterCancel.continueList, 0, "no continueList after Cancel");
    assert.equal(cancelled.calls.afterCancel.abortList, 1, "abortList once, after Cancel");
    assert.deepEqual(cancelled.callsLater, { ...cancelled.callsLater, afterCancel: cancelled.calls.afterCancel }, "nothing started later either");
    assert.ok((cancelled.calls.started.readRawHeaders ?? 0) < listed);
    const partial = cancelled.counts.join(" ");
    assert.match(partial, /messages? from other organisations/);
    figures.push(
      `cancel after ${cancelled.cancelled?.read} read: ${cancelled.lastRun.read} counted, calls ${JSON.stringify(cancelled.calls.started)}, after Cancel ${JSON.stringify(cancelled.calls.afterCancel)}`,
    );
  });

  it("warns of the planted downgrade on its message: badge, tooltip and popup", async () => {
    const button = await chrome.audit<{ badge: string | null; tooltip: string | null; icon: string | null }>(
      "SelectMessage",
      FOLDER,
      DOWNGRADE_MESSAGE_ID,
      BUTTON_ID,
    );
    assert.equal(button.icon, "not-encrypted");
    assert.equal(button.badge, "↓1");
    assert.match(button.tooltip ?? "", /^Possible downgrade\. Not encrypted on/);
    const popup = await chrome.openPopup();
    assert.match(
      popup.text,
      new RegExp(
        `Possible downgrade: \\u2068${DOWNGRADE_ORG.replace(".", "\\.")}\\u2069 handed this message to your side without encryption, but (\\d+) of its \\1 earlier hand-offs since`,
      ),
    );
    assert.match(popup.text, /Ordinary causes to rule out first:/);
    await chrome.closePopups();
  });

  it("tags the selected messages by verdict with the optional permissions, shows them with the quick filter, removes the tags", async function () {
    this.timeout(120000);
    // every 30th row: a selection spread over the folder's fixtures and weeks
    const selected = await chrome.audit<string[]>("SelectRows", 60, 30);
    await chrome.audit("ClickToolbarButton", ADDON_ID); // a fresh page, for the tab's selection
    const audit = await run("selected");
    assert.equal(audit.lastRun.read, 60);
    const tagged = await chrome.audit<{ error?: string; state: string; text: string }>("Tag", "tag", ["tagged", "refused", "failed"]);
    assert.equal(tagged.state, "tagged", tagged.text);
    assert.match(tagged.text, /^Tags set by verdict: [1-9]\d* changed, \d+ already right, 0 could not be changed\.$/);
    const keywords = await chrome.audit<Record<string, string>>("FolderKeywords", FOLDER);
    const withTag = (key: string) => selected.filter((id) => (keywords[id] ?? "").split(" ").includes(key)).length;
    const counts = Object.fromEntries(Object.entries(VERDICT_TAGS).map(([state, tag]) => [state, withTag(tag.key)]));
    const expected = JSON.parse((await chrome.audit<{ text: string }>("Export", "Everything (JSON)")).text) as AuditResult;
    assert.deepEqual(counts, expected.states, "each selected message carries its verdict's tag");
    assert.equal(Object.keys(keywords).filter((id) => !selected.includes(id) && /hoplock-/.test(keywords[id] ?? "")).length, 0, "no other message is tagged");
    const shown = await chrome.audit<{ state: string }>("Tag", "show", ["shown", "failed"]);
    assert.equal(shown.state, "shown");
    assert.equal(await chrome.audit("FolderRows"), expected.states.plaintext + expected.states.weak, "the quick filter shows the plaintext and weak ones");
    await chrome.audit("ClearQuickFilter");
    const removed = await chrome.audit<{ state: string; text: string }>("Tag", "remove", ["removed", "failed"]);
    assert.equal(removed.state, "removed", removed.text);
    const after = await chrome.audit<Record<string, string>>("FolderKeywords", FOLDER);
    assert.equal(Object.values(after).filter((value) => /hoplock-/.test(value)).length, 0, "Hoplock's tags are gone");
    figures.push(
      `tags: ${JSON.stringify(counts)} on 60 selected messages; quick filter showed ${expected.states.plaintext + expected.states.weak}; removed: ${removed.text}`,
    );
  });

  it("follows the theme: light and dark", async () => {
    type Look = { background: string; color: string; scrollWidth: number; clientWidth: number };
    /** The page's colours once they follow the theme just set (the change reaches the page a moment later). */
    const lookWhen = async (dark: boolean): Promise<Look> => {
      await chrome.setDarkTheme(dark);
      for (let tries = 0; ; tries++) {
        const look = await chrome.audit<Look>("Look");
        if (luminance(look.background) < 0.3 === dark || tries > 40) return look;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const light = await lookWhen(false);
    const dark = await lookWhen(true);
    await chrome.setDarkTheme(null);
    assert.ok(luminance(light.background) > 0.7 && luminance(light.color) < 0.3, `light: ${light.color} on ${light.background}`);
    assert.ok(luminance(dark.background) < 0.3 && luminance(dark.color) > 0.7, `dark: ${dark.color} on ${dark.background}`);
    assert.ok(light.scrollWidth <= light.clientWidth, "no horizontal scrolling");
  });

  if (process.env.HOPLOCK_SCREENSHOT === "1") {
    it("saves docs/audit.png and docs/audit-dark.png", async () => {
      await chrome.resizeWindow(1280, 1000);
      await chrome.audit("ShowFolder", FOLDER, listed);
      await chrome.audit("ClickToolbarButton", ADDON_ID);
      assert.equal((await run("listed")).phase, "complete");
      await mkdir(join(ROOT, "docs"), { recursive: true });
      for (const [dark, file] of [
        [false, "audit.png"],
        [true, "audit-dark.png"],
      ] as const) {
        await chrome.setDarkTheme(dark);
        const shot = await chrome.audit<{ png: string; width: number; height: number }>("Screenshot", 1800);
        await writeFile(join(ROOT, "docs", file), Buffer.from(shot.png.slice(shot.png.indexOf(",") + 1), "base64"));
      }
      await chrome.setDarkTheme(null);
    });
  }

  it("logged no errors from the add-on", async () => {
    const logged = (tb?.log() ?? "").split("\n").filter((line) => line.includes(`moz-extension://${uuid}/`) && /error/i.test(line));
    assert.deepEqual([...(await chrome.errors()), ...logged], []);
  });

  it("quits cleanly and leaves no process behind", async () => {
    assert.ok(tb);
    assert.deepEqual(await tb.quit(), [], "no process of Thunderbird's tree survives");
  });
}

/** The audit's rate against the faster bare loop of the same reads. See the README (Speed) for what bounds it. */
const AUDIT_SHARE_OF_BARE = 0.9;
