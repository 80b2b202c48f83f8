/**
 * hoplock [--json | --anonymise] [--trusted DOMAIN]... [--min-tls VERSION] FILE...
 * Reads .eml and mbox files, Maildirs and mail folder trees (or `-` for standard input) and prints, per message,
 * whether each hop used TLS. `hoplock audit …` sums up whole mailboxes instead (audit-main.ts); a file named
 * `audit` is read as `./audit`.
 */
import type { AnalyzeOptions, Report, TlsVersion } from "../analyzer/index.ts";
import { analyze, TLS_VERSIONS_ASCENDING } from "../analyzer/index.ts";
import { anonymisedLines, jsonReport, reportLines } from "./format.ts";
import { type MessageItem, readInputs, type UnreadableItem, type UnreadableReason } from "./input/index.ts";
import { Output } from "./output.ts";
import { auditMain } from "./audit-main.ts";

const USAGE =
  "usage: hoplock [--json | --anonymise] [--trusted DOMAIN]... [--min-tls TLSv1.2] FILE... (use - for standard input); for whole mailboxes: hoplock audit --help";

interface CliArgs {
  output: "text" | "json" | "anonymised";
  files: string[];
  options: AnalyzeOptions;
}

function parseArgs(argv: readonly string[]): CliArgs | string {
  const files: string[] = [];
  const trusted: string[] = [];
  let output: CliArgs["output"] = "text";
  let minTlsVersion: TlsVersion | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--json") output = "json";
    else if (arg === "--anonymise" || arg === "--anonymize") output = "anonymised";
    else if (arg === "--trusted" || arg === "--min-tls") {
      const value = argv[++i];
      if (value === undefined) return `${arg} needs a value`;
      if (arg === "--trusted") trusted.push(value);
      else if ((TLS_VERSIONS_ASCENDING as readonly string[]).includes(value)) minTlsVersion = value as TlsVersion;
      else return `--min-tls must be one of ${TLS_VERSIONS_ASCENDING.join(", ")}`;
    } else if (arg === "--help" || arg === "-h") return "";
    else if (arg.startsWith("--")) return `unknown option ${arg}`;
    else files.push(arg);
  }
  if (files.length === 0) return "no input file";
  const options: AnalyzeOptions = { trustedDomains: trusted, ...(minTlsVersion ? { minTlsVersion } : {}) };
  return { output, files, options };
}

function titleOf(message: MessageItem): string {
  return message.format === "mbox" ? `${message.source} [message ${message.index}]` : message.source;
}

/** The text report; an mbox message is named by its position in the file. */
function textReport(message: MessageItem, report: Report): string[] {
  return [...reportLines(titleOf(message), report), ""];
}

const UNREADABLE_TEXT: Record<UnreadableReason, string> = {
  "not-found": "no such file",
  "permission-denied": "permission denied",
  "not-mail": "not a mail message",
  empty: "empty file",
  "no-mail-found": "no mail found in this directory",
  "io-error": "read error",
};

function describeUnreadable(item: UnreadableItem): string {
  return item.detail === undefined ? UNREADABLE_TEXT[item.why] : `${UNREADABLE_TEXT[item.why]} (${item.detail})`;
}

async function main(argv: readonly string[]): Promise<number> {
  const stdout = new Output(process.stdout);
  const stderr = new Output(process.stderr);
  const args = parseArgs(argv);
  if (typeof args === "string") {
    await stderr.lines(args ? [`hoplock: ${args}`, USAGE] : [USAGE]);
    return args ? 2 : 0;
  }
  let failed = false;
  for await (const item of readInputs(args.files)) {
    if (stdout.closed) break;
    switch (item.kind) {
      case "message": {
        const report = analyze(item.headers, { ...args.options, cutInput: item.cut ?? undefined });
        if (args.output === "json") await stdout.json({ file: item.source, message: item.index, headersTruncated: item.cut !== null, ...jsonReport(report) });
        else if (args.output === "anonymised") await stdout.lines(anonymisedLines(titleOf(item), report));
        else await stdout.lines(textReport(item, report));
        break;
      }
      case "skipped":
        break; // expunged: deleted by its owner, still in the folder file until Thunderbird compacts it
      case "unreadable":
        failed = true;
        await stderr.lines([`hoplock: cannot read ${item.source}: ${describeUnreadable(item)}`]);
        break;
    }
  }
  return failed ? 2 : 0;
}

const argv = process.argv.slice(2);
process.exitCode = argv[0] === "audit" ? await auditMain(argv.slice(1)) : await main(argv);
