import assert from "node:assert/strict";
import { fireEvent, render, waitFor, within } from "@testing-library/preact";
import type { OptionsDeps } from "../../src/options/OptionsForm.tsx";
import { OptionsForm } from "../../src/options/OptionsForm.tsx";
import type { AddonOptions } from "../../src/shared/options.ts";
import { DEFAULT_OPTIONS, loadOptions, OPTIONS_KEY, saveOptions } from "../../src/shared/options.ts";
import { clickTracker, useDom } from "./helpers/dom.ts";
import { MemoryArea } from "./helpers/fakes.ts";
import { translator } from "./helpers/i18n.ts";

interface Extras {
  /** The user's answer to Thunderbird's permission prompt. */
  grant?: boolean;
  organisations?: number;
}

async function renderOptions(stored: unknown, lang = "en", shortcut: string | null = "Ctrl+Shift+H", extras: Extras = {}) {
  const area = new MemoryArea();
  if (stored !== undefined) await area.set(OPTIONS_KEY, stored);
  const { click, note, during: requests } = clickTracker();
  const removed: true[] = [];
  const cleared: true[] = [];
  const deps: OptionsDeps = {
    t: translator(lang),
    load: () => loadOptions(area),
    save: (options) => saveOptions(area, options),
    shortcut: async () => shortcut,
    requestTagPermissions: async () => (note(), extras.grant ?? false),
    removeTags: async (onProgress) => (onProgress(3), removed.push(true), { changed: 3, unchanged: 0, failed: 0 }),
    memoryOrganisations: async () => extras.organisations ?? 0,
    clearMemory: async () => void cleared.push(true),
  };
  render(<OptionsForm deps={deps} />);
  const view = within(document.body);
  await waitFor(() => view.getByRole("button", { name: lang === "en" ? "Save" : "Speichern" }));
  return { view, stored: () => area.data.get(OPTIONS_KEY) as AddonOptions | undefined, click, requests, removed, cleared };
}

const PROBLEMS = "Only when something is wrong: how many hand-offs share the verdict (not encrypted, weak or unknown)";

