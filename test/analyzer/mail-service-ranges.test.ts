/**
 * Published mail-service ranges: real relay addresses must be recognised, and nothing a customer can rent (cloud
 * VMs, cloud load-balancer proxies) may be, since a VM can claim any HELO name it likes.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import ipaddr from "ipaddr.js";
import { mailServiceOf } from "../../src/analyzer/identity/mail-service.ts";
import { MAIL_SERVICE_RANGES, MAIL_SERVICE_RANGES_VERSION } from "../../src/analyzer/identity/mail-service-ranges.ts";

const ORG_KEYS = new Set([
  "outlook.com",
  "google.com",
  "yahoo.com",
  "icloud.com",
  "pphosted.com",
  "mimecast.com",
  "messagingengine.com",
  "zoho.com",
  "protonmail.ch",
  "sendgrid.net",
  "mailgun.net",
  "amazonses.com",
  "gmx.net",
]);

/**
 * Rentable or customer-directed cloud blocks, each holding an address that really sent mail (see the address tests
 * below). Checked against the whole lists when the table was built; these stay as regression anchors.
 */
const CLOUD_COMPUTE_BLOCKS: readonly { cidr: string; what: string }[] = [
  // Azure: AzureCloud.<region> prefixes in Microsoft's ServiceTags_Public (snapshot github.com/maciejporebski/azure-ips
  // at 94991689cfc775daae9974abdf0d8a23af2c0cd2, 2026-06-26), in no first-party service tag.
  { cidr: "40.91.64.0/18", what: "AzureCloud.westus2" },
  { cidr: "52.250.0.0/17", what: "AzureCloud.westus2" },
  { cidr: "4.154.0.0/15", what: "AzureCloud.westus2" },
  { cidr: "20.63.0.0/17", what: "AzureCloud.canadacentral" },
  { cidr: "2603:1030:c00::/48", what: "AzureCloud.westus2" },
  // Exchange Online's client-access front ends and other Azure blocks beside Exchange's internal ones, in AzureCloud.
  { cidr: "2603:1036:903::/64", what: "AzureCloud (outlook.office365.com client access)" },
  { cidr: "2603:1026:800::/63", what: "AzureCloud (outlook.office365.com client access)" },
  { cidr: "2603:1063::/56", what: "AzureCloud" },
  // Google Cloud: https://www.gstatic.com/ipranges/cloud.json of 2025-07-24 (github.com/femueller/cloud-ip-ranges at
  // 60937f4cdba4fca4d1706d0bfec2d72d9029c54d, google-cloud-ip-ranges.json), which Google defines as the ranges of
  // customers' Google Cloud resources.
  { cidr: "104.154.64.0/19", what: "Google Cloud us-central1" },
  { cidr: "34.84.0.0/16", what: "Google Cloud asia-northeast1" },
  { cidr: "34.165.0.0/16", what: "Google Cloud me-west1" },
  { cidr: "35.185.0.0/17", what: "Google Cloud us-east1" },
  { cidr: "2600:1900:4030::/44", what: "Google Cloud asia-east1" },
  // Google Cloud load-balancer proxies and health checks towards customers' backends, although listed in
  // _netblocks3.google.com (https://cloud.google.com/load-balancing/docs/firewall-rules).
  { cidr: "35.191.0.0/16", what: "Google Cloud load-balancer proxies" },
  { cidr: "130.211.0.0/22", what: "Google Cloud load-balancer proxies" },
  // AWS: service "EC2" in https://ip-ranges.amazonaws.com/ip-ranges.json of 2025-07-24 (same femueller snapshot,
  // aws-ip-ranges.json).
  { cidr: "54.184.0.0/13", what: "AWS EC2 us-west-2" },
  { cidr: "35.160.0.0/13", what: "AWS EC2 us-west-2" },
  { cidr: "35.80.0.0/12", what: "AWS EC2 us-west-2" },
  { cidr: "2600:1f1d:8000::/36", what: "AWS EC2 us-west-2" },
];

