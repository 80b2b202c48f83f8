/** The message facts an audit keeps besides its report: identifiers, `Date:`, and the headers that explain a downgrade. */
import { parseHeaderBlock, parseReceivedDate } from "../analyzer/index.ts";
import type { MessageFacts } from "./types.ts";

/** Header text kept per fact: enough to recognise a message, and a bound on what an audit holds per message. */
export const MAX_FACT_CHARS = 256;

export function readMessageFacts(headerBlock: string): MessageFacts {
  const facts: MessageFacts = { messageId: null, subject: null, from: null, date: null, dateTime: null, tlsRequiredNo: false, mailingList: false };
  for (const { name, value } of parseHeaderBlock(headerBlock)) {
    switch (name.toLowerCase()) {
      case "message-id":
        facts.messageId ??= shorten(value);
        break;
      case "subject":
        facts.subject ??= shorten(value);
        break;
      case "from":
        facts.from ??= shorten(value);
        break;
      case "date":
        facts.date ??= shorten(value);
        break;
      case "tls-required":
        // RFC 8689 §5: the field's only defined value is "No", case-insensitive.
        if (value.trim().toLowerCase() === "no") facts.tlsRequiredNo = true;
        break;
      case "list-id":
        facts.mailingList = true;
        break;
    }
  }
  // The analyzer's date reader, not `Date.parse`, whose reading of mail dates differs between engines (Thunderbird, Node).
  const time = facts.date === null ? null : parseReceivedDate(facts.date);
  facts.dateTime = time === null ? null : new Date(time).toISOString().replace(".000Z", "Z");
  return facts;
}

function shorten(value: string): string {
  return value.length <= MAX_FACT_CHARS ? value : `${value.slice(0, MAX_FACT_CHARS - 1)}…`;
}
