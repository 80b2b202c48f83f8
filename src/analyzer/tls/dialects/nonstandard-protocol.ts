/**
 * Protocol tokens outside the IANA registry that still mean TLS: CommuniGate `ESMTP-TLS`, Exim's `smtps`
 * (STARTTLS then HELO), tls-on-connect `ssmtp`/`essmtp(a)` and `local-esmtps`, Zoho's `SMTPS`, and Cisco
 * IronPort's `ESMTP/TLS/<cipher>`.
 */
import type { Recognizer } from "../recognizer.ts";

const TLS_TOKEN = /^LOCAL-(?:E?SMTPSA?|ESSMTPA?|SSMTP)$|^(?:SMTPS|SSMTP|ESSMTPA?)$|^E?SMTP-TLS$/;
const IRONPORT = /^E?SMTP\/TLS\/([\w.+-]+)$/;

export const nonstandardProtocol: Recognizer = {
  dialect: "nonstandard-protocol",
  reads: "protocol",
  recognize({ protocol, protocolAsWritten }) {
    if (!protocol || !protocolAsWritten) return null;
    const ironport = IRONPORT.exec(protocol); // the token upper-cased
    if (ironport) {
      const cipher = protocolAsWritten.slice(protocolAsWritten.lastIndexOf("/") + 1);
      return { version: null, cipher, bits: null, verify: null, evidence: protocolAsWritten };
    }
    if (!TLS_TOKEN.test(protocol)) return null;
    return { version: null, cipher: null, bits: null, verify: null, evidence: protocolAsWritten };
  },
};
