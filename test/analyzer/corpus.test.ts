/**
 * The dev corpus as a regression suite that prints agreement figures: 136 hand-labelled real Received values
 * (`received-lines.jsonl`), each analysed as a one-header block, and six real messages (`messages/*.eml`,
 * labelled per hop in `messages/labels.json`). Labels map to the report as yes → encrypted, no → plaintext,
 * unknown → unknown, version `any` → null, scope inter-org → relay.
 *
 * No line without TLS evidence may be called encrypted. Every other disagreement with the labels is pinned below with
 * its reason: the suite fails when a new one appears (a regression cannot hide behind a fixed one) and when a pinned
 * one is fixed (so the list stays true). Every message must have its labelled number of hops and a verdict that
 * agrees with `all_inter_org_hops_encrypted`.
 */
import { strict as assert } from "node:assert";
import { analyze } from "../../src/analyzer/index.ts";
import type { Hop, Verdict } from "../../src/analyzer/index.ts";
import { expectedVersion, loadCorpusLines, loadMessages, receivedBlock, SCOPE_OF_LABEL, STATUS_OF_LABEL } from "../../scripts/lib/corpus-data.ts";
import type { CorpusLine, LabelledMessage } from "../../scripts/lib/corpus-data.ts";

/** Known disagreements with the labels, by line id (or message file and hop), each with why it stays. */
const PINNED_MISSES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  status: {
    "rcv-351": "Postfix with a renamed banner ((STMicroelectronics) instead of (Postfix)): no fingerprint can match it, so its silence stays unknown.",
  },
  details: {},
  fromIp: {},
  byHost: {},
  protocol: {},
  messageTls: {},
  messageScope: {
    "02-ibm-proofpoint-gnu-exim-lfdr.eml hop 7":
      "IBM → IBM's own pphosted.com tenant is labelled internal; headers cannot show that a Proofpoint tenant belongs to the customer (users add it as a trusted domain).",
  },
};

/** The ids of a tally's misses: the text before the first colon. */
const missIds = (t: Tally): string[] => t.misses.map((miss) => miss.slice(0, miss.indexOf(":"))).sort();

interface Tally {
  agree: number;
  total: number;
  misses: string[];
}

const tally = (): Tally => ({ agree: 0, total: 0, misses: [] });

function count(t: Tally, agrees: boolean, miss: () => string): void {
  t.total++;
  if (agrees) t.agree++;
  else t.misses.push(miss());
}

const rate = (t: Tally): number => (t.total === 0 ? 1 : t.agree / t.total);
const figure = (t: Tally): string => `${t.agree}/${t.total} (${(100 * rate(t)).toFixed(1)}%)`;
const excerpt = (text: string): string => (text.length > 110 ? `${text.slice(0, 107)}...` : text);
const sameText = (a: string | null | undefined, b: string | null | undefined): boolean => (a ?? null)?.toLowerCase() === (b ?? null)?.toLowerCase();

interface LineFigures {
  status: Tally;
  falseEncrypted: string[];
  version: Tally;
  cipher: Tally;
  bits: Tally;
  /** Lines labelled with any of version, cipher, bits: all of the labelled ones exact. */
  details: Tally;
  fromIp: Tally;
  byHost: Tally;
  protocol: Tally;
}

function judgeLines(lines: readonly CorpusLine[]): LineFigures {
  const f: LineFigures = {
    status: tally(),
    falseEncrypted: [],
    version: tally(),
    cipher: tally(),
    bits: tally(),
    details: tally(),
    fromIp: tally(),
    byHost: tally(),
    protocol: tally(),
  };
  for (const line of lines) {
    const hop: Hop | undefined = analyze(receivedBlock([line.header])).hops[0];
    const tls = hop?.tls;
    const expected = STATUS_OF_LABEL[line.tls];
    const got = tls?.status ?? "(no hop)";
    count(f.status, got === expected, () => `${line.id}: expected ${expected}, got ${got}  | ${excerpt(line.header)}`);
    if (line.tls !== "yes" && got === "encrypted")
      f.falseEncrypted.push(`${line.id} (labelled ${line.tls}, evidence ${JSON.stringify(tls?.evidence)})  | ${excerpt(line.header)}`);
    const wrong: string[] = [];
    const detail = (t: Tally, name: string, want: unknown, have: unknown): void => {
      count(t, want === have, () => `${line.id}: ${name} expected ${JSON.stringify(want)}, got ${JSON.stringify(have)}  | ${excerpt(line.header)}`);
      if (want !== have) wrong.push(name);
    };
    if (line.tls_version !== null) detail(f.version, "version", expectedVersion(line.tls_version), tls?.version ?? null);
    if (line.cipher !== null) detail(f.cipher, "cipher", line.cipher, tls?.cipher ?? null);
    if (line.bits !== null) detail(f.bits, "bits", line.bits, tls?.bits ?? null);
    if (line.tls_version !== null || line.cipher !== null || line.bits !== null) count(f.details, wrong.length === 0, () => `${line.id}: ${wrong.join(", ")}`);
    count(f.fromIp, sameText(line.from_ip, hop?.from.ip), () => `${line.id}: from_ip expected ${line.from_ip}, got ${hop?.from.ip ?? null}`);
    count(f.byHost, sameText(line.by_host, hop?.by), () => `${line.id}: by_host expected ${line.by_host}, got ${hop?.by ?? null}`);
    count(f.protocol, sameText(line.protocol, hop?.with), () => `${line.id}: protocol expected ${line.protocol}, got ${hop?.with ?? null}`);
  }
  return f;
}

