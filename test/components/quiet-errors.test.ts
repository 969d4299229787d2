import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { inputPropertiesError, logQuietly } from "../../components/validation";
import { watchUnhandledRejections } from "../support/unhandled-rejections";

describe("errors without noise", () => {
  it("an input error keeps its message when the SDK prefixes it for every resource that holds it", () => {
    const error = inputPropertiesError('WorkloadExecutionCluster "w"', [
      { path: "labels", reason: "is bad" },
    ]);
    const original = error.message;
    // What the SDK's serializer does, once per resource whose inputs hold the rejected Output.
    error.message = `error serializing property "metadata": ${error.message}`;
    error.message = `error serializing property "data": ${error.message}`;
    expect(error.message).toBe(original);
    expect(original).toBe('invalid WorkloadExecutionCluster "w":\n  - labels: is bad');
  });

  it("a log that rejects (a resource that never registered, a closed channel) leaves no unhandled rejection", async () => {
    const watch = watchUnhandledRejections();
    const original = pulumi.log.warn;
    pulumi.log.warn = () => Promise.reject(new Error("Channel has been shut down"));
    try {
      logQuietly("warn", "selects no WEC");
      await new Promise((r) => setTimeout(r, 20));
    } finally {
      pulumi.log.warn = original;
    }
    expect(watch.takeOthers()).toEqual([]);
    watch.stop();
  });
});
