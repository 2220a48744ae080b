/**
 * One fuzz worker process: receives a file path, runs the whole analysis on it (load, dominators,
 * paths, detectors, report model, text/JSON/HTML renderers) and reports the outcome and its peak
 * memory. Runs as a child process so the parent can kill it on a deadline or a memory blow-up.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { InputError, LimitError } from "../../src/io/errors.ts";
import type { CaseOutcome, ChildRequest, ChildResponse } from "./protocol.ts";

type Analyze = (file: string) => Promise<{ objects: number; warnings: number }>;

async function loadAnalyzer(): Promise<{ analyze: Analyze; mode: string }> {
  try {
    const { analyzeFiles } = await import("../../src/pipeline.ts");
    const { buildReport } = await import("../../src/report/build.ts");
    const { renderText } = await import("../../src/report/text.ts");
    let renderHtml: ((r: any) => string) | undefined;
    try {
      renderHtml = (await import("../../src/report/html/render.ts" as string)).renderHtml;
    } catch {
      renderHtml = undefined;
    }
    return {
      mode: renderHtml ? "full+html" : "full",
      analyze: async (file) => {
        const a = await analyzeFiles([{ file }]);
        const report = buildReport(a, { top: 25, tree: Boolean(renderHtml), flame: Boolean(renderHtml) });
        renderText(report);
        const json = JSON.stringify(report);
        JSON.parse(json); // must stay valid for any bytes in the input
        if (renderHtml) renderHtml(report);
        return { objects: report.summary.objects, warnings: report.warnings.length };
      },
    };
  } catch (e) {
    // The analysis modules are still being written: exercise the loaders alone.
    const { loadGraph } = await import("../../src/load.ts");
    return {
      mode: `load-only (${(e as Error).message.split("\n")[0]})`,
      analyze: async (file) => {
        const g = await loadGraph([{ file }]);
        return { objects: g.nodeCount, warnings: g.warnings.length };
      },
    };
  }
}

/** Linux: reset the peak-RSS counter so VmHWM measures this case only. */
function resetPeak(): void {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
  } catch {
    /* not Linux: the peak then covers the process lifetime */
  }
}

function statusKb(field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]) * 1024;
  } catch {
    /* fall through */
  }
  return field === "VmHWM" || field === "VmRSS" ? process.memoryUsage.rss() : 0;
}

/**
 * Harness self-test (harness.test.ts): inputs named __selftest_<what> misbehave on purpose so the
 * tests can prove the pool catches exceptions, CPU hangs, idle hangs and memory blow-ups.
 */
async function selfTest(path: string): Promise<{ objects: number; warnings: number }> {
  const what = /__selftest_(\w+)/.exec(path)![1];
  if (what === "throw") throw new TypeError("Cannot read properties of undefined (reading 'x')");
  if (what === "input") throw new InputError(path, 0, "expected a self-test");
  if (what === "spin") for (;;);
  if (what === "idle") await new Promise(() => {});
  if (what === "heap") {
    const keep: unknown[] = [];
    for (;;) keep.push({ a: [1, 2, 3], b: "x".repeat(100) + keep.length });
  }
  if (what === "rss") {
    const keep: Uint8Array[] = [];
    for (let i = 0; i < 64; i++) keep.push(new Uint8Array(64 * 1024 * 1024).fill(1));
    await new Promise((r) => setTimeout(r, 2000));
  }
  return { objects: 0, warnings: 0 };
}

const gc = (globalThis as { gc?: () => void }).gc;

async function main() {
  const { analyze, mode } = await loadAnalyzer();
  const send = (m: ChildResponse) => process.send!(m);
  // The parent went away (killed, Ctrl-C): do not linger as an orphan.
  process.on("disconnect", () => process.exit(0));
  send({ type: "ready", mode });
  process.on("message", async (req: ChildRequest) => {
    if (req.type !== "run") return;
    gc?.();
    resetPeak();
    const rssBefore = statusKb("VmRSS");
    const m0 = process.memoryUsage();
    const t0 = performance.now();
    let outcome: CaseOutcome;
    try {
      const r = req.path.includes("__selftest_") ? await selfTest(req.path) : await analyze(req.path);
      outcome = { kind: "ok", objects: r.objects, warnings: r.warnings };
    } catch (e) {
      if (e instanceof InputError) outcome = { kind: "refused", message: e.message, offset: e.offset, file: e.file };
      else if (e instanceof LimitError) outcome = { kind: "limit", message: e.message };
      else {
        const err = e as Error;
        outcome = { kind: "error", name: err?.name ?? typeof e, message: String(err?.message ?? e), stack: String(err?.stack ?? "") };
      }
    }
    const ms = performance.now() - t0;
    const mu = process.memoryUsage();
    // RSS misses growth into pages an earlier case left mapped; live JS heap + buffers at the end
    // (nothing collected since the case began, unless V8 had to) is a second lower bound of the peak.
    const liveGrowth = mu.heapUsed + mu.arrayBuffers + mu.external - (m0.heapUsed + m0.arrayBuffers + m0.external);
    send({ type: "done", id: req.id, outcome, ms, rssBefore, peakRss: statusKb("VmHWM"), heapUsed: mu.heapUsed, arrayBuffers: mu.arrayBuffers, liveGrowth });
  });
}

main().catch((e) => {
  process.stderr.write(`fuzz child failed to start: ${(e as Error).stack}\n`);
  process.exit(70);
});
