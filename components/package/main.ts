/**
 * Entry of the multi-language component provider `pulumi-resource-kubestellar-its` (its launcher
 * script runs this file with the engine's arguments). The process is marked first, so that the
 * components load with the transport's resources served by this provider (see `LibraryResource`):
 * hence `require` after the mark instead of hoisted imports.
 */
import type * as Pulumi from "@pulumi/pulumi";
import type * as Provider from "./provider";
import { markComponentProvider } from "./mode";

markComponentProvider();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pulumi = require("@pulumi/pulumi") as typeof Pulumi;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { KubestellarItsProvider } = require("./provider") as typeof Provider;

pulumi.provider.main(new KubestellarItsProvider(), process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
