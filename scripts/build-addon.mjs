// Builds the Thunderbird add-on's scripts, pages and styles into build/addon/, where manifest.json points.
import { build } from "esbuild";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";

const OUT = "build/addon";

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

/**
 * The analyzer bundles the English catalogue as its fallback; the add-on needs only its messages, not the
 * translators' descriptions (a third of the popup's script, parsed before the popup can draw).
 */
const catalogueWithoutDescriptions = {
  name: "catalogue-without-descriptions",
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /_locales[\\/]en[\\/]messages\.json$/ }, async (args) => {
      const catalogue = JSON.parse(await readFile(args.path, "utf8"));
      const messages = Object.fromEntries(Object.entries(catalogue).map(([name, { message }]) => [name, { message }]));
      return { contents: JSON.stringify(messages), loader: "json" };
    });
  },
};

// IIFE bundles: the event page loads a classic script, and the pages load theirs with <script defer>.
await build({
  entryPoints: {
    background: "src/background/index.ts",
    popup: "src/popup/index.tsx",
    options: "src/options/index.tsx",
    audit: "src/audit-page/index.tsx",
    // The audit's analysis thread (new Worker("audit-worker.js") from the audit page).
    "audit-worker": "src/audit-page/worker.ts",
  },
  outdir: OUT,
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "firefox128",
  jsx: "automatic",
  jsxImportSource: "preact",
  // Store reviewers read the bundle; keep it readable instead of minified.
  minify: false,
  legalComments: "inline",
  logLevel: "warning",
  plugins: [catalogueWithoutDescriptions],
});

await build({
  entryPoints: { popup: "src/popup/popup.css", options: "src/options/options.css", audit: "src/audit-page/audit-page.css" },
  outdir: OUT,
  bundle: true,
  // The icons ship at the add-on's root (icons/), and the stylesheet refers to them there.
  external: ["/icons/*"],
  target: "firefox128",
  logLevel: "warning",
});

// Each page is a shell for its script; the script sets the language and the translated title.
for (const page of ["popup", "options", "audit"]) writeFileSync(`${OUT}/${page}.html`, pageShell(page));

function pageShell(page) {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light dark" />
    <title>Hoplock</title>
    <link rel="stylesheet" href="${page}.css" />
    <script src="${page}.js" defer></script>
  </head>
  <body>
    <div id="app"></div>
  </body>
</html>
`;
}
