import type { PolicyReport } from "./evaluate";

/** How the offline plan prints policy results, as text and as Markdown. */

export function policySummary(report: PolicyReport): string {
  return `${report.mandatory} mandatory, ${report.advisory} advisory violation(s) of ${report.rules.length} rules`;
}

export function policyTextLines(report: PolicyReport): string[] {
  const lines = [`Policies: ${policySummary(report)}`];
  for (const v of report.violations) {
    lines.push(`  ${v.enforcement.padEnd(9)}  ${v.rule}: ${v.message}`);
  }
  return lines;
}

export function policyMarkdownLines(report: PolicyReport): string[] {
  const escape = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const lines = [`**Policies:** ${policySummary(report)}`, ""];
  if (report.violations.length === 0) return lines;
  lines.push("| enforcement | rule | violation |", "| --- | --- | --- |");
  for (const v of report.violations) {
    const icon = v.enforcement === "mandatory" ? "❌ mandatory" : "⚠️ advisory";
    lines.push(`| ${icon} | \`${v.rule}\` | ${escape(v.message)} |`);
  }
  lines.push("");
  return lines;
}
