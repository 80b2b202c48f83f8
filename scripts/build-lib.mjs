// Builds the analyzer library (dist/lib) and the CLI (dist/cli, with the audit's worker and page) with esbuild;
// declarations come from tsc.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

rmSync("dist", { recursive: true, force: true });
const external = ["tldts", "ipaddr.js"];
await build({
  entryPoints: ["src/analyzer/index.ts"],
  outfile: "dist/lib/index.js",
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  external,
  sourcemap: false,
  logLevel: "warning",
});
await build({
  entryPoints: ["src/cli/main.ts"],
  outfile: "dist/cli/hoplock.js",
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external,
  sourcemap: false,
  logLevel: "warning",
});
await import("./build-audit-page.mjs");
writeFileSync(
  "dist/lib/tsconfig.decl.json",
  JSON.stringify({
    extends: "../../tsconfig.json",
    compilerOptions: {
      noEmit: false,
      emitDeclarationOnly: true,
      declaration: true,
      rewriteRelativeImportExtensions: true,
      outDir: ".",
      rootDir: "../../src/analyzer",
      types: [],
    },
    include: ["../../src/analyzer"],
  }),
);
execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "dist/lib/tsconfig.decl.json"], { stdio: "inherit" });
rmSync("dist/lib/tsconfig.decl.json");

// Declarations keep the sources' `./x.ts` specifiers; consumers resolve the emitted `./x.js` names.
for (const entry of readdirSync("dist/lib", { recursive: true })) {
  const file = join("dist/lib", String(entry));
  if (!file.endsWith(".d.ts")) continue;
  writeFileSync(file, readFileSync(file, "utf8").replace(/(from\s+["'](?:\.{1,2}\/)[^"']*)\.ts(["'])/g, "$1.js$2"));
}
