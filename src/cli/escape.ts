/**
 * One escaping function per output edge, applied to finished text (templates filled, file names included), so
 * header text and file names can neither move the cursor, clear the screen, nor reorder what is displayed.
 */

/**
 * C0 controls (tab, CR, LF and ESC included), DEL, C1 controls, the bidi controls (ALM, LRM, RLM, LRE…RLO,
 * LRI…PDI) and the line/paragraph separators.
 */
// oxlint-disable-next-line no-control-regex -- finding control characters is what this expression is for
const TERMINAL_UNSAFE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/g;
/** What JSON.stringify leaves raw among the above (it already escapes C0). */
const JSON_UNSAFE = /[\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/g;

const hex = (character: string, digits: number) => (character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(digits, "0");

/** One line for a terminal: every unsafe character becomes a visible escape (`\x1B`, `\u202E`). */
export function escapeForTerminal(line: string): string {
  return line.replace(TERMINAL_UNSAFE, (character) => (character <= "\u00FF" ? `\\x${hex(character, 2)}` : `\\u${hex(character, 4)}`));
}

/** One JSON text whose every non-ASCII control is a `\uXXXX` escape, so viewing it raw is as safe as parsing it. */
export function toJson(value: unknown): string {
  return JSON.stringify(value).replace(JSON_UNSAFE, (character) => `\\u${hex(character, 4).toLowerCase()}`);
}
