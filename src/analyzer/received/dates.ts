/**
 * Tolerant date parsing for Received headers: RFC 5322 dates (with or without day name, seconds, zone),
 * fractional seconds (SendGrid), two-digit years, named zones, and Go-style `2018-04-22 02:54:17.0287 +0000 UTC`.
 * Returns epoch milliseconds, or null when no instant can be read.
 */

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

/** RFC 5322 obsolete zones plus the ones seen in the wild; minutes east of UTC. */
const NAMED_ZONES: Record<string, number> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  WET: 0,
  BST: 60,
  CET: 60,
  MET: 60,
  CEST: 120,
  MEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  IST: 330,
  JST: 540,
  KST: 540,
  AEST: 600,
  AEDT: 660,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
};

const RFC5322 = /(\d{1,2})[\s-]+([A-Za-z]{3})[a-z]*[\s-]+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:\s*([+-]\d{4}|[A-Za-z]{1,5}\b))?/;
/** asctime(3): `Sun Nov 13 14:50:12 2005`, sometimes with a zone after the year. */
const ASCTIME = /([A-Za-z]{3})[a-z]*\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(\d{4})(?:\s+([+-]\d{4}|[A-Za-z]{1,5}\b))?/;
const ISO_LIKE = /(\d{4})-(\d{2})-(\d{2})[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([+-]\d{2}:?\d{2}|Z|[A-Za-z]{1,5}\b)?/;

export function parseReceivedDate(text: string): number | null {
  if (text.length > 200) text = text.slice(0, 200); // a date is short; never scan a huge tail
  const fast = parseCanonical(text);
  if (fast !== null) return fast;
  const rfc = RFC5322.exec(text);
  if (rfc) {
    const month = MONTHS[(rfc[2] ?? "").toLowerCase()];
    if (month === undefined) return null;
    return instant(expandYear(Number(rfc[3])), month, Number(rfc[1]), Number(rfc[4]), Number(rfc[5]), Number(rfc[6] ?? 0), rfc[7]);
  }
  const asctime = ASCTIME.exec(text);
  const asctimeMonth = asctime ? MONTHS[(asctime[1] ?? "").toLowerCase()] : undefined;
  if (asctime && asctimeMonth !== undefined) {
    return instant(Number(asctime[6]), asctimeMonth, Number(asctime[2]), Number(asctime[3]), Number(asctime[4]), Number(asctime[5]), asctime[7]);
  }
  const iso = ISO_LIKE.exec(text);
  if (iso) {
    return instant(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]), Number(iso[4]), Number(iso[5]), Number(iso[6] ?? 0), iso[7]);
  }
  return null;
}

/**
 * The form nearly every MTA writes, `[Day, ]D Mon YYYY HH:MM:SS +ZZZZ`, read with a cursor: the regexes
 * below cost several times more and remain the fallback for everything else.
 */
function parseCanonical(text: string): number | null {
  const n = text.length;
  let i = skipSpaces(text, 0);
  if (i + 4 < n && text.charCodeAt(i + 3) === 44) i = skipSpaces(text, i + 4); // "Mon,"
  const day = readNumber(text, i, 1, 2);
  i = skipSpaces(text, cursor);
  if (day < 0 || i === cursor) return null;
  const month = monthAt(text, i);
  if (month < 0 || text.charCodeAt(i + 3) !== 32) return null;
  i = skipSpaces(text, i + 3);
  const year = readNumber(text, i, 4, 4);
  i = skipSpaces(text, cursor);
  if (year < 0 || i === cursor) return null;
  const hour = readNumber(text, i, 2, 2);
  if (hour < 0 || text.charCodeAt(cursor) !== 58) return null;
  const minute = readNumber(text, cursor + 1, 2, 2);
  if (minute < 0 || text.charCodeAt(cursor) !== 58) return null;
  const second = readNumber(text, cursor + 1, 2, 2);
  i = skipSpaces(text, cursor);
  if (second < 0 || i === cursor) return null;
  const sign = text.charCodeAt(i);
  if (sign !== 43 && sign !== 45) return null;
  const zone = readNumber(text, i + 1, 4, 4);
  if (zone < 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const offset = (sign === 45 ? -1 : 1) * (Math.floor(zone / 100) * 60 + (zone % 100));
  return utcMs(year, month, day, hour, minute, second) - offset * 60_000;
}

/** Where the last readNumber stopped. */
let cursor = 0;

function readNumber(text: string, start: number, min: number, max: number): number {
  let value = 0;
  let i = start;
  while (i < text.length && i - start < max) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
    i++;
  }
  cursor = i;
  return i - start >= min ? value : -1;
}

