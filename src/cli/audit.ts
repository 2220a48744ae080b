import type { Argv } from "yargs";
import { terminalSafe } from "../report/escape.ts";
import { findingFlags, findingOptions } from "./analyze.ts";
import { gateFindings } from "./gate.ts";
import { analyzeOptions, loadFlags, type LoadArgs } from "./options.ts";
import { err, json, out, writeFile } from "./output.ts";

type AuditArgs = LoadArgs & {
  target: string;
  o?: string;
  top: number;
  workers: "auto" | "on" | "off";
  only?: string[];
  skip?: string[];
  "min-bytes": number;
  "fail-on"?: string;
  baseline?: string;
  "write-baseline"?: string;
};

export const auditCommand = {
  command: "audit <target>",
  describe: "Audit a hybrid Go/Java service: all processes' dumps and profiles in one graph, one report",
  builder: (y: Argv) =>
    findingFlags(loadFlags(y))
      .positional("target", { type: "string", describe: "A manifest (JSON: service, processes[{name, runtime, inputs, base}]) or a directory to sniff" })
      .option("o", { alias: "output", type: "string", describe: "Write the HTML report (service overview + per-process sections) to this file" })
      .option("top", { type: "number", default: 25, describe: "Rows per list" })
      .option("workers", { choices: ["auto", "on", "off"] as const, default: "auto" as const, describe: "Load Go inputs in worker threads beside the HPROF loads" })
      .example("$0 audit service/manifest.json -o audit.html", "Audit the processes a manifest names")
      .example("$0 audit dumps/ --json", "Sniff every file in a folder (sub-folder = process)")
      .example("$0 audit manifest.json --fail-on high --baseline known.json", "CI gate: exit 1 on new high findings"),
  async handler(args: AuditArgs): Promise<number> {
    const { planAudit } = await import("../audit/manifest.ts");
    const { buildAuditReport, runAudit } = await import("../audit/audit.ts");
    const { renderAuditText } = await import("../report/audit-text.ts");
    const plan = planAudit(args.target);
    for (const s of plan.skipped) err(`heaplens: skipping ${terminalSafe(s.entry)}: ${terminalSafe(s.reason)}`);
    const result = await runAudit(plan, {
      ...analyzeOptions(args),
      ...findingOptions(args),
      parallel: args.workers === "auto" ? "auto" : args.workers === "on",
    });
    for (const s of result.skipped.slice(plan.skipped.length)) err(`heaplens: skipping ${terminalSafe(s.entry)}: ${terminalSafe(s.reason)}`);
    const gate = gateFindings(result, args, writeFile);
    const suppressed = gate.suppressed ? `${gate.suppressed} finding(s) suppressed by baseline ${args.baseline}` : undefined;
    if (args.o) {
      const { renderHtml } = await import("../report/html/render.ts");
      const full = buildAuditReport(result, { top: Math.max(args.top, 200), tree: true, flame: true });
      if (suppressed) full.warnings.push(suppressed);
      writeFile(args.o, renderHtml(full, { title: `heaplens audit: ${plan.service}` }));
      if (!args.json) err(`wrote ${args.o}`);
    }
    const report = buildAuditReport(result, { top: args.top });
    if (suppressed) report.warnings.push(suppressed);
    await out(args.json ? json(report) : renderAuditText(report));
    return gate.code;
  },
};
