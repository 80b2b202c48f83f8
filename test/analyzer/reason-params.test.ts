/**
 * Reasons are typed facts, worded only at the edge: in every report of every real fixture, each text parameter of a
 * reason or warning is header text (found in the headers it came from) or an id of a closed set, never prose.
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import { analyze, DIALECT_IDS, KNOWN_RECEIVERS, TLS_VERSIONS_ASCENDING } from "../../src/analyzer/index.ts";
import type { Reason, Warning } from "../../src/analyzer/index.ts";
import { PSEUDO_HOP_MARKERS } from "../../src/analyzer/chain/markers.ts";
import { MAIL_SERVICE_RANGES } from "../../src/analyzer/identity/mail-service-ranges.ts";

const IDS = new Set<string>([
  ...DIALECT_IDS,
  ...KNOWN_RECEIVERS.map((receiver) => receiver.id),
  ...TLS_VERSIONS_ASCENDING,
  ...PSEUDO_HOP_MARKERS,
  ...MAIL_SERVICE_RANGES.flatMap((range) => [range.id, range.org]),
  ..."verified failed not-presented not-requested rc4 des 3des null export md5".split(" "),
  ..."verified-rdns mail-service-range private-address loopback helo-claim address-only".split(" "),
  ..."options trustedDomains minTlsVersion cutInput".split(" "),
]);

const FIXTURES = new URL("../fixtures/", import.meta.url);

function fixtureTexts(): { name: string; text: string }[] {
  const messages = ["messages/", "e2e/"].flatMap((dir) =>
    readdirSync(new URL(dir, FIXTURES))
      .filter((file) => file.endsWith(".eml"))
      .map((file) => ({ name: dir + file, text: readFileSync(new URL(dir + file, FIXTURES), "utf8") })),
  );
  const lines = ["dialects/", "receivers/"].flatMap((dir) =>
    readdirSync(new URL(dir, FIXTURES))
      .filter((file) => file.endsWith(".json"))
      .flatMap((file) =>
        (JSON.parse(readFileSync(new URL(dir + file, FIXTURES), "utf8")) as { lines: { header: string }[] }).lines.map((line, i) => ({
          name: `${dir}${file}#${i + 1}`,
          text: `Received: ${line.header}\r\n\r\n`,
        })),
      ),
  );
  return [...messages, ...lines];
}

/** Header text: every word of it appears in the headers (joined words such as `tls starttls` included). */
function isHeaderText(value: string, headers: string): boolean {
  const lower = headers.toLowerCase();
  return value.split(/\s+/).every((word) => lower.includes(word.toLowerCase()));
}

describe("reason parameters are facts, not prose", () => {
  it("every text parameter in every fixture's report is header text or an id", () => {
    const offenders: string[] = [];
    for (const { name, text } of fixtureTexts()) {
      const report = analyze(text);
      const all: (Reason | Warning)[] = [
        report.verdictReason,
        ...report.reasons,
        ...report.warnings,
        report.legs.submission.reason,
        report.legs.download.reason,
        ...report.hops.flatMap((hop) => hop.reasons),
      ];
      for (const reason of all) {
        for (const [param, value] of Object.entries(reason.params)) {
          if (typeof value === "string" && !IDS.has(value) && !isHeaderText(value, text))
            offenders.push(`${name}: ${reason.key}.${param} = ${JSON.stringify(value)}`);
        }
      }
    }
    assert.deepEqual(offenders, []);
  });
});
