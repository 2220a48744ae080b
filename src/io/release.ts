import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Below this, dropped arrays wait for the garbage collector as usual. */
const WORTH_BYTES = 64 * 1024 * 1024;

let collect: (() => void) | undefined | null;

/**
 * Returns the memory of typed arrays the caller has just dropped to the system now, with one full
 * garbage collection (tens of ms), when they are large: V8 frees an array's buffer only when the
 * collector runs, and between the big phases of an analysis hundreds of MB of dead scratch would
 * otherwise sit on top of the next phase's arrays and set the peak.
 */
export function releaseMemory(droppedBytes: number, sweep = false): void {
  if (droppedBytes < WORTH_BYTES) return;
  if (collect === undefined) {
    try {
      setFlagsFromString("--expose-gc");
      collect = runInNewContext("gc") as () => void;
    } catch {
      collect = null;
    }
  }
  collect?.();
  // `sweep`: one collection finds the buffers dead but frees them from a concurrent sweep that can
  // lag behind a busy main thread for seconds; a second one finishes it (measured: a 200 MB buffer
  // moved in from a worker still resident after one collection, gone after the second; ~15 ms).
  if (sweep) collect?.();
}
