// HPROF loader benchmark on object-dense JDK 17 dumps made by bench/java/DenseHeap.java:
// ~250 MB (≈ 6 M objects) and ~1 GB (≈ 25 M objects), written once under os.tmpdir() and reused.
// Each size runs in its own child process so peak RSS is per size. Prints wall and CPU time per
// phase (records scan, pass 1, id index, pass 2, freeze) and computeDominators when present.
// Usage: node --import tsx bench/hprof.bench.ts [--sizes=6000000,25000000] [--keep]
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { GraphBuilder } from "../src/graph/builder.ts";
import type { HeapGraph } from "../src/graph/heap-graph.ts";
import { hprofFormat } from "../src/formats/hprof/index.ts";
import { FileSource } from "../src/io/source.ts";
import { cpuMs, line as rowLine } from "./support.ts";

const here = dirname(fileURLToPath(import.meta.url));
const dir = join(tmpdir(), "heaplens-bench-hprof");

function arg(name: string): string | undefined {
  return process.argv.find((x) => x.startsWith(`--${name}=`))?.slice(name.length + 3);
}

const line = (name: string, wall: number, cpu: number) => rowLine(`  ${name}`, wall, cpu, 24);

/** Compiles DenseHeap once and dumps a heap of ~`objects` objects (reused when present). */
function ensureDump(objects: number): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `dense-${objects}.hprof`);
  if (existsSync(file)) return file;
  const classes = join(dir, "classes");
  if (!existsSync(join(classes, "DenseHeap.class"))) execFileSync("javac", ["-d", classes, join(here, "java", "DenseHeap.java")], { stdio: "inherit" });
  const heap = objects > 10_000_000 ? "-Xmx6g" : "-Xmx2g";
  console.log(`generating ${file} (${objects} objects)…`);
  execFileSync("java", [heap, "-XX:+UseSerialGC", "-cp", classes, "DenseHeap", String(objects), `${file}.tmp.hprof`], { stdio: "inherit" });
  renameSync(`${file}.tmp.hprof`, file);
  return file;
}

async function child(file: string): Promise<void> {
  const size = statSync(file).size;
  console.log(`${file}: ${(size / 1e6).toFixed(0)} MB`);
  const t0 = performance.now();
  const c0 = cpuMs();
  let pt = 0;
  let pc = 0;
  let phase = "";
  const progress = {
    phase(n: string) {
      phase = n;
      pt = performance.now();
      pc = cpuMs();
    },
    tick() {},
    end() {
      console.log(line(phase, performance.now() - pt, cpuMs() - pc));
    },
  };
  const source = new FileSource(file);
  // The builder goes out of scope after freeze (as in loadOne), so its edge-source column can be freed.
  const g: HeapGraph = (() => {
    const b = new GraphBuilder();
    b.beginInput({ file, format: "hprof", language: "java" });
    hprofFormat.load(source, b, { options: {}, progress, warn: (m) => console.log(`  warning: ${m}`) });
    b.endInput();
    const tf = performance.now();
    const cf = cpuMs();
    const frozen = b.freeze();
    console.log(line("freeze", performance.now() - tf, cpuMs() - cf));
    return frozen;
  })();
  console.log(line("load total", performance.now() - t0, cpuMs() - c0));
  console.log(`  ${g.nodeCount} nodes, ${g.edgeCount} edges, ${g.rootCount} roots; id index ${g.inputs[0].meta.idIndex}; ids ascending ${g.inputs[0].meta.idsAscending}`);
  const domPath = join(here, "../src/analysis/dominators.ts");
  if (existsSync(domPath)) {
    const { computeDominators } = (await import(pathToFileURL(domPath).href)) as { computeDominators: (g: HeapGraph) => { reachableCount: number } };
    const td = performance.now();
    const cd = cpuMs();
    const d = computeDominators(g);
    console.log(line("computeDominators", performance.now() - td, cpuMs() - cd));
    console.log(line("load + dominators", performance.now() - t0, cpuMs() - c0));
    console.log(`  reachable ${d.reachableCount}`);
  }
  source.close();
}

const childFile = arg("child");
if (childFile) {
  await child(childFile);
} else {
  const sizes = (arg("sizes") ?? "6000000,25000000").split(",").map(Number);
  let failed = 0;
  for (const n of sizes) {
    const file = ensureDump(n);
    const r = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), `--child=${file}`], { stdio: "inherit" });
    if (r.status !== 0) failed++;
  }
  process.exit(failed ? 1 : 0);
}
