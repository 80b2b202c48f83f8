/**
 * `npm start`: Thunderbird with the freshly packaged add-on in a throwaway profile whose Local Folders hold demo
 * messages, the seed example selected. The profile is deleted when Thunderbird exits.
 *
 *   npm start                  needs a display (DISPLAY or WAYLAND_DISPLAY)
 *   npm start -- --headless    no window: prints what the button shows for each demo message, then quits
 *   xvfb-run -a npm start      a virtual display (apt-get install xvfb)
 */
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import { Chrome } from "./lib/thunderbird/chrome.ts";
import { createProfile, DEMO_FOLDER, findThunderbird, INSTALL_HINT, ROOT, Thunderbird, XPI } from "./lib/thunderbird/thunderbird.ts";

const DEMO = [
  "messages/00-seed-hotmail-proofpoint-luxsci.eml",
  "messages/12-gmail-to-yandex-tls13.eml",
  "messages/16-powermta-to-eop-cleartext.eml",
  "e2e/21-weak-tls1-rc4-gmail-to-postfix.eml",
  "e2e/22-internal-only-postfix-amavis.eml",
  "e2e/20-no-received-headers.eml",
  "e2e/23-html-in-received-vger-exim.eml",
].map((file) => join(ROOT, "test/fixtures", file));

async function main(): Promise<number> {
  const headless = process.argv.includes("--headless");
  const binary = findThunderbird();
  if (!binary) {
    console.error(`Thunderbird not found: ${INSTALL_HINT}.`);
    return 1;
  }
  if (!headless && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    console.error(
      "No display: DISPLAY and WAYLAND_DISPLAY are not set.\n" +
        "  npm start -- --headless   check the add-on without a window (prints what its button shows)\n" +
        "  xvfb-run -a npm start     run on a virtual display (apt-get install xvfb)",
    );
    return 1;
  }
  if (!existsSync(XPI)) {
    console.error(`${XPI} is missing: run \`npm run package\` (npm start does it first).`);
    return 1;
  }
  // Marionette drives only the setup (select the seed message); the profile is throwaway, so its remote access is too.
  const tb = await Thunderbird.launch({ binary, headless, profile: await createProfile({ xpi: XPI, messages: DEMO }) });
  const stop = async () => {
    if (tb.running) await tb.quit();
    await tb.cleanup();
  };
  process.once("SIGINT", () => void stop().then(() => process.exit(130)));
  try {
    const { chrome, version } = await Chrome.attach(tb);
    await chrome.openFolder(DEMO.length);
    if (headless) {
      for (const [index, file] of DEMO.entries()) {
        const shown = await chrome.showMessage(index);
        console.log(`${basename(file)}: ${shown.label ?? ""} (${shown.icon}) [${shown.badge ?? ""}] ${shown.tooltip ?? ""}`);
      }
      await stop();
      return 0;
    }
    await chrome.showMessage(0);
    console.log(`Hoplock ${version} is running in Thunderbird (profile ${tb.profile}, folder Local Folders/${DEMO_FOLDER}).`);
    console.log("Click the Hoplock button above the message. Close Thunderbird (or press Ctrl+C) to finish.");
  } catch (error) {
    console.error(`${(error as Error).message}\n--- Thunderbird output ---\n${tb.logTail(30)}`);
    await stop();
    return 1;
  }
  if (tb.running) await new Promise((done) => tb.child.once("exit", done));
  await stop();
  return 0;
}

process.exitCode = await main();
