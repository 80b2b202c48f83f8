/** RFC 3848 / RFC 6531 with-protocol names: an `S` (before an optional `A`) means the session used STARTTLS. */
import type { ProtocolRecognizer } from "../recognizer.ts";
import { NO_DETAIL } from "../recognizer.ts";

export const rfc3848Protocol: ProtocolRecognizer = {
  reads: "protocol",
  read: (protocol) => (protocol.tls && !protocol.nonstandard && (protocol.family === "smtp" || protocol.family === "lmtp") ? NO_DETAIL : null),
};
