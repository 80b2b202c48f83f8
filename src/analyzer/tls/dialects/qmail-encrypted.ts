/**
 * qmail with the TLS patch, qpsmtpd, Axigen and Deutsche Telekom's t-online.de: the cipher and the word `encrypted` in
 * the with clause. As a comment: `with (DHE-RSA-AES256-SHA encrypted) SMTP`, with the combined TLS+AUTH patch
 * `with ESMTPSA (AES256-SHA encrypted, authenticated)`, t-online.de `with (TLSv1.3:TLS_AES_256_GCM_SHA384 encrypted)
 * esmtp` (the version glued on with `:`). As bare words, the cipher in the protocol's place: qmail-ldap, Symantec
 * Email Security.cloud (MessageLabs) and WP-SMTPD `with ECDHE-RSA-AES256-GCM-SHA384 encrypted SMTP` (SpamAssassin's
 * Received.pm documents the same `RC4-SHA encrypted SMTP`).
 */
import type { ClauseRecognizer, TlsReading } from "../recognizer.ts";
import { commentPattern, NO_DETAIL } from "../recognizer.ts";
import { normalizeVersion } from "../normalize.ts";

const CIPHER = String.raw`[\w.+-]{1,120}`;
const IN_COMMENT = new RegExp(String.raw`^\s*(?:((?:TLS|SSL)v?\d[\d._]{0,4}):)?(${CIPHER}) encrypted(?:, authenticated)?\s*$`);
const BARE = new RegExp(String.raw`^${CIPHER}$`);
const SMTP_WORD = /^E?SMTPS?A?$/i;

const inComment = commentPattern(["with"], [], ["encrypted"], IN_COMMENT, (match) => ({
  ...NO_DETAIL,
  version: normalizeVersion(match[1]),
  cipher: match[2] ?? null,
}));

/** `with <cipher> encrypted SMTP`: the first three words of the with clause, no comment. */
const bareWords: ClauseRecognizer = {
  reads: "clause",
  zones: ["with"],
  words: ["encrypted"],
  read({ scanned }) {
    const { tokens, value } = scanned;
    if (!value.includes("encrypted")) return null; // most lines: no token loop
    let first = -1;
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i]?.zone === "with" && tokens[i]?.kind === "word") {
        first = i;
        break;
      }
    }
    const [cipher, encrypted, protocol] = [tokens[first], tokens[first + 1], tokens[first + 2]];
    if (
      first === -1 ||
      !cipher ||
      !encrypted ||
      !protocol ||
      encrypted.zone !== "with" ||
      protocol.zone !== "with" ||
      encrypted.kind !== "word" ||
      protocol.kind !== "word"
    )
      return null;
    if (value.slice(encrypted.start, encrypted.end) !== "encrypted" || !SMTP_WORD.test(value.slice(protocol.start, protocol.end))) return null;
    const cipherText = value.slice(cipher.start, cipher.end);
    if (!BARE.test(cipherText)) return null;
    const reading: TlsReading = { ...NO_DETAIL, cipher: cipherText };
    return { ...reading, evidenceAt: { start: cipher.start, end: protocol.end } };
  },
};

export const qmailEncrypted = [inComment, bareWords];
