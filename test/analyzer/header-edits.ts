/** Edits of a raw header block that the analyzer suites share. */

/** Inserts a Received field just after the last one of the header block, as the oldest hop (first, if it has none). */
export function appendOldest(text: string, value: string): string {
  const lines = text.split("\n");
  let insertAt = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === "" || line === "\r") break;
    if (/^received[ \t]*:/i.test(line)) {
      insertAt = i + 1;
      while (/^[ \t]/.test(lines[insertAt] ?? "")) insertAt++;
    }
  }
  lines.splice(insertAt, 0, `Received: ${value}\r`);
  return lines.join("\n");
}
