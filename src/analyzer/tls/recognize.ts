/**
 * Reads one hop's TLS evidence: each receiver-written comment goes only to the recognizers of its start and zone,
 * the protocol token to the protocol dialects, clauses to the clause dialects. The most detailed reading names the
 * dialect and the evidence; fields it lacks are filled from the others (Gmail's `ESMTPSA` adds nothing, Postfix's
 * certificate note adds `verify`).
 */
import type { DialectId } from "./dialects/index.ts";
import { DIALECTS } from "./dialects/index.ts";
import type { ClauseRecognizer, CommentRecognizer, ProtocolRecognizer, ReceiverComment, Recognizer, TlsContext, TlsMatch, TlsReading } from "./recognizer.ts";
import type { ScannedReceived, Token } from "../received/scan.ts";
import { commentInitial, firstWordIn, zoneBits } from "../received/scan.ts";

export interface TlsEvidence extends TlsMatch {
  dialect: DialectId;
}

interface Entry<R extends Recognizer> {
  dialect: DialectId;
  rank: number;
  recognizer: R;
  /** The bits of the zones it reads (none for protocol recognizers). */
  zoneBits: number;
}

const ENTRIES: Entry<Recognizer>[] = Object.entries(DIALECTS).flatMap(([dialect, recognizers], rank) =>
  ([] as Recognizer[])
    .concat(recognizers)
    .map((recognizer) => ({ dialect: dialect as DialectId, rank, recognizer, zoneBits: "zones" in recognizer ? zoneBits(recognizer.zones) : 0 })),
);

const byKind = <R extends Recognizer>(reads: R["reads"]): Entry<R>[] => ENTRIES.filter((entry): entry is Entry<R> => entry.recognizer.reads === reads);

const PROTOCOL_ENTRIES = byKind<ProtocolRecognizer>("protocol");
const CLAUSE_ENTRIES = byKind<ClauseRecognizer>("clause");
const COMMENT_ENTRIES = byKind<CommentRecognizer>("comment");
const ANY_START_ENTRIES = COMMENT_ENTRIES.filter((entry) => entry.recognizer.starts.length === 0);
const ANY_START_ZONES = ANY_START_ENTRIES.reduce((bits, entry) => bits | entry.zoneBits, 0);

/** Comment recognizers by the first character (lower case, ASCII) of each start they declare. */
const ENTRIES_BY_FIRST_CHARACTER: (Entry<CommentRecognizer>[] | undefined)[] = [];
for (const entry of COMMENT_ENTRIES) {
  for (const start of entry.recognizer.starts) {
    const list = (ENTRIES_BY_FIRST_CHARACTER[start.charCodeAt(0)] ??= []);
    if (!list.includes(entry)) list.push(entry);
  }
}

/** The words every any-start comment dialect needs, derived from those recognizers: most comments carry none. */
const ANY_START_PREFILTER = new RegExp([...new Set(ANY_START_ENTRIES.flatMap((entry) => entry.recognizer.words))].map(escapeRegExp).join("|") || "(?!)", "i");

export function recognizeTls(context: TlsContext): TlsEvidence | null {
  const found = new Found();
  const { protocol, scanned } = context;
  if (protocol) {
    const token = firstWordIn(scanned, "with");
    for (const entry of PROTOCOL_ENTRIES) {
      const reading = entry.recognizer.read(protocol);
      if (reading && token) found.add(entry, reading, token.start, token.end);
    }
  }
  for (const comment of context.comments) {
    const started = ENTRIES_BY_FIRST_CHARACTER[firstCharacter(comment.text)];
    if (started) for (const entry of started) readComment(entry, comment, context, found, true);
    if ((comment.zoneBit & ANY_START_ZONES) !== 0 && ANY_START_PREFILTER.test(comment.text))
      for (const entry of ANY_START_ENTRIES) readComment(entry, comment, context, found, false);
  }
  for (const entry of CLAUSE_ENTRIES) {
    if ((scanned.zoneMask & entry.zoneBits) === 0) continue;
    const match = entry.recognizer.read(context);
    if (match) found.add(entry, match, match.evidenceAt.start, match.evidenceAt.end);
  }
  return found.best();
}

