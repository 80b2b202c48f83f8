/** The standard WebExtension services the background uses besides Thunderbird's own: storage and runtime messages. */
import type { Browser, Storage } from "webextension-polyfill";
import type { KeyValueArea } from "../shared/storage.ts";
import { keyValueArea } from "../shared/storage.ts";

export interface Platform {
  /** `storage.local`: the user's options. */
  local: KeyValueArea;
  /** `storage.session`, or `storage.local` where Thunderbird has no session area: the result cache. */
  session: KeyValueArea;
  /** A listener's promise is the reply; `undefined` leaves the message to other listeners. */
  onMessage(listener: (message: unknown) => Promise<unknown> | undefined): void;
}

export function createPlatform(browser: Browser): Platform {
  const { session } = browser.storage as { session?: Storage.StorageArea };
  return {
    local: keyValueArea(browser.storage.local),
    session: keyValueArea(session ?? browser.storage.local),
    onMessage(listener) {
      browser.runtime.onMessage.addListener((message: unknown) => listener(message));
    },
  };
}
