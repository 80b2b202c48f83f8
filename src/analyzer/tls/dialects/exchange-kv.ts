/**
 * Exchange 2013+ and Exchange Online: `with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_..._P384)`;
 * Mimecast since about 2023 writes the same block: `with ESMTP with STARTTLS (version=TLSv1.3, cipher=...)`.
 */
import type { Recognizer } from "../recognizer.ts";
import { findComment } from "../recognizer.ts";
import { normalizeVersion } from "../normalize.ts";

const EXCHANGE = /^\s*version=([\w.]+),\s*cipher=(\w+)/;

export const exchangeKv: Recognizer = {
  dialect: "exchange-kv",
  reads: "text",
  recognize({ comments }) {
    const found = findComment(comments, EXCHANGE);
    if (!found) return null;
    const { match, comment } = found;
    return { version: normalizeVersion(match[1]), cipher: match[2] ?? null, bits: null, verify: null, evidence: comment };
  },
};
