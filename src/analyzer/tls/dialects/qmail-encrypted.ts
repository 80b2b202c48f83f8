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
import type { Token } from "../../received/scan.ts";

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
    const first = scanned.firstWithWord;
    if (first === -1) return null;
    const cipher = tokens[first] as Token;
    const encrypted = tokens[first + 1];
    const protocol = tokens[first + 2];
    // `encrypted` is compared in place: in most with clauses it is absent, and then nothing is copied.
    if (!isWithWord(encrypted) || !isWithWord(protocol) || !spells(value, encrypted, "encrypted")) return null;
    if (!SMTP_WORD.test(value.slice(protocol.start, protocol.end))) return null;
    const cipherText = value.slice(cipher.start, cipher.end);
    if (!BARE.test(cipherText)) return null;
    const reading: TlsReading = { ...NO_DETAIL, cipher: cipherText };
    return { ...reading, evidenceAt: { start: cipher.start, end: protocol.end } };
  },
};

function isWithWord(token: Token | undefined): token is Token {
  return token !== undefined && token.zone === "with" && token.kind === "word";
}

/** The token's text is exactly `word` (case-sensitive), read without a copy. */
function spells(value: string, token: Token, word: string): boolean {
  return token.end - token.start === word.length && value.startsWith(word, token.start);
}

export const qmailEncrypted = [inComment, bareWords];
