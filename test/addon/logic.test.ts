import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { analyze } from "../../src/analyzer/index.ts";
import type { ResultsIndex } from "../../src/background/result-cache.ts";
import { ResultCache, RESULTS_BYTE_BUDGET, RESULTS_KEY, utf8Length } from "../../src/background/result-cache.ts";
import { createTranslator } from "../../src/shared/i18n.ts";
import { formatMessage, reasonMessageName } from "../../src/analyzer/format.ts";
import { analysisFingerprint, DEFAULT_OPTIONS, normalizeOptions, parseDomainList } from "../../src/shared/options.ts";
import { fromReplyMessage } from "../../src/shared/protocol.ts";
import { headline } from "../../src/shared/headline.ts";
import { balanceIsolates, isolateInSentence, stripBidiControls } from "../../src/shared/bidi.ts";
import { messageIdOfPopupUrl, popupUrl } from "../../src/background/thunderbird.ts";
import { withIsolatedHeaderText } from "../../src/popup/words.ts";
import { HOPLOCK_TAG_KEYS, tagsWithVerdict } from "../../src/shared/verdict-tags.ts";
import { FIXTURES, MemoryArea, readFixture } from "./helpers/fakes.ts";
import { catalogue, translator } from "./helpers/i18n.ts";
import { storedResults } from "./helpers/stored-results.ts";

