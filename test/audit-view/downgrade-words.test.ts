/** A possible downgrade in words, on real hand-offs from Google (fixture 12 five times, then e2e/24 in plaintext). */
import { strict as assert } from "node:assert";
import { analyze } from "../../src/analyzer/index.ts";
import { type EntryHandoff, entryHandoffOf, loadMemory, readMessageFacts } from "../../src/audit/index.ts";
import { downgradeWords } from "../../src/audit-view/index.ts";
import { translator } from "../addon/helpers/i18n.ts";
import { delivery, headerBlockOf, withHeader } from "../audit/mail.ts";

function handoff(block: string, day: number): EntryHandoff {
  const headers = delivery(block, new Date(Date.UTC(2024, 0, day)).toISOString(), `words-${day}`);
  const reading = entryHandoffOf(analyze(headers), readMessageFacts(headers));
  assert.equal(reading.kind, "handoff");
  return (reading as { handoff: EntryHandoff }).handoff;
}

describe("possible downgrade in words", () => {
  const memory = loadMemory();
  for (let day = 1; day <= 5; day++) memory.record(handoff(headerBlockOf("messages/12-gmail-to-yandex-tls13.eml"), day));
  const plaintext = withHeader(headerBlockOf("e2e/24-stanford-postini-google-kvack.eml"), "TLS-Required", "No");

  it("states what changed against the history, then the causes the headers show, then the others", () => {
    const words = downgradeWords(memory.check(handoff(plaintext, 6)), "en", translator("en"));
    assert.deepEqual(words, {
      headline:
        "Possible downgrade: google.com handed this message to your side without encryption, but 5 of its 5 earlier hand-offs since Jan 1, 2024 were encrypted.",
      causes: [
        "It came through a mailing list (it has a List-Id header).",
        "The sender asked that TLS policies be ignored for this message, so that it is delivered even without TLS (TLS-Required: No, RFC 8689).",
        "It may have come through a backup mail server of yours that does not use TLS.",
        "It may have been forwarded by another server rather than sent by the organisation itself.",
      ],
    });
  });

  it("says nothing when there is no possible downgrade, and speaks German from the German catalogue", () => {
    assert.equal(downgradeWords(memory.check(handoff(headerBlockOf("messages/12-gmail-to-yandex-tls13.eml"), 6)), "en", translator("en")), null);
    assert.match(downgradeWords(memory.check(handoff(plaintext, 6)), "de", translator("de"))?.headline ?? "", /^Mögliche Herabstufung: google\.com übergab/);
  });
});
