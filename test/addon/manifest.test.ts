/** Invariants of the packaged add-on. Needs `npm run package` first (npm test runs it). */
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { isShippedPath } from "../../scripts/lib/addon-files.mjs";
import { unzipSync } from "fflate";
import { SCOPE_PERMISSION } from "../../src/audit-page/AuditPage.tsx";
import { LOOKS } from "../../src/shared/look.ts";
import { TAG_PERMISSIONS } from "../../src/shared/verdict-tags.ts";
import { ROOT } from "./helpers/fakes.ts";
import { useDom } from "./helpers/dom.ts";
import { catalogue } from "./helpers/i18n.ts";
import { byCodeUnits } from "../audit/csv.ts";

interface Action {
  default_icon: string;
  default_title: string;
}
/** manifest.json as far as these tests read it; any other key is looked up by name as unknown. */
interface Manifest extends Record<string, unknown> {
  manifest_version: number;
  version: string;
  default_locale: string;
  browser_specific_settings: { gecko: { id: string; strict_min_version: string } };
  background: { scripts: string[] };
  message_display_action: Action & { default_popup: string };
  action: Action;
  options_ui: { page: string };
  icons: Record<string, string>;
  commands: unknown;
  permissions: string[];
  optional_permissions: string[];
}

const manifest = JSON.parse(readFileSync(join(ROOT, "manifest.json"), "utf8")) as Manifest;
const XPI = join(ROOT, "web-ext-artifacts/hoplock.xpi");
/** The audit page: opened by the background and the popup, not named in the manifest. */
const AUDIT_PAGE = "build/addon/audit.html";

/** Every path manifest.json points at, and every script or style its HTML pages load. */
function referencedFiles(): string[] {
  const action = manifest.message_display_action;
  const files: string[] = [
    ...manifest.background.scripts,
    action.default_popup,
    action.default_icon,
    manifest.action.default_icon,
    manifest.options_ui.page,
    AUDIT_PAGE,
    ...Object.values(manifest.icons),
  ];
  for (const page of [action.default_popup, manifest.options_ui.page, AUDIT_PAGE]) {
    const html = readFileSync(join(ROOT, page), "utf8");
    const dir = page.slice(0, page.lastIndexOf("/") + 1);
    for (const [, src] of html.matchAll(/(?:src|href)="([^"]+)"/g)) files.push(dir + src);
  }
  return files;
}

