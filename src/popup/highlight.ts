/** Splits a raw header around the TLS evidence, so the view can wrap it in <mark> while staying plain text. */

export interface Segment {
  text: string;
  marked: boolean;
}

export function highlightEvidence(raw: string, evidence: string | null): Segment[] {
  const start = evidence ? raw.indexOf(evidence) : -1;
  if (!evidence || start < 0) return [{ text: raw, marked: false }];
  const end = start + evidence.length;
  const segments: Segment[] = [
    { text: raw.slice(0, start), marked: false },
    { text: evidence, marked: true },
    { text: raw.slice(end), marked: false },
  ];
  return segments.filter((segment) => segment.text !== "");
}
