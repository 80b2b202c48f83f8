// Packages the add-on built by build-addon.mjs:
// - web-ext-artifacts/hoplock.xpi: manifest.json, _locales/, icons/, build/addon/ only (the e2e tests load this path);
// - web-ext-artifacts/hoplock-source.zip: the repository's sources (tracked, or new and not ignored) for store review.
// Then lints exactly what the XPI contains and fails on any error or any warning not accepted in addon-files.mjs.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import webExt from "web-ext";
import { ignoreFiles, isAcceptedWarning, isShippedPath } from "./lib/addon-files.mjs";
import { unzipSync, zipSync } from "fflate";

const ARTIFACTS = "web-ext-artifacts";
const XPI = join(ARTIFACTS, "hoplock.xpi");
const SOURCE_ZIP = join(ARTIFACTS, "hoplock-source.zip");

if (!existsSync("build/addon/background.js")) fail("build/addon is missing: run `npm run build` first.");

await webExt.cmd.build(
  { sourceDir: process.cwd(), artifactsDir: ARTIFACTS, filename: "hoplock.xpi", overwriteDest: true, ignoreFiles: ignoreFiles() },
  { shouldExitProgram: false },
);
const shipped = Object.entries(unzipSync(readFileSync(XPI)))
  .filter(([name]) => !name.endsWith("/"))
  .map(([name, data]) => ({ name, data }));
const strays = shipped.map((file) => file.name).filter((name) => !isShippedPath(name));
if (strays.length > 0) fail(`${XPI} contains files that must not ship: ${strays.join(", ")}`);

// A fixed timestamp keeps the source archive reproducible.
const sources = Object.fromEntries(sourceFiles().map((name) => [name, readFileSync(name)]));
writeFileSync(SOURCE_ZIP, zipSync(sources, { level: 9, mtime: new Date("2000-01-01T00:00:00Z") }));
lintShippedFiles(shipped);
console.log(`Packaged ${XPI} (${shipped.length} files) and ${SOURCE_ZIP}.`);

/** Tracked files plus new ones git would not ignore: what the next commit holds. */
function sourceFiles() {
  const output = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { encoding: "utf8" });
  return output.split("\0").filter((name) => name !== "" && existsSync(name));
}

function lintShippedFiles(files) {
  const dir = mkdtempSync(join(tmpdir(), "hoplock-lint-"));
  try {
    for (const { name, data } of files) {
      mkdirSync(join(dir, dirname(name)), { recursive: true });
      writeFileSync(join(dir, name), data);
    }
    const web = join("node_modules", ".bin", "web-ext");
    const result = runLinter(web, dir);
    const unexpected = result.warnings.filter((warning) => !isAcceptedWarning(warning));
    for (const warning of result.warnings)
      console.log(`web-ext lint ${isAcceptedWarning(warning) ? "accepted" : "WARNING"}: ${warning.code} ${warning.message} ${warning.file ?? ""}`);
    if (result.errors.length > 0 || unexpected.length > 0) {
      fail(
        `web-ext lint: ${result.errors.length} error(s), ${unexpected.length} unaccepted warning(s)\n${JSON.stringify([...result.errors, ...unexpected], null, 2)}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** web-ext exits non-zero when it finds errors; its JSON report is on stdout either way. */
function runLinter(web, dir) {
  let stdout;
  try {
    stdout = execFileSync(web, ["lint", "--source-dir", dir, "--output", "json", "--no-config-discovery"], { encoding: "utf8" });
  } catch (error) {
    stdout = error.stdout;
  }
  return JSON.parse(stdout);
}

function fail(message) {
  console.error(message);
  process.exit(1);
}