function overlaps(a: string, b: string): boolean {
  const [netA, bitsA] = ipaddr.parseCIDR(a);
  const [netB, bitsB] = ipaddr.parseCIDR(b);
  if (netA.kind() !== netB.kind()) return false;
  // Two prefixes overlap exactly when the shorter one contains the other's network address. (Same kind, so the
  // IPv4 cast only satisfies the type checker.)
  const [wide, narrow, bits] = bitsA <= bitsB ? [netA, netB, bitsA] : [netB, netA, bitsB];
  return narrow.match(wide, bits);
}

const allCidrs = MAIL_SERVICE_RANGES.flatMap((set) => set.cidrs.map((cidr) => ({ id: set.id, cidr })));

describe("mail-service ranges: the table", () => {
  it("every CIDR parses and is written as its network address", () => {
    for (const { id, cidr } of allCidrs) {
      assert.ok(ipaddr.isValidCIDR(cidr), `${id}: ${cidr} is not a CIDR`);
      const [network, bits] = ipaddr.parseCIDR(cidr);
      const base = network.kind() === "ipv4" ? ipaddr.IPv4.networkAddressFromCIDR(cidr) : ipaddr.IPv6.networkAddressFromCIDR(cidr);
      assert.equal(base.toString(), network.toString(), `${id}: ${cidr} has host bits set`);
      assert.ok(bits >= (network.kind() === "ipv4" ? 8 : 24), `${id}: ${cidr} is implausibly wide`);
    }
  });

  it("each set has a unique id, a known org key, a source, a dated retrieval and a note", () => {
    const ids = MAIL_SERVICE_RANGES.map((set) => set.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const set of MAIL_SERVICE_RANGES) {
      assert.ok(ORG_KEYS.has(set.org), `${set.id}: unknown org ${set.org}`);
      assert.ok(set.source.length > 20 && set.note.length > 20 && set.cidrs.length > 0, set.id);
      assert.match(set.retrieved, /^\d{4}-\d{2}-\d{2}\b/, `${set.id}: retrieved must start with an ISO date`);
    }
    assert.ok(MAIL_SERVICE_RANGES.some((set) => set.org === "outlook.com"));
    assert.ok(MAIL_SERVICE_RANGES.some((set) => set.org === "google.com"));
  });

  it("the version is the newest retrieval date", () => {
    const newest = MAIL_SERVICE_RANGES.map((set) => set.retrieved.slice(0, 10))
      .sort()
      .at(-1);
    assert.equal(MAIL_SERVICE_RANGES_VERSION, newest);
  });

  it("no two sets claim the same address, so an answer never depends on table order", () => {
    for (const a of allCidrs) {
      for (const b of allCidrs) {
        if (a !== b) assert.ok(!overlaps(a.cidr, b.cidr), `${a.id} ${a.cidr} overlaps ${b.id} ${b.cidr}`);
      }
    }
  });

  it("the overlap check notices nesting either way round, in both families", () => {
    // 40.93.0.0/23 is one of the AzureCloud sub-prefixes inside EOP's 40.92.0.0/15 (see the Microsoft note).
    assert.ok(overlaps("40.92.0.0/15", "40.93.0.0/23") && overlaps("40.93.0.0/23", "40.92.0.0/15"));
    assert.ok(overlaps("2a01:111:f403::/48", "2a01:111:f403:c000::/63"));
    assert.ok(!overlaps("40.92.0.0/15", "40.94.0.0/15") && !overlaps("40.92.0.0/15", "2a01:111:f403::/48"));
  });

  it("an unpublished set overlaps no address Azure customers can rent (every service-tag prefix near it)", () => {
    const azure = readFileSync(new URL("../fixtures/azure-service-tags-ipv6.txt", import.meta.url), "utf8")
      .split("\n")
      .filter((line) => line !== "" && !line.startsWith("#"));
    assert.equal(azure.length, 1899);
    assert.ok(
      azure.some((prefix) => overlaps(prefix, "2603:1030:c00::/48")),
      "the list holds AzureCloud.westus2",
    );
    const unpublished = MAIL_SERVICE_RANGES.filter((set) => !set.published);
    assert.ok(unpublished.length > 0);
    for (const set of unpublished) {
      for (const cidr of set.cidrs) {
        const hit = azure.find((prefix) => overlaps(cidr, prefix));
        assert.equal(hit, undefined, `${set.id} ${cidr} overlaps the Azure service-tag prefix ${hit}`);
      }
    }
  });

  it("no set overlaps a rentable cloud compute block or a cloud load-balancer proxy range", () => {
    for (const { id, cidr } of allCidrs) {
      for (const block of CLOUD_COMPUTE_BLOCKS) {
        assert.ok(!overlaps(cidr, block.cidr), `${id} ${cidr} overlaps ${block.what} ${block.cidr}`);
      }
    }
  });
});

