import { NodeKind } from "../../graph/kinds.ts";
import { STRONG } from "../edge-policy.ts";
import { chainSteps } from "../paths.ts";
import { boundedReach, describeHolder, isCaptureField, SearchBudget, findingPath, formatBytes, freedIfRemoved, hasFieldRefs, isJdkTypeName, shortType, tagProcess } from "./java-support.ts";
import { scanWeakMaps } from "./java-weakhashmap-scan.ts";
import { signatureOf, stablePattern } from "./signature.ts";
import type { Detector, DetectorContext, Finding, PathStep } from "./types.ts";

/** Nodes one value→key search may visit before giving up (the entry is then not reported), and all searches of a run together. */
const SEARCH_LIMIT = 50_000;
const SEARCH_TOTAL = 20_000_000;
/** Findings on maps held only through JDK classes must retain at least this much (they are rarely the user's problem). */
export const JDK_MAP_MIN_BYTES = 64 * 1024;
/** Findings on application maps below this are noise (a few tiny entries). */
export const APP_MAP_MIN_BYTES = 512;

const ID = "java.weakhashmap.value-reaches-key";

/**
 * A live WeakHashMap entry whose value strongly reaches its own key: the key can never become
 * weakly reachable, so the entry, key and value live as long as the map. Per map: a bounded BFS
 * from each live entry's value to its key over strong edges that never enters a Class object or the
 * map itself (a path through a static or through another entry is not the value's own doing).
 *
 * retainedBytes = bytes freed if those entries were removed from the map (freedIfRemoved with the
 * entries blocked and their bucket chain kept): entries, values, and keys held only through them.
 */
export const weakHashMapValueReachesKey: Detector = {
  id: ID,
  language: "java",
  description: "WeakHashMap entries whose value strongly reaches its own key, so they are never cleared",
  run(ctx: DetectorContext): Finding[] {
    const { graph, dominators: dom, paths } = ctx;
    const scan = scanWeakMaps(graph, dom);
    const out: Finding[] = [];
    const kind = graph.kind;
    const budget = new SearchBudget(SEARCH_TOTAL, SEARCH_LIMIT);
    for (let i = 0; i < scan.maps.length && !budget.exhausted; i++) {
      const map = scan.maps[i];
      const table = scan.table[i];
      const forbidden = (v: number) => v === map || v === table || kind[v] === NodeKind.Class;
      const bad: number[] = [];
      let chain: number[] | undefined;
      let chainEntry = -1;
      for (let k = scan.entryStart[i]; k < scan.entryStart[i + 1]; k++) {
        const key = scan.keys[k];
        const value = scan.values[k];
        if (key < 0 || value < 0) continue;
        // byte[], boxed values…: cannot reach anything; a Class value would only reach the key through a static.
        if (value !== key && (!hasFieldRefs(graph, value) || kind[value] === NodeKind.Class)) continue;
        const c = boundedReach(graph, value, key, forbidden, budget);
        if (!c) continue;
        bad.push(scan.entries[k]);
        if (!chain || c.length < chain.length) {
          chain = c;
          chainEntry = scan.entries[k];
        }
      }
      if (!chain) continue;
      const freed = freedIfRemoved(graph, dom, ctx.mask, bad, scan.nextLabel);
      const mapPath = findingPath(graph, paths, dom, map);
      const jdk = mapPath.every((s) => isJdkTypeName(s.type));
      if (freed.bytes < Math.max(ctx.minBytes, jdk ? JDK_MAP_MIN_BYTES : APP_MAP_MIN_BYTES)) continue;
      out.push(finding(ctx, map, mapPath, bad.length, freed.bytes, freed.estimated, chainSteps(graph, [chainEntry, ...chain], dom, STRONG)));
    }
    return tagProcess(graph, out);
  },
};

function finding(ctx: DetectorContext, map: number, mapPath: PathStep[], count: number, bytes: number, estimated: boolean, chain: PathStep[]): Finding {
  const { graph } = ctx;
  const holder = describeHolder(mapPath);
  const where = holder.staticField ? `static ${holder.staticField}` : mapPath.length ? `${mapPath[0].root ?? "a GC root"}` : "an unknown holder";
  // chain[0] is the entry; chain[1] the value (via "value"); the last step is the key.
  const fields = chain.slice(1).map((s) => s.via);
  const chainText = chain
    .slice(1)
    .map((s, j) => (j === 0 ? `value (${shortType(s.type)})` : `${s.via} → ${shortType(s.type)}`))
    .join(" → ");
  const mapType = shortType(graph.nodeName(map));
  const capture = chain.slice(2).find((s) => isCaptureField(s.via));
  const captureOwner = capture ? chain[chain.indexOf(capture) - 1] : undefined;
  let advice: string;
  if (capture && captureOwner && capture.via.startsWith("arg$")) {
    advice = `The lambda stored as value (${shortType(captureOwner.type)}) captured the key as ${capture.via}. Capture only what the callback needs (an id, not the key object), or look the key up through a WeakReference inside the lambda.`;
  } else if (capture && captureOwner && capture.via.startsWith("val$")) {
    advice = `The anonymous/local class stored as value (${shortType(captureOwner.type)}) captured the key as local variable "${capture.via.slice(4)}" (${capture.via}). Do not capture the key in the value; pass what the code needs, or hold the key through a WeakReference.`;
  } else if (capture && captureOwner) {
    advice = `The value is an inner-class instance (${shortType(captureOwner.type)}) whose enclosing instance (${capture.via}) is the key. Make it a static nested class that does not keep the key.`;
  } else {
    advice = `The value refers back to its key through ${fields.slice(1).join(" → ") || "itself"}. A WeakHashMap only drops an entry when nothing but the map reaches the key: break the back-reference or hold it through a WeakReference.`;
  }
  const valueStep = chain[1];
  return {
    detector: ID,
    severity: "high",
    language: "java",
    title: `${count} ${mapType} entr${count === 1 ? "y" : "ies"} can never be cleared: the value keeps its own key alive (${where})`,
    explanation:
      `A WeakHashMap is meant to forget an entry once nobody else uses its key. Here ${count} entr${count === 1 ? "y's value leads" : "ies' values lead"} back to ` +
      `${count === 1 ? "its own key" : "their own keys"} (${chainText}), and the map holds its values strongly, so the keys always look in use and the entries ` +
      `stay for as long as the map itself (held by ${where}). Removing these entries would free ${formatBytes(bytes)}.`,
    subject: { id: graph.hexId(map), type: graph.nodeName(map), node: map },
    count,
    retainedBytes: bytes,
    path: mapPath,
    evidence: {
      map: graph.hexId(map),
      holder: holder.staticField ?? null,
      entries: count,
      chain: chainText,
      chainFields: fields,
      chainSteps: chain.map(({ node: _node, ...s }) => s),
      valueType: valueStep ? shortType(valueStep.type) : null,
      keyType: shortType(chain[chain.length - 1].type),
      retainedEstimated: estimated,
    },
    signature: signatureOf(ID, mapPath, chain.map(stablePattern)),
    advice,
  };
}
