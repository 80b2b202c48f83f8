/**
 * End-to-end: the packaged add-on in a real, headless Thunderbird. One instance for the whole suite; the fixtures sit
 * in one Local Folders mbox and are selected one after another in the 3-pane. For each message the toolbar button and
 * the popup must say what `hoplock --json` says about the same file.
 *
 * Without Thunderbird the suite is skipped with one line, unless CI=true, where that is a failure.
 * HOPLOCK_SCREENSHOT=1 also writes docs/popup.png; HOPLOCK_E2E_KEEP=1 keeps the profile of a failed run.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import type { Report } from "../../src/analyzer/types.ts";
import { Chrome, type OpenedPopup } from "./chrome.ts";
import { createProfile, findThunderbird, fixtureFiles, INSTALL_HINT, ROOT, Thunderbird, XPI } from "./thunderbird.ts";

const binary = findThunderbird();
const inCi = /^(1|true|yes)$/i.test(process.env.CI ?? "");

if (binary) describe("Thunderbird E2E", e2eSuite);
else if (inCi) it("Thunderbird E2E: Thunderbird is installed (required when CI=true)", () => assert.fail(`Thunderbird not found; ${INSTALL_HINT}`));
else it.skip(`Thunderbird E2E skipped: Thunderbird not found; ${INSTALL_HINT}`);

type CliReport = Report & { file: string };

/** What the popup and the CLI must agree on, per hop. */
function hopSummary(hop: { index: number; status: string | null; version: string | null; cipher: string | null; raw: string | null }) {
  return { index: hop.index, status: hop.status, version: hop.version ?? "", cipher: hop.cipher ?? "", raw: squash(hop.raw ?? "") };
}

const squash = (text: string) => text.replace(/\s+/g, " ").trim();

function cliHops(report: Report) {
  return report.hops.map((hop) => hopSummary({ index: hop.index, status: hop.tls.status, version: hop.tls.version, cipher: hop.tls.cipher, raw: hop.raw }));
}

function popupHops(popup: OpenedPopup) {
  return [...popup.hops]
    .sort((a, b) => a.index - b.index)
    .map((hop) => hopSummary({ index: hop.index, status: hop.tlsStatus, version: hop.tlsVersion, cipher: hop.tlsCipher, raw: hop.raw }));
}

function messageIdOf(file: string): string | null {
  const header = readFileSync(file, "latin1").split(/\r?\n\r?\n/)[0] ?? "";
  return /^Message-ID:\s*<([^>]+)>/im.exec(header)?.[1] ?? null;
}

