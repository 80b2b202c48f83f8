import assert from "node:assert/strict";
import type { Browser } from "webextension-polyfill";
import { analyze } from "../../src/analyzer/index.ts";
import { headerBlockFromDictionary, headerBlockOfMessage } from "../../src/background/header-block.ts";
import { createPlatform } from "../../src/background/platform.ts";
import { createMailboxApi, createThunderbirdApi } from "../../src/background/thunderbird.ts";
import { readFixture } from "./helpers/fakes.ts";

type Call = [string, ...unknown[]];

/** `record(name, result)` makes an API function that notes each call in `calls` and resolves with `result`. */
function recorder() {
  const calls: Call[] = [];
  const record =
    (name: string, result?: unknown) =>
    async (...args: unknown[]) => {
      calls.push([name, ...args]);
      return result;
    };
  return { calls, record };
}

/** Just enough of Thunderbird's `browser` for the adapter: which calls it makes is the point. */
function fakeBrowser(version: string, has: { getHeaders: boolean }) {
  const { calls, record } = recorder();
  const rawDictionary = {
    received: [
      "from a.example (a.example [192.0.2.1])\r\n\tby b.example with ESMTPS; Mon, 3 Mar 2025 10:00:00 +0000",
      "by a.example; Mon, 3 Mar 2025 09:59:00 +0000",
    ],
    subject: ["=?UTF-8?B?SMOkbGxv?="],
  };
  const messages: Record<string, unknown> = {
    get: record("messages.get", { id: 1 }),
    getFull: record("messages.getFull", { headers: {}, rawHeaders: rawDictionary }),
    getRaw: record("messages.getRaw", new Blob([readFixture("12-gmail-to-yandex-tls13.eml")])),
  };
  if (has.getHeaders) messages.getHeaders = record("messages.getHeaders", rawDictionary);
  const browser = {
    runtime: { getBrowserInfo: record("runtime.getBrowserInfo", { name: "Thunderbird", version }) },
    messages,
    messageDisplay: {
      getDisplayedMessages: record("messageDisplay.getDisplayedMessages", { id: null, messages: [{ id: 4 }, { id: 5 }] }),
      onMessagesDisplayed: { addListener: () => undefined },
    },
    messageDisplayAction: {
      setIcon: record("setIcon"),
      setTitle: record("setTitle"),
      setLabel: record("setLabel"),
      setPopup: record("setPopup"),
      setBadgeText: record("setBadgeText"),
      setBadgeBackgroundColor: record("setBadgeBackgroundColor"),
    },
  };
  return { browser: browser as unknown as Browser, calls, rawDictionary };
}

const names = (calls: Call[]) => calls.map(([name]) => name);

describe("Thunderbird adapter", () => {
  it("uses messages.getHeaders with decodeHeaders:false where it exists (Thunderbird 147+)", async () => {
    const { browser, calls } = fakeBrowser("153.7.0esr", { getHeaders: true });
    const block = await createThunderbirdApi(browser).readRawHeaders(1);
    assert.deepEqual(calls, [["messages.getHeaders", 1, { decodeHeaders: false }]]);
    assert.match(block, /^received: from a\.example \(a\.example \[192\.0\.2\.1\]\)\r\n\tby b\.example/);
    assert.match(block, /subject: =\?UTF-8\?B\?SMOkbGxv\?=/, "headers stay undecoded");
  });

  it("falls back to getFull with decodeHeaders:false on Thunderbird 133–146", async () => {
    const { browser, calls, rawDictionary } = fakeBrowser("140.3.0esr", { getHeaders: false });
    const block = await createThunderbirdApi(browser).readRawHeaders(1);
    assert.deepEqual(names(calls), ["runtime.getBrowserInfo", "messages.getFull"]);
    assert.deepEqual(calls[1], ["messages.getFull", 1, { decodeHeaders: false }]);
    assert.equal(block, headerBlockFromDictionary(rawDictionary));
  });

  it("on Thunderbird 128–132 reads the raw message and keeps only its header block, never passing getFull an option it rejects", async () => {
    const { browser, calls } = fakeBrowser("128.5.2esr", { getHeaders: false });
    const api = createThunderbirdApi(browser);
    const block = await api.readRawHeaders(1);
    await api.readRawHeaders(2);
    assert.deepEqual(names(calls), ["runtime.getBrowserInfo", "messages.getRaw", "messages.getRaw"], "the version is asked once");
    assert.deepEqual(calls[1], ["messages.getRaw", 1, { data_format: "File" }]);
    assert.match(block, /^Received: from iva4/);
    assert.doesNotMatch(block, /holdout sample/);
  });

  it("paints every part of the button, its label and its popup, for the given tab only", async () => {
    const { browser, calls } = fakeBrowser("153.0", { getHeaders: true });
    await createThunderbirdApi(browser).paint(7, {
      icon: "/icons/lock-weak.svg",
      label: "Weak TLS",
      title: "T",
      badgeText: "1",
      badgeColor: "#a85d00",
      popupMessage: 12,
    });
    assert.deepEqual(
      calls.sort((a, b) => a[0].localeCompare(b[0])),
      [
        ["setBadgeBackgroundColor", { tabId: 7, color: "#a85d00" }],
        ["setBadgeText", { tabId: 7, text: "1" }],
        ["setIcon", { tabId: 7, path: "/icons/lock-weak.svg" }],
        ["setLabel", { tabId: 7, label: "Weak TLS" }],
        ["setPopup", { tabId: 7, popup: "/build/addon/popup.html?message=12" }],
        ["setTitle", { tabId: 7, title: "T" }],
      ],
    );
  });

  it("reads the displayed messages of the active tab from a MessageList, in one call without a tab id", async () => {
    const { browser, calls } = fakeBrowser("153.0", { getHeaders: true });
    const api = createThunderbirdApi(browser);
    assert.deepEqual(await api.getDisplayedMessages(), [{ id: 4 }, { id: 5 }]);
    assert.deepEqual(calls, [["messageDisplay.getDisplayedMessages"]]);
  });
});

