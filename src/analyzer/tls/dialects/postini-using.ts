/** Postini (Google Message Security): `(using TLSv1)` or `(using SSLv3)`: the protocol only, no cipher. */
import { commentRecognizer } from "../recognizer.ts";
import { normalizeVersion } from "../normalize.ts";

const USING_VERSION_ONLY = /^\s*using ((?:TLS|SSL)v[\d.]+)\s*$/;

export const postiniUsing = commentRecognizer("postini-using", USING_VERSION_ONLY, (match) => ({
  version: normalizeVersion(match[1]),
  cipher: null,
  bits: null,
  verify: null,
}), "using ");
