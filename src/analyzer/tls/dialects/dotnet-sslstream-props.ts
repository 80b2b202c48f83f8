/**
 * A Windows/.NET gateway (product not identified; uni-rostock.de, beckhoff.com, hhi.fraunhofer.de) that writes .NET
 * `SslStream` properties in its `by` clause: `by mx1.uni-rostock.de (Tls12, Aes256, Sha384, DiffieHellmanEllipticKey384)`
 * (SslProtocols, CipherAlgorithmType, HashAlgorithmType, ExchangeAlgorithmType). The bulk cipher is the cipher as
 * written; .NET gives no key size apart from it.
 */
import { commentPattern, NO_DETAIL } from "../recognizer.ts";
import { normalizeVersion } from "../normalize.ts";

const PROPS = /^\s*((?:Tls|Ssl)\d{0,2}), (\w{1,40}), \w{1,40}, \w{1,60}\s*$/;

export const dotnetSslstreamProps = commentPattern(["by"], ["tls", "ssl"], ["tls", "ssl"], PROPS, (match) => ({
  ...NO_DETAIL,
  version: dotnetVersion(match[1]),
  cipher: match[2] ?? null,
}));

/** .NET's `SslProtocols` names: `Tls` is TLS 1.0, `Tls12` TLS 1.2, `Ssl3` SSL 3.0. */
function dotnetVersion(name: string | undefined): ReturnType<typeof normalizeVersion> {
  return name === "Tls" ? "TLSv1" : normalizeVersion(name);
}
