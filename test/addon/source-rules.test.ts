/** Rules the whole add-on source must keep: no network, no HTML injection, one place for browser and Thunderbird APIs. */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./helpers/fakes.ts";

const SRC = join(ROOT, "src");
const sources = readdirSync(SRC, { recursive: true })
  .map(String)
  .filter((file) => /\.(ts|tsx|mjs|js|html)$/.test(file))
  .map((file) => ({ file, text: readFileSync(join(SRC, file), "utf8") }));

function offenders(pattern: RegExp, allowed: (file: string) => boolean = () => false): string[] {
  return sources.filter(({ file, text }) => pattern.test(text) && !allowed(file)).map(({ file }) => file);
}

describe("source rules", () => {
  it("make no network request anywhere in src/", () => {
    assert.deepEqual(offenders(/\bfetch\s*\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon/), []);
  });

  it("never inject HTML", () => {
    assert.deepEqual(offenders(/innerHTML|outerHTML|insertAdjacentHTML|dangerouslySetInnerHTML|document\.write|\beval\s*\(|new Function\s*\(/), []);
  });

  it("import webextension-polyfill as a value in one module only", () => {
    const valueImports = offenders(/import\s+(?!type\b)[^;]*from\s+["']webextension-polyfill["']/);
    assert.deepEqual(valueImports, ["shared/browser.ts"]);
  });

  it("lay out every row at open and wrap raw headers without cutting tokens: no content-visibility, no break-all", () => {
    const styles = readdirSync(SRC, { recursive: true })
      .map(String)
      .filter((file) => file.endsWith(".css"));
    assert.ok(styles.length >= 2);
    for (const file of styles) {
      const css = readFileSync(join(SRC, file), "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
      assert.doesNotMatch(css, /content-visibility/, file);
      assert.doesNotMatch(css, /break-all/, file);
    }
    assert.match(readFileSync(join(SRC, "popup/popup.css"), "utf8"), /\.hop-raw \{[^}]*overflow-wrap: anywhere;/);
  });

  it("spell TLS versions one way: the analyzer's versionLabel, never a second copy", () => {
    assert.deepEqual(
      offenders(/function versionLabel|replace\(\/\^\(TLS\|SSL\)v/, (file) => file === "analyzer/format.ts"),
      [],
    );
  });

  it("ask for optional permissions only from the audit page and the options page (on a click), never from the popup", () => {
    const callers = offenders(/\brequestPermissions\s*\(/, (file) => file === "background/thunderbird.ts").sort();
    assert.deepEqual(callers, ["audit-page/AuditPage.tsx", "audit-page/TagPanel.tsx", "options/index.tsx"]);
    assert.deepEqual(
      offenders(/permissions\.request\b/, (file) => file === "background/thunderbird.ts"),
      [],
    );
  });

  it("reach Thunderbird's own namespaces only through the adapter", () => {
    const pattern =
      /\b(?:browser|messenger|chrome)\.(?:messages|messageDisplay|messageDisplayAction|mailTabs|action|tabs|permissions)\b|\.(?:getHeaders|getFull|getRaw|setBadgeText|setBadgeBackgroundColor|setIcon|setTitle|setLabel|setPopup|getListedMessages|getSelectedMessages|setQuickFilter)\s*\(/;
    const addonFile = (file: string) => /^(background|popup|options|shared|audit-page)\//.test(file);
    assert.deepEqual(
      offenders(pattern, (file) => !addonFile(file) || file === "background/thunderbird.ts"),
      [],
    );
    assert.deepEqual(
      offenders(/\bbrowser\.|\bmessenger\./, (file) => !addonFile(file) || /(^|\/)(index\.tsx?|thunderbird\.ts|platform\.ts|storage\.ts)$/.test(file)),
      [],
      "logic modules take their APIs as parameters",
    );
  });
});
