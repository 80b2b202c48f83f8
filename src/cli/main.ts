/**
 * hoplock [--json] [--trusted DOMAIN]... [--min-tls VERSION] FILE...
 * Reads .eml or mbox files (or `-` for standard input) and prints, per message, whether each hop used TLS.
 */
import { readFile } from "node:fs/promises";
import type { AnalyzeOptions, Report, TlsVersion } from "../analyzer/index.ts";
import { analyze, formatReason, TLS_VERSIONS_ASCENDING } from "../analyzer/index.ts";
import { splitMessages } from "./mailbox.ts";
import { formatReport } from "./format.ts";

const USAGE = "usage: hoplock [--json] [--trusted DOMAIN]... [--min-tls TLSv1.2] FILE... (use - for standard input)";

interface CliArgs {
  json: boolean;
  files: string[];
  options: AnalyzeOptions;
}

function parseArgs(argv: readonly string[]): CliArgs | string {
  const files: string[] = [];
  const trusted: string[] = [];
  let json = false;
  let minTlsVersion: TlsVersion | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--json") json = true;
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
  return { json, files, options };
}

async function readInput(file: string): Promise<string> {
  const bytes = file === "-" ? await readStdin() : await readFile(file);
  return new TextDecoder("utf-8").decode(bytes);
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The report as printed by --json: every reason also carries its English sentence. */
function jsonReport(file: string, message: number, report: Report): string {
  const withText = <T extends { key: string }>(reason: T): T & { text: string } => ({ ...reason, text: formatReason(reason as never) });
  return JSON.stringify({
    file,
    message,
    ...report,
    reasons: report.reasons.map(withText),
    warnings: report.warnings.map(withText),
    hops: report.hops.map((hop) => ({ ...hop, reasons: hop.reasons.map(withText) })),
  });
}

function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const known: Record<string, string> = { ENOENT: "no such file", EISDIR: "it is a directory", EACCES: "permission denied", EPERM: "permission denied" };
  return (code && known[code]) ?? (error instanceof Error ? error.message : String(error));
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === "string") {
    console.error(args ? `hoplock: ${args}\n${USAGE}` : USAGE);
    return args ? 2 : 0;
  }
  let failed = false;
  for (const file of args.files) {
    let text: string;
    try {
      text = await readInput(file);
    } catch (error) {
      console.error(`hoplock: cannot read ${file}: ${describeReadError(error)}`);
      failed = true;
      continue;
    }
    const messages = splitMessages(text);
    for (const message of messages) {
      const report = analyze(message.text, args.options);
      const title = messages.length > 1 ? `${file} [message ${message.number}]` : file;
      process.stdout.write(args.json ? `${jsonReport(file, message.number, report)}\n` : `${formatReport(title, report)}\n\n`);
    }
  }
  return failed ? 2 : 0;
}

process.exitCode = await main(process.argv.slice(2));
