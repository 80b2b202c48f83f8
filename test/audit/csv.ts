/** Reading CSV back in the tests, with csv-parse: an independent RFC 4180 reader, not one written to match ours. */
import { parse } from "csv-parse/sync";

/** RFC 4180 records as a spreadsheet reads them: CRLF between records; quoted fields may hold commas, quotes, breaks. */
export function cells(csv: string): string[][] {
  return parse(csv, { record_delimiter: "\r\n", relax_column_count: false, bom: false });
}

/** Sorts cells as Array.prototype.sort does by default (UTF-16 code units), said explicitly. */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
