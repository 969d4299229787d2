import { createHash } from "node:crypto";
import { InputValidationError, showValue } from "./errors";
import type { InputIssue } from "./errors";

/** Kubernetes' DNS-1123 label: what namespace names and most label values must be. */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Kubernetes' DNS-1123 subdomain: what most object names must be. */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const MAX_LABEL_LENGTH = 63;
export const MAX_SUBDOMAIN_LENGTH = 253;
/** Length of the hash suffix appended when a name has to be shortened or cleaned. */
export const HASH_LENGTH = 8;

export function isDns1123Label(value: string): boolean {
  return value.length <= MAX_LABEL_LENGTH && DNS1123_LABEL.test(value);
}

export function isDns1123Subdomain(value: string): boolean {
  return value.length <= MAX_SUBDOMAIN_LENGTH && DNS1123_SUBDOMAIN.test(value);
}

/** Why `value` is not a DNS-1123 label, or undefined when it is one. */
export function dns1123LabelProblem(value: string): string | undefined {
  if (value.length === 0) return "must not be empty";
  if (value.length > MAX_LABEL_LENGTH)
    return `must be at most ${MAX_LABEL_LENGTH} characters (has ${value.length})`;
  if (!DNS1123_LABEL.test(value)) {
    return "must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit";
  }
  return undefined;
}

/** Kubernetes' DNS-1035 label: a DNS-1123 label that starts with a letter (Service names, CRD plurals). */
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Why `value` is not a DNS-1035 label, or undefined when it is one. */
export function dns1035LabelProblem(value: string): string | undefined {
  if (value.length > MAX_LABEL_LENGTH)
    return `must be at most ${MAX_LABEL_LENGTH} characters (has ${value.length})`;
  if (!DNS1035_LABEL.test(value)) {
    return "must be a DNS-1035 label: lower-case letters, digits and '-', starting with a letter and ending with a letter or digit";
  }
  return undefined;
}

/** Why `value` is not a DNS-1123 subdomain, or undefined when it is one. */
export function dns1123SubdomainProblem(value: string): string | undefined {
  if (value.length === 0) return "must not be empty";
  if (value.length > MAX_SUBDOMAIN_LENGTH) {
    return `must be at most ${MAX_SUBDOMAIN_LENGTH} characters (has ${value.length})`;
  }
  if (!DNS1123_SUBDOMAIN.test(value)) {
    return "must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit";
  }
  return undefined;
}

/** First `length` hex characters of the SHA-256 of `text`: the stable suffix of shortened names. */
export function shortHash(text: string, length = HASH_LENGTH): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/**
 * Joins `parts` into a DNS-1123 label of at most `maxLength` characters.
 *
 * A name that is already valid and short enough is returned unchanged, so readable names stay
 * readable. Otherwise it is lower-cased, invalid characters become '-', and it is cut from the
 * end and given a hash of the *original* text, so two different inputs never collapse into one
 * name and the same input always gives the same name.
 */
export function toDnsLabel(parts: readonly string[], maxLength = MAX_LABEL_LENGTH): string {
  if (maxLength < HASH_LENGTH + 2) throw new RangeError(`maxLength must be at least ${HASH_LENGTH + 2}`);
  const joined = parts.filter((p) => p.length > 0).join("-");
  if (joined.length <= maxLength && DNS1123_LABEL.test(joined)) return joined;
  const cleaned = joined
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-+|-+$/g, "");
  const hash = shortHash(joined);
  const room = maxLength - HASH_LENGTH - 1;
  const head = cleaned.slice(0, room).replace(/-+$/g, "");
  return head.length > 0 ? `${head}-${hash}` : hash;
}

/**
 * The mailbox namespace of a WEC in the ITS. OCM names it exactly as the ManagedCluster, so the
 * WEC name must already be a valid namespace name: it is checked, never altered.
 */
export function mailboxNamespace(wecName: string, path = "name"): string {
  const issues = wecNameIssues(wecName, path);
  if (issues.length > 0) throw new InputValidationError("WEC name", issues);
  return wecName;
}

/** The problem of `wecName` as the WEC's mailbox namespace name, at `path`; none when it is one. */
export function wecNameIssues(wecName: string, path: string): InputIssue[] {
  const problem = dns1123LabelProblem(wecName);
  if (problem === undefined) return [];
  return [
    { path, reason: `${showValue(wecName)} is not a valid namespace name for the WEC's mailbox: ${problem}` },
  ];
}
