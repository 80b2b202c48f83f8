/**
 * Reads one hop's TLS evidence: each receiver-written comment goes only to the recognizers of its start and zone,
 * the protocol token to the protocol dialects, clauses to the clause dialects. The most detailed reading names the
 * dialect and the evidence; fields it lacks are filled from the others (Gmail's `ESMTPSA` adds nothing, Postfix's
 * certificate note adds `verify`).
 */
import type { DialectId } from "./dialects/index.ts";
import { DIALECTS } from "./dialects/index.ts";
import type { ClauseRecognizer, CommentRecognizer, ProtocolRecognizer, ReceiverComment, Recognizer, TlsContext, TlsMatch } from "./recognizer.ts";
import type { ScannedReceived, Token } from "../received/scan.ts";

export interface TlsEvidence extends TlsMatch {
  dialect: DialectId;
}

interface Entry<R extends Recognizer> {
  dialect: DialectId;
  rank: number;
  recognizer: R;
}

const ENTRIES: Entry<Recognizer>[] = Object.entries(DIALECTS).flatMap(([dialect, recognizers], rank) =>
  ([] as Recognizer[]).concat(recognizers).map((recognizer) => ({ dialect: dialect as DialectId, rank, recognizer })),
);

const byKind = <R extends Recognizer>(reads: R["reads"]): Entry<R>[] => ENTRIES.filter((entry): entry is Entry<R> => entry.recognizer.reads === reads);

const PROTOCOL_ENTRIES = byKind<ProtocolRecognizer>("protocol");
const CLAUSE_ENTRIES = byKind<ClauseRecognizer>("clause");
const COMMENT_ENTRIES = byKind<CommentRecognizer>("comment");
const ANY_START_ENTRIES = COMMENT_ENTRIES.filter((entry) => entry.recognizer.starts.length === 0);

/** Comment recognizers by the first letter of each start they declare. */
const ENTRIES_BY_FIRST_LETTER = new Map<string, Entry<CommentRecognizer>[]>();
for (const entry of COMMENT_ENTRIES) {
  for (const start of entry.recognizer.starts) {
    const letter = start.charAt(0);
    const list = ENTRIES_BY_FIRST_LETTER.get(letter) ?? [];
    if (!list.includes(entry)) list.push(entry);
    ENTRIES_BY_FIRST_LETTER.set(letter, list);
  }
}

/** The words every comment or clause dialect needs, derived from the recognizers: most comments carry none. */
const PREFILTER = new RegExp([...new Set(ENTRIES.flatMap((entry) => ("words" in entry.recognizer ? entry.recognizer.words : [])))].map(escapeRegExp).join("|"), "i");

export function recognizeTls(context: TlsContext): TlsEvidence | null {
  const matches: TlsEvidence[] = [];
  const ranks: number[] = [];
  const add = (entry: Entry<Recognizer>, match: TlsMatch | null): void => {
    if (!match) return;
    matches.push({ ...match, dialect: entry.dialect });
    ranks.push(entry.rank);
  };
  const { protocol, scanned } = context;
  if (protocol) {
    const token = scanned.tokens.find((candidate) => candidate.zone === "with" && candidate.kind === "word");
    for (const entry of PROTOCOL_ENTRIES) {
      const reading = entry.recognizer.read(protocol);
      if (reading && token) add(entry, { ...reading, evidenceAt: { start: token.start, end: token.end } });
    }
  }
  for (const comment of context.comments) {
    if (!PREFILTER.test(comment.text)) continue;
    for (const entry of candidatesFor(comment)) {
      const reading = entry.recognizer.read(comment, context);
      if (reading) add(entry, { ...reading, evidenceAt: { start: comment.start, end: comment.start + comment.text.length } });
    }
  }
  for (const entry of CLAUSE_ENTRIES) if (hasZone(scanned, entry.recognizer.zones)) add(entry, entry.recognizer.read(context));
  return best(matches, ranks);
}

function candidatesFor(comment: ReceiverComment): Entry<CommentRecognizer>[] {
  const text = comment.text.trimStart().toLowerCase();
  const started = (ENTRIES_BY_FIRST_LETTER.get(text.charAt(0)) ?? []).filter((entry) => entry.recognizer.starts.some((start) => text.startsWith(start)));
  const candidates = started.concat(ANY_START_ENTRIES);
  return candidates.filter((entry) => entry.recognizer.zones.includes(comment.zone));
}

