import { describeHolder, fieldTarget, findingPath, formatBytes, freedIfRemoved, isJdkTypeName, labelId, shortType, staticTarget, tagProcess } from "./java-support.ts";
import { APP_MAP_MIN_BYTES, JDK_MAP_MIN_BYTES } from "./java-weakhashmap-reaches-key.ts";
import { KEY_CLEARED, scanWeakMaps } from "./java-weakhashmap-scan.ts";
import { signatureOf } from "./signature.ts";
import type { Detector, DetectorContext, Finding } from "./types.ts";

const ID = "java.weakhashmap.stale-entries";

/**
 * Entries still linked in a WeakHashMap's `table` whose key was already collected
 * (`Reference.referent` null). Their values stay strongly held until the next get/put/size/iteration
 * of that map runs expungeStaleEntries(). Per map: stale count vs `size`, bytes pending (freed by the
 * next expunge: freedIfRemoved with the stale entries blocked and their bucket chain kept), and
 * whether the reference handler already enqueued them (`queue` = ReferenceQueue.ENQUEUED) or they are
 * still pending (`queue` = the map's own queue).
 */
export const weakHashMapStaleEntries: Detector = {
  id: ID,
  language: "java",
  description: "WeakHashMap entries whose key was collected but whose value is still held until the map is touched",
  run(ctx: DetectorContext): Finding[] {
    const { graph, dominators: dom, paths } = ctx;
    const scan = scanWeakMaps(graph, dom);
    const out: Finding[] = [];
    const queueL = labelId(graph, "queue");
    const markers = graph.inputs.map((_, k) => staticTarget(graph, "java.lang.ref.ReferenceQueue", "ENQUEUED", k));
    for (let i = 0; i < scan.maps.length; i++) {
      const map = scan.maps[i];
      const enqueuedMarker = markers[graph.inputIndexOf(map)] ?? -1;
      const stale: number[] = [];
      let enqueued = 0;
      let pending = 0;
      for (let k = scan.entryStart[i]; k < scan.entryStart[i + 1]; k++) {
        if (scan.keys[k] !== KEY_CLEARED) continue;
        const entry = scan.entries[k];
        stale.push(entry);
        const q = fieldTarget(graph, entry, queueL);
        if (q >= 0 && q === enqueuedMarker) enqueued++;
        else if (q >= 0 && q === scan.queue[i]) pending++;
      }
      if (!stale.length) continue;
      const freed = freedIfRemoved(graph, dom, ctx.mask, stale, scan.nextLabel);
      const mapPath = findingPath(graph, paths, dom, map);
      const jdk = mapPath.every((s) => isJdkTypeName(s.type));
      if (freed.bytes < Math.max(ctx.minBytes, jdk ? JDK_MAP_MIN_BYTES : APP_MAP_MIN_BYTES)) continue;
      const reader = graph.values(map);
      const sizeField = reader?.field(map, "size")?.value;
      const size = typeof sizeField === "number" ? sizeField : undefined;
      const q = scan.queue[i];
      const qlen = q >= 0 ? graph.values(q)?.field(q, "queueLength")?.value : undefined;
      const holder = describeHolder(mapPath);
      const where = holder.staticField ? `static ${holder.staticField}` : mapPath[0]?.root ?? "a GC root";
      const mapType = shortType(graph.nodeName(map));
      const n = stale.length;
      out.push({
        detector: ID,
        severity: "medium",
        language: "java",
        title: `${n} stale entr${n === 1 ? "y" : "ies"} in ${mapType} (${where}) still hold ${formatBytes(freed.bytes)}`,
        explanation:
          `The keys of ${n} entr${n === 1 ? "y" : "ies"} in this WeakHashMap were already garbage-collected, but the entries and their values are still ` +
          `linked in the map: a WeakHashMap only drops them the next time the map itself is used (get, put, size, iteration). ` +
          `A map that is filled once and then left alone keeps these values for ever. ${formatBytes(freed.bytes)} are waiting to be released` +
          (size !== undefined ? ` (the map still counts size = ${size}, of which ${n} stale).` : "."),
        subject: { id: graph.hexId(map), type: graph.nodeName(map), node: map },
        count: n,
        retainedBytes: freed.bytes,
        path: mapPath,
        evidence: {
          map: graph.hexId(map),
          holder: holder.staticField ?? null,
          stale: n,
          size: size ?? null,
          live: scan.entryStart[i + 1] - scan.entryStart[i] - n,
          enqueued,
          pending,
          queueLength: typeof qlen === "number" || typeof qlen === "bigint" ? Number(qlen) : null,
          retainedEstimated: freed.estimated,
        },
        signature: signatureOf(ID, mapPath),
        advice:
          `Touch the map periodically (e.g. call size() from a maintenance task) or, better, do not keep large values in a long-lived, rarely used ` +
          `WeakHashMap; if the map is no longer needed, drop the reference to it (${where}).`,
      });
    }
    return tagProcess(graph, out);
  },
};
