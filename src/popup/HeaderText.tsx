/**
 * Header-derived text on screen: always a text node (never markup) inside `<bdi>`, so a right-to-left override in
 * a host name stays inside that name. `Sentence` places such text into a translated sentence as an element.
 */
import type { ComponentChildren } from "preact";
import { balanceIsolates } from "../shared/bidi.ts";
import type { Params, Translator } from "../shared/i18n.ts";
import { SLOT } from "./words.ts";

/** A plain function, not a component: a journey shows hundreds of these. */
export function headerText(text: string, className?: string) {
  return <bdi class={className}>{balanceIsolates(text)}</bdi>;
}

export function HeaderText({ text }: { text: string }) {
  return headerText(text);
}

/** A message whose `slot` placeholder is an element (e.g. "Message: {subject}" with the subject isolated). */
export function Sentence({
  t,
  name,
  params = {},
  slot,
  children,
}: {
  t: Translator;
  name: string;
  params?: Params;
  slot: string;
  children: ComponentChildren;
}) {
  const [before = "", after = ""] = t(name, { ...params, [slot]: SLOT }).split(SLOT);
  return (
    <>
      {before}
      {children}
      {after}
    </>
  );
}
