import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { analyze } from "../../src/analyzer/index.ts";
import { ResultCache, RESULTS_KEY } from "../../src/background/result-cache.ts";
import { createTranslator } from "../../src/shared/i18n.ts";
import { ENGLISH, formatMessage, reasonMessageName } from "../../src/analyzer/format.ts";
import { analysisFingerprint, DEFAULT_OPTIONS, normalizeOptions, parseDomainList } from "../../src/shared/options.ts";
import { fromReplyMessage, toReplyMessage } from "../../src/shared/protocol.ts";
import { verdictSummary } from "../../src/shared/summary.ts";
import { FIXTURES, MemoryArea, readFixture } from "./helpers/fakes.ts";
import { translator } from "./helpers/i18n.ts";

describe("result cache", () => {
  const report = analyze("");
  const entry = (messageId: number) => ({ messageId, headerMessageId: `<${messageId}>`, report, storedAt: messageId });

  it("keeps only the newest entries up to its limit", async () => {
    const area = new MemoryArea();
    const cache = new ResultCache(area, 3);
    for (const id of [1, 2, 3, 4, 5]) await cache.store("s", entry(id));
    const stored = await cache.snapshot();
    assert.deepEqual(stored.entries.map((e) => e.messageId), [3, 4, 5]);
    assert.deepEqual([...area.data.keys()].sort(), ["result:3", "result:4", "result:5", RESULTS_KEY], "evicted entries leave storage");
    assert.equal(await cache.find(1, "<1>", "s"), null);
    assert.equal((await cache.find(5, "<5>", "s"))?.messageId, 5);
  });

  it("loses no entry when analyses finish at the same time", async () => {
    const area = new MemoryArea();
    const cache = new ResultCache(area, 10);
    await Promise.all([1, 2, 3, 4].map((id) => cache.store("s", entry(id))));
    assert.equal((await cache.snapshot()).entries.length, 4);
  });

  it("misses when the settings or the Message-ID differ", async () => {
    const cache = new ResultCache(new MemoryArea());
    await cache.store("s", entry(1));
    assert.equal(await cache.find(1, "<1>", "other settings"), null);
    assert.equal(await cache.find(1, "<other>", "s"), null);
  });

  it("drops every entry made under other settings when storing under new ones", async () => {
    const area = new MemoryArea();
    const cache = new ResultCache(area);
    await cache.store("old", entry(1));
    await cache.store("old", entry(2));
    await cache.store("new", entry(3));
    assert.deepEqual(await cache.snapshot(), { settings: "new", entries: [entry(3)] });
    assert.deepEqual([...area.data.keys()].sort(), ["result:3", RESULTS_KEY]);
  });

  it("reads only the entry asked for, however many are stored", async () => {
    const area = new MemoryArea();
    const cache = new ResultCache(area);
    for (const id of [1, 2, 3, 4, 5, 6, 7, 8]) await cache.store("s", entry(id));
    const read: string[] = [];
    const get = area.get.bind(area);
    area.get = (key) => (read.push(key), get(key));
    assert.equal((await cache.find(4, "<4>", "s"))?.messageId, 4);
    assert.deepEqual(read, [], "what this background stored is served from memory");
    const restarted = new ResultCache(area);
    assert.equal((await restarted.find(4, "<4>", "s"))?.messageId, 4);
    assert.deepEqual(read, ["result:4"], "a restarted background reads that one entry from storage");
  });

  it("treats unreadable stored data as empty", async () => {
    const area = new MemoryArea();
    await area.set(RESULTS_KEY, "garbage");
    await area.set("result:1", "garbage");
    const cache = new ResultCache(area);
    assert.equal(await cache.find(1, null, "s"), null);
    await cache.store("s", entry(2));
    assert.deepEqual((await cache.snapshot()).entries.map((e) => e.messageId), [2]);
  });
});

