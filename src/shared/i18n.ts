/**
 * Translation for the add-on's pages: `_locales/<lang>/messages.json` through `i18n.getMessage`, with the
 * analyzer's formatter (placeholders, fallbacks, plural forms, ids worded by the catalogue). A name the user's
 * catalogue lacks reads in English rather than as a bare name.
 */
import type { Reason, Warning } from "../analyzer/types.ts";
import type { Catalogue, MessageLookup, Params } from "../analyzer/format.ts";
import { ENGLISH, formatMessage, formatReason, formatWarning } from "../analyzer/format.ts";

export type { MessageLookup, Params } from "../analyzer/format.ts";

export interface Translator {
  (name: string, params?: Params): string;
  /** One of the analyzer's reasons as a sentence in the user's language. */
  reason(reason: Reason): string;
  warning(warning: Warning): string;
  /** BCP 47 language of the catalogue, for plural forms, numbers and dates. */
  readonly locale: string;
}

/** A plural form's name: the message's name, then one of Intl.PluralRules' categories besides `other`. */
const PLURAL_FORM = /^(.+)__(?:zero|one|two|few|many)$/;

export function createTranslator(uncachedLookup: MessageLookup, locale: string): Translator {
  const own = memoize(uncachedLookup);
  // Only names the (bundled) English catalogue defines are asked for, and the plural forms of its plural messages
  // that English has no use for (French `many`): Thunderbird logs an error for every name its catalogue lacks.
  const lookup = (name: string) => {
    const english = ENGLISH.lookup(name);
    if (english !== "") return own(name) || english;
    const plural = PLURAL_FORM.exec(name);
    return plural !== null && ENGLISH.lookup(`${plural[1] ?? ""}__other`) !== "" ? own(name) : "";
  };
  const catalogue: Catalogue = { lookup, locale };
  const translate = (name: string, params: Params = {}): string => formatMessage(name, params, catalogue);
  return Object.assign(translate, {
    reason: (reason: Reason) => formatReason(reason, catalogue),
    warning: (warning: Warning) => formatWarning(warning, catalogue),
    locale,
  });
}

/** Each `i18n.getMessage` call crosses the WebExtension API layer; a 30-hop popup asks for the same names hundreds of times. */
function memoize(lookup: MessageLookup): MessageLookup {
  const templates = new Map<string, string>();
  return (name) => {
    let template = templates.get(name);
    if (template === undefined) {
      template = lookup(name);
      templates.set(name, template);
    }
    return template;
  };
}
