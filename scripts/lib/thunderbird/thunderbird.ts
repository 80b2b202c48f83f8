/**
 * Thunderbird for tests and demos: a throwaway profile (prefs, the packaged add-on, a Local Folders mbox built from
 * .eml files), a launch with Marionette on a free port, and a clean shutdown that kills only the PID it started.
 * Recipe and pitfalls: /work/shared/docs/thunderbird-e2e.md (§2 install, §3 Local Folders, §4 Marionette, §6 shutdown).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Marionette } from "./marionette.ts";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const ADDON_ID = "hoplock@hoplock.app";
/** makeWidgetId(ADDON_ID) + the message display action suffix. */
export const BUTTON_ID = "hoplock_hoplock_app-messageDisplayAction-toolbarbutton";
/** The packaged add-on (`npm run package`); HOPLOCK_XPI points the harness at another build. */
export const XPI = process.env.HOPLOCK_XPI ?? join(ROOT, "web-ext-artifacts/hoplock.xpi");
export const DEMO_FOLDER = "Hoplock";
export const INSTALL_HINT = "install it with `sudo apt-get install -y thunderbird` (Debian/Ubuntu) or run `bash scripts/setup.sh`";

/** The Thunderbird binary: $THUNDERBIRD if set (and only that), else Debian's real binary or `thunderbird` on PATH. */
export function findThunderbird(): string | null {
  const candidates = process.env.THUNDERBIRD
    ? [process.env.THUNDERBIRD]
    : [
        "/usr/lib/thunderbird/thunderbird",
        ...(process.env.PATH ?? "")
          .split(delimiter)
          .filter(Boolean)
          .map((dir) => join(dir, "thunderbird")),
      ];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not there or not executable: try the next one
    }
  }
  return null;
}

/** The .eml fixtures, in display order: the real corpus messages, then the E2E-specific ones. */
export function fixtureFiles(): string[] {
  const dirs = ["test/fixtures/messages", "test/fixtures/e2e"].map((dir) => join(ROOT, dir));
  return dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => name.endsWith(".eml"))
      .sort()
      .map((name) => join(dir, name)),
  );
}

/**
 * A message with `count` Received headers, built at test time from the real ones of `source` (its lines repeated in
 * order, newest first) with its other headers; its Message-ID and Subject say what it is. Returns the file written.
 */
export async function writeManyHopsMessage(source: string, dir: string, count = 100_000): Promise<string> {
  const text = await readFile(source, "latin1");
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const [head = "", ...body] = text.split(`${eol}${eol}`);
  const fields = head
    .split(eol)
    .reduce<string[]>((all, line) => (/^[ \t]/.test(line) && all.length > 0 ? [...all.slice(0, -1), `${all.at(-1)}${eol}${line}`] : [...all, line]), []);
  const received = fields.filter((field) => /^Received:/i.test(field));
  const others = fields.filter((field) => !/^(Received|Message-ID|Subject):/i.test(field));
  const chain = Array.from({ length: count }, (_, i) => received[i % received.length] as string);
  const name = `${count}-received-headers`;
  const headers = [
    ...chain,
    ...others,
    `Subject: ${count.toLocaleString("en")} Received headers (built at test time)`,
    `Message-ID: <e2e-${name}@hoplock.invalid>`,
  ];
  const file = join(dir, `40-${name}.eml`);
  await writeFile(file, `${headers.join(eol)}${eol}${eol}${body.join(`${eol}${eol}`)}`, "latin1");
  return file;
}

/** Whether Thunderbird has the language pack for `lang` (Debian: thunderbird-l10n-<lang>, next to the binary). */
export function hasLanguagePack(binary: string, lang: string): boolean {
  if (lang === "en") return true;
  return existsSync(join(dirname(realpathSync(binary)), "extensions", `langpack-${lang}@thunderbird.mozilla.org.xpi`));
}

/** The prefs that make Thunderbird speak `lang` (with its language pack installed). */
export function languagePrefs(lang: string): Record<string, PrefValue> {
  return lang === "en" ? { "intl.locale.requested": "en-US" } : { "intl.locale.requested": lang };
}

type PrefValue = string | number | boolean;

