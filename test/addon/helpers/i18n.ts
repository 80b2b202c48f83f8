/** Translators reading the shipped `_locales` files, the way `i18n.getMessage` would. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Translator } from "../../../src/shared/i18n.ts";
import { createTranslator } from "../../../src/shared/i18n.ts";
import { ROOT } from "./fakes.ts";

export type Catalogue = Record<string, { message: string; description?: string }>;

export function catalogue(lang: string): Catalogue {
  return JSON.parse(readFileSync(join(ROOT, "_locales", lang, "messages.json"), "utf8")) as Catalogue;
}

export function translator(lang = "en"): Translator {
  const messages = catalogue(lang);
  return createTranslator((name) => messages[name]?.message ?? "", lang);
}
