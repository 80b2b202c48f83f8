/** The CLI speaks English, from the same catalogue as the add-on (`_locales/en/messages.json`). */
import { ENGLISH, formatMessage } from "../analyzer/index.ts";
import type { Translate } from "../audit-view/words.ts";

export const say: Translate = (name, params = {}) => formatMessage(name, params, ENGLISH);
