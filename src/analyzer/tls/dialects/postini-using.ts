/** Postini (Google Message Security): `(using TLSv1)` or `(using SSLv3)`: the protocol only, no cipher. */
import type { Recognizer } from "../recognizer.ts";
import { findComment } from "../recognizer.ts";
import { normalizeVersion } from "../normalize.ts";

const USING_VERSION_ONLY = /^\s*using ((?:TLS|SSL)v[\d.]+)\s*$/;

export const postiniUsing: Recognizer = {
  dialect: "postini-using",
  reads: "text",
  recognize({ comments }) {
    const found = findComment(comments, USING_VERSION_ONLY);
    if (!found) return null;
    return { version: normalizeVersion(found.match[1]), cipher: null, bits: null, verify: null, evidence: found.comment };
  },
};
