/**
 * The audit page as a user meets it (jsdom), over the typed fake of Thunderbird and the real analysis (in the page's
 * thread here; a worker in the add-on): choosing messages, the run and Cancel, the results, opening a message, a
 * saved audit, and tags, whose permissions are asked for in the click itself and only there.
 */
import assert from "node:assert/strict";
import { fireEvent, render, waitFor, within } from "@testing-library/preact";
import type { AuditOptions } from "../../src/audit/index.ts";
import { auditForExport, createAudit } from "../../src/audit/index.ts";
import { Analysis, inPageChannel } from "../../src/audit-page/analysis.ts";
import { AuditPage, type AuditPageDeps } from "../../src/audit-page/AuditPage.tsx";
import { emptyCallCounts, tracedReaderApi } from "../../src/audit-page/call-trace.ts";
import { AuditRun } from "../../src/audit-page/run.ts";
import type { AuditScope } from "../../src/background/thunderbird.ts";
import { DEFAULT_OPTIONS } from "../../src/shared/options.ts";
import { HOPLOCK_TAG_KEYS, VERDICT_TAGS } from "../../src/shared/verdict-tags.ts";
import { corpusMessage, delivery, FIXTURE_FILES, headerBlockOf } from "../audit/mail.ts";
import { clickTracker, useDom } from "./helpers/dom.ts";
import { FakeMailbox } from "./helpers/mailbox.ts";
import { translator } from "./helpers/i18n.ts";

const FOLDER = [...FIXTURE_FILES.map(headerBlockOf), ...["rcv-282", "rcv-070", "rcv-043"].map(corpusMessage)];
const WITH_RECEIVED = FOLDER.filter((block) => /^Received:/im.test(block));

/** The fixture folder, then copies of its chains (each its own Message-ID and receipt time) up to `count`. */
function mailboxOf(count = FOLDER.length): FakeMailbox {
  const mailbox = new FakeMailbox();
  const copy = (i: number) => delivery(WITH_RECEIVED[i % WITH_RECEIVED.length] as string, `2024-02-0${1 + (i % 9)}T10:00:00Z`, `copy-${i}`);
  mailbox.add(Array.from({ length: count }, (_, i) => (i < FOLDER.length ? (FOLDER[i] as string) : copy(i))));
  return mailbox;
}

interface Started {
  scope: AuditScope;
  options: AuditOptions;
}

function renderPage(mailbox: FakeMailbox, options: Partial<typeof DEFAULT_OPTIONS> = {}, lang = "en") {
  const started: Started[] = [];
  const deps: AuditPageDeps = {
    t: translator(lang),
    mailbox,
    mailTabId: 7,
    loadOptions: async () => ({ ...DEFAULT_OPTIONS, ...options }),
    createRun: (scope, auditOptions, onProgress) => {
      started.push({ scope, options: auditOptions });
      return new AuditRun(
        {
          api: tracedReaderApi(mailbox, emptyCallCounts()),
          analysis: (o, onOutcome) => new Analysis({ open: () => inPageChannel(), maxLanes: 1 }, o, onOutcome),
          recordHandoffs: () => undefined,
          now: () => performance.now(),
          onProgress,
        },
        scope,
        auditOptions,
      );
    },
    today: () => "2025-06-15",
  };
  render(<AuditPage deps={deps} />);
  return { view: within(document.body), started };
}

async function runAudit(view: ReturnType<typeof renderPage>["view"]) {
  await waitFor(() => assert.equal(document.body.dataset.ready, "1"));
  fireEvent.click(view.getByRole("button", { name: "Start audit" }));
  await waitFor(() => assert.equal(document.body.dataset.phase, "complete"), { timeout: 10000 });
}

