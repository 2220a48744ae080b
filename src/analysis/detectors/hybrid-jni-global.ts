import { createHash } from "node:crypto";
import type { HeapGraph, InputInfo } from "../../graph/heap-graph.ts";
import { NodeKind, RootKind } from "../../graph/kinds.ts";
import type { EdgeMask } from "../edge-policy.ts";
import { reachableBytesOf } from "../dominator-tree.ts";
import { pathSteps, type TraversalGraph } from "../paths.ts";
import type { Detector, DetectorContext, Finding, Severity } from "./types.ts";

/**
 * `hybrid.jni-global-roots`: Java objects whose only strong retention is a JNI global reference —
 * a handle created by native code (a JNI library, a Go host through cgo, an agent) with
 * NewGlobalRef. No Java field, static or stack keeps them alive; only DeleteGlobalRef frees them.
 *
 * Per Java input: mark everything strongly reachable from the roots that are NOT JNI globals; then
 * a multi-source BFS from the JNI-global roots over the unmarked part labels each JNI-only object
 * with the root it was first reached from. Roots are grouped by their object's class ("root
 * class"); a group's bytes are the shallow bytes of the objects labelled with its roots, so the
 * groups partition the JNI-only heap (what releasing those handles would free).
 *
 * HotSpot also lists its own VM handles as JNI globals (class and primitive mirrors, preallocated
 * OutOfMemoryError arrays and exceptions, MethodType, the system thread group, measured on JDK 17).
 * They are tiny and always there, so groups whose root class is a JDK class (java., javax., jdk.,
 * sun., com.sun.) are reported only from JDK_MIN_BYTES up; class objects as roots are skipped.
 */
export const JDK_MIN_BYTES = 64 * 1024;
/** Severity: high from 1 MiB or 10% of the process's reachable heap, medium from 64 KiB, else low. */
export const HIGH_BYTES = 1024 * 1024;
export const HIGH_SHARE = 0.1;
export const MEDIUM_BYTES = 64 * 1024;

const ID = "hybrid.jni-global-roots";
const JDK_PREFIX = /^(java|javax|jdk|sun|com\.sun)\./;

