/** Splitting input files into messages: an mbox holds many (each after a `From ` line), an .eml one. */

export interface MailboxMessage {
  /** 1-based position in the file. */
  number: number;
  text: string;
}

const MBOX_SEPARATOR = /^From [^\r\n]*\r?$/m;

export function splitMessages(text: string): MailboxMessage[] {
  if (!text.startsWith("From ")) return [{ number: 1, text }];
  const messages: MailboxMessage[] = [];
  // A separator is a `From ` line at the start of the file or after a blank line (mboxo/mboxrd).
  const parts = text.split(/(?:^|\r?\n\r?\n)(?=From [^\r\n]*\r?\n)/);
  for (const part of parts) {
    const body = part.replace(MBOX_SEPARATOR, "").replace(/^\r?\n/, "");
    if (body.trim().length > 0) messages.push({ number: messages.length + 1, text: body });
  }
  return messages;
}
