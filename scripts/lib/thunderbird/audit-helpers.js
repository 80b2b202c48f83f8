/*
 * Chrome-context helpers for the audit page's E2E suite, evaluated inside Thunderbird after chrome-helpers.js in the
 * same sandbox (see chrome.ts): they add `hoplock.audit*` functions. The audit page is a remote extension tab; it is
 * driven by one-shot frame scripts that click its real buttons and read its DOM and its `hoplockAuditProbe`.
 */
/* global Services, ChromeUtils, content, sendAsyncMessage */
"use strict";

(() => {
  const { MailServices } = ChromeUtils.importESModule("resource:///modules/MailServices.sys.mjs");
  const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
  const mainWindow = () => Services.wm.getMostRecentWindow("mail:3pane");
  const tabmail = () => mainWindow().document.getElementById("tabmail");
  const auditPath = "/build/addon/audit.html";

  async function waitFor(describe, test, timeoutMs = 30000) {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const value = await test();
      if (value) return value;
      if (Date.now() > end) throw new Error(`timed out waiting for ${describe()}`);
      await sleep(10);
    }
  }

  const auditTabs = () => tabmail().tabInfo.filter((info) => info.browser?.currentURI?.spec.includes(auditPath));
  /** The audit tab the helpers act on: the one the toolbar button opened last. */
  let current = null;
  const currentTab = () => (current && auditTabs().includes(current) ? current : auditTabs().at(-1));

  /** Shows a Local Folders folder in the first mail tab and waits for its rows; returns the tab's id for the add-on. */
  async function showFolder(name, rows) {
    const tm = tabmail();
    tm.switchToTab(0);
    const folder = MailServices.accounts.localFoldersServer.rootFolder.getChildNamed(name);
    const pane = tm.currentAbout3Pane;
    pane.displayFolder(folder.URI);
    await waitFor(
      () => `${rows} rows in ${name} (have ${pane.gDBView?.rowCount})`,
      () => pane.gDBView?.rowCount === rows,
      60000,
    );
    return { rows: pane.gDBView.rowCount, total: folder.getTotalMessages(false) };
  }

  /** Rows the 3-pane shows now (after a quick filter, say). */
  function folderRows() {
    return tabmail().tabInfo[0].chromeBrowser.contentWindow.gDBView?.rowCount ?? null;
  }

  /** The Message-ID → message key of a folder's messages, and their tags (keywords). */
  function folderKeywords(name) {
    const folder = MailServices.accounts.localFoldersServer.rootFolder.getChildNamed(name);
    const out = {};
    for (const hdr of folder.messages) out[hdr.messageId] = hdr.getStringProperty("keywords");
    return out;
  }

  /** Clicks the main toolbar's Hoplock button and waits for the audit tab it opens. */
  async function clickToolbarButton(addonId) {
    const before = auditTabs();
    const doc = mainWindow().document;
    const button = await waitFor(
      () => "the toolbar button",
      () => doc.querySelector(`#unifiedToolbarContent [extension="${addonId}"]`),
    );
    const label = button.textContent.trim();
    button.click();
    current = await waitFor(
      () => "a new audit tab",
      () => auditTabs().find((info) => !before.includes(info)),
    );
    return { label, url: await auditPageReady() };
  }

  /** Waits for the current audit tab's page to be ready; returns its URL. */
  async function auditPageReady() {
    const info = await waitFor(
      () => "the audit tab",
      () => currentTab(),
    );
    await waitFor(
      () => "the audit page to be ready",
      async () => (await inAuditPage(readyProbe, {}, info)).ready === "1",
    );
    return info.browser.currentURI.spec;
  }

  function readyProbe({ reply }) {
    sendAsyncMessage(reply, { ready: content.document.body?.dataset.ready ?? null });
  }

  function closeAuditTabs() {
    for (const info of auditTabs()) tabmail().closeTab(info);
  }

  const frameScriptUrl = (fn, arg) => `data:,${encodeURIComponent(`(${fn})(${JSON.stringify(arg)});`)}`;

  /** Runs `fn(arg)` as a one-shot frame script in the audit tab (the newest one) and resolves with what it sends. */
  function inAuditPage(fn, arg, info = currentTab()) {
    const mm = info.browser.messageManager;
    const reply = `hoplock-e2e:audit:${ChromeUtils.now()}:${Math.random()}`;
    return new Promise((resolve) => {
      mm.addMessageListener(reply, function listener(message) {
        mm.removeMessageListener(reply, listener);
        resolve(message.data);
      });
      mm.loadFrameScript(frameScriptUrl(fn, { ...arg, reply }), false);
    });
  }

  /**
   * In the page: chooses a scope, clicks Start (with a 50 ms heartbeat timer of the page running, recording the
   * longest gap between its ticks while the audit runs), optionally clicks Cancel once `cancelAfter` messages are
   * read, waits for the end and reads the results.
   */
  async function runFrameScript({ reply, scope, cancelAfter }) {
    const d = content.document;
    const w = content;
    const probe = () => content.wrappedJSObject.hoplockAuditProbe;
    try {
      content.wrappedJSObject.hoplockAuditTest = true; // the page's test hook counts its calls from now on
      if (!probe()) throw new Error("the page has no test hook (hoplockAuditProbe)");
      const radio = d.querySelector(`input[name="scope"][value="${scope}"]`);
      if (!radio || radio.disabled) throw new Error(`scope ${scope} cannot be chosen`);
      radio.click();
      let last = w.performance.now();
      let maxGap = 0;
      let ticks = 0;
      const heartbeat = w.setInterval(() => {
        const now = w.performance.now();
        if (d.body.dataset.phase === "running") {
          maxGap = Math.max(maxGap, now - last);
          ticks++;
        }
        last = now;
      }, 50);
      const start = [...d.querySelectorAll("form.scope button[type=submit]")][0];
      const clickedAt = w.performance.now();
      start.click();
      let cancelled = null;
      for (;;) {
        await new Promise((done) => w.setTimeout(done, 20));
        const phase = d.body.dataset.phase;
        if (cancelAfter !== null && phase === "running" && cancelled === null) {
          const text = d.querySelector(".run-text")?.textContent ?? "";
          const read = Number((/^([\d,.]+)/.exec(text)?.[1] ?? "0").replace(/[,.]/g, ""));
          if (read >= cancelAfter) {
            const button = [...d.querySelectorAll(".run button")].find((b) => b.textContent.trim() !== "");
            button.click();
            cancelled = { read, progressText: text };
          }
        }
        if (phase && phase !== "idle" && phase !== "running") break;
      }
      const endedAt = w.performance.now();
      w.clearInterval(heartbeat);
      // what the page shows: the status line, the view's headline and counts
      const text = (selector) => d.querySelector(selector)?.textContent ?? null;
      const calls = JSON.parse(JSON.stringify(probe().calls));
      const lastRun = JSON.parse(JSON.stringify(probe().lastRun));
      // give calls that might still start after the end a moment to show up in the counts
      await new Promise((done) => w.setTimeout(done, 300));
      const callsLater = JSON.parse(JSON.stringify(probe().calls));
      sendAsyncMessage(reply, {
        phase: d.body.dataset.phase,
        status: text("p.status"),
        headline: text("#audit-headline"),
        counts: [...d.querySelectorAll(".headline .counts li")].map((li) => li.textContent),
        groups: [...d.querySelectorAll(".groups tbody tr")].map((tr) => tr.dataset.group),
        flaggedRows: d.querySelectorAll(".flagged tbody tr").length,
        clickToEndMs: endedAt - clickedAt,
        heartbeat: { maxGap, ticks },
        cancelled,
        calls,
        callsLater,
        lastRun,
      });
    } catch (error) {
      sendAsyncMessage(reply, { error: String(error) });
    }
  }

  /** In the page: the JSON export as the page would save it, read from its export button's file. */
  async function exportFrameScript({ reply, label }) {
    const d = content.document;
    try {
      // The page saves through a link to a Blob URL: the click on that link is caught, and the Blob read instead.
      const button = [...d.querySelectorAll(".exports button")].find((b) => b.textContent.trim() === label);
      if (!button) throw new Error(`no export button ${label}`);
      const clicks = [];
      const listener = (event) => {
        const link = event.target;
        if (link.localName === "a" && link.download) {
          event.preventDefault();
          clicks.push({ name: link.download, href: link.href });
        }
      };
      d.addEventListener("click", listener, true);
      button.click();
      d.removeEventListener("click", listener, true);
      const [file] = clicks;
      if (!file) throw new Error("the export made no download link");
      const text = await (await content.fetch(file.href)).text();
      sendAsyncMessage(reply, { name: file.name, text });
    } catch (error) {
      sendAsyncMessage(reply, { error: String(error) });
    }
  }

  /** In the page: clicks one of the tag panel's buttons and waits for its status to settle. */
  async function tagFrameScript({ reply, action, settled }) {
    const d = content.document;
    try {
      const button = d.querySelector(`.tags button[data-action="${action}"]`);
      if (!button) throw new Error(`no tag button ${action}`);
      if (button.disabled) throw new Error(`the tag button ${action} is disabled`);
      button.click();
      const status = () => d.querySelector(".tags .status");
      for (let waited = 0; waited < 60000; waited += 50) {
        await new Promise((done) => content.setTimeout(done, 50));
        if (settled.includes(status()?.dataset.tagState)) break;
      }
      sendAsyncMessage(reply, { state: status()?.dataset.tagState ?? null, text: status()?.textContent ?? "" });
    } catch (error) {
      sendAsyncMessage(reply, { error: String(error) });
    }
  }

  /** In the page: the read-only loop over the same scope (`hoplockAuditProbe.bareLoop`), its messages and time. */
  async function bareLoopFrameScript({ reply, tabId }) {
    try {
      content.wrappedJSObject.hoplockAuditTest = true;
      const scope = Cu.cloneInto({ kind: "listed", tabId }, content);
      const result = await content.wrappedJSObject.hoplockAuditProbe.bareLoop(scope);
      sendAsyncMessage(reply, JSON.parse(JSON.stringify(result)));
    } catch (error) {
      sendAsyncMessage(reply, { error: String(error) });
    }
  }

  /** In the page: the permissions the add-on holds now (permissions.getAll, as the page sees it). */
  async function permissionsFrameScript({ reply }) {
    try {
      const all = await content.wrappedJSObject.messenger.permissions.getAll();
      sendAsyncMessage(reply, { permissions: [...all.permissions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) });
    } catch (error) {
      sendAsyncMessage(reply, { error: String(error) });
    }
  }

  /** In the page: whether the test hook is visible before a test turns it on. */
  function hookFrameScript({ reply }) {
    const w = content.wrappedJSObject;
    sendAsyncMessage(reply, { flag: w.hoplockAuditTest === undefined ? null : String(w.hoplockAuditTest), probe: typeof w.hoplockAuditProbe });
  }

  /** In the page: its colours and layout, for the theme and zoom checks. */
  function lookFrameScript({ reply }) {
    const d = content.document;
    const style = content.getComputedStyle(d.body);
    sendAsyncMessage(reply, {
      background: style.backgroundColor,
      color: style.color,
      scrollWidth: d.documentElement.scrollWidth,
      clientWidth: d.documentElement.clientWidth,
      lang: d.documentElement.lang,
      title: d.title,
      focusable: [...d.querySelectorAll("button, input, select, [tabindex]")].filter((el) => !el.disabled && el.getClientRects().length > 0).length,
    });
  }

  /** In the page: opens the first listed plaintext/weak message with its button. */
  function openFlaggedFrameScript({ reply, index }) {
    const buttons = [...content.document.querySelectorAll(".flagged tbody button")];
    const button = buttons[index];
    if (!button) return sendAsyncMessage(reply, { error: `no flagged message ${index}` });
    const row = button.closest("tr");
    button.click();
    sendAsyncMessage(reply, { clicked: row.textContent });
  }

  /** The tab Thunderbird opened for a message (messageDisplay.open), its Message-ID. */
  async function openedMessageTab(before) {
    const info = await waitFor(
      () => "a message tab",
      () => tabmail().tabInfo.find((t) => t.mode.name === "mailMessageTab" && !before.includes(t)),
    );
    const hdr = await waitFor(
      () => "its message",
      () => info.chromeBrowser?.contentWindow?.gMessage ?? info.message,
    );
    return hdr?.messageId ?? null;
  }

  /** Selects the message with this Message-ID in the shown folder and waits for its button to settle on a verdict. */
  async function selectMessage(folderName, messageId, buttonId) {
    const tm = tabmail();
    tm.switchToTab(0);
    const folder = MailServices.accounts.localFoldersServer.rootFolder.getChildNamed(folderName);
    const hdr = [...folder.messages].find((h) => h.messageId === messageId);
    if (!hdr) throw new Error(`no message <${messageId}> in ${folderName}`);
    const pane = tm.currentAbout3Pane;
    pane.selectMessage(hdr);
    const aboutMessage = pane.messageBrowser.contentWindow;
    const read = () => {
      const button = aboutMessage.document.getElementById(buttonId);
      return (
        button && {
          badge: button.getAttribute("badge"),
          tooltip: button.getAttribute("tooltiptext"),
          icon: /lock-([a-z-]+)\.svg/.exec(button.getAttribute("style") ?? "")?.[1] ?? null,
        }
      );
    };
    let last = null;
    let stableSince = 0;
    await waitFor(
      () => `the button of <${messageId}> (now ${JSON.stringify(read())})`,
      () => {
        const now = JSON.stringify(read());
        if (now !== last) {
          last = now;
          stableSince = Date.now();
          return false;
        }
        return !/neutral/.test(now) && Date.now() - stableSince > 300;
      },
    );
    return read();
  }

  /**
   * The audit tab's page as a PNG data URL, from `top` down (up to `maxHeight` CSS px), at the window's scale; with
   * `until`, down to the end of the element it selects (a whole section, not one cut through).
   */
  async function screenshotAuditPage(maxHeight, top = 0, until = null) {
    const info = currentTab();
    tabmail().switchToTab(info);
    const size = await inAuditPage(sizeFrameScript, { until }, info);
    const scale = mainWindow().devicePixelRatio;
    const height = Math.min((size.until ?? size.height) - top, maxHeight);
    const rect = new (mainWindow().DOMRect)(0, top, size.width, height);
    const image = await info.browser.browsingContext.currentWindowGlobal.drawSnapshot(rect, scale, "white");
    const canvas = mainWindow().document.createElementNS("http://www.w3.org/1999/xhtml", "canvas");
    canvas.width = image.width;
    canvas.height = image.height;
    canvas.getContext("2d").drawImage(image, 0, 0);
    return { png: canvas.toDataURL("image/png"), width: image.width, height: image.height, pageHeight: size.height };
  }

  function sizeFrameScript({ reply, until }) {
    const d = content.document.documentElement;
    const end = until ? content.document.querySelector(until) : null;
    const bottom = end ? Math.ceil(end.getBoundingClientRect().bottom + content.scrollY) + 16 : null;
    sendAsyncMessage(reply, { width: d.clientWidth, height: d.scrollHeight, until: bottom });
  }

  /** Selects `count` rows of the shown folder's list, every `step`-th from the first; returns their Message-IDs. */
  async function selectRows(count, step) {
    const tm = tabmail();
    tm.switchToTab(0);
    const pane = tm.currentAbout3Pane;
    pane.threadTree.selectedIndices = Array.from({ length: count }, (_, i) => i * step);
    await waitFor(
      () => `${count} selected rows`,
      () => pane.gDBView.numSelected === count,
    );
    return pane.gDBView.getSelectedMsgHdrs().map((hdr) => hdr.messageId);
  }

  /** Clears the 3-pane's quick filter (as its "clear" button does). */
  function clearQuickFilter() {
    const pane = tabmail().tabInfo[0].chromeBrowser.contentWindow;
    pane.quickFilterBar?.clearFilterButKeepTextFilter?.();
    pane.quickFilterBar?.filterer?.clear?.();
    pane.quickFilterBar?.updateSearch?.();
  }

  Object.assign(globalThis.hoplock, {
    auditSelectRows: selectRows,
    auditClearQuickFilter: clearQuickFilter,
    auditSelectMessage: selectMessage,
    auditScreenshot: screenshotAuditPage,
    auditShowFolder: showFolder,
    auditFolderRows: folderRows,
    auditFolderKeywords: folderKeywords,
    auditClickToolbarButton: clickToolbarButton,
    auditPageReady,
    auditCloseTabs: closeAuditTabs,
    auditRun: (scope, cancelAfter = null) => inAuditPage(runFrameScript, { scope, cancelAfter }),
    auditExport: (label) => inAuditPage(exportFrameScript, { label }),
    auditTag: (action, settled) => inAuditPage(tagFrameScript, { action, settled }),
    auditBareLoop: (tabId) => inAuditPage(bareLoopFrameScript, { tabId }),
    auditLook: () => inAuditPage(lookFrameScript, {}),
    auditPermissions: () => inAuditPage(permissionsFrameScript, {}),
    auditHook: () => inAuditPage(hookFrameScript, {}),
    auditOpenFlagged: async (index) => {
      const before = [...tabmail().tabInfo];
      const clicked = await inAuditPage(openFlaggedFrameScript, { index });
      if (clicked.error) return clicked;
      return { ...clicked, messageId: await openedMessageTab(before) };
    },
    auditMailTabId: async (addonId) => {
      const { ExtensionParent } = ChromeUtils.importESModule("resource://gre/modules/ExtensionParent.sys.mjs");
      const ext = ExtensionParent.GlobalManager.getExtension(addonId);
      return ext.tabManager.getWrapper(tabmail().tabInfo[0]).id;
    },
  });
})();
