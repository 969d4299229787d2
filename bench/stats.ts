/** A figure measured in several runs: its median, min and max, and every run in order. */
export interface Figure {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

/** The median (mean of the middle two for an even count), min and max of `runs`. */
export function figure(runs: readonly number[]): Figure {
  if (runs.length === 0) throw new Error("a figure needs at least one run");
  const sorted = [...runs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: [...runs] };
}

/** `median (min–max)` with `digits` decimals. */
export function showFigure(f: Figure, digits = 2): string {
  return `${f.median.toFixed(digits)} (${f.min.toFixed(digits)}–${f.max.toFixed(digits)})`;
}
