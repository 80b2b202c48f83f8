import assert from "node:assert/strict";
import type { Browser } from "webextension-polyfill";
import { headerBlockFromDictionary, headerBlockOfMessage } from "../../src/background/header-block.ts";
import { createPlatform } from "../../src/background/platform.ts";
import { createThunderbirdApi } from "../../src/background/thunderbird.ts";
import { readFixture } from "./helpers/fakes.ts";

type Call = [string, ...unknown[]];

/** Just enough of Thunderbird's `browser` for the adapter: which calls it makes is the point. */
function fakeBrowser(version: string, has: { getHeaders: boolean }) {
  const calls: Call[] = [];
  const record =
    (name: string, result?: unknown) =>
    async (...args: unknown[]) => {
      calls.push([name, ...args]);
      return result;
    };
  const rawDictionary = { received: ["from a.example (a.example [192.0.2.1])\r\n\tby b.example with ESMTPS; Mon, 3 Mar 2025 10:00:00 +0000", "by a.example; Mon, 3 Mar 2025 09:59:00 +0000"], subject: ["=?UTF-8?B?SMOkbGxv?="] };
  const messages: Record<string, unknown> = {
    get: record("messages.get", { id: 1 }),
    getFull: record("messages.getFull", { headers: {}, rawHeaders: rawDictionary }),
    getRaw: record("messages.getRaw", new Blob([readFixture("12-gmail-to-yandex-tls13.eml")])),
  };
  if (has.getHeaders) messages.getHeaders = record("messages.getHeaders", rawDictionary);
  const browser = {
    runtime: { getBrowserInfo: record("runtime.getBrowserInfo", { name: "Thunderbird", version }) },
    messages,
    messageDisplay: { getDisplayedMessages: record("messageDisplay.getDisplayedMessages", { id: null, messages: [{ id: 4 }, { id: 5 }] }), onMessagesDisplayed: { addListener: () => undefined } },
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
    await createThunderbirdApi(browser).paint(7, { icon: "/icons/lock-weak.svg", label: "Weak TLS", title: "T", badgeText: "1", badgeColor: "#a85d00", popupMessage: 12 });
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

describe("header blocks", () => {
  it("rebuilds a block from a dictionary, keeping the Received order and folding", () => {
    const block = headerBlockFromDictionary({ received: ["newest\r\n\tcontinued", "oldest"], to: ["x@example.org"] });
    assert.equal(block, "received: newest\r\n\tcontinued\r\nreceived: oldest\r\nto: x@example.org\r\n");
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
