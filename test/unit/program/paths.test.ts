import { homedir } from "node:os";
import { describe, expect, it } from "vitest";
import { expandPath } from "../../../src/program/paths";

const env = { HOME_DIR: "/srv/home", EMPTY: "" };

describe("expandPath: exactly ~, ${VAR} and ${VAR:-default}; everything else refused", () => {
  it.each([
    ["plain relative", "a/b.yaml", "/p/a/b.yaml"],
    ["absolute", "/etc/x", "/etc/x"],
    ["variable", "${HOME_DIR}/kc", "/srv/home/kc"],
    ["default used when unset", "${NOPE:-/d}/kc", "/d/kc"],
    ["default used when empty", "${EMPTY:-/d}/kc", "/d/kc"],
    ["tilde", "~/kc", `${homedir()}/kc`],
    ["tilde in a default", "${NOPE:-~/x}", `${homedir()}/x`],
  ])("%s", (_what, input, want) => {
    expect(expandPath(input, "/p", env)).toBe(want);
  });

  it.each([
    ["an unset variable", "${NOPE}/kc", "uses ${NOPE}, which is not set"],
    ["an empty default", "${NOPE:-}", "${NOPE} is not set and its default is empty"],
    ["$VAR", "$HOME_DIR/kc", "has a $ that is not ${VAR} or ${VAR:-default}"],
    ["${VAR-x}", "${NOPE-x}", "has a $ that is not ${VAR} or ${VAR:-default}"],
    ["a nested default", "${NOPE:-${HOME_DIR}}", "has a $ that is not ${VAR} or ${VAR:-default}"],
    ["~user", "~root/kc", "~user is not expanded"],
    ["an empty path", "", "expands to an empty path"],
  ])("refuses %s, saying what is allowed", (_what, input, reason) => {
    expect(() => expandPath(input, "/p", env)).toThrow(reason);
    expect(() => expandPath(input, "/p", env)).toThrow(
      "allowed: a plain path, ~ or ~/..., ${VAR} and ${VAR:-default}",
    );
  });

  it("bounds a huge path in the message", () => {
    let message = "";
    try {
      expandPath(`$${"x".repeat(100_000)}`, "/p", env);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.length).toBeLessThan(400);
  });
});
