/**
 * Where a checkpoint's bytes go: each resource type's inputs and outputs by top-level property
 * (secrets counted as their ciphertext), and everything else (URNs, parents, dependencies, the
 * manifest) as one line. The scale bench prints it so a state figure comes with its parts.
 */
export interface StatePart {
  part: string;
  bytes: number;
}

interface CheckpointResource {
  type?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

const size = (v: unknown): number => Buffer.byteLength(JSON.stringify(v) ?? "");

/** The parts of `checkpointText` (a file-backend stack file), largest first; they sum to its compact size. */
export function stateBreakdown(checkpointText: string): StatePart[] {
  const checkpoint = JSON.parse(checkpointText) as {
    checkpoint?: { latest?: { resources?: CheckpointResource[] } };
  };
  const total = size(checkpoint);
  const parts = new Map<string, number>();
  const add = (part: string, bytes: number) => parts.set(part, (parts.get(part) ?? 0) + bytes);
  for (const r of checkpoint.checkpoint?.latest?.resources ?? []) {
    const type = (r.type ?? "?").replace(/^pulumi-nodejs:dynamic\//, "dynamic:");
    for (const section of ["inputs", "outputs"] as const) {
      for (const [key, value] of Object.entries(r[section] ?? {})) {
        // The key, its quotes, colon and comma belong to it too.
        add(`${type} ${section}.${key}`, size(value) + size(key) + 2);
      }
    }
  }
  const counted = [...parts.values()].reduce((a, b) => a + b, 0);
  add("everything else (URNs, parents, dependencies, manifest)", total - counted);
  return [...parts.entries()].map(([part, bytes]) => ({ part, bytes })).sort((a, b) => b.bytes - a.bytes);
}