describe("mail-service ranges: real relays are recognised", () => {
  const microsoft = { id: "microsoft-exchange-online-protection", org: "outlook.com" };
  const google = { id: "google-spf-netblocks", org: "google.com" };

  const internal = { id: "microsoft-365-internal", org: "outlook.com" };

  const cases: readonly [string, typeof microsoft | typeof google | typeof internal, string][] = [
    // Exchange Online outbound, IPv4.
    ["40.107.244.60", microsoft, "test/fixtures/received-lines.jsonl rcv-337, nvidia.com to linux-kernel"],
    ["104.47.57.169", microsoft, "test/fixtures/dialects/sendmail-kv.json, netapp.com to Haraka, 2024-02-22"],
    ["104.47.17.107", microsoft, "test/fixtures/dialects/mimecast-using-tls.json, to relay.mimecast.com, 2021-09-06"],
    ["52.101.65.64", microsoft, "mail-northeuropeazon11011064.outbound.protection.outlook.com, cherry.de to linux-i2c, 2024-09-06"],
    // Outlook.com / Hotmail consumer outbound.
    ["40.92.44.70", microsoft, "mail-sn1nam02olkn2070.outbound.protection.outlook.com, outlook.com to linux-kernel, 2024-09-18"],
    ["52.103.34.62", microsoft, "mail-swedensouthazolkn19012062.outbound.protection.outlook.com, hotmail.de to linux-wireless, 2026-03-31"],
    // Exchange Online outbound, IPv6, as recorded by eggs.gnu.org (Exim) for qemu-devel.
    ["2a01:111:f403:c107::1", microsoft, "mail-westus3azlp170120001.outbound.protection.outlook.com, nvidia.com, 2026-01-13"],
    ["2a01:111:f403:2415::611", microsoft, "mail-dm6nam11on20611.outbound.protection.outlook.com, amd.com, 2024-10-17"],
    // Gmail.
    ["209.85.220.41", google, "test/fixtures/dialects/nonstandard-protocol.json, mail-sor-f41.google.com to mx.google.com"],
    ["74.125.82.70", google, "test/fixtures/receivers/postfix.json, mail-wm0-f70.google.com to kanga.kvack.org, 2018-03-19"],
    ["2607:f8b0:4864:20::82c", google, "test/fixtures/messages/12-gmail-to-yandex-tls13.eml, mail-qt1-x82c.google.com"],
    ["2a00:1450:4864:20::532", google, "test/fixtures/dialects/postfix-using.json, mail-ed1-x532.google.com, 2024-09-21"],
    ["2607:f8b0:400e:c01::22f", google, "test/fixtures/dialects/gmail-kv.json, mail-pb0-x22f.google.com, 2014-02-19"],
    // Exchange Online's own servers between themselves (unpublished; see the set's note).
    ["2a01:111:e400:c418::34", internal, "test/fixtures/messages/16-powermta-to-eop-cleartext.eml, *.eop-NAM04.prod.protection.outlook.com"],
    ["2603:10b6:5:3af:cafe::c4", internal, "test/fixtures/received-lines.jsonl, DM3NAM02FT061.eop-nam02.prod.protection.outlook.com"],
    ["2603:10a6:800:bc::12", internal, "test/fixtures/dialects/exchange-kv.json, VI1PR0602CA0002.eurprd06.prod.outlook.com"],
    ["2603:1096:202:17::14", internal, "test/fixtures/dialects/exchange-kv.json, HK2PR03CA0044.apcprd03.prod.outlook.com"],
    ["2603:10d6:300:d::9", internal, "SCZP215MB2031.LAMP215.PROD.OUTLOOK.COM to an Outlook.com mailbox, rf-peixoto/phishing_pot email/sample-1340.eml"],
  ];

  for (const [address, expected, seen] of cases) {
    it(`${address} is ${expected.org}'s mail service (seen: ${seen})`, () => {
      assert.deepEqual(mailServiceOf(address), expected);
    });
  }

  it("the spellings Received headers use for one address all give the same answer", () => {
    for (const spelling of ["::ffff:40.107.244.60", "::FFFF:40.107.244.60", "IPv6:::ffff:40.107.244.60"]) {
      assert.deepEqual(mailServiceOf(spelling), microsoft, spelling);
    }
    for (const spelling of ["IPv6:2a01:111:f403:c107::1", "ipv6:2A01:111:F403:C107::1", "2a01:111:f403:c107::1%6", "IPv6:2a01:111:f403:c107:0:0:0:1%eth0"]) {
      assert.deepEqual(mailServiceOf(spelling), microsoft, spelling);
    }
  });

  it("the first and last address of a range are inside, their neighbours outside", () => {
    assert.deepEqual(mailServiceOf("40.92.0.0"), microsoft);
    assert.deepEqual(mailServiceOf("40.93.255.255"), microsoft);
    assert.equal(mailServiceOf("40.91.255.255"), null);
    assert.equal(mailServiceOf("40.94.0.0"), null);
    assert.deepEqual(mailServiceOf("2a01:111:f403:ffff:ffff:ffff:ffff:ffff"), microsoft);
    assert.equal(mailServiceOf("2a01:111:f404::"), null);
  });

  it("answers stay right after the cache has been filled and cleared", () => {
    for (let i = 0; i < 12_000; i++) mailServiceOf(`198.51.${(i >> 8) & 255}.${i & 255}`);
    assert.deepEqual(mailServiceOf("40.107.244.60"), microsoft);
    assert.deepEqual(mailServiceOf("209.85.220.41"), google);
    assert.equal(mailServiceOf("198.51.100.7"), null);
  });
});

