import { createHash } from "node:crypto";
import { growthOf, type RunOutcome, type RunResult } from "./pool.ts";

export interface Limits {
  /** Allowed peak-RSS growth: factor × input size (inflated) + slack bytes. */
  memFactor: number;
  memSlack: number;
}

export const DEFAULT_LIMITS: Limits = { memFactor: 64, memSlack: 192 * 1024 * 1024 };

/** Deadline for one case: 10 s for inputs up to 10 MB, then 1 s per extra MB. */
export function deadlineFor(inflatedSize: number): number {
  const mb = inflatedSize / (1024 * 1024);
  return Math.round(10_000 + Math.max(0, mb - 10) * 1000);
}

export type Verdict =
  | { kind: "ok"; warnings: number }
  | { kind: "refused"; message: string }
  | { kind: "failure"; failure: string; signature: string; detail: string };

/** Where an error was thrown from: the first stack frame inside src/ (file:line), for de-duplication. */
export function throwSite(stack: string): string {
  for (const line of stack.split("\n").slice(1)) {
    const m = /(src\/[^\s:()]+):(\d+)/.exec(line);
    if (m) return `${m[1]}:${m[2]}`;
  }
  return "?";
}

const norm = (s: string) => s.replace(/0x[0-9a-f]+/gi, "X").replace(/\d+/g, "N").slice(0, 120);

function sig(parts: string[]): string {
  return createHash("sha1").update(parts.join("|")).digest("hex").slice(0, 10);
}

/**
 * Judges one run: a result (maybe with warnings) or a clear InputError is fine; anything else —
 * another exception, a deadline miss, a crash, memory growth past the limit, an InputError
 * without a usable position — is a failure.
 */
export function judge(r: RunResult, c: { format: string; inflatedSize: number; gzipped: boolean; fileSize: number }, limits = DEFAULT_LIMITS): Verdict {
  const o: RunOutcome = r.outcome;
  const allowed = limits.memFactor * c.inflatedSize + limits.memSlack;
  const growth = growthOf(r);
  const memFail = (): Verdict | null =>
    growth > allowed
      ? { kind: "failure", failure: "memory", signature: sig([c.format, "memory", o.kind === "error" ? throwSite(o.stack) : o.kind]), detail: `peak RSS grew ${mb(growth)} MB on a ${mb(c.inflatedSize)} MB input (limit ${mb(allowed)} MB); outcome ${o.kind}` }
      : null;
  switch (o.kind) {
    case "ok":
      return memFail() ?? { kind: "ok", warnings: o.warnings };
    case "refused": {
      const bad = !Number.isInteger(o.offset) || o.offset < -1 || (!c.gzipped && o.offset > c.fileSize) || !o.message.trim();
      if (bad) return { kind: "failure", failure: "bad-input-error", signature: sig([c.format, "bad-input-error", norm(o.message)]), detail: `InputError without a usable position: offset ${o.offset} (file ${c.fileSize} bytes): ${o.message}` };
      return memFail() ?? { kind: "refused", message: o.message };
    }
    case "limit":
      return { kind: "failure", failure: "memory", signature: sig([c.format, "limit"]), detail: `LimitError on a ${mb(c.inflatedSize)} MB input: ${o.message}` };
    case "error":
      return { kind: "failure", failure: "exception", signature: sig([c.format, o.name, throwSite(o.stack), norm(o.message)]), detail: `${o.name}: ${o.message}\n${o.stack.split("\n").slice(1, 8).join("\n")}` };
    case "timeout":
      return { kind: "failure", failure: "timeout", signature: sig([c.format, "timeout"]), detail: `no result within the ${o.deadlineMs} ms deadline (CPU ${Math.round(o.cpuMs)} ms, wall ${Math.round(o.wallMs)} ms)` };
    case "crash":
      return { kind: "failure", failure: /heap out of memory|Allocation failed/i.test(o.stderr) ? "memory" : "crash", signature: sig([c.format, "crash", norm(o.stderr.split("\n").find((l) => /error|fatal/i.test(l)) ?? "")]), detail: `worker died (code ${o.code}, signal ${o.signal}): ${o.stderr.slice(-1500)}` };
    case "memory-kill":
      return { kind: "failure", failure: "memory", signature: sig([c.format, "memory-kill"]), detail: `worker RSS reached ${mb(o.rss)} MB on a ${mb(c.inflatedSize)} MB input; killed` };
  }
}

const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
