/** Turning what Thunderbird hands out into the raw header block the analyzer reads. */

/** Header name → values in message order, as `messages.getHeaders` and `MessagePart.rawHeaders` return them. */
export type HeadersDictionary = Record<string, string[]>;

/**
 * Rebuilds a header block from a dictionary. Values keep their folding (raw values contain `\r\n\t`), which the
 * analyzer unfolds; a line break not followed by white space would start a bogus field, so it becomes a space.
 * The order of different header names is lost in a dictionary, but the Received chain keeps its order. Received-SPF
 * is left out: only its place among the Received headers shows whether your side wrote it, and that place is lost.
 */
export function headerBlockFromDictionary(headers: HeadersDictionary): string {
  const lines: string[] = [];
  for (const [name, values] of Object.entries(headers)) {
    if (name.toLowerCase() === "received-spf") continue;
    for (const value of values) lines.push(`${name}: ${value.replace(/\r?\n(?![ \t])/g, " ")}`);
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** The header block of a whole raw message: everything before the first empty line. */
export function headerBlockOfMessage(message: string): string {
  const end = /\r?\n\r?\n/.exec(message);
  return end ? message.slice(0, end.index + end[0].length) : message;
}
