import { parentPort, workerData } from "node:worker_threads";
import type { HeapGraph } from "../graph/heap-graph.ts";
import { cloneSafe } from "./transfer.ts";
import { InputError } from "../io/errors.ts";
import { loadOne, type InputSpec } from "../load.ts";
import type { LoadOptions } from "../formats/format.ts";

/**
 * Worker side of parallel loading: loads its inputs with loadOne and posts each graph's columns
 * back, transferring the typed arrays' buffers (no copy). ValueReaders cannot cross threads: the
 * main thread loads formats that need one (HPROF) itself.
 */
export interface WorkerJob {
  specs: InputSpec[];
  options: LoadOptions & { maxMemory?: number };
}

/** The transferable parts of a HeapGraph (HeapGraphParts without value readers). */
export type GraphMessage =
  | { ok: true; index: number; parts: ReturnType<typeof partsOf>; ms: number }
  | { ok: false; index: number; error: string; input: boolean; retry?: boolean };

export function partsOf(g: HeapGraph) {
  return {
    kind: g.kind, type: g.type, shallow: g.shallow, lang: g.lang, externalId: g.externalId, idScale: g.idScale, count: g.count,
    edgeStart: g.edgeStart, edgeTo: g.edgeTo, edgeKind: g.edgeKind, edgeLabel: g.edgeLabels.column(),
    rootNode: g.rootNode, rootKind: g.rootKind, rootLabel: g.rootLabel,
    types: g.types, labels: g.labels, inputs: g.inputs, warnings: g.warnings,
  };
}

function buffersOf(parts: ReturnType<typeof partsOf>): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>();
  const add = (a: ArrayBufferView | undefined) => {
    if (a && a.buffer instanceof ArrayBuffer) set.add(a.buffer);
  };
  for (const v of [parts.kind, parts.type, parts.shallow, parts.lang, parts.externalId, parts.count, parts.edgeStart, parts.edgeTo, parts.edgeKind, parts.edgeLabel.codes, parts.edgeLabel.escapedEdge, parts.edgeLabel.escapedLabel, parts.edgeLabel.stepEdge, parts.edgeLabel.stepHigh, parts.rootNode, parts.rootKind, parts.rootLabel, parts.types.lang, parts.types.superType, parts.types.classNode]) add(v);
  return [...set];
}

async function run(job: WorkerJob): Promise<void> {
  for (let index = 0; index < job.specs.length; index++) {
    const t0 = performance.now();
    try {
      const g = await loadOne(job.specs[index], job.options);
      const parts = partsOf(g);
      if (!g.inputs.every((i) => cloneSafe(i.meta))) {
        parentPort!.postMessage({ ok: false, index, error: "meta not transferable", input: false, retry: true } satisfies GraphMessage);
        continue;
      }
      const msg: GraphMessage = { ok: true, index, parts, ms: performance.now() - t0 };
      try {
        parentPort!.postMessage(msg, buffersOf(parts));
      } catch (e) {
        // Meta that cannot be cloned (e.g. a format's accessor function): the main thread loads it.
        parentPort!.postMessage({ ok: false, index, error: (e as Error).message, input: false, retry: true } satisfies GraphMessage);
      }
    } catch (e) {
      const msg: GraphMessage = { ok: false, index, error: e instanceof Error ? e.message : String(e), input: e instanceof InputError };
      parentPort!.postMessage(msg);
    }
  }
}

if (parentPort && workerData) await run(workerData as WorkerJob);
