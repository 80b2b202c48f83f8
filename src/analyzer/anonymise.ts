/**
 * "Help Hoplock read this": a Received line with everything personal taken out, by allow-list. Only clause keywords,
 * protocol and MTA product words, TLS vocabulary, cipher and version tokens, common key sizes, the date's shape and
 * the host names of known providers survive; every other token becomes a numbered placeholder of its kind
 * (`host1.example`, `192.0.2.1`, `2001:db8::1`, `user1@example.com`, `x1`). Punctuation and spacing are kept, so the
 * syntax a recognizer would need is intact.
 */
import { isKnownProvider, orgOf } from "./identity/org.ts";
import { KEYWORDS } from "./received/scan.ts";

/** Words that carry syntax, not identity (compared in lower case). */
const VOCABULARY = new Set([
  ...KEYWORDS,
  // protocols and session words
  ..."smtp esmtp esmtpa esmtps esmtpsa lmtp lmtpa lmtps lmtpsa utf8smtp utf8smtpa utf8smtps utf8smtpsa utf8lmtp utf8lmtps smtps ssmtp essmtp essmtpa asmtp http https httpu local mapi imap pop pop3 spool pickup ecartis fetchmail helo ehlo envelope-from authenticated sender user account unknown localhost unverified verified may be forged ident auth login plain port id via listexpand invoked network uid userid submit frontend transport".split(
    " ",
  ),
  // MTA and product words
  ..."postfix exim sendmail haraka qmail qpsmtpd courier opensmtpd communigate pro kerio connect microsoft server smtpsvc exchange pps mxfront yandex stalwart james mimecast ironport cellopoint e-mail firewall build mailmarshal postini google transport security zmailer halon trex dovecot cyrus amavisd-new mox chasquid maddy ecelerity codetwo exclaimer signature manager proxy active!gate angelmatophylax mimedefang mailcontrol icewarp antispam hermes nemesis".split(
    " ",
  ),
  // words of the newer dialects' notes
  ..."tlsversion tlscipher kx au enc mac curve over submission plain text envelope-sender subject ssl".split(" "),
  // TLS vocabulary
  ..."tls ssl starttls using cipher with bits version verify encrypted over secured channel client certificate requested present not did a no yes ok fail none trusted key-exchange server-signature server-digest client-signature cn issuer".split(
    " ",
  ),
]);

const CIPHER_PART =
  /^(?:TLS13|TLS|SSL|WITH|ECDHE|DHE|EDH|ADH|AECDH|ECDH|DH|RSA|PSK|ECDSA|DSS|ANON|AES|AES128|AES256|CAMELLIA128|CAMELLIA256|CHACHA20|POLY1305|GCM|CCM|CCM8|CBC|CBC3|SHA|SHA1|SHA256|SHA384|SHA512|MD5|RC4|ARCFOUR|DES|3DES|EDE|NULL|EXPORT|EXP|P256|P384|P521|X25519|X448|128|256|40|56|AEAD|PSS|IDEA|SEED)$/i;
const VERSION_TOKEN = /^(?:TLS|SSL)(?:v|[-_])?\d(?:[._]\d)?$/i;
const KEY_SIZES = new Set(["40", "56", "64", "112", "128", "168", "192", "256", "384", "512", "2048", "3072", "4096"]);
const DAY_OR_MONTH = /^(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*,?$/i;
const ZONE = /^(?:[+-]\d{4}|UT|UTC|GMT|[ECMP][SD]T|CES?T|BST)$/i;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const IPV6 = /^(?:IPv6:)?[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%[\w.-]+)?$/;
/** A host name: its last label starts with a letter (`a.b.example`, not the id `w124sor.256`). */
const HOST = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.[A-Za-z][A-Za-z0-9-]*\.?$/;
const EMAIL = /^[^@\s]+@[^@\s]+$/;
/** Separators kept as written: the line's syntax. */
const SEPARATORS = /([\s()[\]<>;,"=/]|:(?=\s|$))/;

export function anonymiseReceived(value: string): string {
  const placeholders = new Map<string, string>();
  const counters = { host: 0, ip4: 0, ip6: 0, email: 0, word: 0 };
  const replace = (token: string, kind: keyof typeof counters, make: (n: number) => string): string => {
    const key = `${kind}:${token.toLowerCase()}`;
    let placeholder = placeholders.get(key);
    if (placeholder === undefined) {
      placeholder = make(++counters[kind]);
      placeholders.set(key, placeholder);
    }
    return placeholder;
  };
  return value
    .split(SEPARATORS)
    .map((token, i) => {
      if (i % 2 === 1 || token === "") return token; // a separator
      if (isAllowed(token)) return token;
      if (/^\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(token) || /^\d{1,4}$/.test(token)) return token.replace(/\d/g, "0"); // the date's shape
      if (IPV4.test(token)) return replace(token, "ip4", (n) => `192.0.2.${n}`);
      if (IPV6.test(token) && token.split(":").length > 2) return replace(token, "ip6", (n) => `2001:db8::${n}`);
      if (/^\d+(?:\.\d+)+$/.test(token)) return token.replace(/\d+/g, "0"); // a version number's shape
      if (EMAIL.test(token)) return replace(token, "email", (n) => `user${n}@example.com`);
      if (HOST.test(token)) return isKnownProviderHost(token) ? token : replace(token, "host", (n) => `host${n}.example`);
      return replace(token, "word", (n) => `x${n}`);
    })
    .join("");
}

function isAllowed(token: string): boolean {
  const lower = token.toLowerCase();
  if (VOCABULARY.has(lower) || VERSION_TOKEN.test(token) || KEY_SIZES.has(token) || DAY_OR_MONTH.test(token) || ZONE.test(token)) return true;
  // A cipher suite: every part a known cipher word (`ECDHE-RSA-AES256-GCM-SHA384`, `TLS_AES_256_GCM_SHA384`).
  const parts = token.split(/[-_]/);
  return parts.length >= 2 && parts.every((part) => CIPHER_PART.test(part));
}

/** The servers of the providers Hoplock knows by name are public landmarks, not personal data. */
function isKnownProviderHost(host: string): boolean {
  const org = orgOf(host);
  return org !== null && isKnownProvider(org);
}
