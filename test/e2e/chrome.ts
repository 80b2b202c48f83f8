/** Typed Node-side access to chrome-helpers.js, which runs inside Thunderbird. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ADDON_ID, BUTTON_ID, DEMO_FOLDER, ROOT, type Thunderbird } from "./thunderbird.ts";

const SANDBOX = "hoplock-e2e";
const HELPERS = readFileSync(join(ROOT, "test/e2e/chrome-helpers.js"), "utf8");

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
  tlsStatus: string | null;
  tlsVersion: string | null;
  tlsCipher: string | null;
  scope: string | null;
  raw: string | null;
}

export interface PopupContent {
  ready: string | null;
  verdict: string | null;
  hops: PopupHop[];
  text: string;
  injectedImages: number;
  inlineHandlers: number;
  markupInRaw: number;
  layout: { scrollWidth: number; clientWidth: number; background: string; color: string; devicePixelRatio: number };
}

export interface OpenedPopup extends PopupContent {
  /** From the click to body[data-ready="1"]. */
  popupMs: number;
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
    await tb.execute(`${HELPERS}\nreturn true;`, [], SANDBOX);
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
  openPopup(): Promise<OpenedPopup> {
    return this.call("openPopup");
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

  private call<T>(name: string, ...args: unknown[]): Promise<T> {
    return this.tb.execute<T>(`return hoplock.${name}(...arguments);`, args, SANDBOX);
  }
}
