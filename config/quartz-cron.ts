/**
 * Validation of Quartz cron expressions, the syntax Databricks uses for monitor schedules
 * (`quartz_cron_expression`), alert schedules (`quartz_cron_schedule`) and job triggers.
 * Fields: seconds minutes hours day-of-month month day-of-week [year].
 * Returns the problems found; an empty list means the expression is valid.
 */

interface FieldRule {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** Extra tokens allowed on this field besides numbers, ranges, lists and steps. */
  special: RegExp;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

const FIELDS: readonly FieldRule[] = [
  { name: "seconds", min: 0, max: 59, special: /^$/ },
  { name: "minutes", min: 0, max: 59, special: /^$/ },
  { name: "hours", min: 0, max: 23, special: /^$/ },
  // L = last day, LW = last weekday, 15W = nearest weekday to the 15th, L-3 = third-to-last day
  { name: "day-of-month", min: 1, max: 31, special: /^(\?|L|LW|L-\d{1,2}|\d{1,2}W)$/ },
  { name: "month", min: 1, max: 12, names: MONTHS, special: /^$/ },
  // 6L = last Friday, 6#3 = third Friday
  { name: "day-of-week", min: 1, max: 7, names: DAYS, special: /^(\?|L|[1-7]L|[1-7]#[1-5])$/ },
  { name: "year", min: 1970, max: 2199, special: /^$/ },
];

function parseValue(token: string, rule: FieldRule): number | undefined {
  if (/^\d+$/.test(token)) return Number(token);
  const index = rule.names?.indexOf(token.toUpperCase()) ?? -1;
  return index >= 0 ? index + rule.min : undefined;
}

function checkPart(part: string, rule: FieldRule): string | undefined {
  if (rule.special.test(part)) return undefined;
  const [range, step, ...extra] = part.split("/");
  if (extra.length > 0 || range === undefined || range === "") return `"${part}" is malformed`;
  if (step !== undefined && (!/^\d+$/.test(step) || Number(step) === 0)) {
    return `step "${step}" must be a positive whole number`;
  }
  if (range === "*") return undefined;
  const bounds = range.split("-");
  if (bounds.length > 2) return `"${part}" is malformed`;
  for (const bound of bounds) {
    const value = parseValue(bound, rule);
    if (value === undefined || value < rule.min || value > rule.max) {
      const namesHint = rule.names
        ? ` or ${rule.names[0]}-${rule.names[rule.names.length - 1]}`
        : "";
      return `"${bound}" is outside ${rule.min}-${rule.max}${namesHint}`;
    }
  }
  return undefined;
}

export function quartzCronProblems(expression: string): string[] {
  const fields = expression.trim().split(/\s+/);
  if (fields.length < 6 || fields.length > 7) {
    return [
      `expected 6 or 7 fields (seconds minutes hours day-of-month month day-of-week [year]), got ${fields.length}`,
    ];
  }
  const problems: string[] = [];
  fields.forEach((field, position) => {
    const rule = FIELDS[position];
    if (rule === undefined) return;
    if (field === "?" && rule.name !== "day-of-month" && rule.name !== "day-of-week") {
      problems.push(`${rule.name}: "?" is only allowed in day-of-month or day-of-week`);
      return;
    }
    for (const part of field.split(",")) {
      const problem = checkPart(part, rule);
      if (problem) problems.push(`${rule.name}: ${problem}`);
    }
  });
  const dayOfMonth = fields[3];
  const dayOfWeek = fields[5];
  if ((dayOfMonth === "?") === (dayOfWeek === "?")) {
    problems.push(`exactly one of day-of-month and day-of-week must be "?"`);
  }
  return problems;
}
