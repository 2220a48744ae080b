import yargs, { type Argv } from "yargs";
import { hideBin } from "yargs/helpers";
import { InputError, LimitError } from "../io/errors.ts";
import { terminalSafe } from "../report/escape.ts";
import { TOOL_VERSION } from "../version.ts";
import { analyzeCommand } from "./analyze.ts";
import { auditCommand } from "./audit.ts";
import { detectorsCommand } from "./detectors.ts";
import { diffCommand } from "./diff.ts";
import { dominatorsCommand } from "./dominators.ts";
import { histogramCommand } from "./histogram.ts";
import { pathsCommand } from "./paths.ts";
import { reportCommand } from "./report.ts";
import { err } from "./output.ts";

/** Exit codes: 0 ok, 1 findings at or above --fail-on, 2 bad input or usage, 3 internal error. */
export const EXIT = { ok: 0, findings: 1, input: 2, internal: 3 } as const;

export { UsageError } from "./gate.ts";
import { UsageError } from "./gate.ts";

const COMMANDS = [analyzeCommand, pathsCommand, dominatorsCommand, histogramCommand, diffCommand, reportCommand, auditCommand, detectorsCommand];

export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const run = (f: (args: any) => Promise<number>) => async (args: any) => {
    code = await f(args);
  };
  const cli = yargs(argv)
    .scriptName("heaplens")
    .usage("$0 <command> [options]\n\nExplains why memory is retained in Java HPROF heap dumps, Go heap profiles (pprof proto or debug=1 text) and Go heap dumps: dominator trees, retained sizes, shortest strong GC-root paths and leak detectors.")
    .command(analyzeCommand.command, analyzeCommand.describe, analyzeCommand.builder as (y: Argv) => Argv, run(analyzeCommand.handler))
    .command(pathsCommand.command, pathsCommand.describe, pathsCommand.builder as (y: Argv) => Argv, run(pathsCommand.handler))
    .command(dominatorsCommand.command, dominatorsCommand.describe, dominatorsCommand.builder as (y: Argv) => Argv, run(dominatorsCommand.handler))
    .command(histogramCommand.command, histogramCommand.describe, histogramCommand.builder as (y: Argv) => Argv, run(histogramCommand.handler))
    .command(diffCommand.command, diffCommand.describe, diffCommand.builder as (y: Argv) => Argv, run(diffCommand.handler))
    .command(reportCommand.command, reportCommand.describe, reportCommand.builder as (y: Argv) => Argv, run(reportCommand.handler))
    .command(detectorsCommand.command, detectorsCommand.describe, detectorsCommand.builder as (y: Argv) => Argv, run(detectorsCommand.handler))
    .command(auditCommand.command, auditCommand.describe, auditCommand.builder as (y: Argv) => Argv, run(auditCommand.handler))
    .demandCommand(1, "Name a command: analyze, paths, dominators, histogram, diff, report or audit (see --help).")
    .strict()
    .version(TOOL_VERSION)
    .help()
    .alias("h", "help")
    .wrap(Math.min(110, process.stdout.columns || 100))
    .epilogue("Exit codes: 0 ok · 1 a finding at or above --fail-on · 2 bad input or usage (one line naming the file and byte offset).\nJSON output (--json) is documented in README.md (schemaVersion 1).")
    .exitProcess(false)
    .fail((msg, e) => {
      if (e) throw e;
      const cmd = COMMANDS.find((c) => c.command.split(" ")[0] === argv[0]);
      throw new UsageError(cmd ? `${msg} (usage: heaplens ${cmd.command})` : msg);
    });
  try {
    await cli.parseAsync();
    return code;
  } catch (e) {
    return reportError(e);
  }
}

/** Error messages may quote dump bytes: one short line, control characters shown as escapes. */
function safeMessage(m: string): string {
  return terminalSafe(m.length > 1000 ? m.slice(0, 1000) + "…" : m);
}

export function reportError(e: unknown): number {
  if (e instanceof InputError) {
    err(`heaplens: ${safeMessage(e.message)}`);
    return EXIT.input;
  }
  if (e instanceof UsageError) {
    err(`heaplens: ${e.message}\nRun 'heaplens --help' for usage.`);
    return EXIT.input;
  }
  if (e instanceof LimitError) {
    err(`heaplens: ${safeMessage(e.message)}`);
    return EXIT.input;
  }
  const m = e instanceof Error ? e.message : String(e);
  if (/heap out of memory|Array buffer allocation failed|Invalid typed array length/i.test(m)) {
    err(`heaplens: out of memory (${m}); try --max-memory or a machine with more memory`);
    return EXIT.input;
  }
  err(`heaplens: internal error: ${safeMessage(m)}${process.env.HEAPLENS_DEBUG ? "\n" + (e as Error).stack : " (set HEAPLENS_DEBUG=1 for a stack trace)"}`);
  return EXIT.internal;
}


// Entry point when run as a script (bin/heaplens.js imports this module and calls main).
export async function runCli(): Promise<void> {
  const code = await main(hideBin(process.argv));
  process.exitCode = code;
}
