/**
 * The audit's E2E mailbox, built at test time from the real fixture chains (test/fixtures/messages, test/fixtures/e2e):
 * `copies` messages, each a fixture with its own Message-ID and its dates moved forward by whole weeks (so the
 * weekday names stay right and a mailbox spreads over time), plus
 * - a planted downgrade: five more encrypted hand-offs from the Postmark relay your Postfix verified (mtasv.net),
 *   then one from it without TLS (its Postfix line with the TLS note and the S of ESMTPS taken out), received after
 *   every other message from it;
 * - one message Thunderbird deleted but did not compact away (`X-Mozilla-Status: 0009`): Thunderbird does not list
 *   it, `hoplock audit` skips and counts it.
 */
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { buildMbox, fixtureFiles } from "../../scripts/lib/thunderbird/thunderbird.ts";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH = MONTHS.join("|");
const WEEK_MS = 7 * 86_400_000;

export const DOWNGRADE_FIXTURE = "14-postmark-postfix-filter-dovecot.eml";
export const DOWNGRADE_ORG = "mtasv.net";
export const DOWNGRADE_MESSAGE_ID = "audit-downgrade-plaintext@hoplock.invalid";
export const EXPUNGED_MESSAGE_ID = "audit-expunged@hoplock.invalid";

export interface AuditMailbox {
  file: string;
  /** Messages in the file, and those Thunderbird lists (the expunged one is not). */
  inFile: number;
  listed: number;
}

/**
 * "7 May 2014", "07 May 2014" (folded or not), "Nov 13 14:50:12 2005" (asctime) and "8 Mar 04" moved by `weeks`:
 * the time of day and the zone are kept, so each instant moves by exactly that many weeks.
 */
export function shiftDates(headers: string, weeks: number): string {
  const shift = (year: number, month: number, day: number) => new Date(Date.UTC(year, month, day) + weeks * WEEK_MS);
  return headers
    .replace(
      new RegExp(`\\b(\\d{1,2})(\\s+)(${MONTH})(\\s+)(\\d{4}|\\d{2})\\b`, "g"),
      (_all, day: string, gap1: string, month: string, gap2: string, year: string) => {
        const fullYear = year.length === 2 ? 2000 + Number(year) : Number(year);
        const moved = shift(fullYear, MONTHS.indexOf(month), Number(day));
        const newDay = String(moved.getUTCDate()).padStart(day.length, "0");
        const newYear = year.length === 2 ? String(moved.getUTCFullYear() % 100).padStart(2, "0") : String(moved.getUTCFullYear());
        return `${newDay}${gap1}${MONTHS[moved.getUTCMonth()]}${gap2}${newYear}`;
      },
    )
    .replace(
      new RegExp(`\\b(${MONTH}) (\\s?\\d{1,2}) (\\d{2}:\\d{2}:\\d{2}) (\\d{4})\\b`, "g"),
      (_all, month: string, day: string, time: string, year: string) => {
        const moved = shift(Number(year), MONTHS.indexOf(month), Number(day));
        return `${MONTHS[moved.getUTCMonth()]} ${String(moved.getUTCDate()).padStart(day.length, " ")} ${time} ${moved.getUTCFullYear()}`;
      },
    );
}

interface Fixture {
  name: string;
  eol: string;
  headers: string;
  body: string;
}

function readFixtureParts(file: string): Fixture {
  const text = readFileSync(file, "latin1");
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const end = text.indexOf(`${eol}${eol}`);
  return { name: basename(file), eol, headers: end === -1 ? text : text.slice(0, end), body: end === -1 ? "" : text.slice(end + 2 * eol.length) };
}

/** The fixture's headers with `Message-ID: <id>` instead of its own, and extra header lines first. */
function withMessageId(fixture: Fixture, headers: string, id: string, extra: string[] = []): Buffer {
  const { eol } = fixture;
  const fields = headers
    .split(eol)
    .reduce<string[]>((all, line) => (/^[ \t]/.test(line) && all.length > 0 ? [...all.slice(0, -1), `${all.at(-1)}${eol}${line}`] : [...all, line]), []);
  const kept = fields.filter((field) => !/^Message-ID:/i.test(field));
  return Buffer.from([...extra, ...kept, `Message-ID: <${id}>`].join(eol) + eol + eol + fixture.body, "latin1");
}

/** The Postfix entry line of the Postmark fixture as if the session had not used TLS. */
function withoutTls(headers: string): string {
  const stripped = headers
    .replace(/ \(using TLSv1\.2 with cipher [^)]*\(256\/256 bits\)\) \(No client certificate requested\)/, "")
    .replace("(Postfix) with ESMTPS id 73C3B461AF", "(Postfix) with ESMTP id 73C3B461AF");
  if (stripped === headers || stripped.includes("using TLS")) throw new Error("the downgrade fixture changed: update withoutTls()");
  return stripped;
}

/** Writes the mailbox as one mbox file `name` in `dir`. */
export async function writeAuditMailbox(dir: string, name: string, copies = 2000): Promise<AuditMailbox> {
  const fixtures = fixtureFiles().map(readFixtureParts);
  const messages: Buffer[] = [];
  for (let i = 0; i < copies; i++) {
    const fixture = fixtures[i % fixtures.length] as Fixture;
    // one week further for each round through the fixtures: a year of weeks, then again
    const weeks = Math.floor(i / fixtures.length) % 52;
    messages.push(withMessageId(fixture, shiftDates(fixture.headers, weeks), `audit-${i}@hoplock.invalid`));
  }
  const postmark = fixtures.find((fixture) => fixture.name === DOWNGRADE_FIXTURE);
  if (!postmark) throw new Error(`${DOWNGRADE_FIXTURE} is missing`);
  // after the 52 weeks of copies: five more encrypted hand-offs, a week apart, then the plaintext one
  for (let k = 0; k < 5; k++) messages.push(withMessageId(postmark, shiftDates(postmark.headers, 53 + k), `audit-downgrade-earlier-${k}@hoplock.invalid`));
  messages.push(
    withMessageId(
      postmark,
      shiftDates(withoutTls(postmark.headers), 60),
      DOWNGRADE_MESSAGE_ID,
      ["Subject: Planted downgrade (built at test time)"].filter(() => !/^Subject:/im.test(postmark.headers)),
    ),
  );
  const expunged = fixtures[0] as Fixture;
  messages.push(withMessageId(expunged, expunged.headers, EXPUNGED_MESSAGE_ID, ["X-Mozilla-Status: 0009"]));
  const file = join(dir, name);
  await mkdir(dir, { recursive: true });
  await writeFile(file, buildMbox(messages));
  return { file, inFile: messages.length, listed: messages.length - 1 };
}
