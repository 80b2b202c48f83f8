/**
 * Hoplock's tags, one per state of a message from another organisation, so Thunderbird's own search, quick filter
 * and saved searches can find messages by their verdict. Keys are fixed (stored on IMAP servers as keywords); names
 * are written in the user's language when the tags are created.
 */
import type { Verdict } from "../analyzer/types.ts";
import { type MessageState, stateOf } from "../audit/index.ts";
import type { OptionalPermission } from "../background/thunderbird.ts";

/** A message is tagged by the state the audit counts it in; internal-only and Received-less ones get no tag. */
export type TaggedState = MessageState;

export interface VerdictTag {
  /** Lower case, no spaces or `()<>{/%*"`: Thunderbird's rules for a tag key (and an IMAP keyword). */
  key: string;
  /** Message name of the tag's name. */
  name: string;
  color: string;
}

export const VERDICT_TAGS: Readonly<Record<TaggedState, VerdictTag>> = {
  plaintext: { key: "hoplock-plaintext", name: "tag_plaintext", color: "#B3212A" },
  weak: { key: "hoplock-weak", name: "tag_weak", color: "#8A4B00" },
  unknown: { key: "hoplock-unknown", name: "tag_unknown", color: "#5B5B66" },
  encrypted: { key: "hoplock-encrypted", name: "tag_encrypted", color: "#1B7A35" },
};

export const HOPLOCK_TAG_KEYS: readonly string[] = Object.values(VERDICT_TAGS).map((tag) => tag.key);

/** The tags "show these in the message list" filters by. */
export const FLAGGED_TAG_KEYS: readonly string[] = [VERDICT_TAGS.plaintext.key, VERDICT_TAGS.weak.key];

/** What tagging needs: change messages' tags, create Hoplock's, and see which exist. */
export const TAG_PERMISSIONS: readonly OptionalPermission[] = ["messagesUpdate", "messagesTags", "messagesTagsList"];

/** The tag a verdict earns: none for mail that never left one organisation or has no Received header. */
export function verdictTag(verdict: Verdict): VerdictTag | null {
  const state = stateOf(verdict);
  return state === null ? null : VERDICT_TAGS[state];
}

/**
 * The message's tags with Hoplock's set to this verdict: the user's own tags kept in their order (`messages.update`
 * replaces the whole set), Hoplock's previous verdict tag replaced.
 */
export function tagsWithVerdict(existing: readonly string[], verdict: Verdict): string[] {
  const tag = verdictTag(verdict);
  const kept = tagsWithoutHoplock(existing);
  return tag === null ? kept : [...kept, tag.key];
}

export function tagsWithoutHoplock(existing: readonly string[]): string[] {
  return existing.filter((key) => !HOPLOCK_TAG_KEYS.includes(key));
}

export function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}
