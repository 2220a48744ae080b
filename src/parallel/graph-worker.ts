import { parentPort } from "node:worker_threads";
import { computePaths } from "../analysis/paths.ts";

/** The graph columns a traversal reads, on SharedArrayBuffers (shared with the main thread, not copied). */
export interface SharedGraphParts {
  nodeCount: number;
  edgeStart: Uint32Array;
  edgeTo: Uint32Array;
  edgeKind: Uint8Array;
  rootNode: Uint32Array;
  rootKind: Uint8Array;
}

export interface ThreadJob {
  id: number;
  kind: "paths";
  graph: SharedGraphParts;
  mask: Uint8Array;
}

export interface ThreadReply {
  id: number;
  parent: Uint32Array;
  error?: string;
}

/** Worker side of GraphThread: runs each job and transfers the result's buffer back (no copy). */
parentPort?.on("message", (job: ThreadJob) => {
  try {
    const { parent } = computePaths(job.graph, job.mask);
    const reply: ThreadReply = { id: job.id, parent };
    parentPort!.postMessage(reply, [parent.buffer as ArrayBuffer]);
  } catch (e) {
    const reply: ThreadReply = { id: job.id, parent: new Uint32Array(0), error: e instanceof Error ? e.message : String(e) };
    parentPort!.postMessage(reply);
  }
});
