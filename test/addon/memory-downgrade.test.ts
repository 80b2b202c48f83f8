/**
 * The correspondent memory around the background: fed by displayed messages and by audits (RECORD_HANDOFFS), only
 * from the entry hand-off your side recorded from a verified organisation; a plaintext hand-off from an organisation
 * that always encrypted shows as a possible downgrade on the badge and in the report reply; the memory lives in
 * storage.local (loaded once, written after a pause) and survives the event page; the options page can clear it.
 */
import assert from "node:assert/strict";
import { analyze, anonymiseReceived } from "../../src/analyzer/index.ts";
import type { EntryHandoff } from "../../src/audit/index.ts";
import { AnalysisCore } from "../../src/audit-page/analysis-core.ts";
import type { BackgroundDeps } from "../../src/background/background.ts";
import { startBackground } from "../../src/background/background.ts";
import { MEMORY_KEY, MemoryStore } from "../../src/background/memory-store.ts";
import type { ReportReplyMessage } from "../../src/shared/protocol.ts";
import { CLEAR_MEMORY, fromReplyMessage, GET_REPORT, RECORD_HANDOFFS } from "../../src/shared/protocol.ts";
import { delivery, headerBlockOf } from "../audit/mail.ts";
import { FakePlatform, FakeThunderbird, MemoryArea, until } from "./helpers/fakes.ts";
import { translator } from "./helpers/i18n.ts";

const POSTMARK = headerBlockOf("messages/14-postmark-postfix-filter-dovecot.eml");
const SEED = headerBlockOf("messages/00-seed-hotmail-proofpoint-luxsci.eml");

/** The Postmark delivery as if your Postfix had received it without TLS: its TLS note and the S of ESMTPS gone. */
function withoutTls(block: string): string {
  const stripped = block
    .replace(/ \(using TLSv1\.2 with cipher [^)]*\(256\/256 bits\)\) \(No client certificate requested\)/, "")
    .replace("(Postfix) with ESMTPS id", "(Postfix) with ESMTP id");
  assert.notEqual(stripped, block);
  return stripped;
}

const encryptedOn = (day: number) => delivery(POSTMARK, `2024-03-${String(day).padStart(2, "0")}T10:00:00Z`, `postmark-${day}`);
const plaintextOn = (day: number) => delivery(withoutTls(POSTMARK), `2024-03-${String(day).padStart(2, "0")}T10:00:00Z`, `postmark-plain-${day}`);

function setup(platform = new FakePlatform(), lang = "en") {
  const thunderbird = new FakeThunderbird();
  const deps: BackgroundDeps = {
    thunderbird,
    platform,
    analyze,
    anonymise: anonymiseReceived,
    t: translator(lang),
    now: () => 1_700_000_000_000,
    memorySaveDelayMs: 5,
  };
  return { thunderbird, platform, background: startBackground(deps) };
}

async function display(thunderbird: FakeThunderbird, id: number): Promise<void> {
  const before = thunderbird.paints.length;
  thunderbird.display(1, [id]);
  await until(() => thunderbird.paints.slice(before).some((p) => p.look.icon !== "/icons/lock-neutral.svg"), "final paint");
}

async function reply(platform: FakePlatform, messageId: number) {
  return fromReplyMessage((await platform.send({ type: GET_REPORT, messageId })) as ReportReplyMessage | undefined);
}

const savedOrganisations = (platform: FakePlatform) =>
  ((platform.local.data.get(MEMORY_KEY) as { organisations?: { org: string }[] } | undefined)?.organisations ?? []).map((o) => o.org);

/** What the audit page sends: the hand-offs its analysis found in these blocks. */
function auditHandoffs(blocks: string[]): EntryHandoff[] {
  return new AnalysisCore({}).addBatch({ ids: blocks.map((_, i) => i + 1), headerMessageIds: blocks.map(() => null), headerBlocks: blocks }).handoffs;
}

