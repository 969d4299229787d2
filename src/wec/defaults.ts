import { OCM_IMAGES } from "../hub";
import { CsrApproval, JoinMethod, KlusterletMode, KlusterletOperatorInstall } from "./enums";

/**
 * What `WorkloadExecutionClusterArgs` means when a field is left out: the code reads these and
 * each field's TSDoc `@default` states the same value (a unit test holds the two together).
 */
export const WEC_DEFAULTS = {
  labels: {},
  annotations: {},
  taints: [],
  properties: {},
  accept: true,
  join: JoinMethod.None,
  csrApproval: CsrApproval.JoinIdentity,
  klusterletMode: KlusterletMode.Singleton,
  klusterletOperator: KlusterletOperatorInstall.IfMissing,
  leaseDurationSeconds: 60,
  waitTimeoutSeconds: 300,
  imageRegistry: OCM_IMAGES.registry,
  imageTag: OCM_IMAGES.tag,
  clusteradmPath: "clusteradm",
} as const;

/** `ClusterAcceptanceArgs` defaults. */
export const ACCEPTANCE_DEFAULTS = {
  joinIdentity: "",
  csrApproval: WEC_DEFAULTS.csrApproval,
  waitForCsr: false,
  timeoutSeconds: WEC_DEFAULTS.waitTimeoutSeconds,
  pollIntervalSeconds: 2,
} as const;
