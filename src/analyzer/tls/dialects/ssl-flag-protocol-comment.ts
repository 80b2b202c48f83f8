/**
 * IceWarp Server (ex-Merak) and hosted front ends with the same template (corpemail.net, biz-email.net,
 * corp-email.com): `with ASMTP (SSL) id 202001171046263774`, `with ESMTP (SSL) id …` — a bare `(SSL)` after the
 * protocol: TLS, no version or cipher (exchange-tls-flag is the same flag spelled `(TLS)`).
 */
import { commentPattern, NO_DETAIL } from "../recognizer.ts";

export const sslFlagProtocolComment = commentPattern(["with"], ["ssl"], ["ssl"], /^\s*SSL\s*$/i, () => NO_DETAIL);
