/** The message facts an audit keeps besides its report: identifiers, `Date:`, and the headers that explain a downgrade. */
import { parseHeaderBlock } from "../analyzer/index.ts";
import type { MessageFacts } from "./types.ts";

/** Header text kept per fact: enough to recognise a message, and a bound on what an audit holds per message. */
export const MAX_FACT_CHARS = 256;

export function readMessageFacts(headerBlock: string): MessageFacts {
  const facts: MessageFacts = { messageId: null, subject: null, from: null, date: null, dateTime: null, tlsRequiredNo: false, mailingList: false };
  for (const { name, value } of parseHeaderBlock(headerBlock)) {
    switch (name.toLowerCase()) {
      case "message-id":
        facts.messageId ??= shorten(value);
        break;
      case "subject":
        facts.subject ??= shorten(value);
        break;
      case "from":
        facts.from ??= shorten(value);
        break;
      case "date":
        facts.date ??= shorten(value);
        break;
      case "tls-required":
        // RFC 8689 §5: the field's only defined value is "No", case-insensitive.
        if (value.trim().toLowerCase() === "no") facts.tlsRequiredNo = true;
        break;
      case "list-id":
        facts.mailingList = true;
        break;
    }
  }
  const time = facts.date === null ? null : parseMailDate(facts.date);
  facts.dateTime = time === null ? null : new Date(time).toISOString().replace(".000Z", "Z");
  return facts;
}

function shorten(value: string): string {
  return value.length <= MAX_FACT_CHARS ? value : `${value.slice(0, MAX_FACT_CHARS - 1)}…`;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** RFC 5322 §4.3 obsolete zones; an unknown name counts as UTC, as the RFC asks for military zones. */
const NAMED_ZONES: Readonly<Record<string, number>> = { UT: 0, GMT: 0, UTC: 0, Z: 0, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420 };

/** `[Day,] D Mon YYYY HH:MM[:SS] [zone]`, with obsolete two-digit years and comments such as `(UTC)` after the zone. */
const RFC5322_DATE = /^\s*(?:[A-Za-z]{3},?\s*)?(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[A-Za-z]{1,5}\b)?/;

/**
 * A `Date:` header as epoch milliseconds, or null. Written here rather than left to `Date.parse`, whose reading of
 * mail dates differs between JavaScript engines: the add-on (Thunderbird) and the CLI (Node) must agree.
 */
export function parseMailDate(text: string): number | null {
  const match = RFC5322_DATE.exec(text.slice(0, 200));
  if (!match) return null;
  const month = MONTHS.indexOf((match[2] ?? "").toLowerCase());
  const day = Number(match[1]);
  const [hour, minute, second] = [Number(match[4]), Number(match[5]), Number(match[6] ?? 0)];
  if (month < 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  let year = Number(match[3]);
  if ((match[3] ?? "").length < 4) year += year < 50 ? 2000 : 1900; // RFC 5322 §4.3
  const utc = Date.UTC(year, month, day, hour, minute, second) - zoneOffsetMinutes(match[7]) * 60_000;
  return Number.isFinite(utc) ? utc : null;
}

function zoneOffsetMinutes(zone: string | undefined): number {
  if (zone === undefined) return 0;
  if (zone.startsWith("+") || zone.startsWith("-")) {
    const sign = zone.startsWith("-") ? -1 : 1;
    return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  }
  return NAMED_ZONES[zone.toUpperCase()] ?? 0;
}
