/**
 * Exchange 2013+ and Exchange Online: `with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_..._P384)`;
 * Mimecast since about 2023 writes the same block: `with ESMTP with STARTTLS (version=TLSv1.3, cipher=...)`.
 * Both in the with clause; Mailgun after its id (`with SMTP id 5f05… (version=TLS1.2, cipher=TLS_ECDHE_…)`). Exchange
 * Online's front ends leave the cipher empty on some client submissions (`(version=TLS1_2, cipher=) via Frontend
 * Transport`, 2019–2021): TLS with that version, no cipher named.
 */
import { commentPattern } from "../recognizer.ts";
import { cipherName, normalizeVersion } from "../normalize.ts";

const EXCHANGE = /^\s*version=([\w.]{1,40}),\s*cipher=([\w-]{0,120})/;

export const exchangeKv = commentPattern(["with", "id"], ["version="], ["version="], EXCHANGE, (match) => ({
  version: normalizeVersion(match[1]),
  cipher: cipherName(match[2]),
  bits: null,
  verify: null,
}));
