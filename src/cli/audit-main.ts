/**
 * `hoplock audit`: the TLS picture of whole mailboxes (mbox and Thunderbird folder files, Maildirs, folders of .eml,
 * standard input). Exit status: 0 done; 1 the `--fail-on` threshold was reached; 2 an input could not be read or the
 * command line was wrong (2 wins over 1: the audit is incomplete).
 */
import { writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import type { AuditResult } from "../audit/index.ts";
import { auditForExport, csvLines, flaggedRows, groupRows, periodRows } from "../audit/index.ts";
import { unreadableText } from "../audit-view/words.ts";
import { AUDIT_USAGE, type AuditArgs, type FailOn, parseAuditArgs } from "./audit-args.ts";
import { auditPage, loadPageAssets, type PageAssets } from "./audit-html.ts";
import { ProgressBar } from "./audit-progress.ts";
import { runAudit } from "./audit-run.ts";
import { summaryLines } from "./audit-text.ts";
import { say } from "./audit-words.ts";
import { Output } from "./output.ts";

export const EXIT = { ok: 0, thresholdReached: 1, unreadableOrUsage: 2 } as const;

const HELP = [
  "audit_cli_help_intro",
  "audit_cli_help_formats",
  "audit_cli_help_since",
  "audit_cli_help_by",
  "audit_cli_help_fail_on",
  "audit_cli_help_options",
  "audit_cli_help_workers",
  "audit_cli_help_personal",
  "audit_cli_help_exit",
];

/** One worker beside the reading thread where there is a second core: reading and analysing then overlap. */
function defaultWorkers(): number {
  return availableParallelism() > 1 ? 1 : 0;
}

export async function auditMain(argv: readonly string[]): Promise<number> {
  const stdout = new Output(process.stdout);
  const stderr = new Output(process.stderr);
  const parsed = parseAuditArgs(argv, defaultWorkers());
  if (parsed.kind === "help") {
    await stdout.lines([AUDIT_USAGE, "", ...HELP.map((name) => say(name))]);
    return EXIT.ok;
  }
  if (parsed.kind === "usage-error") {
    await stderr.lines([`hoplock audit: ${parsed.message}`, AUDIT_USAGE]);
    return EXIT.unreadableOrUsage;
  }
  const { args } = parsed;
  // The page's bundle is checked before a long read, not after.
  const assets = args.htmlFile === null ? null : await loadPageAssets().catch(() => null);
  if (args.htmlFile !== null && assets === null) {
    await stderr.lines([`hoplock audit: ${say("audit_cli_error_no_page_bundle")}`]);
    return EXIT.unreadableOrUsage;
  }
  const result = await auditWithProgress(args, stderr);
  if (result === null) return EXIT.unreadableOrUsage;
  await writeOutputs(args, result, assets, stdout, stderr);
  return exitStatus(args, result, stderr);
}

async function auditWithProgress(args: AuditArgs, stderr: Output): Promise<AuditResult | null> {
  const progress = process.stderr.isTTY ? new ProgressBar(process.stderr) : null;
  progress?.start(args.paths);
  try {
    return await runAudit({
      paths: args.paths,
      options: args.options,
      workers: args.workers,
      workerScript: new URL("./audit-worker.js", import.meta.url),
      onRead: progress?.onRead,
      onMessage: progress?.onMessage,
    });
  } catch (error) {
    progress?.stop();
    await stderr.lines([`hoplock audit: ${say("audit_cli_error_failed", { reason: error instanceof Error ? error.message : String(error) })}`]);
    return null;
  } finally {
    progress?.stop();
  }
}

async function writeOutputs(args: AuditArgs, result: AuditResult, assets: PageAssets | null, stdout: Output, stderr: Output): Promise<void> {
  for (const entry of result.unreadable.items) {
    const what = entry.what.kind === "input" ? entry.what.path : "";
    await stderr.lines([`hoplock: ${say("audit_cli_cannot_read", { path: what, reason: unreadableText(entry.why, entry.detail, say) })}`]);
  }
  if (result.unreadable.omitted > 0) await stderr.lines([`hoplock: ${say("audit_unreadable_omitted", { count: result.unreadable.omitted })}`]);
  const exported = auditForExport(result, { personal: args.personal });
  if (args.htmlFile !== null && assets !== null) {
    await writeFile(args.htmlFile, auditPage(exported, assets));
    await stderr.lines([`hoplock audit: ${say("audit_cli_wrote", { path: args.htmlFile })}`]);
  }
  if (args.format === "json") await stdout.json(exported);
  else if (args.format === "csv") await stdout.lines(csvLines(csvRows(args, exported)));
  else await stdout.lines(summaryLines(exported, { by: args.by, personal: args.personal }));
}

function csvRows(args: AuditArgs, audit: AuditResult) {
  switch (args.by) {
    case "org":
      return groupRows(audit);
    case "month":
    case "week":
      return periodRows(audit, args.by);
    case "message":
      return flaggedRows(audit, { personal: args.personal });
  }
}

/** Messages at or below the threshold: each threshold includes the states worse than it. */
export function messagesAtOrBelow(result: AuditResult, failOn: FailOn): number {
  const { plaintext, weak, unknown } = result.states;
  switch (failOn) {
    case "not-encrypted":
      return plaintext;
    case "weak":
      return plaintext + weak;
    case "unknown":
      return plaintext + weak + unknown;
  }
}

async function exitStatus(args: AuditArgs, result: AuditResult, stderr: Output): Promise<number> {
  const { failOn } = args;
  const reached = failOn === null ? 0 : messagesAtOrBelow(result, failOn);
  if (failOn !== null && reached > 0)
    await stderr.lines([`hoplock audit: ${say("audit_cli_fail_on_reached", { flag: `--fail-on ${failOn}`, count: reached })}`]);
  if (result.totals.unreadable > 0) return EXIT.unreadableOrUsage;
  return reached > 0 ? EXIT.thresholdReached : EXIT.ok;
}