describe("correspondent memory in the add-on", () => {
  it("warns of a possible downgrade: five encrypted hand-offs from mtasv.net displayed, then a plaintext one", async () => {
    const { thunderbird, platform } = setup();
    for (const day of [1, 2, 3, 4, 5]) thunderbird.addSource(day, encryptedOn(day));
    thunderbird.addSource(10, plaintextOn(10));
    for (const day of [1, 2, 3, 4, 5]) {
      await display(thunderbird, day);
      assert.equal(thunderbird.lookOf(1)?.badgeText, "", `encrypted ${day}: no alert`);
    }
    await display(thunderbird, 10);
    const look = thunderbird.lookOf(1);
    assert.equal(look?.icon, "/icons/lock-not-encrypted.svg");
    assert.equal(look?.badgeText, "↓1", "the badge shows the downgrade beside the count");
    assert.equal(look?.title, "Possible downgrade. Not encrypted on its one hand-off");
    const answer = await reply(platform, 10);
    assert.ok(answer?.ok);
    assert.equal(answer.downgrade?.change.kind, "plaintext");
    assert.deepEqual(
      {
        org: answer.downgrade?.history.org,
        handoffs: answer.downgrade?.history.handoffs,
        encrypted: answer.downgrade?.history.encrypted,
        versions: answer.downgrade?.history.versions,
      },
      { org: "mtasv.net", handoffs: 5, encrypted: 5, versions: { "TLSv1.2": 5 } },
      "the history counts only the earlier hand-offs, never the message itself",
    );
    const encrypted = await reply(platform, 3);
    assert.equal(encrypted?.ok && encrypted.downgrade, null, "an encrypted one raises nothing");
  });

  it("needs five earlier hand-offs: four are not enough", async () => {
    const { thunderbird } = setup();
    for (const day of [1, 2, 3, 4]) thunderbird.addSource(day, encryptedOn(day));
    thunderbird.addSource(10, plaintextOn(10));
    for (const day of [1, 2, 3, 4]) await display(thunderbird, day);
    await display(thunderbird, 10);
    assert.equal(thunderbird.lookOf(1)?.badgeText, "1");
    assert.doesNotMatch(thunderbird.lookOf(1)?.title ?? "", /downgrade/);
  });

  it("is fed by an audit's hand-offs (RECORD_HANDOFFS), and only by verified, recipient-recorded ones", async () => {
    const { thunderbird, platform } = setup();
    const handoffs = auditHandoffs([...[1, 2, 3, 4, 5, 6].map(encryptedOn), SEED]);
    assert.equal(handoffs.length, 6, "the seed's entry hand-off is a HELO claim (unverified): not remembered");
    assert.deepEqual(await platform.send({ type: RECORD_HANDOFFS, handoffs }), { ok: true, recorded: 6 });
    assert.deepEqual(await platform.send({ type: RECORD_HANDOFFS, handoffs }), { ok: true, recorded: 0 }, "each message once");
    thunderbird.addSource(10, plaintextOn(10));
    await display(thunderbird, 10);
    assert.equal(thunderbird.lookOf(1)?.badgeText, "↓1");
    await until(() => savedOrganisations(platform).length > 0, "the memory's write");
    assert.deepEqual(savedOrganisations(platform), ["mtasv.net"]);
  });

  it("never remembers or alerts on a sender known only by its own claim", async () => {
    const { thunderbird, platform } = setup();
    for (let i = 1; i <= 8; i++) thunderbird.addSource(i, delivery(SEED, `2024-03-0${i}T10:00:00Z`, `seed-${i}`));
    for (let i = 1; i <= 8; i++) await display(thunderbird, i);
    assert.equal(thunderbird.lookOf(1)?.badgeText, "1", "plaintext, but no downgrade alert");
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(savedOrganisations(platform), []);
  });

  it("lives in storage.local under correspondentMemory: a restarted event page still warns", async () => {
    const platform = new FakePlatform();
    const first = setup(platform);
    for (const day of [1, 2, 3, 4, 5]) first.thunderbird.addSource(day, encryptedOn(day));
    for (const day of [1, 2, 3, 4, 5]) await display(first.thunderbird, day);
    await first.background.memory.flush();
    assert.deepEqual(savedOrganisations(platform), ["mtasv.net"]);
    const restarted = setup(platform); // the same storage, a new event page
    restarted.thunderbird.addSource(10, plaintextOn(10));
    await display(restarted.thunderbird, 10);
    assert.equal(restarted.thunderbird.lookOf(1)?.badgeText, "↓1");
    // asked of the restarted page itself (the first one's listener is still registered on the shared fake)
    const answer = fromReplyMessage((await restarted.background.answer({ type: GET_REPORT, messageId: 10 })) as ReportReplyMessage);
    assert.equal(answer?.ok && answer.downgrade?.history.handoffs, 5);
  });

  it("loads once and writes a burst of changes once, after a pause", async () => {
    const area = new MemoryArea();
    let reads = 0;
    let writes = 0;
    const get = area.get.bind(area);
    const set = area.set.bind(area);
    area.get = async (key) => (reads++, get(key));
    area.set = async (key, value) => (writes++, set(key, value));
    const store = new MemoryStore(area, 30);
    const handoffs = auditHandoffs([1, 2, 3, 4, 5, 6, 7, 8].map(encryptedOn));
    for (const handoff of handoffs) await store.checkAndRecord(handoff);
    assert.equal(reads, 1);
    assert.equal(writes, 0, "not yet: the pause gathers the burst");
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(writes, 1);
  });

  it("is cleared by the options page's request, in memory and in storage", async () => {
    const { thunderbird, platform, background } = setup();
    await platform.send({ type: RECORD_HANDOFFS, handoffs: auditHandoffs([1, 2, 3, 4, 5].map(encryptedOn)) });
    await background.memory.flush();
    assert.ok(platform.local.data.has(MEMORY_KEY));
    assert.deepEqual(await platform.send({ type: CLEAR_MEMORY }), { ok: true });
    assert.ok(!platform.local.data.has(MEMORY_KEY));
    thunderbird.addSource(10, plaintextOn(10));
    await display(thunderbird, 10);
    assert.equal(thunderbird.lookOf(1)?.badgeText, "1", "no history, no alert");
  });
});
