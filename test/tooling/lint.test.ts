/**
 * The lint rules bite: oxlint, run with the project's own .oxlintrc.json, reports the exact rule ids on planted
 * violations and nothing on a clean file. The probes live in a temporary folder inside src/analyzer/ (the purity rules
 * are scoped to that path, and tsconfig's `include` gives the type-aware rules their types); it is removed afterwards.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const OXLINT = join(ROOT, "node_modules/oxlint/bin/oxlint");

const PROBES = {
  "floating.ts": `async function later(): Promise<number> {
  return 1;
}
export function start(): void {
  later();
}
export function onClick(handler: () => void): void {
  handler();
}
onClick(async () => {
  await later();
});
`,
  "impure.ts": `import { readFileSync } from "node:fs";
import type { AddonOptions } from "../../shared/options.ts";
export const read = (path: string, _options?: AddonOptions): string => readFileSync(path, "utf8");
export const home = (): string | undefined => process.env.HOME;
export function trace(text: string): void {
  console.log(text);
}
`,
  "cycle-a.ts": `import { b } from "./cycle-b.ts";
export const a = (): number => b() + 1;
`,
  "cycle-b.ts": `import { a } from "./cycle-a.ts";
export const b = (): number => (a.length > 1 ? 1 : 0);
`,
  "clean.ts": `export function add(a: number, b: number): number {
  return a + b;
}
`,
};

interface Diagnostic {
  code: string;
  filename: string;
  message: string;
}

function oxlint(paths: string[]): { status: number | null; diagnostics: Diagnostic[]; output: string } {
  const result = spawnSync(process.execPath, [OXLINT, "--format", "json", ...paths], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  if (result.error) throw result.error;
  const parsed = JSON.parse(result.stdout) as { diagnostics: Diagnostic[] };
  return { status: result.status, diagnostics: parsed.diagnostics, output: result.stdout + result.stderr };
}

describe("lint rules (oxlint with the project config)", function () {
  this.timeout(60_000);
  let dir = "";
  const probe = (name: keyof typeof PROBES) => relative(ROOT, join(dir, name));
  const codesIn = (diagnostics: Diagnostic[], name: keyof typeof PROBES) =>
    diagnostics
      .filter((diagnostic) => diagnostic.filename === probe(name))
      .map((diagnostic) => diagnostic.code)
      .sort();

  before(() => {
    dir = mkdtempSync(join(ROOT, "src/analyzer/lint-probe-"));
    for (const [name, text] of Object.entries(PROBES)) writeFileSync(join(dir, name), text);
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("report a floating promise and a promise passed where a void callback is expected (type-aware rules)", () => {
    const { status, diagnostics } = oxlint([probe("floating.ts")]);
    assert.equal(status, 1);
    assert.deepEqual(codesIn(diagnostics, "floating.ts"), ["typescript(no-floating-promises)", "typescript(no-misused-promises)"]);
  });

  it("forbid node:*, the add-on's modules, Node globals and the console in src/analyzer", () => {
    const { status, diagnostics } = oxlint([probe("impure.ts")]);
    assert.equal(status, 1);
    assert.deepEqual(codesIn(diagnostics, "impure.ts"), [
      "eslint(no-console)",
      "eslint(no-restricted-globals)",
      "eslint(no-restricted-imports)",
      "eslint(no-restricted-imports)",
      "import(no-nodejs-modules)",
    ]);
    const restricted = diagnostics.filter((diagnostic) => diagnostic.code === "eslint(no-restricted-imports)").map((diagnostic) => diagnostic.message);
    assert.ok(
      restricted.some((message) => message.includes("'node:fs'")),
      restricted.join("\n"),
    );
    assert.ok(
      restricted.some((message) => message.includes("'../../shared/options.ts'")),
      restricted.join("\n"),
    );
  });

  it("report an import cycle", () => {
    const { status, diagnostics } = oxlint([probe("cycle-a.ts"), probe("cycle-b.ts")]);
    assert.equal(status, 1);
    assert.deepEqual(codesIn(diagnostics, "cycle-a.ts"), ["import(no-cycle)"]);
    assert.deepEqual(codesIn(diagnostics, "cycle-b.ts"), ["import(no-cycle)"]);
  });

  it("pass a clean file", () => {
    const { status, diagnostics, output } = oxlint([probe("clean.ts")]);
    assert.deepEqual(diagnostics, []);
    assert.equal(status, 0, output);
  });
});
