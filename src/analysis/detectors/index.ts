import { goMapLowLiveRatio, goMapRetainedBuckets } from "./go-map-heapdump.ts";
import { hybridJniGlobalRoots } from "./hybrid-jni-global.ts";
import type { Detector } from "./types.ts";

/**
 * Every detector, registered explicitly (no discovery by file name). Order is the run order;
 * findings are sorted by severity and bytes afterwards.
 */
export const DETECTORS: Detector[] = [
  hybridJniGlobalRoots,
  goMapRetainedBuckets,
  goMapLowLiveRatio,
];

export function selectDetectors(only?: string[], skip?: string[]): Detector[] {
  const match = (id: string, pats: string[]) => pats.some((p) => id === p || (p.endsWith("*") && id.startsWith(p.slice(0, -1))) || id.startsWith(p + "."));
  return DETECTORS.filter((d) => (!only?.length || match(d.id, only)) && !(skip?.length && match(d.id, skip)));
}

export type { Detector, DetectorContext, Finding, PathStep, Severity } from "./types.ts";
