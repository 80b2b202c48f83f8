/**
 * The AngelmatoPhylax SMTP proxy (EPFL, `by mail.epfl.ch (AngelmatoPhylax SMTP proxy) with ESMTPS`), after its
 * qmail-like `(ip)` TCP-info comment and before `by`: `(TLS, AES256-GCM-SHA384 cipher)`, newer builds with the key
 * exchange curve `(TLS, ECDHE-RSA-AES256-GCM-SHA384 (X25519 curve) cipher)`. The cipher only, no version or bits.
 */
import { commentPattern, NO_DETAIL } from "../recognizer.ts";

const TLS_CIPHER = /^\s*TLS, ([\w.+-]{1,120})(?: \([\w .-]{1,40}\))? cipher\s*$/;

export const angelmatoTlsCipher = commentPattern(["from"], ["tls, "], ["tls, "], TLS_CIPHER, (match) => ({ ...NO_DETAIL, cipher: match[1] ?? null }));
