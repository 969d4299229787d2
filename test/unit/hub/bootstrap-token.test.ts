import { describe, expect, it } from "vitest";
import type {
  BootstrapTokenInputs,
  BootstrapTokenOutputs,
  TokenClient,
} from "../../../src/hub/bootstrap-token";
import {
  diffBootstrapToken,
  readBootstrapToken,
  requestBootstrapToken,
} from "../../../src/hub/bootstrap-token";
import type { TokenVerdict } from "../../../src/hub/token-lifetime";
import { jwtExpiry, rejectionReason } from "../../../src/hub/token-lifetime";

/** A ServiceAccount-token-shaped JWT expiring at `exp` (seconds); the signature is not checked here. */
const jwt = (exp: number) =>
  ["e30", Buffer.from(JSON.stringify({ iss: "hub", exp })).toString("base64url"), "sig"].join(".");
const HOUR = 3_600_000;
const T0 = Date.parse("2026-12-06T12:00:00Z");
const inputs: BootstrapTokenInputs = {
  kubeconfig: "kc",
  serviceAccount: "ksits-join-wec1",
  expirationSeconds: 3600,
  providerVersion: "2",
};

/** A TokenClient whose TokenReview answers `verdict` and counts the reviews. */
function client(verdict: TokenVerdict, minted?: { token: string; expiresAt?: string }) {
  const calls = { reviews: 0 };
  const c: TokenClient = {
    request: () => Promise.resolve(minted),
    review: () => {
      calls.reviews++;
      return Promise.resolve(verdict);
    },
  };
  return { c, calls };
}

describe("a join token's lifetime", () => {
  it("reads the expiry of a ServiceAccount token from its exp claim, and nothing from anything else", () => {
    expect(jwtExpiry(jwt(T0 / 1000))).toBe("2026-12-06T12:00:00.000Z");
    for (const bad of [
      "",
      "opaque-token",
      "a.b.c",
      "a.%%%.c",
      `e30.${Buffer.from('{"exp":"soon"}').toString("base64url")}.s`,
    ]) {
      expect(jwtExpiry(bad)).toBeUndefined();
    }
  });

  it("records the TokenRequest's expiry, or the token's own when the answer has none", async () => {
    const answered = await requestBootstrapToken(
      client({ kind: "authenticated" }, { token: "t", expiresAt: "2026-12-06T13:00:00.000Z" }).c,
      inputs,
    );
    expect(answered).toMatchObject({ token: "t", expiresAt: "2026-12-06T13:00:00.000Z" });
    const fromClaim = await requestBootstrapToken(
      client({ kind: "authenticated" }, { token: jwt(T0 / 1000 + 600) }).c,
      inputs,
    );
    expect(fromClaim.expiresAt).toBe("2026-12-06T12:10:00.000Z");
    await expect(
      requestBootstrapToken(client({ kind: "authenticated" }, undefined).c, inputs),
    ).rejects.toThrow("returned no token");
  });

  it("refresh keeps a live token as it is, and asks the hub about it", async () => {
    const state: BootstrapTokenOutputs = {
      ...inputs,
      token: "t",
      expiresAt: new Date(T0 + HOUR).toISOString(),
    };
    const { c, calls } = client({ kind: "authenticated" });
    expect(await readBootstrapToken(c, state, T0)).toEqual(state);
    expect(calls.reviews).toBe(1);
  });

  it("refresh marks an expired token stale without sending it to the hub", async () => {
    const { c, calls } = client({ kind: "authenticated" });
    const read = await readBootstrapToken(
      c,
      { ...inputs, token: "t", expiresAt: new Date(T0).toISOString() },
      T0,
    );
    expect(read.stale).toBe("the token expired at 2026-12-06T12:00:00.000Z");
    expect(calls.reviews).toBe(0);
  });

  it("refresh marks a token the hub rejects stale, in the hub's words, and never quotes the token", async () => {
    const token = jwt(T0 / 1000 + 3600);
    const { c } = client({
      kind: "rejected",
      error: "[invalid bearer token, service account token has been invalidated]",
    });
    const read = await readBootstrapToken(c, { ...inputs, token }, T0);
    expect(read.stale).toBe(
      "the hub no longer accepts the token (TokenReview: [invalid bearer token, service account token has been invalidated])",
    );
    expect(read.expiresAt).toBe("2026-12-06T13:00:00.000Z");
    expect(read.stale).not.toContain(token);
    expect(rejectionReason({ kind: "rejected", error: " " })).toContain("no reason given");
  });

  it("without the right to review tokens, the expiry alone decides", async () => {
    const { c } = client({ kind: "not-permitted" });
    expect(
      (await readBootstrapToken(c, { ...inputs, token: "t", expiresAt: new Date(T0 + 1).toISOString() }, T0))
        .stale,
    ).toBeUndefined();
    expect(
      (await readBootstrapToken(c, { ...inputs, token: "t", expiresAt: new Date(T0 - 1).toISOString() }, T0))
        .stale,
    ).toContain("expired");
  });

  it("a token of 0.3.0's state (no expiry recorded) gets its expiry from the token at refresh", async () => {
    const { c } = client({ kind: "authenticated" });
    const read = await readBootstrapToken(c, { ...inputs, token: jwt(T0 / 1000 - 1) }, T0);
    expect(read.expiresAt).toBe("2026-12-06T11:59:59.000Z");
    expect(read.stale).toContain("expired");
  });

  it("a stale token is forgotten once the hub accepts it again (the state is judged afresh)", async () => {
    const { c } = client({ kind: "authenticated" });
    const read = await readBootstrapToken(
      c,
      { ...inputs, token: "t", expiresAt: new Date(T0 + HOUR).toISOString(), stale: "earlier" },
      T0,
    );
    expect(read.stale).toBeUndefined();
  });

  it("up replaces a token refresh found stale, or whose expiry has passed; a live one is left alone", () => {
    const live: BootstrapTokenOutputs = {
      ...inputs,
      token: "t",
      expiresAt: new Date(T0 + HOUR).toISOString(),
    };
    expect(diffBootstrapToken(live, inputs, T0)).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(diffBootstrapToken(live, inputs, T0 + HOUR)).toEqual({
      changes: true,
      replaces: ["token"],
      deleteBeforeReplace: false,
    });
    expect(diffBootstrapToken({ ...live, stale: "rejected" }, inputs, T0).replaces).toEqual(["token"]);
    // A state without an expiry (0.3.0) is not replaced on a guess: refresh judges it first.
    const old: Partial<BootstrapTokenOutputs> = { ...live };
    delete old.expiresAt;
    expect(diffBootstrapToken(old, inputs, T0 + 100 * HOUR).changes).toBe(false);
  });
});
