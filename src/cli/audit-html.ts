/**
 * `hoplock audit --html FILE`: one self-contained page with the audit view (the same Preact components as the
 * add-on's audit page), bundled at build time into dist/cli/audit-page.{js,css}. The audit is embedded as JSON in a
 * non-executable script element with every `<` escaped, so header text can never end it or open markup; the page
 * fetches nothing, and its Content-Security-Policy (`default-src 'none'`, the inline script and style allowed by
 * hash) keeps it so.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { AuditResult } from "../audit/index.ts";
import { AUDIT_DATA_ID } from "../audit-view/page-data.ts";
import { toJson } from "./escape.ts";
import { say } from "./audit-words.ts";

export interface PageAssets {
  script: string;
  style: string;
}

/** The view's bundle, built next to the CLI by scripts/build-audit-page.mjs. */
export async function loadPageAssets(): Promise<PageAssets> {
  const [script, style] = await Promise.all(["audit-page.js", "audit-page.css"].map((name) => readFile(new URL(name, import.meta.url), "utf8")));
  return { script: script as string, style: style as string };
}

/** JSON that is also safe inside an HTML script element: no `<` (so no `</script>`, no `<!--`), no line separators. */
export function jsonForScriptElement(value: unknown): string {
  return toJson(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

/** Text for an HTML text node or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

export function auditPage(audit: AuditResult, assets: PageAssets): string {
  assertInlineSafe(assets.script, "script");
  assertInlineSafe(assets.style, "style");
  const policy = `default-src 'none'; script-src ${sha256(assets.script)}; style-src ${sha256(assets.style)}; img-src data:; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policy)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(say("audit_title"))}</title>
<style>${assets.style}</style>
</head>
<body>
<div id="app"></div>
<script type="application/json" id="${AUDIT_DATA_ID}">${jsonForScriptElement(audit)}</script>
<script>${assets.script}</script>
</body>
</html>
`;
}

/** The bundle is ours, but a `</script>` or `</style>` inside it would break the page: refuse rather than corrupt it. */
function assertInlineSafe(text: string, element: "script" | "style"): void {
  if (new RegExp(`</${element}|<!--`, "i").test(text)) throw new Error(`the audit page's ${element} cannot be inlined: it contains </${element} or <!--`);
}
