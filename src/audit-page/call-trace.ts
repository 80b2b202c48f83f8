/**
 * Counts the reader's calls into Thunderbird as they start, and which started after Cancel: the audit page exposes
 * the counts (see index.tsx), and the tests assert that Cancel starts no read and no page and ends the list.
 */
import type { ReaderApi } from "./reader.ts";

export type TracedCall = "listMessages" | "continueList" | "abortList" | "readRawHeaders";

export interface CallCounts {
  /** Calls started, by name. */
  started: Record<TracedCall, number>;
  /** Calls started after `markCancelled`. */
  afterCancel: Record<TracedCall, number>;
  cancelled: boolean;
}

const zero = (): Record<TracedCall, number> => ({ listMessages: 0, continueList: 0, abortList: 0, readRawHeaders: 0 });

export function emptyCallCounts(): CallCounts {
  return { started: zero(), afterCancel: zero(), cancelled: false };
}

/** The same API, counting each call into `counts` when it starts. */
export function tracedReaderApi(api: ReaderApi, counts: CallCounts): ReaderApi {
  const note = (name: TracedCall) => {
    counts.started[name]++;
    if (counts.cancelled) counts.afterCancel[name]++;
  };
  return {
    listMessages: (scope) => (note("listMessages"), api.listMessages(scope)),
    continueList: (listId) => (note("continueList"), api.continueList(listId)),
    abortList: (listId) => (note("abortList"), api.abortList(listId)),
    readRawHeaders: (messageId) => (note("readRawHeaders"), api.readRawHeaders(messageId)),
  };
}
