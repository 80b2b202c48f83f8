/** `with HTTPS`: webmail front ends and Exchange Online's hop into the mailbox. (`HTTP` proves nothing either way.) */
import type { Recognizer } from "../recognizer.ts";

export const httpsProtocol: Recognizer = {
  dialect: "https-protocol",
  reads: "protocol",
  recognize({ protocol, protocolAsWritten }) {
    if (protocol !== "HTTPS" || !protocolAsWritten) return null;
    return { version: null, cipher: null, bits: null, verify: null, evidence: protocolAsWritten };
  },
};
