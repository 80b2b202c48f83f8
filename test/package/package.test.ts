/**
 * The published package as a consumer gets it (after postal-mime's test/package-test.ts): `npm pack` (which runs
 * `prepare`, the library build, as `npm publish` would), an offline install of the tarball into a scratch folder
 * outside the repository, then the library from Node, its declarations from `tsc` under strict consumer settings, the
 * tarball's contents, and the packed `hoplock` command. Only what the package promises is asserted: the exports, a
 * report with a `verdict` string and a `hops` array, and a CLI that prints a verdict.
 *
 * Offline: npm 11 resolves a tarball's dependency ranges from full registry documents, which `npm ci` never fetches
 * (it installs from the lockfile), so a bare `npm install --offline <tarball>` fails with ENOTCACHED. The scratch
 * folder therefore gets a lockfile holding the project's own locked entries for the package's dependencies (and
 * theirs): npm then takes exactly the versions the project tested, whose tarballs `npm ci` left in the npm cache.
 *
 * Skipped with one line only when npm is missing; with CI=true that is a failure.
 */
import assert from "node:assert/strict";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, posix, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const FIXTURE = join(ROOT, "test/fixtures/messages/00-seed-hotmail-proofpoint-luxsci.eml");
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
const VERDICT_WORD = /\b(not-encrypted|encrypted|weak|unknown|internal|none)\b/i;
const inCi = /^(1|true|yes)$/i.test(process.env.CI ?? "");

/** npm as the running `npm test` invoked it (npm_execpath), else the one on PATH. */
const NPM: [string, ...string[]] = process.env.npm_execpath?.endsWith(".js") ? [process.execPath, process.env.npm_execpath] : ["npm"];

/** The environment for npm and the consumer, without the outer `npm test`'s per-project settings (its local prefix, package fields). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_(package_|lifecycle_|config_local_prefix$|command$)/i.test(key)) continue;
    env[key] = value;
  }
  return env;
}

function run(command: readonly string[], cwd: string, env: NodeJS.ProcessEnv = cleanEnv()): SpawnSyncReturns<string> {
  const [file, ...args] = command;
  if (file === undefined) throw new Error("no command");
  const result = spawnSync(file, args, { cwd, env, encoding: "utf8", timeout: 120_000 });
  if (result.error) throw result.error;
  return result;
}

function runOk(command: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): string {
  const result = run(command, cwd, env);
  assert.equal(result.status, 0, `${command.join(" ")} (in ${cwd}) exited ${result.status}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

const npmFound = (() => {
  try {
    return run([...NPM, "--version"], ROOT).status === 0;
  } catch {
    return false;
  }
})();

type Lockfile = { packages: Record<string, { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }> };

/** The project's lockfile entries for `names` and everything they depend on, at their locked paths. */
function lockedClosure(lock: Lockfile, names: string[]): Lockfile["packages"] {
  const picked: Lockfile["packages"] = {};
  const locate = (from: string, name: string): string | undefined => {
    for (let base = from; ; base = base.includes("/node_modules/") ? base.slice(0, base.lastIndexOf("/node_modules/")) : "") {
      const path = `${base ? `${base}/` : ""}node_modules/${name}`;
      if (lock.packages[path]) return path;
      if (!base) return undefined;
    }
  };
  const visit = (from: string, name: string) => {
    const path = locate(from, name);
    if (path === undefined) throw new Error(`package-lock.json has no entry for ${name} (needed by ${from || "hoplock"}); run npm install`);
    if (picked[path]) return;
    const entry = lock.packages[path];
    if (!entry) return;
    picked[path] = entry;
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) visit(path, dep);
  };
  for (const name of names) visit("", name);
  return picked;
}

/** Every string target in an `exports` map (conditions and subpaths alike). */
function exportTargets(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(exportTargets);
  if (value && typeof value === "object") return Object.values(value).flatMap(exportTargets);
  return [];
}

const CONSUMER_TS = `import { analyze, formatReason } from "hoplock";

const report = analyze("Received: from a.example (a.example [192.0.2.1]) by b.example with ESMTP; Mon, 19 Aug 2019 14:41:19 +0000\\r\\n\\r\\n");
const verdict: string = report.verdict;
const hops: readonly unknown[] = report.hops;
export const summary = \`\${verdict}: \${hops.length} hop(s)\`;
export const format: typeof formatReason = formatReason;
`;

const CONSUMER_MJS = `import * as hoplock from "hoplock";
import { analyze, formatReason } from "hoplock";
import { readFileSync } from "node:fs";

const message = readFileSync(process.argv[2], "utf8");
const header = message.split(/\\r?\\n\\r?\\n/)[0] + "\\n";
const report = analyze(header);
process.stdout.write(JSON.stringify({
  resolved: import.meta.resolve("hoplock"),
  exports: Object.keys(hoplock).sort(),
  analyze: typeof analyze,
  formatReason: typeof formatReason,
  verdict: report.verdict,
  hopsIsArray: Array.isArray(report.hops),
  hopCount: Array.isArray(report.hops) ? report.hops.length : -1,
}));
`;

const TSCONFIGS: Record<string, Record<string, unknown>> = {
  node16: { module: "node16", moduleResolution: "node16" },
  nodenext: { module: "nodenext", moduleResolution: "nodenext" },
  bundler: { module: "preserve", moduleResolution: "bundler" },
};

