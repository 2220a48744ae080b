import { dominates } from "../dominators.ts";
import { STRONG } from "../edge-policy.ts";
import { retainedOfSet } from "../histogram.ts";
import { NO_NODE } from "../types.ts";
import { boundedChainSteps, SearchBudget, describeHolder, type EdgeChain, lightSteps, findingPath, formatBytes, isJdkTypeName, isSharedConstant, rootPathAvoiding, shortType, tagProcess } from "./java-support.ts";
import { APP_MAP_MIN_BYTES, JDK_MAP_MIN_BYTES } from "./java-weakhashmap-reaches-key.ts";
import { scanWeakMaps } from "./java-weakhashmap-scan.ts";
import { signatureOf, stablePattern } from "./signature.ts";
import type { Detector, DetectorContext, Finding, PathStep } from "./types.ts";

const ID = "java.weakhashmap.value-pinned";

/** A value retaining fewer bytes than this is trivially small: never reported as pinned. */
export const TRIVIAL_VALUE_BYTES = 256;
/** Retainers one pin search may visit, and all pin searches of a run together. */
const SEARCH_LIMIT = 20_000;
const SEARCH_TOTAL = 10_000_000;

/**
 * WeakHashMap values that stay strongly reachable from a GC root without the map: a static field,
 * or a closure held elsewhere (listener list, executor queue) whose captured field is the value.
 * Removing the entry, or its key dying, frees none of it.
 *
 * Per value (skipping shared constants and values retaining < TRIVIAL_VALUE_BYTES): a value the map
 * dominates is only held through the map (fast exit); otherwise a backward search looks for a root
 * path that avoids the map, its table, its entries and the entry's own key (a key that reaches its
 * value is the normal case, not a pin). retainedBytes = the pinned values' own retained sizes
 * (dominator tree): memory the map appears to hold but does not own.
 */
export const weakHashMapValuePinned: Detector = {
  id: ID,
  language: "java",
  description: "WeakHashMap values that stay strongly reachable from a GC root without the map (static field, closure)",
  run(ctx: DetectorContext): Finding[] {
    const { graph, dominators: dom, paths } = ctx;
    const scan = scanWeakMaps(graph, dom);
    const out: Finding[] = [];
    const budget = new SearchBudget(SEARCH_TOTAL, SEARCH_LIMIT);
    for (let i = 0; i < scan.maps.length && !budget.exhausted; i++) {
      const map = scan.maps[i];
      let base: Set<number> | undefined; // the map, its table and entries: built on the first candidate
      const mapParts = (): Set<number> => {
        if (base) return base;
        base = new Set<number>([map]);
        if (scan.table[i] >= 0) base.add(scan.table[i]);
        for (let k = scan.entryStart[i]; k < scan.entryStart[i + 1]; k++) base.add(scan.entries[k]);
        return base;
      };
      const pinned: { value: number; chain: EdgeChain }[] = [];
      for (let k = scan.entryStart[i]; k < scan.entryStart[i + 1]; k++) {
        const value = scan.values[k];
        if (value < 0 || dom.idom[value] === NO_NODE) continue;
        if (dom.retained[value] < TRIVIAL_VALUE_BYTES || isSharedConstant(graph, value)) continue;
        if (dominates(dom, map, value)) continue;
        const key = scan.keys[k];
        const parts = mapParts();
        const forbidden = { has: (v: number) => v === key || parts.has(v) };
        const chain = rootPathAvoiding(graph, paths, value, forbidden, STRONG, SEARCH_LIMIT, budget);
        if (!chain) continue;
        pinned.push({ value, chain });
      }
      if (!pinned.length) continue;
      // Values nested in another pinned value's subtree (or shared by two entries) are counted once.
      const bytes = retainedOfSet(graph, dom, pinned.map((p) => p.value)).bytes;
      const mapPath = findingPath(graph, paths, dom, map);
      const jdk = mapPath.every((s) => isJdkTypeName(s.type));
      if (bytes < Math.max(ctx.minBytes, jdk ? JDK_MAP_MIN_BYTES : APP_MAP_MIN_BYTES)) continue;
      // Group the pins by holder text (cheap steps: types and field names only); full report
      // steps (values, sizes) only for the shortest pin path, the one the finding shows.
      const pins = new Map<string, number>();
      let best = pinned[0];
      let bestText = "";
      for (const p of pinned) {
        const text = pinText(lightSteps(graph, paths, p.chain));
        pins.set(text, (pins.get(text) ?? 0) + 1);
        if (p === pinned[0] || p.chain.nodes.length < best.chain.nodes.length) {
          best = p;
          bestText = text;
        }
      }
      out.push(finding(ctx, map, mapPath, pinned.length, bytes, boundedChainSteps(graph, best.chain.nodes, dom), bestText, Object.fromEntries(pins)));
    }
    return tagProcess(graph, out);
  },
};

/** "static Foo.BAR", "closure Foo$$Lambda.arg$1 (held by static Foo.BUS)", or the root that holds it. */
function pinText(steps: PathStep[]): string {
  const h = describeHolder(steps);
  const holder = h.staticField ? `static ${h.staticField}` : rootHolder(steps[0]?.root);
  if (h.closure) return `closure ${shortType(h.closure.type)}.${h.closure.field} (held by ${holder})`;
  return holder;
}

/** "java-frame worker-1 @ Foo.run(Foo.java:12)" → `the stack of thread "worker-1"`; other roots as they are. */
function rootHolder(root: string | undefined): string {
  if (!root) return "a GC root";
  const frame = /^java-frame (.*?) @ /.exec(root);
  if (frame) return `the stack of thread "${frame[1]}"`;
  const thread = /^thread-object (.*)$/.exec(root);
  if (thread) return `thread "${thread[1]}"`;
  return root;
}

function finding(ctx: DetectorContext, map: number, mapPath: PathStep[], count: number, bytes: number, pinPath: PathStep[], pinnedBy: string, pins: Record<string, number>): Finding {
  const { graph } = ctx;
  const holder = describeHolder(mapPath);
  const where = holder.staticField ? `static ${holder.staticField}` : mapPath[0]?.root ?? "a GC root";
  const mapType = shortType(graph.nodeName(map));
  const closure = pinnedBy.startsWith("closure ");
  return {
    detector: ID,
    severity: "medium",
    language: "java",
    title: `${count} value${count === 1 ? "" : "s"} of ${mapType} (${where}) ${count === 1 ? "is" : "are"} kept alive elsewhere: ${pinnedBy}`,
    explanation:
      `A WeakHashMap holds its values strongly, but here ${count === 1 ? "a value is" : `${count} values are`} also reachable from a GC root by a path that ` +
      `does not go through the map (${pinnedBy}). Removing the entries, or their keys being collected, frees none of ${formatBytes(bytes)}: ` +
      `the map only looks like their owner.`,
    subject: { id: graph.hexId(map), type: graph.nodeName(map), node: map },
    count,
    retainedBytes: bytes,
    path: mapPath,
    evidence: {
      map: graph.hexId(map),
      holder: holder.staticField ?? null,
      pinnedValues: count,
      pinnedBy,
      pins,
      pinPath: pinPath.map(({ node: _node, ...s }) => s),
    },
    signature: signatureOf(ID, mapPath, pinPath.map(stablePattern)),
    advice: closure
      ? `Unregister the callback (${pinnedBy}) when the key goes away, or capture a WeakReference instead of the value; otherwise the value outlives its entry.`
      : `Drop the other reference (${pinnedBy}) when the key goes away — or keep the value only in the map — otherwise the value outlives its entry.`,
  };
}
