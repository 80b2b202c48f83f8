/**
 * Exchange 2013+ and Exchange Online: `with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_..._P384)`;
 * Mimecast since about 2023 writes the same block: `with ESMTP with STARTTLS (version=TLSv1.3, cipher=...)`.
 * Both in the with clause.
 */
import { commentPattern } from "../recognizer.ts";
import { normalizeVersion } from "../normalize.ts";

const EXCHANGE = /^\s*version=([\w.]+),\s*cipher=(\w+)/;

export const exchangeKv = commentPattern(["with"], ["version="], ["version="], EXCHANGE, (match) => ({
  version: normalizeVersion(match[1]),
  cipher: match[2] ?? null,
  bits: null,
  verify: null,
}));
