import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./helpers/fakes.ts";
import { catalogue } from "./helpers/i18n.ts";

const LANGS = readdirSync(join(ROOT, "_locales"));
const en = catalogue("en");

/** The parameters a template names: `{a}` and every name but the last text of `{a|b|text}`. */
function parameters(text: string): string[] {
  const names = new Set<string>();
  for (const [, first, rest] of text.matchAll(/\{(\w+)((?:\|[^|}]*)*)\}/g)) {
    names.add(first as string);
    const alternatives = (rest ?? "").split("|").slice(1, -1);
    for (const name of alternatives) names.add(name);
  }
  return [...names].sort();
}

const defines = (name: string) => name in en || `${name}__other` in en;

/** Message names the code passes to the translator: quoted snake_case names outside the analyzer. */
function namesUsedInSource(): Set<string> {
  const names = new Set<string>();
  const files = readdirSync(join(ROOT, "src"), { recursive: true }).map(String).filter((f) => /\.(ts|tsx)$/.test(f) && !f.startsWith("analyzer"));
  for (const file of files) {
    const text = readFileSync(join(ROOT, "src", file), "utf8");
    for (const [, name] of text.matchAll(/"([a-z]+(?:_[a-z]+)+)"/g)) names.add(name as string);
  }
  return names;
}

/** The plural categories a language's messages must cover, as Intl.PluralRules lists them. */
const categories = (lang: string) => new Intl.PluralRules(lang).resolvedOptions().pluralCategories.slice().sort();

describe("locales", () => {
  it("ship English and German", () => {
    assert.ok(LANGS.includes("en") && LANGS.includes("de"));
  });

  for (const lang of LANGS.filter((l) => l !== "en")) {
    it(`${lang} has exactly the messages of en, with the same parameters`, () => {
      const other = catalogue(lang);
      assert.deepEqual(Object.keys(other).sort(), Object.keys(en).sort());
      for (const [name, { message }] of Object.entries(en)) assert.deepEqual(parameters(other[name]?.message ?? ""), parameters(message), `${lang}: ${name}`);
    });
  }

  for (const lang of LANGS) {
    it(`${lang} writes every plural message in exactly its language's plural categories (${categories(lang).join(", ")})`, () => {
      const bases = new Map<string, string[]>();
      for (const name of Object.keys(catalogue(lang))) {
        const [base, category] = name.split("__");
        if (category) bases.set(base as string, [...(bases.get(base as string) ?? []), category]);
      }
      assert.ok(bases.size > 10);
      for (const [base, found] of bases) assert.deepEqual(found.sort(), categories(lang), `${lang}: ${base}`);
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

  it("describe every English message for translators, naming each parameter it uses", () => {
    for (const [name, { message, description }] of Object.entries(en)) {
      assert.ok(description?.trim(), `${name} has no description`);
      if (/^(reason|warning|receiver|fingerprint|marker|verify|weakness|basis|service|option|tls_bits)_/.test(name)) continue; // the analyzer's, described by its owner
      for (const parameter of parameters(message)) assert.match(description ?? "", new RegExp(`\\{${parameter}\\}`), `${name}: {${parameter}} is not described`);
    }
  });

  it("define every message name the code uses", () => {
    const missing = [...namesUsedInSource()].filter((name) => !defines(name));
    assert.deepEqual(missing, []);
  });

  it("define the ids the popup words through the catalogue (receivers, identity bases)", () => {
    const analyzerIds = readFileSync(join(ROOT, "src/analyzer/receivers.ts"), "utf8");
    for (const [, id = ""] of analyzerIds.matchAll(/id: "([a-z0-9-]+)"/g)) assert.ok(en[`receiver_${id.replace(/-/g, "_")}`], id);
    for (const basis of ["verified-rdns", "mail-service-range", "private-address", "loopback", "helo-claim", "address-only"]) assert.ok(en[`basis_${basis.replace(/-/g, "_")}`], basis);
  });

  it("keep German free of the English UI words (no English left in the German popup)", () => {
    const de = catalogue("de");
    const words = (message: string | undefined) => (message ?? "").replace(/\{[^}]*\}/g, ""); // placeholders are not words
    const identical = Object.keys(en).filter((name) => de[name]?.message === en[name]?.message && /[a-z]{4,}/i.test(words(en[name]?.message)));
    const brandsAndCode = identical.filter((name) => !/^(receiver_|option_|extensionName|actionLabel|headline_with_rest|route_deciding)/.test(name));
    assert.deepEqual(brandsAndCode, []);
  });
});
