/** Messages between the fuzz pool (parent) and its worker processes (child.ts). */
export type CaseOutcome =
  | { kind: "ok"; objects: number; warnings: number }
  | { kind: "refused"; message: string; offset: number; file: string }
  | { kind: "limit"; message: string }
  | { kind: "error"; name: string; message: string; stack: string };

export type ChildRequest = { type: "run"; id: number; path: string };

export type ChildResponse =
  | { type: "ready"; mode: string }
  | { type: "done"; id: number; outcome: CaseOutcome; ms: number; rssBefore: number; peakRss: number; heapUsed: number; arrayBuffers: number; liveGrowth: number };
