// Graph-analysis benchmark on a synthetic heap-like graph (default 25M nodes / 30M edges), built
// in memory with GraphBuilder: freeze, dominators (per phase), GC-root paths, histogram.
// Usage: node --import tsx bench/graph.bench.ts [--nodes=N] [--edges=M] [--far=F]
// --far is the fraction of references that point anywhere in the heap (default 0.03); the rest
// point near the referrer in allocation order, as most references in real dumps do. --far=1
// gives a uniformly random graph: the worst case for memory locality.
import { computeDominators } from "../src/analysis/dominators.ts";
import { STRONG } from "../src/analysis/edge-policy.ts";
import { histogram } from "../src/analysis/histogram.ts";
import { computePaths } from "../src/analysis/paths.ts";
import { GraphBuilder } from "../src/graph/builder.ts";
import type { HeapGraph } from "../src/graph/heap-graph.ts";
import { EdgeKind, Lang, NodeKind, RootKind } from "../src/graph/kinds.ts";
import { mulberry32 } from "../test/fixtures/random-graph.ts";
import { cpuMs, line, phasePrinter } from "./support.ts";

function arg(name: string, fallback: number): number {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.slice(name.length + 3)) : fallback;
}

function timed<T>(name: string, f: () => T): T {
  const t0 = performance.now();
  const c0 = cpuMs();
  const r = f();
  console.log(line(name, performance.now() - t0, cpuMs() - c0));
  return r;
}

/**
 * Heap-like: nodes in "allocation order"; each non-root node gets one tree parent, usually a recent
 * object (linked structures, arrays of fresh objects) and sometimes an old one; the rest of the
 * edges are cross links, a few of them weak. Roots: some thread roots, many sticky classes.
 */
function build(nodes: number, edges: number, far: number): GraphBuilder {
  const rnd = mulberry32(20261123);
  const b = new GraphBuilder();
  b.beginInput({ file: "synthetic", format: "test", language: "java" });
  const types: number[] = [];
  for (let t = 0; t < 2000; t++) types.push(b.addType(`com.example.Type${t}`, Lang.Java));
  const labels: number[] = [];
  for (let l = 0; l < 64; l++) labels.push(b.labels.intern(`field${l}`));
  b.reserveNodes(nodes);
  b.reserveEdges(edges);
  const roots = 16;
  for (let i = 0; i < nodes; i++) {
    // Skewed type distribution: a few types own most objects.
    const t = types[Math.floor(rnd() * rnd() * rnd() * types.length)];
    const kind = i < roots ? NodeKind.Class : NodeKind.Instance;
    b.addNode(kind, t, 16 + 8 * Math.floor(rnd() * 6), 0x7000_0000 + 16 * i, Lang.Java);
  }
  for (let i = roots; i < nodes; i++) {
    const r = rnd();
    const window = r < far ? i : r < 0.8 ? 64 : 10_000;
    const p = i - 1 - Math.floor(rnd() * Math.min(window, i));
    b.addEdge(p, i, EdgeKind.Strong, labels[i & 63]);
  }
  for (let k = nodes - roots; k < edges; k++) {
    const from = Math.floor(rnd() * nodes);
    const to = rnd() < far ? Math.floor(rnd() * nodes) : Math.max(0, Math.min(nodes - 1, from - 500 + Math.floor(rnd() * 1000)));
    b.addEdge(from, to, rnd() < 0.02 ? EdgeKind.Weak : EdgeKind.Strong, labels[k & 63]);
  }
  for (let r = 0; r < roots; r++) b.addRoot(r, r < 4 ? RootKind.ThreadObject : RootKind.StickyClass, 0);
  for (let r = 0; r < 2000; r++) b.addRoot(Math.floor(rnd() * nodes), r & 1 ? RootKind.JavaFrame : RootKind.JniGlobal, 0);
  b.endInput();
  return b;
}

/**
 * Machine calibration: the graph phases are bound by memory latency, so print what 25M dependent
 * random reads over a 100 MB array and one sequential pass cost right now (shared machines vary).
 */
function calibrate(): void {
  const n = 25_000_000;
  const a = new Uint32Array(n);
  const rnd = mulberry32(7);
  // Sattolo's shuffle: one cycle through all n slots, so the chase never settles in cache.
  for (let i = 0; i < n; i++) a[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * i);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  let t0 = performance.now();
  let x = 0;
  for (let i = 0; i < n; i++) x = a[x];
  const randomMs = performance.now() - t0;
  t0 = performance.now();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[i];
  const seqMs = performance.now() - t0;
  console.log(`calibration: 25M dependent random reads ${randomMs.toFixed(0)} ms (${((randomMs * 1e6) / n).toFixed(0)} ns each), sequential pass ${seqMs.toFixed(0)} ms [${(x + sum) & 1}]`);
}

/** Separate function so the builder's unsorted edge arrays can be collected after freeze. */
function buildAndFreeze(nodes: number, edges: number, far: number): HeapGraph {
  const b = timed("build (GraphBuilder)", () => build(nodes, edges, far));
  return timed("freeze (edges need sorting)", () => b.freeze());
}

function main(): void {
  const nodes = arg("nodes", 25_000_000);
  const edges = arg("edges", 30_000_000);
  const far = arg("far", 0.03);
  console.log(`synthetic heap graph: ${nodes} nodes, ${edges} edges, far references ${far} (node ${process.version})`);
  calibrate();
  const g = buildAndFreeze(nodes, edges, far);
  const dom = timed("computeDominators total", () => computeDominators(g, STRONG, phasePrinter()));
  console.log(`  reachable ${dom.reachableCount}, unreachable ${dom.unreachableCount}, super-root retains ${dom.retained[g.superRoot]} bytes`);
  const paths = timed("computePaths", () => computePaths(g, STRONG));
  // Depth of each node from its parent's (memoised walk up the BFS tree).
  const depth = new Int32Array(g.nodeCount).fill(-1);
  const chain: number[] = [];
  let maxDepth = 0;
  for (let v = 0; v < g.nodeCount; v++) {
    if (paths.parent[v] === 0xffffffff) continue;
    let x = v;
    while (x !== g.nodeCount && depth[x] < 0) {
      chain.push(x);
      x = paths.parent[x];
    }
    let d = x === g.nodeCount ? -1 : depth[x];
    while (chain.length) depth[chain.pop()!] = ++d;
    if (depth[v] > maxDepth) maxDepth = depth[v];
  }
  console.log(`  deepest shortest path: ${maxDepth} edges`);
  const rows = timed("histogram (set-retained)", () => histogram(g, dom));
  console.log(`  ${rows.length} types; top: ${rows[0]?.name} retains ${rows[0]?.retainedBytes} bytes`);
}

main();
