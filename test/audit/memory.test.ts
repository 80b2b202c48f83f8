/**
 * Correspondent memory and the possible-downgrade rule, on real hand-offs from Google's published ranges:
 * fixture 12 (TLS 1.3 into Yandex), e2e/24 (plaintext into kvack.org's Postfix, through a mailing list), e2e/21
 * (TLS 1.0 into a self-hosted Postfix) and corpus line rcv-282 (no TLS note at vger's ZMailer), each delivered
 * again at chosen times with its own Message-ID.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { analyze } from "../../src/analyzer/index.ts";
import {
  type CorrespondentMemory,
  type DowngradeCheck,
  type EntryHandoff,
  entryHandoffOf,
  loadMemory,
  MAX_ORGANISATIONS,
  MEMORY_BUDGET_BYTES,
  readMessageFacts,
  RECENT_HANDOFFS,
} from "../../src/audit/index.ts";
import { CAPACITY, fingerprintOf, SeenFilter } from "../../src/audit/seen-filter.ts";
import { corpusMessage, delivery, headerBlockOf, redated, withHeader } from "./mail.ts";

const TLS13 = headerBlockOf("messages/12-gmail-to-yandex-tls13.eml");
const TLS12 = TLS13.replace("using TLSv1.3", "using TLSv1.2");
const TLS11 = TLS13.replace("using TLSv1.3", "using TLSv1.1");
const TLS10 = headerBlockOf("e2e/21-weak-tls1-rc4-gmail-to-postfix.eml");
const PLAINTEXT = headerBlockOf("e2e/24-stanford-postini-google-kvack.eml");
const UNKNOWN = corpusMessage("rcv-282");

let copies = 0;
/** `day` of January 2024 (fractions allowed): the delivery of `block` received then, with a Message-ID of its own. */
function handoff(block: string, day: number): EntryHandoff {
  const iso = new Date(Date.UTC(2024, 0, 1) + (day - 1) * 86_400_000).toISOString();
  const headers = delivery(block, iso, `copy-${++copies}`);
  const reading = entryHandoffOf(analyze(headers), readMessageFacts(headers));
  assert.equal(reading.kind, "handoff", JSON.stringify(reading));
  return (reading as { handoff: EntryHandoff }).handoff;
}

/** Records `count` deliveries of `block` on days `from`, `from + 1`, … */
function remember(memory: CorrespondentMemory, block: string, count: number, from: number): void {
  for (let i = 0; i < count; i++) assert.equal(memory.record(handoff(block, from + i)), "recorded");
}

function kindOf(check: DowngradeCheck): string {
  if (check.kind === "possible-downgrade") return `${check.kind}: ${check.change.kind}`;
  return check.kind === "not-judged" ? `${check.kind}: ${check.why}` : check.kind;
}