describe("audit page", () => {
  useDom();

  it("audits the folder view's messages and shows the shared results view", async () => {
    const mailbox = mailboxOf();
    const { view, started } = renderPage(mailbox, { trustedDomains: ["lfdr.de"], minTlsVersion: "TLSv1.3" });
    await runAudit(view);
    assert.deepEqual(
      started,
      [{ scope: { kind: "listed", tabId: 7 }, options: { trustedDomains: ["lfdr.de"], minTlsVersion: "TLSv1.3" } }],
      "the add-on's own options, as the CLI's --trusted and --min-tls",
    );
    assert.match(document.querySelector("p.status")?.textContent ?? "", /^Audit complete: 15 messages read in [\d.]+ sec\.$/);
    view.getByRole("heading", { level: 1, name: /of mail from other organisations crossed a plaintext hand-off/ });
    assert.ok(view.getAllByRole("button", { name: "Open" }).length > 0 || document.querySelectorAll(".flagged tbody button").length > 0);
  });

  it("opens a listed plaintext or weak message by Thunderbird's id", async () => {
    const mailbox = mailboxOf();
    const { view } = renderPage(mailbox);
    await runAudit(view);
    const first = document.querySelector(".flagged tbody button") as HTMLButtonElement;
    fireEvent.click(first);
    await waitFor(() => assert.equal(mailbox.callsNamed("openMessage").length, 1));
    const [[, target]] = mailbox.callsNamed("openMessage") as [[string, { messageId: number }]];
    assert.ok(Number.isInteger(target.messageId) && mailbox.mail.has(target.messageId));
  });

  it("Cancel stops the run and says the counts are partial", async () => {
    const mailbox = mailboxOf(600);
    mailbox.pageDelayMs = 5;
    const { view } = renderPage(mailbox);
    await waitFor(() => assert.equal(document.body.dataset.ready, "1"));
    mailbox.onRead = (id) => {
      if (id === 120) fireEvent.click(view.getByRole("button", { name: "Cancel" }));
    };
    fireEvent.click(view.getByRole("button", { name: "Start audit" }));
    await waitFor(() => assert.equal(document.body.dataset.phase, "cancelled"), { timeout: 10000 });
    assert.match(
      document.querySelector("p.status")?.textContent ?? "",
      /^Cancelled after \d+ of (at least )?[\d,]+ messages\. The counts below cover only the messages read until then\.$/,
    );
    assert.ok(mailbox.callsNamed("readRawHeaders").length < 600);
  });

  it("says it is asking Thunderbird for the list until the first page comes, not “0 of at least 0 messages read”", async () => {
    const mailbox = mailboxOf(40);
    const listed: (() => void)[] = [];
    mailbox.listGate = new Promise<void>((resolve) => listed.push(resolve));
    const { view } = renderPage(mailbox);
    await waitFor(() => assert.equal(document.body.dataset.ready, "1"));
    fireEvent.click(view.getByRole("button", { name: "Start audit" }));
    try {
      await view.findByText("Asking Thunderbird for the list of messages…");
      assert.equal(view.queryByText(/0 of at least 0/), null);
    } finally {
      for (const release of listed) release(); // the run ends either way
    }
    await waitFor(() => assert.equal(document.body.dataset.phase, "complete"));
  });

  it("warns that a threaded view hides the messages of collapsed threads", async () => {
    const mailbox = mailboxOf();
    mailbox.mailTab = { tabId: 7, groupType: "groupedByThread" };
    const { view } = renderPage(mailbox);
    await view.findByText(/messages inside collapsed threads are not listed/);
  });

  it("audits all mail since a day: searches from two days before, counts from that day by receipt time", async () => {
    const mailbox = mailboxOf();
    const { view, started } = renderPage(mailbox);
    await waitFor(() => assert.equal(document.body.dataset.ready, "1"));
    fireEvent.click(view.getByRole("radio", { name: "All mail received since" }));
    fireEvent.input(view.getByLabelText("Day from which mail is audited"), { target: { value: "2024-02-03" } });
    fireEvent.click(view.getByRole("button", { name: "Start audit" }));
    await waitFor(() => assert.equal(document.body.dataset.phase, "complete"), { timeout: 10000 });
    assert.deepEqual(started[0], {
      scope: { kind: "since", day: "2024-02-01" },
      options: { trustedDomains: [], minTlsVersion: "TLSv1.2", since: "2024-02-03" },
    });
  });

  it("asks for accountsRead in the click that starts a whole-folder audit, and stops if refused", async () => {
    const mailbox = mailboxOf();
    mailbox.grantRequests = false;
    const tracker = clickTracker();
    const request = mailbox.requestPermissions.bind(mailbox);
    mailbox.requestPermissions = (names) => (tracker.note(), request(names));
    const { view, started } = renderPage(mailbox);
    await waitFor(() => assert.equal(document.body.dataset.ready, "1"));
    fireEvent.click(view.getByRole("radio", { name: "Every message in the displayed folder" }));
    tracker.click(view.getByRole("button", { name: "Start audit" }));
    await view.findByText(/needs Thunderbird's permission to see your folders/);
    assert.deepEqual(mailbox.callsNamed("requestPermissions"), [["requestPermissions", ["accountsRead"]]]);
    assert.deepEqual(tracker.during, [true], "asked while the click was handled");
    assert.deepEqual(started, []);
  });

  it("tags by verdict after asking in the click; keeps the user's tags; shows the flagged ones; removes its tags again", async () => {
    const mailbox = mailboxOf();
    mailbox.tags.push({ key: "$label1", tag: "Important", color: "#FF0000" });
    const seed = mailbox.mail.get(1);
    assert.ok(seed);
    seed.header.tags = ["$label1"];
    const tracker = clickTracker();
    const request = mailbox.requestPermissions.bind(mailbox);
    mailbox.requestPermissions = (names) => (tracker.note(), request(names));
    const { view } = renderPage(mailbox);
    await runAudit(view);
    assert.deepEqual(mailbox.callsNamed("requestPermissions"), [], "nothing asked before the click");
    tracker.click(view.getByRole("button", { name: "Tag these 15 messages by verdict" }));
    await waitFor(() => assert.equal(document.querySelector("[data-tag-state]")?.getAttribute("data-tag-state"), "tagged"));
    assert.deepEqual(tracker.during, [true], "the permissions were asked for while the click was handled");
    assert.deepEqual(mailbox.callsNamed("requestPermissions"), [["requestPermissions", ["messagesUpdate", "messagesTags", "messagesTagsList"]]]);
    assert.deepEqual(mailbox.tags.map((tag) => tag.key).sort(), ["$label1", ...HOPLOCK_TAG_KEYS].sort());
    assert.equal(mailbox.tags.find((tag) => tag.key === VERDICT_TAGS.plaintext.key)?.tag, "TLS: not encrypted");
    assert.deepEqual(mailbox.mail.get(1)?.header.tags, ["$label1", VERDICT_TAGS.plaintext.key], "the seed: the user's tag kept, Hoplock's appended");
    const tagged = [...mailbox.mail.values()].filter((mail) => mail.header.tags?.some((key) => HOPLOCK_TAG_KEYS.includes(key)));
    assert.equal(tagged.length, 13, "every message from another organisation; internal and no-Received ones get none");
    view.getByText("Tags set by verdict: 13 changed, 2 already right, 0 could not be changed.");

    fireEvent.click(view.getByRole("button", { name: "Show the messages tagged “TLS: not encrypted” or “TLS: weak” in the message list" }));
    await waitFor(() => assert.deepEqual(mailbox.callsNamed("showTagged"), [["showTagged", 7, [VERDICT_TAGS.plaintext.key, VERDICT_TAGS.weak.key]]]));

    tracker.click(view.getByRole("button", { name: "Remove Hoplock's tags" }));
    await waitFor(() => assert.equal(document.querySelector("[data-tag-state]")?.getAttribute("data-tag-state"), "removed"));
    assert.deepEqual(mailbox.mail.get(1)?.header.tags, ["$label1"]);
    assert.ok([...mailbox.mail.values()].every((mail) => !mail.header.tags?.some((key) => HOPLOCK_TAG_KEYS.includes(key))));
    assert.deepEqual(
      mailbox.tags.map((tag) => tag.key),
      ["$label1"],
      "its tags are deleted, the user's stays",
    );
    assert.deepEqual(tracker.during, [true, true]);
  });

  it("tags nothing when the permissions are refused", async () => {
    const mailbox = mailboxOf();
    mailbox.grantRequests = false;
    const { view } = renderPage(mailbox);
    await runAudit(view);
    fireEvent.click(view.getByRole("button", { name: "Tag these 15 messages by verdict" }));
    await view.findByText("Tagging needs Thunderbird's permission to change and create tags, and it was not given.");
    assert.deepEqual(mailbox.callsNamed("setTags"), []);
  });

  it("with the tag option on and the permissions granted, tags an audit's messages without asking", async () => {
    const mailbox = mailboxOf();
    for (const name of ["messagesUpdate", "messagesTags", "messagesTagsList"] as const) mailbox.granted.add(name);
    const { view } = renderPage(mailbox, { tagMessages: true });
    await runAudit(view);
    await waitFor(() => assert.equal(document.querySelector("[data-tag-state]")?.getAttribute("data-tag-state"), "tagged"));
    assert.deepEqual(mailbox.callsNamed("requestPermissions"), []);
    assert.equal(mailbox.callsNamed("setTags").length, 13);
  });

  it("opens a saved audit, whose messages it opens by Message-ID when the export kept it", async () => {
    const mailbox = mailboxOf();
    const { view } = renderPage(mailbox);
    await waitFor(() => assert.equal(document.body.dataset.ready, "1"));
    // an export made with personal data (Message-IDs kept), from an earlier session whose ids mean nothing now
    const saved = createAudit();
    saved.addHeaders(FOLDER[0] as string, { kind: "thunderbird", id: 99, headerMessageId: "seed@example.test" });
    const input = document.querySelector('input[type="file"]') as HTMLInputElement;
    const file = new File([JSON.stringify(auditForExport(saved.result(), { personal: true }))], "saved.json", { type: "application/json" });
    Object.defineProperty(input, "files", { value: [file] });
    fireEvent.change(input);
    await view.findByText("A saved audit, opened from saved.json.");
    fireEvent.click(document.querySelector(".flagged tbody button") as HTMLButtonElement);
    await waitFor(() => assert.deepEqual(mailbox.callsNamed("openMessage").at(-1), ["openMessage", { headerMessageId: "seed@example.test" }]));
  });

  it("refuses a file that is not a saved audit", async () => {
    const mailbox = mailboxOf();
    const { view } = renderPage(mailbox);
    await waitFor(() => assert.equal(document.body.dataset.ready, "1"));
    const input = document.querySelector('input[type="file"]') as HTMLInputElement;
    Object.defineProperty(input, "files", { value: [new File(['{"schema":2}'], "other.json")] });
    fireEvent.change(input);
    await view.findByText("other.json is not an audit saved by Hoplock.");
  });

  it("speaks German", async () => {
    const { view } = renderPage(mailboxOf(), {}, "de");
    await waitFor(() => assert.equal(document.body.dataset.ready, "1"));
    view.getByRole("button", { name: "Prüfung starten" });
    view.getByRole("radio", { name: "Die in der Ordneransicht aufgeführten Nachrichten" });
  });
});
