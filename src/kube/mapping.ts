/** Whether `value` is a mapping (a plain JSON object): not null, not an array. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