describe("mailbox adapter (the audit and options pages)", () => {
  function mailboxBrowser() {
    const { calls, record } = recorder();
    const list = { id: "list-1", messages: [{ id: 1 }] };
    const browser = {
      runtime: { getBrowserInfo: record("runtime.getBrowserInfo", { version: "153.8.0esr" }) },
      messages: {
        getHeaders: record("messages.getHeaders", { received: ["by x; Mon, 3 Mar 2025 10:00:00 +0000"] }),
        query: record("messages.query", list),
        list: record("messages.list", list),
        continueList: record("messages.continueList", { id: null, messages: [] }),
        abortList: record("messages.abortList"),
        get: record("messages.get", { id: 1, tags: ["$label1"] }),
        update: record("messages.update"),
        tags: { list: record("messages.tags.list", []), create: record("messages.tags.create"), delete: record("messages.tags.delete") },
      },
      mailTabs: {
        query: record("mailTabs.query", [{ tabId: 9 }]),
        get: record("mailTabs.get", { tabId: 4, displayedFolder: { id: "account1://Audit" } }),
        getListedMessages: record("mailTabs.getListedMessages", list),
        getSelectedMessages: record("mailTabs.getSelectedMessages", [{ id: 2 }]),
        setQuickFilter: record("mailTabs.setQuickFilter"),
      },
      messageDisplay: { open: record("messageDisplay.open") },
      permissions: { contains: record("permissions.contains", true), request: record("permissions.request", true) },
    };
    return { browser: browser as unknown as Browser, calls };
  }

  it("lists each scope with the call that needs only messagesRead, except the whole folder", async () => {
    const { browser, calls } = mailboxBrowser();
    const api = createMailboxApi(browser);
    assert.deepEqual(await api.listMessages({ kind: "listed", tabId: 4 }), { id: "list-1", messages: [{ id: 1 }] });
    assert.deepEqual(await api.listMessages({ kind: "selected", tabId: 4 }), { id: null, messages: [{ id: 2 }] }, "an MV2-style array becomes a one-page list");
    await api.listMessages({ kind: "since", day: "2024-02-29" });
    await api.listMessages({ kind: "folder", tabId: 4 });
    await api.continueList("list-1");
    await api.abortList("list-1");
    assert.deepEqual(calls.slice(0, 3), [
      ["mailTabs.getListedMessages", 4],
      ["mailTabs.getSelectedMessages", 4],
      ["messages.query", { fromDate: new Date(2024, 1, 29) }],
    ]);
    assert.deepEqual(calls.slice(3), [
      ["mailTabs.get", 4],
      ["messages.list", "account1://Audit"],
      ["messages.continueList", "list-1"],
      ["messages.abortList", "list-1"],
    ]);
  });

  it("opens a message, tags it, filters a tab by tags and asks for permissions as Thunderbird expects", async () => {
    const { browser, calls } = mailboxBrowser();
    const api = createMailboxApi(browser);
    await api.openMessage({ messageId: 5 });
    await api.openMessage({ headerMessageId: "a@b" });
    await api.setTags(5, ["$label1", "hoplock-weak"]);
    await api.createTag({ key: "hoplock-weak", tag: "TLS: weak", color: "#8A4B00" });
    await api.listTagged(["hoplock-weak", "hoplock-plaintext"]);
    await api.showTagged(9, ["hoplock-weak"]);
    await api.requestPermissions(["messagesUpdate", "messagesTags"]);
    assert.deepEqual(calls, [
      ["messageDisplay.open", { messageId: 5, active: true }],
      ["messageDisplay.open", { headerMessageId: "a@b", active: true }],
      ["messages.update", 5, { tags: ["$label1", "hoplock-weak"] }],
      ["messages.tags.create", "hoplock-weak", "TLS: weak", "#8A4B00"],
      ["messages.query", { tags: { tags: { "hoplock-weak": true, "hoplock-plaintext": true }, mode: "any" } }],
      ["mailTabs.setQuickFilter", 9, { tags: { tags: { "hoplock-weak": true }, mode: "any" } }],
      ["permissions.request", { permissions: ["messagesUpdate", "messagesTags"] }],
    ]);
  });

  it("finds the mail tab it was given, else the active one", async () => {
    const { browser, calls } = mailboxBrowser();
    const api = createMailboxApi(browser);
    assert.deepEqual(await api.findMailTab(4), { tabId: 4, displayedFolder: { id: "account1://Audit" } });
    assert.deepEqual(await api.findMailTab(null), { tabId: 9 });
    assert.deepEqual(calls.slice(1), [["mailTabs.query", { active: true, currentWindow: true }]]);
  });
});