describe("result cache", () => {
  const report = analyze(readFixture("02-ibm-proofpoint-gnu-exim-lfdr.eml"));
  const reportBytes = utf8Length(JSON.stringify(report));
  const entry = (messageId: number) => ({
    messageId,
    headerMessageId: `<${messageId}>`,
    subject: `Subject ${messageId}`,
    report,
    storedAt: messageId,
    handoff: null,
  });
  /** The usable result, as the background finds it: the entry from memory or storage, checked against the message. */
  const find = async (cache: ResultCache, id: number, headerMessageId: string, settings: string) =>
    cache.usable(await cache.read(id), headerMessageId, settings);
  const stored = async (cache: ResultCache, id: number) => (await find(cache, id, `<${id}>`, "s"))?.messageId ?? null;
  /** The stored results' settings and message ids, oldest first. */
  const storedIndex = async (area: MemoryArea) => {
    const { settings, entries } = await storedResults(area);
    return { settings, ids: entries.map((e) => e.messageId) };
  };

  it("is bounded by the bytes of the stored reports, evicting the oldest, not by a count", async () => {
    const area = new MemoryArea();
    const cache = new ResultCache(area, Math.floor(reportBytes * 3.5)); // room for three of these reports
    for (const id of [1, 2, 3, 4, 5]) await cache.store("s", entry(id)).stored;
    assert.deepEqual((await storedIndex(area)).ids, [3, 4, 5]);
    assert.deepEqual([...area.data.keys()].sort(), ["result:3", "result:4", "result:5", RESULTS_KEY], "evicted entries leave storage");
    const index = area.data.get(RESULTS_KEY) as ResultsIndex;
    assert.deepEqual(
      index.entries.map((e) => e.bytes),
      [reportBytes, reportBytes, reportBytes],
      "each entry's size is its JSON's UTF-8 bytes",
    );
    assert.ok(index.entries.reduce((sum, e) => sum + e.bytes, 0) <= reportBytes * 3.5);
    assert.equal(await stored(new ResultCache(area), 1), null, "a restarted background finds no evicted entry");
    assert.equal(await stored(new ResultCache(area), 5), 5);
  });

  it("keeps many small reports where one large report would take the space: the budget is 4 MB of storage.session's 10 MB", async () => {
    assert.equal(RESULTS_BYTE_BUDGET, 4 * 1024 * 1024);
    const small = analyze(readFixture("12-gmail-to-yandex-tls13.eml"));
    const smallBytes = utf8Length(JSON.stringify(small));
    const area = new MemoryArea();
    const cache = new ResultCache(area, reportBytes + smallBytes * 2 - 1);
    await cache.store("s", { ...entry(1), report: small }).stored;
    await cache.store("s", { ...entry(2), report: small }).stored;
    await cache.store("s", entry(3)).stored; // the large one pushes out only as much as it needs
    assert.deepEqual((await storedIndex(area)).ids, [2, 3]);
  });

  it("keeps a report larger than the whole budget in memory only, and still serves it", async () => {
    const area = new MemoryArea();
    const cache = new ResultCache(area, Math.floor(reportBytes / 2));
    await cache.store("s", entry(1)).stored;
    assert.deepEqual([...area.data.keys()], [], "nothing written that could exceed the quota");
    assert.equal((await find(cache, 1, "<1>", "s"))?.report.verdict, "encrypted");
  });

  it("serves a result from memory when storage refuses it (quota), and counts UTF-8 bytes exactly", async () => {
    const area = new MemoryArea();
    area.set = () => Promise.reject(new Error("QuotaExceededError"));
    const cache = new ResultCache(area);
    await assert.rejects(cache.store("s", entry(1)).stored);
    assert.equal((await find(cache, 1, "<1>", "s"))?.subject, "Subject 1");
    assert.equal(utf8Length("aé€😀"), new TextEncoder().encode("aé€😀").length);
  });

  it("stores each report as the JSON text the popup receives, serialised once", async () => {
    const area = new MemoryArea();
    const cache = new ResultCache(area);
    const { result } = cache.store("s", entry(1));
    assert.equal(result.reportJson, JSON.stringify(report));
    await cache.flushed();
    assert.equal((area.data.get("result:1") as { reportJson: string }).reportJson, result.reportJson);
  });

  it("loses no entry when analyses finish at the same time", async () => {
    const area = new MemoryArea();
    const cache = new ResultCache(area);
    await Promise.all([1, 2, 3, 4].map((id) => cache.store("s", entry(id)).stored));
    assert.equal((await storedIndex(area)).ids.length, 4);
  });

  it("misses when the settings or the Message-ID differ", async () => {
    const area = new MemoryArea();
    await new ResultCache(area).store("s", entry(1)).stored;
    for (const cache of [new ResultCache(area)]) {
      assert.equal(await find(cache, 1, "<1>", "other settings"), null);
      assert.equal(await find(cache, 1, "<other>", "s"), null);
    }
  });

  it("drops every entry made under other settings when storing under new ones", async () => {
    const area = new MemoryArea();
    const cache = new ResultCache(area);
    await cache.store("old", entry(1)).stored;
    await cache.store("old", entry(2)).stored;
    await cache.store("new", entry(3)).stored;
    assert.deepEqual(await storedIndex(area), { settings: "new", ids: [3] });
    assert.deepEqual([...area.data.keys()].sort(), ["result:3", RESULTS_KEY]);
  });

  it("reads only the entry asked for, however many are stored", async () => {
    const area = new MemoryArea();
    const cache = new ResultCache(area);
    for (const id of [1, 2, 3, 4, 5, 6, 7, 8]) await cache.store("s", entry(id)).stored;
    const read: string[] = [];
    const get = area.get.bind(area);
    area.get = (key) => (read.push(key), get(key));
    assert.equal((await find(cache, 4, "<4>", "s"))?.messageId, 4);
    assert.deepEqual(read, [], "what this background stored is served from memory");
    const restarted = new ResultCache(area);
    assert.equal((await find(restarted, 4, "<4>", "s"))?.messageId, 4);
    assert.deepEqual(read, ["result:4"], "a restarted background reads that one entry from storage");
  });

  it("treats unreadable stored data as empty", async () => {
    const area = new MemoryArea();
    await area.set(RESULTS_KEY, "garbage");
    await area.set("result:1", { reportJson: "{not json", settings: "s", headerMessageId: "<1>" });
    const cache = new ResultCache(area);
    assert.equal(await find(cache, 1, "<1>", "s"), null);
    await cache.store("s", entry(2)).stored;
    assert.deepEqual((await storedIndex(area)).ids, [2]);
  });
});

describe("report reply messages", () => {
  it("carry every fixture's report through JSON text unchanged", () => {
    for (const file of allFixtures()) {
      const report = analyze(readFixture(file));
      const message = { ok: true as const, messageId: 1, subject: "S", reportJson: JSON.stringify(report), downgrade: null };
      assert.deepEqual(fromReplyMessage(message), { ok: true, messageId: 1, subject: "S", report, downgrade: null }, file);
    }
  });

  it("pass failures and a missing answer through as they are", () => {
    const failure = { ok: false as const, messageId: 2, error: { code: "not-found" as const, message: "gone" } };
    assert.deepEqual(fromReplyMessage(failure), failure);
    assert.equal(fromReplyMessage(undefined), undefined);
  });
});

