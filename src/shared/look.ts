/** How each state looks on the toolbar button and in the popup: icon file, badge colour, badge and label texts. */
import type { TlsStatus, TlsVersion, Verdict } from "../analyzer/types.ts";

/** A verdict, or `neutral` (several or no messages, analysis running) or `error` (headers could not be read). */
export type LookState = Verdict | "neutral" | "error";

interface StateLook {
  /** Badge background: paired with a distinct icon shape and text, so colour never carries the meaning alone. */
  color: string;
  /** Message name of the short badge text; null where there is nothing to flag. */
  badge: string | null;
  /** Message name of the state's name ("Encrypted"). */
  label: string;
}

export const LOOKS: Readonly<Record<LookState, StateLook>> = {
  encrypted: { color: "#1b7a35", badge: "badge_encrypted", label: "verdict_encrypted" },
  weak: { color: "#a85d00", badge: "badge_weak", label: "verdict_weak" },
  "not-encrypted": { color: "#c0262d", badge: "badge_not_encrypted", label: "verdict_not_encrypted" },
  unknown: { color: "#5f6368", badge: "badge_unknown", label: "verdict_unknown" },
  internal: { color: "#1f5fa8", badge: "badge_internal", label: "verdict_internal" },
  none: { color: "#5f6368", badge: null, label: "verdict_none" },
  neutral: { color: "#5f6368", badge: null, label: "verdict_neutral" },
  error: { color: "#5f6368", badge: null, label: "verdict_error" },
};

/** The e2e tests read the state from this file name, so it is part of the contract. */
export function iconPath(state: LookState): string {
  return `/icons/lock-${state}.svg`;
}

/** A hop's own TLS status as a look state: a weakly encrypted hop shows the weak lock. */
export function hopLookState(status: TlsStatus, weak: boolean): LookState {
  if (status === "encrypted") return weak ? "weak" : "encrypted";
  return status === "plaintext" ? "not-encrypted" : "unknown";
}

/** `TLSv1.3` as people write it: `TLS 1.3`; `TLSv1` is `TLS 1.0`. */
export function versionLabel(version: TlsVersion): string {
  if (version === "TLSv1") return "TLS 1.0";
  return version.replace(/^(TLS|SSL)v/, "$1 ");
}
