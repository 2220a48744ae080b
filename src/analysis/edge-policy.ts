import { EdgeKind } from "../graph/kinds.ts";

/**
 * The single "strong edge" predicate shared by dominators, paths and detectors: a mask indexed
 * by EdgeKind (1 = traversed). A mismatch between dominators and paths gives wrong trees.
 */
export type EdgeMask = Uint8Array;

export function edgeMask(options: { followWeak?: boolean } = {}): EdgeMask {
  const m = new Uint8Array(8);
  m[EdgeKind.Strong] = 1;
  m[EdgeKind.Internal] = 1;
  if (options.followWeak) {
    m[EdgeKind.Weak] = 1;
    m[EdgeKind.Soft] = 1;
    m[EdgeKind.Phantom] = 1;
    m[EdgeKind.Final] = 1;
  }
  return m;
}

export const STRONG: EdgeMask = edgeMask();
