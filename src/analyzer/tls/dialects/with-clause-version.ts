/**
 * A TLS version alone in the with clause, without a cipher: CodeTwo Email Signatures 365 `with CodeTwo SMTP Server
 * (TLS12) via SMTP` (.NET's `SslProtocols` name), Exim 4.93+ templates that keep `($tls_in_ver)` but drop the RFC 8314
 * `tls <cipher>` clause (`with esmtpsa (TLS1.3) (Exim)`), and an older Exim template writing the version as a bare word
 * after the protocol (`with esmtpsa TLS1.3 id …`). With the `tls` clause present, rfc8314-tls-clause reads the same
 * comment together with the cipher.
 */
import type { ClauseRecognizer, CommentRecognizer } from "../recognizer.ts";
import { NO_DETAIL } from "../recognizer.ts";
import { normalizeVersion } from "../normalize.ts";

const VERSION_ONLY = /^\s*((?:TLS|SSL)v?\d[\d._]{0,3})\s*$/i;
const VERSION_WORD = /^(?:TLS|SSL)v?\d[\d._]{0,3}$/i;
const ANY_VERSION = /(?:TLS|SSL)v?\d/i;

const inComment: CommentRecognizer = {
  reads: "comment",
  zones: ["with"],
  starts: ["tls", "ssl"],
  words: ["tls", "ssl"],
  read(comment) {
    const version = normalizeVersion(VERSION_ONLY.exec(comment.text)?.[1]);
    return version ? { ...NO_DETAIL, version } : null;
  },
};

/** The bare word after the protocol: one of the with clause's words other than its first. */
const asWord: ClauseRecognizer = {
  reads: "clause",
  zones: ["with"],
  words: ["tls", "ssl"],
  read({ scanned }) {
    const { tokens, value } = scanned;
    if (!ANY_VERSION.test(value)) return null; // most lines: no token loop
    let seenProtocol = false;
    for (const token of tokens) {
      if (token.zone !== "with" || token.kind !== "word") continue;
      if (!seenProtocol) {
        seenProtocol = true;
        continue;
      }
      const c = value.charCodeAt(token.start) | 32;
      if (c !== 116 && c !== 115) continue; // `t`, `s`
      const word = value.slice(token.start, token.end);
      const version = VERSION_WORD.test(word) ? normalizeVersion(word) : null;
      if (version) return { ...NO_DETAIL, version, evidenceAt: { start: token.start, end: token.end } };
    }
    return null;
  },
};

export const withClauseVersion = [inComment, asWord];
