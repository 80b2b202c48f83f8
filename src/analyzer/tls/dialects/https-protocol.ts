/** `with HTTPS`: webmail front ends and Exchange Online's hop into the mailbox. (`HTTP` proves nothing either way.) */
import type { ProtocolRecognizer } from "../recognizer.ts";
import { NO_DETAIL } from "../recognizer.ts";

export const httpsProtocol: ProtocolRecognizer = {
  reads: "protocol",
  read: (protocol) => (protocol.token === "HTTPS" ? NO_DETAIL : null),
};