describe("the popup's URL per tab", () => {
  it("names the message the popup reports on, and nothing when the popup must ask", () => {
    assert.equal(popupUrl(42), "/build/addon/popup.html?message=42");
    assert.equal(popupUrl(null), "/build/addon/popup.html");
    assert.equal(messageIdOfPopupUrl("?message=42"), 42);
    for (const search of ["", "?message=", "?message=x", "?message=-1", "?message=1.5", "?message=1e400"])
      assert.equal(messageIdOfPopupUrl(search), null, search);
  });
});

function allFixtures(): string[] {
  const messages = readdirSync(FIXTURES).filter((name) => name.endsWith(".eml"));
  const e2e = readdirSync(join(FIXTURES, "../e2e"))
    .filter((name) => name.endsWith(".eml"))
    .map((name) => `test/fixtures/e2e/${name}`);
  return [...messages, ...e2e];
}

describe("options", () => {
  it("fills in defaults for missing or invalid values", () => {
    assert.deepEqual(normalizeOptions(undefined), DEFAULT_OPTIONS);
    assert.deepEqual(normalizeOptions({ minTlsVersion: "SSLv3", badgeMode: "sometimes", trustedDomains: "x" }), DEFAULT_OPTIONS);
    assert.deepEqual(normalizeOptions({ minTlsVersion: "TLSv1.3", badgeMode: "problems", trustedDomains: ["A.example", 5], tagMessages: "yes" }), {
      minTlsVersion: "TLSv1.3",
      badgeMode: "problems",
      trustedDomains: ["a.example"],
      tagMessages: false,
    });
    assert.equal(normalizeOptions({ tagMessages: true }).tagMessages, true, "tagging is on only when stored as true");
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
    const lookups = { lookup: (name: string) => (name === "m" ? "{a} and {b}" : name === "n" ? "{a}" : name === "o" ? "{a|b|none}" : ""), locale: "en" };
    assert.equal(formatMessage("m", { a: 1 }, lookups), "1 and {b}");
    assert.equal(formatMessage("n", { a: "$1 $$" }, lookups), "$1 $$", "values are inserted literally");
    assert.equal(formatMessage("o", { a: null, b: "x" }, lookups), "x", "the first parameter with a value");
    assert.equal(formatMessage("o", { a: null, b: null }, lookups), "none", "else the catalogue's own wording");
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

  it("uses a language's own plural forms, those English has no use for included (French `many`)", () => {
    const asked: string[] = [];
    const french = catalogue("fr");
    const fr = createTranslator((name) => (asked.push(name), french[name]?.message ?? ""), "fr");
    const million = new Intl.NumberFormat("fr").format(1_000_000);
    assert.equal(fr("headline_encrypted", { count: 1_000_000 }), `Chiffré sur les ${million} de transmissions`);
    assert.equal(fr("headline_encrypted", { count: 3 }), "Chiffré sur les 3 transmissions");
    assert.deepEqual(asked, ["headline_encrypted__many", "headline_encrypted__other"], "never a name no catalogue defines");
  });

  it("counts every state in the headline, worst first, with plural forms and a localised list", () => {
    const en = translator("en");
    const de = translator("de");
    const thirty = analyze(readFixture("test/fixtures/e2e/30-thirty-real-hops.eml"));
    assert.deepEqual(thirty.counts, { total: 18, encrypted: 0, weak: 1, unknown: 16, plaintext: 1 });
    assert.equal(headline(thirty, en), "Not encrypted on 1 of 18 hand-offs; 1 weakly encrypted, 16 unknown");
    assert.equal(headline(thirty, de), "Nicht verschlüsselt bei 1 von 18 Übergaben; 1 schwach verschlüsselt, 16 unklar");
    // Japanese joins units with spaces only ("1時間 30分"); counts of states are joined as a list, with "、".
    const ja = translator("ja");
    const counts = [ja("count_weak", { count: 1 }), ja("count_unknown", { count: 16 })];
    assert.ok(headline(thirty, ja).includes(counts.join("、")), headline(thirty, ja));
    const seed = analyze(readFixture("00-seed-hotmail-proofpoint-luxsci.eml"));
    assert.equal(headline(seed, en), "Not encrypted on 1 of 4 hand-offs; 1 unknown, 2 encrypted");
    assert.equal(headline(analyze(readFixture("02-ibm-proofpoint-gnu-exim-lfdr.eml")), en), "Encrypted on all 3 hand-offs");
    assert.equal(headline(analyze(readFixture("12-gmail-to-yandex-tls13.eml")), en), "Encrypted on its one hand-off");
    assert.equal(headline(analyze(readFixture("12-gmail-to-yandex-tls13.eml")), de), "Verschlüsselt bei der einzigen Übergabe");
    assert.equal(headline(analyze(readFixture("test/fixtures/e2e/21-weak-tls1-rc4-gmail-to-postfix.eml")), en), "Weakly encrypted on its one hand-off");
    assert.equal(headline(analyze(""), en), "No Received headers: nothing to judge");
    assert.equal(headline(analyze(readFixture("test/fixtures/e2e/22-internal-only-postfix-amavis.eml")), en), "Never left c-s.fr: no hand-off to judge");
  });

  it("never leaves a state out of the headline: every non-zero count of every fixture is in it", () => {
    for (const file of allFixtures()) {
      const report = analyze(readFixture(file));
      const text = headline(report, translator("en"));
      if (report.counts.total === 1) assert.match(text, /on its one hand-off$/, file);
      else
        for (const state of ["encrypted", "weak", "unknown", "plaintext"] as const) {
          if (report.counts[state] > 0) assert.match(text, new RegExp(`\\b${report.counts[state]}\\b`), `${file}: ${state}`);
        }
    }
  });
});

describe("header text and bidi controls", () => {
  it("strips every bidi control for text nothing can isolate (tooltip, label)", () => {
    assert.equal(stripBidiControls("a\u061Cb\u200Ec\u200Fd\u202Ae\u202Bf\u202Cg\u202Dh\u202Ei\u2066j\u2067k\u2068l\u2069m"), "abcdefghijklm");
  });

  it("isolates header text in sentences, closing what it opens and dropping a stray close that would end the isolate", () => {
    assert.equal(isolateInSentence("mx\u202Eevil"), "\u2068mx\u202Eevil\u2069");
    assert.equal(balanceIsolates("a\u2069b\u2067c"), "ab\u2067c\u2069");
    assert.equal(balanceIsolates("plain.example"), "plain.example");
  });

  it("isolates header-derived reason parameters but leaves ids and versions to the catalogue: same words on every fixture", () => {
    const t = translator("en");
    for (const file of [...allFixtures(), "test/addon/fixtures/hostile-bidi.eml"]) {
      const report = analyze(readFixture(file));
      for (const reason of [...report.reasons, ...report.hops.flatMap((hop) => hop.reasons), report.legs.submission.reason]) {
        const isolated = t.reason(withIsolatedHeaderText(reason));
        assert.equal(stripBidiControls(isolated), stripBidiControls(t.reason(reason)), `${file}: ${reason.key}`);
      }
    }
    const bidi = analyze(readFixture("test/addon/fixtures/hostile-bidi.eml"));
    const handoff = bidi.reasons.find((reason) => reason.key === "handoff-encrypted");
    assert.ok(handoff);
    assert.match(t.reason(withIsolatedHeaderText(handoff)), /\u2068mx\u202Eelpmaxe\.evil\u2069/);
  });
});

describe("tags by verdict", () => {
  it("append Hoplock's tag to the user's, replace its earlier one, and drop it where no verdict earns one", () => {
    assert.deepEqual(tagsWithVerdict(["$label1", "todo"], "not-encrypted"), ["$label1", "todo", "hoplock-plaintext"]);
    assert.deepEqual(tagsWithVerdict(["hoplock-encrypted", "$label1"], "weak"), ["$label1", "hoplock-weak"]);
    assert.deepEqual(tagsWithVerdict(["$label2", "hoplock-unknown"], "internal"), ["$label2"]);
    assert.deepEqual(tagsWithVerdict([], "none"), []);
  });

  it('use keys Thunderbird and IMAP accept: lower case, no spaces or ()<>{/%*"', () => {
    for (const key of HOPLOCK_TAG_KEYS) assert.match(key, /^[a-z][a-z-]+$/);
  });
});