function hasZone(scanned: ScannedReceived, zones: readonly string[]): boolean {
  return scanned.tokens.some((token) => zones.includes(token.zone));
}

/** The most detailed match (the earlier dialect on a tie), completed by the others. */
function best(matches: readonly TlsEvidence[], ranks: readonly number[]): TlsEvidence | null {
  let chosen = -1;
  for (let i = 0; i < matches.length; i++) {
    const detail = detailOf(matches[i] as TlsEvidence);
    const chosenDetail = chosen === -1 ? -1 : detailOf(matches[chosen] as TlsEvidence);
    if (detail > chosenDetail || (detail === chosenDetail && (ranks[i] as number) < (ranks[chosen] as number))) chosen = i;
  }
  if (chosen === -1) return null;
  const result = { ...(matches[chosen] as TlsEvidence) };
  for (const match of matches) {
    result.version ??= match.version;
    result.cipher ??= match.cipher;
    result.bits ??= match.bits;
    result.verify ??= match.verify;
  }
  return result;
}

function detailOf(match: TlsMatch): number {
  return (match.version ? 1 : 0) + (match.cipher ? 1 : 0) + (match.bits !== null ? 1 : 0) + (match.verify ? 1 : 0);
}

/** Zones the receiver writes, where a TLS note may be: everything but the client's HELO part. */
const RECEIVER_NOTE_ZONES = new Set(["lead", "from", "by", "with", "id", "via", "for", "tls", "date"]);

/** Every receiver-written comment holding no client-chosen atom, with its text and zone. */
export function receiverComments(scanned: ScannedReceived): ReceiverComment[] {
  const comments: ReceiverComment[] = [];
  for (const token of scanned.tokens) {
    if (token.kind !== "comment" || token.atoms !== null || !RECEIVER_NOTE_ZONES.has(token.zone) || CLIENT_TEXT_NOTE.test(head(scanned.value, token))) continue;
    comments.push({ text: scanned.value.slice(token.start + 1, token.end - 1), start: token.start + 1, zone: token.zone });
  }
  return comments;
}

/** Notes that carry what the client chose: its HELO name, its envelope sender (`(envelope-from x)` without brackets). */
const CLIENT_TEXT_NOTE = /^\(\s*(?:(?:HELO|EHLO)\s|envelope-from\b)/i;
/** Notes naming the account the client logged in with (its choice of name); Courier's carries its TLS note too. */
const ACCOUNT_NOTE = /^\(\s*(?:authenticated\b|Authenticated sender:|AUTH:|IDENT:|account\b)/i;

function head(value: string, token: Token): string {
  return value.slice(token.start, Math.min(token.end, token.start + 24));
}

/**
 * TLS-like words (a TLS or SSL word, STARTTLS, cipher, encrypted) in what the receiver wrote, outside host names,
 * ids, addresses and dates. Found where no recognizer understood the note, they veto reading silence as plaintext:
 * a note cut or garbled in transit, or a syntax not known yet.
 */
const TLS_LIKE = /\b(?:tls\w*|ssl\w*|starttls|cipher\w*|encrypt\w*)\b/gi;

export function unreadTlsWords(scanned: ScannedReceived): string[] {
  const { value, tokens } = scanned;
  const words: string[] = [];
  let byHostSeen = false;
  for (const token of tokens) {
    if (!RECEIVER_NOTE_ZONES.has(token.zone)) continue;
    if (token.kind === "word") {
      // Host names, ids, addresses and the date are not notes.
      if (token.zone === "by" && !byHostSeen) {
        byHostSeen = true;
        continue;
      }
      if (token.zone === "id" || token.zone === "for" || token.zone === "date" || token.zone === "lead" || token.zone === "from") continue;
    }
    if (token.kind === "semicolon") continue;
    if (token.kind === "comment" && (CLIENT_TEXT_NOTE.test(head(value, token)) || ACCOUNT_NOTE.test(head(value, token)))) continue;
    for (const match of textOutsideAtoms(value, token).matchAll(TLS_LIKE)) words.push(match[0]);
  }
  return words;
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
