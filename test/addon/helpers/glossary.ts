/** The translators' glossaries (`_locales/<lang>/glossary.json`): fixed terms and the messages left as in English. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./fakes.ts";

/** English: each term's pattern in an English message, and messages where a match is not the term. */
export interface EnglishGlossary {
  terms: Record<string, { pattern: string; meaning: string }>;
  ignore: Record<string, { terms: string[]; reason: string }>;
}

/** A locale: its word for each term and the forms that count as using it; messages kept as in English, with why. */
export interface LocaleGlossary {
  terms: Record<string, { term: string; forms: string[] }>;
  /** Message name, or a prefix ending in `*`, to the reason it stays as in English. */
  sameAsEnglish: Record<string, string>;
}

export function englishGlossary(): EnglishGlossary {
  return JSON.parse(readFileSync(join(ROOT, "_locales/en/glossary.json"), "utf8")) as EnglishGlossary;
}

export function localeGlossary(lang: string): LocaleGlossary {
  return JSON.parse(readFileSync(join(ROOT, "_locales", lang, "glossary.json"), "utf8")) as LocaleGlossary;
}

/** A template as read: `{a}` dropped, `{a|b|text}` as its fallback text (which translators write). */
export function wordsOf(template: string): string {
  return template.replace(/\{(\w+)((?:\|[^|}]*)*)\}/g, (_whole, _first: string, rest: string) => {
    const alternatives = rest.split("|").slice(1);
    return alternatives.length > 0 ? ` ${alternatives.at(-1)} ` : " ";
  });
}

/** English words that are not prose: text quoted as written (“(Postfix) with ESMTP”) is left out. */
export function englishProse(template: string): string {
  return wordsOf(template).replace(/“[^”]*”/g, " ");
}

/** Whether a message uses a term: one of its forms, case-insensitively, in the message's words. */
export function usesTerm(message: string, forms: readonly string[], lang: string): boolean {
  const words = wordsOf(message).toLocaleLowerCase(lang);
  return forms.some((form) => words.includes(form.toLocaleLowerCase(lang)));
}

/** Whether a `sameAsEnglish` key (a name or a `prefix*`) covers a message name. */
export function covers(key: string, name: string): boolean {
  return key.endsWith("*") ? name.startsWith(key.slice(0, -1)) : key === name;
}
