/**
 * Label, annotation and namespace names shared with KubeStellar and OCM. Each constant names the
 * upstream contract it mirrors, so a reviewer can check it against the source.
 */

/** KubeStellar transport: the Binding a ManifestWork came from (`transport.kubestellar.io/originOwnerReferenceBindingKey`). */
export const ORIGIN_BINDING_LABEL = "transport.kubestellar.io/originOwnerReferenceBindingKey";
/** KubeStellar transport: the WDS a ManifestWork came from. */
export const ORIGIN_WDS_LABEL = "transport.kubestellar.io/originWdsName";
/** KubeStellar transport: the generation of the Binding that produced the ManifestWork. */
export const ORIGIN_GENERATION_ANNOTATION = "transport.kubestellar.io/originOwnerReferenceBindingGeneration";
/** This library: the bundle set (WEC-independent identity) a ManifestWork belongs to. */
export const BUNDLE_SET_LABEL = "its.kubestellar.io/bundle-set";
/** This library: which program manages the object. */
export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
export const MANAGED_BY_VALUE = "kubestellar-its";
/** This library: hash of a bundle's content, so drift and rewrites are visible without a deep diff. */
export const BUNDLE_HASH_ANNOTATION = "its.kubestellar.io/content-hash";

/** This library: which stack resource owns a ManifestWork (`<project>/<stack>/<name>`), so two stacks cannot silently share one. */
export const OWNER_LABEL = "its.kubestellar.io/owner";
/** This library: marks a namespace the hub fan-out created, so it removes only namespaces it made. */
export const FANOUT_NAMESPACE_LABEL = "its.kubestellar.io/fan-out-namespace";

/** KubeStellar: opt-in annotation for per-WEC template expansion. */
export const EXPAND_TEMPLATES_ANNOTATION = "control.kubestellar.io/expand-templates";
/** KubeStellar: `control.kubestellar.io/preserve: nodeport` keeps Service node ports. */
export const PRESERVE_ANNOTATION = "control.kubestellar.io/preserve";
/** KubeStellar: the namespace of the per-WEC customization-properties ConfigMaps. */
export const CUSTOMIZATION_PROPERTIES_NAMESPACE = "customization-properties";

/** KubeFlex: label that marks a ControlPlane as an ITS (`kflex.kubestellar.io/cptype=its`). */
export const KUBEFLEX_CPTYPE_LABEL = "kflex.kubestellar.io/cptype";

/** OCM: the Placement a PlacementDecision belongs to. */
export const PLACEMENT_LABEL = "cluster.open-cluster-management.io/placement";
/** OCM: the cluster-set a ManagedCluster belongs to. */
export const CLUSTER_SET_LABEL = "cluster.open-cluster-management.io/clusterset";
/** OCM: the label the hub puts on the mailbox namespace and CSRs. */
export const CLUSTER_NAME_LABEL = "open-cluster-management.io/cluster-name";
