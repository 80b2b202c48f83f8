/** src/audit runs in the add-on's page, in CLI worker threads and in tests alike: it must stay pure. */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./mail.ts";

const AUDIT = join(ROOT, "src/audit");
const sources = readdirSync(AUDIT)
  .filter((file) => file.endsWith(".ts"))
  .map((file) => ({ file, text: readFileSync(join(AUDIT, file), "utf8") }));

describe("src/audit stays pure", () => {
  it("imports only the analyzer's public index and its own modules", () => {
    for (const { file, text } of sources) {
      for (const [, specifier] of text.matchAll(/from\s+"([^"]+)"/g))
        assert.ok(specifier === "../analyzer/index.ts" || /^\.\/[a-z-]+\.ts$/.test(specifier ?? ""), `${file}: ${specifier}`);
    }
  });

  it("uses no Node or browser API", () => {
    const platform =
      /\b(?:process|Buffer|require|window|document|navigator|browser|messenger|fetch|setTimeout|setInterval|localStorage|indexedDB|btoa|atob|crypto)\b\s*[.(]/;
    for (const { file, text } of sources) assert.doesNotMatch(text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ""), platform, file);
  });
});
