// Writes the analyzer's English reason sentences (REASON_TEXT_EN, the one source of truth) into
// _locales/en/messages.json as `reason_*` entries, and lists what other locales lack.
// Run: node --import tsx scripts/sync-locales.ts   (test/addon/locales.test.ts fails until en is in sync)
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { REASON_TEXT_EN } from "../src/analyzer/reasons.ts";
import { reasonMessageName } from "../src/shared/i18n.ts";

type Catalogue = Record<string, { message: string; description?: string }>;

const path = (lang: string): string => `_locales/${lang}/messages.json`;
const read = (lang: string): Catalogue => JSON.parse(readFileSync(path(lang), "utf8")) as Catalogue;

const en = read("en");
const synced: Catalogue = Object.fromEntries(Object.entries(en).filter(([name]) => !name.startsWith("reason_")));
for (const [key, text] of Object.entries(REASON_TEXT_EN)) {
  synced[reasonMessageName(key)] = { message: text, description: `Analyzer reason "${key}". Keep every {placeholder} unchanged.` };
}
writeFileSync(path("en"), `${JSON.stringify(synced, null, 2)}\n`);

for (const lang of readdirSync("_locales").filter((l) => l !== "en")) {
  const catalogue = read(lang);
  const missing = Object.keys(synced).filter((name) => !(name in catalogue));
  console.log(missing.length === 0 ? `${lang}: complete` : `${lang}: missing ${missing.join(", ")}`);
}
