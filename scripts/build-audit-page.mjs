// Builds what `hoplock audit` needs beside dist/cli/hoplock.js: its worker thread, and the audit view (src/audit-view)
// bundled for the self-contained page of `--html` (script and stylesheet, inlined into the page at run time).
import { build } from "esbuild";

const external = ["tldts", "ipaddr.js"];

await build({
  entryPoints: ["src/cli/audit-worker.ts"],
  outfile: "dist/cli/audit-worker.js",
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external,
  sourcemap: false, // like dist/lib: a map would point at sources the package does not ship
  logLevel: "warning",
});

// The page runs offline from a file: everything it needs goes into one script (Preact, the view, the English
// catalogue; the analyzer comes along with the audit module, ~100 KB of it the Public Suffix List it does not use).
await build({
  entryPoints: ["src/audit-view/page.tsx"],
  outfile: "dist/cli/audit-page.js",
  bundle: true,
  format: "iife",
  platform: "browser",
  target: ["firefox128", "chrome120", "safari16"],
  jsx: "automatic",
  jsxImportSource: "preact",
  minify: true,
  legalComments: "none",
  // A `</script` in a string would end the inline script: esbuild escapes it when it knows the code is inlined.
  supported: { "inline-script": false },
  logLevel: "warning",
});

await build({
  entryPoints: ["src/audit-view/audit-view.css"],
  outfile: "dist/cli/audit-page.css",
  bundle: true,
  minify: true,
  target: ["firefox128", "chrome120", "safari16"],
  logLevel: "warning",
});
