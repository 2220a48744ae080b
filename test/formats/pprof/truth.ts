import { readFileSync } from "node:fs";

/** `go tool pprof -raw`: the sample types and the sum of each over all samples. */
export function rawTotals(path: string): { types: string[]; totals: number[]; samples: number } {
  const lines = readFileSync(path, "utf8").split("\n");
  const at = lines.indexOf("Samples:");
  if (at < 0) throw new Error(`${path}: no "Samples:" section`);
  const types = lines[at + 1].trim().split(/\s+/).map((t) => t.replace(/\[dflt\]$/, "").replace(/\/.*$/, ""));
  const totals = types.map(() => 0);
  let samples = 0;
  for (let i = at + 2; i < lines.length; i++) {
    const l = lines[i];
    if (/^(Locations|Mappings)/.test(l)) break;
    const m = /^\s*(-?\d+(?:\s+-?\d+)*):/.exec(l);
    if (!m) continue;
    const v = m[1].trim().split(/\s+/).map(Number);
    if (v.length !== types.length) continue;
    samples++;
    v.forEach((x, j) => (totals[j] += x));
  }
  return { types, totals, samples };
}

export interface TopRow {
  flat: number;
  cum: number;
}

/** `go tool pprof -top -unit=byte`: total and per-function flat/cum (" (inline)" rows merged by name). */
export function topTable(path: string): { total: number; rows: Map<string, TopRow> } {
  const text = readFileSync(path, "utf8");
  const tm = /of (-?\d+)(?:B|byte)? total/.exec(text) ?? /Total samples = (-?\d+)/.exec(text);
  const total = tm ? Number(tm[1]) : 0;
  const rows = new Map<string, TopRow>();
  const num = "(-?\\d+)(?:B|byte)?";
  const pct = "-?[\\d.]+(?:e[-+]?\\d+)?%";
  const re = new RegExp(`^\\s*${num}\\s+${pct}\\s+${pct}\\s+${num}\\s+${pct}\\s+(.*?)\\s*$`);
  for (const l of text.split("\n")) {
    const m = re.exec(l);
    if (!m) continue;
    const name = m[3].replace(/ \((?:partial-)?inline\)$/, "");
    const r = rows.get(name) ?? { flat: 0, cum: 0 };
    r.flat += Number(m[1]);
    r.cum += Number(m[2]);
    rows.set(name, r);
  }
  return { total, rows };
}
