/** Options page entry point: wires `storage.local` and i18n into the `OptionsForm` component. */
import { render } from "preact";
import { MEMORY_KEY } from "../background/memory-store.ts";
import { createMailboxApi } from "../background/thunderbird.ts";
import browser from "../shared/browser.ts";
import { createTranslator } from "../shared/i18n.ts";
import { loadOptions, saveOptions } from "../shared/options.ts";
import { CLEAR_MEMORY, type ClearMemoryRequest } from "../shared/protocol.ts";
import { keyValueArea } from "../shared/storage.ts";
import { removeVerdictTags } from "../shared/tagging.ts";
import { TAG_PERMISSIONS } from "../shared/verdict-tags.ts";
import type { OptionsDeps } from "./OptionsForm.tsx";
import { OptionsForm } from "./OptionsForm.tsx";

const t = createTranslator((name) => browser.i18n.getMessage(name), browser.i18n.getUILanguage());
const local = keyValueArea(browser.storage.local);

document.documentElement.lang = browser.i18n.getUILanguage();
document.title = t("options_title");
const root = document.getElementById("app");
/** The command Thunderbird runs for the manifest's `_execute_message_display_action` shortcut. */
const shortcut = async () => (await browser.commands.getAll()).find((command) => command.name === "_execute_message_display_action")?.shortcut || null;

const mailbox = createMailboxApi(browser);

const deps: OptionsDeps = {
  t,
  load: () => loadOptions(local),
  save: (options) => saveOptions(local, options),
  shortcut,
  requestTagPermissions: () => mailbox.requestPermissions(TAG_PERMISSIONS),
  removeTags: (onProgress) => removeVerdictTags(mailbox, onProgress),
  memoryOrganisations: async () => {
    const saved = (await local.get(MEMORY_KEY)) as { organisations?: unknown } | undefined;
    return Array.isArray(saved?.organisations) ? saved.organisations.length : 0;
  },
  clearMemory: async () => {
    const request: ClearMemoryRequest = { type: CLEAR_MEMORY };
    const reply: { ok?: boolean } | undefined = await browser.runtime.sendMessage(request);
    if (reply?.ok !== true) throw new Error("the background did not clear the memory");
  },
};

if (root) render(<OptionsForm deps={deps} />, root);
