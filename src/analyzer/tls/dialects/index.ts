/**
 * Every TLS dialect, most detailed first (on a tie, the earlier one names the dialect). The keys are the dialect
 * ids: adding a dialect is one file, one line here, and one fixture of real lines in test/fixtures/dialects/.
 */
import type { Recognizer } from "../recognizer.ts";
import { angelmatoTlsCipher } from "./angelmato-tls-cipher.ts";
import { chasquidOverComment } from "./chasquid-over-comment.ts";
import { courierTls } from "./courier-tls.ts";
import { dotnetSslstreamProps } from "./dotnet-sslstream-props.ts";
import { ecelerityCipherKv } from "./ecelerity-cipher-kv.ts";
import { eximColon } from "./exim-colon.ts";
import { exchangeKv } from "./exchange-kv.ts";
import { exchangeTlsFlag } from "./exchange-tls-flag.ts";
import { exclaimerTlsversionKv } from "./exclaimer-tlsversion-kv.ts";
import { gatewayWithTls } from "./gateway-with-tls.ts";
import { gmailKv } from "./gmail-kv.ts";
import { httpsProtocol } from "./https-protocol.ts";
import { mailmarshalUsingTls } from "./mailmarshal-using-tls.ts";
import { mimecastUsingTls } from "./mimecast-using-tls.ts";
import { moxVersionCipher } from "./mox-version-cipher.ts";
import { nonstandardProtocol } from "./nonstandard-protocol.ts";
import { opensmtpdColon } from "./opensmtpd-colon.ts";
import { opensslCipherDescription } from "./openssl-cipher-description.ts";
import { postfixUsing } from "./postfix-using.ts";
import { postiniUsing } from "./postini-using.ts";
import { qmailEncrypted } from "./qmail-encrypted.ts";
import { rfc3848Protocol } from "./rfc3848-protocol.ts";
import { rfc8314TlsClause } from "./rfc8314-tls-clause.ts";
import { sendmailKv } from "./sendmail-kv.ts";
import { smtpsvcSecuredChannel } from "./smtpsvc-secured-channel.ts";
import { sslFlagProtocolComment } from "./ssl-flag-protocol-comment.ts";
import { tlsBitsVerify } from "./tls-bits-verify.ts";
import { withClauseVersion } from "./with-clause-version.ts";

export const DIALECTS = {
  "postfix-using": postfixUsing, // (using TLSv1.3 with cipher X (256/256 bits)): Postfix, Yandex, Stalwart, Kerio, James, Dovecot, Proofpoint Essentials, Symantec Messaging Gateway
  "sendmail-kv": sendmailKv, // (version=TLSv1.2 cipher=... bits=256 verify=NOT): sendmail, Proofpoint, Barracuda, FortiMail, hMailServer, old Haraka, OpenSMTPD 5.x
  "gmail-kv": gmailKv, // (version=TLS1_3 cipher=... bits=256/256): Google, MailGates
  "exchange-kv": exchangeKv, // with Microsoft SMTP Server (version=TLS1_2, cipher=...), Mimecast with STARTTLS, Mailgun
  "opensmtpd-colon": opensmtpdColon, // (TLSv1.3:TLS_AES_256_GCM_SHA384:256:NO)
  "exim-colon": eximColon, // (TLSv1.2:cipher:256), (TLS1.2:ECDHE_RSA_...:256), (Cipher TLSv1:DES-CBC3-SHA:168), (UNKNOWN:cipher:256)
  "openssl-cipher-description": opensslCipherDescription, // (ECDHE-RSA-AES128-GCM-SHA256:TLSv1.2:Kx=ECDH:Au=RSA:Enc=AESGCM(128):Mac=AEAD)
  "chasquid-over-comment": chasquidOverComment, // tls TLS_AES_128_GCM_SHA256 (over SMTP, TLS-1.3, envelope from "x"): chasquid
  "rfc8314-tls-clause": rfc8314TlsClause, // (TLS1.3) tls TLS_AES_256_GCM_SHA384: Exim >= 4.93, Haraka >= 2.8.26
  "mox-version-cipher": moxVersionCipher, // id X (TLS1.3 TLS_AES_128_GCM_SHA256): mox
  "exclaimer-tlsversion-kv": exclaimerTlsversionKv, // (tlsversion=TLS12, tlscipher=...): Exclaimer
  "dotnet-sslstream-props": dotnetSslstreamProps, // by host (Tls12, Aes256, Sha384, DiffieHellmanEllipticKey384)
  "courier-tls": courierTls, // (TLS: TLSv1/SSLv3, 168bits,DES-CBC3-SHA)
  "mailmarshal-using-tls": mailmarshalUsingTls, // (using TLS: TLSv1.2, AES256-SHA): Trustwave MailMarshal
  "gateway-with-tls": gatewayWithTls, // (Cellopoint E-mail Firewall ... with TLSv1.2 <cipher> 256/256), (... ESMTP with TLS)
  "tls-bits-verify": tlsBitsVerify, // (TLS bits=256 verify=OK): Forcepoint Email Security Cloud
  "qmail-encrypted": qmailEncrypted, // with (DHE-RSA-AES256-SHA encrypted) SMTP, with <cipher> encrypted SMTP: qmail, Axigen, MessageLabs, WP-SMTPD, t-online.de
  "ecelerity-cipher-kv": ecelerityCipherKv, // with ESMTPS (cipher=X [subject="…"]): Momentum/ecelerity
  "angelmato-tls-cipher": angelmatoTlsCipher, // (TLS, <cipher> [(<curve> curve)] cipher): AngelmatoPhylax SMTP proxy
  "postini-using": postiniUsing, // (using TLSv1) / (using SSLv3): Postini
  "with-clause-version": withClauseVersion, // with CodeTwo SMTP Server (TLS12), with esmtpsa (TLS1.3) without a tls clause
  "nonstandard-protocol": nonstandardProtocol, // ESMTP-TLS, smtps/ssmtp/essmtp, SMTPS, ESMTP/TLS[/<cipher>]
  "exchange-tls-flag": exchangeTlsFlag, // with Microsoft SMTP Server (TLS)
  "ssl-flag-protocol-comment": sslFlagProtocolComment, // with ASMTP (SSL): IceWarp
  "smtpsvc-secured-channel": smtpsvcSecuredChannel, // Microsoft SMTPSVC ... over TLS secured channel
  "mimecast-using-tls": mimecastUsingTls, // (Using TLS)
  "https-protocol": httpsProtocol, // with HTTPS (webmail, Exchange Online mailbox hop)
  "rfc3848-protocol": rfc3848Protocol, // with ESMTPS / ESMTPSA / LMTPS / UTF8SMTPS ... (RFC 3848, RFC 6531)
} as const satisfies Record<string, Recognizer | readonly Recognizer[]>;

/** The syntax in which a header recorded TLS. */
export type DialectId = keyof typeof DIALECTS;

export const DIALECT_IDS = Object.keys(DIALECTS) as DialectId[];
