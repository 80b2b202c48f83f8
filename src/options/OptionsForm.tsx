/**
 * The options page: trusted organisations, the TLS baseline, what the badge counts, tags by verdict (saved in
 * `storage.local`), and the correspondent memory (cleared at once, through the background that owns it).
 */
import { useEffect, useState } from "preact/hooks";
import type { TlsVersion } from "../analyzer/types.ts";
import type { Translator } from "../shared/i18n.ts";
import { versionLabel } from "../analyzer/format.ts";
import type { AddonOptions, BadgeMode } from "../shared/options.ts";
import { BADGE_MODES, DEFAULT_OPTIONS, parseDomainList, SELECTABLE_TLS_VERSIONS } from "../shared/options.ts";
import type { TagCount } from "../shared/tagging.ts";

export interface OptionsDeps {
  t: Translator;
  load(): Promise<AddonOptions>;
  save(options: AddonOptions): Promise<void>;
  /** The key combination that opens the popup, as the user has it; null when none is set. */
  shortcut(): Promise<string | null>;
  /** Asks Thunderbird for the tag permissions; called first thing in a click handler (Thunderbird requires it). */
  requestTagPermissions: () => Promise<boolean>;
  /** Takes Hoplock's tags off every message and deletes them (with the permissions granted). */
  removeTags: (onProgress: (done: number) => void) => Promise<TagCount>;
  /** How many organisations the correspondent memory holds. */
  memoryOrganisations: () => Promise<number>;
  clearMemory: () => Promise<void>;
}

interface Draft {
  domainsText: string;
  minTlsVersion: TlsVersion;
  badgeMode: BadgeMode;
  tagMessages: boolean;
}

type Status = { kind: "idle" | "saved" | "reset" | "tags-refused" } | { kind: "invalid"; tokens: string[] } | { kind: "failed" };

/** Message names of the badge choices. */
const BADGE_MODE_LABEL: Readonly<Record<BadgeMode, string>> = {
  never: "options_badge_never",
  problems: "options_badge_problems",
  always: "options_badge_always",
};

export function OptionsForm({ deps }: { deps: OptionsDeps }) {
  const { t } = deps;
  const [draft, setDraft] = useState<Draft | null>(null);
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const [shortcut, setShortcut] = useState<string | null>(null);
  useEffect(() => {
    void deps.load().then(
      (options) => setDraft(draftOf(options)),
      () => setDraft(draftOf(DEFAULT_OPTIONS)),
    );
  }, [deps]);
  useEffect(() => {
    void deps.shortcut().then(setShortcut, () => setShortcut(null));
  }, [deps]);
  const loaded = draft !== null;
  useEffect(() => {
    if (loaded) document.body.dataset.ready = "1";
  }, [loaded]);
  if (!draft) return <p>{t("options_loading")}</p>;

  const toggleTags = (checked: boolean) => {
    if (!checked) return update({ tagMessages: false });
    // First, in the click itself: Thunderbird grants a permission request only while it handles user input.
    void deps.requestTagPermissions().then(
      (granted) => {
        setDraft((current) => current && { ...current, tagMessages: granted });
        return granted ? undefined : setStatus({ kind: "tags-refused" });
      },
      () => setStatus({ kind: "tags-refused" }),
    );
  };

  const update = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  const store = (options: AddonOptions, done: Status) =>
    deps.save(options).then(
      () => setStatus(done),
      () => setStatus({ kind: "failed" }),
    );
  const submit = (event: Event) => {
    event.preventDefault();
    const { domains, invalid } = parseDomainList(draft.domainsText);
    if (invalid.length > 0) return setStatus({ kind: "invalid", tokens: invalid });
    void store({ trustedDomains: domains, minTlsVersion: draft.minTlsVersion, badgeMode: draft.badgeMode, tagMessages: draft.tagMessages }, { kind: "saved" });
  };
  const reset = () => {
    setDraft(draftOf(DEFAULT_OPTIONS));
    void store({ ...DEFAULT_OPTIONS, trustedDomains: [] }, { kind: "reset" });
  };
  const invalid = status.kind === "invalid";

  return (
    <form class="options" onSubmit={submit} noValidate>
      <h1>{t("options_heading")}</h1>
      <div class="field">
        <label for="trusted-domains">{t("options_trusted_label")}</label>
        <p id="trusted-domains-help" class="help">
          {t("options_trusted_help")}
        </p>
        <textarea
          id="trusted-domains"
          rows={5}
          spellcheck={false}
          aria-describedby={invalid ? "trusted-domains-help trusted-domains-error" : "trusted-domains-help"}
          aria-invalid={invalid}
          value={draft.domainsText}
          onInput={(event) => update({ domainsText: event.currentTarget.value })}
        />
        {invalid && (
          <p id="trusted-domains-error" class="error" role="alert">
            {t("options_trusted_invalid", { entries: status.tokens.join(", ") })}
          </p>
        )}
      </div>
      <div class="field">
        <label for="min-tls">{t("options_min_tls_label")}</label>
        <p id="min-tls-help" class="help">
          {t("options_min_tls_help")}
        </p>
        <select
          id="min-tls"
          aria-describedby="min-tls-help"
          value={draft.minTlsVersion}
          onChange={(event) => update({ minTlsVersion: event.currentTarget.value as TlsVersion })}
        >
          {SELECTABLE_TLS_VERSIONS.map((version) => (
            <option key={version} value={version}>
              {versionLabel(version)}
            </option>
          ))}
        </select>
      </div>
      <fieldset class="field">
        <legend>{t("options_badge_legend")}</legend>
        {BADGE_MODES.map((mode) => (
          <label class="choice" key={mode}>
            <input type="radio" name="badge-mode" value={mode} checked={draft.badgeMode === mode} onChange={() => update({ badgeMode: mode })} />{" "}
            {t(BADGE_MODE_LABEL[mode])}
          </label>
        ))}
      </fieldset>
      <fieldset class="field">
        <legend>{t("options_tags_legend")}</legend>
        <label class="choice">
          <input type="checkbox" checked={draft.tagMessages} aria-describedby="tags-help" onChange={(event) => toggleTags(event.currentTarget.checked)} />{" "}
          {t("options_tags_label")}
        </label>
        <p id="tags-help" class="help">
          {t("options_tags_help")}
        </p>
        <RemoveTags deps={deps} />
      </fieldset>
      <MemorySection deps={deps} />
      {shortcut && <p class="help shortcut">{t("options_shortcut", { shortcut })}</p>}
      <div class="actions">
        <button type="submit">{t("options_save")}</button>
        <button type="button" onClick={reset}>
          {t("options_reset")}
        </button>
      </div>
      <p class="status" role="status" aria-live="polite">
        {statusText(status, t)}
      </p>
    </form>
  );
}

