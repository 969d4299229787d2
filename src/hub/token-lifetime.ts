/**
 * When a join token stops being worth keeping. An agent needs its bootstrap token whenever it
 * re-bootstraps (its hub certificate expired or was revoked, its hub kubeconfig Secret was
 * deleted), which can be long after the `up` that minted it; a token that expired, or that the hub
 * no longer accepts, leaves such an agent unable to re-join. `refresh` records why a token is
 * stale (drift) and the next `up` replaces it; an `up` without refresh also replaces a token whose
 * recorded expiry has passed. Pure: the clock and the hub's TokenReview verdict are passed in.
 */

/** What the hub said about a token (TokenReview), or that the caller may not ask. */
export type TokenVerdict =
  | { readonly kind: "authenticated" }
  | { readonly kind: "rejected"; readonly error: string }
  | { readonly kind: "not-permitted" };

/**
 * The `exp` claim of a ServiceAccount token (a JWT), as an RFC 3339 time; undefined when the
 * token is not a JWT with one. Only the expiry is read: the signature is the hub's to check.
 */
export function jwtExpiry(token: string): string | undefined {
  const payload = token.split(".")[1];
  if (payload === undefined) return undefined;
  try {
    const exp = (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { exp?: unknown }).exp;
    return typeof exp === "number" && Number.isFinite(exp) ? new Date(exp * 1000).toISOString() : undefined;
  } catch {
    return undefined;
  }
}

/** Why the token expiring at `expiresAt` is no longer worth keeping at `now`, or undefined. */
export function expiryReason(expiresAt: string | undefined, now: number): string | undefined {
  if (expiresAt === undefined) return undefined;
  const at = Date.parse(expiresAt);
  return Number.isFinite(at) && at <= now ? `the token expired at ${expiresAt}` : undefined;
}

/**
 * Why the hub's verdict makes a token stale, or undefined when it still joins (or the caller may
 * not ask). The hub's words are kept (they never contain the token).
 */
export function rejectionReason(verdict: TokenVerdict): string | undefined {
  if (verdict.kind !== "rejected") return undefined;
  const why = verdict.error.trim() === "" ? "no reason given" : verdict.error.trim().slice(0, 200);
  return `the hub no longer accepts the token (TokenReview: ${why})`;
}
