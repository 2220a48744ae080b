// What the Java detectors add to an analysis: load, dominators, paths and histogram (the core of
// `analyze`), then each Java detector, on (1) the biggest Java sample under samples/java and (2) a
// generated heap full of WeakHashMaps (bench/java/WeakMapHeap.java, dumped under os.tmpdir()).
// Usage: node --import tsx bench/java-detectors.bench.ts [--objects=N] [--file=dump.hprof[.gz]]
//   --objects=0 skips the generated heap (default 2,000,000 objects; needs javac/java on PATH).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DETECTORS } from "../src/analysis/detectors/index.ts";
import type { DetectorContext } from "../src/analysis/detectors/types.ts";
import { computeDominators } from "../src/analysis/dominators.ts";
import { STRONG } from "../src/analysis/edge-policy.ts";
import { histogram } from "../src/analysis/histogram.ts";
import { computePaths } from "../src/analysis/paths.ts";
import { loadOne } from "../src/load.ts";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");

function arg(name: string): string | undefined {
  return process.argv.find((x) => x.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function rssMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

const rss: Record<string, number> = {};

function timed<T>(times: Record<string, number>, name: string, f: () => T): T {
  const t0 = performance.now();
  const r = f();
  times[name] = performance.now() - t0;
  rss[name] = rssMB();
  return r;
}

async function measure(file: string): Promise<void> {
  console.log(`\n${file} (${(statSync(file).size / 1e6).toFixed(1)} MB on disk)`);
  const times: Record<string, number> = {};
  const t0 = performance.now();
  const graph = await loadOne({ file });
  times.load = performance.now() - t0;
  rss.load = rssMB();
  const dominators = timed(times, "dominators", () => computeDominators(graph, STRONG));
  const paths = timed(times, "paths", () => computePaths(graph, STRONG));
  timed(times, "histogram", () => histogram(graph, dominators));
  const core = times.load + times.dominators + times.paths + times.histogram;
  console.log(`  ${graph.nodeCount.toLocaleString()} objects, ${graph.edgeCount.toLocaleString()} edges`);
  for (const k of ["load", "dominators", "paths", "histogram"]) console.log(`  ${k.padEnd(40)} ${times[k].toFixed(0).padStart(7)} ms   ${rss[k]} MB peak RSS`);
  const ctx: DetectorContext = { graph, dominators, paths, mask: STRONG, minBytes: 0 };
  let detectors = 0;
  for (const d of DETECTORS.filter((x) => x.language === "java")) {
    const t = performance.now();
    const found = d.run(ctx);
    const ms = performance.now() - t;
    detectors += ms;
    console.log(`  ${d.id.padEnd(40)} ${ms.toFixed(0).padStart(7)} ms   ${rssMB()} MB peak RSS   ${found.length} finding(s)`);
  }
  console.log(`  ${"all Java detectors".padEnd(40)} ${detectors.toFixed(0).padStart(7)} ms = ${((100 * detectors) / core).toFixed(1)}% of load+dominators+paths+histogram (${core.toFixed(0)} ms)   ${rssMB()} MB peak RSS`);
}

function biggestSample(): string | undefined {
  const files: string[] = [];
  for (const dir of ["samples/java", "samples/java/jdk25"]) {
    const d = join(root, dir);
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d)) if (f.endsWith(".hprof.gz")) files.push(join(d, f));
  }
  files.sort((a, b) => statSync(b).size - statSync(a).size);
  return files[0];
}

function generated(objects: number): { file: string; cleanup: () => void } | undefined {
  const work = mkdtempSync(join(tmpdir(), "heaplens-weakmaps-"));
  try {
    execFileSync("javac", ["-d", work, join(here, "java", "WeakMapHeap.java")], { stdio: "inherit" });
    const file = join(work, "weakmaps.hprof");
    const t0 = performance.now();
    execFileSync("java", ["-Xmx3g", "-XX:+UseSerialGC", "-cp", work, "WeakMapHeap", String(objects), file], { stdio: "inherit" });
    console.log(`  (dump written in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    return { file, cleanup: () => rmSync(work, { recursive: true, force: true }) };
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    console.log(`  could not generate the WeakHashMap heap: ${(e as Error).message}`);
    return undefined;
  }
}

const explicit = arg("file");
if (explicit) await measure(explicit);
else {
  const sample = biggestSample();
  if (sample) await measure(sample);
  const objects = Number(arg("objects") ?? 2_000_000);
  if (objects > 0) {
    const g = generated(objects);
    if (g) {
      try {
        await measure(g.file);
      } finally {
        g.cleanup();
      }
    }
  }
}
