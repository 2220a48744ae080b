import { goMapLowLiveRatio, goMapRetainedBuckets } from "./go-map-heapdump.ts";
import { goMapRetainedBucketsProfile } from "./go-map-profile.ts";
import { hybridJniGlobalRoots } from "./hybrid-jni-global.ts";
import { cleanerActionReachesReferent } from "./java-cleaner.ts";
import { classLoaderPinned } from "./java-classloader.ts";
import { finalizerBacklog } from "./java-finalizer.ts";
import { threadLocalStaleValue } from "./java-threadlocal.ts";
import { weakHashMapValuePinned } from "./java-weakhashmap-pinned.ts";
import { weakHashMapValueReachesKey } from "./java-weakhashmap-reaches-key.ts";
import { weakHashMapStaleEntries } from "./java-weakhashmap-stale.ts";
import { javaLeakSuspects } from "./suspects.ts";
import type { Detector } from "./types.ts";

/**
 * Every detector, registered explicitly (no discovery by file name). Order is the run order;
 * findings are sorted by severity and bytes afterwards.
 */
export const DETECTORS: Detector[] = [
  hybridJniGlobalRoots,
  goMapRetainedBuckets,
  goMapRetainedBucketsProfile,
  goMapLowLiveRatio,
  weakHashMapValueReachesKey,
  weakHashMapValuePinned,
  weakHashMapStaleEntries,
  threadLocalStaleValue,
  finalizerBacklog,
  cleanerActionReachesReferent,
  classLoaderPinned,
  javaLeakSuspects,
];

export function selectDetectors(only?: string[], skip?: string[]): Detector[] {
  const match = (id: string, pats: string[]) => pats.some((p) => id === p || (p.endsWith("*") && id.startsWith(p.slice(0, -1))) || id.startsWith(p + "."));
  return DETECTORS.filter((d) => (!only?.length || match(d.id, only)) && !(skip?.length && match(d.id, skip)));
}

export type { Detector, DetectorContext, Finding, PathStep, Severity } from "./types.ts";
