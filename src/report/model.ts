import type { Finding } from "../analysis/detectors/types.ts";

/**
 * The plain-data report every renderer (JSON, terminal text, HTML) works from. The JSON output is
 * this object as-is (schemaVersion 1); fields marked optional may be absent.
 */
export const SCHEMA_VERSION = 1;

export interface ReportInput {
  file: string;
  /** "hprof" | "pprof" | "pprof-text" | "goref" | "godump" */
  format: string;
  language: "java" | "go";
  process: string;
  objects: number;
  shallowBytes: number;
  roots: number;
  unreachableObjects: number;
  unreachableBytes: number;
  /** Format facts: HPROF version/id size, pprof sample types and period, Go runtime.MemStats … */
  meta: Record<string, unknown>;
}

export interface Summary {
  objects: number;
  shallowBytes: number;
  roots: number;
  /** Bytes reachable from the roots (the super-root's retained size). */
  reachableBytes: number;
  unreachableObjects: number;
  unreachableBytes: number;
  edges: number;
}

export interface HistogramEntry {
  type: string;
  count: number;
  shallowBytes: number;
  /** Retained size of the set of all instances: exact when retainedPrecise, else a lower bound from the dominator tree. */
  retainedBytes: number;
  retainedPrecise?: boolean;
  language?: "java" | "go";
}

export interface DominatorEntry {
  id: string;
  type: string;
  shallowBytes: number;
  retainedBytes: number;
  /** Objects in the dominated subtree. */
  retainedCount?: number;
  process?: string;
}

/** A dominator-tree node for the HTML explorer (only what is embedded; `more` counts omitted children). */
export interface TreeNode {
  id: string;
  type: string;
  shallowBytes: number;
  retainedBytes: number;
  children: TreeNode[];
  more?: number;
  /** Field / index / map key by which the dominator references this node, when it does directly. */
  via?: string;
  /** On nodes that are GC roots: root kind and label (as PathStep.root). */
  root?: string;
}

/** Go calling-context tree for flame graphs: [name, value, children]. */
export interface FlameNode {
  name: string;
  value: number;
  children: FlameNode[];
  /** Highlighted (e.g. a map-retention site). */
  mark?: string;
}

export interface DiffEntry {
  key: string;
  kind: "site" | "function" | "class";
  base: number;
  current: number;
  delta: number;
  baseCount?: number;
  currentCount?: number;
}

/** One process of an audited service (hybrid audits): its own summary, retainers and findings. */
export interface ProcessSummary {
  name: string;
  runtime: "java" | "go";
  /** Input files (and base files) as given. */
  files: string[];
  baseFiles?: string[];
  /** Formats of its inputs ("hprof", "pprof", …). */
  formats: string[];
  objects: number;
  shallowBytes: number;
  /** Bytes reachable from this process's GC roots. */
  reachableBytes: number;
  unreachableObjects: number;
  unreachableBytes: number;
  roots: number;
  /** Largest retainers of this process (top of its dominator tree). */
  topRetainers: DominatorEntry[];
  /** Largest types / allocation sites of this process by retained size. */
  topTypes: HistogramEntry[];
  findings: { total: number; bySeverity: Record<string, number>; byDetector: Record<string, number> };
  /** Indices into Report.findings of this process's findings. */
  findingIndexes: number[];
}

/** Cross-language retention (hybrid audits): JNI-only Java objects, Go map retention, Java weak-map pinning, ranked by bytes. */
export interface CrossLanguageEntry {
  /** Index into Report.findings. */
  finding: number;
  detector: string;
  process?: string;
  language: "java" | "go";
  severity: string;
  title: string;
  retainedBytes: number;
  count: number;
  signature: string;
}

export interface Report {
  schemaVersion: number;
  tool: { name: string; version: string };
  generatedAt?: string;
  /** Service name for audits. */
  service?: string;
  inputs: ReportInput[];
  summary: Summary;
  histogram: HistogramEntry[];
  dominators: DominatorEntry[];
  findings: Finding[];
  warnings: string[];
  /** Optional richer sections for HTML: dominator tree (top levels + finding paths), flame graphs, diff. */
  tree?: TreeNode;
  flame?: { process: string; sampleType: string; root: FlameNode }[];
  diff?: DiffEntry[];
  /** Inputs that could not be loaded in an audit, with the reason. */
  skipped?: { entry: string; reason: string }[];
  /** Audits: one summary per process (service overview) and the cross-language ranking. */
  processes?: ProcessSummary[];
  crossLanguage?: CrossLanguageEntry[];
}
