/** The audit view as a user meets it: the audit of the fixture folder (see test/audit/audit.test.ts) rendered in jsdom. */
import assert from "node:assert/strict";
import { fireEvent, render, within } from "@testing-library/preact";
import { type AuditResult, createAudit, type FlaggedMessage } from "../../src/audit/index.ts";
import { AuditView, type ExportFile } from "../../src/audit-view/index.ts";
import { useDom } from "../addon/helpers/dom.ts";
import { translator } from "../addon/helpers/i18n.ts";
import { corpusMessage, FIXTURE_FILES, headerBlockOf } from "../audit/mail.ts";

function folderAudit(): AuditResult {
  const audit = createAudit();
  const blocks = [...FIXTURE_FILES.map(headerBlockOf), ...["rcv-282", "rcv-070", "rcv-043"].map(corpusMessage)];
  blocks.forEach((headers, i) => audit.addHeaders(headers, { kind: "thunderbird", id: 100 + i, headerMessageId: null }));
  return audit.result();
}

function renderView(options: { lang?: string; open?: (message: FlaggedMessage) => void } = {}) {
  const saved: ExportFile[] = [];
  const t = translator(options.lang ?? "en");
  render(<AuditView audit={folderAudit()} t={t} open={options.open} save={(file) => saved.push(file)} />);
  return { view: within(document.body), saved };
}

const rowNames = (table: HTMLElement) =>
  within(table)
    .getAllByRole("row")
    .slice(1)
    .map((row) => row.querySelector("th")?.textContent ?? "");

describe("audit view", () => {
  useDom();

  it("states the headline over messages from other organisations only, and the counts kept apart", () => {
    const { view } = renderView();
    view.getByRole("heading", { level: 1, name: "38.5% of mail from other organisations crossed a plaintext hand-off; for 23.1%, encryption is unknown." });
    view.getByText("13 messages from other organisations");
    view.getByText("Counted apart: 1 internal only, 1 without Received headers.");
  });

  it("names every state in the bar's legend by mark and word, never by colour alone", () => {
    const { view } = renderView();
    const legend = document.querySelector(".state-bar .state-legend") as HTMLElement;
    assert.deepEqual(
      [...legend.querySelectorAll("li")].map((item) => item.textContent),
      ["✓encrypted: 30.8% (4)", "!weak TLS: 7.7% (1)", "✗plaintext hand-off: 38.5% (5)", "?unknown: 23.1% (3)"],
    );
    assert.ok(view.getByRole("img", { name: "States of 13 messages from other organisations" }));
  });

  it("sorts the senders by a column (keyboard-operable buttons) and searches them", () => {
    const { view } = renderView();
    const table = view.getAllByRole("table").find((candidate) => within(candidate).queryByRole("button", { name: /Sender/ })) as HTMLElement;
    assert.equal(rowNames(table)[0], "google.com", "most messages first");
    const sender = within(table).getByRole("button", { name: /Sender/ });
    assert.equal(sender.tagName, "BUTTON");
    fireEvent.click(sender);
    assert.deepEqual(rowNames(table).slice(0, 3), ["freedesktop.org", "gnu.org", "google.com"]);
    assert.equal(sender.closest("th")?.getAttribute("aria-sort"), "ascending");
    fireEvent.click(sender);
    assert.equal(sender.closest("th")?.getAttribute("aria-sort"), "descending");
    fireEvent.input(view.getByRole("searchbox", { name: "Search senders" }), { target: { value: "unverified" } });
    assert.deepEqual(rowNames(table).sort(), ["unverified: abc.luxsci.com", "unverified: eclectic.kluge.net", "unverified: vmta6.response.nfcu.org"]);
  });

  it("lists the plaintext and weak messages, each opened through the host's callback", () => {
    const opened: FlaggedMessage[] = [];
    const { view } = renderView({ open: (message) => opened.push(message) });
    const list = view.getByRole("heading", { name: "Messages with a plaintext or weak hand-off" }).closest("section") as HTMLElement;
    const buttons = within(list).getAllByRole("button", { name: "Open" });
    assert.equal(buttons.length, 6);
    fireEvent.click(buttons[4] as HTMLElement);
    assert.deepEqual(
      opened.map((message) => [message.ref, message.judgement]),
      [[{ kind: "thunderbird", id: 107, headerMessageId: null }, "weak"]],
    );
    within(list).getByText("hop 1: weak TLS (TLS 1.0, ECDHE-RSA-RC4-SHA)");
  });

  it("switches the chart between weeks and months, with its numbers as a table", () => {
    const { view } = renderView();
    const byMonth = view.getByRole("button", { name: "By month" });
    fireEvent.click(byMonth);
    assert.equal(byMonth.getAttribute("aria-pressed"), "true");
    const chart = view.getByRole("img", { name: /^Share of each state per period, 2004-03 to 2025-11/ });
    assert.equal(chart.querySelectorAll("g[data-period]").length, 15);
    view.getByText("2025-11 (partly by Date:)");
  });

  it("exports CSV and JSON without subjects or addresses until the user asks for them", () => {
    const { view, saved } = renderView();
    fireEvent.click(view.getByRole("button", { name: "Plaintext and weak messages (CSV)" }));
    fireEvent.click(view.getByRole("button", { name: "Everything (JSON)" }));
    assert.deepEqual(
      saved.map((file) => [file.name, file.type]),
      [
        ["hoplock-audit-messages.csv", "text/csv"],
        ["hoplock-audit.json", "application/json"],
      ],
    );
    for (const file of saved) assert.ok(!file.text.includes("Example from the LuxSci article") && !file.text.includes("seed-example@hotmail.com"), file.name);
    fireEvent.click(view.getByRole("checkbox", { name: /Include subjects/ }));
    fireEvent.click(view.getByRole("button", { name: "Plaintext and weak messages (CSV)" }));
    assert.ok(saved[2]?.text.includes("Example from the LuxSci article"));
  });

  it("speaks German from the German catalogue", () => {
    const { view } = renderView({ lang: "de" });
    view.getByRole("heading", {
      level: 1,
      name: "38,5 % der Nachrichten von anderen Organisationen liefen über eine unverschlüsselte Übergabe; bei 23,1 % ist die Verschlüsselung unklar.",
    });
    view.getByRole("button", { name: "Nach Monat" });
  });

  it("renders header text as text, never as markup", () => {
    const audit = createAudit();
    const hostile = headerBlockOf("e2e/23-html-in-received-vger-exim.eml").replace(
      /^Subject: .*$/m,
      'Subject: <img src=x onerror="alert(1)"><script>alert(2)</script>',
    );
    audit.addHeaders(hostile, { kind: "thunderbird", id: 1, headerMessageId: null });
    render(<AuditView audit={audit.result()} t={translator("en")} />);
    within(document.body).getByText('<img src=x onerror="alert(1)"><script>alert(2)</script>');
    assert.equal(document.querySelectorAll("img, script").length, 0);
  });
});

describe("audit view of an empty audit", () => {
  useDom();

  it("says that nothing from another organisation was read, instead of showing empty shares", () => {
    render(<AuditView audit={createAudit().result()} t={translator("en")} />);
    const view = within(document.body);
    view.getByRole("heading", { level: 1, name: "No message from another organisation was read." });
    assert.equal(view.getAllByText("No message from another organisation was read.").length, 2);
    view.getByText("No dated message to show.");
  });
});
