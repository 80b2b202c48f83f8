/**
 * Mail gateways that end a product comment in their `by` clause with the TLS session: Cellopoint E-mail Firewall
 * `(Cellopoint E-mail Firewall v4.1.14 Build 0819 with TLSv1.2 ECDHE-RSA-AES256-SHA384 256/256)`, older builds and
 * relays in front of them `(... ESMTP with TLS)`.
 */
import { commentPattern } from "../recognizer.ts";
import { normalizeVersion, parseBits } from "../normalize.ts";

const WITH_TLS = /\swith (TLS(?:v[\d.]+)?)(?:\s+([A-Za-z0-9]+[_-][\w-]*)(?:\s+(\d+)\/\d+)?)?\s*$/;

export const gatewayWithTls = commentPattern(["by"], [], ["with tls"], WITH_TLS, (match) => ({
  version: normalizeVersion(match[1]),
  cipher: match[2] ?? null,
  bits: parseBits(match[3]),
  verify: null,
}));
