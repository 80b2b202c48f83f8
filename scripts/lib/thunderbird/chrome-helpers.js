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
  const popupReady = []; // { t, href, share, scriptStart }: a popup reached body[data-ready="1"] (share: its performance.now())
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
  const openPanel = () => [...mainWindow().document.querySelectorAll("panel.webextension-popup-panel")].find((p) => p.state === "open") ?? null;

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
        // share: the popup's own clock (0 = its navigation start), i.e. the part of the wait that is Hoplock's
        const report = () => {
          const scriptStart = content.performance.getEntriesByName("hoplock:script")[0]?.startTime ?? null;
          sendAsyncMessage("hoplock-e2e:ready", { href: doc.location.href, share: content.performance.now(), scriptStart });
        };
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

  /**
   * Runs once in the open popup's process and sends back what it renders. `expand` ("all", or hop numbers) opens those
   * hop rows first (as a click would), so their raw headers are in the document.
   */
  async function snapshotFrameScript({ reply, expand }) {
    const d = content.document;
    // a long report draws its rest a task after its first content: read it once every row is there
    for (let waited = 0; waited < 3000 && d.querySelector(".report:not([data-complete])"); waited += 10) {
      await new Promise((done) => content.setTimeout(done, 10));
    }
    // Thunderbird sizes the panel to its content after the page is ready: read the layout once that has settled
    const frame = () => new Promise((done) => content.requestAnimationFrame(() => done()));
    for (let stable = 0, last = -1, frames = 0; stable < 3 && frames < 60; frames++) {
      await frame();
      const height = d.documentElement.clientHeight;
      stable = height === last ? stable + 1 : 0;
      last = height;
    }
    if (expand) {
      const toggles = [...d.querySelectorAll(".hop-row[aria-expanded='false']")];
      for (const toggle of toggles) if (expand === "all" || expand.includes(Number(toggle.closest("[data-hop-index]").dataset.hopIndex))) toggle.click();
      await new Promise((done) => content.requestAnimationFrame(() => content.setTimeout(done, 0)));
    }
    const rect = (el) => {
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    };
    const route = [...d.querySelectorAll(".route-strip > li")].map((li) => {
      if (li.matches(".run")) {
        return {
          kind: "run",
          index: Number(li.dataset.run),
          claimed: li.dataset.claimed === "true",
          yours: li.dataset.yours === "true",
          basis: li.dataset.basis,
          name: li.querySelector(".run-name")?.textContent ?? "",
          dashed: content.getComputedStyle(li).borderTopStyle === "dashed",
          judged: [...li.querySelectorAll("button.inner-hop")].map((b) => ({
            hop: Number(b.dataset.hop),
            judgement: b.dataset.judgement,
            text: b.textContent,
          })),
        };
      }
      if (li.matches(".link")) {
        const link = li.querySelector("button");
        return {
          kind: "link",
          hop: Number(li.dataset.hop),
          judgement: li.dataset.judgement,
          version: li.dataset.version,
          claimed: li.dataset.claimed === "true",
          dashed: content.getComputedStyle(link).borderTopStyle === "dashed",
          word: link.querySelector(".judgement-word")?.textContent ?? "",
          versionText: link.querySelector(".judgement-version")?.textContent ?? "",
          isButton: link.localName === "button",
        };
      }
      return { kind: "gap" };
    });
    const hops = [...d.querySelectorAll("[data-hop-index]")].map((el) => ({
      index: Number(el.dataset.hopIndex),
      judgement: el.dataset.judgement || null,
      tlsStatus: el.dataset.tlsStatus ?? null,
      tlsVersion: el.dataset.tlsVersion ?? null,
      tlsCipher: el.dataset.tlsCipher ?? null,
      scope: el.dataset.scope ?? null,
      raw: el.querySelector(".hop-raw")?.textContent ?? null,
      // innerText is empty for what is not rendered (display: none, content-visibility: hidden)
      rowText: el.querySelector(".hop-row")?.innerText ?? "",
      rect: rect(el.querySelector(".hop-row")),
    }));
    const active = d.activeElement;
    sendAsyncMessage(reply, {
      ready: d.body?.dataset.ready ?? null,
      verdict: d.querySelector("[data-verdict]")?.dataset.verdict ?? null,
      lang: d.documentElement.lang,
      uiLanguage: content.wrappedJSObject.browser?.i18n?.getUILanguage?.() ?? null,
      headline: d.querySelector(".headline")?.textContent ?? null,
      capped: d.querySelector(".capped")?.textContent ?? null,
      route,
      hops,
      focused: active && active !== d.body ? { id: active.id, name: active.textContent, hop: Number(active.dataset.hop ?? NaN) } : null,
      text: d.body?.textContent ?? "",
      // the popup may use <img> for its own icons; an injected one would carry the header's src="x"
      injectedImages: [...d.querySelectorAll("img")].filter((img) => img.getAttribute("src") === "x").length,
      inlineHandlers: [...d.querySelectorAll("*")].filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name))).length,
      markupInRaw: [...d.querySelectorAll(".hop-raw img, .hop-raw b, .hop-raw script")].length,
      layout: {
        scrollWidth: d.documentElement.scrollWidth,
        clientWidth: d.documentElement.clientWidth,
        clientHeight: d.documentElement.clientHeight,
        scrollTop: d.documentElement.scrollTop,
        strip: rect(d.querySelector(".route-strip")),
        background: content.getComputedStyle(d.body).backgroundColor,
        color: content.getComputedStyle(d.body).color,
        devicePixelRatio: content.devicePixelRatio,
      },
    });
  }

  /**
   * Runs in the open popup's process: real key presses (trusted events with their default actions: Tab moves focus,
   * Enter activates a button) through nsITextInputProcessor, as EventUtils does. `walk`: from the document's start,
   * Tab until every route button was reached; `enter`: focus each route button and press Enter on it.
   */
  async function keyboardFrameScript({ reply, mode }) {
    const d = content.document;
    const tip = Cc["@mozilla.org/text-input-processor;1"].createInstance(Ci.nsITextInputProcessor);
    tip.beginInputTransactionForTests(content);
    const KEYS = { Tab: { key: "Tab", code: "Tab", keyCode: 9 }, Enter: { key: "Enter", code: "Enter", keyCode: 13 } };
    const frame = () => new Promise((done) => content.requestAnimationFrame(() => done()));
    const settle = async () => {
      await frame();
      await frame();
    };
    for (let waited = 0; waited < 3000 && d.querySelector(".report:not([data-complete])"); waited += 10) {
      await new Promise((done) => content.setTimeout(done, 10));
    }
    const SHIFT = new content.KeyboardEvent("", { key: "Shift", code: "ShiftLeft", keyCode: 16 });
    const press = async (name, shift = false) => {
      const event = new content.KeyboardEvent("", KEYS[name]);
      if (shift) tip.keydown(SHIFT);
      tip.keydown(event);
      tip.keyup(event);
      if (shift) tip.keyup(SHIFT);
      await settle();
    };
    const routeButtons = [...d.querySelectorAll(".route-strip button")].map((b) => b.id);
    if (mode === "walk") {
      // from where focus is at open (the deciding hop), Shift+Tab back to the start, then Tab forward
      const start = d.activeElement;
      const reached = [start?.id ?? ""];
      const walk = async (shift) => {
        for (let presses = 0; presses < 400; presses++) {
          await press("Tab", shift);
          const el = d.activeElement;
          if (!el || el === d.body || reached.includes(el.id) || (!shift && routeButtons.every((id) => reached.includes(id)))) return;
          reached.push(el.id);
        }
      };
      await walk(true);
      start?.focus();
      await walk(false);
      sendAsyncMessage(reply, { routeButtons, reached });
      return;
    }
    const results = [];
    const inView = (el) => {
      const r = el?.getBoundingClientRect();
      return !!r && r.top >= -1 && r.bottom <= d.documentElement.clientHeight + 1; // scrolled to a fractional offset
    };
    for (const id of routeButtons) {
      const connector = d.getElementById(id);
      connector.focus();
      await settle();
      await press("Enter");
      const hop = Number(connector.dataset.hop);
      const toggle = d.getElementById(`hop-${hop}-toggle`);
      // a scroll may still be running (smooth scrolling): give it a few frames
      for (let frames = 0; frames < 30 && !inView(toggle); frames++) await frame();
      const r = toggle?.getBoundingClientRect();
      results.push({
        id,
        hop,
        expanded: toggle?.getAttribute("aria-expanded") === "true",
        focused: d.activeElement === toggle,
        inView: inView(toggle),
        rawShown: (d.getElementById(`hop-${hop}-details`)?.querySelector(".hop-raw")?.innerText ?? "").length > 0,
        where: `top ${r?.top} bottom ${r?.bottom} of ${d.documentElement.clientHeight}, scrolled ${d.documentElement.scrollTop}`,
      });
    }
    sendAsyncMessage(reply, { results });
  }

  const frameScriptUrl = (fn, arg) => `data:,${encodeURIComponent(`(${fn})(${JSON.stringify(arg)});`)}`;

  /** Runs `fn(arg)` as a one-shot frame script in the open popup and resolves with what it sends back. */
  function inPopup(fn, arg, panel = openPanel()) {
    const mm = panel.querySelector("browser.webextension-popup-browser").messageManager;
    const reply = `hoplock-e2e:reply:${now()}:${Math.random()}`;
    return new Promise((resolve) => {
      mm.addMessageListener(reply, function listener(message) {
        mm.removeMessageListener(reply, listener);
        resolve(message.data);
      });
      mm.loadFrameScript(frameScriptUrl(fn, { ...arg, reply }), false);
    });
  }

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
    const ext = await waitFor(
      () => `the add-on ${config.addonId} to start`,
      () => extension(),
      30000,
    );
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
    Services.mm.addMessageListener("hoplock-e2e:ready", (message) => popupReady.push({ t: now(), ...message.data }));
    // any add-on's page: the latency floor is measured on another add-on's empty popup
    Services.mm.loadFrameScript(frameScriptUrl(readyFrameScript, "moz-extension://"), true);
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
        await waitFor(
          () => "the selection to clear",
          () => pane.gDBView.numSelected === 0,
        );
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
      await waitFor(
        () => "the popup to close",
        () => panel.state === "closed",
      );
    }
  }

  /** Clicks the button as a user would (ToolbarButtonAPI listens for a plain click), waits for the rendered popup. */
  async function openPopup(options = {}) {
    await closePopups();
    const clickedAt = now();
    button().click();
    return awaitPopup(clickedAt, options);
  }

  /** Another add-on's button (the latency floor's empty popup): click to body[data-ready], and its own clock then. */
  async function openOtherPopup(buttonId) {
    await closePopups();
    const other = await waitFor(
      () => `the button ${buttonId}`,
      () => aboutMessage().document.getElementById(buttonId),
    );
    const clickedAt = now();
    other.click();
    await waitFor(() => "its popup panel to open", openPanel);
    const ready = await waitFor(
      () => "its popup to be ready",
      () => popupReady.find((r) => r.t >= clickedAt),
    );
    return { popupMs: ready.t - clickedAt, shareMs: ready.share };
  }

  /**
   * The <key> elements bound to `modifiers`+`key` in the 3-pane window, its about:3pane and about:message, and a
   * standalone message window (opened for the look-up, then closed), except the add-on's own shortcut.
   */
  async function keysUsing(modifiers, key) {
    const main = mainWindow();
    const pane = about3Pane();
    const documents = [
      ["3-pane window", main.document],
      ["about:3pane", pane.document],
      ["about:message", aboutMessage().document],
    ];
    const messageWindow = main.openDialog(
      "chrome://messenger/content/messageWindow.xhtml",
      "_blank",
      "all,chrome,dialog=no,status,toolbar",
      pane.gDBView.hdrForFirstSelectedMessage,
    );
    await new Promise((done) => messageWindow.addEventListener("load", done, { once: true }));
    await waitFor(
      () => "the message window's keys",
      () => messageWindow.document.querySelectorAll("key").length > 50,
    );
    documents.push(["message window", messageWindow.document]);
    const wanted = modifiers
      .split(",")
      .map((m) => m.trim())
      .sort()
      .join(",");
    const normal = (m) =>
      (m ?? "")
        .split(/[ ,]+/)
        .filter(Boolean)
        .map((x) => (x === "control" || x === "accel" ? "accel" : x))
        .sort()
        .join(",");
    const widget = config.buttonId.replace("-messageDisplayAction-toolbarbutton", "");
    const ours = (k) => `${k.id} ${k.closest("keyset")?.id ?? ""}`.includes(widget);
    const found = [];
    let inspected = 0;
    for (const [where, doc] of documents) {
      for (const k of doc.querySelectorAll("key")) {
        inspected++;
        if (ours(k)) continue;
        if ((k.getAttribute("key") ?? "").toUpperCase() !== key.toUpperCase()) continue;
        if (normal(k.getAttribute("modifiers")) !== normal(wanted)) continue;
        found.push(`${where}: ${k.id || "(no id)"} ${k.getAttribute("modifiers")}+${k.getAttribute("key")}`);
      }
    }
    messageWindow.close();
    return { inspected, found };
  }

  async function awaitPopup(since, options = {}) {
    const panel = await waitFor(() => "the popup panel to open", openPanel);
    const ready = await waitFor(
      () => "the popup to set body[data-ready]",
      () => popupReady.find((r) => r.t >= since),
    );
    const codeMs = ready.scriptStart === null ? null : ready.share - ready.scriptStart;
    return { popupMs: ready.t - since, shareMs: ready.share, codeMs, ...(await readPopupIn(panel, options)) };
  }

  /** The popup is out of process (doc §4): read it with a one-shot frame script through its message manager. */
  function readPopupIn(panel, options = {}) {
    return inPopup(snapshotFrameScript, { expand: options?.expand ?? null }, panel);
  }

  const readPopup = (options) => readPopupIn(openPanel(), options);

  /** Tab through the popup, or press Enter on each route button (see keyboardFrameScript). */
  function popupKeyboard(mode) {
    return inPopup(keyboardFrameScript, { mode });
  }

  /**
   * Presses the add-on's shortcut as a user would, with focus in the message list (`list`) or in the message itself
   * (`message`), and waits for the popup. Key events go through nsITextInputProcessor in the focused window.
   */
  async function pressShortcut(where, key) {
    await closePopups();
    const pane = about3Pane();
    const target = where === "list" ? pane : aboutMessage();
    const focusTarget = where === "list" ? pane.threadTree : aboutMessage().getMessagePaneBrowser();
    focusTarget.focus();
    await waitFor(
      () => `focus in the ${where}`,
      () => target.document.activeElement === focusTarget,
    );
    const focused = target.document.activeElement;
    const focusedBefore = `${target.document.location.href} ${focused.localName}#${focused.id}`;
    const tip = Cc["@mozilla.org/text-input-processor;1"].createInstance(Ci.nsITextInputProcessor);
    tip.beginInputTransactionForTests(target);
    const { KeyboardEvent } = target;
    const ctrl = new KeyboardEvent("", { key: "Control", code: "ControlLeft", keyCode: 17 });
    const shift = new KeyboardEvent("", { key: "Shift", code: "ShiftLeft", keyCode: 16 });
    const letter = new KeyboardEvent("", { key: key.toUpperCase(), code: `Key${key.toUpperCase()}`, keyCode: key.toUpperCase().charCodeAt(0) });
    const pressedAt = now();
    tip.keydown(ctrl);
    tip.keydown(shift);
    tip.keydown(letter);
    tip.keyup(letter);
    tip.keyup(shift);
    tip.keyup(ctrl);
    return { focusedBefore, ...(await awaitPopup(pressedAt)) };
  }

  /**
   * Where the badge sits over the icon, and whether it hides any of the lock: the icon is drawn at the button's
   * size on a canvas and the pixels under the badge are read.
   */
  async function badgeOverIcon(iconName) {
    const btn = button();
    const icon = btn.querySelector(".toolbarbutton-icon").getBoundingClientRect();
    const badge = btn.querySelector(".toolbarbutton-badge").getBoundingClientRect();
    const win = aboutMessage();
    const image = new win.Image();
    image.src = `moz-extension://${extension().uuid}/icons/${iconName}.svg`;
    await image.decode();
    const scale = 4;
    const canvas = win.document.createElementNS("http://www.w3.org/1999/xhtml", "canvas");
    canvas.width = icon.width * scale;
    canvas.height = icon.height * scale;
    const ctx = canvas.getContext("2d");
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    const left = Math.max(0, badge.left - icon.left);
    const top = Math.max(0, badge.top - icon.top);
    const right = Math.min(icon.width, badge.right - icon.left);
    const bottom = Math.min(icon.height, badge.bottom - icon.top);
    let covered = 0;
    if (right > left && bottom > top) {
      const pixels = ctx.getImageData(left * scale, top * scale, (right - left) * scale, (bottom - top) * scale).data;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 16) covered++;
    }
    const rect = (r) => ({ left: r.left, top: r.top, width: r.width, height: r.height });
    return { icon: rect(icon), badge: rect(badge), badgeText: btn.getAttribute("badge"), coveredPixels: covered };
  }

  /** Stops the event page exactly as the idle timer does (ext-backgroundPage.js calls the same method). */
  async function stopBackground() {
    const ext = extension();
    await ext.terminateBackground({ ignoreDevToolsAttached: true });
    await waitFor(
      () => `the background to stop (state ${ext.backgroundState})`,
      () => ext.backgroundState === "stopped",
    );
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
    await waitFor(
      () => `the popup to zoom to ${factor}`,
      () => Math.abs(browser.browsingContext.fullZoom - factor) < 0.01,
    );
    await sleep(200); // reflow
    return readPopupIn(panel, { expand: "all" });
  }

  /** Switches the system colour scheme Thunderbird follows (what a desktop's dark mode sets). */
  function setDarkTheme(dark) {
    if (dark === null) Services.prefs.clearUserPref("ui.systemUsesDarkTheme");
    else Services.prefs.setIntPref("ui.systemUsesDarkTheme", dark ? 1 : 0);
  }

  async function resizeWindow(width, height) {
    const win = mainWindow();
    win.resizeTo(width, height);
    await waitFor(
      () => `the window to be ${width}x${height}`,
      () => win.outerWidth === width && win.outerHeight === height,
    );
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

  return {
    init,
    openFolder,
    showMessage,
    readButton,
    openPopup,
    openOtherPopup,
    keysUsing,
    readPopup,
    popupKeyboard,
    pressShortcut,
    badgeOverIcon,
    closePopups,
    stopBackground,
    backgroundState,
    defaultTitle,
    errors,
    resizeWindow,
    screenshot,
    zoomPopup,
    setDarkTheme,
  };
})();
