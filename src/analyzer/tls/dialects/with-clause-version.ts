/**
 * A TLS version alone in the with clause, without a cipher: CodeTwo Email Signatures 365 `with CodeTwo SMTP Server
 * (TLS12) via SMTP` (.NET's `SslProtocols` name), Exim 4.93+ templates that keep `($tls_in_ver)` but drop the RFC 8314
 * `tls <cipher>` clause (`with esmtpsa (TLS1.3) (Exim)`), and an older Exim template writing the version as a bare word
 * right after the protocol (`with esmtpsa TLS1.3 id …`). With the `tls` clause present, rfc8314-tls-clause reads the same
 * comment together with the cipher.
 */
import type { ClauseRecognizer, CommentRecognizer } from "../recognizer.ts";
import { NO_DETAIL } from "../recognizer.ts";
import { normalizeVersion } from "../normalize.ts";

const VERSION_ONLY = /^\s*((?:TLS|SSL)v?\d[\d._]{0,3})\s*$/i;
const VERSION_WORD = /^(?:TLS|SSL)v?\d[\d._]{0,3}$/i;

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

/** The bare word right after the protocol (`with esmtpsa TLS1.3 id …`). */
const asWord: ClauseRecognizer = {
  reads: "clause",
  zones: ["with"],
  words: ["tls", "ssl"],
  read({ scanned }) {
    const { tokens, value } = scanned;
    let protocol = 0;
    while (protocol < tokens.length && !(tokens[protocol]?.zone === "with" && tokens[protocol]?.kind === "word")) protocol++;
    const word = tokens[protocol + 1];
    if (!word || word.zone !== "with" || word.kind !== "word" || word.end - word.start > 10) return null;
    const text = value.slice(word.start, word.end);
    const version = VERSION_WORD.test(text) ? normalizeVersion(text) : null;
    return version ? { ...NO_DETAIL, version, evidenceAt: { start: word.start, end: word.end } } : null;
  },
};

export const withClauseVersion = [inComment, asWord];