export function isJdkClass(name: string): boolean {
  return JDK_PREFIX.test(name.replace(/(\[\])+$/, "").replace(/^\[+L?/, "").replace(/\//g, "."));
}

interface Group {
  type: number;
  name: string;
  roots: number;
  objects: number;
  bytes: number;
  /** Root-target ordinal with the most exclusive bytes (the representative for the path). */
  best: number;
  bestBytes: number;
}

export const hybridJniGlobalRoots: Detector = {
  id: ID,
  language: "hybrid",
  description: "Java objects retained only through JNI global references (native code, a Go host via cgo), bytes per root class",
  run(ctx: DetectorContext): Finding[] {
    const g = ctx.graph;
    const out: Finding[] = [];
    let scratch: Scratch | undefined;
    for (const inp of g.inputs) {
      if (inp.language !== "java") continue;
      let any = false;
      for (let r = inp.firstRoot; r < inp.endRoot && !any; r++) any = g.rootKind[r] === RootKind.JniGlobal;
      if (!any) continue;
      scratch ??= { mark: new Uint8Array(g.nodeCount), queue: new Uint32Array(g.nodeCount), ownerAt: new Int32Array(1024), tail: 0 };
      out.push(...detectInput(ctx, inp, scratch));
    }
    return out;
  },
};

/** Working memory: 5 bytes per node (a mark and a BFS queue) plus 4 per JNI-only node. */
interface Scratch {
  /** 1 = reachable from a non-JNI-global root, 2 = JNI-only (reached from a JNI global). */
  mark: Uint8Array;
  queue: Uint32Array;
  /** After jniOnlyGroups: queue[0..tail) are the JNI-only nodes, ownerAt[i] the root record queue[i] was reached from. */
  ownerAt: Int32Array;
  tail: number;
}

function detectInput(ctx: DetectorContext, inp: InputInfo, s: Scratch): Finding[] {
  const g = ctx.graph;
  const mask = ctx.dominators.mask ?? ctx.mask;
  const ready = ctx.precomputed?.nonJniReach?.[g.inputs.indexOf(inp)];
  if (ready && ready.length === g.nodeCount) s.mark.set(ready.subarray(inp.firstNode, inp.endNode), inp.firstNode);
  else markFromOtherRoots(g, mask, inp.firstRoot, inp.endRoot, s.mark, s.queue);
  const rootBytes = new Map<number, number>();
  const groups = jniOnlyGroups(g, mask, inp, s, rootBytes);
  const heap = reachableBytesOf(g, ctx.dominators, inp);
  const out: Finding[] = [];
  for (const grp of groups.values()) {
    const jdk = isJdkClass(grp.name);
    if (jdk && grp.bytes < JDK_MIN_BYTES) continue;
    out.push(finding(ctx, inp, grp, s, heap));
  }
  // Leave the marks clean for the next input.
  s.mark.fill(0, inp.firstNode, inp.endNode);
  return out;
}

/**
 * Marks (1) every node strongly reachable from the root records [firstRoot, endRoot) other than
 * JNI globals. A plain BFS over the graph columns: the pipeline runs it on the graph thread while
 * the dominators are computed (ctx.precomputed.nonJniReach).
 */
export function markFromOtherRoots(g: TraversalGraph, mask: EdgeMask, firstRoot: number, endRoot: number, mark: Uint8Array, queue: Uint32Array): void {
  const { edgeStart, edgeTo, edgeKind, rootNode, rootKind } = g;
  let tail = 0;
  for (let r = firstRoot; r < endRoot; r++) {
    const v = rootNode[r];
    if (rootKind[r] === RootKind.JniGlobal || v >= g.nodeCount || mark[v]) continue;
    mark[v] = 1;
    queue[tail++] = v;
  }
  for (let head = 0; head < tail; head++) {
    const v = queue[head];
    for (let e = edgeStart[v], end = edgeStart[v + 1]; e < end; e++) {
      if (mask[edgeKind[e]] === 0) continue;
      const w = edgeTo[e];
      if (mark[w]) continue;
      mark[w] = 1;
      queue[tail++] = w;
    }
  }
}

/** BFS from the JNI-global roots over unmarked nodes; groups by root class. */
function jniOnlyGroups(g: HeapGraph, mask: EdgeMask, inp: InputInfo, s: Scratch, rootBytes: Map<number, number>): Map<number, Group> {
  const { edgeStart, edgeTo, edgeKind, rootNode, rootKind } = g;
  const { mark, queue } = s;
  let ownerAt = s.ownerAt;
  const push = (v: number, r: number) => {
    if (tail === ownerAt.length) {
      const grown = new Int32Array(Math.min(queue.length, ownerAt.length * 2));
      grown.set(ownerAt);
      ownerAt = grown;
    }
    mark[v] = 2;
    ownerAt[tail] = r;
    queue[tail++] = v;
  };
  let tail = 0;
  for (let r = inp.firstRoot; r < inp.endRoot; r++) {
    const v = rootNode[r];
    if (rootKind[r] !== RootKind.JniGlobal || v >= g.nodeCount || mark[v]) continue;
    if (g.kind[v] === NodeKind.Class) continue;
    push(v, r);
  }
  for (let head = 0; head < tail; head++) {
    const v = queue[head];
    const o = ownerAt[head];
    for (let e = edgeStart[v], end = edgeStart[v + 1]; e < end; e++) {
      if (mask[edgeKind[e]] === 0) continue;
      const w = edgeTo[e];
      if (mark[w]) continue;
      push(w, o);
    }
  }
  s.ownerAt = ownerAt;
  s.tail = tail;
  for (let i = 0; i < tail; i++) {
    const r = ownerAt[i];
    rootBytes.set(r, (rootBytes.get(r) ?? 0) + g.shallow[queue[i]]);
  }
  const groups = new Map<number, Group>();
  for (let i = 0; i < tail; i++) {
    const v = queue[i];
    const r = ownerAt[i];
    const target = rootNode[r];
    const t = g.type[target];
    let grp = groups.get(t);
    if (!grp) {
      grp = { type: t, name: g.nodeName(target), roots: 0, objects: 0, bytes: 0, best: target, bestBytes: -1 };
      groups.set(t, grp);
    }
    grp.objects += g.objectCount(v);
    grp.bytes += g.shallow[v];
    if (v === target) {
      grp.roots++;
      const b = rootBytes.get(r) ?? 0;
      if (b > grp.bestBytes) {
        grp.bestBytes = b;
        grp.best = target;
      }
    }
  }
  return groups;
}


/** The classes making up a group's bytes, largest first (evidence). */
function groupTypes(g: HeapGraph, s: Scratch, grp: Group, limit: number): { type: string; count: number; bytes: number }[] {
  const byType = new Map<number, { count: number; bytes: number }>();
  const { queue, ownerAt } = s;
  for (let i = 0; i < s.tail; i++) {
    const v = queue[i];
    if (g.type[g.rootNode[ownerAt[i]]] !== grp.type) continue;
    const t = g.type[v] * 8 + g.kind[v];
    const e = byType.get(t) ?? { count: 0, bytes: 0 };
    e.count += g.objectCount(v);
    e.bytes += g.shallow[v];
    byType.set(t, e);
  }
  return [...byType.entries()]
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .slice(0, limit)
    .map(([k, e]) => ({ type: k % 8 === NodeKind.Class ? `class ${g.types.names[Math.floor(k / 8)]}` : g.types.names[Math.floor(k / 8)], ...e }));
}

function severityOf(bytes: number, heap: number): Severity {
  if (bytes >= HIGH_BYTES || (heap > 0 && bytes >= HIGH_SHARE * heap && bytes >= MEDIUM_BYTES)) return "high";
  if (bytes >= MEDIUM_BYTES) return "medium";
  return "low";
}

/** Stable across dumps of the same code: detector, root kind and root class only (no addresses). */
export function jniSignature(rootClass: string): string {
  const stable = rootClass.replace(/[/+]0x[0-9a-fA-F]+/g, "").replace(/\$\$Lambda\$\d+/g, "$$$$Lambda");
  return createHash("sha1").update(`${ID}\njni-global|${stable}`).digest("hex").slice(0, 16);
}

function finding(ctx: DetectorContext, inp: InputInfo, grp: Group, s: Scratch, heap: number): Finding {
  const g = ctx.graph;
  const path = pathSteps(g, ctx.paths, ctx.dominators, grp.best);
  const plural = grp.roots === 1 ? "" : "s";
  const types = groupTypes(g, s, grp, 5);
  return {
    detector: ID,
    severity: severityOf(grp.bytes, heap),
    language: "java",
    title: `${grp.roots} ${grp.name} object${plural} held only by JNI global references (${grp.objects.toLocaleString("en-US")} objects retained)`,
    explanation:
      `${grp.roots} ${grp.name} object${plural} and everything only they reference (${grp.objects.toLocaleString("en-US")} objects, ${grp.bytes.toLocaleString("en-US")} B) ` +
      `are reachable solely through JNI global references: handles that native code (a JNI library, a Go host calling Java through cgo, an agent) ` +
      `created with NewGlobalRef. No Java field, static or thread stack keeps them alive, so the Java side can never release them; ` +
      `they stay until the native side calls DeleteGlobalRef.`,
    subject: { id: g.hexId(grp.best), type: grp.name, node: grp.best },
    count: grp.roots,
    retainedBytes: grp.bytes,
    path,
    evidence: {
      rootKind: "jni-global",
      rootClass: grp.name,
      roots: grp.roots,
      objects: grp.objects,
      bytes: grp.bytes,
      heapShare: heap > 0 ? grp.bytes / heap : 0,
      largestRoot: { id: g.hexId(grp.best), bytes: grp.bestBytes },
      types,
      jdkClass: isJdkClass(grp.name),
    },
    signature: jniSignature(grp.name),
    advice:
      `Find the native code that calls NewGlobalRef on ${grp.name} (JNI library, cgo bridge or agent) and release each handle with ` +
      `DeleteGlobalRef when the object is no longer needed; if the native side only caches it, hold a NewWeakGlobalRef instead, ` +
      `or keep the object in a bounded Java-side registry that native code looks up by id.`,
    process: inp.process,
  };
}