describe("header blocks", () => {
  it("rebuilds a block from a dictionary, keeping the Received order and folding", () => {
    const block = headerBlockFromDictionary({ received: ["newest\r\n\tcontinued", "oldest"], to: ["x@example.org"] });
    assert.equal(block, "received: newest\r\n\tcontinued\r\nreceived: oldest\r\nto: x@example.org\r\n");
  });

  it("a sender's Received-SPF cannot rise above the Received chain in a block rebuilt from Thunderbird's dictionary", () => {
    // The dictionary groups values by name, so a field the sender wrote under its own Received lines would come out
    // above all of them, where the analyzer reads your side's SPF check. (Real entry line: phishing_pot sample-1003.)
    const entry =
      "from so254-55.mailgun.net (198.61.254.55) by HE1EUR04FT028.mail.protection.outlook.com (10.152.27.31) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.6631.29 via Frontend Transport; Thu, 27 Jul 2023 15:06:08 +0000";
    const forged = "Pass (protection.outlook.com: domain of bank.example.com designates 198.61.254.55 as permitted sender) client-ip=198.61.254.55;";
    const block = headerBlockFromDictionary({ "received-spf": [forged], received: [entry] });
    assert.ok(!/received-spf/i.test(block));
    assert.equal(analyze(block).hops[0]?.from.spf, null);
  });

  it("never lets a value start a header of its own", () => {
    assert.equal(headerBlockFromDictionary({ subject: ["a\r\nReceived: forged"] }), "subject: a Received: forged\r\n");
  });

  it("cuts a raw message at the first empty line, with either line ending", () => {
    assert.equal(headerBlockOfMessage("A: 1\r\nB: 2\r\n\r\nbody\r\n\r\nmore"), "A: 1\r\nB: 2\r\n\r\n");
    assert.equal(headerBlockOfMessage("A: 1\n\nbody"), "A: 1\n\n");
    assert.equal(headerBlockOfMessage("A: 1"), "A: 1");
  });
});

describe("platform adapter", () => {
  function storageBrowser(withSession: boolean) {
    const area = (label: string) => ({ label, get: async (key: string) => ({ [key]: label }), set: async () => undefined, remove: async () => undefined });
    const storage: Record<string, unknown> = { local: area("local") };
    if (withSession) storage.session = area("session");
    return { storage, runtime: { onMessage: { addListener: () => undefined } } } as unknown as Browser;
  }

  it("keeps results in storage.session", async () => {
    assert.equal(await createPlatform(storageBrowser(true)).session.get("results"), "session");
  });

  it("falls back to storage.local where there is no session area", async () => {
    assert.equal(await createPlatform(storageBrowser(false)).session.get("results"), "local");
  });
});
