/** Mimecast: `(Using TLS)` before `by`, no version or cipher. */
import { commentRecognizer } from "../recognizer.ts";

const USING_TLS = /^\s*Using TLS\s*$/i;

export const mimecastUsingTls = commentRecognizer("mimecast-using-tls", USING_TLS, () => ({ version: null, cipher: null, bits: null, verify: null }));
