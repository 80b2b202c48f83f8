/**
 * Tags by verdict for the audited messages, opt-in: the first click asks Thunderbird for the tag permissions (a
 * request must come from a click, so it is the handler's first call), then tags; "show these" sets the mail tab's
 * quick filter to the plaintext and weak ones; "remove" takes Hoplock's tags off every message again.
 */
import { useCallback, useEffect, useState } from "preact/hooks";
import type { Verdict } from "../analyzer/index.ts";
import type { MailboxApi } from "../background/thunderbird.ts";
import type { Translator } from "../shared/i18n.ts";
import { removeVerdictTags, type TagCount, tagByVerdict } from "../shared/tagging.ts";
import { FLAGGED_TAG_KEYS, TAG_PERMISSIONS } from "../shared/verdict-tags.ts";

type TagState =
  | { kind: "idle" }
  | { kind: "working"; task: "tag" | "remove"; done: number; total: number | null }
  | { kind: "tagged" | "removed"; result: TagCount }
  | { kind: "refused" }
  | { kind: "failed"; error: string }
  | { kind: "shown" };

export interface TagPanelProps {
  t: Translator;
  mailbox: MailboxApi;
  verdicts: ReadonlyMap<number, Verdict>;
  /** Where "show these in the message list" sets the quick filter; null when no mail tab is open. */
  mailTabId: number | null;
  /** The user's option: tag every audit's messages without asking each time. */
  tagAutomatically: boolean;
}

export function TagPanel({ t, mailbox, verdicts, mailTabId, tagAutomatically }: TagPanelProps) {
  const [state, setState] = useState<TagState>({ kind: "idle" });
  const [tagged, setTagged] = useState(false);
  const busy = state.kind === "working";

  const withPermission = (task: () => Promise<void>) => {
    // First, before any await: Thunderbird grants a request only while it handles the user's click.
    const granted = mailbox.requestPermissions(TAG_PERMISSIONS);
    void granted.then((ok) => (ok ? task() : setState({ kind: "refused" }))).catch((error: unknown) => setState({ kind: "failed", error: String(error) }));
  };
  const runTagging = useCallback(async () => {
    setState({ kind: "working", task: "tag", done: 0, total: verdicts.size });
    const result = await tagByVerdict(mailbox, t, verdicts, (done) => setState({ kind: "working", task: "tag", done, total: verdicts.size }));
    setTagged(true);
    setState({ kind: "tagged", result });
  }, [mailbox, t, verdicts]);
  const tag = () => withPermission(runTagging);
  // With the option on, an audit's messages are tagged once it ends, if the permissions are still granted.
  useEffect(() => {
    if (!tagAutomatically || verdicts.size === 0) return;
    mailbox
      .hasPermissions(TAG_PERMISSIONS)
      .then((granted) => (granted ? runTagging() : undefined))
      .catch((error: unknown) => setState({ kind: "failed", error: String(error) }));
  }, [mailbox, runTagging, tagAutomatically, verdicts.size]);
  const remove = () =>
    withPermission(async () => {
      setState({ kind: "working", task: "remove", done: 0, total: null });
      const result = await removeVerdictTags(mailbox, (done) => setState({ kind: "working", task: "remove", done, total: null }));
      setTagged(false);
      setState({ kind: "removed", result });
    });
  const show = () => {
    if (mailTabId === null) return;
    mailbox.showTagged(mailTabId, FLAGGED_TAG_KEYS).then(
      () => setState({ kind: "shown" }),
      (error: unknown) => setState({ kind: "failed", error: String(error) }),
    );
  };

  return (
    <section class="tags" aria-labelledby="tags-heading">
      <h2 id="tags-heading">{t("audit_tags_heading")}</h2>
      <p class="help">{t("audit_tags_help")}</p>
      <div class="tag-buttons">
        <button type="button" onClick={tag} disabled={busy || verdicts.size === 0} data-action="tag">
          {t(tagAutomatically ? "audit_tags_apply_again" : "audit_tags_apply", { count: verdicts.size })}
        </button>
        <button type="button" onClick={show} disabled={busy || mailTabId === null || !(tagged || tagAutomatically)} data-action="show">
          {t("audit_tags_show")}
        </button>
        <button type="button" onClick={remove} disabled={busy} data-action="remove">
          {t("audit_tags_remove")}
        </button>
      </div>
      <p class="status" role="status" data-tag-state={state.kind}>
        {statusText(state, t)}
      </p>
    </section>
  );
}

function statusText(state: TagState, t: Translator): string {
  switch (state.kind) {
    case "idle":
      return "";
    case "working":
      return state.total === null ? t("audit_tags_removing", { count: state.done }) : t("audit_tags_working", { done: state.done, count: state.total });
    case "tagged":
      return t("audit_tags_done", { changed: state.result.changed, unchanged: state.result.unchanged, failed: state.result.failed });
    case "removed":
      return t("audit_tags_removed", { count: state.result.changed, failed: state.result.failed });
    case "refused":
      return t("audit_tags_refused");
    case "failed":
      return t("audit_tags_failed", { error: state.error });
    case "shown":
      return t("audit_tags_shown");
  }
}
