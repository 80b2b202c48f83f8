/**
 * A TLS note cut or garbled in transit must never let silence prove plaintext. The cases at risk are the real lines
 * of the dialect fixtures whose receiver always records TLS, so that without the note its silence proves plaintext.
 * Each has its note cut after every word (the rest lost, with or without the closing parenthesis, as a header cut
 * at a fold or a length limit is), and Postfix's lines lose their TLS note but keep the certificate note that
 * Postfix writes only after a handshake. None may read as plaintext.
 */
import { strict as assert } from "node:assert";
import { analyze, type TextSpan } from "../../src/analyzer/index.ts";
import { realLines } from "./real-lines.ts";

const values = realLines(["dialects"]);

const block = (value: string) => `Received: ${value}\r\n\r\n`;
const tlsOf = (value: string) => analyze(block(value)).hops[0]?.tls;

/** Postfix's note on the client's certificate: written only after a TLS handshake. */
const CERTIFICATE_NOTE = /\((?:No client certificate requested|Client did not present a certificate|Client CN "[^"]*", Issuer "[^"]*" \([^)]*\))\)/;
const TLS_WORD = /tls|ssl|cipher/i;

interface AtRisk {
  source: string;
  value: string;
  /** The note with its parentheses, when it has them. */
  note: TextSpan;
}

/**
 * Lines whose receiver's silence proves plaintext once the note (and Postfix's certificate note) is gone; a line with
 * a certificate note also comes without it, so that a cut note is all there is.
 */
function linesAtRisk(): AtRisk[] {
  const found: AtRisk[] = [];
  const variants = values.flatMap((line) =>
    CERTIFICATE_NOTE.test(line.value) ? [line, { ...line, value: line.value.replace(CERTIFICATE_NOTE, "") }] : [line],
  );
  for (const { source, value } of variants) {
    const tls = tlsOf(value);
    if (tls?.status !== "encrypted") continue;
    const inParentheses = value[tls.evidenceAt.start - 1] === "(" && value[tls.evidenceAt.end] === ")";
    const note = inParentheses ? { start: tls.evidenceAt.start - 1, end: tls.evidenceAt.end + 1 } : tls.evidenceAt;
    const silent = (value.slice(0, note.start) + value.slice(note.end)).replace(CERTIFICATE_NOTE, "");
    if (tlsOf(silent)?.status === "plaintext") found.push({ source, value, note });
  }
  return found;
}

/** The note cut after each word that leaves a TLS word in it: closed again, and with its `)` lost. */
function cutsOf({ value, note }: AtRisk): string[] {
  const text = value.slice(note.start, note.end);
  const opened = text.startsWith("(");
  const cuts: string[] = [];
  for (let at = text.indexOf(" "); at !== -1; at = text.indexOf(" ", at + 1)) {
    const kept = text.slice(0, at);
    if (!TLS_WORD.test(kept)) continue;
    const before = value.slice(0, note.start);
    const after = value.slice(note.end);
    cuts.push(before + kept + after);
    if (opened) cuts.push(`${before + kept})${after}`);
  }
  return cuts;
}

describe("garbled TLS notes", () => {
  const atRisk = linesAtRisk();

  it("the fixtures hold real lines whose receiver's silence proves plaintext: Exchange, Exim, Postfix, sendmail", () => {
    assert.ok(atRisk.length >= 20, `only ${atRisk.length} lines`);
  });

  it("a TLS note cut after any word, closed or with its parenthesis lost, never lets silence prove plaintext", () => {
    const cuts = atRisk.flatMap((line) => cutsOf(line).map((cut) => ({ source: line.source, cut })));
    assert.ok(cuts.length >= 40, `only ${cuts.length} cuts`);
    for (const { source, cut } of cuts) assert.notEqual(tlsOf(cut)?.status, "plaintext", `${source}\n${cut}`);
  });

  it("Postfix's certificate note left without its TLS note is an unread TLS note, not silence", () => {
    const withCertificateNote = atRisk.filter(({ value }) => CERTIFICATE_NOTE.test(value));
    assert.ok(withCertificateNote.length >= 1, "no line");
    for (const { source, value, note } of withCertificateNote) {
      const tls = tlsOf(value.slice(0, note.start) + value.slice(note.end));
      assert.equal(tls?.status, "unknown", source);
      assert.ok(
        tls.unrecognised.some((word) => /^(?:certificate|issuer)$/i.test(word)),
        `${source}: ${tls.unrecognised.join(" ")}`,
      );
    }
  });
});
