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
  return [...edgeCases(), ...randomCases(corpusSeed(), randomCount())];
}

/** `KSITS_TEMPLATE_SEED` (a number) searches another corpus; CI runs the fixed one. */
export function corpusSeed(): number {
  const s = process.env.KSITS_TEMPLATE_SEED;
  return s === undefined || s === "" ? CORPUS_SEED : Number(s);
}

/** `KSITS_TEMPLATE_CASES` asks for a longer run: `KSITS_TEMPLATE_CASES=200000 npm run test:differential`. */
function randomCount(): number {
  const n = Number(process.env.KSITS_TEMPLATE_CASES ?? "");
  return Number.isSafeInteger(n) && n > 0 ? n : RANDOM_CASES;
}