function statusText(status: Status, t: Translator): string {
  switch (status.kind) {
    case "saved":
      return t("options_saved");
    case "reset":
      return t("options_reset_done");
    case "failed":
      return t("options_save_failed");
    case "tags-refused":
      return t("options_tags_refused");
    case "idle":
    case "invalid":
      return "";
  }
}

type RemoveState = { kind: "idle" | "refused" } | { kind: "working"; done: number } | { kind: "done"; result: TagCount } | { kind: "failed"; error: string };

/** "Remove Hoplock's tags": asks for the permissions in the click, then untags every message. */
function RemoveTags({ deps }: { deps: OptionsDeps }) {
  const { t } = deps;
  const [state, setState] = useState<RemoveState>({ kind: "idle" });
  const remove = () => {
    const granted = deps.requestTagPermissions();
    void granted
      .then(async (ok) => {
        if (!ok) return setState({ kind: "refused" });
        setState({ kind: "working", done: 0 });
        return setState({ kind: "done", result: await deps.removeTags((done) => setState({ kind: "working", done })) });
      })
      .catch((error: unknown) => setState({ kind: "failed", error: String(error) }));
  };
  const text =
    state.kind === "working"
      ? t("audit_tags_removing", { count: state.done })
      : state.kind === "done"
        ? t("audit_tags_removed", { count: state.result.changed, failed: state.result.failed })
        : state.kind === "refused"
          ? t("audit_tags_refused")
          : state.kind === "failed"
            ? t("audit_tags_failed", { error: state.error })
            : "";
  return (
    <div class="inline-action">
      <button type="button" onClick={remove} disabled={state.kind === "working"} data-action="remove-tags">
        {t("audit_tags_remove")}
      </button>
      <span role="status" data-remove-state={state.kind}>
        {text}
      </span>
    </div>
  );
}

/** The correspondent memory: what it is for, how much it holds, and "clear" (through the background that owns it). */
function MemorySection({ deps }: { deps: OptionsDeps }) {
  const { t } = deps;
  const [organisations, setOrganisations] = useState<number | null>(null);
  const [state, setState] = useState<"idle" | "cleared" | "failed">("idle");
  useEffect(() => {
    deps.memoryOrganisations().then(setOrganisations, () => setOrganisations(null));
  }, [deps]);
  const clear = () =>
    void deps.clearMemory().then(
      () => {
        setOrganisations(0);
        return setState("cleared");
      },
      () => setState("failed"),
    );
  return (
    <fieldset class="field">
      <legend>{t("options_memory_legend")}</legend>
      <p class="help">{t("options_memory_help", { count: organisations ?? 0 })}</p>
      <div class="inline-action">
        <button type="button" onClick={clear} data-action="clear-memory">
          {t("options_memory_clear")}
        </button>
        <span role="status" data-memory-state={state}>
          {state === "cleared" ? t("options_memory_cleared") : state === "failed" ? t("options_memory_failed") : ""}
        </span>
      </div>
    </fieldset>
  );
}

function draftOf(options: Readonly<AddonOptions>): Draft {
  return {
    domainsText: options.trustedDomains.join("\n"),
    minTlsVersion: options.minTlsVersion,
    badgeMode: options.badgeMode,
    tagMessages: options.tagMessages,
  };
}
