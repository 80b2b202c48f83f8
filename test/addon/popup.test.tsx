import assert from "node:assert/strict";
import { fireEvent, render, waitFor, within } from "@testing-library/preact";
import { analyze } from "../../src/analyzer/index.ts";
import type { Report } from "../../src/analyzer/types.ts";
import type { MessageHeader } from "../../src/background/thunderbird.ts";
import type { PopupDeps } from "../../src/popup/Popup.tsx";
import { Popup } from "../../src/popup/Popup.tsx";
import type { ReportReply } from "../../src/shared/protocol.ts";
import { useDom } from "./helpers/dom.ts";
import { readFixture } from "./helpers/fakes.ts";
import { translator } from "./helpers/i18n.ts";

const GMAIL_TLS13 = "12-gmail-to-yandex-tls13.eml";
const IBM = "02-ibm-proofpoint-gnu-exim-lfdr.eml";
const HOSTILE = "test/addon/fixtures/hostile-markup.eml";

interface Scenario {
  messages?: MessageHeader[];
  reports?: Record<number, Report>;
  displayedMessages?: () => Promise<MessageHeader[]>;
  requestReport?: (id: number) => Promise<ReportReply | undefined>;
  copyText?: (text: string) => Promise<void>;
  lang?: string;
}

function popupDeps(scenario: Scenario) {
  const copied: string[] = [];
  const requested: number[] = [];
  const optionsOpened: true[] = [];
  const deps: PopupDeps = {
    t: translator(scenario.lang ?? "en"),
    locale: scenario.lang ?? "en",
    displayedMessages: scenario.displayedMessages ?? (async () => scenario.messages ?? []),
    requestReport:
      scenario.requestReport ??
      (async (messageId) => {
        requested.push(messageId);
        const report = scenario.reports?.[messageId];
        return report ? { ok: true, messageId, report } : { ok: false, messageId, error: { code: "not-found", message: "gone" } };
      }),
    copyText:
      scenario.copyText ??
      (async (text) => {
        copied.push(text);
      }),
    openOptions: async () => {
      optionsOpened.push(true);
    },
  };
  return { deps, copied, requested, optionsOpened };
}

async function renderPopup(scenario: Scenario) {
  const setup = popupDeps(scenario);
  render(<Popup deps={setup.deps} />);
  await waitFor(() => assert.equal(document.body.dataset.ready, "1"));
  return { ...setup, view: within(document.body) };
}

function single(fixture: string, subject = "Hello") {
  const report = analyze(readFixture(fixture));
  return { report, scenario: { messages: [{ id: 1, subject }], reports: { 1: report } } };
}

