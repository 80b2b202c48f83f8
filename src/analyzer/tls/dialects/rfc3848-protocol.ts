/** RFC 3848 / RFC 6531 with-protocol names: an `S` (before an optional `A`) means the session used STARTTLS. */
import type { Recognizer } from "../recognizer.ts";

const TLS_PROTOCOL = /^(?:ESMTP|LMTP|UTF8SMTP|UTF8LMTP)SA?$/;

export const rfc3848Protocol: Recognizer = {
  dialect: "rfc3848-protocol",
  reads: "protocol",
  recognize({ protocol, protocolAsWritten }) {
    if (!protocol || !protocolAsWritten || !TLS_PROTOCOL.test(protocol)) return null;
    return { version: null, cipher: null, bits: null, verify: null, evidence: protocolAsWritten };
  },
};