if (npmFound) describe("the packed npm package, installed offline as a consumer would", packageSuite);
else if (inCi) it("package test: npm is installed (required when CI=true)", () => assert.fail("npm not found on PATH"));
else it.skip("package test skipped: npm not found on PATH (it comes with Node.js)");

function packageSuite(this: Mocha.Suite) {
  this.timeout(120_000);
  this.slow(30_000);
  let scratch = "";
  let packed = "";
  let tarballFiles: string[] = [];

  before(() => {
    scratch = realpathSync(mkdtempSync(join(tmpdir(), "hoplock-package-")));
    const [pack] = JSON.parse(runOk([...NPM, "pack", "--json", "--pack-destination", scratch], ROOT)) as { filename: string; files: { path: string }[] }[];
    assert.ok(pack, "npm pack printed no result");
    tarballFiles = pack.files.map((file) => file.path.split(sep).join("/"));

    const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
    const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as Lockfile;
    const closure = lockedClosure(lock, Object.keys(manifest.dependencies ?? {}));
    writeFileSync(join(scratch, "package.json"), `${JSON.stringify({ name: "hoplock-consumer", private: true, type: "module" }, null, 2)}\n`);
    writeFileSync(
      join(scratch, "package-lock.json"),
      `${JSON.stringify({ name: "hoplock-consumer", lockfileVersion: 3, requires: true, packages: { "": { name: "hoplock-consumer" }, ...closure } }, null, 2)}\n`,
    );
    const env = { ...cleanEnv(), npm_config_offline: "true" };
    runOk([...NPM, "install", "--offline", "--no-audit", "--no-fund", "--prefix", scratch, join(scratch, pack.filename)], scratch, env);
    packed = join(scratch, "node_modules/hoplock");
    assert.ok(existsSync(join(packed, "package.json")), `the tarball was not installed at ${packed}`);
  });
  after(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it("imports analyze and formatReason with Node, and analyzes a real header into a verdict and hops", () => {
    writeFileSync(join(scratch, "consumer.mjs"), CONSUMER_MJS);
    const result = JSON.parse(runOk([process.execPath, "consumer.mjs", FIXTURE], scratch)) as Record<string, unknown>;
    assert.ok(String(result.resolved).startsWith(`file://${packed}`), `"hoplock" resolved to ${String(result.resolved)}, not the installed tarball`);
    assert.equal(result.analyze, "function");
    assert.equal(result.formatReason, "function");
    assert.equal(typeof result.verdict, "string");
    assert.match(String(result.verdict), VERDICT_WORD);
    assert.equal(result.hopsIsArray, true);
    assert.ok(Number(result.hopCount) > 0, "the fixture has Received headers, so the report has hops");
  });

  for (const [name, options] of Object.entries(TSCONFIGS)) {
    it(`type-checks a consumer against the package's declarations (strict, exactOptionalPropertyTypes, ${name})`, () => {
      writeFileSync(join(scratch, "consumer.ts"), CONSUMER_TS);
      const compilerOptions = {
        ...options,
        target: "ES2022",
        lib: ["ES2022"],
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: false,
        noEmit: true,
        types: [],
      };
      writeFileSync(join(scratch, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions, files: ["consumer.ts"] }, null, 2));
      runOk([process.execPath, TSC, "-p", `tsconfig.${name}.json`], scratch);
    });
  }

  it("ships every exports target, types and bin, and no src/, test/ or source map that points outside the package", () => {
    const pkg = JSON.parse(readFileSync(join(packed, "package.json"), "utf8")) as {
      exports?: unknown;
      main?: string;
      types?: string;
      bin?: string | Record<string, string>;
    };
    const inTarball = (target: string) => tarballFiles.includes(posix.normalize(target));
    const promised = [
      ...exportTargets(pkg.exports),
      ...(pkg.main ? [pkg.main] : []),
      ...(pkg.types ? [pkg.types] : []),
      ...(typeof pkg.bin === "string" ? [pkg.bin] : Object.values(pkg.bin ?? {})),
    ];
    assert.ok(exportTargets(pkg.exports).length > 0, "package.json has exports");
    assert.deepEqual(
      promised.filter((target) => !inTarball(target)),
      [],
      "targets named in package.json but missing from the tarball",
    );
    assert.deepEqual(
      tarballFiles.filter((file) => /^(src|test)\//.test(file)),
      [],
      "sources and tests stay out of the tarball",
    );

    const outside: string[] = [];
    for (const file of tarballFiles) {
      if (file.endsWith(".map")) {
        const map = JSON.parse(readFileSync(join(packed, file), "utf8")) as { sources?: string[]; sourceRoot?: string };
        for (const source of map.sources ?? []) {
          const target = relative(packed, join(packed, dirname(file), map.sourceRoot ?? "", source));
          if (target.startsWith("..") || isAbsolute(target) || !inTarball(target.split(sep).join("/"))) outside.push(`${file} → ${source}`);
        }
      } else if (/\.[cm]?js$/.test(file)) {
        const link = /\/\/# sourceMappingURL=(?!data:)(\S+)\s*$/.exec(readFileSync(join(packed, file), "utf8"))?.[1];
        if (link && !inTarball(posix.join(posix.dirname(file), link))) outside.push(`${file} → ${link}`);
      }
    }
    assert.deepEqual(outside, [], "source maps must stay inside the package");
  });

  it("runs the packed hoplock command on a real message", () => {
    const result = run([join(scratch, "node_modules/.bin/hoplock"), FIXTURE], scratch);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, VERDICT_WORD);
  });
}
