/**
 * The yardstick for the audit's speed: the same listing and the same number of `getHeaders` reads in flight, with
 * nothing done with the answers. The E2E suite runs it before and after an audit and compares the rates.
 */
import type { AuditScope, MailboxApi } from "../background/thunderbird.ts";
import { READS_IN_FLIGHT } from "./reader.ts";

export interface BareLoopResult {
  messages: number;
  ms: number;
}

export async function bareLoop(
  api: Pick<MailboxApi, "listMessages" | "continueList" | "readHeadersOnly">,
  scope: AuditScope,
  now: () => number,
): Promise<BareLoopResult> {
  const startedAt = now();
  const ids: number[] = [];
  let next = 0;
  let listing = true;
  let wake: (() => void)[] = [];
  const list = async () => {
    let page = await api.listMessages(scope);
    for (;;) {
      for (const message of page.messages) ids.push(message.id);
      wake.forEach((resolve) => resolve());
      wake = [];
      if (page.id === null) break;
      page = await api.continueList(page.id);
    }
    listing = false;
    wake.forEach((resolve) => resolve());
  };
  const read = async () => {
    for (;;) {
      if (next < ids.length) await api.readHeadersOnly(ids[next++] as number);
      else if (listing) await new Promise<void>((resolve) => wake.push(resolve));
      else return;
    }
  };
  await Promise.all([list(), ...Array.from({ length: READS_IN_FLIGHT }, read)]);
  return { messages: ids.length, ms: now() - startedAt };
}
