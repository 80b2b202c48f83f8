/** Exchange 2010 and some 2013 front ends: `with Microsoft SMTP Server (TLS) id 14.3.361.1` (TLS, no details). */
import type { Recognizer } from "../recognizer.ts";

export const exchangeTlsFlag: Recognizer = {
  dialect: "exchange-tls-flag",
  reads: "text",
  recognize({ withComments }) {
    const flag = withComments.find((comment) => comment.trim().toUpperCase() === "TLS");
    return flag === undefined ? null : { version: null, cipher: null, bits: null, verify: null, evidence: flag };
  },
};
