/** The TLS versions recorded on the encrypted hand-offs into your side, as a list with a bar per version. */
import type { VersionCounts } from "../audit/index.ts";
import type { Translator } from "../shared/i18n.ts";
import { VERSION_KEYS } from "../audit/index.ts";
import { numberText, shareText, versionName } from "./words.ts";

export function VersionMix({ versions, t }: { versions: VersionCounts; t: Translator }) {
  const total = VERSION_KEYS.reduce((sum, version) => sum + (versions[version] ?? 0), 0);
  const present = VERSION_KEYS.filter((version) => (versions[version] ?? 0) > 0);
  return (
    <section class="versions" aria-labelledby="audit-versions-heading">
      <h2 id="audit-versions-heading">{t("audit_versions_heading")}</h2>
      {present.length === 0 ? (
        <p>{t("audit_versions_none")}</p>
      ) : (
        <ul class="version-list">
          {present.map((version) => {
            const count = versions[version] ?? 0;
            return (
              <li key={version} data-version={version}>
                <span class="version-name">{versionName(version, t)}</span>
                <svg class="version-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                  <rect
                    class={version === "TLSv1.3" || version === "TLSv1.2" ? "fill-encrypted" : version === "unrecorded" ? "fill-unknown" : "fill-weak"}
                    x={0}
                    y={0}
                    width={(count / total) * 100}
                    height={10}
                  />
                </svg>
                <span class="number">{t("audit_version_share", { count: numberText(count, t.locale), share: shareText(count, total, t) })}</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
