/** The options page: trusted organisations, the TLS baseline, what the badge counts. Saved in `storage.local`. */
import { useEffect, useState } from "preact/hooks";
import type { TlsVersion } from "../analyzer/types.ts";
import type { Translator } from "../shared/i18n.ts";
import { versionLabel } from "../analyzer/format.ts";
import type { AddonOptions, BadgeMode } from "../shared/options.ts";
import { BADGE_MODES, DEFAULT_OPTIONS, parseDomainList, SELECTABLE_TLS_VERSIONS } from "../shared/options.ts";

export interface OptionsDeps {
  t: Translator;
  load(): Promise<AddonOptions>;
  save(options: AddonOptions): Promise<void>;
  /** The key combination that opens the popup, as the user has it; null when none is set. */
  shortcut(): Promise<string | null>;
}

interface Draft {
  domainsText: string;
  minTlsVersion: TlsVersion;
  badgeMode: BadgeMode;
}

type Status = { kind: "idle" | "saved" | "reset" } | { kind: "invalid"; tokens: string[] } | { kind: "failed" };

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
    void deps.load().then((options) => setDraft(draftOf(options)), () => setDraft(draftOf(DEFAULT_OPTIONS)));
  }, [deps]);
  useEffect(() => {
    void deps.shortcut().then(setShortcut, () => setShortcut(null));
  }, [deps]);
  const loaded = draft !== null;
  useEffect(() => {
    if (loaded) document.body.dataset.ready = "1";
  }, [loaded]);
  if (!draft) return <p>{t("options_loading")}</p>;

  const update = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  const store = (options: AddonOptions, done: Status) => deps.save(options).then(() => setStatus(done), () => setStatus({ kind: "failed" }));
  const submit = (event: Event) => {
    event.preventDefault();
    const { domains, invalid } = parseDomainList(draft.domainsText);
    if (invalid.length > 0) return setStatus({ kind: "invalid", tokens: invalid });
    void store({ trustedDomains: domains, minTlsVersion: draft.minTlsVersion, badgeMode: draft.badgeMode }, { kind: "saved" });
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
        <select id="min-tls" aria-describedby="min-tls-help" value={draft.minTlsVersion} onChange={(event) => update({ minTlsVersion: event.currentTarget.value as TlsVersion })}>
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
      {shortcut && <p class="help shortcut">{t("options_shortcut", { shortcut })}</p>}
      <div class="actions">
        <button type="submit">{t("options_save")}</button>
        <button type="button" onClick={reset}>
          {t("options_reset")}
        </button>
      </div>
      <p class="status" role="status" aria-live="polite">
        {status.kind === "saved" ? t("options_saved") : status.kind === "reset" ? t("options_reset_done") : status.kind === "failed" ? t("options_save_failed") : ""}
      </p>
    </form>
  );
}

function draftOf(options: Readonly<AddonOptions>): Draft {
  return { domainsText: options.trustedDomains.join("\n"), minTlsVersion: options.minTlsVersion, badgeMode: options.badgeMode };
}
