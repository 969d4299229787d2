/**
 * Whether this process is the multi-language component provider (`pulumi-resource-kubestellar-its`).
 * Its entry says so before any component module loads, because the choice of how the transport's
 * resources register (see `LibraryResource`) is made once, when their module loads.
 */
const KEY = Symbol.for("kubestellar-its.component-provider");

type Flagged = Record<symbol, unknown>;

/** Marks this process as the component provider; call before loading the components. */
export function markComponentProvider(): void {
  (globalThis as Flagged)[KEY] = true;
}

/** True in the component provider's process (after `markComponentProvider`). */
export function isComponentProvider(): boolean {
  return (globalThis as Flagged)[KEY] === true;
}
