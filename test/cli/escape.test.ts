/** The two output edges' escaping functions, character by character. */
import { strict as assert } from "node:assert";
import { escapeForTerminal, toJson } from "../../src/cli/escape.ts";

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, offset) => String.fromCharCode(from + offset));
const C0 = range(0x00, 0x1f);
const C1 = range(0x80, 0x9f);
const BIDI = ["\u061C", "\u200E", "\u200F", ...range(0x202a, 0x202e), ...range(0x2066, 0x2069)];
const SEPARATORS = ["\u2028", "\u2029"];
const HARMLESS = "plain ASCII, é, ß, →, 中文, 🙂, a\\x1B-looking text";

describe("CLI output escaping", () => {
  it("terminal: every C0, DEL, C1, bidi control and line separator becomes a visible escape", () => {
    for (const character of [...C0, "\u007F", ...C1, ...BIDI, ...SEPARATORS]) {
      const escaped = escapeForTerminal(`a${character}b`);
      const code = character.charCodeAt(0);
      assert.equal(
        escaped,
        code <= 0xff ? `a\\x${code.toString(16).toUpperCase().padStart(2, "0")}b` : `a\\u${code.toString(16).toUpperCase().padStart(4, "0")}b`,
      );
    }
    assert.equal(escapeForTerminal("\u001b[2J\r\n\u0000"), "\\x1B[2J\\x0D\\x0A\\x00");
  });

  it("terminal and JSON leave printable text alone", () => {
    assert.equal(escapeForTerminal(HARMLESS), HARMLESS);
    assert.equal(toJson(HARMLESS), JSON.stringify(HARMLESS));
  });

  it("JSON: C1, DEL, bidi controls and line separators are \\u escapes, and the value parses back unchanged", () => {
    const value = { text: [...C0, "\u007F", ...C1, ...BIDI, ...SEPARATORS].join("") };
    const json = toJson(value);
    assert.match(json, /^[\u0020-\u007E]*$/, "printable ASCII only");
    assert.deepEqual(JSON.parse(json), value);
  });
});
