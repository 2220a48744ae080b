import type { Finding, PathStep } from "../analysis/detectors/types.ts";
import { terminalSafe as t } from "./escape.ts";
import { bytes, count, percent } from "./format.ts";
import type { Report } from "./model.ts";

/** Aligned columns; `align` has one letter per column (l/r), by default the first is text (l) and the rest numbers (r). */
export function table(header: string[], rows: string[][], align = "l"): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => ((align[i] ?? "r") === "l" ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + "…" : s;
}

/** A GC-root path drawn as a chain: root → … → subject, field names on each hop. */
export function pathText(path: PathStep[], indent = "    "): string {
  const lines: string[] = [];
  path.forEach((s, i) => {
    const size = s.retainedBytes !== undefined ? `  (${bytes(s.retainedBytes)} retained)` : "";
    const value = s.value && s.type !== s.value && s.type !== `class ${s.value}` ? ` = ${t(clip(s.value, 60))}` : "";
    if (i === 0) lines.push(`${indent}[${t(s.root ?? "root")}] ${t(s.type)} ${s.id}${value}${size}`);
    else lines.push(`${indent}${"  ".repeat(Math.min(i, 12))}└─ ${t(s.via || "?")} → ${t(s.type)} ${s.id}${value}${size}`);
  });
  return lines.join("\n");
}

export function findingText(f: Finding, i: number): string {
  const out = [
    `${i + 1}. [${f.severity.toUpperCase()}] ${t(f.title)}`,
    `   ${f.detector} · ${count(f.count)} × · ${bytes(f.retainedBytes)} retained${f.process ? ` · ${t(f.process)}` : ""}`,
    `   ${t(f.explanation)}`,
  ];
  if (f.path.length) out.push("   Path from a GC root:", pathText(f.path, "     "));
  if (f.advice) out.push(`   Advice: ${t(f.advice)}`);
  return out.join("\n");
}

export function renderText(r: Report, opts: { histogram?: boolean; dominators?: boolean } = {}): string {
  const out: string[] = [];
  const s = r.summary;
  for (const i of r.inputs) {
    out.push(`${t(i.file)}  (${i.format}, ${i.language}${i.process !== i.file ? `, process ${t(i.process)}` : ""})`);
    out.push(`  ${count(i.objects)} objects, ${bytes(i.shallowBytes)}, ${count(i.roots)} roots, unreachable ${count(i.unreachableObjects)} objects / ${bytes(i.unreachableBytes)}`);
    const ms = i.meta.memstats as Record<string, number> | undefined;
    if (ms) out.push(`  runtime.MemStats: HeapAlloc ${bytes(ms.HeapAlloc)}, HeapInuse ${bytes(ms.HeapInuse)}, HeapObjects ${count(ms.HeapObjects)}, Sys ${bytes(ms.Sys)}, NumGC ${ms.NumGC}`);
  }
  if (r.inputs.length > 1) out.push(`Total: ${count(s.objects)} objects, ${bytes(s.shallowBytes)}, reachable ${bytes(s.reachableBytes)}`);
  out.push("");
  if (opts.histogram !== false && r.histogram.length) {
    out.push("Top types by retained size:");
    out.push(table(["type", "count", "shallow", "retained", "% heap"], r.histogram.map((h) => [t(clip(h.type, 70)), count(h.count), bytes(h.shallowBytes), bytes(h.retainedBytes), percent(h.retainedBytes, s.reachableBytes)])));
    out.push("");
  }
  if (opts.dominators !== false && r.dominators.length) {
    out.push("Largest retainers (dominator tree, top level):");
    out.push(table(["object", "id", "shallow", "retained", "% heap"], r.dominators.map((d) => [t(clip(d.type, 60)), d.id, bytes(d.shallowBytes), bytes(d.retainedBytes), percent(d.retainedBytes, s.reachableBytes)])));
    out.push("");
  }
  out.push(...closingSections(r));
  return out.join("\n").trimEnd() + "\n";
}

/** Findings (most important first, capped), skipped inputs and warnings: the end of every text report. */
export function closingSections(r: Report, maxFindings = Infinity): string[] {
  const out: string[] = [];
  if (r.findings.length) {
    out.push(`Findings (${r.findings.length}), most important first:`);
    r.findings.slice(0, maxFindings).forEach((f, i) => out.push(findingText(f, i), ""));
    if (r.findings.length > maxFindings) out.push(`… ${r.findings.length - maxFindings} more (see --json or the HTML report)`, "");
  } else out.push("No findings.", "");
  if (r.skipped?.length) {
    out.push("Skipped (not analysed):");
    for (const k of r.skipped) out.push(`  ${t(k.entry)}: ${t(k.reason)}`);
    out.push("");
  }
  if (r.warnings.length) {
    out.push(`Warnings (${r.warnings.length}):`);
    for (const w of r.warnings.slice(0, 20)) out.push(`  ${t(w)}`);
    if (r.warnings.length > 20) out.push(`  … ${r.warnings.length - 20} more (see --json)`);
  }
  return out;
}
