/** Typed Node-side access to chrome-helpers.js, which runs inside Thunderbird. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ADDON_ID, BUTTON_ID, DEMO_FOLDER, ROOT, type Thunderbird } from "./thunderbird.ts";

const SANDBOX = "hoplock-e2e";
const HELPERS = readFileSync(join(ROOT, "scripts/lib/thunderbird/chrome-helpers.js"), "utf8");
const AUDIT_HELPERS = readFileSync(join(ROOT, "scripts/lib/thunderbird/audit-helpers.js"), "utf8");

export interface ButtonState {
  badge: string | null;
  tooltip: string | null;
  label: string | null;
  /** The <state> of icons/lock-<state>.svg. */
  icon: string | null;
}

export interface ShownMessage extends ButtonState {
  /** From "message displayed" (MsgsLoaded) to the badge being set to its final text. */
  badgeMs: number;
}

export interface PopupHop {
  index: number;
  judgement: string | null;
  tlsStatus: string | null;
  tlsVersion: string | null;
  tlsCipher: string | null;
  scope: string | null;
  /** Only for rows opened (`expand`): their details are rendered on demand. */
  raw: string | null;
  /** The row's rendered text (`innerText`): empty for a row that is not laid out. */
  rowText: string;
  rect: Rect | null;
}

export interface Rect {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export type PopupRouteItem =
  | {
      kind: "run";
      index: number;
      claimed: boolean;
      yours: boolean;
      basis: string;
      name: string;
      dashed: boolean;
      judged: { hop: number; judgement: string; text: string }[];
    }
  | { kind: "link"; hop: number; judgement: string; version: string; claimed: boolean; dashed: boolean; word: string; versionText: string; isButton: boolean }
  | { kind: "gap" };

export interface PopupContent {
  ready: string | null;
  verdict: string | null;
  /** `<html lang>`, set from i18n.getUILanguage(). */
  lang: string;
  /** i18n.getUILanguage() asked in the popup page, when reachable. */
  uiLanguage: string | null;
  headline: string | null;
  capped: string | null;
  route: PopupRouteItem[];
  hops: PopupHop[];
  /** The focused element: its id, its text (the accessible name of our buttons) and its hop. */
  focused: { id: string; name: string; hop: number } | null;
  text: string;
  injectedImages: number;
  inlineHandlers: number;
  markupInRaw: number;
  layout: {
    scrollWidth: number;
    clientWidth: number;
    clientHeight: number;
    scrollTop: number;
    strip: Rect | null;
    background: string;
    color: string;
    devicePixelRatio: number;
  };
}

/** `expand`: open these hop rows (or all) before reading, as clicks would. */
export interface ReadOptions {
  expand?: "all" | number[];
}

export interface OpenedPopup extends PopupContent {
  /** From the click (or key press) to body[data-ready="1"]. */
  popupMs: number;
  /** The popup's own performance.now() at that moment: the time since its document began loading. */
  shareMs: number;
  /** From the first line of Hoplock's script (its "hoplock:script" mark) to that moment. */
  codeMs: number | null;
}

export interface ShortcutPopup extends OpenedPopup {
  /** What had focus when the keys were pressed. */
  focusedBefore: string | null;
}

export interface KeyboardWalk {
  routeButtons: string[];
  reached: string[];
}

export interface EnterResults {
  results: { id: string; hop: number; expanded: boolean; focused: boolean; inView: boolean; rawShown: boolean; where: string }[];
}

export interface BadgeGeometry {
  icon: { left: number; top: number; width: number; height: number };
  badge: { left: number; top: number; width: number; height: number };
  badgeText: string | null;
  /** Pixels of the icon drawn under the badge (at 4x); 0 when the badge covers none of the lock. */
  coveredPixels: number;
}

export interface Screenshot {
  /** data:image/png;base64,... */
  png: string;
  window: [number, number];
  popup: [number, number, number, number];
}

/** The chrome side of one running Thunderbird. */
export class Chrome {
  private constructor(private readonly tb: Thunderbird) {}

  /** Loads the helpers, waits for startup and the add-on. */
  static async attach(tb: Thunderbird): Promise<{ chrome: Chrome; uuid: string; version: string }> {
    await tb.execute(`${HELPERS}\n${AUDIT_HELPERS}\nreturn true;`, [], SANDBOX);
    const chrome = new Chrome(tb);
    const { uuid, version } = await chrome.call<{ uuid: string; version: string }>("init", { addonId: ADDON_ID, buttonId: BUTTON_ID, folder: DEMO_FOLDER });
    return { chrome, uuid, version };
  }

  openFolder(count: number): Promise<string[]> {
    return this.call("openFolder", count);
  }
  showMessage(index: number): Promise<ShownMessage> {
    return this.call("showMessage", index);
  }
  readButton(): Promise<ButtonState | null> {
    return this.call("readButton");
  }
  openPopup(options: ReadOptions = {}): Promise<OpenedPopup> {
    return this.call("openPopup", options);
  }
  readPopup(options: ReadOptions = {}): Promise<PopupContent> {
    return this.call("readPopup", options);
  }
  popupKeyboard(mode: "walk"): Promise<KeyboardWalk>;
  popupKeyboard(mode: "enter"): Promise<EnterResults>;
  popupKeyboard(mode: "walk" | "enter"): Promise<KeyboardWalk | EnterResults> {
    return this.call("popupKeyboard", mode);
  }
  /** Presses Ctrl+Shift+<key> with focus in the message list or in the message. */
  pressShortcut(where: "list" | "message", key: string): Promise<ShortcutPopup> {
    return this.call("pressShortcut", where, key);
  }
  /** Another add-on's popup: click → ready, and that page's own clock at ready. */
  openOtherPopup(buttonId: string): Promise<{ popupMs: number; shareMs: number }> {
    return this.call("openOtherPopup", buttonId);
  }
  /** Keys Thunderbird binds to these modifiers and key (in the 3-pane, its panes and a message window). */
  keysUsing(modifiers: string, key: string): Promise<{ inspected: number; found: string[] }> {
    return this.call("keysUsing", modifiers, key);
  }
  badgeOverIcon(iconName: string): Promise<BadgeGeometry> {
    return this.call("badgeOverIcon", iconName);
  }
  closePopups(): Promise<void> {
    return this.call("closePopups");
  }
  stopBackground(): Promise<string> {
    return this.call("stopBackground");
  }
  backgroundState(): Promise<string> {
    return this.call("backgroundState");
  }
  defaultTitle(): Promise<string | null> {
    return this.call("defaultTitle");
  }
  errors(): Promise<string[]> {
    return this.call("errors");
  }
  resizeWindow(width: number, height: number): Promise<void> {
    return this.call("resizeWindow", width, height);
  }
  screenshot(): Promise<Screenshot> {
    return this.call("screenshot");
  }
  zoomPopup(factor: number): Promise<PopupContent> {
    return this.call("zoomPopup", factor);
  }
  /** null restores the default. */
  setDarkTheme(dark: boolean | null): Promise<void> {
    return this.call("setDarkTheme", dark);
  }

  /** The audit page's helpers (audit-helpers.js). */
  audit<T>(name: string, ...args: unknown[]): Promise<T> {
    return this.call(`audit${name}`, ...args);
  }

  private call<T>(name: string, ...args: unknown[]): Promise<T> {
    return this.tb.execute<T>(`return hoplock.${name}(...arguments);`, args, SANDBOX);
  }
}
