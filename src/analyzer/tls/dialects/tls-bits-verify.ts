/**
 * Forcepoint Email Security Cloud (ex-Websense, `*.srv.mailcontrol.com`, sendmail with MIMEDefang and a customised
 * template), after the id: `with ESMTP id 45N6MXvw040289 (TLS bits=256 verify=OK)` — sendmail's `${cipher_bits}` and
 * `${verify}` without version or cipher.
 */
import { commentPattern, NO_DETAIL } from "../recognizer.ts";
import { parseBits, sendmailVerify } from "../normalize.ts";

const BITS_VERIFY = /^\s*TLS bits=(\d{1,5}) verify=(\w{1,20})\s*$/;

export const tlsBitsVerify = commentPattern(["id"], ["tls bits="], ["tls bits="], BITS_VERIFY, (match) => ({
  ...NO_DETAIL,
  bits: parseBits(match[1]),
  verify: sendmailVerify(match[2]),
}));
