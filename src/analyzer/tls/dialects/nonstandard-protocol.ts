/**
 * Protocol tokens outside the IANA registry that still mean TLS: CommuniGate `ESMTP-TLS`, Exim's `smtps`
 * (STARTTLS then HELO), tls-on-connect `ssmtp`/`essmtp(a)` and `local-esmtps`, Zoho's and Google's `SMTPS`, and
 * Cisco IronPort's `ESMTP/TLS/<cipher>` (some ESAs write `ESMTP/TLS` with no cipher).
 */
import type { ProtocolRecognizer } from "../recognizer.ts";
import { NO_DETAIL } from "../recognizer.ts";

export const nonstandardProtocol: ProtocolRecognizer = {
  reads: "protocol",
  read(protocol) {
    if (protocol.ironportCipher !== null) return { ...NO_DETAIL, cipher: protocol.ironportCipher };
    const local = protocol.family === "local" && protocol.tls;
    return (protocol.nonstandard && protocol.tls) || local ? NO_DETAIL : null;
  },
};
