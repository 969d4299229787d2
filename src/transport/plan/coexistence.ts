/**
 * Names and labels a real KubeStellar transport (v0.30.0) claims on an ITS, so the library's
 * ManifestWorks never carry them. KubeStellar's transport lists ManifestWorks ITS-wide by the
 * label pair (`originOwnerReferenceBindingKey` = its Binding, `originWdsName` = its WDS) and
 * deletes those its Binding does not want; and it writes its own works with a plain Update,
 * overwriting a same-named work of anyone else. It names them `<binding UID>-<WDS>-<object UID>`
 * with `--max-num-wrapped 1` (the core chart's default) and `<binding>-<WDS>-<n>` otherwise.
 * The library's works are `<set>-<n>` (`bundleName`) and carry `originWdsName` = `wdsName`.
 */
import { z } from "zod";
import { showValue } from "../../kube";
import { BUNDLE_OPTION_DEFAULTS } from "./defaults";

/**
 * The `originWdsName` of every library ManifestWork. Any DNS label can name a KubeStellar WDS
 * (a KubeFlex ControlPlane), so the library reserves this one: no KubeStellar WDS sharing the ITS
 * may be named `kubestellar-its`.
 */
export const RESERVED_WDS_NAME = BUNDLE_OPTION_DEFAULTS.wdsName;

const UID_PREFIX = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-/;
const RESERVED_SUFFIX = `-${RESERVED_WDS_NAME}`;
/** Hub fan-out sets are `<set>-f<group>-<n>`; a set named `<x>-f<group>` would share their names. */
const FANOUT_GROUP_SUFFIX = /-f[0-9]+$/;

/** Why `wdsName` may not be `value`, or undefined when it is the reserved value. Pure. */
export function wdsNameProblem(value: string): string | undefined {
  if (value === RESERVED_WDS_NAME) return undefined;
  return (
    `${showValue(value)} is refused: a KubeStellar transport deletes every ManifestWork on the ITS ` +
    `labelled with its Binding and its WDS name, and any DNS label can name a WDS, so library ` +
    `ManifestWorks always carry the reserved WDS name "${RESERVED_WDS_NAME}" (no KubeStellar WDS may ` +
    `be named so); leave wdsName out or set it to "${RESERVED_WDS_NAME}"`
  );
}

/** Why a bundle set named `setName` could share a ManifestWork name with KubeStellar, or undefined. Pure. */
export function bundleSetNameProblem(setName: string): string | undefined {
  if (UID_PREFIX.test(setName)) {
    return (
      `${showValue(setName)} starts with a Kubernetes UID and "-": a KubeStellar transport with ` +
      `--max-num-wrapped 1 (its chart's default) names ManifestWorks "<binding UID>-<WDS>-<object UID>" ` +
      `and overwrites a same-named one, and the library's are "<set>-<n>"; choose a name that does ` +
      `not start with a UID`
    );
  }
  if (setName.endsWith(RESERVED_SUFFIX)) {
    return (
      `${showValue(setName)} ends in "${RESERVED_SUFFIX}": a KubeStellar transport without ` +
      `--max-num-wrapped 1 names ManifestWorks "<binding>-<WDS>-<n>" and overwrites a same-named ` +
      `one, and the library's are "<set>-<n>" with "${RESERVED_WDS_NAME}" its WDS name; choose a ` +
      `name that does not end in "${RESERVED_SUFFIX}"`
    );
  }
  if (FANOUT_GROUP_SUFFIX.test(setName)) {
    return (
      `${showValue(setName)} ends in "-f<digits>": the ManifestWorks of a hub fan-out binding ` +
      `"<x>" are named "<x>-f<group>-<n>", the same as those of a set "<x>-f<group>"; choose a name ` +
      `that does not end so`
    );
  }
  return undefined;
}

/** For a schema: reports `bundleSetNameProblem` on the value being refined. */
export function refineBundleSetName(value: unknown, ctx: z.RefinementCtx): void {
  if (typeof value !== "string") return;
  const problem = bundleSetNameProblem(value);
  if (problem !== undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
}

/** A bundle set name: any string KubeStellar's transport cannot also produce as a work name. */
export const bundleSetNameSchema = z.string().superRefine(refineBundleSetName);
