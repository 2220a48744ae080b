import type { HeapGraph } from "../../graph/heap-graph.ts";
import type { EdgeMask } from "../edge-policy.ts";
import type { DominatorResult, PathIndex } from "../types.ts";

export type Severity = "info" | "low" | "medium" | "high" | "critical";
export const SEVERITY_ORDER: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

/** One hop of a GC-root path: root first, subject last. */
export interface PathStep {
  /** `0x…` external id (address). */
  id: string;
  type: string;
  /** Field name, `[i]`, or map key text that leads from the previous step to this one ("" on the first). */
  via: string;
  /** On the first step: root kind and label, e.g. "sticky-class", "java-frame main@Main.run:42". */
  root?: string;
  shallowBytes?: number;
  retainedBytes?: number;
  /** Short value (string contents, boxed number) shown like MAT does. */
  value?: string;
  /** Internal ordinal; not part of the JSON schema. */
  node?: number;
}

export interface Finding {
  detector: string;
  severity: Severity;
  language: "java" | "go";
  title: string;
  /** Plain-language explanation for someone who has never heard of dominators. */
  explanation: string;
  subject: { id: string; type: string; node?: number };
  count: number;
  retainedBytes: number;
  path: PathStep[];
  evidence: Record<string, unknown>;
  /** Stable hash of the path pattern (types and field names, not addresses): baselines suppress by it. */
  signature: string;
  advice: string;
  /** Input file/process the finding belongs to (hybrid audits). */
  process?: string;
}

export interface DetectorContext {
  graph: HeapGraph;
  dominators: DominatorResult;
  paths: PathIndex;
  mask: EdgeMask;
  /** Findings below this many retained bytes are dropped by the runner (detectors may use it to prune). */
  minBytes: number;
  /** Optional base graph (`--base`) for detectors that compare two snapshots. */
  base?: HeapGraph;
  /** Results of graph traversals computed ahead (on the graph thread), per input index. */
  precomputed?: {
    /** hybrid.jni-global-roots: nodes reachable from roots other than JNI globals (1), over the whole graph. */
    nonJniReach?: (Uint8Array | undefined)[];
  };
}

export interface Detector {
  readonly id: string;
  readonly language: "java" | "go" | "hybrid";
  readonly description: string;
  run(ctx: DetectorContext): Finding[];
}