describe("correspondent memory: the possible-downgrade rule", () => {
  it("a plaintext hand-off from an organisation whose 5 earlier hand-offs were encrypted is a possible downgrade, with the history and the benign causes", () => {
    const memory = loadMemory();
    remember(memory, TLS13, 5, 1);
    const check = memory.check(handoff(PLAINTEXT, 6));
    assert.deepEqual(check, {
      kind: "possible-downgrade",
      change: { kind: "plaintext" },
      history: { org: "google.com", handoffs: 5, encrypted: 5, versions: { "TLSv1.3": 5 }, usualVersion: "TLSv1.3", since: "2024-01-01T00:00:00.000Z" },
      benignCauses: [
        { cause: "backup-mx", detected: false },
        { cause: "forwarding", detected: false },
        { cause: "mailing-list", detected: true }, // e2e/24 came through linux-mm (List-ID)
        { cause: "tls-required-no", detected: false },
      ],
    });
  });

  it("detects a `TLS-Required: No` header (RFC 8689) as a benign cause", () => {
    const memory = loadMemory();
    remember(memory, TLS13, 5, 1);
    const check = memory.check(handoff(withHeader(PLAINTEXT, "TLS-Required", "No"), 6));
    assert.equal(check.kind, "possible-downgrade");
    assert.deepEqual(check.kind === "possible-downgrade" && check.benignCauses.find((cause) => cause.cause === "tls-required-no"), {
      cause: "tls-required-no",
      detected: true,
    });
  });

  it("needs at least 5 earlier hand-offs", () => {
    const memory = loadMemory();
    remember(memory, TLS13, 4, 1);
    assert.equal(kindOf(memory.check(handoff(PLAINTEXT, 6))), "not-judged: too-few-handoffs");
  });

  it("needs at least 95% of the earlier hand-offs encrypted; unknown ones count against it", () => {
    const exactly95 = loadMemory();
    remember(exactly95, TLS13, 19, 1);
    remember(exactly95, PLAINTEXT, 1, 20);
    assert.equal(kindOf(exactly95.check(handoff(PLAINTEXT, 30))), "possible-downgrade: plaintext");

    const below = loadMemory();
    remember(below, TLS13, 18, 1);
    remember(below, UNKNOWN, 2, 19);
    const check = below.check(handoff(PLAINTEXT, 30));
    assert.equal(kindOf(check), "not-judged: not-mostly-encrypted");
    assert.deepEqual(check.kind === "not-judged" && [check.history?.handoffs, check.history?.encrypted], [20, 18]);
  });

  it("flags a recorded version two or more below the usual one, not one below", () => {
    const memory = loadMemory();
    remember(memory, TLS13, 5, 1);
    const older = memory.check(handoff(TLS11, 6));
    assert.deepEqual(older.kind === "possible-downgrade" && older.change, { kind: "older-version", version: "TLSv1.1", usual: "TLSv1.3" });
    assert.equal(kindOf(memory.check(handoff(TLS10, 6))), "possible-downgrade: older-version");
    assert.equal(kindOf(memory.check(handoff(TLS12, 6))), "no-downgrade");
    assert.equal(kindOf(memory.check(handoff(TLS13, 6))), "no-downgrade");
  });

  it("takes as usual the highest version recorded in at least half of the earlier encrypted hand-offs", () => {
    const half = loadMemory();
    remember(half, TLS13, 3, 1);
    remember(half, TLS12, 3, 4);
    const check = half.check(handoff(TLS11, 10));
    assert.deepEqual(check.kind === "possible-downgrade" && check.change, { kind: "older-version", version: "TLSv1.1", usual: "TLSv1.3" });

    const mostly12 = loadMemory();
    remember(mostly12, TLS13, 2, 1);
    remember(mostly12, TLS12, 4, 3);
    assert.equal(kindOf(mostly12.check(handoff(TLS11, 10))), "no-downgrade", "TLS 1.1 is one below the usual TLS 1.2");

    const noMajority = loadMemory();
    remember(noMajority, TLS13, 2, 1);
    remember(noMajority, TLS12, 2, 3);
    for (let day = 5; day < 7; day++) noMajority.record({ ...handoff(TLS13, day), version: null });
    const split = noMajority.check(handoff(TLS11, 10));
    assert.deepEqual(split.kind === "no-downgrade" && split.history.usualVersion, null);
    assert.equal(kindOf(noMajority.check(handoff(PLAINTEXT, 10))), "possible-downgrade: plaintext");
  });

  it("a hand-off with no recorded version never counts as a downgrade, nor does an unknown one", () => {
    const memory = loadMemory();
    remember(memory, TLS13, 10, 1);
    // Encrypted, as the analyzer reports a header that named no version (fixture 02's entry from gnu.org is one).
    assert.equal(kindOf(memory.check({ ...handoff(TLS10, 20), version: null })), "no-downgrade");
    assert.equal(kindOf(memory.check(handoff(UNKNOWN, 20))), "no-downgrade");
  });

  it("a message is never part of its own baseline, even when it was recorded before it is checked", () => {
    const memory = loadMemory();
    remember(memory, TLS13, 5, 1);
    const plaintext = handoff(PLAINTEXT, 6);
    memory.record(plaintext);
    const check = memory.check(plaintext);
    assert.equal(kindOf(check), "possible-downgrade: plaintext");
    assert.deepEqual(check.kind === "possible-downgrade" && [check.history.handoffs, check.history.encrypted], [5, 5]);
  });

  it("only hand-offs received before the message form its baseline, whatever order they were recorded in", () => {
    const memory = loadMemory();
    remember(memory, PLAINTEXT, 10, 20); // received later, recorded first
    remember(memory, TLS13, 5, 1);
    const check = memory.check(handoff(PLAINTEXT, 6));
    assert.equal(kindOf(check), "possible-downgrade: plaintext");
    assert.deepEqual(check.kind === "possible-downgrade" && check.history.handoffs, 5);
  });

  it("cannot judge a message received before the hand-offs it keeps only as counters", () => {
    const memory = loadMemory();
    remember(memory, TLS13, RECENT_HANDOFFS + 8, 1);
    assert.equal(kindOf(memory.check(handoff(PLAINTEXT, 3.5))), "not-judged: older-than-history");
    assert.equal(kindOf(memory.check(handoff(PLAINTEXT, 9.5))), "possible-downgrade: plaintext");
    const check = memory.check(handoff(PLAINTEXT, 100));
    assert.deepEqual(check.kind === "possible-downgrade" && check.history.handoffs, RECENT_HANDOFFS + 8);
  });

  it("counts hand-offs recorded newest first (a folder sorted by date, descending)", () => {
    const memory = loadMemory();
    for (let day = 60; day >= 1; day--) memory.record(handoff(TLS13, day));
    const check = memory.check(handoff(PLAINTEXT, 61));
    assert.deepEqual(check.kind === "possible-downgrade" && check.history.handoffs, 60);
  });
});