describe("popup", () => {
  useDom();

  it("states the verdict in words first, then lists every hop oldest first with the DOM contract", async () => {
    const { report, scenario } = single(IBM);
    const { view } = await renderPopup(scenario);
    const verdict = document.querySelector("[data-verdict]");
    assert.equal(verdict?.getAttribute("data-verdict"), "encrypted");
    assert.equal(view.getByRole("heading", { level: 1 }).textContent, "Encrypted");
    view.getByText("Encrypted on all 3 hand-offs between providers (TLS 1.2).");
    const hops = [...document.querySelectorAll<HTMLElement>("[data-hop-index]")];
    assert.deepEqual(hops.map((hop) => hop.dataset.hopIndex), report.hops.map((hop) => String(hop.index)));
    for (const [i, element] of hops.entries()) {
      const hop = report.hops[i];
      assert.ok(hop);
      assert.equal(element.dataset.tlsStatus, hop.tls.status);
      assert.equal(element.dataset.tlsVersion, hop.tls.version ?? "");
      assert.equal(element.dataset.tlsCipher, hop.tls.cipher ?? "");
      assert.equal(element.dataset.scope, hop.scope);
      assert.equal(element.querySelector(".hop-raw")?.textContent, hop.raw, "the raw header is in the DOM while collapsed");
    }
    const [first, ...rest] = hops;
    assert.ok(first && rest.every((hop) => first.compareDocumentPosition(hop) & Node.DOCUMENT_POSITION_FOLLOWING), "oldest first");
  });

  it("groups hops by organisation and marks your provider", async () => {
    const { scenario } = single(IBM);
    const { view } = await renderPopup(scenario);
    const groups = view.getAllByRole("heading", { level: 3 }).map((heading) => heading.textContent);
    assert.deepEqual(groups, ["ibm.com", "IMSVA", "ibm.com", "pphosted.com", "pps.reinject", "pphosted.com", "gnu.org", "lfdr.de (your provider)"]);
    const gnu = view.getByRole("region", { name: "gnu.org" });
    assert.deepEqual([...gnu.querySelectorAll("[data-hop-index]")].map((hop) => hop.getAttribute("data-hop-index")), ["11", "12", "13"]);
  });

  it("describes a hop in words: status as icon and text, TLS details, scope, trust and the reason", async () => {
    const { scenario } = single(GMAIL_TLS13);
    await renderPopup(scenario);
    const hop = within(document.querySelector<HTMLElement>('[data-hop-index="2"]') as HTMLElement);
    hop.getByText("Encrypted", { selector: "strong" });
    hop.getByText("TLS 1.3 · TLS_AES_256_GCM_SHA384 · 256-bit");
    hop.getByText("Hand-off between providers");
    hop.getByText("Your provider (trustworthy)");
    hop.getByText("ESMTPS");
    hop.getByText("None presented");
    hop.getByText(/recorded TLS \(TLSv1\.3, TLS_AES_256_GCM_SHA384, 256 bits\)\./);
    hop.getByText(/0 s after the previous hop|1 s after the previous hop/);
  });

  it("expands a hop with a button that reports its state and marks the TLS evidence", async () => {
    const { report, scenario } = single(GMAIL_TLS13);
    const { view } = await renderPopup(scenario);
    const button = view.getByRole("button", { name: "Show the Received header of hop 2" });
    assert.equal(button.getAttribute("aria-expanded"), "false");
    const details = document.getElementById(button.getAttribute("aria-controls") ?? "");
    assert.ok(details?.hidden);
    fireEvent.click(button);
    await waitFor(() => assert.equal(button.getAttribute("aria-expanded"), "true"));
    assert.equal(button.textContent, "Hide the Received header of hop 2");
    assert.equal(details?.hidden, false);
    const marks = [...(details?.querySelectorAll("mark") ?? [])].map((mark) => mark.textContent);
    assert.deepEqual(marks, [report.hops[1]?.tls.evidence]);
  });

  it("shows markup in headers and subjects as literal text, never as elements", async () => {
    const { scenario } = single(HOSTILE, "<b>Hello</b> <img src=x onerror=alert(1)>");
    const { view } = await renderPopup(scenario);
    assert.equal(document.querySelector("img[src='x']"), null);
    assert.equal(document.querySelector("main b, main script"), null);
    view.getByText("Message: <b>Hello</b> <img src=x onerror=alert(1)>");
    const raw = document.querySelector('[data-hop-index="1"] .hop-raw');
    assert.match(raw?.textContent ?? "", /\(<img src=x onerror=alert\(1\)> \[198\.51\.100\.7\]\) by mx\.sender\.example \(<b>bold<\/b>\)/);
    assert.equal(raw?.children.length, 0, "no element inside the raw header");
    assert.match(document.querySelector('[data-hop-index="1"] .hop-route')?.textContent ?? "", /evil\.example → mx\.sender\.example/);
  });

  it("lists the chain's warnings", async () => {
    const { scenario } = single(HOSTILE);
    const { view } = await renderPopup(scenario);
    const warnings = view.getByRole("region", { name: "Warnings" });
    within(warnings).getByText(/Hop 2 is dated 300 s before the previous one/);
  });

  it("shows the legs headers cannot show and why unknown is not insecure", async () => {
    const { scenario } = single(IBM);
    const { view } = await renderPopup(scenario);
    const legs = within(view.getByRole("region", { name: "What the headers cannot show" }));
    legs.getByText("The sender's connection to their provider");
    legs.getByText(/The sender's own connection to ibm\.com was not encrypted\./);
    legs.getByText(/Your own download of the message \(IMAP\/POP\) is not part of these headers/);
    view.getByText(/“Unknown” does not mean insecure/);
  });

  it("copies the report as text and as JSON and says so", async () => {
    const { report, scenario } = single(GMAIL_TLS13);
    const { view, copied } = await renderPopup(scenario);
    fireEvent.click(view.getByRole("button", { name: "Copy report" }));
    await waitFor(() => view.getByText("The report was copied."));
    assert.match(copied[0] ?? "", /^Hoplock report: TLS on the way to you\nMessage: Hello\n\nEncrypted: Encrypted on the hand-off between providers \(TLS 1\.3\)\./);
    assert.match(copied[0] ?? "", /\n2\. mail-qt1-x82c\.google\.com → iva4-2b810ee1e62f\.qloud-c\.yandex\.net/);
    fireEvent.click(view.getByRole("button", { name: "Copy as JSON" }));
    await waitFor(() => view.getByText("The report was copied as JSON."));
    assert.deepEqual(JSON.parse(copied[1] ?? ""), report);
  });

  it("says when copying failed", async () => {
    const { scenario } = single(GMAIL_TLS13);
    const { view } = await renderPopup({ ...scenario, copyText: async () => Promise.reject(new Error("denied")) });
    fireEvent.click(view.getByRole("button", { name: "Copy report" }));
    await waitFor(() => view.getByText("Copying failed: the clipboard is not available."));
  });

  it("lets the user choose among several displayed messages and come back", async () => {
    const reportA = analyze(readFixture(GMAIL_TLS13));
    const reportB = analyze(readFixture("16-powermta-to-eop-cleartext.eml"));
    const { view, requested } = await renderPopup({ messages: [{ id: 1, subject: "First" }, { id: 2, subject: "Second" }], reports: { 1: reportA, 2: reportB } });
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

  it("speaks the user's language", async () => {
    const { scenario } = single(GMAIL_TLS13);
    const { view } = await renderPopup({ ...scenario, lang: "de" });
    view.getByRole("heading", { level: 1, name: "Verschlüsselt" });
    view.getByRole("button", { name: "Received-Kopfzeile von Station 2 zeigen" });
    view.getByRole("button", { name: "Bericht kopieren" });
  });

  it("gives every control an accessible name", async () => {
    const { scenario } = single(IBM);
    const { view } = await renderPopup(scenario);
    for (const button of view.getAllByRole("button")) assert.notEqual(button.textContent?.trim() ?? "", "", button.outerHTML);
    assert.equal(document.querySelectorAll("img").length, 0, "state icons are CSS decoration, not content");
    const icons = [...document.querySelectorAll(".state-icon")];
    assert.ok(icons.length > 0);
    for (const icon of icons) assert.equal(icon.getAttribute("aria-hidden"), "true", "the text next to it says the same");
  });
});
