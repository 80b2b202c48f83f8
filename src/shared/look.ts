/** How each state looks on the toolbar button and in the popup: icon file, colour, and the words that name it. */
import type { Judgement, Verdict } from "../analyzer/types.ts";

/** A verdict, or `neutral` (several or no messages, analysis running) or `error` (headers could not be read). */
export type LookState = Verdict | "neutral" | "error";

interface StateLook {
  /** Badge background: paired with a distinct icon shape and a label, so colour never carries the meaning alone. */
  color: string;
  /** Message name of the state's name in the popup's heading ("Weakly encrypted"). */
  word: string;
  /** Message name of the toolbar button's label: the state in a word or two ("Weak TLS"). */
  label: string;
}

export const LOOKS: Readonly<Record<LookState, StateLook>> = {
  encrypted: { color: "#1b7a35", word: "verdict_encrypted", label: "label_encrypted" },
  weak: { color: "#a85d00", word: "verdict_weak", label: "label_weak" },
  "not-encrypted": { color: "#c0262d", word: "verdict_not_encrypted", label: "label_not_encrypted" },
  unknown: { color: "#5f6368", word: "verdict_unknown", label: "label_unknown" },
  internal: { color: "#1f5fa8", word: "verdict_internal", label: "label_internal" },
  none: { color: "#5f6368", word: "verdict_none", label: "label_none" },
  neutral: { color: "#5f6368", word: "verdict_neutral", label: "actionLabel" },
  error: { color: "#5f6368", word: "verdict_error", label: "label_error" },
};

/** The e2e tests read the state from this file name, so it is part of the contract. */
export function iconPath(state: LookState): string {
  return `/icons/lock-${state}.svg`;
}

/** A judged hop's look: a weak hand-off shows the weak lock, a plaintext one the open lock. */
export const JUDGEMENT_LOOK: Readonly<Record<Judgement, LookState>> = {
  encrypted: "encrypted",
  weak: "weak",
  plaintext: "not-encrypted",
  unknown: "unknown",
};

/** Message names of a judgement as one word, for connectors and rows ("Not encrypted"). */
export const JUDGEMENT_WORD: Readonly<Record<Judgement, string>> = {
  encrypted: "judgement_encrypted",
  weak: "judgement_weak",
  plaintext: "judgement_plaintext",
  unknown: "judgement_unknown",
};
