import { NodeKind } from "../../graph/kinds.ts";
import { STRONG } from "../edge-policy.ts";
import { chainSteps } from "../paths.ts";
import { NO_NODE } from "../types.ts";
import { boundedReach, fieldTarget, isCaptureField, isJdkTypeName, SearchBudget, findingPath, formatBytes, freedIfRemoved, instancesOf, labelId, shortType, subtypeMask, tagProcess } from "./java-support.ts";
import { JDK_MAP_MIN_BYTES } from "./java-weakhashmap-reaches-key.ts";
import { referentOf } from "./java-weakhashmap-scan.ts";
import { signatureOf, stablePattern, stableTypeName } from "./signature.ts";
import type { Detector, DetectorContext, Finding, PathStep } from "./types.ts";

const ID = "java.cleaner.action-reaches-referent";
const SEARCH_LIMIT = 50_000;
const SEARCH_TOTAL = 20_000_000;

/**
 * A Cleaner registration (`jdk.internal.ref.CleanerImpl$PhantomCleanableRef`) whose cleaning
 * `action` strongly reaches the registered object (`Reference.referent`): the object never becomes
 * phantom-reachable, so it is never cleaned and never freed (hprof-format.md §7.5). Grouped per
 * action class. retainedBytes = bytes freed if those actions were gone (freedIfRemoved on the
 * actions): the registered objects and what only they and the actions hold.
 */
export const cleanerActionReachesReferent: Detector = {
  id: ID,
  language: "java",
  description: "Cleaner actions that capture the object they are meant to clean, so it is never collected",
  run(ctx: DetectorContext): Finding[] {
    const { graph, dominators: dom, paths } = ctx;
    const refMask = subtypeMask(graph, ["jdk.internal.ref.CleanerImpl$PhantomCleanableRef"]);
    if (!refMask) return [];
    const actionL = labelId(graph, "action");
    const referentL = labelId(graph, "referent");
    // The Cleaner's own bookkeeping (the list of all registrations, other PhantomCleanables) links
    // every registration to every other: a path through it says nothing about this action.
    const bookkeeping = subtypeMask(graph, [
      "jdk.internal.ref.PhantomCleanable", "jdk.internal.ref.CleanerImpl", "jdk.internal.ref.CleanerImpl$CleanableList",
      "jdk.internal.ref.CleanerImpl$CleanableList$Node", "java.lang.ref.Cleaner", "jdk.internal.ref.PhantomCleanable[]",
    ]) ?? new Uint8Array(graph.types.names.length);
    const forbidden = (v: number) => graph.kind[v] === NodeKind.Class || bookkeeping[graph.type[v]] === 1;
    const budget = new SearchBudget(SEARCH_TOTAL, SEARCH_LIMIT);
    const groups = new Map<string, { actions: number[]; refs: number[]; chain: number[] }>();
    for (const ref of instancesOf(graph, refMask)) {
      if (dom.idom[ref] === NO_NODE) continue;
      const action = fieldTarget(graph, ref, actionL);
      const target = referentOf(graph, ref, referentL);
      if (action < 0 || target < 0) continue;
      const chain = boundedReach(graph, action, target, forbidden, budget);
      if (!chain) continue;
      const key = stableTypeName(graph.typeName(action));
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { actions: [], refs: [], chain: [ref, ...chain] }));
      g.actions.push(action);
      g.refs.push(ref);
      if (chain.length + 1 < g.chain.length) g.chain = [ref, ...chain];
    }
    const out: Finding[] = [];
    for (const g of groups.values()) {
      const freed = freedIfRemoved(graph, dom, ctx.mask, g.actions);
      const chain = chainSteps(graph, g.chain, dom, STRONG);
      // The JDK's own registrations (zip inflaters, NIO…) only count when they hold real memory.
      const jdk = isJdkTypeName(chain[1].type) && isJdkTypeName(chain[chain.length - 1].type);
      if (freed.bytes < Math.max(ctx.minBytes, jdk ? JDK_MAP_MIN_BYTES : 0)) continue;
      const path = findingPath(graph, paths, dom, g.refs[0]);
      out.push(finding(ctx, g.refs[0], g.refs.length, freed.bytes, path, chain));
    }
    return tagProcess(graph, out);
  },
};

function finding(ctx: DetectorContext, ref: number, count: number, bytes: number, path: PathStep[], chain: PathStep[]): Finding {
  const { graph } = ctx;
  const actionType = shortType(chain[1].type);
  const targetType = shortType(chain[chain.length - 1].type);
  const fields = chain.slice(1).map((s) => s.via);
  const chainText = chain.slice(1).map((s, j) => (j === 0 ? `action (${shortType(s.type)})` : `${s.via} → ${shortType(s.type)}`)).join(" → ");
  const capture = fields.slice(1).find(isCaptureField);
  return {
    detector: ID,
    severity: "high",
    language: "java",
    title: `${count} ${targetType} object${count === 1 ? "" : "s"} can never be cleaned: the Cleaner action ${actionType} keeps ${count === 1 ? "it" : "them"} alive`,
    explanation:
      `A Cleaner runs its action after the registered object has become unreachable. Here the action itself leads back to the object ` +
      `(${chainText}), and the Cleaner holds the action strongly, so the object never becomes unreachable: it is never cleaned and never ` +
      `freed. ${count} registration${count === 1 ? "" : "s"} like this keep ${formatBytes(bytes)} alive.`,
    subject: { id: graph.hexId(ref), type: graph.nodeName(ref), node: ref },
    count,
    retainedBytes: bytes,
    path,
    evidence: {
      actionType,
      referentType: targetType,
      chain: chainText,
      chainFields: fields,
      chainSteps: chain.map(({ node: _node, ...s }) => s),
    },
    signature: signatureOf(ID, path, chain.map(stablePattern)),
    advice: capture
      ? `The action captured the object as ${capture}. Use a static nested class (or a lambda in a static method) that captures only the state to release (e.g. the native handle), never the object itself.`
      : `Make the action hold only the state to release, never the registered object (or anything that reaches it).`,
  };
}
