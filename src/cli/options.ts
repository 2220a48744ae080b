import type { Argv } from "yargs";
import { defaultMaxMemory, parseMemorySize } from "../io/memory-guard.ts";
import { streamProgress, silentProgress, type Progress } from "../io/progress.ts";
import { InputError } from "../io/errors.ts";
import type { AnalyzeOptions } from "../pipeline.ts";

/** Flags shared by every command that loads inputs. */
export function loadFlags<T>(y: Argv<T>) {
  return y
    .option("json", { type: "boolean", default: false, describe: "Print machine-readable JSON (schemaVersion 1) instead of text" })
    .option("progress", { type: "boolean", describe: "Show progress on stderr (default: only when stderr is a terminal)" })
    .option("follow-weak", { type: "boolean", default: false, describe: "Treat weak/soft/phantom/final references as strong" })
    .option("sample-index", { type: "string", describe: "Go pprof: sample type to size nodes by (e.g. inuse_space, alloc_objects, or an index)" })
    .option("binary", { type: "string", describe: "Go heap dump: the program's ELF binary, to name globals (main.someVar)" })
    .option("dump-index", { type: "number", describe: "HPROF with several dumps: which one (0-based; default the last)" })
    .option("max-memory", { type: "string", describe: "Stop with a clear message past this much memory (e.g. 4G, 512M; default 80% of the machine)" })
    .option("threads", {
      choices: ["auto", "on", "off"] as const,
      default: "auto" as const,
      describe: "A second thread for big inputs (HPROF pass 2, GC-root paths and other graph walks beside the dominators); auto: with two cores and inputs of 32 MB and up",
    });
}

export interface LoadArgs {
  json: boolean;
  progress?: boolean;
  "follow-weak": boolean;
  "sample-index"?: string;
  binary?: string;
  "dump-index"?: number;
  "max-memory"?: string;
  threads?: "auto" | "on" | "off";
}

export function progressFor(args: { progress?: boolean; json?: boolean }): Progress {
  const tty = Boolean(process.stderr.isTTY);
  if (args.progress === false) return silentProgress;
  if (args.progress || tty) return streamProgress((s) => process.stderr.write(s), tty);
  return silentProgress;
}

export function analyzeOptions(args: LoadArgs): AnalyzeOptions {
  return {
    followWeak: args["follow-weak"],
    sampleIndex: args["sample-index"],
    binary: args.binary,
    dumpIndex: args["dump-index"],
    maxMemory: maxMemoryOf(args),
    progress: progressFor(args),
    threads: args.threads === "on" ? true : args.threads === "off" ? false : "auto",
  };
}

/** --max-memory as bytes (a usage error for a malformed size). */
export function maxMemoryOf(args: { "max-memory"?: string }): number {
  try {
    return parseMemorySize(args["max-memory"]) ?? defaultMaxMemory();
  } catch (e) {
    throw new InputError("--max-memory", -1, (e as Error).message);
  }
}

/** Splits comma-separated and repeated list flags. */
export function list(v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  const arr = Array.isArray(v) ? v : [v];
  const out = arr.flatMap((x) => String(x).split(",")).map((s) => s.trim()).filter(Boolean);
  return out.length ? out : undefined;
}
