/**
 * mox (github.com/mjl-/mox), after the id: `via tcp with ESMTPS id 7_jO3KP4COnlTQm3SYtefQ (TLS1.3
 * TLS_AES_128_GCM_SHA256) for <…>` — the version as `TLS1.0`…`TLS1.3` and Go's cipher-suite name
 * (mox-/tlsrecv.go `TLSReceivedComment`). No bits, no certificate check.
 */
import { commentPattern, NO_DETAIL } from "../recognizer.ts";
import { normalizeVersion } from "../normalize.ts";

const VERSION_CIPHER = /^\s*(TLS1\.[0-3])\s{1,20}([\w.+-]{1,120})\s*$/;

export const moxVersionCipher = commentPattern(["id"], ["tls1."], ["tls1."], VERSION_CIPHER, (match) => ({
  ...NO_DETAIL,
  version: normalizeVersion(match[1]),
  cipher: match[2] ?? null,
}));
