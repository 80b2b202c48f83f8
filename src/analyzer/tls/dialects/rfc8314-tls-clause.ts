/**
 * RFC 8314's additional Received clause `tls <IANA cipher name>`, written by Exim >= 4.93 together with the
 * version in a with-clause comment (`with esmtps  (TLS1.3) tls TLS_AES_256_GCM_SHA384`) and by Haraka >= 2.8.26.
 */
import type { Recognizer } from "../recognizer.ts";
import { findComment } from "../recognizer.ts";
import { normalizeVersion } from "../normalize.ts";

// A cipher name always has `_` (IANA) or `-` (OpenSSL); SMTPSVC's "over TLS secured channel" is not a clause.
const CLAUSE = /^tls\s+([A-Za-z0-9]+[_-][A-Za-z0-9_-]*)(?=\s|$)/i;
const VERSION_COMMENT = /^\s*((?:TLS|SSL)v?[\d._-]+)\s*$/;

export const rfc8314TlsClause: Recognizer = {
  dialect: "rfc8314-tls-clause",
  reads: "text",
  recognize({ tlsClause, withComments }) {
    const match = tlsClause === null ? null : CLAUSE.exec(tlsClause);
    if (!match || !tlsClause || /=/.test(match[1] ?? "=")) return null;
    const version = findComment(withComments, VERSION_COMMENT);
    return {
      version: normalizeVersion(version?.match[1]),
      cipher: match[1] ?? null,
      bits: null,
      verify: null,
      evidence: tlsClause,
    };
  },
};