describe("manifest.json", () => {
  it("is a Manifest V3 Thunderbird add-on with the agreed id and minimum version", () => {
    assert.equal(manifest.manifest_version, 3);
    assert.equal(manifest.browser_specific_settings.gecko.id, "hoplock@hoplock.app");
    assert.equal(manifest.browser_specific_settings.gecko.strict_min_version, "128.0");
    assert.equal(manifest.default_locale, "en");
  });

  it("runs an event page, not a service worker, from the build folder", () => {
    assert.deepEqual(manifest.background, { scripts: ["build/addon/background.js"] });
  });

  it("has a message display button with icon, title and popup, and an options page", () => {
    const action = manifest.message_display_action;
    assert.equal(action.default_icon, "icons/lock-neutral.svg");
    assert.equal(action.default_popup, "build/addon/popup.html");
    assert.match(action.default_title, /^__MSG_\w+__$/);
    assert.equal(manifest.options_ui.page, "build/addon/options.html");
  });

  it("opens the popup with Ctrl+Shift+H, a key Thunderbird 153 does not use (checked in its keysets by the E2E suite)", () => {
    assert.deepEqual(manifest.commands, { _execute_message_display_action: { suggested_key: { default: "Ctrl+Shift+H" } } });
  });

  it("asks for exactly the permissions used, no hosts, no experiments, no remote code", () => {
    assert.deepEqual(manifest.permissions, ["messagesRead", "storage"]);
    for (const key of [
      "host_permissions",
      "optional_host_permissions",
      "experiment_apis",
      "content_scripts",
      "content_security_policy",
      "web_accessible_resources",
    ]) {
      assert.equal(manifest[key], undefined, key);
    }
  });

  it("may ask, on a click in the audit or options page, for exactly the optional permissions it uses", () => {
    // accountsRead: the whole folder a mail tab shows; the other three: tags by verdict (update, create, list).
    assert.deepEqual(manifest.optional_permissions, ["accountsRead", "messagesUpdate", "messagesTags", "messagesTagsList"]);
    // What the code asks for: the tag permissions and the audit scopes' permissions, the only lists it requests.
    const requested = new Set<string>([...TAG_PERMISSIONS, ...Object.values(SCOPE_PERMISSION)]);
    assert.deepEqual(
      [...requested].sort(byCodeUnits),
      [...manifest.optional_permissions].sort(byCodeUnits),
      "each optional permission is requested somewhere, and only those",
    );
    // …and every request in the sources goes through those two lists (the E2E suite checks what a click grants).
    const requests = sourceFiles(join(ROOT, "src")).flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/\b(?:requestPermissions|permissions\.request)\(([^)]*)\)/g)].map(
        ([, args]) => `${relative(ROOT, file)}: ${args}`,
      ),
    );
    assert.deepEqual(requests.sort(byCodeUnits), [
      "src/audit-page/AuditPage.tsx: [needed]",
      "src/audit-page/TagPanel.tsx: TAG_PERMISSIONS",
      "src/background/thunderbird.ts: names: readonly OptionalPermission[]",
      "src/background/thunderbird.ts: { permissions: [...names] }",
      "src/options/index.tsx: TAG_PERMISSIONS",
    ]);
    assert.match(
      readFileSync(join(ROOT, "src/audit-page/AuditPage.tsx"), "utf8"),
      /const needed = SCOPE_PERMISSION\[scope\.kind\];/,
      "the page's [needed] is a scope's permission",
    );
  });

  it("has a main toolbar button (MV3 action, no permission needed) that opens the audit page", () => {
    assert.deepEqual(Object.keys(manifest.action).sort(byCodeUnits), ["default_icon", "default_label", "default_title"]);
    assert.match(manifest.action.default_title, /^__MSG_\w+__$/);
  });

  it("carries the package's version", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    assert.equal(manifest.version, pkg.version);
  });

  it("references only files that exist after the build", () => {
    for (const file of referencedFiles()) assert.ok(existsSync(join(ROOT, file)), `${file} is missing`);
  });

  it("has an icon for every state the button can show, each with the view the popup draws", () => {
    for (const state of Object.keys(LOOKS)) {
      const file = join(ROOT, `icons/lock-${state}.svg`);
      assert.ok(existsSync(file), state);
      assert.match(readFileSync(file, "utf8"), /<view id="lock" viewBox="[\d. ]+"\/>/, `${state}: the popup's CSS uses #lock`);
    }
  });

  describe("icons", () => {
    useDom();

    it("are well-formed SVG (Thunderbird logs and drops a broken one)", () => {
      for (const file of readdirSync(join(ROOT, "icons"))) {
        const svg = new DOMParser().parseFromString(readFileSync(join(ROOT, "icons", file), "utf8"), "image/svg+xml");
        assert.equal(svg.getElementsByTagName("parsererror").length, 0, file);
        assert.equal(svg.documentElement.localName, "svg", file);
      }
    });
  });

  it("names only messages every locale has", () => {
    const names = [...JSON.stringify(manifest).matchAll(/__MSG_(\w+)__/g)].map(([, name]) => name as string);
    assert.ok(names.length >= 3);
    for (const lang of readdirSync(join(ROOT, "_locales"))) for (const name of names) assert.ok(catalogue(lang)[name], `${lang}: ${name}`);
  });
});

describe("packaged add-on web-ext-artifacts/hoplock.xpi", () => {
  const names = (): string[] => Object.keys(unzipSync(readFileSync(XPI))).filter((name) => !name.endsWith("/"));

  it("contains only manifest.json, _locales/, icons/ and build/addon/", () => {
    const strays = names().filter((name) => !isShippedPath(name));
    assert.deepEqual(strays, []);
  });

  it("contains every file the manifest references and every locale", () => {
    const shipped = new Set(names());
    for (const file of ["manifest.json", ...referencedFiles()]) assert.ok(shipped.has(file), file);
    for (const lang of readdirSync(join(ROOT, "_locales"))) assert.ok(shipped.has(`_locales/${lang}/messages.json`), lang);
  });

  it("ships the manifest exactly as in the repository", () => {
    const shipped = unzipSync(readFileSync(XPI))["manifest.json"];
    assert.deepEqual(JSON.parse(shipped ? new TextDecoder().decode(shipped) : "{}"), manifest);
  });

  it("comes with a source archive holding the sources and the build scripts", () => {
    const sources = Object.keys(unzipSync(readFileSync(join(ROOT, "web-ext-artifacts/hoplock-source.zip"))));
    for (const file of ["package.json", "package-lock.json", "manifest.json", "scripts/build-addon.mjs", "src/background/index.ts", "src/popup/index.tsx"])
      assert.ok(sources.includes(file), file);
    assert.ok(!sources.some((name) => name.startsWith("node_modules/") || name.startsWith("build/")));
  });
});

/** The .ts and .tsx files under `dir`, recursively. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );
}