describe("correspondent memory: what feeds it", () => {
  const reading = (headers: string) => entryHandoffOf(analyze(headers), readMessageFacts(headers));

  it("an attacker's HELO claim of a known organisation neither feeds nor triggers it", () => {
    const forged = TLS13.replace("(mail-qt1-x82c.google.com [2607:f8b0:4864:20::82c])", "(unknown [203.0.113.66])");
    assert.deepEqual(reading(forged), { kind: "not-remembered", why: "unverified-sender" });
    assert.deepEqual(reading(headerBlockOf("messages/00-seed-hotmail-proofpoint-luxsci.eml")), { kind: "not-remembered", why: "unverified-sender" });
  });

  it("an SPF pass alone neither feeds nor triggers it: the sender is still known only by its HELO", () => {
    const headers = readFileSync(new URL("../fixtures/provider-internal/phishing-pot-sample-1003.eml", import.meta.url), "utf8");
    assert.deepEqual(reading(headers), { kind: "not-remembered", why: "unverified-sender" });
  });

  it("needs a hand-off into your side and your side's receipt time (never the sender's Date:)", () => {
    assert.deepEqual(reading(headerBlockOf("e2e/30-thirty-real-hops.eml")), { kind: "not-remembered", why: "no-entry-handoff" });
    assert.deepEqual(reading(headerBlockOf("e2e/20-no-received-headers.eml")), { kind: "not-remembered", why: "no-entry-handoff" });
    const undated = TLS10.replace(/; Mon, 15 Jul 2013 19:28:07 -0400 \(EDT\)/, "");
    assert.deepEqual(reading(undated), { kind: "not-remembered", why: "no-receipt-time" });
  });

  it("records the same message once, however often it is displayed", () => {
    const memory = loadMemory();
    const headers = redated(TLS13, "2024-01-01T00:00:00Z");
    const once = reading(headers);
    const again = reading(headers);
    assert.ok(once.kind === "handoff" && again.kind === "handoff");
    assert.deepEqual([memory.record(once.handoff), memory.record(again.handoff)], ["recorded", "duplicate"]);
  });

  it("clear() forgets every organisation and every message", () => {
    const memory = loadMemory();
    remember(memory, TLS13, 5, 1);
    const repeated = handoff(TLS13, 10);
    memory.record(repeated);
    memory.clear();
    assert.equal(memory.organisations, 0);
    assert.equal(kindOf(memory.check(handoff(PLAINTEXT, 11))), "not-judged: no-history");
    assert.equal(memory.record(repeated), "recorded");
  });
});

