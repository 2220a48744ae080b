import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ROOT } from "../helpers/paths.ts";
import type { CaseOutcome, ChildRequest, ChildResponse } from "./protocol.ts";

const CHILD = join(fileURLToPath(new URL(".", import.meta.url)), "child.ts");

export type RunOutcome =
  | CaseOutcome
  | { kind: "timeout"; deadlineMs: number; cpuMs: number; wallMs: number }
  | { kind: "crash"; code: number | null; signal: string | null; stderr: string }
  | { kind: "memory-kill"; rss: number };

export interface RunResult {
  outcome: RunOutcome;
  ms: number;
  /** RSS when the case started and the peak during it (bytes; Linux VmHWM after a reset). */
  rssBefore: number;
  peakRss: number;
  heapUsed: number;
  arrayBuffers: number;
  /** Growth of live JS heap + array buffers over the case (a lower bound of its peak). */
  liveGrowth: number;
}

/** Peak memory growth of a case: the larger of the RSS peak and the live-allocation estimate. */
export function growthOf(r: RunResult): number {
  return Math.max(0, r.peakRss - r.rssBefore, r.liveGrowth);
}

export interface PoolOptions {
  size?: number;
  /** V8 old-space limit per worker (MB): a runaway JS heap dies there instead of taking the machine. */
  heapMb?: number;
  /** Hard RSS cap per worker, polled while a case runs; the worker is killed past it. */
  hardRssBytes?: number;
  /** A worker whose RSS stays above this after a case is replaced by a fresh one. */
  recycleRssBytes?: number;
}

interface Worker {
  proc: ChildProcess;
  ready: Promise<string>;
  busy: boolean;
  stderr: string;
}

/** CPU seconds (user + system) a process has used so far; -1 when unknown (not Linux). */
function cpuOf(pid: number | undefined): number {
  if (!pid) return -1;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in USER_HZ (100 on Linux)
  } catch {
    return -1;
  }
}

function rssOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** A fixed pool of worker processes that run fuzz cases with a deadline and a memory watchdog. */
export class FuzzPool {
  readonly size: number;
  private heapMb: number;
  private hardRss: number;
  private recycleRss: number;
  private workers: Worker[] = [];
  private waiting: ((w: Worker) => void)[] = [];
  private nextId = 1;
  mode = "";

  constructor(opts: PoolOptions = {}) {
    this.size = opts.size ?? 2;
    this.heapMb = opts.heapMb ?? 2048;
    this.hardRss = opts.hardRssBytes ?? 3 * 1024 ** 3;
    this.recycleRss = opts.recycleRssBytes ?? 640 * 1024 ** 2;
    for (let i = 0; i < this.size; i++) this.workers.push(this.spawn());
  }

  private spawn(): Worker {
    const proc = fork(CHILD, [], {
      cwd: ROOT,
      execArgv: ["--import", "tsx", "--expose-gc", `--max-old-space-size=${this.heapMb}`],
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "advanced",
    });
    const w: Worker = { proc, busy: false, stderr: "", ready: Promise.resolve("") };
    proc.stderr!.on("data", (d: Buffer) => {
      w.stderr = (w.stderr + d.toString()).slice(-4000);
    });
    w.ready = new Promise((resolve, reject) => {
      const onMsg = (m: ChildResponse) => {
        if (m.type === "ready") {
          proc.off("message", onMsg);
          this.mode = m.mode;
          resolve(m.mode);
        }
      };
      proc.on("message", onMsg);
      proc.once("exit", (code) => reject(new Error(`fuzz worker exited during start (code ${code}): ${w.stderr}`)));
    });
    w.ready.catch(() => {});
    return w;
  }

  private async acquire(): Promise<Worker> {
    const free = this.workers.find((w) => !w.busy);
    if (free) {
      free.busy = true;
      return free;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(w: Worker): void {
    const next = this.waiting.shift();
    if (next) next(w);
    else w.busy = false;
  }

  private replace(w: Worker): Worker {
    w.proc.removeAllListeners();
    w.proc.kill("SIGKILL");
    const fresh = this.spawn();
    fresh.busy = true;
    this.workers[this.workers.indexOf(w)] = fresh;
    return fresh;
  }

  /** Runs one case (a file path) with a deadline; never throws for the case's own failures. */
  async run(path: string, deadlineMs: number): Promise<RunResult> {
    let w = await this.acquire();
    await w.ready;
    const id = this.nextId++;
    const t0 = performance.now();
    const result = await new Promise<RunResult>((resolve) => {
      const base = { ms: 0, rssBefore: 0, peakRss: 0, heapUsed: 0, arrayBuffers: 0, liveGrowth: 0 };
      let settled = false;
      const finish = (r: RunResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearInterval(poll);
        w.proc.off("message", onMsg);
        w.proc.off("exit", onExit);
        resolve(r);
      };
      const onMsg = (m: ChildResponse) => {
        if (m.type === "done" && m.id === id) finish({ outcome: m.outcome, ms: m.ms, rssBefore: m.rssBefore, peakRss: m.peakRss, heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers, liveGrowth: m.liveGrowth });
      };
      const onExit = (code: number | null, signal: string | null) => {
        // Give stderr a moment to drain (V8's OOM message arrives last).
        setTimeout(() => finish({ ...base, ms: performance.now() - t0, outcome: { kind: "crash", code, signal, stderr: w.stderr } }), 50);
      };
      // The deadline is on the worker's CPU time, so a loaded machine (other jobs on the same cores)
      // does not turn slow cases into false hangs; a wall-clock cap still catches idle hangs.
      const cpu0 = cpuOf(w.proc.pid);
      const wallCap = Math.max(60_000, deadlineMs * 6);
      const timeout = (cpuMs: number) => finish({ ...base, ms: performance.now() - t0, outcome: { kind: "timeout", deadlineMs, cpuMs, wallMs: performance.now() - t0 } });
      const timer = setTimeout(() => timeout(cpu0 >= 0 ? (cpuOf(w.proc.pid) - cpu0) * 1000 : -1), cpu0 >= 0 ? wallCap : deadlineMs);
      let peak = 0;
      const poll = setInterval(() => {
        const rss = rssOf(w.proc.pid);
        peak = Math.max(peak, rss);
        if (rss > this.hardRss) finish({ ...base, ms: performance.now() - t0, peakRss: peak, outcome: { kind: "memory-kill", rss } });
        if (cpu0 >= 0) {
          const cpuMs = (cpuOf(w.proc.pid) - cpu0) * 1000;
          if (cpuMs > deadlineMs) timeout(cpuMs);
        }
      }, 50);
      w.proc.on("message", onMsg);
      w.proc.once("exit", onExit);
      w.stderr = "";
      const req: ChildRequest = { type: "run", id, path };
      w.proc.send(req);
    });
    const k = result.outcome.kind;
    // A worker that kept a lot of memory mapped would hide the next cases' growth from RSS: recycle it.
    if (k === "timeout" || k === "crash" || k === "memory-kill" || rssOf(w.proc.pid) > this.recycleRss) w = this.replace(w);
    this.release(w);
    return result;
  }

  async close(): Promise<void> {
    for (const w of this.workers) {
      w.proc.removeAllListeners();
      w.proc.kill("SIGKILL");
    }
    this.workers = [];
  }
}
