/** Progress on long work. The CLI shows it on stderr when that is a TTY (or with --progress). */
export interface Progress {
  /** Starts a named phase; `total` (bytes, objects…) enables a percentage. */
  phase(name: string, total?: number): void;
  /** Work done so far in the current phase (cheap to call often; output is throttled). */
  tick(done: number): void;
  /** Ends the current phase. */
  end(): void;
}

export const silentProgress: Progress = { phase() {}, tick() {}, end() {} };

/** Writes `phase… 42%` lines to a stream, at most ~10 times a second, and phase timings at the end. */
export function streamProgress(write: (s: string) => void, isTTY: boolean): Progress {
  let name = "";
  let total = 0;
  let started = 0;
  let last = 0;
  const t0 = performance.now();
  return {
    phase(n, t = 0) {
      name = n;
      total = t;
      started = performance.now();
      last = 0;
      if (!isTTY) write(`${n}…\n`);
    },
    tick(done) {
      if (!isTTY) return;
      const now = performance.now();
      if (now - last < 100) return;
      last = now;
      const pct = total > 0 ? ` ${Math.min(100, Math.floor((done / total) * 100))}%` : "";
      write(`\r\x1b[K${name}…${pct}`);
    },
    end() {
      const ms = Math.round(performance.now() - started);
      const sum = Math.round(performance.now() - t0);
      write(isTTY ? `\r\x1b[K${name}: ${ms} ms (${sum} ms total)\n` : `${name}: ${ms} ms\n`);
    },
  };
}
