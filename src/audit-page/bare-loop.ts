/**
 * The yardstick for the audit's speed: the same listing and the same number of `getHeaders` reads in flight, with
 * nothing done with the answers. The E2E suite runs it before and after an audit and compares the rates.
 */
import type { AuditScope, MailboxApi } from "../background/thunderbird.ts";
import { MessageReader } from "./reader.ts";

export interface BareLoopResult {
  messages: number;
  ms: number;
}

/** The audit's own reader (same paging, same reads in flight), with `getHeaders` answers dropped unread. */
export async function bareLoop(
  api: Pick<MailboxApi, "listMessages" | "continueList" | "abortList" | "readHeadersOnly">,
  scope: AuditScope,
  now: () => number,
): Promise<BareLoopResult> {
  const startedAt = now();
  let messages = 0;
  const readHeadersOnly = async (messageId: number) => {
    await api.readHeadersOnly(messageId);
    return "";
  };
  const reader = new MessageReader(
    { listMessages: api.listMessages, continueList: api.continueList, abortList: api.abortList, readRawHeaders: readHeadersOnly },
    { listed: (count) => void (messages = count), read: () => undefined, unreadable: () => undefined },
  );
  await reader.read(scope);
  return { messages, ms: now() - startedAt };
}
