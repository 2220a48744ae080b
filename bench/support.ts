// Timing and memory figures shared by the benchmarks (each bench prints wall, CPU and peak RSS per phase).
import type { Progress } from "../src/io/progress.ts";

/** Peak resident set size of this process so far. */
export const peakRss = () => `${Math.round(process.resourceUsage().maxRSS / 1024)} MB peak RSS`;

/** CPU time of this process in ms: on a shared, overloaded machine wall time can be many times larger. */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** One result line: name, wall and CPU time, peak RSS so far. */
export function line(name: string, wall: number, cpu: number, width = 28): string {
  return `${name.padEnd(width)} ${wall.toFixed(0).padStart(6)} ms wall ${cpu.toFixed(0).padStart(6)} ms cpu   ${peakRss()}`;
}

/** A Progress that prints each phase of a computation as its own (indented) line. */
export function phasePrinter(width = 28): Progress {
  let name = "";
  let t0 = 0;
  let c0 = 0;
  return {
    phase(n) {
      name = n;
      t0 = performance.now();
      c0 = cpuMs();
    },
    tick() {},
    end() {
      console.log(line(`  ${name}`, performance.now() - t0, cpuMs() - c0, width));
    },
  };
}
