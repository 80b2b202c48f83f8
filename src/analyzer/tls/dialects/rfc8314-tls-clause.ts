/**
 * RFC 8314's additional Received clause `tls <IANA cipher name>`, written by Exim >= 4.93 together with the
 * version in a with-clause comment (`with esmtps  (TLS1.3) tls TLS_AES_256_GCM_SHA384`) and by Haraka >= 2.8.26.
 */
import type { ClauseRecognizer } from "../recognizer.ts";
import { normalizeVersion } from "../normalize.ts";

// A cipher name always has `_` (IANA) or `-` (OpenSSL).
const CIPHER = /^[A-Za-z0-9]+[_-][A-Za-z0-9_-]*$/;
const VERSION_COMMENT = /^\s*((?:TLS|SSL)v?[\d._-]+)\s*$/;

export const rfc8314TlsClause: ClauseRecognizer = {
  reads: "clause",
  zones: ["tls"],
  words: ["tls"],
  read({ scanned, comments }) {
    const { tokens, value } = scanned;
    const keyword = tokens.findIndex((token) => token.zone === "tls" && token.kind === "keyword");
    const cipher = tokens[keyword + 1];
    if (keyword === -1 || !cipher || cipher.kind !== "word" || cipher.zone !== "tls" || !CIPHER.test(value.slice(cipher.start, cipher.end))) return null;
    const versionComment = comments.find((comment) => comment.zone === "with" && VERSION_COMMENT.test(comment.text));
    return {
      version: normalizeVersion(versionComment && VERSION_COMMENT.exec(versionComment.text)?.[1]),
      cipher: value.slice(cipher.start, cipher.end),
      bits: null,
      verify: null,
      evidenceAt: { start: (tokens[keyword] as { start: number }).start, end: cipher.end },
    };
  },
};
