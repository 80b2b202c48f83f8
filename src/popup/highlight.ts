/** Splits a raw header around the evidence span the analyzer located, so the view can mark it while staying text. */
import type { TextSpan } from "../analyzer/types.ts";

export interface Segment {
  text: string;
  marked: boolean;
}

export function highlightSpan(raw: string, span: TextSpan | null): Segment[] {
  const valid = span !== null && span.start >= 0 && span.start < span.end && span.end <= raw.length;
  if (!valid) return [{ text: raw, marked: false }];
  const segments: Segment[] = [
    { text: raw.slice(0, span.start), marked: false },
    { text: raw.slice(span.start, span.end), marked: true },
    { text: raw.slice(span.end), marked: false },
  ];
  return segments.filter((segment) => segment.text !== "");
}
