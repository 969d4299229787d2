/**
 * What the plan (plain in the state and in `pulumi preview --diff`) may say about a Secret: never a
 * function of its content, which a dictionary attack could invert (a 4-digit PIN falls in a
 * fraction of a second). A Secret as delivered is recorded as an opaque revision, `secret-r<n>`:
 * `check` compares the object with the one the old inputs delivered (held in memory only, never
 * recorded), keeps the revision when they are equal and moves to the next one when they differ.
 * Every hash over manifests that the plan records (a work's hash, a spec hash, a drift mark) is
 * computed with each Secret replaced by its revision. Objects that are not Secrets keep their
 * content hashes, so plans of earlier releases stay valid. Pure.
 */
import { goJson } from "../go/go-json";
import type { KubeObject } from "./objects";
import { identityKey, identityOf } from "./objects";
import { isSecretObject } from "./secrets";

/**
 * What a Secret looked like before, to decide its revision: object id → content hash as the old
 * inputs delivered it; or `recorded` when the inputs are those the previous plan was made for
 * (create and update re-plan what `check` planned), so every recorded revision stands.
 */
export type SecretBaseline = ReadonlyMap<string, string> | "recorded";

const REVISION = /^secret-r([1-9][0-9]*)$/;

export function isRevision(value: string | undefined): boolean {
  return value !== undefined && REVISION.test(value);
}

/**
 * The revision of a Secret whose content hash is `content`: `previous` (what the last plan
 * recorded) when the baseline says the content is the one it stood for, the next revision when it
 * changed or cannot be known, `secret-r1` for a Secret the last plan did not record as a revision
 * (a new object, or a content hash an earlier release recorded).
 */
export function secretRevision(
  id: string,
  content: string,
  previous: string | undefined,
  baseline: SecretBaseline | undefined,
): string {
  const n = previous === undefined ? undefined : REVISION.exec(previous)?.[1];
  if (n === undefined) return "secret-r1";
  const same = baseline === "recorded" || baseline?.get(id) === content;
  return same ? previous! : `secret-r${Number(n) + 1}`;
}

/** Whether a recorded plan entry set holds a Secret revision (so a baseline is worth computing). */
export function recordsRevision(objects: Iterable<string>): boolean {
  for (const v of objects) if (isRevision(v)) return true;
  return false;
}

/** `manifests` with each Secret replaced by its id and revision (from `revisions`, id → value). */
export function visibleManifests(
  manifests: readonly unknown[],
  revisions: Readonly<Record<string, string>>,
): unknown[] {
  return manifests.map((m) => {
    if (!isSecretObject(m)) return m;
    const id = identityKey(identityOf(m as KubeObject));
    return { secret: id, revision: revisions[id] ?? "" };
  });
}

/** Canonical JSON of a ManifestWork(-template) spec with its Secrets replaced by their revisions. */
export function visibleSpecJson(spec: unknown, revisions: Readonly<Record<string, string>>): string {
  const s = (spec ?? {}) as { workload?: { manifests?: unknown[] } };
  if (!Array.isArray(s.workload?.manifests)) return goJson(s);
  return goJson({
    ...s,
    workload: { ...s.workload, manifests: visibleManifests(s.workload.manifests, revisions) },
  });
}
