import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./paths.ts";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI (bin/heaplens.js) in a child process, as a user would. */
export function heaplens(args: string[], opts: { timeoutMs?: number; cwd?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/heaplens.js"), ...args], {
    encoding: "utf8",
    timeout: opts.timeoutMs ?? 120_000,
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, HEAPLENS_DEBUG: "" },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}