/** The verdicts a message's `all_inter_org_hops_encrypted` label allows. */
function allowedVerdicts(label: boolean | null): Verdict[] {
  if (label === true) return ["encrypted", "weak"];
  if (label === false) return ["not-encrypted"];
  return ["unknown"];
}

interface MessageFigures {
  message: LabelledMessage;
  hops: Hop[];
  verdict: Verdict;
  tls: Tally;
  scope: Tally;
}

function judgeMessage(message: LabelledMessage): MessageFigures {
  const report = analyze(message.text);
  const f: MessageFigures = { message, hops: report.hops, verdict: report.verdict, tls: tally(), scope: tally() };
  message.hops.forEach((label, i) => {
    const hop = report.hops[i];
    const tls = STATUS_OF_LABEL[label.tls];
    const scope = SCOPE_OF_LABEL[label.scope];
    count(f.tls, hop?.tls.status === tls, () => `hop ${label.n} tls: expected ${tls}, got ${hop?.tls.status ?? "(no hop)"}`);
    count(f.scope, hop?.scope === scope, () => `hop ${label.n} scope: expected ${scope}, got ${hop?.scope ?? "(no hop)"}`);
  });
  return f;
}

function printFigures(lines: LineFigures, messages: readonly MessageFigures[]): void {
  const out: string[] = [];
  const list = (items: readonly string[]): void => {
    for (const item of items) out.push(`    - ${item}`);
  };
  out.push("", `corpus: ${lines.status.total} Received lines`);
  out.push(`  TLS status agreement         ${figure(lines.status)}`);
  list(lines.status.misses);
  out.push(`  false "encrypted" (no TLS evidence in the label): ${lines.falseEncrypted.length}`);
  list(lines.falseEncrypted);
  out.push(`  version/cipher/bits exact    ${figure(lines.details)} of lines labelled with any of them`);
  out.push(`    version ${figure(lines.version)}, cipher ${figure(lines.cipher)}, bits ${figure(lines.bits)}`);
  list([...lines.version.misses, ...lines.cipher.misses, ...lines.bits.misses]);
  out.push(
    `  secondary: from_ip ${figure(lines.fromIp)}, by_host ${figure(lines.byHost)}, protocol ${figure(lines.protocol)} (case-insensitive, null = null agrees)`,
  );
  list([...lines.fromIp.misses, ...lines.byHost.misses, ...lines.protocol.misses]);
  const allTls = tally();
  const allScope = tally();
  out.push(`corpus: ${messages.length} messages`);
  for (const m of messages) {
    allTls.agree += m.tls.agree;
    allTls.total += m.tls.total;
    allScope.agree += m.scope.agree;
    allScope.total += m.scope.total;
    const expected = allowedVerdicts(m.message.allInterOrgHopsEncrypted).join("|");
    out.push(
      `  ${m.message.file}: hops ${m.hops.length}/${m.message.hops.length}, tls ${figure(m.tls)}, scope ${figure(m.scope)}, verdict ${m.verdict} (label ${expected})`,
    );
    list([...m.tls.misses, ...m.scope.misses]);
  }
  out.push(`  per-hop agreement over all messages: tls ${figure(allTls)}, scope ${figure(allScope)}`, "");
  console.log(out.join("\n"));
}

describe("dev corpus", function () {
  this.timeout(60_000);
  let lines: LineFigures;
  let messages: MessageFigures[];

  before(() => {
    lines = judgeLines(loadCorpusLines());
    messages = loadMessages().map(judgeMessage);
    printFigures(lines, messages);
  });

  describe("Received lines", () => {
    it("calls no line encrypted unless its label records TLS", () => {
      assert.deepEqual(lines.falseEncrypted, []);
    });

    for (const [name, key] of [
      ["TLS status", "status"],
      ["version, cipher and bits", "details"],
      ["from_ip", "fromIp"],
      ["by_host", "byHost"],
      ["protocol", "protocol"],
    ] as const) {
      it(`misses exactly the pinned lines on ${name}`, () => {
        assert.deepEqual(missIds(lines[key]), Object.keys(PINNED_MISSES[key] ?? {}).sort(), lines[key].misses.join("\n"));
      });
    }
  });

  describe("messages", () => {
    it("misses exactly the pinned hops on TLS status and scope", () => {
      const pinned = (kind: "tls" | "scope") =>
        messages.flatMap((m) => (kind === "tls" ? m.tls : m.scope).misses.map((miss) => `${m.message.file} ${miss.slice(0, miss.indexOf(` ${kind}:`))}`));
      assert.deepEqual(pinned("tls").sort(), Object.keys(PINNED_MISSES["messageTls"] ?? {}).sort());
      assert.deepEqual(pinned("scope").sort(), Object.keys(PINNED_MISSES["messageScope"] ?? {}).sort());
    });

    for (const message of loadMessages()) {
      const expected = allowedVerdicts(message.allInterOrgHopsEncrypted);
      it(`${message.file}: ${message.hops.length} hops, verdict ${expected.join(" or ")}`, () => {
        const figures = messages.find((m) => m.message.file === message.file);
        assert.ok(figures);
        assert.equal(figures.hops.length, message.hops.length, "hop count");
        assert.ok(expected.includes(figures.verdict), `verdict ${figures.verdict}, label all_inter_org_hops_encrypted=${message.allInterOrgHopsEncrypted}`);
      });
    }
  });
});
