import type { ParallelHelper } from "../../src/formats/format.ts";
import type { GraphThread } from "../../src/parallel/graph-thread.ts";

/** A ParallelHelper over `thread` that shares HPROF passes 1 and 2 however small the dump (minShare 1), recording the jobs it is given. */
export function splittingHelper(thread: GraphThread): { helper: ParallelHelper; jobs: string[] } {
  const jobs: string[] = [];
  const helper: ParallelHelper = {
    run: (kind, payload) => {
      jobs.push(kind);
      return thread.run(kind, payload);
    },
    minShare: 1,
  };
  return { helper, jobs };
}