describe("mail-service ranges: attacks and non-addresses are refused", () => {
  const refused: readonly [string, string, string][] = [
    // Azure VMs: hosts named *.internal.cloudapp.net, Azure's DNS suffix for VMs in a virtual network.
    ["an Azure VM address is not Microsoft's mail service", "52.250.1.28", "kernelci-production.internal.cloudapp.net to smtp.gmail.com, 2021-12-17"],
    [
      "an Azure VM just below Exchange Online's 40.92.0.0/15 is not Microsoft's mail service",
      "40.91.112.99",
      "eahariha-devbox.internal.cloudapp.net to linux.microsoft.com, 2024-12-10",
    ],
    ["another Azure VM region is not Microsoft's mail service", "20.63.37.123", "*.ux.internal.cloudapp.net to smtp.gmail.com, 2026-04-15"],
    ["an Azure IPv6 address is not Microsoft's mail service", "2603:1030:c00::25", "AzureCloud.westus2 prefix 2603:1030:c00::/48"],
    // Google Compute Engine VMs: reverse DNS *.bc.googleusercontent.com, Google Cloud's name for VM external IPs.
    ["a Google Cloud VM is not Google's mail service", "104.154.87.183", "183.87.154.104.bc.googleusercontent.com, zmailcloud.com to linux-btrfs, 2022-11-10"],
    ["a Google Cloud VM sending a scam is not Google's mail service", "34.84.11.57", "57.11.84.34.bc.googleusercontent.com to a k12.sc.us relay, 2023-02-14"],
    ["a Google Cloud IPv6 address is not Google's mail service", "2600:1900:4030::1", "cloud.json asia-east1 2600:1900:4030::/44"],
    ["a Google Cloud load-balancer proxy is not Google's mail service", "35.191.10.20", "35.191.0.0/16, dropped from _netblocks3"],
    ["a Google Cloud health-check address is not Google's mail service", "130.211.2.9", "130.211.0.0/22, dropped from _netblocks3"],
    // AWS EC2 (ec2-*.compute.amazonaws.com).
    [
      "an AWS EC2 instance is not a mail provider",
      "54.186.198.63",
      "test/fixtures/dialects/mimecast-using-tls.json, ec2-54-186-198-63.us-west-2.compute.amazonaws.com",
    ],
    [
      "another AWS EC2 instance is not a mail provider",
      "35.165.154.97",
      "test/fixtures/dialects/mimecast-using-tls.json, ec2-35-165-154-97.us-west-2.compute.amazonaws.com",
    ],
    // Microsoft addresses outside the mail-flow set.
    ["Exchange Online client-access front ends (POP/IMAP/submission) are not mail relays", "40.96.1.1", "endpoint sets 1/2"],
    ["SharePoint Online is not Microsoft's mail service", "52.104.0.1", "endpoint set 31, 52.104.0.0/14"],
    ["Exchange Online's client-access front ends in Azure's IPv6 space are not mail relays", "2603:1036:903::5", "AzureCloud 2603:1036:903::/64"],
    ["an address beside Exchange Online's internal EOP block is not claimed", "2a01:111:e401::1", "2a01:111:e400::/48 ends before it"],
    // Private, loopback, link-local: never a provider's published range.
    ["an EOP-internal private address is not evidence", "10.152.92.112", "test/fixtures/messages/16-powermta-to-eop-cleartext.eml"],
    ["loopback is not a mail service", "127.0.0.1", ""],
    ["IPv6 loopback is not a mail service", "::1", ""],
    ["a link-local address with a zone is not a mail service", "fe80::e420:4e37:166:9c56%5", "test/fixtures corpus"],
    ["a documentation address is not a mail service", "192.0.2.1", "RFC 5737"],
  ];

  for (const [name, address, seen] of refused) {
    it(name, () => {
      assert.equal(mailServiceOf(address), null, `${address}${seen ? ` (seen: ${seen})` : ""}`);
    });
  }

  it("legacy IPv4 spellings of an Exchange Online address are not read as addresses", () => {
    // 40.107.1.1 as one integer, in hex parts, with a leading zero, and with parts missing.
    for (const garbage of ["678101249", "0x28.0x6b.1.1", "040.107.1.1", "40.107.1", "40.107.257", "::ffff:0x28.0x6b.1.1", "::ffff:040.107.1.1"]) {
      assert.equal(mailServiceOf(garbage), null, garbage);
    }
  });

  it("garbage gives null, never an exception", () => {
    for (const garbage of [
      null,
      "",
      " ",
      "unknown",
      "40.107.0.0/16",
      " 40.107.244.60",
      "40.107.244.60 ",
      "[40.107.244.60]",
      "40.107.244.60:25",
      "999.1.1.1",
      "2a01:111:f403::1::2",
      "IPv6:",
      "%5",
      "x".repeat(10_000),
      "40.107.244.60\u0000",
    ]) {
      assert.equal(mailServiceOf(garbage), null, String(garbage).slice(0, 40));
    }
    assert.equal(mailServiceOf(undefined as unknown as string), null);
    assert.equal(mailServiceOf(42 as unknown as string), null);
  });

  it("any string gives null or a set from the table, and never throws", () => {
    const ids = new Set<string>(MAIL_SERVICE_RANGES.map((set) => set.id));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.ipV4(), fc.ipV6(), fc.ipV4Extended(), fc.constantFrom("IPv6:", "::ffff:")), (text) => {
        const result = mailServiceOf(text);
        return result === null || ids.has(result.id);
      }),
      { numRuns: 2000 },
    );
  });
});