function readComment(entry: Entry<CommentRecognizer>, comment: ReceiverComment, context: TlsContext, found: Found, checkStart: boolean): void {
  const { recognizer } = entry;
  if ((comment.zoneBit & entry.zoneBits) === 0 || (checkStart && !startsWithAny(comment.text, recognizer.starts))) return;
  const reading = recognizer.read(comment, context);
  if (reading) found.add(entry, reading, comment.start, comment.start + comment.text.length);
}

/**
 * The first character after leading spaces and tabs, lower-cased when an ASCII letter (-1 for none). Every start is
 * ASCII, and no other character lower-cases to its first letter, so these codes find exactly the recognizers whose
 * start can match.
 */
function firstCharacter(text: string): number {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (i === text.length) return -1;
  const c = text.charCodeAt(i);
  return c >= 65 && c <= 90 ? c | 32 : c;
}

/** Does the text (after leading white space) start with one of the lower-case prefixes, in any case? */
function startsWithAny(text: string, starts: readonly string[]): boolean {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  for (const start of starts) {
    if (text.length - i < start.length) continue;
    let k = 0;
    while (k < start.length && (text.charCodeAt(i + k) | (isLowerLetter(start.charCodeAt(k)) ? 32 : 0)) === start.charCodeAt(k)) k++;
    if (k === start.length) return true;
  }
  return false;
}

function isLowerLetter(code: number): boolean {
  return code >= 97 && code <= 122;
}

/** The matches of one hop: the most detailed names the dialect and the evidence (the earlier dialect on a tie). */
class Found {
  private chosen: TlsEvidence | null = null;
  private chosenRank = Infinity;
  private chosenDetail = -1;
  private readonly readings: TlsReading[] = [];

  add(entry: Entry<Recognizer>, reading: TlsReading, start: number, end: number): void {
    this.readings.push(reading);
    const detail = detailOf(reading);
    if (detail < this.chosenDetail || (detail === this.chosenDetail && entry.rank >= this.chosenRank)) return;
    this.chosen = {
      version: reading.version,
      cipher: reading.cipher,
      bits: reading.bits,
      verify: reading.verify,
      evidenceAt: { start, end },
      dialect: entry.dialect,
    };
    this.chosenRank = entry.rank;
    this.chosenDetail = detail;
  }

  /** The chosen match, its missing fields filled from the others (Postfix's certificate note adds `verify`). */
  best(): TlsEvidence | null {
    const chosen = this.chosen;
    if (chosen === null) return null;
    for (const reading of this.readings) {
      chosen.version ??= reading.version;
      chosen.cipher ??= reading.cipher;
      chosen.bits ??= reading.bits;
      chosen.verify ??= reading.verify;
    }
    return chosen;
  }
}

function detailOf(match: TlsReading): number {
  return (match.version ? 1 : 0) + (match.cipher ? 1 : 0) + (match.bits !== null ? 1 : 0) + (match.verify ? 1 : 0);
}

/** Zones the receiver writes, where a TLS note may be: everything but the client's HELO part. */
const RECEIVER_NOTE_ZONES = zoneBits(["lead", "from", "by", "with", "id", "via", "for", "tls", "date"]);

/** Every receiver-written comment holding no client-chosen atom, with its text and zone. */
export function receiverComments(scanned: ScannedReceived): ReceiverComment[] {
  const comments: ReceiverComment[] = [];
  for (const token of scanned.comments) {
    if (token.atoms !== null || (token.zoneBit & RECEIVER_NOTE_ZONES) === 0 || isClientTextNote(scanned.value, token)) continue;
    comments.push({ text: scanned.value.slice(token.start + 1, token.end - 1), start: token.start + 1, zone: token.zone, zoneBit: token.zoneBit });
  }
  return comments;
}

/**
 * Notes that carry what the client chose: its HELO name (`(HELO x)`; Exim's `(helo=x)`, `(port=n helo=x ident=y)`,
 * written after an address without a verified name), its identd answer, its envelope sender (`(envelope-from x)`).
 */
