/** Mimecast: `(Using TLS)` after the TCP-info comment, before `by`; no version or cipher. */
import { commentPattern, NO_DETAIL } from "../recognizer.ts";

export const mimecastUsingTls = commentPattern(["from"], ["using tls"], ["using tls"], /^\s*Using TLS\s*$/i, () => NO_DETAIL);
