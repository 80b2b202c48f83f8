import assert from "node:assert/strict";
import { cleanup, fireEvent, render, waitFor, within } from "@testing-library/preact";
import { analyze, anonymiseReceived } from "../../src/analyzer/index.ts";
import type { Report } from "../../src/analyzer/types.ts";
import type { MessageHeader } from "../../src/background/thunderbird.ts";
import type { PopupDeps } from "../../src/popup/Popup.tsx";
import { Popup } from "../../src/popup/Popup.tsx";
import { balanceIsolates } from "../../src/shared/bidi.ts";
import type { PossibleDowngrade, ReportReply } from "../../src/shared/protocol.ts";
import { loadMemory } from "../../src/audit/index.ts";
import { AnalysisCore } from "../../src/audit-page/analysis-core.ts";
import { delivery, headerBlockOf, withHeader } from "../audit/mail.ts";
import { useDom } from "./helpers/dom.ts";
import { readFixture } from "./helpers/fakes.ts";
import { translator } from "./helpers/i18n.ts";

const SEED = "00-seed-hotmail-proofpoint-luxsci.eml";
const GMAIL_TLS13 = "12-gmail-to-yandex-tls13.eml";
const IBM = "02-ibm-proofpoint-gnu-exim-lfdr.eml";
const THIRTY = "test/fixtures/e2e/30-thirty-real-hops.eml";
const HOSTILE = "test/addon/fixtures/hostile-markup.eml";
const BIDI = "test/addon/fixtures/hostile-bidi.eml";
const GITHUB_SENDGRID = "test/fixtures/e2e/25-unknown-github-to-sendgrid.eml";

interface Scenario {
  /** Reports the background holds in memory (reachable without a message round trip). */
  atHand?: Record<number, Report>;
  messages?: MessageHeader[];
  reports?: Record<number, Report>;
  popupMessage?: number | null;
  displayedMessages?: () => Promise<MessageHeader[]>;
  requestReport?: (id: number) => Promise<ReportReply | undefined>;
  copyText?: (text: string) => Promise<void>;
  lang?: string;
  /** The memory's alert per message id. */
  downgrades?: Record<number, PossibleDowngrade>;
  /** The active mail tab's id, if the active tab is one. */
  mailTab?: number | null;
}

function popupDeps(scenario: Scenario) {
  const copied: string[] = [];
  const requested: number[] = [];
  const optionsOpened: true[] = [];
  const asked: true[] = [];
  const auditsOpened: number[] = [];
  const deps: PopupDeps = {
    t: translator(scenario.lang ?? "en"),
    locale: scenario.lang ?? "en",
    popupMessage: scenario.popupMessage ?? null,
    displayedMessages: scenario.displayedMessages ?? (async () => (asked.push(true), scenario.messages ?? [])),
    requestReport:
      scenario.requestReport ??
      (async (messageId) => {
        requested.push(messageId);
        const report = scenario.reports?.[messageId];
        const subject = scenario.messages?.find((message) => message.id === messageId)?.subject ?? null;
        return report
          ? { ok: true, messageId, subject, report, downgrade: scenario.downgrades?.[messageId] ?? null }
          : { ok: false, messageId, error: { code: "not-found", message: "gone" } };
      }),
    reportAtHand: (messageId) => {
      const report = scenario.atHand?.[messageId];
      return report ? { ok: true, messageId, subject: "At hand", report, downgrade: scenario.downgrades?.[messageId] ?? null } : null;
    },
    copyText:
      scenario.copyText ??
      (async (text) => {
        copied.push(text);
      }),
    anonymiseLine: async (line) => anonymiseReceived(line), // what the background answers
    openOptions: async () => {
      optionsOpened.push(true);
    },
    activeMailTab: async () => scenario.mailTab ?? null,
    openAudit: async (mailTabId) => {
      auditsOpened.push(mailTabId);
    },
  };
  return { deps, copied, requested, optionsOpened, asked, auditsOpened };
}

/** Records scrollIntoView (jsdom has none): which element was brought into view. */
const scrolledIntoView: Element[] = [];

async function renderPopup(scenario: Scenario) {
  const setup = popupDeps(scenario);
  render(<Popup deps={setup.deps} />);
  await waitFor(() => assert.equal(document.body.dataset.ready, "1"));
  await waitFor(() => assert.ok(!document.querySelector(".report") || document.querySelector(".report[data-complete='1']"), "every row is drawn"));
  return { ...setup, view: within(document.body) };
}

function single(fixture: string, subject = "Hello", lang = "en") {
  const report = analyze(readFixture(fixture));
  return { report, scenario: { messages: [{ id: 1, subject }], reports: { 1: report }, lang } };
}

