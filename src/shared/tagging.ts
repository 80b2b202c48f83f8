/**
 * Tagging messages by verdict and taking Hoplock's tags off again, through the adapter's tag calls. Thunderbird's
 * `messages.update` replaces a message's whole tag set and waits for the folder to note each change, so every
 * message is read first (its tags now, not as listed earlier) and only changed where its tags differ.
 */
import type { Verdict } from "../analyzer/types.ts";
import type { MailboxApi } from "../background/thunderbird.ts";
import type { Translator } from "./i18n.ts";
import { HOPLOCK_TAG_KEYS, sameTags, tagsWithoutHoplock, tagsWithVerdict, VERDICT_TAGS } from "./verdict-tags.ts";

export type TagApi = Pick<MailboxApi, "getMessage" | "setTags" | "listTags" | "createTag" | "deleteTag" | "listTagged" | "continueList">;

/** Messages changed at once: Thunderbird handles one folder notification at a time anyway. */
const UPDATES_IN_FLIGHT = 4;

export interface TagCount {
  changed: number;
  unchanged: number;
  failed: number;
}

/** Creates Hoplock's tags that do not exist yet, named in the user's language; existing ones keep their name. */
export async function ensureVerdictTags(api: TagApi, t: Translator): Promise<void> {
  const existing = new Set((await api.listTags()).map((tag) => tag.key.toLowerCase()));
  for (const tag of Object.values(VERDICT_TAGS)) {
    if (!existing.has(tag.key)) await api.createTag({ key: tag.key, tag: t(tag.name), color: tag.color });
  }
}

/** Sets each message's Hoplock tag to its verdict, keeping its other tags. */
export async function tagByVerdict(api: TagApi, t: Translator, verdicts: ReadonlyMap<number, Verdict>, onProgress: (done: number) => void): Promise<TagCount> {
  await ensureVerdictTags(api, t);
  return eachMessage([...verdicts.keys()], onProgress, async (id) => {
    const existing = (await api.getMessage(id)).tags ?? [];
    const wanted = tagsWithVerdict(existing, verdicts.get(id) as Verdict);
    if (sameTags(existing, wanted)) return false;
    await api.setTags(id, wanted);
    return true;
  });
}

/** Takes Hoplock's tags off every message that has one, then deletes the tags themselves. */
export async function removeVerdictTags(api: TagApi, onProgress: (done: number) => void): Promise<TagCount> {
  const tagged = await allIds(api);
  const count = await eachMessage(tagged, onProgress, async (id) => {
    const existing = (await api.getMessage(id)).tags ?? [];
    const wanted = tagsWithoutHoplock(existing);
    if (sameTags(existing, wanted)) return false;
    await api.setTags(id, wanted);
    return true;
  });
  const defined = new Set((await api.listTags()).map((tag) => tag.key.toLowerCase()));
  for (const key of HOPLOCK_TAG_KEYS) if (defined.has(key)) await api.deleteTag(key);
  return count;
}

/** Ids of the messages carrying a Hoplock tag, every page of the list. */
async function allIds(api: TagApi): Promise<number[]> {
  let page = await api.listTagged(HOPLOCK_TAG_KEYS);
  const ids = page.messages.map((message) => message.id);
  while (page.id !== null) {
    page = await api.continueList(page.id);
    ids.push(...page.messages.map((message) => message.id));
  }
  return ids;
}

/** Runs `change` for each id, a few at a time; a message that fails is counted and the others go on. */
async function eachMessage(ids: readonly number[], onProgress: (done: number) => void, change: (id: number) => Promise<boolean>): Promise<TagCount> {
  const count: TagCount = { changed: 0, unchanged: 0, failed: 0 };
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++] as number;
      try {
        count[(await change(id)) ? "changed" : "unchanged"]++;
      } catch {
        count.failed++;
      }
      onProgress(++done);
    }
  };
  await Promise.all(Array.from({ length: UPDATES_IN_FLIGHT }, worker));
  return count;
}
