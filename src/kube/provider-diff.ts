/**
 * A dynamic provider's diff over its own inputs `keys` (compared as JSON), never `__provider`,
 * whose serialized text changes with every build of the library: `replaceOn` are the keys whose
 * change needs a new resource.
 */
export function diffOwnInputs<T extends object>(
  olds: Partial<T>,
  news: T,
  keys: readonly (keyof T & string)[],
  replaceOn: readonly (keyof T & string)[],
): { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean } {
  const changed = keys.filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
  return {
    changes: changed.length > 0,
    replaces: changed.filter((k) => replaceOn.includes(k)),
    deleteBeforeReplace: false,
  };
}
