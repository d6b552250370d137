/**
 * Whether a time-zone id is one Databricks schedules accept (Java ids; Intl knows the same IANA
 * database). Memoized: constructing a DateTimeFormat is slow, and a stack names few zones many
 * times (every schedule of every model).
 */
const known = new Map<string, boolean>();

export function isKnownTimeZone(zone: string): boolean {
  let answer = known.get(zone);
  if (answer === undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      answer = true;
    } catch {
      answer = false;
    }
    known.set(zone, answer);
  }
  return answer;
}
