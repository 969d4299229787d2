import type { TemplateCase } from "./template-corpus-data";
import { edgeCases } from "./template-corpus-edges";
import { RANDOM_CASES, randomCases } from "./template-corpus-random";

export type { TemplateCase } from "./template-corpus-data";

/** Fixed, so that every run (and every machine) judges the same corpus. */
export const CORPUS_SEED = 0x5eed_2026;

/**
 * The corpus of test/differential/template-expansion.test.ts: the hand-written edge cases of
 * Go's text/template, then RANDOM_CASES generated ones. Every case is judged by KubeStellar's own
 * expansion (sandbox/template-oracle.sh); the library must agree on error vs success and on text.
 */
export function templateCorpus(): TemplateCase[] {
  return [...edgeCases(), ...randomCases(CORPUS_SEED, RANDOM_CASES)];
}