describe("correspondent memory: bounds and storage", () => {
  /** A real hand-off standing for another organisation. */
  const as = (org: string, base: EntryHandoff, receivedAt: number, n: number): EntryHandoff => ({
    ...base,
    org,
    receivedAt,
    fingerprint: fingerprintOf(`${org}/${n}`),
  });

  it("keeps at most MAX_ORGANISATIONS organisations, evicting the one heard from least recently", () => {
    const memory = loadMemory();
    const base = handoff(TLS13, 1);
    for (let i = 0; i < MAX_ORGANISATIONS; i++) memory.record(as(`org${i}.example`, base, 1_700_000_000 + (i === 7 ? -1 : i), i));
    assert.equal(memory.organisations, MAX_ORGANISATIONS);
    memory.record(as("newcomer.example", base, 1_800_000_000, 0));
    assert.equal(memory.organisations, MAX_ORGANISATIONS);
    const evicted = memory.check(as("org7.example", base, 1_900_000_000, 99));
    const kept = memory.check(as("org8.example", base, 1_900_000_000, 99));
    assert.deepEqual([kindOf(evicted), kindOf(kept)], ["not-judged: no-history", "not-judged: too-few-handoffs"]);
  });

  it(`stays within ${MEMORY_BUDGET_BYTES.toLocaleString("en")} bytes of JSON at its worst (every organisation full, 253-character names)`, () => {
    const memory = loadMemory();
    const base = handoff(TLS13, 1);
    let n = 0;
    for (let i = 0; i < MAX_ORGANISATIONS; i++) {
      const org = `${String(i).padStart(4, "0")}${"o".repeat(245)}.com`;
      for (let j = 0; j < RECENT_HANDOFFS + 3; j++) memory.record(as(org, { ...base, version: j % 2 ? "TLSv1.3" : null }, 4_000_000_000 + i * 100 + j, n++));
    }
    const key = "correspondentMemory";
    const bytes = JSON.stringify(memory.save()).length + key.length;
    assert.ok(bytes <= MEMORY_BUDGET_BYTES, `${bytes} bytes`);
    assert.equal(memory.organisations, MAX_ORGANISATIONS);
  });

  it("reads back what it saved, and starts empty from a save it cannot read", () => {
    const memory = loadMemory();
    remember(memory, TLS13, 5, 1);
    const plaintext = handoff(PLAINTEXT, 6);
    const restored = loadMemory(JSON.parse(JSON.stringify(memory.save())));
    assert.deepEqual(restored.check(plaintext), memory.check(plaintext));
    assert.deepEqual(restored.save(), memory.save());
    for (const damaged of [
      null,
      "text",
      { version: 2 },
      { ...memory.save(), organisations: [{ org: 1 }] },
      { ...memory.save(), seen: { count: 0, current: "", previous: "" } },
    ]) {
      assert.equal(loadMemory(damaged).organisations, 0, JSON.stringify(damaged).slice(0, 60));
    }
  });

  it("mistakes an unseen message for a recorded one at the stated rate at most (0.1% per full generation)", () => {
    const filter = SeenFilter.empty();
    for (let i = 0; i < CAPACITY; i++) filter.add(fingerprintOf(`recorded ${i}`));
    let falsePositives = 0;
    const trials = 100_000;
    for (let i = 0; i < trials; i++) if (filter.has(fingerprintOf(`never recorded ${i}`))) falsePositives++;
    assert.ok(falsePositives / trials <= 0.0015, `${falsePositives} of ${trials}`);
    for (let i = 0; i < CAPACITY; i++) assert.ok(filter.has(fingerprintOf(`recorded ${i}`)));
    const restored = SeenFilter.restore(JSON.parse(JSON.stringify(filter.save())));
    assert.ok(restored?.has(fingerprintOf("recorded 7")));
  });
});
