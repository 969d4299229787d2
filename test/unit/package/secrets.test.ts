import { describe, expect, it } from "vitest";
import { plainProperties, resecret, unwrapSecrets } from "../../../components/package/secrets";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const secret = (value: unknown) => ({ [SIG]: SECRET, value });

describe("the component provider's secret envelopes", () => {
  it("unwraps envelopes at any depth and says where they were", () => {
    const { plain, secretKeys } = plainProperties({
      kubeconfig: secret("apiVersion: v1"),
      workloads: [{ kind: "Secret", data: secret({ k: "djE=" }) }],
      name: "wec1",
    });
    expect(plain).toEqual({
      kubeconfig: "apiVersion: v1",
      workloads: [{ kind: "Secret", data: { k: "djE=" } }],
      name: "wec1",
    });
    expect([...secretKeys].sort()).toEqual(["kubeconfig", "workloads"]);
    expect(unwrapSecrets(secret(secret("x")))).toEqual({ plain: "x", secret: true });
  });

  it("wraps again, as secrets, exactly the outputs whose inputs came as secrets", () => {
    const outs = resecret(
      { kubeconfig: "k", workloads: [], name: "wec1", gone: undefined },
      new Set(["kubeconfig", "workloads", "gone"]),
    );
    expect(outs).toEqual({ kubeconfig: secret("k"), workloads: secret([]), name: "wec1", gone: undefined });
  });
});
