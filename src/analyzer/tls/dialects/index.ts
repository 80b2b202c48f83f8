/** Every TLS dialect recognizer, most detailed first (on a tie, the earlier one names the dialect). */
import type { Recognizer } from "../recognizer.ts";
import { courierTls } from "./courier-tls.ts";
import { eximColon } from "./exim-colon.ts";
import { exchangeKv } from "./exchange-kv.ts";
import { exchangeTlsFlag } from "./exchange-tls-flag.ts";
import { gatewayWithTls } from "./gateway-with-tls.ts";
import { gmailKv } from "./gmail-kv.ts";
import { httpsProtocol } from "./https-protocol.ts";
import { mailmarshalUsingTls } from "./mailmarshal-using-tls.ts";
import { mimecastUsingTls } from "./mimecast-using-tls.ts";
import { nonstandardProtocol } from "./nonstandard-protocol.ts";
import { opensmtpdColon } from "./opensmtpd-colon.ts";
import { postfixUsing } from "./postfix-using.ts";
import { postiniUsing } from "./postini-using.ts";
import { qmailEncrypted } from "./qmail-encrypted.ts";
import { rfc3848Protocol } from "./rfc3848-protocol.ts";
import { rfc8314TlsClause } from "./rfc8314-tls-clause.ts";
import { sendmailKv } from "./sendmail-kv.ts";
import { smtpsvcSecuredChannel } from "./smtpsvc-secured-channel.ts";

export const RECOGNIZERS: readonly Recognizer[] = [
  postfixUsing,
  sendmailKv,
  gmailKv,
  exchangeKv,
  opensmtpdColon,
  eximColon,
  rfc8314TlsClause,
  courierTls,
  mailmarshalUsingTls,
  gatewayWithTls,
  qmailEncrypted,
  postiniUsing,
  nonstandardProtocol,
  exchangeTlsFlag,
  smtpsvcSecuredChannel,
  mimecastUsingTls,
  httpsProtocol,
  rfc3848Protocol,
];
