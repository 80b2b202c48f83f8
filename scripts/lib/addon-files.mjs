// What the XPI may contain, and which web-ext lint warnings are accepted. Shared by the packaging script,
// web-ext-config.mjs (so `web-ext run`/`lint` from the command line see the same files) and the tests.
import { readdirSync } from "node:fs";

/** Top-level entries of the repository that ship; build/ ships only its addon/ folder. */
const SHIPPED_ROOTS = ["manifest.json", "_locales", "icons", "build"];
const SHIPPED_BUILD_DIRS = ["addon"];

/** True for a path inside the XPI that may ship. */
export function isShippedPath(path) {
  return path === "manifest.json" || /^(_locales|icons|build\/addon)\//.test(path);
}

/** web-ext ignore patterns (relative to the repository root) for everything else, computed so new files stay out. */
export function ignoreFiles(root = ".") {
  const skip = (names) => names.flatMap((name) => [name, `${name}/**/*`]);
  const topLevel = readdirSync(root).filter((name) => !SHIPPED_ROOTS.includes(name));
  const buildDirs = safeReaddir(`${root}/build`).filter((name) => !SHIPPED_BUILD_DIRS.includes(name));
  return [...skip(topLevel), ...skip(buildDirs.map((name) => `build/${name}`))];
}

function safeReaddir(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * web-ext lint knows Firefox, not Thunderbird. Accepted, each for a reason:
 * - MANIFEST_PERMISSIONS: "messagesRead" is a Thunderbird permission the Firefox schema does not list.
 * - MANIFEST_OPTIONAL_PERMISSIONS: the same for the optional ones, exactly those Thunderbird lists as optional
 *   (accountsRead, messagesUpdate, messagesTags, messagesTagsList; see test/addon/manifest.test.ts).
 * - MISSING_DATA_COLLECTION_PERMISSIONS: a Firefox 140+ key; Thunderbird 128 (our minimum) does not know it, and
 *   declaring it makes the linter warn about the minimum version instead. Hoplock collects and sends nothing.
 * - UNSAFE_VAR_ASSIGNMENT: Preact's renderer contains the `innerHTML` assignment behind `dangerouslySetInnerHTML`,
 *   which Hoplock never uses (test/addon/source-rules.test.ts checks that).
 */
const ACCEPTED_LINT_WARNINGS = [
  { code: "MANIFEST_PERMISSIONS", message: /"messagesRead"/ },
  { code: "MANIFEST_OPTIONAL_PERMISSIONS", message: /Invalid optional_permissions "(accountsRead|messagesUpdate|messagesTags|messagesTagsList)"/ },
  { code: "MISSING_DATA_COLLECTION_PERMISSIONS", message: /./ },
  { code: "UNSAFE_VAR_ASSIGNMENT", message: /innerHTML/, file: /^build\/addon\/(popup|options|audit)\.js$/ },
];

export function isAcceptedWarning(warning) {
  return ACCEPTED_LINT_WARNINGS.some(
    (accepted) => accepted.code === warning.code && accepted.message.test(warning.message) && (!accepted.file || accepted.file.test(warning.file ?? "")),
  );
}