/** Quiet, offline, first-run-free prefs (doc §3); every one silences a dialog, a network call or an auto-update. */
const BASE_PREFS: Record<string, PrefValue> = {
  "mail.provider.suppress_dialog_on_startup": true, // no Account Hub
  "mailnews.start_page.enabled": false, // no live.thunderbird.net tab
  "mailnews.start_page_override.mstone": "ignore",
  "mail.rights.override": true,
  "mail.shell.checkDefaultClient": false,
  "mail.shell.checkDefaultMail": false,
  "mail.winsearch.enable": false,
  "mail.spotlight.enable": false,
  "mailnews.database.global.indexer.enabled": false,
  "calendar.integration.notify": false,
  "datareporting.policy.dataSubmissionEnabled": false,
  "datareporting.healthreport.uploadEnabled": false,
  "datareporting.policy.dataSubmissionPolicyBypassNotification": true,
  "toolkit.telemetry.enabled": false,
  "toolkit.telemetry.server": "",
  "app.update.disabledForTesting": true,
  "app.update.auto": false,
  "extensions.update.enabled": false,
  "extensions.update.autoUpdateDefault": false,
  "extensions.getAddons.cache.enabled": false,
  "network.captive-portal-service.enabled": false,
  "network.connectivity-service.enabled": false,
  "mail.startup.enabledMailCheckOnce": true,
  "toolkit.startup.max_resumed_crashes": -1,
  "browser.sessionstore.resume_from_crash": false,
  "xpinstall.signatures.required": false,
  "extensions.autoDisableScopes": 0, // otherwise the sideloaded XPI is installed but disabled
  "extensions.enabledScopes": 15,
  "extensions.installDistroAddons": false,
  // extension console output reaches Thunderbird's stdout, where the suite looks for errors
  "browser.dom.window.dump.enabled": true,
  "devtools.console.stdout.chrome": true,
  "devtools.console.stdout.content": true,
  // keep the MV3 event page alive unless a test stops it on purpose
  "extensions.background.idle.timeout": 300000,
  "marionette.port": 0, // any free port, written to <profile>/MarionetteActivePort
  // one Local Folders account, defined by prefs alone; its mbox files are discovered at startup
  "mail.accountmanager.accounts": "account1",
  "mail.accountmanager.localfoldersserver": "server1",
  "mail.account.account1.server": "server1",
  "mail.server.server1.type": "none",
  "mail.server.server1.hostname": "Local Folders",
  "mail.server.server1.userName": "nobody",
  "mail.server.server1.name": "Local Folders",
  "mail.server.server1.directory-rel": "[ProfD]Mail/Local Folders",
};

/**
 * One mbox holding the messages byte for byte, in order. Body lines that look like a separator get the mboxrd `>`;
 * headers never start with "From ", so what the add-on analyses is what the CLI reads from the .eml.
 */
export function buildMbox(messages: readonly Buffer[]): Buffer {
  const parts = messages.map((bytes) => {
    const text = bytes.toString("latin1");
    const eol = text.includes("\r\n") ? "\r\n" : "\n";
    const body = text.replace(/^(>*From )/gm, ">$1");
    return `From - Mon Jan  1 00:00:00 2024${eol}${body}${body.endsWith(eol) ? "" : eol}${eol}`;
  });
  return Buffer.from(parts.join(""), "latin1");
}

export interface ProfileOptions {
  /** The add-on to install; omitted, the profile has none. */
  xpi?: string;
  /** .eml files for the Local Folders folder DEMO_FOLDER. */
  messages?: readonly string[];
  prefs?: Record<string, PrefValue>;
}

