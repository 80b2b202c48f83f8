/**
 * Address ranges of mail providers' own MAIL SERVICE, as evidence that a connection came from the provider's own
 * mail servers. Data only; the matcher is `mail-service.ts`.
 *
 * What belongs here: a range the provider itself declares as its mail servers (an SPF record it publishes for its
 * own mail, or its documented mail-flow endpoint list), copied exactly, with where and when it was read. And, marked
 * `published: false`, a block a provider uses only between its own mail servers, when both hold: every address of
 * it seen in real Received headers sits on one of the provider's own servers, and it overlaps none of the ranges the
 * same company lists for what customers rent (for Microsoft, every Azure service tag). Without it, every message
 * the provider delivers would stop being checkable at its first internal hop.
 *
 * What never belongs here: anything a customer can rent or direct. Azure, Google Cloud, AWS EC2 and the like sell
 * VMs in the same companies' address space, and a VM can say `HELO mail.protection.outlook.com`; a range that
 * contains such addresses would turn that lie into "Microsoft-internal". The same goes for proxies that carry
 * customers' connections (Google Cloud load-balancer ranges) and for client-access front ends shared with other
 * services. When unsure, leave a range out: a missing range only costs a hop being judged on other evidence.
 *
 * How to update:
 * - Microsoft: take https://endpoints.office.com/endpoints/worldwide?clientrequestid=<uuid>, the endpoint set with
 *   serviceArea "Exchange", urls "*.mail.protection.outlook.com" and tcpPorts "25" (id 10 since at least 2022).
 * - Google: `dig TXT _spf.google.com`, then each `_netblocksN.google.com` it includes; drop whatever appears in
 *   https://www.gstatic.com/ipranges/cloud.json and the load-balancer proxy ranges named in the Google note below.
 * - Record source, date and means in the set, set MAIL_SERVICE_RANGES_VERSION to the newest `retrieved` date, and
 *   run test/analyzer/mail-service-ranges.test.ts, which checks the table against known cloud compute blocks.
 */

/** The newest `retrieved` date below. */
export const MAIL_SERVICE_RANGES_VERSION = "2026-12-02";

export interface MailServiceRangeSet {
  /** stable id */
  id: string;
  /** The organisation key the analyzer uses for this provider: its main registrable domain, e.g. "outlook.com" for Microsoft 365, "google.com" for Google. */
  org: string;
  /** Where the list comes from (URL / DNS TXT name / document), exactly. */
  source: string;
  /** When the copy used here was published or retrieved (ISO date first), and by what means. */
  retrieved: string;
  /** Why these ranges are mail-only, and what is deliberately excluded. */
  note: string;
  /** False for a provider's internal block, known from its headers and the absence of rentable ranges (see above). */
  published: boolean;
  cidrs: readonly string[];
}

