/** `hoplock audit` arguments: parsed into typed settings, or a usage error worded by the English catalogue. */
import type { TlsVersion } from "../analyzer/index.ts";
import { TLS_VERSIONS_ASCENDING } from "../analyzer/index.ts";
import type { AuditOptions } from "../audit/index.ts";
import { LIMITS } from "../audit/index.ts";
import { say } from "./audit-words.ts";

export const AUDIT_USAGE =
  "usage: hoplock audit [--json | --csv | --html FILE] [--since DATE] [--by org|month|week|message] [--fail-on not-encrypted|weak|unknown] [--trusted DOMAIN]... [--min-tls TLSv1.2] [--workers N] [--keep N] [--include-personal] PATH... (- for standard input)";

export type OutputFormat = "text" | "json" | "csv";
/** The table the text summary and the CSV show: senders, weeks, months, or the plaintext/weak messages. */
export type Breakdown = "org" | "month" | "week" | "message";
/** The least bad state that makes the exit status 1: each includes the states worse than it. */
export type FailOn = "not-encrypted" | "weak" | "unknown";

export interface AuditArgs {
  format: OutputFormat;
  htmlFile: string | null;
  by: Breakdown;
  failOn: FailOn | null;
  paths: string[];
  options: AuditOptions;
  /** Worker threads analysing while the main thread reads; 0 analyses on the main thread. */
  workers: number;
  /** Subjects, From addresses and Message-IDs in the outputs. */
  personal: boolean;
}

export type ParsedArgs = { kind: "args"; args: AuditArgs } | { kind: "help" } | { kind: "usage-error"; message: string };

const BREAKDOWNS: readonly Breakdown[] = ["org", "month", "week", "message"];
const FAIL_ON: readonly FailOn[] = ["not-encrypted", "weak", "unknown"];
/** A day (UTC midnight) or an instant with its zone: the forms the audit accepts for `since`. */
const SINCE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2}))?$/;
const MAX_WORKERS = 16;

/** Options that take a value, with the check that value must pass. */
const VALUED = ["--html", "--since", "--by", "--fail-on", "--trusted", "--min-tls", "--workers", "--keep"] as const;
type Valued = (typeof VALUED)[number];

export function parseAuditArgs(argv: readonly string[], defaultWorkers: number): ParsedArgs {
  const args: AuditArgs = { format: "text", htmlFile: null, by: "org", failOn: null, paths: [], options: {}, workers: defaultWorkers, personal: false };
  const trusted: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--help" || arg === "-h") return { kind: "help" };
    if (arg === "--json" || arg === "--csv") {
      if (args.format !== "text") return usageError(say("audit_cli_error_one_format"));
      args.format = arg === "--json" ? "json" : "csv";
    } else if (arg === "--include-personal") args.personal = true;
    else if ((VALUED as readonly string[]).includes(arg)) {
      const value = argv[++i];
      if (value === undefined) return usageError(say("audit_cli_error_needs_value", { flag: arg }));
      const problem = applyValued(args, trusted, arg as Valued, value);
      if (problem !== null) return usageError(problem);
    } else if (arg.startsWith("--")) return usageError(say("audit_cli_error_unknown_option", { flag: arg }));
    else args.paths.push(arg);
  }
  if (args.paths.length === 0) return usageError(say("audit_cli_error_no_input"));
  if (trusted.length > 0) args.options.trustedDomains = trusted;
  return { kind: "args", args };
}

/** Applies one option's value; returns the problem with it, or null. */
function applyValued(args: AuditArgs, trusted: string[], option: Valued, value: string): string | null {
  switch (option) {
    case "--html":
      args.htmlFile = value;
      return null;
    case "--since":
      if (!SINCE.test(value) || !Number.isFinite(Date.parse(value))) return say("audit_cli_error_since", { value });
      args.options.since = value;
      return null;
    case "--by":
      if (!(BREAKDOWNS as readonly string[]).includes(value)) return say("audit_cli_error_choice", { flag: option, value, choices: BREAKDOWNS.join(", ") });
      args.by = value as Breakdown;
      return null;
    case "--fail-on":
      if (!(FAIL_ON as readonly string[]).includes(value)) return say("audit_cli_error_choice", { flag: option, value, choices: FAIL_ON.join(", ") });
      args.failOn = value as FailOn;
      return null;
    case "--trusted":
      trusted.push(value);
      return null;
    case "--min-tls":
      if (!(TLS_VERSIONS_ASCENDING as readonly string[]).includes(value))
        return say("audit_cli_error_choice", { flag: option, value, choices: TLS_VERSIONS_ASCENDING.join(", ") });
      args.options.minTlsVersion = value as TlsVersion;
      return null;
    case "--workers":
      return applyCount(value, 0, MAX_WORKERS, option, (count) => (args.workers = count));
    case "--keep":
      return applyCount(value, 0, LIMITS.flaggedMax, option, (count) => (args.options.keepFlagged = count));
  }
}

function applyCount(value: string, min: number, max: number, option: string, set: (count: number) => void): string | null {
  const count = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(count >= min && count <= max)) return say("audit_cli_error_range", { flag: option, value, min, max });
  set(count);
  return null;
}

function usageError(message: string): ParsedArgs {
  return { kind: "usage-error", message };
}