const CLIENT_TEXT_NOTE = /^\(\s*(?:(?:HELO|EHLO)[\s=]|envelope-from\b|port=|ident=)/i;
/** Notes naming the account the client logged in with (its choice of name); Courier's carries its TLS note too. */
const ACCOUNT_NOTE = /^\(\s*(?:authenticated\b|Authenticated sender:|AUTH:|IDENT:|account\b)/i;

/** The patterns' first letters are checked before the patterns themselves, which most comments never need. */
function isClientTextNote(value: string, token: Token): boolean {
  const initial = commentInitial(value, token);
  return (initial === 104 || initial === 101 || initial === 112 || initial === 105) && CLIENT_TEXT_NOTE.test(head(value, token)); // h, e, p, i
}

function isAccountNote(value: string, token: Token): boolean {
  const initial = commentInitial(value, token);
  return (initial === 97 || initial === 105) && ACCOUNT_NOTE.test(head(value, token)); // a, i
}

function head(value: string, token: Token): string {
  return value.slice(token.start, Math.min(token.end, token.start + 24));
}

/**
 * TLS-like words (a TLS or SSL word with its version, `TLSv1.3`, `TLSv1/SSLv3`; STARTTLS, cipher, encrypted; and the
 * words of Postfix's certificate notes, which it writes only after a handshake: certificate, issuer) in what the
 * receiver wrote, outside host names, ids, addresses and dates. Found where no recognizer understood the note, they
 * veto reading silence as plaintext: a note cut or garbled in transit (its `(` lost, so its words are bare), or a
 * syntax not known yet.
 */
const TLS_LIKE = /\b(?:tls\w*(?:[./]\w+)*|ssl\w*(?:[./]\w+)*|starttls|cipher\w*|encrypt\w*|certificate|issuer)\b/gi;
const ANY_TLS_LIKE = /tls|ssl|cipher|encrypt|certificate|issuer/i;
/**
 * A receiver's software name that holds a TLS-like word, written where Postfix writes `(Postfix)`: not a note. The
 * CipherMail gateway (a Postfix) writes `by host (CipherMail) with ESMTP` whether or not the session used TLS.
 */
const SOFTWARE_NAME_NOTE = /^\(\s*CipherMail(?:\s+[\w.]+)?\s*\)$/i;

export function unreadTlsWords(scanned: ScannedReceived): string[] {
  const { value, tokens } = scanned;
  const words: string[] = [];
  if (!ANY_TLS_LIKE.test(value)) return words; // most silent values carry none of the words anywhere
  let byHostSeen = false;
  let idNoteOpened = false;
  for (const token of tokens) {
    if ((token.zoneBit & RECEIVER_NOTE_ZONES) === 0) continue;
    if (token.kind === "word") {
      // Host names, ids, addresses and the date are not notes.
      if (token.zone === "by" && !byHostSeen) {
        byHostSeen = true;
        continue;
      }
      // A note whose `)` was lost is bare words: after the TCP-info (zone `from`) every word is the receiver's; after
      // the id (sendmail's note), from a word opening with `(` on, as the client's envelope-from may follow the id.
      if (token.zone === "id") idNoteOpened ||= value.charCodeAt(token.start) === 40;
      if ((token.zone === "id" && !idNoteOpened) || token.zone === "for" || token.zone === "date" || token.zone === "lead") continue;
    }
    if (token.kind === "semicolon") continue;
    if (token.kind === "comment" && (isClientTextNote(value, token) || isAccountNote(value, token) || isSoftwareName(value, token))) continue;
    for (const match of textOutsideAtoms(value, token).matchAll(TLS_LIKE)) words.push(match[0]);
  }
  return words;
}

function isSoftwareName(value: string, token: Token): boolean {
  return token.zone === "by" && commentInitial(value, token) === 99 && SOFTWARE_NAME_NOTE.test(value.slice(token.start, token.end)); // c
}

function textOutsideAtoms(value: string, token: Token): string {
  if (token.atoms === null) return value.slice(token.start, token.end);
  let text = "";
  let from = token.start;
  for (let i = 0; i < token.atoms.length; i += 2) {
    text += `${value.slice(from, token.atoms[i])} `;
    from = token.atoms[i + 1] as number;
  }
  return text + value.slice(from, token.end);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