/** A fresh profile directory in the system temp dir; the caller removes it (see Thunderbird.cleanup). */
export async function createProfile(options: ProfileOptions): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "hoplock-tb-"));
  const prefs = { ...BASE_PREFS, ...options.prefs };
  const userJs = Object.entries(prefs).map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`);
  await writeFile(join(dir, "user.js"), `${userJs.join("\n")}\n`);
  if (options.xpi) {
    await mkdir(join(dir, "extensions"));
    await copyFile(options.xpi, join(dir, "extensions", `${ADDON_ID}.xpi`));
  }
  if (options.messages) {
    const mail = join(dir, "Mail", "Local Folders");
    await mkdir(mail, { recursive: true });
    const bytes = await Promise.all(options.messages.map((file) => readFile(file)));
    await writeFile(join(mail, DEMO_FOLDER), buildMbox(bytes));
  }
  return dir;
}

export interface LaunchOptions {
  profile: string;
  binary: string;
  headless: boolean;
  /** How long to wait for Marionette and the first window. */
  startupTimeoutMs?: number;
  /**
   * Run Thunderbird (all its processes and threads) at this nice level through `nice`, which execs it (same PID).
   * A negative level, for speed measurements on a shared machine, needs root or CAP_SYS_NICE; without it `nice` says
   * so on stderr and Thunderbird runs at the normal level.
   */
  niceness?: number;
}

/** A running Thunderbird we started, with a Marionette session in chrome context. */
export class Thunderbird {
  private readonly exited: Promise<void>;

  private constructor(
    readonly child: ChildProcess,
    readonly profile: string,
    readonly marionette: Marionette,
    private readonly output: string[],
  ) {
    this.exited = this.running ? new Promise((done) => child.once("exit", () => done())) : Promise.resolve();
  }

  static async launch(options: LaunchOptions): Promise<Thunderbird> {
    const args = ["--marionette", "--remote-allow-system-access", "--no-remote", "--new-instance", "--profile", options.profile];
    if (options.headless) args.unshift("--headless");
    const [command, commandArgs] =
      options.niceness === undefined ? [options.binary, args] : ["nice", ["-n", String(options.niceness), options.binary, ...args]];
    const child = spawn(command, commandArgs, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: "1", MOZ_DISABLE_AUTO_SAFE_MODE: "1" },
    });
    const output: string[] = [];
    for (const stream of [child.stdout, child.stderr]) stream?.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
    const deadline = Date.now() + (options.startupTimeoutMs ?? 60000);
    let exitCode: number | null = null;
    child.once("exit", (code) => (exitCode = code ?? -1));
    child.once("error", () => (exitCode = -1)); // e.g. not executable after all
    try {
      const port = await waitForPort(options.profile, deadline, () => exitCode);
      const marionette = await Marionette.connect(port, deadline);
      const tb = new Thunderbird(child, options.profile, marionette, output);
      await marionette.command("WebDriver:NewSession", { capabilities: {} }); // returns once the first window is up
      await marionette.command("Marionette:SetContext", { value: "chrome" });
      await marionette.command("WebDriver:SetTimeouts", { script: 60000 });
      return tb;
    } catch (error) {
      child.kill("SIGKILL");
      const log = lastLines(output.join(""), 30);
      throw new Error(`Thunderbird did not start (profile ${options.profile}): ${(error as Error).message}\n--- last output ---\n${log}`, { cause: error });
    }
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Everything Thunderbird wrote to stdout and stderr so far. */
  log(): string {
    return this.output.join("");
  }

  /** The last `count` lines of the log worth reading: without empty lines and headless GTK's noise. */
  logTail(count: number): string {
    return lastLines(
      this.log()
        .split("\n")
        .filter((line) => line.trim() && !/gtk_icon_theme|Gtk-CRITICAL/.test(line))
        .join("\n"),
      count,
    );
  }

  /** Lines of the log that report an error from the extension with this internal UUID. */
  extensionErrors(uuid: string): string[] {
    return this.log()
      .split("\n")
      .filter((line) => line.includes(`moz-extension://${uuid}/`) && /error/i.test(line));
  }

  /** Runs a chrome-context script (a function body; a returned Promise is awaited by Marionette). */
  execute<T>(script: string, args: unknown[] = [], sandbox?: string): Promise<T> {
    return this.marionette.command<T>("WebDriver:ExecuteScript", { script, args, ...(sandbox ? { sandbox, newSandbox: false } : {}) });
  }

  /**
   * Quits through Marionette, then escalates to SIGTERM and SIGKILL of our own PID only. Returns the PIDs of the
   * process tree (recorded before quitting) that are still alive afterwards; an empty list is a clean shutdown.
   */
  async quit(timeoutMs = 15000): Promise<number[]> {
    const tree = processTree(this.pid);
    if (this.running) {
      await within(
        this.marionette.command("Marionette:Quit", { flags: ["eForceQuit"] }).catch(() => undefined),
        timeoutMs,
      );
      if (!(await this.waitExit(timeoutMs))) {
        this.child.kill("SIGTERM");
        if (!(await this.waitExit(5000))) {
          this.child.kill("SIGKILL");
          await this.waitExit(5000);
        }
      }
    }
    this.marionette.close();
    await sleep(200); // the content processes go down just after the parent
    return tree.filter(isAlive);
  }

  async cleanup(): Promise<void> {
    await rm(this.profile, { recursive: true, force: true });
  }

  private async waitExit(ms: number): Promise<boolean> {
    return (
      (await within(
        this.exited.then(() => true),
        ms,
      )) ?? false
    );
  }
}

async function waitForPort(profile: string, deadline: number, exitCode: () => number | null): Promise<number> {
  const file = join(profile, "MarionetteActivePort");
  for (;;) {
    if (exitCode() !== null) throw new Error(`Thunderbird exited with code ${exitCode()}`);
    if (existsSync(file)) {
      const port = Number(readFileSync(file, "utf8").trim());
      if (port > 0) return port;
    }
    if (Date.now() > deadline) throw new Error("no MarionetteActivePort");
    await sleep(50);
  }
}

/** `pid` and all its descendants, from /proc (Linux). */
function processTree(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // field 4 of /proc/PID/stat is the parent; the command name (field 2) may contain spaces, so split after ")"
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // exited meanwhile
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [child, parent] of parents) if (parent === tree[i]) tree.push(child);
  return tree;
}

/** Alive and not a zombie (a zombie has exited; only its parent's reaping is missing). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

function lastLines(text: string, count: number): string {
  return text.split("\n").slice(-count).join("\n");
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** The promise's value, or undefined after `ms`; the timer is cleared so it cannot keep Node (and mocha) alive. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let cancel = () => {};
  const timeout = new Promise<undefined>((done) => {
    const timer = setTimeout(done, ms);
    cancel = () => clearTimeout(timer);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    cancel();
  }
}
