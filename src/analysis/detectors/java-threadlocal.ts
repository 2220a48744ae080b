import type { HeapGraph } from "../../graph/heap-graph.ts";
import { INDEX_LABEL, NodeKind } from "../../graph/kinds.ts";
import { NO_NODE } from "../types.ts";
import { fieldTarget, findingPath, formatBytes, freedIfRemoved, instancesOf, labelId, subtypeMask, tagProcess } from "./java-support.ts";
import { KEY_CLEARED, referentOf } from "./java-weakhashmap-scan.ts";
import { signatureOf } from "./signature.ts";
import type { Detector, DetectorContext, Finding } from "./types.ts";

const ID = "java.threadlocal.stale-value";

/** A thread's stale ThreadLocal values below this many bytes are noise (JDK internals leave a few tiny ones). */
export const THREADLOCAL_MIN_BYTES = 1024;

/**
 * Per thread: `ThreadLocal$ThreadLocalMap$Entry`s (in `threadLocals` and `inheritableThreadLocals`)
 * whose ThreadLocal (the weak referent) is gone but whose `value` is still set. The thread keeps
 * those values until the map happens to expunge that slot, which for a pool thread may be never.
 * retainedBytes = bytes freed if those entries were removed (freedIfRemoved; open addressing, no chain).
 */
export const threadLocalStaleValue: Detector = {
  id: ID,
  language: "java",
  description: "ThreadLocal values still held by a thread after their ThreadLocal was collected",
  run(ctx: DetectorContext): Finding[] {
    const { graph, dominators: dom, paths } = ctx;
    const threadMask = subtypeMask(graph, ["java.lang.Thread"]);
    if (!threadMask) return [];
    const mapLabels = ["threadLocals", "inheritableThreadLocals"].map((l) => labelId(graph, l));
    const tableL = labelId(graph, "table");
    const valueL = labelId(graph, "value");
    const referentL = labelId(graph, "referent");
    const out: Finding[] = [];
    for (const thread of instancesOf(graph, threadMask)) {
      if (dom.idom[thread] === NO_NODE) continue;
      const stale: number[] = [];
      const holders: string[] = [];
      const valueTypes = new Map<string, number>();
      for (let m = 0; m < mapLabels.length; m++) {
        const map = fieldTarget(graph, thread, mapLabels[m]);
        if (map < 0) continue;
        const table = fieldTarget(graph, map, tableL);
        if (table < 0 || graph.kind[table] !== NodeKind.ObjectArray) continue;
        let here = 0;
        for (let e = graph.edgeStart[table], end = graph.edgeStart[table + 1]; e < end; e++) {
          if ((graph.labelOf(e) & INDEX_LABEL) === 0) continue; // the array's <class> edge
          const entry = graph.edgeTo[e];
          const value = fieldTarget(graph, entry, valueL);
          if (value < 0 || referentOf(graph, entry, referentL) !== KEY_CLEARED) continue;
          stale.push(entry);
          here++;
          const vt = graph.nodeName(value);
          valueTypes.set(vt, (valueTypes.get(vt) ?? 0) + 1);
        }
        if (here) holders.push(["threadLocals", "inheritableThreadLocals"][m]);
      }
      if (!stale.length) continue;
      const freed = freedIfRemoved(graph, dom, ctx.mask, stale);
      if (freed.bytes < Math.max(ctx.minBytes, THREADLOCAL_MIN_BYTES)) continue;
      const name = threadName(graph, thread);
      const pool = isPoolThread(graph, thread, name);
      const path = findingPath(graph, paths, dom, thread);
      const n = stale.length;
      const who = `${pool ? "pool thread" : "thread"} "${name ?? "?"}"`;
      out.push({
        detector: ID,
        severity: "medium",
        language: "java",
        title: `${who} still holds ${formatBytes(freed.bytes)} in ${n} ThreadLocal value${n === 1 ? "" : "s"} whose ThreadLocal is gone`,
        explanation:
          `Each thread keeps its ThreadLocal values in its own map. The ThreadLocal object${n === 1 ? "" : "s"} behind ${n} of this thread's values ` +
          `${n === 1 ? "was" : "were"} already garbage-collected, so no code can read or remove ${n === 1 ? "that value" : "those values"} any more, yet the thread ` +
          `still holds ${formatBytes(freed.bytes)} until the map happens to clean that slot` +
          (pool ? ". A pool thread lives as long as its pool, so this may be never." : "."),
        subject: { id: graph.hexId(thread), type: graph.nodeName(thread), node: thread },
        count: n,
        retainedBytes: freed.bytes,
        path,
        evidence: {
          thread: name ?? null,
          pool,
          maps: holders,
          staleEntries: n,
          valueTypes: Object.fromEntries(valueTypes),
          retainedEstimated: freed.estimated,
        },
        signature: signatureOf(ID, path, [pool ? "pool" : "thread", ...holders]),
        advice:
          `Call ThreadLocal.remove() in a finally block after each use (especially in tasks run by a pool), and keep ThreadLocals in static ` +
          `final fields rather than creating one per object or per call.`,
      });
    }
    return tagProcess(graph, out);
  },
};

/** The thread's name (String contents), or undefined. */
export function threadName(graph: HeapGraph, thread: number): string | undefined {
  const reader = graph.values(thread);
  const f = reader?.field(thread, "name");
  if (!f || typeof f.value !== "number" || f.value < 0) return undefined;
  const s = reader!.display(f.value, 200);
  return s === undefined ? undefined : s.replace(/^"(.*)"$/s, "$1");
}

/** A thread run by an executor: its Runnable (17: target; 25: holder.task) is a pool worker, or it is a ForkJoinWorkerThread. */
export function isPoolThread(graph: HeapGraph, thread: number, name: string | undefined): boolean {
  const tn = graph.typeName(thread);
  if (/ForkJoinWorkerThread/.test(tn)) return true;
  let task = fieldTarget(graph, thread, labelId(graph, "target"));
  if (task < 0) {
    const holder = fieldTarget(graph, thread, labelId(graph, "holder"));
    if (holder >= 0) task = fieldTarget(graph, holder, labelId(graph, "task"));
  }
  if (task >= 0 && /(ThreadPoolExecutor\$Worker|ForkJoin)/.test(graph.typeName(task))) return true;
  return name !== undefined && /^pool-\d+-thread-\d+$/.test(name);
}
