import { readFileSync } from "node:fs";
import { applyBaseline, makeBaseline, parseBaseline } from "../analysis/baseline.ts";
import type { Finding } from "../analysis/detectors/types.ts";
import { atLeast, isSeverity } from "../analysis/findings.ts";
import { InputError } from "../io/errors.ts";

/** A command-line mistake: reported in one line with a pointer to --help, exit 2. */
export class UsageError extends Error {}

/** Findings gate shared by analyze/audit: baseline suppression, --write-baseline, --fail-on. */
export function gateFindings<T extends { findings: Finding[] }>(
  result: T,
  args: { baseline?: string; "write-baseline"?: string; "fail-on"?: string },
  write: (path: string, text: string) => void,
): { code: number; suppressed: number } {
  let suppressed = 0;
  if (args.baseline) {
    let text: string;
    try {
      text = readFileSync(args.baseline, "utf8");
    } catch (e) {
      throw new InputError(args.baseline, -1, `cannot read baseline: ${(e as Error).message}`);
    }
    try {
      const r = applyBaseline(result.findings, parseBaseline(text));
      result.findings = r.kept;
      suppressed = r.suppressed;
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(args.baseline, -1, `not a baseline file: ${(e as Error).message}`);
    }
  }
  if (args["write-baseline"]) write(args["write-baseline"], JSON.stringify(makeBaseline(result.findings), null, 2) + "\n");
  const failOn = args["fail-on"];
  if (failOn !== undefined && !isSeverity(failOn)) throw new UsageError(`--fail-on takes info, low, medium, high or critical (got ${failOn})`);
  const code = failOn && result.findings.some((f) => atLeast(f, failOn)) ? 1 : 0;
  return { code, suppressed };
}

