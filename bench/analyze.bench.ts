// Full `heaplens analyze` pipeline (load, dominators, paths, histogram, detectors, report model) on
// the object-dense JDK 17 dumps that bench/hprof.bench.ts writes under os.tmpdir() (~250 MB ≈ 6 M
// objects and ~1 GB ≈ 25 M objects; generated on first use). Each size runs in its own process so
// peak RSS is per size. Targets (issue #2): 250 MB ≤ 2.5 s; 1 GB ≤ 8 s with peak RSS ≤ 2 GB.
// Usage: node --import tsx bench/analyze.bench.ts [--sizes=6000000,25000000]
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { analyzeFiles } from "../src/pipeline.ts";
import { buildReport } from "../src/report/build.ts";

const here = dirname(fileURLToPath(import.meta.url));
const dumpFor = (objects: number) => join(tmpdir(), "heaplens-bench-hprof", `dense-${objects}.hprof`);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const peak = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function child(file: string): Promise<void> {
  console.log(`${file}: ${(statSync(file).size / 1e6).toFixed(0)} MB`);
  let t = 0, c = 0, name = "";
  const progress = {
    phase(n: string) {
      name = n;
      t = performance.now();
      c = cpu();
    },
    tick() {},
    end() {
      console.log(`  ${name.padEnd(28)} ${(performance.now() - t).toFixed(0).padStart(6)} ms wall ${(cpu() - c).toFixed(0).padStart(6)} ms cpu  ${peak()} MB peak RSS`);
    },
  };
  const t0 = performance.now();
  const c0 = cpu();
  const a = await analyzeFiles([{ file }], { progress });
  const report = buildReport(a, { top: 25 });
  const wall = performance.now() - t0;
  const detectors = a.timings.detectors ?? 0;
  console.log(`  phases (ms): ${JSON.stringify(a.timings)}`);
  console.log(`  objects ${report.summary.objects.toLocaleString("en-US")}, edges ${a.graph.edgeCount.toLocaleString("en-US")}, findings ${report.findings.length}`);
  console.log(`  TOTAL analyze: ${(wall / 1000).toFixed(2)} s wall, ${((cpu() - c0) / 1000).toFixed(2)} s cpu, ${peak()} MB peak RSS; detectors ${((detectors / wall) * 100).toFixed(1)}% of the total`);
}

if (process.argv.includes("--child")) {
  await child(process.argv[process.argv.indexOf("--child") + 1]);
} else {
  const sizes = (process.argv.find((x) => x.startsWith("--sizes="))?.slice(8) ?? "6000000,25000000").split(",").map(Number);
  for (const objects of sizes) {
    const file = dumpFor(objects);
    if (!existsSync(file)) spawnSync(process.execPath, ["--import", "tsx", join(here, "hprof.bench.ts"), `--sizes=${objects}`], { stdio: "inherit" });
    const r = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", file], { stdio: "inherit" });
    if (r.status !== 0) process.exitCode = 1;
  }
}
