import type { HeapGraph } from "./heap-graph.ts";

/**
 * Per-sample data of a Go heap profile that the graph's node columns do not carry: every sample
 * type's value, the object size (pprof's numeric label "bytes"), and each node's file:line.
 * Written by the pprof loader into `InputInfo.meta.profile`; read by analysis (histograms,
 * diff, the map-retention detector) through `profileTable()`, so analysis never imports formats.
 * Node numbers here are local: add `InputInfo.firstNode` to get graph ordinals.
 */
export class ProfileTable {
  /** "pprof" (calling-context tree) or "goref" (reference paths). */
  readonly kind: "pprof" | "goref";
  readonly sampleTypes: { type: string; unit: string }[];
  /** The sample type used as node shallow size. */
  readonly valueIndex: number;
  /** The matching object-count type (node count), or -1. */
  readonly countIndex: number;
  readonly sampleCount: number;
  /** Local node that carries sample i's value (pprof: its leaf; goref: the path's last node). */
  readonly sampleNode: Uint32Array;
  /** sampleCount × sampleTypes.length values, sample-major. */
  readonly values: Float64Array;
  /** Object size per sample (label "bytes", or bytes/objects in legacy text); NaN when unknown. */
  readonly blockBytes: Float64Array;
  /** Per local node: source file (index into `files`, 0 = unknown) and line (0 = unknown). */
  readonly nodeFile: Uint32Array;
  readonly nodeLine: Int32Array;
  readonly files: string[];

  constructor(p: Omit<ProfileTable, "toJSON" | "value" | "typeIndex">) {
    this.kind = p.kind;
    this.sampleTypes = p.sampleTypes;
    this.valueIndex = p.valueIndex;
    this.countIndex = p.countIndex;
    this.sampleCount = p.sampleCount;
    this.sampleNode = p.sampleNode;
    this.values = p.values;
    this.blockBytes = p.blockBytes;
    this.nodeFile = p.nodeFile;
    this.nodeLine = p.nodeLine;
    this.files = p.files;
  }

  /** Value of sample `s` for sample type `t`. */
  value(s: number, t: number): number {
    return this.values[s * this.sampleTypes.length + t];
  }

  /** Index of a sample type by name ("inuse_space"), or -1. */
  typeIndex(name: string): number {
    return this.sampleTypes.findIndex((t) => t.type === name);
  }

  /** Keeps the typed arrays out of JSON reports. */
  toJSON(): unknown {
    return { kind: this.kind, sampleCount: this.sampleCount, sampleTypes: this.sampleTypes.map((t) => `${t.type}/${t.unit}`) };
  }
}

/** The profile table of input `inputIndex`, or undefined when that input is not a Go profile. */
export function profileTable(graph: HeapGraph, inputIndex: number): ProfileTable | undefined {
  const t = graph.inputs[inputIndex]?.meta.profile;
  return t instanceof ProfileTable ? t : undefined;
}
