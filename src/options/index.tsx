/** Options page entry point: wires `storage.local` and i18n into the `OptionsForm` component. */
import { render } from "preact";
import browser from "../shared/browser.ts";
import { createTranslator } from "../shared/i18n.ts";
import { loadOptions, saveOptions } from "../shared/options.ts";
import { keyValueArea } from "../shared/storage.ts";
import { OptionsForm } from "./OptionsForm.tsx";

const t = createTranslator((name) => browser.i18n.getMessage(name), browser.i18n.getUILanguage());
const local = keyValueArea(browser.storage.local);

document.documentElement.lang = browser.i18n.getUILanguage();
document.title = t("options_title");
const root = document.getElementById("app");
/** The command Thunderbird runs for the manifest's `_execute_message_display_action` shortcut. */
const shortcut = async () => (await browser.commands.getAll()).find((command) => command.name === "_execute_message_display_action")?.shortcut || null;

if (root) render(<OptionsForm deps={{ t, load: () => loadOptions(local), save: (options) => saveOptions(local, options), shortcut }} />, root);
