/**
 * Messages for the audit tests, built from the real header chains in test/fixtures/: whole fixture header blocks,
 * corpus lines (test/fixtures/received-lines.jsonl) made into one-hop messages, and copies re-dated or given their
 * own Message-ID so one real chain can stand for many deliveries.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The .eml fixtures the audit tests' folder is made of: test/fixtures/messages, then test/fixtures/e2e 20–24 and 30. */
export const FIXTURE_FILES = [
  "messages/00-seed-hotmail-proofpoint-luxsci.eml",
  "messages/02-ibm-proofpoint-gnu-exim-lfdr.eml",
  "messages/08-redhat-mimecast-freedesktop.eml",
  "messages/12-gmail-to-yandex-tls13.eml",
  "messages/14-postmark-postfix-filter-dovecot.eml",
  "messages/16-powermta-to-eop-cleartext.eml",
  "e2e/20-no-received-headers.eml",
  "e2e/21-weak-tls1-rc4-gmail-to-postfix.eml",
  "e2e/22-internal-only-postfix-amavis.eml",
  "e2e/23-html-in-received-vger-exim.eml",
  "e2e/24-stanford-postini-google-kvack.eml",
  "e2e/30-thirty-real-hops.eml",
] as const;

/** A fixture's header block with LF line ends, ending with its last header line's line break. */
export function headerBlockOf(name: string): string {
  const text = readFileSync(join(ROOT, "test/fixtures", name), "utf8").replace(/\r\n/g, "\n");
  const end = text.indexOf("\n\n");
  return end === -1 ? text : `${text.slice(0, end)}\n`;
}

interface CorpusLine {
  id: string;
  header: string;
}

const corpus = new Map<string, string>(
  readFileSync(join(ROOT, "test/fixtures/received-lines.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as CorpusLine)
    .map((line) => [line.id, line.header]),
);

/** A one-hop message of a corpus line, with a Message-ID of its own. */
export function corpusMessage(id: string): string {
  const header = corpus.get(id);
  if (header === undefined) throw new Error(`no corpus line ${id}`);
  return `Received: ${header}\nMessage-ID: <${id}@corpus.hoplock.invalid>\n`;
}

/**
 * The folder the audit tests audit: every fixture above plus three one-hop messages of corpus lines the receiver left
 * without a TLS note: rcv-282 (Google → vger, ZMailer), rcv-070 (uci.edu → Postfix before 2.3), rcv-043 (a HELO-only
 * sender → ecelerity).
 */
export const FOLDER: readonly { name: string; headers: string }[] = [
  ...FIXTURE_FILES.map((name) => ({ name, headers: headerBlockOf(name) })),
  ...["rcv-282", "rcv-070", "rcv-043"].map((id) => ({ name: id, headers: corpusMessage(id) })),
];

/** Its totals, the same however it is audited (the aggregate directly, or `hoplock audit` on an mbox of it). */
export const FOLDER_TOTALS = {
  messages: 15,
  counted: 13,
  internal: 1,
  none: 1,
  skipped: { expunged: 0, "before-since": 0, "undated-since": 0 },
  unreadable: 0,
  byDateHeader: 1,
  undated: 0,
} as const;

/** RFC 5322 date text of an instant, in UTC. */
export function mailDate(iso: string): string {
  return new Date(iso).toUTCString().replace("GMT", "+0000");
}

/** The block with its newest Received dated `iso` instead: the same delivery received at another time. */
export function redated(block: string, iso: string): string {
  const start = block.search(/^Received:/im);
  if (start === -1) throw new Error("no Received header");
  const next = block.slice(start).search(/\n(?![ \t])/); // the line break that ends the field
  const end = next === -1 ? block.length : start + next + 1;
  const field = block.slice(start, end);
  const semicolon = field.lastIndexOf(";");
  return `${block.slice(0, start)}${field.slice(0, semicolon)}; ${mailDate(iso)}\n${block.slice(end)}`;
}

/** The block with a header replaced (any case) or added on top. */
export function withHeader(block: string, name: string, value: string): string {
  const pattern = new RegExp(`^${name}:.*(?:\\n[ \\t].*)*\\n`, "im");
  const line = `${name}: ${value}\n`;
  return pattern.test(block) ? block.replace(pattern, line) : line + block;
}

/** A copy of a delivery: its own Message-ID, received at `iso`. */
export function delivery(block: string, iso: string, messageId: string): string {
  return withHeader(redated(block, iso), "Message-ID", `<${messageId}@copies.hoplock.invalid>`);
}
