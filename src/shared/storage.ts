/** A key-value storage area, narrowed from `storage.local` / `storage.session` so logic can run against a fake. */
import type { Storage } from "webextension-polyfill";

export interface KeyValueArea {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

export function keyValueArea(area: Storage.StorageArea): KeyValueArea {
  return {
    get: async (key) => (await area.get(key))[key],
    set: (key, value) => area.set({ [key]: value }),
    remove: (key) => area.remove(key),
  };
}
