/**
 * IIS SMTPSVC / Exchange 2003, right after its host name in the `by` clause:
 * `by host over TLS secured channel with Microsoft SMTPSVC(6.0.3790.4675)` (its `TLS` reads as a clause keyword).
 */
import type { ClauseRecognizer } from "../recognizer.ts";
import { NO_DETAIL } from "../recognizer.ts";
import { zoneBits } from "../../received/scan.ts";

const SECURED = /^over TLS secured channel$/i;
/** The phrase's `TLS` is a keyword, so a line that has it has a `tls` clause. */
const TLS_CLAUSE = zoneBits(["tls"]);

export const smtpsvcSecuredChannel: ClauseRecognizer = {
  reads: "clause",
  zones: ["by"],
  words: ["tls"],
  read({ scanned }) {
    if ((scanned.zoneMask & TLS_CLAUSE) === 0) return null; // most lines: no token loop
    const { tokens, value } = scanned;
    const host = tokens.findIndex((token) => token.zone === "by" && token.kind === "word");
    const phrase = tokens.slice(host + 1, host + 5);
    const first = phrase[0];
    const last = phrase[phrase.length - 1];
    if (host === -1 || phrase.length < 4 || !first || !last || !SECURED.test(phrase.map((token) => value.slice(token.start, token.end)).join(" "))) return null;
    return { ...NO_DETAIL, evidenceAt: { start: first.start, end: last.end } };
  },
};