const rows = () => [...document.querySelectorAll<HTMLElement>("li.hop")];
const row = (index: number) => document.getElementById(`hop-${index}`) as HTMLElement;
const stripItems = () => [...document.querySelectorAll<HTMLElement>(".route-strip > li")];
/** Text as read, without the isolating characters the sentences put around header text. */
const plain = (text: string | null | undefined) => (text ?? "").replace(/[\u2068\u2069]/g, "");

describe("popup", () => {
  useDom();
  before(() => {
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolledIntoView.push(this);
    };
  });

  describe("the verdict", () => {
    it("is a word, then a headline counting every state, then only the reasons about the deciding hop, with 'Show all'", async () => {
      const { report, scenario } = single(SEED);
      const { view } = await renderPopup(scenario);
      assert.equal(document.querySelector("[data-verdict]")?.getAttribute("data-verdict"), "not-encrypted");
      assert.equal(view.getByRole("heading", { level: 1 }).textContent, "Not encrypted");
      assert.equal(document.querySelector(".headline")?.textContent, "Not encrypted on 1 of 4 hand-offs; 1 unknown, 2 encrypted");
      const shown = () => [...document.querySelectorAll(".verdict-reasons li")].map((li) => plain(li.textContent));
      assert.deepEqual(shown(), [
        "Hop 2 (bay0-omc4-s14.bay0.hotmail.com → ppe-hosted.com) was not encrypted: Proofpoint Essentials always notes encryption and noted none.",
        "That hop is known only from headers written by ppe-hosted.com; your side cannot check it.",
      ]);
      const showAll = view.getByRole("button", { name: "Show all 6 reasons" });
      assert.equal(showAll.getAttribute("aria-expanded"), "false");
      fireEvent.click(showAll);
      await waitFor(() => assert.equal(shown().length, report.reasons.length));
      assert.equal(showAll.getAttribute("aria-expanded"), "true");
    });

    it("counts unknown hand-offs in the headline instead of hiding them (30 hops)", async () => {
      const { scenario } = single(THIRTY);
      await renderPopup(scenario);
      assert.equal(document.querySelector(".headline")?.textContent, "Not encrypted on 1 of 18 hand-offs; 1 weakly encrypted, 16 unknown");
    });

    it("explains a message without hand-offs with the verdict's own sentence", async () => {
      const { scenario } = single("test/fixtures/e2e/20-no-received-headers.eml");
      const { view } = await renderPopup(scenario);
      view.getByRole("heading", { level: 1, name: "Nothing to judge" });
      assert.equal(document.querySelector(".headline")?.textContent, "No Received headers: nothing to judge");
      assert.equal(document.querySelector(".route-strip"), null, "no route to draw");
      assert.equal(rows().length, 0);
      assert.match(document.querySelector(".verdict-reasons")?.textContent ?? "", /a draft, a sent copy or a local message/);
    });

    it("does not repeat the headline of a message that stayed inside one organisation", async () => {
      const { scenario } = single("test/fixtures/e2e/22-internal-only-postfix-amavis.eml");
      await renderPopup(scenario);
      assert.equal(document.querySelector(".headline")?.textContent, "Never left \u2068c-s.fr\u2069: no hand-off to judge", "the organisation isolated");
      assert.equal(document.querySelector(".verdict-reasons"), null);
      assert.equal(document.querySelector(".route-strip .run.yours .run-name")?.textContent, "c-s.fr");
    });
  });

  describe("the route strip", () => {
    it("is read from report.route only: a chip per run and, between runs, the hand-off or a gap", async () => {
      const { report, scenario } = single(THIRTY);
      await renderPopup(scenario);
      const expected: string[] = [];
      report.route.runs.forEach((_, i) => {
        const handoff = report.route.handoffs.find((candidate) => candidate.to === i);
        if (i > 0) expected.push(handoff ? `link:${handoff.hop}:${handoff.judgement}:${handoff.version ?? ""}:${handoff.claimed}` : "gap");
        expected.push(`run:${i}`);
      });
      const drawn = stripItems().map((li) =>
        li.matches(".run")
          ? `run:${li.dataset.run}`
          : li.matches(".link")
            ? `link:${li.dataset.hop}:${li.dataset.judgement}:${li.dataset.version}:${li.dataset.claimed}`
            : "gap",
      );
      assert.deepEqual(drawn, expected);
    });

    it("names each chip: the organisation, 'calls itself <name>' for a HELO claim, marks your provider and folds inner hops into a count", async () => {
      const { report, scenario } = single(THIRTY);
      await renderPopup(scenario);
      const chips = [...document.querySelectorAll<HTMLElement>(".route-strip > li.run")];
      assert.equal(chips.length, report.route.runs.length);
      for (const [i, run] of report.route.runs.entries()) {
        const chip = chips[i] as HTMLElement;
        const name = chip.querySelector(".run-name")?.textContent;
        if (run.name === null) assert.equal(name, "unnamed server");
        else assert.equal(name, run.basis === "helo-claim" ? `calls itself ${run.name}` : run.name, `run ${i}`);
        assert.equal(chip.classList.contains("yours"), run.yours);
        assert.equal(chip.classList.contains("claimed"), run.claimed, "claimed runs are drawn distinctly (dashed)");
        const folded = run.folded.internal + run.folded.local + run.folded.submission;
        assert.equal(chip.querySelector(".run-folded")?.textContent ?? null, folded > 0 ? `+${folded}` : null);
        if (run.claimed) assert.match(chip.textContent ?? "", /claimed by the sender's side/, "and says so in text");
      }
      const gmx = chips.at(-1) as HTMLElement;
      assert.match(gmx.textContent ?? "", /^gmx\.net\+1, 1 submission, your provider$/);
    });

    it("shows each hand-off's state as a word with its TLS version, on a button, dashed when only claimed", async () => {
      const { report, scenario } = single(IBM);
      await renderPopup(scenario);
      const links = [...document.querySelectorAll<HTMLElement>(".route-strip > li.link")];
      assert.deepEqual(
        links.map((li) => [
          li.querySelector("button .judgement-word")?.textContent,
          li.querySelector(".judgement-version")?.textContent ?? null,
          li.querySelector("button")?.classList.contains("claimed"),
        ]),
        report.route.handoffs.map((handoff) => ["Encrypted", handoff.version ? handoff.version.replace("TLSv", "TLS ") : null, handoff.claimed]),
      );
      assert.deepEqual(
        links.map((li) => li.querySelector(".judgement-version")?.textContent ?? null),
        ["TLS 1.2", "TLS 1.2", null],
      );
    });

    it("shows hops judged inside a run (internal only by a claim) as small buttons with their state", async () => {
      const { scenario } = single(SEED);
      await renderPopup(scenario);
      const inner = [...document.querySelectorAll<HTMLElement>(".route-strip button.inner-hop")];
      assert.deepEqual(
        inner.map((button) => [
          button.closest("li.run")?.querySelector(".run-name")?.textContent,
          button.dataset.hop,
          button.querySelector(".judgement-word")?.textContent,
        ]),
        [
          ["outlook.com", "1", "Unknown"],
          ["luxsci.com", "6", "Encrypted"],
        ],
      );
    });

    it("opens with focus on the deciding hop's button, whose name starts with the verdict word and the headline", async () => {
      const { scenario } = single(SEED);
      await renderPopup(scenario);
      const focused = document.activeElement as HTMLElement;
      assert.equal(focused.id, "route-hop-2");
      assert.equal(focused.localName, "button");
      assert.equal(
        plain(focused.textContent),
        "Not encrypted: Not encrypted on 1 of 4 hand-offs; 1 unknown, 2 encrypted. Not encrypted, hand-off at hop 2, claimed by the sender's side",
      );
    });

    it("reveals a hop when its button is pressed: the row opens, scrolls into view and takes focus", async () => {
      const { scenario } = single(THIRTY);
      await renderPopup(scenario);
      scrolledIntoView.length = 0;
      fireEvent.click(document.getElementById("route-hop-20") as HTMLElement);
      const toggle = document.getElementById("hop-20-toggle") as HTMLElement;
      await waitFor(() => assert.equal(toggle.getAttribute("aria-expanded"), "true"));
      assert.equal(document.activeElement, toggle);
      assert.deepEqual(scrolledIntoView, [toggle]);
      assert.match(row(20).querySelector(".hop-raw")?.textContent ?? "", /TLSv1/, "its raw header is shown");
    });
  });

  describe("the hop rows", () => {
    it("are one per hop, oldest first, with the data the E2E suite compares", async () => {
      const { report, scenario } = single(IBM);
      await renderPopup(scenario);
      assert.deepEqual(
        rows().map((li) => [li.dataset.hopIndex, li.dataset.judgement, li.dataset.tlsStatus, li.dataset.tlsVersion, li.dataset.tlsCipher, li.dataset.scope]),
        report.hops.map((hop) => [String(hop.index), hop.judgement ?? "", hop.tls.status, hop.tls.version ?? "", hop.tls.cipher ?? "", hop.scope]),
      );
    });

    it("say what each hop is in one line: number, sender → receiver, state, TLS version and cipher, delay", async () => {
      const { scenario } = single(GMAIL_TLS13);
      await renderPopup(scenario);
      const button = row(2).querySelector(".hop-row") as HTMLElement;
      assert.equal(button.textContent, "Hop 2mail-qt1-x82c.google.com → iva4-2b810ee1e62f.qloud-c.yandex.netEncrypted · TLS 1.3 · TLS_AES_256_GCM_SHA3840s");
      assert.doesNotMatch(document.querySelector(".hops")?.textContent ?? "", /ESMTPS|TLSv1/, "a protocol name is no TLS detail; versions read 'TLS 1.3'");
    });

    it("never alarm for a hop that does not count: dimmed, 'not counted', even when it was plaintext", async () => {
      const { report, scenario } = single(SEED);
      await renderPopup(scenario);
      const internalPlaintext = report.hops.find((hop) => hop.judgement === null && hop.tls.status === "plaintext");
      assert.ok(internalPlaintext, "the seed has an internal hop whose receiver proves plaintext");
      const li = row(internalPlaintext.index);
      assert.ok(li.classList.contains("uncounted"));
      assert.equal(li.querySelector(".hop-state")?.textContent, "Internal: not counted");
      assert.doesNotMatch(li.textContent ?? "", /Not encrypted/);
      assert.equal(row(2).querySelector(".hop-state")?.textContent, "Not encrypted", "a hand-off that was plaintext says so");
    });

    it("call a sender known only by its HELO 'calls itself <name>'", async () => {
      const { scenario } = single(SEED);
      await renderPopup(scenario);
      assert.match(row(1).querySelector(".hop-route")?.textContent ?? "", /^calls itself BAY403-EAS373 → bay0-omc4-s14\.bay0\.outlook\.com$/);
      assert.match(
        row(3).querySelector(".hop-route")?.textContent ?? "",
        /^dispatch1-us1\.ppe-hosted\.com → abc\.luxsci\.com$/,
        "a verified name is just the name",
      );
    });

    it("draw a delay bar scaled to the longest delay", async () => {
      const { report, scenario } = single(THIRTY);
      await renderPopup(scenario);
      const longest = Math.max(...report.hops.map((hop) => hop.delaySeconds ?? 0));
      for (const hop of report.hops) {
        const share = (row(hop.index).querySelector(".hop-delay") as HTMLElement).style.getPropertyValue("--share");
        if (hop.delaySeconds === null) assert.equal(share, "");
        else if (hop.delaySeconds <= 0) assert.equal(share, "0%");
        else assert.equal(share, `${Math.max(3, Math.round((hop.delaySeconds / longest) * 100))}%`);
      }
    });

    it("open on demand to the facts, the hop's reasons and the raw header with the evidence span marked", async () => {
      const { report, scenario } = single(GMAIL_TLS13);
      await renderPopup(scenario);
      const toggle = document.getElementById("hop-2-toggle") as HTMLElement;
      assert.equal(toggle.getAttribute("aria-expanded"), "false");
      fireEvent.click(toggle);
      await waitFor(() => assert.equal(toggle.getAttribute("aria-expanded"), "true"));
      const details = document.getElementById(toggle.getAttribute("aria-controls") ?? "") as HTMLElement;
      const facts = new Map(
        [...details.querySelectorAll(".fact")].map((fact) => [fact.querySelector("dt")?.textContent, fact.querySelector("dd")?.textContent]),
      );
      assert.equal(facts.get("Protocol"), "ESMTPS");
      assert.equal(facts.get("Encryption"), "TLS 1.3 · TLS_AES_256_GCM_SHA384 · 256 bits");
      assert.equal(facts.get("Certificate"), "None presented");
      assert.equal(facts.get("Receiving software"), undefined, "Yandex is no known receiver");
      const hop = report.hops[1];
      assert.ok(hop?.tls.evidenceAt);
      assert.deepEqual(
        [...details.querySelectorAll("mark")].map((mark) => mark.textContent),
        [hop.raw.slice(hop.tls.evidenceAt.start, hop.tls.evidenceAt.end)],
      );
      assert.equal(details.querySelector(".hop-raw")?.textContent, hop.raw);
      assert.equal(details.querySelectorAll(".hop-reasons li").length, hop.reasons.length);
    });

    it("draw the first screen's rows with the first content and every other row in the very next task", async () => {
      const report = analyze(readFixture(THIRTY));
      const { deps } = popupDeps({ popupMessage: 1, atHand: { 1: report } });
      render(<Popup deps={deps} />);
      assert.equal(document.body.dataset.ready, "1");
      assert.equal(rows().length, 12, "the first screen's rows come with the first content");
      assert.equal(stripItems().filter((li) => li.matches(".run")).length, report.route.runs.length, "and the whole route");
      assert.equal(document.querySelector(".report")?.getAttribute("data-complete"), null);
      await new Promise((done) => setTimeout(done, 0));
      await waitFor(() => assert.equal(rows().length, 30));
      assert.equal(document.querySelector(".report")?.getAttribute("data-complete"), "1");
    });

    it("say when the oldest hops were left out (more Received headers than the analyzer reads) and still draw every row", async () => {
      const lines = readFixture(THIRTY)
        .split("\n")
        .filter((line) => line.startsWith("Received:"));
      const block = `${Array.from({ length: 250 }, (_, i) => lines[i % lines.length]).join("\n")}\nSubject: many\n\n`;
      const report = analyze(block);
      assert.deepEqual(report.received, { total: 250, analysed: 200 });
      await renderPopup({ messages: [{ id: 1 }], reports: { 1: report } });
      assert.equal(
        document.querySelector(".capped")?.textContent,
        "This message has 250 Received headers. Only the newest 200 were read: the 50 oldest hops are left out.",
      );
      assert.equal(rows().length, 200);
    });
  });

  describe("header text", () => {
    it("shows markup from headers and subjects as literal text, never as elements", async () => {
      const { scenario } = single(HOSTILE, "<b>Hello</b> <img src=x onerror=alert(1)>");
      const { view } = await renderPopup(scenario);
      fireEvent.click(document.getElementById("hop-1-toggle") as HTMLElement);
      await waitFor(() => assert.ok(row(1).querySelector(".hop-raw")));
      assert.equal(document.querySelector("img[src='x']"), null);
      assert.equal(document.querySelector("main b, main script"), null);
      view.getByText("<b>Hello</b> <img src=x onerror=alert(1)>");
      const raw = row(1).querySelector(".hop-raw bdi");
      assert.match(raw?.textContent ?? "", /\(<img src=x onerror=alert\(1\)> \[198\.51\.100\.7\]\) by mx\.sender\.example \(<b>bold<\/b>\)/);
      assert.equal(raw?.children.length, 0, "no element inside the raw header");
    });

    it("shows header text with bidi overrides and markup as isolated literal text", async () => {
      const { report, scenario } = single(BIDI, "\u202Egnp.exe <b>Hello</b>");
      await renderPopup(scenario);
      const override = "mx\u202Eelpmaxe.evil";
      // the chip, the row and the subject hold the override literally, each in its own <bdi>
      const isolated = [...document.querySelectorAll("bdi")].map((bdi) => bdi.textContent);
      assert.ok(isolated.includes(override), "the route chip and the row isolate the host name");
      assert.equal(document.querySelector(".run.yours .run-name")?.localName, "bdi");
      assert.equal(row(2).querySelector(".hop-route bdi:last-child")?.textContent, override);
      assert.ok(isolated.includes("\u202Egnp.exe <b>Hello</b>"), "the subject too");
      // in a sentence, the host name is wrapped in U+2068 … U+2069, the text form of <bdi>
      assert.match(document.querySelector(".verdict-reasons")?.textContent ?? "", /\u2068mx\u202Eelpmaxe\.evil\u2069/);
      // the raw header: literal, markup as text, the override kept, only the stray U+2069 (which would end the isolate) dropped
      fireEvent.click(document.getElementById("hop-2-toggle") as HTMLElement);
      await waitFor(() => assert.ok(row(2).querySelector(".hop-raw")));
      const raw = row(2).querySelector(".hop-raw bdi") as HTMLElement;
      const hop = report.hops[1];
      assert.ok(hop);
      assert.equal(raw.textContent, balanceIsolates(hop.raw));
      assert.match(raw.textContent ?? "", /\(<b>bold<\/b>\u202E\)/);
      assert.equal(document.querySelector("main b"), null);
    });
  });

  describe("around the route", () => {
    it("folds the chain's warnings into one line with their count", async () => {
      const { report, scenario } = single(THIRTY);
      const { view } = await renderPopup(scenario);
      const toggle = view.getByRole("button", { name: "13 warnings about these headers" });
      assert.equal(report.warnings.length, 13);
      const list = document.getElementById(toggle.getAttribute("aria-controls") ?? "") as HTMLElement;
      assert.ok(list.hidden);
      fireEvent.click(toggle);
      await waitFor(() => assert.equal(list.hidden, false));
      assert.equal(list.querySelectorAll("li").length, 13);
    });

    it("keeps the legend behind a '?' disclosure", async () => {
      const { scenario } = single(SEED);
      const { view } = await renderPopup(scenario);
      const toggle = view.getByRole("button", { name: "What the signs mean" });
      const legend = document.getElementById("legend") as HTMLElement;
      assert.ok(legend.hidden);
      fireEvent.click(toggle);
      await waitFor(() => assert.equal(legend.hidden, false));
      within(legend).getByText(/“Unknown” does not mean insecure/);
      within(legend).getByText(/^Dashed:/);
    });

    it("shows the sender's connection where the headers recorded it, and lists under 'cannot show' only what they did not show", async () => {
      const ibm = single(IBM);
      await renderPopup(ibm.scenario);
      assert.equal(ibm.report.legs.submission.status, "plaintext");
      assert.match(
        plain(document.querySelector(".legs-shown")?.textContent),
        /^The sender's own connectionThe sender's own connection to ibm\.com was not encrypted\.$/,
      );
      assert.deepEqual(
        [...document.querySelectorAll(".legs li")].map((li) => li.getAttribute("data-leg")),
        ["download"],
      );
    });

    it("lists the sender's connection under 'cannot show' when the headers did not record it", async () => {
      const seed = single(SEED);
      await renderPopup(seed.scenario);
      assert.equal(seed.report.legs.submission.status, "not-recorded");
      assert.equal(document.querySelector(".legs-shown"), null);
      assert.deepEqual(
        [...document.querySelectorAll(".legs li")].map((li) => li.getAttribute("data-leg")),
        ["submission", "download"],
      );
    });

    it("copies the report as text and as JSON and says so", async () => {
      const { report, scenario } = single(GMAIL_TLS13);
      const { view, copied } = await renderPopup(scenario);
      fireEvent.click(view.getByRole("button", { name: "Copy report" }));
      await waitFor(() => view.getByText("The report was copied."));
      assert.match(copied[0] ?? "", /^Hoplock report: TLS on the way to you\nMessage: Hello\n\nEncrypted: Encrypted on its one hand-off\n/);
      assert.match(copied[0] ?? "", /\nRoute: google\.com —\[Encrypted TLS 1\.3\]→ yandex\.net\n/);
      assert.match(copied[0] ?? "", /\n2\. mail-qt1-x82c\.google\.com → iva4-2b810ee1e62f\.qloud-c\.yandex\.net/);
      fireEvent.click(view.getByRole("button", { name: "Copy as JSON" }));
      await waitFor(() => view.getByText("The report was copied as JSON."));
      assert.deepEqual(JSON.parse(copied[1] ?? ""), report);
    });

    it("offers an anonymised line where Hoplock may be misreading a hop (silence at a receiver it does not know), and copies it", async () => {
      const offered = (hop: number) => {
        fireEvent.click(document.getElementById(`hop-${hop}-toggle`) as HTMLElement);
        return document.querySelector(`#hop-${hop}-details .hop-help`) !== null;
      };
      // The seed: hop 1 is unknown at Microsoft SMTPSVC (a known receiver), hop 3 encrypted, hop 4 unknown but not counted.
      const seed = single(SEED);
      await renderPopup(seed.scenario);
      assert.deepEqual([1, 3, 4].map(offered), [false, false, false]);
      cleanup();
      // SendGrid's MX writes no TLS note and is no receiver Hoplock knows: its counted hop may be misread.
      const { report, scenario } = single(GITHUB_SENDGRID);
      const { view, copied } = await renderPopup(scenario);
      assert.equal(offered(1), true);
      fireEvent.click(within(document.getElementById("hop-1-details") as HTMLElement).getByRole("button", { name: "Copy an anonymised line" }));
      await waitFor(() => view.getByText(/^Copied\. Read it before you send it/));
      const raw = report.hops[0]?.raw ?? "";
      assert.deepEqual(copied, [anonymiseReceived(raw)]);
      assert.notEqual(copied[0], raw, "host names and addresses are replaced");
    });

    it("says when copying failed", async () => {
      const { scenario } = single(GMAIL_TLS13);
      const { view } = await renderPopup({ ...scenario, copyText: async () => Promise.reject(new Error("denied")) });
      fireEvent.click(view.getByRole("button", { name: "Copy report" }));
      await waitFor(() => view.getByText("Copying failed: the clipboard is not available."));
    });
  });

  it("reports on the message its URL names without asking Thunderbird which is displayed", async () => {
    const report = analyze(readFixture(GMAIL_TLS13));
    const { requested, asked } = await renderPopup({ popupMessage: 7, messages: [{ id: 7, subject: "From the URL" }], reports: { 7: report } });
    assert.deepEqual(requested, [7]);
    assert.deepEqual(asked, []);
    assert.equal(document.querySelector(".subject")?.textContent, "Message: From the URL", "the subject comes with the reply");
  });

  it("draws a report the background holds in memory in its very first render, asking nothing", async () => {
    const report = analyze(readFixture(SEED));
    const { deps, requested, asked } = popupDeps({ popupMessage: 7, atHand: { 7: report } });
    render(<Popup deps={deps} />);
    assert.equal(document.body.dataset.ready, "1", "ready right after the first render, before any promise settles");
    assert.equal(document.querySelector("[data-verdict]")?.getAttribute("data-verdict"), "not-encrypted");
    assert.equal(document.activeElement?.id, "route-hop-2");
    await Promise.resolve();
    assert.deepEqual([requested, asked], [[], []]);
  });

  it("lets the user choose among several displayed messages and come back", async () => {
    const reportA = analyze(readFixture(GMAIL_TLS13));
    const reportB = analyze(readFixture("16-powermta-to-eop-cleartext.eml"));
    const { view, requested } = await renderPopup({
      messages: [
        { id: 1, subject: "First" },
        { id: 2, subject: "Second" },
      ],
      reports: { 1: reportA, 2: reportB },
    });
    view.getByRole("heading", { name: "2 messages are displayed" });
    assert.deepEqual(requested, []);
    fireEvent.click(view.getByRole("button", { name: "Second" }));
    await waitFor(() => assert.equal(document.querySelector("[data-verdict]")?.getAttribute("data-verdict"), "not-encrypted"));
    assert.equal(document.body.dataset.ready, "1");
    fireEvent.click(view.getByRole("button", { name: "Back to the list of messages" }));
    await waitFor(() => view.getByRole("button", { name: "First" }));
  });

  describe("explains every failure instead of going blank", () => {
    it("no message displayed", async () => {
      const { view } = await renderPopup({ messages: [] });
      view.getByRole("heading", { name: "No message displayed" });
    });

    it("the message was deleted", async () => {
      const { view } = await renderPopup({ messages: [{ id: 3 }], reports: {} });
      const alert = within(view.getByRole("alert"));
      alert.getByRole("heading", { name: "This message is no longer available" });
      alert.getByText("Technical detail: gone");
    });

    it("the headers could not be read", async () => {
      const requestReport = async (): Promise<ReportReply> => ({ ok: false, messageId: 3, error: { code: "unreadable", message: "offline" } });
      const { view } = await renderPopup({ messages: [{ id: 3 }], requestReport });
      view.getByRole("heading", { name: "The message's headers could not be read" });
    });

    it("the Thunderbird API threw: one line of detail, no stack trace", async () => {
      const error = new Error("tabs.query failed\n    at popup.js:1:1");
      const { view } = await renderPopup({ displayedMessages: () => Promise.reject(error) });
      view.getByRole("heading", { name: "Thunderbird did not say which message is displayed" });
      view.getByText("Technical detail: tabs.query failed");
      assert.doesNotMatch(document.body.textContent ?? "", /popup\.js:1:1/);
    });

    it("the background did not answer", async () => {
      const { view } = await renderPopup({ messages: [{ id: 3 }], requestReport: () => Promise.reject(new Error("Could not establish connection")) });
      view.getByRole("heading", { name: "Hoplock is not responding" });
    });

    it("the background replied with nothing", async () => {
      const { view } = await renderPopup({ messages: [{ id: 3 }], requestReport: async () => undefined });
      view.getByRole("heading", { name: "Hoplock is not responding" });
    });
  });

  it("opens the settings from every state", async () => {
    const { view, optionsOpened } = await renderPopup({ messages: [] });
    fireEvent.click(view.getByRole("button", { name: "Settings" }));
    assert.equal(optionsOpened.length, 1);
  });

  it("speaks German throughout in German, with no English UI word left", async () => {
    const { scenario } = single(SEED, "Hallo", "de");
    const { view } = await renderPopup(scenario);
    view.getByRole("heading", { level: 1, name: "Nicht verschlüsselt" });
    assert.equal(document.querySelector(".headline")?.textContent, "Nicht verschlüsselt bei 1 von 4 Übergaben; 1 unklar, 2 verschlüsselt");
    assert.equal(
      plain(document.activeElement?.textContent),
      "Nicht verschlüsselt: Nicht verschlüsselt bei 1 von 4 Übergaben; 1 unklar, 2 verschlüsselt. Unverschlüsselt, Übergabe bei Station 2, von der Absenderseite behauptet",
    );
    view.getByRole("button", { name: "Bericht kopieren" });
    view.getByRole("button", { name: "Alle 6 Gründe zeigen" });
    assert.equal(row(5).querySelector(".hop-state")?.textContent, "Intern: zählt nicht");
    assert.match(row(1).querySelector(".hop-route")?.textContent ?? "", /^nennt sich BAY403-EAS373 → /);
    const text = plain(document.querySelector("main")?.textContent);
    for (const english of [
      "hand-off",
      "Show all",
      "Route",
      "not counted",
      "calls itself",
      "Hops, oldest",
      "Encrypted",
      "Unknown",
      "What the headers",
      "your side",
    ]) {
      assert.ok(!text.includes(english), `English "${english}" in the German popup`);
    }
  });

  describe("a possible downgrade", () => {
    /** The memory's real check: six encrypted Postmark hand-offs remembered, then the same delivery without TLS. */
    function downgradeCheck(): PossibleDowngrade {
      const postmark = headerBlockOf("messages/14-postmark-postfix-filter-dovecot.eml");
      const plaintext = delivery(
        postmark
          .replace(/ \(using TLSv1\.2 with cipher [^)]*\(256\/256 bits\)\) \(No client certificate requested\)/, "")
          .replace("with ESMTPS id", "with ESMTP id"),
        "2024-03-20T10:00:00Z",
        "plain",
      );
      const blocks = [1, 2, 3, 4, 5, 6].map((day) => delivery(postmark, `2024-03-0${day}T10:00:00Z`, `enc-${day}`));
      const core = new AnalysisCore({});
      const memory = loadMemory();
      for (const handoff of core.addBatch({ ids: [1, 2, 3, 4, 5, 6], headerMessageIds: blocks.map(() => null), headerBlocks: blocks }).handoffs)
        memory.record(handoff);
      const [handoff] = core.addBatch({ ids: [7], headerMessageIds: [null], headerBlocks: [withHeader(plaintext, "List-Id", "<news.example.org>")] }).handoffs;
      assert.ok(handoff);
      const check = memory.check(handoff);
      assert.equal(check.kind, "possible-downgrade");
      return check;
    }

    it("is said under the verdict with the organisation's history and the ordinary causes, those the headers show first", async () => {
      const { scenario } = single("14-postmark-postfix-filter-dovecot.eml");
      const { view } = await renderPopup({ ...scenario, downgrades: { 1: downgradeCheck() } });
      const alert = view.getByRole("region", { name: /^Possible downgrade: / });
      assert.equal(
        plain(alert.querySelector(".downgrade-headline > span:last-child")?.textContent),
        "Possible downgrade: mtasv.net handed this message to your side without encryption, but 6 of its 6 earlier hand-offs since Mar 1, 2024 were encrypted.",
      );
      assert.equal(alert.querySelector(".downgrade-versions")?.textContent, "Its earlier encrypted hand-offs: TLS 1.2 (6)");
      assert.deepEqual(
        [...alert.querySelectorAll(".downgrade-causes li")].map((li) => li.textContent),
        [
          "It came through a mailing list (it has a List-Id header).",
          "It may have come through a backup mail server of yours that does not use TLS.",
          "It may have been forwarded by another server rather than sent by the organisation itself.",
          "The sender may have asked that TLS policies be ignored for its mail, so that it is delivered even without TLS (a TLS-Required: No header, RFC 8689).",
        ],
      );
      assert.ok(
        alert.querySelector(".downgrade-headline > span:last-child")?.textContent?.includes("\u2068mtasv.net\u2069"),
        "the organisation's name is isolated text",
      );
    });

    it("is said in German", async () => {
      const { scenario } = single("14-postmark-postfix-filter-dovecot.eml", "Hallo", "de");
      const { view } = await renderPopup({ ...scenario, downgrades: { 1: downgradeCheck() } });
      const alert = view.getByRole("region", { name: /^Mögliche Herabstufung: / });
      assert.match(plain(alert.textContent), /^↓Mögliche Herabstufung: mtasv\.net übergab diese Nachricht unverschlüsselt an Ihre Seite/);
    });

    it("is absent without one", async () => {
      const { scenario } = single("14-postmark-postfix-filter-dovecot.eml");
      await renderPopup(scenario);
      assert.equal(document.querySelector(".downgrade"), null);
    });
  });

  describe("Audit this folder", () => {
    it("opens the audit page for the active mail tab, passing its id", async () => {
      const { scenario } = single(SEED);
      const setup = await renderPopup({ ...scenario, mailTab: 3 });
      const closed: true[] = [];
      window.close = () => void closed.push(true);
      fireEvent.click(await setup.view.findByRole("button", { name: "Audit this folder" }));
      await waitFor(() => assert.deepEqual(setup.auditsOpened, [3]));
      await waitFor(() => assert.equal(closed.length, 1, "the popup closes"));
    });

    it("is not offered where no folder is shown (a message tab or window)", async () => {
      const { scenario } = single(SEED);
      const { view } = await renderPopup({ ...scenario, mailTab: null });
      await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(view.queryByRole("button", { name: "Audit this folder" }), null);
    });
  });

  it("gives every control an accessible name and keeps icons out of the content", async () => {
    const { scenario } = single(IBM);
    const { view } = await renderPopup(scenario);
    for (const button of view.getAllByRole("button")) assert.notEqual(button.textContent?.trim() ?? "", "", button.outerHTML);
    assert.equal(document.querySelectorAll("img").length, 0, "state icons are CSS decoration, not content");
    for (const icon of document.querySelectorAll(".state-icon")) assert.equal(icon.getAttribute("aria-hidden"), "true", "the text next to it says the same");
  });
});
