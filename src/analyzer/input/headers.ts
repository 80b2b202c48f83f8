/** RFC 5322 header-block reading: fields in document order, unfolded, duplicates kept. */

export interface HeaderField {
  name: string;
  /** Unfolded value: each line break plus its folding white space becomes one space; a bare CR becomes a space. */
  value: string;
}

/**
 * Splits the header block (everything before the first empty line) into fields. Lines that are not a valid
 * field (no colon, or a name with characters outside printable ASCII) are skipped together with their
 * continuation lines; an mbox `From ` separator line is ignored.
 */
export function parseHeaderBlock(raw: string): HeaderField[] {
  const fields: HeaderField[] = [];
  readHeaderBlock(raw, null, (name, value) => {
    fields.push({ name, value });
    return true;
  });
  return fields;
}

/** The values of every `Received:` field, in document order (newest first). */
export function receivedValues(fields: readonly HeaderField[]): string[] {
  const values: string[] = [];
  for (const field of fields) {
    if (field.name.length === 8 && field.name.toLowerCase() === "received") values.push(field.value);
  }
  return values;
}

export interface ReceivedValues {
  /** The newest `keep` values, in document order (newest first). */
  values: string[];
  /** How many Received fields the block has in all. */
  total: number;
  /** The first Received-SPF fields (RFC 7208 §9.1), each with how many Received fields lie above it. */
  spf: SpfField[];
}

export interface SpfField {
  value: string;
  /** Received fields above this one in the block: the servers that had written theirs when this was added. */
  receivedAbove: number;
}

/** Received-SPF fields kept: one per server on your side is plenty; more are ignored. */
const MAX_SPF_FIELDS = 8;

/**
 * The values of the first (newest) `keep` Received fields, and of the Received-SPF fields among them, without
 * building the block's other fields; the rest are only counted, so a block with a hundred thousand of them costs one
 * scan and little memory.
 */
export function receivedValuesIn(raw: string, keep: number): ReceivedValues {
  const result: ReceivedValues = { values: [], total: 0, spf: [] };
  const emit = (name: string, value: string): boolean => {
    if (name === "received") {
      result.values.push(value);
      return true;
    }
    if (result.spf.length < MAX_SPF_FIELDS) result.spf.push({ value, receivedAbove: result.values.length });
    return false;
  };
  const end = readHeaderBlock(raw, "received", emit, keep, "received-spf");
  result.total = result.values.length + (end === -1 ? 0 : countFieldsNamed(raw, end, "received"));
  return result;
}

/**
 * Reads the block line by line and emits each field's name and unfolded value; with `onlyName` (lower case), only
 * fields of that name or `alsoName` (any case) are emitted, and the lines of the others are never copied. Returns
 * where reading stopped when `limit` fields were counted (those for which `emit` returns true), else -1.
 */
function readHeaderBlock(
  raw: string,
  onlyName: string | null,
  emit: (name: string, value: string) => boolean,
  limit = Infinity,
  alsoName: string | null = null,
): number {
  let emitted = 0;
  let name: string | null = null; // of the field being read, null while skipping
  let value = ""; // its first line's value
  let continuations: string[] | null = null;
  let pos = 0;
  const length = raw.length;
  while (pos < length) {
    const lineStart = pos;
    let end = raw.indexOf("\n", pos);
    if (end === -1) end = length;
    const lineEnd = end > pos && raw.charCodeAt(end - 1) === 13 ? end - 1 : end;
    pos = end + 1;
    if (lineEnd === lineStart) break; // end of the header block
    const first = raw.charCodeAt(lineStart);
    if (first === 32 || first === 9) {
      if (name !== null) (continuations ??= []).push(lineText(raw, lineStart, lineEnd).trim());
      continue;
    }
    if (name !== null && emit(name, unfold(value, continuations)) && ++emitted === limit) return lineStart;
    name = null;
    continuations = null;
    const nameEnd = fieldNameEndAt(raw, lineStart, lineEnd);
    if (nameEnd === -1) continue;
    if (onlyName === null) name = raw.slice(lineStart, nameEnd);
    else if (isNamedAt(raw, lineStart, nameEnd, onlyName)) name = onlyName;
    else if (alsoName !== null && isNamedAt(raw, lineStart, nameEnd, alsoName)) name = alsoName;
    else continue;
    value = lineText(raw, colonAfter(raw, nameEnd) + 1, lineEnd).trim();
  }
  if (name !== null) emit(name, unfold(value, continuations));
  return -1;
}

/** The colon after a field name (only white space lies between). */
function colonAfter(raw: string, nameEnd: number): number {
  let i = nameEnd;
  while (raw.charCodeAt(i) !== 58) i++;
  return i;
}

/** A line's text, a bare CR inside it read as a space. */
function lineText(raw: string, start: number, end: number): string {
  const text = raw.slice(start, end);
  return text.includes("\r") ? text.replace(/\r/g, " ") : text;
}

/** How many fields named `name` (lower case, any case in the text) start at or after `from`, up to the end of the block. */
function countFieldsNamed(raw: string, from: number, name: string): number {
  let count = 0;
  let pos = from;
  while (pos < raw.length) {
    let end = raw.indexOf("\n", pos);
    if (end === -1) end = raw.length;
    const lineEnd = end > pos && raw.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (lineEnd === pos) break; // end of the header block
    const first = raw.charCodeAt(pos);
    if (first !== 32 && first !== 9) {
      const nameEnd = fieldNameEndAt(raw, pos, lineEnd);
      if (nameEnd !== -1 && isNamedAt(raw, pos, nameEnd, name)) count++;
    }
    pos = end + 1;
  }
  return count;
}

/** The first line's (trimmed) value joined with the trimmed continuation lines by single spaces. */
function unfold(value: string, continuations: readonly string[] | null): string {
  return continuations === null ? value : `${value} ${continuations.join(" ")}`.trim();
}

/**
 * Where the name of the `Name: value` line at [start, end) ends, or -1 when the line is not a field: the name must be
 * printable ASCII; white space (ASCII only) is allowed before the colon (RFC 5322 obs-field).
 */
function fieldNameEndAt(raw: string, start: number, end: number): number {
  let colon = start;
  while (colon < end && raw.charCodeAt(colon) !== 58) colon++; // within the line only: linear
  if (colon === end || colon === start) return -1;
  let nameEnd = colon;
  while (nameEnd > start && (raw.charCodeAt(nameEnd - 1) === 32 || raw.charCodeAt(nameEnd - 1) === 9)) nameEnd--;
  if (nameEnd === start) return -1;
  for (let i = start; i < nameEnd; i++) {
    const c = raw.charCodeAt(i);
    if (c < 33 || c > 126) return -1;
  }
  return nameEnd;
}

/** Is the (printable ASCII) name at [start, nameEnd) the lower-case `name` in any case? `| 32` folds exactly the letters. */
function isNamedAt(raw: string, start: number, nameEnd: number, name: string): boolean {
  if (nameEnd - start !== name.length) return false;
  for (let i = 0; i < name.length; i++) if ((raw.charCodeAt(start + i) | 32) !== name.charCodeAt(i)) return false;
  return true;
}
