import { SEVERITY_ORDER, type Finding, type Severity } from "./detectors/types.ts";

/** Most important first: severity, then retained bytes, then count. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity] ||
      b.retainedBytes - a.retainedBytes ||
      b.count - a.count ||
      a.signature.localeCompare(b.signature),
  );
}

export function atLeast(f: Finding, severity: Severity): boolean {
  return SEVERITY_ORDER[f.severity] >= SEVERITY_ORDER[severity];
}

export function isSeverity(s: string): s is Severity {
  return s in SEVERITY_ORDER;
}
