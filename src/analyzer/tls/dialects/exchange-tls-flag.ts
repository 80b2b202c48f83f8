/** Exchange 2010 and some 2013 front ends: `with Microsoft SMTP Server (TLS) id 14.3.361.1` (TLS, no details). */
import { commentPattern, NO_DETAIL } from "../recognizer.ts";

export const exchangeTlsFlag = commentPattern(["with"], ["tls"], ["tls"], /^\s*TLS\s*$/i, () => NO_DETAIL);
