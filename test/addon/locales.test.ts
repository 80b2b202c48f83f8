import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./helpers/fakes.ts";
import { englishGlossary, englishProse, covers, localeGlossary, usesTerm } from "./helpers/glossary.ts";
import { catalogue } from "./helpers/i18n.ts";

const LANGS = readdirSync(join(ROOT, "_locales"));
const TRANSLATIONS = LANGS.filter((lang) => lang !== "en");
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
  const files = readdirSync(join(ROOT, "src"), { recursive: true })
    .map(String)
    .filter((f) => /\.(ts|tsx)$/.test(f) && !f.startsWith("analyzer"));
  for (const file of files) {
    const text = readFileSync(join(ROOT, "src", file), "utf8");
    for (const [, name] of text.matchAll(/"([a-z]+(?:_[a-z]+)+)"/g)) names.add(name as string);
  }
  return names;
}

/** The plural categories a language's messages must cover, as Intl.PluralRules lists them. */
const categories = (lang: string) => new Intl.PluralRules(lang).resolvedOptions().pluralCategories.slice().sort();

/** Messages with plural forms, as English writes them (`name__other`). */
const PLURAL = new Set(Object.keys(en).flatMap((name) => (name.endsWith("__other") ? [name.slice(0, -"__other".length)] : [])));

const baseOf = (name: string) => name.replace(/__(zero|one|two|few|many|other)$/, "");

/** The names a language's catalogue must have: English's, each plural message once per category of the language. */
function expectedNames(lang: string): string[] {
  const names = new Set<string>();
  for (const name of Object.keys(en)) {
    const base = baseOf(name);
    if (PLURAL.has(base)) for (const category of categories(lang)) names.add(`${base}__${category}`);
    else names.add(name);
  }
  return [...names].sort();
}

/** The English message a translated one stands for: the same name, else (a category English lacks) its `other`. */
function englishOf(name: string): string {
  const english = en[name] ?? en[`${baseOf(name)}__other`];
  assert.ok(english, `no English message for ${name}`);
  return english.message;
}

describe("locales", () => {
  it("ship English, German, French, Spanish, Italian and Japanese", () => {
    assert.deepEqual(LANGS.slice().sort(), ["de", "en", "es", "fr", "it", "ja"]);
  });

  for (const lang of TRANSLATIONS) {
    describe(lang, () => {
      const other = catalogue(lang);

      it("has exactly the messages of en (plural messages once per category of the language)", () => {
        const names = Object.keys(other).sort();
        const expected = expectedNames(lang);
        assert.deepEqual(
          { missing: expected.filter((name) => !(name in other)), extra: names.filter((name) => !expected.includes(name)) },
          { missing: [], extra: [] },
        );
      });

      it("uses the parameters of the English message in every message (fallback texts aside)", () => {
        for (const [name, { message }] of Object.entries(other)) assert.deepEqual(parameters(message), parameters(englishOf(name)), `${lang}: ${name}`);
      });

      it("copies the English descriptions for translators", () => {
        for (const [name, { description }] of Object.entries(other)) {
          const english = en[name] ?? en[`${baseOf(name)}__other`];
          assert.equal(description, english?.description, `${lang}: ${name}`);
        }
      });

      it("repeats an English message only where its glossary's sameAsEnglish says why", () => {
        const allowed = localeGlossary(lang).sameAsEnglish;
        const identical = Object.keys(other).filter((name) => other[name]?.message === englishOf(name));
        assert.deepEqual(
          identical.filter((name) => !Object.keys(allowed).some((key) => covers(key, name))),
          [],
          "identical to English without a reason",
        );
        for (const [key, reason] of Object.entries(allowed)) {
          assert.ok(reason.trim().length > 10, `${lang}: ${key} needs a reason`);
          assert.ok(
            identical.some((name) => covers(key, name)),
            `${lang}: ${key} is listed as kept in English, but is translated (remove it from sameAsEnglish)`,
          );
        }
      });

      it("uses its glossary's word wherever the English message uses the term", () => {
        const { terms: english, ignore } = englishGlossary();
        const { terms } = localeGlossary(lang);
        assert.deepEqual(Object.keys(terms).sort(), Object.keys(english).sort(), "the glossary names every term, and only those");
        const misses: string[] = [];
        for (const [name, { message }] of Object.entries(other)) {
          const prose = englishProse(englishOf(name));
          for (const [term, { pattern }] of Object.entries(english)) {
            if (!new RegExp(pattern, "i").test(prose) || ignore[name]?.terms.includes(term)) continue;
            const { forms } = terms[term] as { forms: string[] };
            if (!usesTerm(message, forms, lang)) misses.push(`${name}: “${term}” should read ${forms.map((form) => `“${form}”`).join(" or ")}: ${message}`);
          }
        }
        assert.deepEqual(misses, []);
      });
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
      assert.deepEqual([...bases.keys()].sort(), [...PLURAL].sort(), `${lang}: the plural messages are English's`);
      for (const [base, found] of bases) assert.deepEqual(found.sort(), categories(lang), `${lang}: ${base}`);
    });
  }

  it("keep the button's labels and the states' words short (they sit on the toolbar and in chips)", () => {
    /** Columns as a monospace terminal counts them: CJK characters take two. */
    const width = (text: string) =>
      Array.from(new Intl.Segmenter().segment(text), ({ segment }) => segment).reduce(
        (sum, char) => sum + (/[\u3000-\u9fff\uff00-\uffef]/.test(char) ? 2 : 1),
        0,
      );
    for (const lang of LANGS) {
      for (const [name, { message }] of Object.entries(catalogue(lang))) {
        if (/^(label|judgement)_/.test(name)) assert.ok(width(message) <= 16, `${lang}: ${name} “${message}” is ${width(message)} columns`);
      }
    }
  });

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
      for (const parameter of parameters(message))
        assert.match(description ?? "", new RegExp(`\\{${parameter}\\}`), `${name}: {${parameter}} is not described`);
    }
  });

  it("define every message name the code uses", () => {
    const missing = [...namesUsedInSource()].filter((name) => !defines(name));
    assert.deepEqual(missing, []);
  });

  it("define the ids the popup words through the catalogue (receivers, identity bases)", () => {
    const analyzerIds = readFileSync(join(ROOT, "src/analyzer/receivers.ts"), "utf8");
    for (const [, id = ""] of analyzerIds.matchAll(/id: "([a-z0-9-]+)"/g)) assert.ok(en[`receiver_${id.replace(/-/g, "_")}`], id);
    for (const basis of ["verified-rdns", "mail-service-range", "private-address", "loopback", "helo-claim", "address-only"])
      assert.ok(en[`basis_${basis.replace(/-/g, "_")}`], basis);
  });

  it("have an English glossary whose every term is used by some English message, and that names real messages", () => {
    const { terms, ignore } = englishGlossary();
    for (const [term, { pattern }] of Object.entries(terms)) {
      assert.ok(
        Object.values(en).some(({ message }) => new RegExp(pattern, "i").test(englishProse(message))),
        `${term}: no English message uses it`,
      );
    }
    for (const name of Object.keys(ignore)) assert.ok(en[name], `ignore names ${name}, which English lacks`);
  });
});
