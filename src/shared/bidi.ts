/**
 * Header text is written by strangers: a host name holding U+202E (RIGHT-TO-LEFT OVERRIDE) could make
 * "moc.evil" read as "live.com", or reorder the words around it. Everything header-derived is therefore isolated
 * where it is shown, and bidi controls are dropped where no isolation exists (tooltips, the button's label).
 */

/** U+061C, U+200E/F, U+202A–E, U+2066–9: the formatting characters that steer bidirectional text. */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

const FIRST_STRONG_ISOLATE = "\u2068";
const POP_DIRECTIONAL_ISOLATE = "\u2069";

/** For places where nothing can isolate the text: a tooltip, the button's label. */
export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, "");
}

/**
 * The text, unchanged, except that its isolates are balanced: a stray U+2069 would close the isolate around it
 * (a `<bdi>`, or the U+2068 of `isolateInSentence`) and let an override inside leak out, and an isolate it opens
 * but never closes would swallow that closing U+2069. Both changes are invisible.
 */
export function balanceIsolates(text: string): string {
  if (!/[\u2066-\u2069]/.test(text)) return text;
  let open = 0;
  let balanced = "";
  for (const char of text) {
    if (char === "\u2066" || char === "\u2067" || char === "\u2068") open++;
    else if (char === POP_DIRECTIONAL_ISOLATE) {
      if (open === 0) continue;
      open--;
    }
    balanced += char;
  }
  return balanced + POP_DIRECTIONAL_ISOLATE.repeat(open);
}

/** A header-derived value inside a sentence: isolated with U+2068 … U+2069, the text form of `<bdi>`. */
export function isolateInSentence(text: string): string {
  return FIRST_STRONG_ISOLATE + balanceIsolates(text) + POP_DIRECTIONAL_ISOLATE;
}
