/*
 * Chrome-context helpers for the E2E harness. Marionette evaluates this file inside Thunderbird (not Node) once, in a
 * named sandbox that persists between calls; the harness then calls `hoplock.<name>(...)` (see chrome.ts). Plain
 * JavaScript on purpose: the frame scripts below are sent as source text, which a TypeScript transform could alter.
 */
/* global Services, ChromeUtils, Cc, Ci, content, sendAsyncMessage, addEventListener */
"use strict";

globalThis.hoplock = (() => {
  const { ExtensionParent } = ChromeUtils.importESModule("resource://gre/modules/ExtensionParent.sys.mjs");
  const { MailServices } = ChromeUtils.importESModule("resource:///modules/MailServices.sys.mjs");
  const VERDICTS = ["encrypted", "weak", "not-encrypted", "unknown", "internal", "none"];
  /** The button counts as settled once it has shown a verdict icon and not changed for this long. */
  const QUIET_MS = 150;
  /** One monotonic clock for every timestamp, whichever window or process an event comes from. */
  const now = () => ChromeUtils.now();
  const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

  let config = null; // { addonId, buttonId, folder }
  const consoleErrors = [];
  const popupReady = []; // { t, href }: the popup document reached body[data-ready="1"]
  let hdrs = [];

  async function waitFor(describe, test, timeoutMs = 20000) {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const value = await test();
      if (value) return value;
      if (Date.now() > end) throw new Error(`timed out waiting for ${describe()}`);
      await sleep(5);
    }
  }

  const mainWindow = () => Services.wm.getMostRecentWindow("mail:3pane");
  const about3Pane = () => mainWindow().document.getElementById("tabmail").currentAbout3Pane;
  const aboutMessage = () => about3Pane().messageBrowser.contentWindow;
  const button = () => aboutMessage().document.getElementById(config.buttonId);
  const extension = () => ExtensionParent.GlobalManager.getExtension(config.addonId);
  const openPanel = () =>
    [...mainWindow().document.querySelectorAll("panel.webextension-popup-panel")].find((p) => p.state === "open") ?? null;

  function readButton(btn = button()) {
    if (!btn) return null;
    // the icon is applied as CSS variables holding the moz-extension:// URL of icons/lock-<state>.svg
    const icon = /lock-([a-z-]+)\.(?:svg|png)/.exec(btn.getAttribute("style") ?? "")?.[1] ?? null;
    return { badge: btn.getAttribute("badge"), tooltip: btn.getAttribute("tooltiptext"), label: btn.getAttribute("label"), icon };
  }

  /** Runs in every browser created from now on; reports when one of our pages marks itself ready. */
  function readyFrameScript(prefix) {
    addEventListener(
      "DOMContentLoaded",
      (event) => {
        const doc = event.target;
        if (doc !== content.document || !doc.location.href.startsWith(prefix)) return;
        const report = () => sendAsyncMessage("hoplock-e2e:ready", { href: doc.location.href });
        if (doc.body?.dataset.ready === "1") return report();
        const observer = new content.MutationObserver(() => {
          if (doc.body?.dataset.ready !== "1") return;
          observer.disconnect();
          report();
        });
        observer.observe(doc.documentElement, { attributes: true, subtree: true, attributeFilter: ["data-ready"] });
      },
      true,
    );
  }

  /** Runs in every process: console.error() of the add-on's pages stays in its own process unless forwarded. */
  function consoleProcessScript(ids) {
    const storage = Cc["@mozilla.org/consoleAPI-storage;1"].getService(Ci.nsIConsoleAPIStorage);
    const forward = (event) => {
      if (event.level !== "error") return;
      if (event.addonId !== ids.addonId && !String(event.filename).startsWith(ids.prefix)) return;
      const text = [...event.arguments].map((arg) => String(arg)).join(" ");
      Services.cpmm.sendAsyncMessage("hoplock-e2e:console", `console.error: ${text} (${event.filename}:${event.lineNumber})`);
    };
    for (const event of storage.getEvents()) forward(event); // logged before this script arrived
    storage.addLogEventListener(forward, Services.scriptSecurityManager.getSystemPrincipal());
  }

  /** Runs once in the open popup's process and sends back what it renders. */
  function snapshotFrameScript(reply) {
    const d = content.document;
    const hops = [...d.querySelectorAll("[data-hop-index]")].map((el) => ({
      index: Number(el.dataset.hopIndex),
      tlsStatus: el.dataset.tlsStatus ?? null,
      tlsVersion: el.dataset.tlsVersion ?? null,
      tlsCipher: el.dataset.tlsCipher ?? null,
      scope: el.dataset.scope ?? null,
      raw: el.querySelector(".hop-raw")?.textContent ?? null,
    }));
    sendAsyncMessage(reply, {
      ready: d.body?.dataset.ready ?? null,
      verdict: d.querySelector("[data-verdict]")?.dataset.verdict ?? null,
      hops,
      text: d.body?.textContent ?? "",
      // the popup may use <img> for its own icons; an injected one would carry the header's src="x"
      injectedImages: [...d.querySelectorAll("img")].filter((img) => img.getAttribute("src") === "x").length,
      inlineHandlers: [...d.querySelectorAll("*")].filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name))).length,
      markupInRaw: [...d.querySelectorAll(".hop-raw img, .hop-raw b, .hop-raw script")].length,
      layout: {
        scrollWidth: d.documentElement.scrollWidth,
        clientWidth: d.documentElement.clientWidth,
        background: content.getComputedStyle(d.body).backgroundColor,
        color: content.getComputedStyle(d.body).color,
        devicePixelRatio: content.devicePixelRatio,
      },
    });
  }

  const frameScriptUrl = (fn, arg) => `data:,${encodeURIComponent(`(${fn})(${JSON.stringify(arg)});`)}`;

  /** Waits for startup and the add-on, then records the add-on's console errors (thrown and console.error()) and popup readiness. */
  async function init(options) {
    config = options;
    await waitFor(
      () => "Thunderbird's delayed startup",
      () => {
        const win = mainWindow();
        return win?.document.readyState === "complete" && win.gMailInit?.delayedStartupFinished;
      },
      60000,
    );
    const ext = await waitFor(() => `the add-on ${config.addonId} to start`, () => extension(), 30000);
    const prefix = `moz-extension://${ext.uuid}/`;
    const record = (message) => {
      if (!(message instanceof Ci.nsIScriptError)) return;
      if (message.flags & (Ci.nsIScriptError.warningFlag | Ci.nsIScriptError.infoFlag)) return;
      const text = `${message.errorMessage} (${message.sourceName}:${message.lineNumber})`;
      // only our pages' own errors: platform code may name the add-on in its own noise (e.g. ConduitsChild's
      // "sendRemoveListener on closed conduit" when an event page with storage/runtime listeners is terminated)
      if (text.includes(prefix)) consoleErrors.push(text);
    };
    for (const message of Services.console.getMessageArray() ?? []) record(message); // errors logged before init
    Services.console.registerListener({ observe: record });
    Services.ppmm.addMessageListener("hoplock-e2e:console", (message) => consoleErrors.push(message.data));
    Services.ppmm.loadProcessScript(frameScriptUrl(consoleProcessScript, { addonId: config.addonId, prefix }), true);
    Services.mm.addMessageListener("hoplock-e2e:ready", (message) => popupReady.push({ t: now(), href: message.data.href }));
    Services.mm.loadFrameScript(frameScriptUrl(readyFrameScript, prefix), true);
    return { uuid: ext.uuid, version: ext.version };
  }

  /** Shows DEMO_FOLDER in the 3-pane; returns the Message-IDs in mbox order (the order of the fixture files). */
  async function openFolder(count) {
    const folder = MailServices.accounts.localFoldersServer.rootFolder.getChildNamed(config.folder);
    const pane = about3Pane();
    pane.displayFolder(folder.URI);
    await waitFor(
      () => `${count} messages in ${config.folder} (have ${pane.gDBView?.rowCount})`,
      () => pane.gDBView?.rowCount === count,
    );
    // keys grow in the order the mbox was parsed, i.e. file order
    hdrs = [...folder.messages].sort((a, b) => a.messageKey - b.messageKey);
    return hdrs.map((hdr) => hdr.messageId);
  }

  /**
   * Selects message `index` and waits until the button shows a verdict for it. Latency: from MsgsLoaded (the event
   * messageDisplay.onMessagesDisplayed is fired from) to the first change that set the badge to its final text.
   */
  async function showMessage(index) {
    const win = aboutMessage();
    const btn = button();
    let displayedAt = null;
    const changes = [];
    const onLoaded = () => (displayedAt ??= now());
    const observer = new win.MutationObserver(() => changes.push({ t: now(), ...readButton(btn) }));
    win.addEventListener("MsgsLoaded", onLoaded, true);
    observer.observe(btn, { attributes: true, attributeFilter: ["badge", "tooltiptext", "label", "style"] });
    try {
      const pane = about3Pane();
      if (pane.gDBView.hdrForFirstSelectedMessage === hdrs[index]) {
        // selecting the displayed message again loads nothing: clear the selection first
        pane.threadTree.selectedIndex = -1;
        await waitFor(() => "the selection to clear", () => pane.gDBView.numSelected === 0);
      }
      pane.selectMessage(hdrs[index]);
      await waitFor(
        () => `message ${index + 1}'s verdict on the button (displayed: ${displayedAt !== null}, button: ${JSON.stringify(readButton(btn))})`,
        () => {
          if (displayedAt === null) return false;
          const last = changes.filter((c) => c.t >= displayedAt).at(-1);
          return last && VERDICTS.includes(last.icon) && now() - last.t >= QUIET_MS;
        },
      );
    } finally {
      observer.disconnect();
      win.removeEventListener("MsgsLoaded", onLoaded, true);
    }
    const final = readButton(btn);
    const badgeSet = changes.find((c) => c.t >= displayedAt && c.badge === final.badge);
    return { ...final, badgeMs: badgeSet.t - displayedAt };
  }

  async function closePopups() {
    for (const panel of mainWindow().document.querySelectorAll("panel.webextension-popup-panel")) {
      if (panel.state === "closed") continue;
      panel.hidePopup();
      await waitFor(() => "the popup to close", () => panel.state === "closed");
    }
  }

  /** Clicks the button as a user would (ToolbarButtonAPI listens for a plain click), waits for the rendered popup. */
  async function openPopup() {
    await closePopups();
    const clickedAt = now();
    button().click();
    const panel = await waitFor(() => "the popup panel to open", openPanel);
    const ready = await waitFor(() => "the popup to set body[data-ready]", () => popupReady.find((r) => r.t >= clickedAt));
    return { popupMs: ready.t - clickedAt, ...(await readPopup(panel)) };
  }

  /** The popup is out of process (doc §4): read it with a one-shot frame script through its message manager. */
  function readPopup(panel = openPanel()) {
    const mm = panel.querySelector("browser.webextension-popup-browser").messageManager;
    const reply = `hoplock-e2e:snapshot:${now()}`;
    return new Promise((resolve) => {
      mm.addMessageListener(reply, function listener(message) {
        mm.removeMessageListener(reply, listener);
        resolve(message.data);
      });
      mm.loadFrameScript(frameScriptUrl(snapshotFrameScript, reply), false);
    });
  }

  /** Stops the event page exactly as the idle timer does (ext-backgroundPage.js calls the same method). */
  async function stopBackground() {
    const ext = extension();
    await ext.terminateBackground({ ignoreDevToolsAttached: true });
    await waitFor(() => `the background to stop (state ${ext.backgroundState})`, () => ext.backgroundState === "stopped");
    return ext.backgroundState;
  }

  const backgroundState = () => extension().backgroundState;
  /** The button's title before the add-on sets one (the manifest is stored localized). */
  const defaultTitle = () => extension().manifest.message_display_action?.default_title ?? null;
  const errors = () => consoleErrors.slice();

  /** Zooms the open popup as Ctrl++ would, then reads it again once it has reflowed. */
  async function zoomPopup(factor) {
    const panel = openPanel();
    const browser = panel.querySelector("browser.webextension-popup-browser");
    browser.browsingContext.fullZoom = factor;
    await waitFor(() => `the popup to zoom to ${factor}`, () => Math.abs(browser.browsingContext.fullZoom - factor) < 0.01);
    await sleep(200); // reflow
    return readPopup(panel);
  }

  /** Switches the system colour scheme Thunderbird follows (what a desktop's dark mode sets). */
  function setDarkTheme(dark) {
    if (dark === null) Services.prefs.clearUserPref("ui.systemUsesDarkTheme");
    else Services.prefs.setIntPref("ui.systemUsesDarkTheme", dark ? 1 : 0);
  }

  async function resizeWindow(width, height) {
    const win = mainWindow();
    win.resizeTo(width, height);
    await waitFor(() => `the window to be ${width}x${height}`, () => win.outerWidth === width && win.outerHeight === height);
  }

  /**
   * The window with the open popup drawn where it sits, as a PNG data URL. The popup is its own widget, so a window
   * capture misses it: draw the window and the popup browser separately and compose them.
   */
  async function screenshot() {
    const win = mainWindow();
    const panel = openPanel();
    const browser = panel.querySelector("browser.webextension-popup-browser");
    const scale = win.devicePixelRatio;
    const windowImage = await win.browsingContext.currentWindowGlobal.drawSnapshot(null, scale, "white");
    const popupImage = await browser.browsingContext.currentWindowGlobal.drawSnapshot(null, scale, "white");
    const popup = panel.getOuterScreenRect();
    const x = (popup.left - win.mozInnerScreenX) * scale;
    const y = (popup.top - win.mozInnerScreenY) * scale;
    const canvas = win.document.createElementNS("http://www.w3.org/1999/xhtml", "canvas");
    canvas.width = windowImage.width;
    canvas.height = windowImage.height;
    const ctx = canvas.getContext("2d");
    ctx.drawImage(windowImage, 0, 0);
    ctx.shadowColor = "rgba(0, 0, 0, 0.35)";
    ctx.shadowBlur = 12 * scale;
    ctx.fillStyle = "white";
    ctx.fillRect(x, y, popupImage.width, popupImage.height);
    ctx.shadowColor = "transparent";
    ctx.drawImage(popupImage, x, y);
    ctx.strokeStyle = "#8f8f9d";
    ctx.strokeRect(x - 0.5, y - 0.5, popupImage.width + 1, popupImage.height + 1);
    return {
      png: canvas.toDataURL("image/png"),
      window: [windowImage.width, windowImage.height],
      popup: [Math.round(x), Math.round(y), popupImage.width, popupImage.height],
    };
  }

  return { init, openFolder, showMessage, readButton, openPopup, readPopup, closePopups, stopBackground, backgroundState, defaultTitle, errors, resizeWindow, screenshot, zoomPopup, setDarkTheme };
})();
