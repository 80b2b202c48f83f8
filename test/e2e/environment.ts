/** What the E2E suites share about where they run: CI, where a missing Thunderbird or language pack fails, not skips. */
import assert from "node:assert/strict";
import { hasLanguagePack } from "../../scripts/lib/thunderbird/thunderbird.ts";

export const inCi = /^(1|true|yes)$/i.test(process.env.CI ?? "");

/** In a suite's `before`: without Thunderbird's `lang` pack, fails under CI and skips the suite otherwise. */
export function needLanguagePack(context: Mocha.Context, binary: string, lang: string, suite: string): void {
  if (hasLanguagePack(binary, lang)) return;
  const install = `apt-get install -y thunderbird-l10n-${lang}`;
  if (inCi) assert.fail(`Thunderbird has no ${lang} language pack: ${install}`);
  console.log(`      ${suite} skipped: no language pack (${install})`);
  context.skip();
}