describe("report reply messages", () => {
  it("carry every fixture's report through JSON text unchanged", () => {
    const files = [...readdirSync(FIXTURES), ...readdirSync(join(FIXTURES, "../e2e")).map((name) => `test/fixtures/e2e/${name}`)];
    for (const file of files.filter((name) => name.endsWith(".eml"))) {
      const reply = { ok: true as const, messageId: 1, report: analyze(readFixture(file)) };
      assert.deepEqual(fromReplyMessage(toReplyMessage(reply)), reply, file);
    }
  });

  it("pass failures and a missing answer through as they are", () => {
    const failure = { ok: false as const, messageId: 2, error: { code: "not-found" as const, message: "gone" } };
    assert.deepEqual(fromReplyMessage(toReplyMessage(failure)), failure);
    assert.equal(fromReplyMessage(undefined), undefined);
  });
});

describe("options", () => {
  it("fills in defaults for missing or invalid values", () => {
    assert.deepEqual(normalizeOptions(undefined), DEFAULT_OPTIONS);
    assert.deepEqual(normalizeOptions({ minTlsVersion: "SSLv3", badgeMode: "sometimes", trustedDomains: "x" }), DEFAULT_OPTIONS);
    assert.deepEqual(normalizeOptions({ minTlsVersion: "TLSv1.3", badgeMode: "problems", trustedDomains: ["A.example", 5] }), {
      minTlsVersion: "TLSv1.3",
      badgeMode: "problems",
      trustedDomains: ["a.example"],
    });
  });

  it("reads pasted domain lists and reports what is not a domain", () => {
    assert.deepEqual(parseDomainList("Example.ORG, @mail.example.net\n*.corp.example.com;  example.org.\nlocalhost  not_a/domain"), {
      domains: ["example.org", "mail.example.net", "corp.example.com"],
      invalid: ["localhost", "not_a/domain"],
    });
  });

  it("fingerprints only what changes a report, independent of domain order", () => {
    const a = analysisFingerprint({ ...DEFAULT_OPTIONS, trustedDomains: ["a.example", "b.example"] });
    assert.equal(a, analysisFingerprint({ ...DEFAULT_OPTIONS, badgeMode: "problems", trustedDomains: ["b.example", "a.example"] }));
    assert.notEqual(a, analysisFingerprint({ ...DEFAULT_OPTIONS, minTlsVersion: "TLSv1.3", trustedDomains: ["a.example", "b.example"] }));
  });
});

describe("translation", () => {
  it("fills {placeholders} after lookup and leaves unknown ones visible", () => {
    const catalogue = { lookup: (name: string) => (name === "m" ? "{a} and {b}" : name === "n" ? "{a}" : name === "o" ? "{a|b|none}" : ""), locale: "en" };
    assert.equal(formatMessage("m", { a: 1 }, catalogue), "1 and {b}");
    assert.equal(formatMessage("n", { a: "$1 $$" }, catalogue), "$1 $$", "values are inserted literally");
    assert.equal(formatMessage("o", { a: null, b: "x" }, catalogue), "x", "the first parameter with a value");
    assert.equal(formatMessage("o", { a: null, b: null }, catalogue), "none", "else the catalogue's own wording");
  });

  it("names reason messages with underscores, as message names require", () => {
    assert.equal(reasonMessageName({ key: "tls-silent-always-records" }), "reason_tls_silent_always_records");
  });

  it("translates a reason, and falls back to the analyzer's English for a key the catalogue lacks", () => {
    const de = translator("de");
    assert.equal(de.reason({ key: "tls-short-key", params: { bits: 56 } }), "Es wurde nur mit 56 Bit verschlüsselt.");
    const empty = createTranslator(() => "", "en");
    assert.equal(empty.reason({ key: "tls-short-key", params: { bits: 56 } }), "Only 56-bit encryption was used.");
  });

  it("summarises verdicts in one sentence, in English and German", () => {
    const report = analyze(readFixture("02-ibm-proofpoint-gnu-exim-lfdr.eml"));
    assert.equal(verdictSummary(report, translator("en")), "Encrypted on all 3 hand-offs between providers (TLS 1.2).");
    assert.equal(verdictSummary(report, translator("de")), "Verschlüsselt bei allen 3 Übergaben zwischen Anbietern (TLS 1.2).");
    const unrecorded = analyze(readFixture("08-redhat-mimecast-freedesktop.eml"));
    assert.equal(verdictSummary(unrecorded, translator("en")), "Encrypted on all 3 hand-offs between providers (TLS version not recorded).");
    assert.equal(verdictSummary(analyze(""), translator("en")), translator("en")("summary_none"));
  });
});