function skipSpaces(text: string, start: number): number {
  let i = start;
  while (i < text.length && text.charCodeAt(i) === 32) i++;
  return i;
}

function monthAt(text: string, i: number): number {
  const a = text.charCodeAt(i);
  const b = text.charCodeAt(i + 1);
  const c = text.charCodeAt(i + 2);
  if (!(a < 128 && b < 128 && c < 128)) return -1; // also past the end (NaN)
  return MONTH_OF_CODE.get(((a | 32) << 16) | ((b | 32) << 8) | (c | 32)) ?? -1;
}

/** MONTHS keyed by the three ASCII letters packed into one number, so a lookup builds no string. */
const MONTH_OF_CODE = new Map<number, number>(
  Object.entries(MONTHS).map(([name, month]) => [(name.charCodeAt(0) << 16) | (name.charCodeAt(1) << 8) | name.charCodeAt(2), month]),
);

function expandYear(year: number): number {
  if (year >= 100) return year;
  return year < 50 ? 2000 + year : 1900 + year; // RFC 5322 §4.3
}

function instant(year: number, month: number, day: number, hour: number, minute: number, second: number, zone: string | undefined): number | null {
  if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const offset = zoneOffsetMinutes(zone);
  const utc = utcMs(year, month, day, hour, minute, second) - offset * 60_000;
  return Number.isFinite(utc) ? utc : null;
}

/** Unknown zone names count as UTC, as RFC 5322 §4.3 asks for unrecognised military zones. */
function zoneOffsetMinutes(zone: string | undefined): number {
  if (!zone) return 0;
  const first = zone.charCodeAt(0);
  if (first === 43 || first === 45) {
    const digits = zone.replace(":", "");
    const sign = first === 45 ? -1 : 1;
    return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  return NAMED_ZONES[zone.toUpperCase()] ?? 0;
}

/** Does this word start a date when a header forgot its `;`? (day name, `2018-04-22`, or `19 Aug`) */
export function looksLikeDateStart(word: string, next: string | undefined): boolean {
  const day = word.slice(0, 3).toLowerCase();
  if ((word.length === 3 || (word.length === 4 && word.endsWith(","))) && DAY_NAMES.has(day)) return true;
  if (/^\d{4}-\d{2}-\d{2}$/.test(word)) return true;
  return /^\d{1,2}$/.test(word) && next !== undefined && next.length >= 3 && MONTHS[next.slice(0, 3).toLowerCase()] !== undefined;
}

const DAY_NAMES = new Set(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);

const DAY_MS = 86_400_000;

/**
 * `Date.UTC(year, month, day, hour, minute, second)` for the integers the parsers read, by arithmetic: Date.UTC is
 * a call into the runtime. Same rules: years 0-99 mean 1900-1999, and a month, day or second past its range
 * carries into the next unit.
 */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const fullYear = year >= 0 && year <= 99 ? 1900 + year : year;
  const yearCarry = Math.floor(month / 12);
  const days = daysFromCivil(fullYear + yearCarry, month - yearCarry * 12 + 1, 1) + day - 1;
  return days * DAY_MS + hour * 3_600_000 + minute * 60_000 + second * 1000;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1-12): H. Hinnant's `days_from_civil`. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year; // years counted from March
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** ISO 8601 in UTC (`2019-08-19T14:41:19Z`), by arithmetic: a Date object and its getters cost several times more. */
export function isoInstant(epochMs: number): string {
  const days = Math.floor(epochMs / DAY_MS);
  const { year, month, day } = civilDate(days);
  if (year < 0 || year > 9999) return new Date(epochMs).toISOString();
  const seconds = Math.floor((epochMs - days * DAY_MS) / 1000);
  return `${year}-${two(month)}-${two(day)}T${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}Z`;
}

/** The proleptic Gregorian date of a day number (days since 1970-01-01): H. Hinnant's `civil_from_days`. */
function civilDate(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468; // days since 0000-03-01
  const era = Math.floor(z / 146_097); // 400-year cycles
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100)); // from March 1st
  const shifted = Math.floor((5 * dayOfYear + 2) / 153); // month counted from March
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day: dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1 };
}

function two(n: number): string {
  return TWO_DIGITS[n] ?? String(n);
}

/** "00" to "99", made once: formatting numbers is a large share of isoInstant's cost. */
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, n) => (n < 10 ? `0${n}` : `${n}`));
