import { terminalSafe as t } from "./escape.ts";
import { bytes, count, percent } from "./format.ts";
import type { Report } from "./model.ts";
import { closingSections, table } from "./text.ts";

const SEVERITIES = ["critical", "high", "medium", "low", "info"];

function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + "…" : s;
}

/** Terminal summary of a service audit: per-process overview, cross-language ranking, findings, skipped. */
export function renderAuditText(r: Report, opts: { retainers?: number; findings?: number } = {}): string {
  const out: string[] = [];
  const procs = r.processes ?? [];
  out.push(`Service ${t(r.service ?? "?")}: ${procs.length} process${procs.length === 1 ? "" : "es"} audited${r.skipped?.length ? `, ${r.skipped.length} entr${r.skipped.length === 1 ? "y" : "ies"} skipped` : ""}`);
  out.push("");
  const sev = (p: (typeof procs)[number]) => SEVERITIES.filter((s) => p.findings.bySeverity[s]).map((s) => `${p.findings.bySeverity[s]} ${s}`).join(", ") || "none";
  out.push(
    table(
      ["process", "runtime", "inputs", "objects", "heap", "reachable", "findings"],
      procs.map((p) => [t(clip(p.name, 30)), p.runtime, p.formats.join("+"), count(p.objects), bytes(p.shallowBytes), bytes(p.reachableBytes), sev(p)]),
    ),
  );
  out.push(`Total: ${count(r.summary.objects)} objects, ${bytes(r.summary.shallowBytes)}, reachable ${bytes(r.summary.reachableBytes)}`);
  out.push("");
  const nRet = opts.retainers ?? 5;
  for (const p of procs) {
    out.push(`${t(p.name)} (${p.runtime}): ${p.files.map((f) => t(f)).join(", ")}${p.baseFiles?.length ? ` (base ${p.baseFiles.map((f) => t(f)).join(", ")})` : ""}`);
    if (p.topRetainers.length) {
      out.push(
        table(
          ["  largest retainers", "id", "retained", "% process"],
          p.topRetainers.slice(0, nRet).map((d) => [`  ${t(clip(d.type, 60))}`, d.id, bytes(d.retainedBytes), percent(d.retainedBytes, p.reachableBytes)]),
        ),
      );
    }
    out.push("");
  }
  const cross = r.crossLanguage ?? [];
  if (cross.length) {
    out.push("Cross-language retention (JNI-only Java objects, Go map retention, Java weak-map pinning), by bytes:");
    out.push(table(["  finding", "process", "lang", "severity", "retained"], cross.map((c) => [`  ${t(clip(c.title, 80))}`, t(c.process ?? "?"), c.language, c.severity, bytes(c.retainedBytes)])));
    out.push("");
  }
  out.push(...closingSections(r, opts.findings ?? 20));
  return out.join("\n").trimEnd() + "\n";
}
