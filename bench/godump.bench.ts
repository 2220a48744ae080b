// Go heap dump benchmark: builds bench/go-heapdump (Debian go), writes a ~1 GB dump with ~10M
// objects into os.tmpdir() (reused when present), then loads it and runs the analyses, printing
// wall time and peak RSS per phase; then the same dump through the analyze pipeline in its own
// process (what the CLI runs: the path BFS on the graph thread beside the dominators, every
// detector). `--mb=N` picks another heap size (default 1024). Target (issue #7): ≤ 8 s, ≤ 2 GB.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { goMapLowLiveRatio, goMapRetainedBuckets } from "../src/analysis/detectors/go-map-heapdump.ts";
import { computeDominators } from "../src/analysis/dominators.ts";
import { STRONG } from "../src/analysis/edge-policy.ts";
import { computePaths } from "../src/analysis/paths.ts";
import { godumpFormat } from "../src/formats/godump/index.ts";
import { GraphBuilder } from "../src/graph/builder.ts";
import { FileSource } from "../src/io/source.ts";

const here = dirname(fileURLToPath(import.meta.url));
const mbArg = process.argv.find((a) => a.startsWith("--mb="));
const mb = mbArg ? Number(mbArg.slice(5)) : 1024;
const dir = join(tmpdir(), "heaplens-bench");
// Bump the version when bench/go-heapdump/main.go changes, so a stale cached dump is not reused.
const dump = join(dir, `go-heapdump-v2-${mb}mb.dump`);

const rssMB = () => Math.round(process.resourceUsage().maxRSS / 1024);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
// CPU time is printed next to wall time: the machine is shared, and wall time alone misleads under load.
function phase<T>(name: string, f: () => T): T {
  const t0 = performance.now(), c0 = cpuMs();
  const r = f();
  console.log(`${name.padEnd(22)} ${(performance.now() - t0).toFixed(0).padStart(7)} ms wall ${(cpuMs() - c0).toFixed(0).padStart(7)} ms cpu   peak RSS ${rssMB()} MB`);
  return r;
}

function ensureDump(): boolean {
  if (existsSync(dump)) return true;
  try {
    execFileSync("go", ["version"], { stdio: "ignore" });
  } catch {
    console.log("skipped: no go toolchain to generate the Go heap dump");
    return false;
  }
  mkdirSync(dir, { recursive: true });
  const exe = join(dir, "go-heapdump-bench");
  const env = { ...process.env, GO111MODULE: "off", GOCACHE: process.env.GOCACHE ?? join(dir, "gocache") };
  const t0 = performance.now();
  execFileSync("go", ["build", "-o", exe, "main.go"], { cwd: join(here, "go-heapdump"), env, stdio: "inherit" });
  const out = execFileSync(exe, ["-mb", String(mb), "-out", dump + ".part"], { env }).toString().trim();
  renameSync(dump + ".part", dump);
  console.log(`generated ${dump} in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${out}`);
  return true;
}

// Prints the loader's own phases (parse, build) inside "load".
let subStart = 0, subCpu = 0, subName = "";
const subPhases = {
  phase(name: string) {
    subName = name;
    subStart = performance.now();
    subCpu = cpuMs();
  },
  tick() {},
  end() {
    console.log(`  ${subName.padEnd(20)} ${(performance.now() - subStart).toFixed(0).padStart(7)} ms wall ${(cpuMs() - subCpu).toFixed(0).padStart(7)} ms cpu   peak RSS ${rssMB()} MB`);
  },
};

if (process.argv.includes("--pipeline-child")) {
  // What `heaplens analyze` runs: load, dominators with the path BFS on the graph thread, histogram, all detectors.
  const { analyzeFiles } = await import("../src/pipeline.ts");
  const { buildReport } = await import("../src/report/build.ts");
  const t0 = performance.now(), c0 = cpuMs();
  const a = await analyzeFiles([{ file: dump }], { progress: subPhases });
  const report = buildReport(a, { top: 25 });
  console.log(`  phases (ms): ${JSON.stringify(a.timings)}; findings ${report.findings.length}`);
  console.log(`analyze pipeline (as the CLI) ${((performance.now() - t0) / 1000).toFixed(2)} s wall, ${((cpuMs() - c0) / 1000).toFixed(2)} s cpu, peak RSS ${rssMB()} MB`);
} else if (ensureDump()) {
  const size = statSync(dump).size;
  console.log(`input ${dump} (${(size / 1024 ** 2).toFixed(0)} MiB)`);
  const t0 = performance.now(), c0 = cpuMs();
  const graph = phase("load (parse+build)", () => {
    const b = new GraphBuilder();
    const src = new FileSource(dump);
    b.beginInput({ file: dump, format: "godump", language: "go" });
    // godumpFormat.load is synchronous (its InputFormat signature allows a promise).
    void godumpFormat.load(src, b, { options: {}, progress: subPhases, warn: (m) => console.log("warning:", m) });
    b.endInput();
    src.close();
    return b.freeze();
  });
  const heap = graph.inputs[0].meta.heap as { objects: number; bytes: number; memstatsObjects: number; memstatsBytes: number };
  console.log(`objects ${graph.nodeCount.toLocaleString()} (memstats ${heap.memstatsObjects?.toLocaleString()}), edges ${graph.edgeCount.toLocaleString()}, roots ${graph.rootCount}, bytes ${heap.bytes.toLocaleString()} (memstats ${heap.memstatsBytes?.toLocaleString()})`);
  const loadMs = performance.now() - t0;
  const dom = phase("dominators", () => computeDominators(graph, STRONG));
  const paths = phase("paths", () => computePaths(graph, STRONG));
  const ctx = { graph, dominators: dom, paths, mask: STRONG, minBytes: 0 };
  const findings = phase("map detectors", () => [...goMapRetainedBuckets.run(ctx), ...goMapLowLiveRatio.run(ctx)]);
  console.log(`reachable ${dom.reachableCount.toLocaleString()}, unreachable ${dom.unreachableCount.toLocaleString()} (${dom.unreachableBytes.toLocaleString()} B), findings ${findings.length}`);
  for (const f of findings) console.log(`  [${f.severity}] ${f.detector}: ${f.title}`);
  console.log(`total analyse ${((performance.now() - t0) / 1000).toFixed(2)} s wall, ${((cpuMs() - c0) / 1000).toFixed(2)} s cpu (load ${(loadMs / 1000).toFixed(2)} s wall), peak RSS ${rssMB()} MB`);
}

if (!process.argv.includes("--pipeline-child") && existsSync(dump)) {
  console.log("\nthe same dump through the analyze pipeline (own process):");
  spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--pipeline-child", ...process.argv.slice(2)], { stdio: "inherit" });
}
