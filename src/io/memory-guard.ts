import { totalmem } from "node:os";
import { getHeapStatistics } from "node:v8";
import { LimitError } from "./errors.ts";
import type { Progress } from "./progress.ts";

/**
 * --max-memory: stop with a clear LimitError before the process is killed (by the kernel's OOM
 * killer or V8's fatal "heap out of memory", neither of which can be caught). Checked from progress
 * ticks (readers and analyses tick while they work) and between phases.
 */

/** Parses "4G", "512M", "1.5g", "800000000" (bytes). Returns undefined for undefined/empty. */
export function parseMemorySize(v: string | number | undefined): number | undefined {
  if (v === undefined || v === "") return undefined;
  if (typeof v === "number") return v;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(v);
  if (!m) throw new RangeError(`not a memory size: ${v} (use e.g. 4G, 512M or a byte count)`);
  const mult = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2].toLowerCase() as "" | "k" | "m" | "g" | "t"];
  return Math.floor(Number(m[1]) * mult);
}

/** Memory the machine (or the container's cgroup limit) gives this process. */
function availableMemory(): number {
  const constrained = (process as { constrainedMemory?: () => number | undefined }).constrainedMemory?.() ?? 0;
  const total = totalmem();
  return constrained > 0 && constrained < total ? constrained : total;
}

/** Default --max-memory: 80% of the machine's (or cgroup's) memory. */
export function defaultMaxMemory(): number {
  return Math.floor(availableMemory() * 0.8);
}

const fmt = (n: number) => (n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GB` : `${Math.round(n / 1024 ** 2)} MB`);

export interface MemoryGuard {
  readonly limit: number;
  /** Throws LimitError when the process is over the limit (cheap; throttled by the caller or by time). */
  check(where?: string): void;
}

/**
 * A guard over process RSS (which includes typed arrays and gzip buffers) and V8's own heap limit
 * (past which V8 aborts the process, whatever RSS is). `sample` is injectable for tests.
 */
export function memoryGuard(limit: number, sample: () => { rss: number; heapUsed: number; heapLimit: number } = defaultSample): MemoryGuard {
  return {
    limit,
    check(where = "") {
      const s = sample();
      const at = where ? ` while ${where}` : "";
      if (s.rss > limit) {
        throw new LimitError(`memory limit reached${at}: ${fmt(s.rss)} in use, --max-memory is ${fmt(limit)}; raise --max-memory or analyse on a machine with more memory`);
      }
      if (s.heapLimit > 0 && s.heapUsed > s.heapLimit * 0.92) {
        throw new LimitError(`JavaScript heap nearly full${at}: ${fmt(s.heapUsed)} of ${fmt(s.heapLimit)}; run with NODE_OPTIONS=--max-old-space-size=<MB> to allow more`);
      }
    },
  };
}

function defaultSample() {
  const h = getHeapStatistics();
  return { rss: process.memoryUsage.rss(), heapUsed: h.used_heap_size, heapLimit: h.heap_size_limit };
}

/**
 * Wraps a Progress so every phase change and every ~50 ms of ticks checks the guard. Formats and
 * analyses already tick; nothing else needs to know about the limit.
 */
export function guardedProgress(inner: Progress, guard: MemoryGuard): Progress {
  let phase = "";
  let lastCheck = 0;
  let ticks = 0;
  return {
    phase(name, total) {
      guard.check(phase ? `finishing ${phase}` : undefined);
      phase = name;
      inner.phase(name, total);
    },
    tick(done) {
      inner.tick(done);
      // performance.now() is cheap, but readers may tick per record: look at the clock every 64 ticks.
      if ((++ticks & 63) !== 0) return;
      const now = performance.now();
      if (now - lastCheck < 50) return;
      lastCheck = now;
      guard.check(phase);
    },
    end() {
      inner.end();
      guard.check(phase);
    },
  };
}

/** The progress to use under an optional --max-memory: unchanged when no limit is set. */
export function limitProgress(progress: Progress, maxMemory: number | undefined): Progress {
  return maxMemory && maxMemory > 0 ? guardedProgress(progress, memoryGuard(maxMemory)) : progress;
}

/** How many bytes a gzip input may inflate to under the limit (what is left of it now). */
export function inflateBudget(maxMemory: number | undefined): number | undefined {
  if (!maxMemory || maxMemory <= 0) return undefined;
  return Math.max(1, maxMemory - process.memoryUsage.rss());
}