/** Relative luminance (0 black … 1 white) of a computed `rgb(...)` colour. */
function luminance(color: string): number {
  const [r = 0, g = 0, b = 0] = (color.match(/[\d.]+/g) ?? []).map(Number).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function stats(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
  return `median ${median.toFixed(1)} ms, max ${(sorted.at(-1) ?? NaN).toFixed(1)} ms (n=${sorted.length})`;
}

function e2eSuite(this: Mocha.Suite): void {
  this.timeout(60000);
  const files = fixtureFiles();
  const indexOf = (prefix: string) => {
    const index = files.findIndex((file) => basename(file).startsWith(prefix));
    assert.ok(index >= 0, `fixture ${prefix}* is missing`);
    return index;
  };
  let tb: Thunderbird | undefined;
  let chrome: Chrome;
  let uuid = "";
  let expected: CliReport[] = [];
  let defaultTooltip: string | null = null;
  let failed = false;
  const agreed = new Set<number>();
  let startedAt = 0;

  /** Shows message `index`, opens its popup, and checks both against the CLI. */
  async function check(index: number) {
    const want = expected[index];
    assert.ok(want, `no CLI report for ${files[index]}`);
    const button = await chrome.showMessage(index);
    const popup = await chrome.openPopup();
    assert.equal(button.icon, want.verdict, "the button's icon state is the CLI's verdict");
    assert.ok(button.tooltip?.trim() && button.tooltip !== defaultTooltip, `the tooltip states a verdict (${button.tooltip})`);
    assert.equal(popup.verdict, want.verdict, "the popup's [data-verdict] is the CLI's verdict");
    assert.deepEqual(popupHops(popup), cliHops(want), "the popup's hops (oldest first) are the CLI's");
    return { button, popup };
  }

  before(async function () {
    this.timeout(120000);
    startedAt = Date.now();
    failed = true; // until the setup below completes (afterEach does not see hook failures)
    assert.ok(existsSync(XPI), `${XPI} is missing: run \`npm run package\` first`);
    const cli = promisify(execFile)(process.execPath, [join(ROOT, "bin/hoplock.js"), "--json", ...files], { maxBuffer: 64 << 20 });
    tb = await Thunderbird.launch({ binary: binary as string, profile: await createProfile({ xpi: XPI, messages: files }), headless: true });
    const attached = await Chrome.attach(tb);
    chrome = attached.chrome;
    uuid = attached.uuid;
    defaultTooltip = await chrome.defaultTitle();
    assert.ok(defaultTooltip, "the manifest has a default title for the button");
    const ids = await chrome.openFolder(files.length);
    files.forEach((file, i) => {
      const id = messageIdOf(file);
      if (id !== null) assert.equal(ids[i], id, `mbox message ${i + 1} is ${basename(file)}`);
    });
    expected = (await cli).stdout.trim().split("\n").map((line) => JSON.parse(line) as CliReport);
    assert.deepEqual(expected.map((report) => report.file), files, "one CLI report per fixture, in order");
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
      const lines = tb.log().split("\n").filter((line) => line.trim() && !/gtk_icon_theme|Gtk-CRITICAL/.test(line)); // headless GTK noise
      console.log(`--- Thunderbird output (last 40 lines) ---\n${lines.slice(-40).join("\n")}`);
    }
    if (failed && process.env.HOPLOCK_E2E_KEEP === "1") console.log(`profile kept: ${tb.profile}`);
    else await tb.cleanup();
    console.log(`E2E: ${files.length} messages checked, ${agreed.size}/${files.length} agree with the CLI ` +
      `(verdict, hop count, per-hop TLS status/version/cipher, raw header) in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  });

  files.forEach((file, index) => {
    it(`${basename(file)}: button and popup agree with the CLI`, async () => {
      await check(index);
      agreed.add(index);
    });
  });

  it("shows markup from a Received header as literal text", async () => {
    const { popup } = await check(indexOf("23-html"));
    assert.ok(popup.text.includes("<img src=x onerror=alert(1)>"), "the <img> markup is shown as text");
    assert.ok(popup.text.includes("<b>mail.mailgateway.no</b>"), "the <b> markup is shown as text");
    assert.equal(popup.injectedImages, 0, "no <img> element made from the header");
    assert.equal(popup.inlineHandlers, 0, "no element with an on* attribute");
    assert.equal(popup.markupInRaw, 0, "no element created from header text");
  });

  it("updates the badge when another message is displayed", async () => {
    const first = indexOf("12-"); // encrypted
    const second = indexOf("16-"); // not encrypted
    assert.notEqual(expected[first]?.verdict, expected[second]?.verdict, "the two fixtures need different verdicts");
    const before = await chrome.showMessage(first);
    const after = await chrome.showMessage(second);
    assert.equal(before.icon, expected[first]?.verdict);
    assert.equal(after.icon, expected[second]?.verdict, "the icon follows the newly displayed message");
    assert.notDeepEqual([after.badge, after.tooltip], [before.badge, before.tooltip], "badge or tooltip changed with the verdict");
    assert.equal((await chrome.openPopup()).verdict, expected[second]?.verdict);
  });

  it("shows the right result for a message opened after the background was stopped", async () => {
    await chrome.closePopups();
    assert.equal(await chrome.stopBackground(), "stopped");
    await check(indexOf("21-")); // not the message on screen: displaying it must wake the event page
    assert.equal(await chrome.backgroundState(), "running", "displaying a message woke the background");
  });

  it("the popup reflows at 200% zoom without horizontal scrolling and keeps its content", async () => {
    const { popup } = await check(indexOf("30-"));
    const zoomed = await chrome.zoomPopup(2);
    assert.equal(zoomed.layout.devicePixelRatio, 2 * popup.layout.devicePixelRatio, "zoomed to 200%");
    assert.ok(zoomed.layout.scrollWidth <= zoomed.layout.clientWidth, `no horizontal overflow (${zoomed.layout.scrollWidth} > ${zoomed.layout.clientWidth})`);
    assert.equal(zoomed.verdict, popup.verdict);
    assert.deepEqual(popupHops(zoomed as OpenedPopup), popupHops(popup));
    await chrome.zoomPopup(1);
  });

  it("follows a dark system theme: light text on a dark background", async () => {
    try {
      await chrome.setDarkTheme(false);
      const light = (await check(indexOf("00-seed"))).popup.layout;
      await chrome.setDarkTheme(true);
      const dark = (await check(indexOf("00-seed"))).popup.layout;
      assert.ok(luminance(light.background) > 0.7 && luminance(light.color) < 0.3, `light theme: ${light.color} on ${light.background}`);
      assert.ok(luminance(dark.background) < 0.3 && luminance(dark.color) > 0.7, `dark theme: ${dark.color} on ${dark.background}`);
    } finally {
      await chrome.setDarkTheme(null);
    }
  });

  it("measures latency (display → badge, click → popup ready)", async function () {
    this.timeout(120000);
    const repetitions = 7;
    const cases = [indexOf("00-seed"), indexOf("30-")];
    const badge = new Map<number, number[]>(cases.map((i) => [i, []]));
    const popup = new Map<number, number[]>(cases.map((i) => [i, []]));
    for (let r = 0; r < repetitions; r++) {
      for (const index of cases) {
        const shown = await chrome.showMessage(index); // alternating, so every display is a real switch
        const opened = await chrome.openPopup();
        assert.equal(opened.verdict, expected[index]?.verdict, "repeated display gives the same verdict");
        assert.equal(opened.hops.length, expected[index]?.hops.length);
        badge.get(index)?.push(shown.badgeMs);
        popup.get(index)?.push(opened.popupMs);
      }
    }
    for (const index of cases) {
      const name = `${basename(files[index] ?? "")} (${expected[index]?.hops.length} hops)`;
      console.log(`      latency ${name}: badge ${stats(badge.get(index) ?? [])}; popup ${stats(popup.get(index) ?? [])}`);
    }
  });

  if (process.env.HOPLOCK_SCREENSHOT === "1") {
    it("saves docs/popup.png (the seed example's popup over the message)", async () => {
      await chrome.closePopups();
      await chrome.resizeWindow(1280, 900); // room for the popup's full height
      await check(indexOf("00-seed"));
      const shot = await chrome.screenshot();
      const [x, y, width, height] = shot.popup;
      assert.ok(width > 100 && height > 50, `the popup has a size (${width}x${height})`);
      assert.ok(x >= 0 && y >= 0 && x + width <= shot.window[0] + 1 && y + height <= shot.window[1] + 1, "the popup lies inside the window");
      await mkdir(join(ROOT, "docs"), { recursive: true });
      await writeFile(join(ROOT, "docs/popup.png"), Buffer.from(shot.png.slice(shot.png.indexOf(",") + 1), "base64"));
    });
  }

  it("logged no errors from the add-on", async () => {
    await chrome.closePopups();
    const logged = (tb?.log() ?? "").split("\n").filter((line) => line.includes(`moz-extension://${uuid}/`) && /error/i.test(line));
    assert.deepEqual([...(await chrome.errors()), ...logged], []);
  });

  it("quits cleanly and leaves no process behind", async () => {
    assert.ok(tb);
    assert.deepEqual(await tb.quit(), [], "no process of Thunderbird's tree survives");
  });
}
