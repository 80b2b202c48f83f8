/** IIS SMTPSVC / Exchange 2003: `with Microsoft SMTPSVC(6.0.3790.4675) over TLS secured channel`. */
import type { Recognizer } from "../recognizer.ts";

const SECURED = /over TLS secured channel/i;

export const smtpsvcSecuredChannel: Recognizer = {
  dialect: "smtpsvc-secured-channel",
  reads: "text",
  recognize({ value, withText }) {
    if (!withText || !SECURED.test(withText)) return null;
    const match = SECURED.exec(value);
    return match ? { version: null, cipher: null, bits: null, verify: null, evidence: match[0] } : null;
  },
};
