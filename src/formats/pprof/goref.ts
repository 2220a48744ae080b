import type { GraphBuilder } from "../../graph/builder.ts";
import { EdgeKind, Lang, NodeKind, RootKind } from "../../graph/kinds.ts";
import { ProfileTable } from "../../graph/profile-table.ts";
import { buildStackTree } from "./cct.ts";
import type { StackSamples } from "./stacks.ts";

/**
 * goref (cloudwego/goref) writes a pprof file whose "stacks" are reference paths: leaf first,
 * the root variable last, locations named by variables and fields (`main.globalMap`,
 * `conn. (net.Conn)`, `$mapkey. (string)`), only inuse_objects/inuse_space, no period, no
 * mappings, no line numbers. Recognised by that shape (go-formats.md §3).
 */
export function isGorefShape(s: StackSamples, hasPeriodType: boolean, mappings: number, addressesZero: boolean): boolean {
  if (hasPeriodType || mappings > 0 || !addressesZero) return false;
  const t = s.sampleTypes;
  if (t.length !== 2 || t[0].type !== "inuse_objects" || t[1].type !== "inuse_space") return false;
  const ft = s.frameTable;
  for (let f = 0; f < ft.size; f++) if (ft.file[f] !== "" || ft.line[f] !== 0) return false;
  return true;
}

/** Root kind of a goref root variable's name. */
export function gorefRootKind(name: string): RootKind {
  if (/^data segment/.test(name)) return RootKind.GoData;
  if (/^bss segment/.test(name)) return RootKind.GoBss;
  if (/^runtime\.(SetFinalizer|AddCleanup)\./.test(name)) return RootKind.GoFinalizer;
  // `pkgpath.var`: exactly one dot after the last slash, no parentheses → a global.
  const tail = name.slice(name.lastIndexOf("/") + 1);
  if (/^[^.()\s]+\.[^.()\s]+$/.test(tail)) return RootKind.GoData;
  // `func.local` and leftover frame names: a goroutine's stack.
  return RootKind.GoOther;
}

/** Edge label for a goref path element: the field/element name without the " (type)" part. */
function via(name: string): string {
  const m = /^(.*?)\. \(.*\)$/.exec(name);
  return m ? m[1] : name;
}

/**
 * Reference paths as a graph: each distinct path prefix is a node (type = the location name);
 * root variables are GC roots; a sample's values belong to the node its path ends at (goref
 * counts each object once, on the first path that reached it), so retained = pprof's cum.
 */
export function writeGorefGraph(s: StackSamples, b: GraphBuilder, file: string): ProfileTable {
  const { tree, sampleFrameNode } = buildStackTree(s);
  const ft = s.frameTable;
  const k = s.sampleTypes.length;
  const first = b.nodeCount;
  const n = tree.size - 1;
  b.reserveNodes(n);
  b.reserveEdges(n);
  const shallow = new Float64Array(tree.size);
  const objects = new Float64Array(tree.size);
  for (let i = 0; i < s.sampleCount; i++) {
    shallow[sampleFrameNode[i]] += s.values[i * k + 1];
    objects[sampleFrameNode[i]] += s.values[i * k];
  }
  const frameType = ft.name.map((name) => b.internType(name, Lang.Go));
  const parent = tree.parent;
  const frame = tree.frame;
  // Tree node t (t ≥ 1) becomes graph ordinal first + t - 1: the virtual tree root is not a node.
  for (let t = 1; t < tree.size; t++) {
    const f = frame[t];
    const id = b.addNode(NodeKind.GoSite, frameType[f], shallow[t], t, Lang.Go);
    b.setCount(id, objects[t]);
    const name = ft.name[f];
    if (parent[t] === 0) b.addRoot(id, gorefRootKind(name), b.labels.intern(name));
    else b.addEdge(first + parent[t] - 1, id, EdgeKind.Strong, b.labels.intern(via(name)));
  }
  if (s.sampleCount > 0 && tree.size === 1) b.warnings.push(`${file}: goref profile has samples but no paths`);
  const sampleNode = new Uint32Array(s.sampleCount);
  for (let i = 0; i < s.sampleCount; i++) sampleNode[i] = Math.max(0, sampleFrameNode[i] - 1);
  return new ProfileTable({
    kind: "goref",
    sampleTypes: s.sampleTypes,
    valueIndex: 1,
    countIndex: 0,
    sampleCount: s.sampleCount,
    sampleNode,
    values: s.values,
    blockBytes: s.blockBytes,
    nodeFile: new Uint32Array(n),
    nodeLine: new Int32Array(n),
    files: [""],
  });
}
