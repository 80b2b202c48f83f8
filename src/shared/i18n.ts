/**
 * Translation. Messages live in `_locales/<lang>/messages.json`; templates use `{name}` placeholders (the analyzer's
 * convention) that are filled here, after lookup, so no template needs Thunderbird's `$1`/placeholders mechanism.
 */
import type { Reason } from "../analyzer/types.ts";
import { REASON_TEXT_EN } from "../analyzer/reasons.ts";

/** Returns the template for a message name, or "" when there is none (the contract of `i18n.getMessage`). */
export type MessageLookup = (name: string) => string;
export type Params = Readonly<Record<string, string | number>>;

export interface Translator {
  (name: string, params?: Params): string;
  /** One of the analyzer's reasons as a sentence in the user's language. */
  reason(reason: Reason): string;
}

/** Message names allow only `[A-Za-z0-9_]`, so `tls-recorded` becomes `reason_tls_recorded`. */
export function reasonMessageName(key: string): string {
  return `reason_${key.replace(/-/g, "_")}`;
}

/** Unknown placeholders stay visible rather than silently vanishing. */
export function fillPlaceholders(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export function createTranslator(uncachedLookup: MessageLookup): Translator {
  const lookup = memoize(uncachedLookup);
  const translate = (name: string, params: Params = {}): string => fillPlaceholders(lookup(name) || name, params);
  // A reason key newer than the shipped catalogue still reads as English rather than as a bare key.
  const reason = (r: Reason): string => {
    const template = lookup(reasonMessageName(r.key)) || (REASON_TEXT_EN as Record<string, string | undefined>)[r.key] || r.key;
    return fillPlaceholders(template, r.params);
  };
  return Object.assign(translate, { reason });
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
