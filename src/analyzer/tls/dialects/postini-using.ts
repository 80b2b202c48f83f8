/** Postini (Google Message Security), before `by`: `(using TLSv1)` or `(using SSLv3)`: the protocol only, no cipher. */
import { commentPattern } from "../recognizer.ts";
import { normalizeVersion } from "../normalize.ts";

const USING_VERSION_ONLY = /^\s*using ((?:TLS|SSL)v[\d.]+)\s*$/;

export const postiniUsing = commentPattern(["from"], ["using "], ["using "], USING_VERSION_ONLY, (match) => ({
  version: normalizeVersion(match[1]),
  cipher: null,
  bits: null,
  verify: null,
}));
