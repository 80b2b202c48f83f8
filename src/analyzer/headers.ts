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
  let name: string | null = null;
  let parts: string[] = [];
  const flush = (): void => {
    if (name !== null) fields.push({ name, value: parts.join(" ").trim() });
    name = null;
    parts = [];
  };
  let pos = 0;
  const length = raw.length;
  while (pos < length) {
    let end = raw.indexOf("\n", pos);
    if (end === -1) end = length;
    let line = raw.slice(pos, end > pos && raw.charCodeAt(end - 1) === 13 ? end - 1 : end);
    pos = end + 1;
    if (line.length === 0) break; // end of the header block
    if (line.includes("\r")) line = line.replace(/\r/g, " ");
    const first = line.charCodeAt(0);
    if (first === 32 || first === 9) {
      if (name !== null) parts.push(line.trim());
      continue;
    }
    flush();
    const field = splitFieldLine(line);
    if (field) {
      name = field.name;
      parts.push(field.value);
    }
  }
  flush();
  return fields;
}

/** `Name: value` with a printable-ASCII name; white space (ASCII only) is allowed before the colon (RFC 5322 obs-field). */
function splitFieldLine(line: string): { name: string; value: string } | null {
  const colon = line.indexOf(":");
  if (colon <= 0) return null;
  let nameEnd = colon;
  while (nameEnd > 0 && (line.charCodeAt(nameEnd - 1) === 32 || line.charCodeAt(nameEnd - 1) === 9)) nameEnd--;
  if (nameEnd === 0) return null;
  for (let i = 0; i < nameEnd; i++) {
    const c = line.charCodeAt(i);
    if (c < 33 || c > 126) return null;
  }
  return { name: line.slice(0, nameEnd), value: line.slice(colon + 1).trim() };
}

/** The values of every `Received:` field, in document order (newest first). */
export function receivedValues(fields: readonly HeaderField[]): string[] {
  const values: string[] = [];
  for (const field of fields) {
    if (field.name.length === 8 && field.name.toLowerCase() === "received") values.push(field.value);
  }
  return values;
}
