/**
 * IIS SMTPSVC / Exchange 2003: `by host over TLS secured channel with Microsoft SMTPSVC(6.0.3790.4675)`; the
 * phrase also follows the with-clause in some builds, so the whole value is searched.
 */
import type { Recognizer } from "../recognizer.ts";

const SECURED = /over TLS secured channel/i;

export const smtpsvcSecuredChannel: Recognizer = {
  dialect: "smtpsvc-secured-channel",
  reads: "text",
  recognize({ value }) {
    const match = SECURED.exec(value);
    return match ? { version: null, cipher: null, bits: null, verify: null, evidence: match[0] } : null;
  },
};