describe("options page", () => {
  useDom();

  it("shows the stored settings in labelled controls", async () => {
    const { view } = await renderOptions({ trustedDomains: ["corp.example", "relay.example.net"], minTlsVersion: "TLSv1.3", badgeMode: "problems" });
    assert.equal(view.getByLabelText<HTMLTextAreaElement>("Trusted domains or organisations").value, "corp.example\nrelay.example.net");
    assert.equal(view.getByLabelText<HTMLSelectElement>("Minimum acceptable TLS version").value, "TLSv1.3");
    assert.equal(view.getByRole<HTMLInputElement>("radio", { name: PROBLEMS }).checked, true);
    view.getByRole("group", { name: "Number on the toolbar button" });
  });

  it("starts from the defaults: no trusted domains, TLS 1.2, a badge only when something is wrong", async () => {
    const { view } = await renderOptions(undefined);
    assert.equal(view.getByLabelText<HTMLTextAreaElement>("Trusted domains or organisations").value, "");
    assert.equal(view.getByLabelText<HTMLSelectElement>("Minimum acceptable TLS version").value, "TLSv1.2");
    assert.deepEqual(
      view.getAllByRole("radio").map((radio) => [radio.getAttribute("value"), (radio as HTMLInputElement).checked]),
      [
        ["never", false],
        ["problems", true],
        ["always", false],
      ],
    );
    assert.deepEqual(
      view.getAllByRole("option").map((option) => option.textContent),
      ["TLS 1.0", "TLS 1.1", "TLS 1.2", "TLS 1.3"],
    );
  });

  it("saves what the user entered, cleaned up, to storage.local", async () => {
    const { view, stored } = await renderOptions(undefined);
    fireEvent.input(view.getByLabelText("Trusted domains or organisations"), { target: { value: "Example.ORG\n@mail.example.net, *.corp.example.com" } });
    fireEvent.change(view.getByLabelText("Minimum acceptable TLS version"), { target: { value: "TLSv1.3" } });
    fireEvent.click(view.getByRole("radio", { name: "Never" }));
    fireEvent.click(view.getByRole("button", { name: "Save" }));
    await waitFor(() => view.getByText("Saved. The settings apply to the next message you open."));
    assert.deepEqual(stored(), {
      trustedDomains: ["example.org", "mail.example.net", "corp.example.com"],
      minTlsVersion: "TLSv1.3",
      badgeMode: "never",
      tagMessages: false,
    });
  });

  it("refuses entries that are not domains, says which, and saves nothing", async () => {
    const { view, stored } = await renderOptions({ trustedDomains: ["keep.example"] });
    const field = view.getByLabelText("Trusted domains or organisations");
    fireEvent.input(field, { target: { value: "good.example\nnot a domain" } });
    fireEvent.click(view.getByRole("button", { name: "Save" }));
    const alert = await waitFor(() => view.getByRole("alert"));
    assert.equal(alert.textContent, "These entries are not domain names: not, a, domain. Nothing was saved.");
    assert.equal(field.getAttribute("aria-invalid"), "true");
    assert.match(field.getAttribute("aria-describedby") ?? "", new RegExp(alert.id));
    assert.deepEqual(stored()?.trustedDomains, ["keep.example"]);
  });

  it("resets to the defaults and stores them", async () => {
    const { view, stored } = await renderOptions({ trustedDomains: ["corp.example"], minTlsVersion: "TLSv1.3", badgeMode: "always" });
    fireEvent.click(view.getByRole("button", { name: "Reset to defaults" }));
    await waitFor(() => view.getByText("Defaults restored. They apply to the next message you open."));
    assert.deepEqual(stored(), DEFAULT_OPTIONS);
    assert.equal(view.getByLabelText<HTMLTextAreaElement>("Trusted domains or organisations").value, "");
    assert.equal(view.getByLabelText<HTMLSelectElement>("Minimum acceptable TLS version").value, "TLSv1.2");
  });

  it("tells the keyboard shortcut that opens the popup, as the user has it, and nothing when there is none", async () => {
    const { view } = await renderOptions(undefined);
    view.getByText(/^Keyboard shortcut: Ctrl\+Shift\+H opens Hoplock for the displayed message\./);
    document.body.replaceChildren();
    await renderOptions(undefined, "en", null);
    assert.equal(document.querySelector(".shortcut"), null);
  });

  describe("tags by verdict", () => {
    it("asks Thunderbird for the tag permissions in the click that ticks the box, and saves the option once granted", async () => {
      const { view, stored, click, requests } = await renderOptions(undefined, "en", null, { grant: true });
      view.getByText(/On IMAP accounts, tags are stored on the server as keywords\./);
      const box = view.getByRole<HTMLInputElement>("checkbox", { name: "Tag messages by verdict" });
      assert.equal(box.checked, false);
      click(box);
      await waitFor(() => assert.equal(box.checked, true));
      assert.deepEqual(requests, [true], "asked once, while the click was handled");
      fireEvent.click(view.getByRole("button", { name: "Save" }));
      await waitFor(() => assert.equal(stored()?.tagMessages, true));
    });

    it("stays off when the permissions are refused, and says so", async () => {
      const { view, click } = await renderOptions(undefined, "en", null, { grant: false });
      const box = view.getByRole<HTMLInputElement>("checkbox", { name: "Tag messages by verdict" });
      click(box);
      await view.findByText("Thunderbird's permission to change and create tags was not given, so tagging stays off.");
      assert.equal(box.checked, false);
    });

    it("turns off without asking anything", async () => {
      const { view, requests } = await renderOptions({ tagMessages: true });
      const box = view.getByRole<HTMLInputElement>("checkbox", { name: "Tag messages by verdict" });
      assert.equal(box.checked, true);
      fireEvent.click(box);
      await waitFor(() => assert.equal(box.checked, false));
      assert.deepEqual(requests, []);
    });

    it("removes Hoplock's tags after asking in the click", async () => {
      const { view, click, requests, removed } = await renderOptions(undefined, "en", null, { grant: true });
      click(view.getByRole("button", { name: "Remove Hoplock's tags" }));
      await view.findByText("Hoplock's tags removed: 3 messages changed, 0 could not be changed.");
      assert.deepEqual(requests, [true]);
      assert.equal(removed.length, 1);
    });
  });

  it("says what the correspondent memory holds and clears it", async () => {
    const { view, cleared } = await renderOptions(undefined, "en", null, { organisations: 12 });
    await view.findByText(/It now holds 12 organisations\.$/);
    fireEvent.click(view.getByRole("button", { name: "Clear the memory" }));
    await view.findByText("The memory is cleared.");
    assert.equal(cleared.length, 1);
    view.getByText(/It now holds 0 organisations\.$/);
  });

  it("is translated", async () => {
    const { view } = await renderOptions(undefined, "de");
    view.getByLabelText("Vertrauenswürdige Domains oder Organisationen");
    view.getByRole("button", { name: "Auf Standard zurücksetzen" });
  });
});
