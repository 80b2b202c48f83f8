/**
 * Real Received lines, one fixture file per TLS dialect (`test/fixtures/dialects/<DialectId>.json`) and per receiver
 * known to always record TLS (`test/fixtures/receivers/<ReceiverId>.json`), plus `_unknown.json` (nothing can be
 * decided) and `_other.json` (TLS recorded in a syntax no DialectId covers yet). Every line cites its public source.
 * Each line is analysed on its own and its hop's `tls` facts must match the line's `expect`.
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import { analyze, DIALECT_IDS as ANALYZER_DIALECT_IDS, KNOWN_RECEIVERS } from "../../src/analyzer/index.ts";

type Status = "encrypted" | "plaintext" | "unknown";

interface Expectation {
  status: Status;
  version?: string | null;
  cipher?: string | null;
  bits?: number | null;
  verify?: string | null;
  dialect?: string;
  receiver?: string;
  /** For an unknown line: the TLS-like words no recognizer read, which veto silence (none when absent). */
  unrecognised?: string[];
}

interface FixtureLine {
  source: string;
  header: string;
  expect: Expectation;
  note?: string;
}

interface Fixture {
  dialect: string;
  about: string;
  lines: FixtureLine[];
}

const fixturesDir = new URL("../fixtures/", import.meta.url);
const DIALECT_IDS: string[] = [...ANALYZER_DIALECT_IDS];
const RECEIVER_IDS: string[] = KNOWN_RECEIVERS.map((receiver) => receiver.id);
const SPECIAL = ["_unknown", "_other"];
const VERSIONS = [null, "TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1", "SSLv3", "SSLv2"];
const VERIFY = [null, "verified", "failed", "not-presented", "not-requested"];

function loadDir(kind: "dialects" | "receivers"): Array<{ file: string; fixture: Fixture }> {
  const dir = new URL(`${kind}/`, fixturesDir);
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((file) => ({ file, fixture: JSON.parse(readFileSync(new URL(file, dir), "utf8")) as Fixture }));
}

const dialectFixtures = loadDir("dialects");
const receiverFixtures = loadDir("receivers");

describe("dialect and receiver fixtures: shape", () => {
  for (const { file, fixture } of dialectFixtures) {
    it(`dialects/${file} names a DialectId (or a special file) matching its file name`, () => {
      assert.equal(file, `${fixture.dialect}.json`);
      assert.ok(DIALECT_IDS.includes(fixture.dialect) || SPECIAL.includes(fixture.dialect), `"${fixture.dialect}" is not a dialect of the registry`);
    });
  }

  for (const { file, fixture } of receiverFixtures) {
    it(`receivers/${file} names a ReceiverId matching its file name`, () => {
      assert.equal(file, `${fixture.dialect}.json`);
      assert.ok(RECEIVER_IDS.includes(fixture.dialect), `"${fixture.dialect}" is not a receiver of the registry`);
    });
  }

  it("every DialectId has a fixture file", () => {
    const present = new Set(dialectFixtures.map(({ fixture }) => fixture.dialect));
    assert.deepEqual(
      DIALECT_IDS.filter((id) => !present.has(id)),
      [],
    );
  });

  it("every ReceiverId has a fixture file", () => {
    const present = new Set(receiverFixtures.map(({ fixture }) => fixture.dialect));
    assert.deepEqual(
      RECEIVER_IDS.filter((id) => !present.has(id)),
      [],
    );
  });

  it("every line is one unfolded header value with a source and a well-formed expectation", () => {
    for (const { file, fixture } of [...dialectFixtures, ...receiverFixtures]) {
      assert.ok(fixture.about.length > 0, `${file}: about`);
      assert.ok(fixture.lines.length > 0, `${file}: has lines`);
      for (const line of fixture.lines) {
        const where = `${file}: ${line.header}`;
        assert.ok(line.source.trim().length > 0, `${where}: source`);
        assert.ok(!/[\r\n]/.test(line.header), `${where}: header must be unfolded`);
        assert.ok(!/^Received:/i.test(line.header), `${where}: header without the field name`);
        const { expect } = line;
        assert.ok(["encrypted", "plaintext", "unknown"].includes(expect.status), `${where}: status`);
        if (expect.status === "encrypted") {
          assert.ok(VERSIONS.includes(expect.version ?? null) && "version" in expect, `${where}: version`);
          assert.ok("cipher" in expect && "bits" in expect && "verify" in expect, `${where}: cipher/bits/verify present`);
          assert.ok(VERIFY.includes(expect.verify ?? null), `${where}: verify`);
          if (expect.dialect !== undefined) assert.ok(DIALECT_IDS.includes(expect.dialect), `${where}: expected dialect`);
        }
        if (expect.receiver !== undefined) assert.ok(RECEIVER_IDS.includes(expect.receiver), `${where}: expected receiver`);
      }
    }
  });
});

function describeFixture(kind: string, fixture: Fixture): void {
  describe(`${kind}/${fixture.dialect}`, () => {
    const seen = new Map<string, number>();
    for (const line of fixture.lines) {
      const count = (seen.get(line.source) ?? 0) + 1;
      seen.set(line.source, count);
      const title = `${fixture.dialect}: ${line.source}${count > 1 ? ` (#${count})` : ""}`;
      it(title, () => {
        const report = analyze(`Received: ${line.header}\r\n`);
        assert.equal(report.hops.length, 1, `one hop for: ${line.header}`);
        const tls = report.hops[0]?.tls as unknown as Record<string, unknown>;
        const expected: Record<string, unknown> = { status: line.expect.status };
        const actual: Record<string, unknown> = { status: tls["status"] };
        const compare = (key: keyof Expectation) => {
          expected[key] = line.expect[key];
          actual[key] = tls[key];
        };
        if (line.expect.status === "encrypted") {
          compare("version");
          compare("cipher");
          compare("bits");
          compare("verify");
          if (line.expect.dialect !== undefined) compare("dialect");
        }
        if (line.expect.status === "plaintext" && line.expect.receiver !== undefined) compare("receiver");
        if (line.expect.status === "unknown") {
          expected["unrecognised"] = line.expect.unrecognised ?? [];
          actual["unrecognised"] = tls["unrecognised"];
        }
        assert.deepEqual(actual, expected, `Received: ${line.header}`);
      });
    }
  });
}

describe("TLS dialects on real Received lines", () => {
  for (const { fixture } of dialectFixtures) describeFixture("dialects", fixture);
});

describe("receivers that always record TLS, on real Received lines", () => {
  for (const { fixture } of receiverFixtures) describeFixture("receivers", fixture);
});
