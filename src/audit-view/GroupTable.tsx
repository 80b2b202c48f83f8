/** Per sender group: messages, the states' shares, versions, weakest cipher, plaintext dates. Sortable and searchable. */
import { useMemo, useState } from "preact/hooks";
import type { GroupStats, MessageState } from "../audit/index.ts";
import { MESSAGE_STATES } from "../audit/index.ts";
import type { Translator } from "../shared/i18n.ts";
import { StateMark } from "./StateBar.tsx";
import { dateText, numberText, senderLabel, shareText, stateName, versionsText, weakestText } from "./words.ts";

type SortKey = "sender" | "messages" | MessageState | "lastPlaintext";

interface Sort {
  key: SortKey;
  descending: boolean;
}

/** Rows drawn at first and added per click: a mailbox can have thousands of senders. */
const PAGE = 100;

export function GroupTable({ groups, t }: { groups: readonly GroupStats[]; t: Translator }) {
  const [sort, setSort] = useState<Sort>({ key: "messages", descending: true });
  const [query, setQuery] = useState("");
  const [shown, setShown] = useState(PAGE);
  const labelled = useMemo(() => groups.map((group) => ({ group, label: senderLabel(group.sender, t) })), [groups, t]);
  const rows = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const matching = needle ? labelled.filter(({ label }) => label.toLowerCase().includes(needle)) : labelled;
    return [...matching].sort((a, b) => compareRows(a, b, sort));
  }, [labelled, query, sort]);
  const toggle = (key: SortKey) => setSort((current) => ({ key, descending: current.key === key ? !current.descending : key !== "sender" }));
  const header = (key: SortKey, text: string) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.descending ? "descending" : "ascending") : "none"}>
      <button type="button" class="sort-button" onClick={() => toggle(key)}>
        {text}
        <span aria-hidden="true">{sort.key === key ? (sort.descending ? " ▼" : " ▲") : ""}</span>
      </button>
    </th>
  );
  return (
    <section class="groups" aria-labelledby="audit-groups-heading">
      <h2 id="audit-groups-heading">{t("audit_groups_heading")}</h2>
      <p class="muted">{t("audit_groups_help")}</p>
      <label class="search">
        {t("audit_groups_search")}
        <input
          type="search"
          value={query}
          onInput={(event) => {
            setQuery(event.currentTarget.value);
            setShown(PAGE);
          }}
        />
      </label>
      <p class="muted" aria-live="polite">
        {t("audit_groups_shown", { shown: Math.min(shown, rows.length), count: rows.length })}
      </p>
      <div class="table-scroll">
        <table class="data-table">
          <thead>
            <tr>
              {header("sender", t("audit_col_sender"))}
              {header("messages", t("audit_col_messages"))}
              {MESSAGE_STATES.map((state) => header(state, stateName(state, t)))}
              <th scope="col">{t("audit_col_versions")}</th>
              <th scope="col">{t("audit_col_weakest")}</th>
              <th scope="col">{t("audit_col_first_plaintext")}</th>
              {header("lastPlaintext", t("audit_col_last_plaintext"))}
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, shown).map(({ group, label }) => (
              <tr key={group.key} data-group={group.key} class={group.sender.kind === "verified" ? undefined : "unverified"}>
                <th scope="row">{label}</th>
                <td class="number">{numberText(group.messages, t.locale)}</td>
                {MESSAGE_STATES.map((state) => (
                  <td key={state} class="number" data-state={state}>
                    {group.states[state] > 0 && <StateMark state={state} />}
                    {shareText(group.states[state], group.messages, t)}
                  </td>
                ))}
                <td>{versionsText(group.versions, t)}</td>
                <td class="cipher">{weakestText(group, t)}</td>
                <td>{dateText(group.firstPlaintext, t.locale)}</td>
                <td>{dateText(group.lastPlaintext, t.locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length === 0 && <p>{t(groups.length === 0 ? "audit_groups_empty" : "audit_groups_none_match")}</p>}
      {rows.length > shown && (
        <button type="button" onClick={() => setShown(shown + PAGE)}>
          {t("audit_show_more", { count: Math.min(PAGE, rows.length - shown) })}
        </button>
      )}
    </section>
  );
}

interface Row {
  group: GroupStats;
  label: string;
}

function sortValue({ group, label }: Row, key: SortKey): string | number {
  switch (key) {
    case "sender":
      return label.toLowerCase();
    case "messages":
      return group.messages;
    case "lastPlaintext":
      return group.lastPlaintext === null ? -Infinity : Date.parse(group.lastPlaintext);
    default:
      return group.messages === 0 ? 0 : group.states[key] / group.messages;
  }
}

/** By the chosen column, then by sender name, so equal values keep a stable order. */
function compareRows(a: Row, b: Row, sort: Sort): number {
  const [x, y] = [sortValue(a, sort.key), sortValue(b, sort.key)];
  const primary = x < y ? -1 : x > y ? 1 : 0;
  return (sort.descending ? -primary : primary) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
}
