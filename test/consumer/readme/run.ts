// Runs the README's first program (program.ts, copied verbatim by check.sh) under Pulumi's mocks,
// in whatever module system this project is (CJS or ESM), and checks what it registered: one
// Kubernetes provider for the hub, the WECs on it, and one BindingBundles for both WECs.
import * as pulumi from "@pulumi/pulumi";

interface Row {
  type: string;
  name: string;
  provider?: string;
  inputs: Record<string, unknown>;
}
const registered: Row[] = [];

async function main(): Promise<void> {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, provider: args.provider, inputs: args.inputs });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "readme",
    "check",
    false,
  );
  // Imported after the mocks are installed, as Pulumi's testing guide does. The specifier is a
  // value so this file also typechecks in the repository, where check.sh has not copied it yet.
  const program = "./program.js";
  await import(program);
  // Registration is asynchronous: wait until no new resource appears.
  for (let seen = -1; seen !== registered.length;) {
    seen = registered.length;
    await new Promise((r) => setTimeout(r, 200));
  }
  const providers = registered.filter((r) => r.type === "pulumi:providers:kubernetes").map((r) => r.name);
  const sets = registered.filter((r) => r.type.endsWith(":BindingBundles"));
  const clusters = (sets[0]?.inputs.clusters ?? []) as { name: string; properties: Record<string, string> }[];
  const problems = [
    providers.length === 1 ? "" : `expected one Kubernetes provider, got ${JSON.stringify(providers)}`,
    sets.length === 1 ? "" : `expected one BindingBundles, got ${sets.length}`,
    JSON.stringify(clusters.map((c) => [c.name, c.properties.region])) ===
    JSON.stringify([
      ["wec1", "us-east-1"],
      ["wec2", "us-west-2"],
    ])
      ? ""
      : `unexpected selected WECs ${JSON.stringify(clusters)}`,
  ].filter((p) => p !== "");
  if (problems.length > 0) throw new Error(problems.join("; "));
  console.log(`registered ${registered.length} resources through one provider (${providers[0]})`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