export const MAIL_SERVICE_RANGES = [
  {
    id: "microsoft-exchange-online-protection",
    org: "outlook.com",
    source:
      'Microsoft, "Microsoft 365 URLs and IP address ranges" (Worldwide), ' +
      "https://learn.microsoft.com/en-us/microsoft-365/enterprise/urls-and-ip-address-ranges?view=o365-worldwide, " +
      "generated from https://endpoints.office.com/endpoints/worldwide; Exchange Online endpoint set ID 10 " +
      "(Allow, Required, `*.mail.protection.outlook.com, *.mx.microsoft`, TCP 25).",
    retrieved:
      '2026-08-14: page marked "Last updated: 08/14/2026", read on 2026-12-02 from a stored copy (no live web). ' +
      "Same ID 10 addresses in github.com/MicrosoftDocs/microsoft-365-docs at commit " +
      "ac9de10608f5019ca1d88a762d837b65e1c6885a, file microsoft-365/includes/office-365-worldwide-endpoints.md " +
      "(endpoints version 2023073100), and all present in github.com/natecohen/microsoft-ips at commit " +
      "cfdc036d1158d9624b3f6c70aaf77bc0a3f210f5 (2026-05-29), file microsoft-365/Worldwide/Exchange/ip_cidr.txt.",
    note:
      "Exchange Online Protection: the hosts that receive (MX) and send (outbound.protection.outlook.com) all " +
      "Microsoft 365 and Outlook.com mail. Excluded: endpoint sets 1/2 (OWA, POP/IMAP, SMTP submission front ends), " +
      "which are client targets rather than relays and include Microsoft's shared first-party edge (they overlap " +
      "the AzureFrontDoor.FirstParty service tag); set 9's extra 52.238.78.88/32 (HTTPS only); all of Azure. " +
      "Microsoft's AzureCloud service tag (every Azure datacenter address) lists sub-prefixes of these ranges " +
      "because EOP runs in Azure datacenters (hosts named mail-*azlp*/*azon*.outbound.protection.outlook.com); " +
      "checked in ServiceTags_Public (snapshot github.com/maciejporebski/azure-ips at commit " +
      "94991689cfc775daae9974abdf0d8a23af2c0cd2, 2026-06-26): those sub-prefixes are in no other tag except " +
      "Microsoft's own EOPExternalPublishedIPs. EOP's internal hops are unpublished: see microsoft-365-internal.",
    published: true,
    cidrs: ["40.92.0.0/15", "40.107.0.0/16", "52.100.0.0/14", "104.47.0.0/17", "2a01:111:f400::/48", "2a01:111:f403::/48"],
  },
  {
    id: "microsoft-365-internal",
    org: "outlook.com",
    source:
      "Not published by Microsoft. Read from real headers: the Received lines of github.com/rf-peixoto/phishing_pot at " +
      "commit 8e207b5f465bf72c2326551b1a9b2ba67f3b4ef6 (7,910 messages, 7,727 of them delivered to Outlook.com; " +
      "40,135 Received lines) and this project's fixtures (message 16, test/fixtures/dialects/exchange-kv.json).",
    retrieved:
      "2026-12-02: every one of the 37,657 addresses in 2603:10a6::/32, 2603:10b6::/32, 2603:1096::/32 and " +
      "2603:10d6::/32 in those lines, and every 2a01:111:e400:: address in the fixtures, is written beside an " +
      "Exchange Online server's own name (*.prod.outlook.com, *.outlook.office365.com, " +
      "*.prod.protection.outlook.com, *.prod.exchangelabs.com, *.substrate.office.com), by an Exchange Online server. " +
      "None of the five blocks overlaps any prefix of Microsoft's ServiceTags_Public (all 3,237 service tags, " +
      "AzureCloud included; snapshot github.com/maciejporebski/azure-ips at commit " +
      "94991689cfc775daae9974abdf0d8a23af2c0cd2, 2026-06-26).",
    note:
      "The addresses Exchange Online's own servers use between themselves: the protection front ends " +
      "(*.eop-*.prod.protection.outlook.com), transport (*.outlook.office365.com) and mailbox servers " +
      "(*.prod.outlook.com) that every Outlook.com and Microsoft 365 message crosses after Microsoft receives it. " +
      "Azure sells addresses in the same 2603:1000::/24 (2603:1026::, 2603:1030:: and others, all in the " +
      "AzureCloud tag), so only these blocks are listed, none of Azure's, and not Exchange's client-access front " +
      "ends (2603:1026::, 2603:1036::, which are in service tags). EOP's internal IPv4 hops use private addresses, " +
      "known as such without a table.",
    published: false,
    cidrs: ["2603:10a6::/32", "2603:10b6::/32", "2603:1096::/32", "2603:10d6::/32", "2a01:111:e400::/48"],
  },
  {
    id: "google-spf-netblocks",
    org: "google.com",
    source:
      "Google's SPF record: DNS TXT _spf.google.com, which includes _netblocks.google.com, _netblocks2.google.com " +
      'and _netblocks3.google.com (the method given by https://support.google.com/a/answer/60764, "Google IP ' +
      'address ranges for outbound mail servers").',
    retrieved:
      "2019-09-15: no DNS is reachable here; values from github.com/J-Siu/johnsiu.com at commit " +
      '02373d0918ad60cc07d43e0c3f0f69d2dced28b9, file content/blog/google-ip.md ("Last update 2019-09-15", union ' +
      "of the three records), the newest dated copy found. Later undated copies (dig output in public code and " +
      "docs) show the same three records unchanged, and Gmail addresses in this project's 2024 fixtures fall in them.",
    note:
      "The addresses Google authorises to send its mail (Gmail and Google Workspace). Google notes they also serve " +
      "its other first-party services; none is rentable. Deliberately dropped from _netblocks3: 35.191.0.0/16 and " +
      "130.211.0.0/22, which Google Cloud documents as the source of its load-balancer proxies and health checks " +
      "towards customers' backends (https://cloud.google.com/load-balancing/docs/firewall-rules), so they carry " +
      "connections on customers' behalf. Excluded: everything in Google Cloud's cloud.json (none of the ranges " +
      "below overlaps the copy of 2025-07-24 in github.com/femueller/cloud-ip-ranges at commit " +
      "60937f4cdba4fca4d1706d0bfec2d72d9029c54d, file google-cloud-ip-ranges.json), and the unverified-forwarding " +
      "ranges, which Google keeps out of its SPF record on purpose.",
    cidrs: [
      // _netblocks.google.com
      "35.190.247.0/24",
      "64.233.160.0/19",
      "66.102.0.0/20",
      "66.249.80.0/20",
      "72.14.192.0/18",
      "74.125.0.0/16",
      "108.177.8.0/21",
      "173.194.0.0/16",
      "209.85.128.0/17",
      "216.58.192.0/19",
      "216.239.32.0/19",
      // _netblocks2.google.com
      "2001:4860:4000::/36",
      "2404:6800:4000::/36",
      "2607:f8b0:4000::/36",
      "2800:3f0:4000::/36",
      "2a00:1450:4000::/36",
      "2c0f:fb50:4000::/36",
      // _netblocks3.google.com, less the load-balancer ranges (see note)
      "172.217.0.0/19",
      "172.217.32.0/20",
      "172.217.128.0/19",
      "172.217.160.0/20",
      "172.217.192.0/19",
      "172.253.56.0/21",
      "172.253.112.0/20",
      "108.177.96.0/19",
    ],
    published: true,
  },
] as const satisfies readonly MailServiceRangeSet[];

export type MailServiceId = (typeof MAIL_SERVICE_RANGES)[number]["id"];
