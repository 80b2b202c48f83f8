import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./helpers/fakes.ts";
import { catalogue } from "./helpers/i18n.ts";

const LANGS = readdirSync(join(ROOT, "_locales"));
const en = catalogue("en");
const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map(([, name]) => name as string).sort();

/** Message names the code passes to the translator: literal names and the LOOKS/label tables. */
function namesUsedInSource(): Set<string> {
  const names = new Set<string>();
  const files = readdirSync(join(ROOT, "src"), { recursive: true }).map(String).filter((f) => /\.(ts|tsx)$/.test(f) && !f.startsWith("analyzer"));
  for (const file of files) {
    const text = readFileSync(join(ROOT, "src", file), "utf8");
    for (const [, name] of text.matchAll(/"([a-z]+(?:_[a-z]+)+)"/g)) names.add(name as string);
  }
  return names;
}

describe("locales", () => {
  it("ship English and German", () => {
    assert.ok(LANGS.includes("en") && LANGS.includes("de"));
  });

  for (const lang of LANGS.filter((l) => l !== "en")) {
    it(`${lang} has exactly the messages of en, with the same placeholders`, () => {
      const other = catalogue(lang);
      assert.deepEqual(Object.keys(other).sort(), Object.keys(en).sort());
      for (const [name, { message }] of Object.entries(en)) assert.deepEqual(placeholders(other[name]?.message ?? ""), placeholders(message), `${lang}: ${name}`);
    });
  }

  it("use no `$`, so i18n.getMessage returns every template unchanged", () => {
    for (const lang of LANGS) for (const [name, { message }] of Object.entries(catalogue(lang))) assert.doesNotMatch(message, /\$/, `${lang}: ${name}`);
  });

  it("have valid message names and no empty message", () => {
    for (const lang of LANGS) {
      for (const [name, { message }] of Object.entries(catalogue(lang))) {
        assert.match(name, /^[A-Za-z0-9_]+$/);
        assert.notEqual(message.trim(), "", `${lang}: ${name}`);
      }
    }
  });

  it("define every message name the code uses (a name with plural forms by its __other form)", () => {
    const missing = [...namesUsedInSource()].filter((name) => !(name in en) && !(`${name}__other` in en));
    assert.deepEqual(missing, []);
    for (const mode of ["always", "problems"]) assert.ok(en[`options_badge_${mode}`], `options_badge_${mode} (built from the mode)`);
  });
});
