import type { HeapGraph } from "../../graph/heap-graph.ts";
import { EdgeKind, RootKind } from "../../graph/kinds.ts";
import { fieldTarget, findingPath, formatBytes, instancesOf, labelId, staticTarget, subtypeMask, tagProcess } from "./java-support.ts";
import { threadName } from "./java-threadlocal.ts";
import { referentOf } from "./java-weakhashmap-scan.ts";
import { signatureOf } from "./signature.ts";
import type { Detector, DetectorContext, Finding } from "./types.ts";

const ID = "java.finalizer.backlog";

/**
 * Finalizers enqueued but not run: `java.lang.ref.Finalizer`s whose `queue` is
 * ReferenceQueue.ENQUEUED (hprof-format.md §7.4). Their referents are no longer strongly
 * reachable and wait for the single finalizer thread. retainedBytes = every object reachable
 * from those referents that is not strongly reachable from a GC root (what running the finalizers
 * would let the GC free). The Finalizer being run right now (`queue` = NULL, `next` = itself) is evidence.
 */
export const finalizerBacklog: Detector = {
  id: ID,
  language: "java",
  description: "Objects waiting in the finalizer queue (finalize() not run yet), and what only they keep alive",
  run(ctx: DetectorContext): Finding[] {
    const finMask = subtypeMask(ctx.graph, ["java.lang.ref.Finalizer"]);
    if (!finMask) return [];
    const finalizers = instancesOf(ctx.graph, finMask);
    const out: Finding[] = [];
    ctx.graph.inputs.forEach((inp, k) => {
      if (inp.language !== "java") return;
      const mine = finalizers.filter((f) => f >= inp.firstNode && f < inp.endNode);
      if (mine.length) out.push(...backlogOf(ctx, mine, k));
    });
    return tagProcess(ctx.graph, out);
  },
};

/** The backlog finding of one input (process), if any. */
function backlogOf(ctx: DetectorContext, finalizers: Uint32Array, input: number): Finding[] {
  const { graph, dominators: dom, paths } = ctx;
  const enqueuedMarker = staticTarget(graph, "java.lang.ref.ReferenceQueue", "ENQUEUED", input);
  if (enqueuedMarker < 0) return [];
  const nullQueue = Math.max(staticTarget(graph, "java.lang.ref.ReferenceQueue", "NULL", input), staticTarget(graph, "java.lang.ref.ReferenceQueue", "NULL_QUEUE", input));
  const queueL = labelId(graph, "queue");
  const referentL = labelId(graph, "referent");
  const refNextL = labelId(graph, "Reference.next");
  const plainNextL = labelId(graph, "next");
  const referents: number[] = [];
  const byType = new Map<string, number>();
  let running: string | undefined;
  for (const f of finalizers) {
    const q = fieldTarget(graph, f, queueL);
    const r = referentOf(graph, f, referentL);
    if (q === enqueuedMarker) {
      if (r >= 0) {
        referents.push(r);
        const t = graph.nodeName(r);
        byType.set(t, (byType.get(t) ?? 0) + 1);
      }
    } else if (q >= 0 && q === nullQueue && r >= 0) {
      // Being finalized: dequeued (queue = NULL) and `next` points to itself.
      const nx = fieldTarget(graph, f, refNextL) >= 0 ? fieldTarget(graph, f, refNextL) : fieldTarget(graph, f, plainNextL);
      if (nx === f) running = graph.nodeName(r);
    }
  }
  if (!referents.length) return [];

  // Objects only the queued finalizers keep: reachable from their referents but not strongly from a root.
  const reachable = dom.reachable;
  const seen = new Set<number>();
  const queue: number[] = [];
  for (const r of referents) if (!reachable[r] && !seen.has(r)) (seen.add(r), queue.push(r));
  let bytes = 0;
  let objects = 0;
  const { edgeStart, edgeTo, edgeKind } = graph;
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head];
    bytes += graph.shallow[v];
    objects++;
    for (let e = edgeStart[v], end = edgeStart[v + 1]; e < end; e++) {
      if (ctx.mask[edgeKind[e]] === 0 || edgeKind[e] === EdgeKind.Internal) continue;
      const w = edgeTo[e];
      if (reachable[w] || seen.has(w)) continue;
      seen.add(w);
      queue.push(w);
    }
  }
  if (bytes < ctx.minBytes) return [];

  const finQueue = staticTarget(graph, "java.lang.ref.Finalizer", "queue", input);
  const frames = finalizerFrames(graph, input);
  const subject = finQueue >= 0 ? finQueue : referents[0];
  const path = findingPath(graph, paths, dom, subject);
  const qlen = finQueue >= 0 ? graph.values(finQueue)?.field(finQueue, "queueLength")?.value : undefined;
  const n = referents.length;
  const top = [...byType.entries()].sort((a, b) => b[1] - a[1]);
  return [{
    detector: ID,
    severity: "medium",
    language: "java",
    title: `${n} object${n === 1 ? "" : "s"} wait${n === 1 ? "s" : ""} for finalize() (${top.map(([t, c]) => `${c} × ${t}`).slice(0, 3).join(", ")}), holding ${formatBytes(bytes)}`,
    explanation:
      `Objects whose class overrides finalize() are not freed when they become garbage: they first wait in a queue for the JVM's single ` +
      `finalizer thread to call finalize(). ${n} such object${n === 1 ? " is" : "s are"} queued and not yet finalized, keeping ${formatBytes(bytes)} ` +
      `(${objects} objects) alive` +
      (running ? `; the finalizer thread is busy finalizing a ${running}` + (frames.length ? ` (now in ${frames.find((f) => /\.finalize\(/.test(f)) ?? frames[0]})` : "") +
        `, so a slow or blocked finalize() may be holding up the whole queue.` : "."),
    subject: { id: graph.hexId(subject), type: graph.nodeName(subject), node: subject },
    count: n,
    retainedBytes: bytes,
    path,
    evidence: {
      enqueued: n,
      byType: Object.fromEntries(top),
      objectsHeld: objects,
      queueLength: typeof qlen === "number" || typeof qlen === "bigint" ? Number(qlen) : null,
      beingFinalized: running ?? null,
      finalizerThreadFrames: frames,
    },
    signature: signatureOf(ID, path, top.map(([t]) => t).sort()),
    advice:
      `Replace finalize() with java.lang.ref.Cleaner or try-with-resources, and make sure no finalize() blocks or runs long ` +
      `(it stalls every other finalizable object behind it).`,
  }];
}

/**
 * Stack frames (as recorded on the finalizer thread's frame roots, top first) of this input's
 * `java.lang.ref.Finalizer$FinalizerThread`: where the finalizer thread is, e.g. stuck in a finalize().
 */
function finalizerFrames(graph: HeapGraph, input: number): string[] {
  const mask = subtypeMask(graph, ["java.lang.ref.Finalizer$FinalizerThread"]);
  if (!mask) return [];
  const inp = graph.inputs[input];
  const thread = instancesOf(graph, mask).find((t) => t >= inp.firstNode && t < inp.endNode);
  if (thread === undefined) return [];
  const name = threadName(graph, thread);
  if (name === undefined) return [];
  const frames: string[] = [];
  for (let r = inp.firstRoot; r < inp.endRoot && frames.length < 8; r++) {
    if (graph.rootKind[r] !== RootKind.JavaFrame) continue;
    const label = graph.rootLabelText(r);
    if (!label.startsWith(`${name} @ `)) continue;
    const frame = label.slice(name.length + 3);
    if (!frames.includes(frame)) frames.push(frame);
  }
  return frames;
}
