#!/usr/bin/env bash
# Starts the container-free sandbox, all on 127.0.0.1, from the toolchain built by
# sandbox/toolchain.sh:
#
#   etcd (one, data in <state>/etcd; each apiserver uses its own --etcd-prefix)
#   hub:   kube-apiserver + kube-controller-manager (signs the agents' CSRs),
#          OCM CRDs, OCM registration hub controller, OCM registration + work webhooks
#          (registered with url: webhook configs and a CA made here with openssl), the OCM
#          placement controller and the hub work controller with ManifestWorkReplicaSet on
#   WECs:  per WEC (default wec1 wec2) kube-apiserver + kube-controller-manager, and an
#          OCM registration agent + work agent that join the hub through the real CSR
#          flow, using a bootstrap kubeconfig for the hub (a ServiceAccount token).
#   bare:  kube-apiserver + kube-controller-manager and nothing else (KSITS_SANDBOX_BARE,
#          default "bare", "" for none): where the e2e suite applies what an operator would
#          act on (the declarative ClusterManager, the klusterlet join objects) to a real
#          API server that no OCM agent touches yet.
#
# CSRs are NOT accepted here (the library does that); the work agent of a WEC starts
# working once its cluster has been accepted (see sandbox/check-accept.sh).
#
# State: ${KSITS_SANDBOX:-$HOME/.cache/kubestellar-its/sandbox}
#   kubeconfigs/hub.kubeconfig, kubeconfigs/<wec>.kubeconfig  admin kubeconfigs
#   logs/<process>.log   pids/<process>.pid   pki/   etcd/   ocm/<wec>/
# Ports: KSITS_SANDBOX_PORT_BASE (default 27100) + fixed offsets, see below.
# Idempotent: running processes are kept, missing ones started, existing certs reused.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

TC="$(ksits_toolchain_dir)"
BIN="$TC/bin"
for b in etcd kube-apiserver kube-controller-manager kubectl registration work placement ocm-webhooks; do
  [[ -x "$BIN/$b" ]] || { echo "[sandbox] ERROR: $BIN/$b missing; run sandbox/toolchain.sh first" >&2; exit 1; }
done
command -v openssl >/dev/null || { echo "[sandbox] ERROR: openssl not found" >&2; exit 1; }

S="$KSITS_STATE"
read -r -a WECS <<<"${KSITS_SANDBOX_WECS:-wec1 wec2}"
BARE="${KSITS_SANDBOX_BARE-bare}"
BASE="${KSITS_SANDBOX_PORT_BASE:-27100}"
ETCD_PORT=$((BASE + 79)) ETCD_PEER_PORT=$((BASE + 80))
HUB_PORT=$((BASE + 43))
WEBHOOK_PORT=$((BASE + 50))
HUB_CTRL_LISTEN=$((BASE + 60))
PLACEMENT_LISTEN=$((BASE + 75)) WORK_HUB_LISTEN=$((BASE + 76))
# The hub feature gates of the work controller and of the webhooks that consult them.
HUB_WORK_GATES="ManifestWorkReplicaSet=true"
wec_port() { echo $((BASE + 44 + $1)); }       # apiserver of WEC #i (0-based)
BARE_PORT=$((BASE + 49))
# KubeStellar interop (KSITS_SANDBOX_INTEROP=1): hosting and WDS apiservers, and the
# metrics/probe/pprof addresses of the KubeFlex operator and the KubeStellar controllers
# (their defaults bind every interface; a busy port makes them panic).
INTEROP="${KSITS_SANDBOX_INTEROP:-}"
HOSTING_PORT=$((BASE + 51)) WDS_PORT=$((BASE + 52))
KF_METRICS=$((BASE + 53)) KF_PROBE=$((BASE + 54))
KS_METRICS=$((BASE + 55)) KS_PROBE=$((BASE + 56)) KS_PPROF=$((BASE + 57))
KT_METRICS=$((BASE + 58)) KT_PPROF=$((BASE + 59))
agent_listen() { echo $((BASE + 61 + 2 * $1 + $2)); } # i, 0=registration 1=work

PKI="$S/pki" KC="$S/kubeconfigs" LOGS="$S/logs" PIDS="$S/pids"
mkdir -p "$PKI" "$KC" "$LOGS" "$PIDS" "$S/etcd" "$S/ocm" "$S/tmp"
chmod 700 "$S/etcd"
chmod 700 "$S" "$PKI"

kc() { local k="$1"; shift; "$BIN/kubectl" --kubeconfig "$KC/$k.kubeconfig" "$@"; }

# ---- PKI ---------------------------------------------------------------------------
# ca:       cluster CA of all apiservers (client CA, and kcm signs CSRs with it)
# webhook-ca: CA of the OCM webhook server's serving cert
# front-proxy-ca: request-header (aggregation) CA, so that delegated authentication in
#   the OCM controllers finds the extension-apiserver-authentication ConfigMap complete
new_ca() { # name cn
  [[ -f "$PKI/$1.crt" ]] && return 0
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 -subj "/CN=$2" \
    -keyout "$PKI/$1.key" -out "$PKI/$1.crt" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    2>/dev/null
}
new_cert() { # name ca subject extensions
  [[ -f "$PKI/$1.crt" ]] && return 0
  openssl req -newkey rsa:2048 -nodes -sha256 -subj "$3" -keyout "$PKI/$1.key" -out "$PKI/$1.csr" 2>/dev/null
  openssl x509 -req -sha256 -days 3650 -in "$PKI/$1.csr" -CA "$PKI/$2.crt" -CAkey "$PKI/$2.key" \
    -CAcreateserial -out "$PKI/$1.crt" -extfile <(printf '%s\n' "$4") 2>/dev/null
  rm -f "$PKI/$1.csr"
}
log "pki in $PKI"
new_ca ca "ksits-sandbox-ca"
new_ca webhook-ca "ksits-sandbox-webhook-ca"
new_ca front-proxy-ca "ksits-sandbox-front-proxy-ca"
new_cert front-proxy-client front-proxy-ca "/CN=front-proxy-client" \
  "$(printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth')"
new_cert apiserver ca "/CN=kube-apiserver" \
  "$(printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost,IP:10.96.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc')"
new_cert admin ca "/O=system:masters/CN=kubernetes-admin" \
  "$(printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth')"
new_cert webhook webhook-ca "/CN=ocm-webhooks" \
  "$(printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost')"
[[ -f "$PKI/sa.key" ]] || {
  openssl genrsa -out "$PKI/sa.key" 2048 2>/dev/null
  openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
}
mkdir -p "$PKI/webhook-serving"
cp "$PKI/webhook.crt" "$PKI/webhook-serving/tls.crt"
cp "$PKI/webhook.key" "$PKI/webhook-serving/tls.key"

b64() { base64 -w0 <"$1"; }
write_admin_kubeconfig() { # name port
  local f="$KC/$1.kubeconfig"
  [[ -f "$f" ]] && return 0
  cat >"$f.tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: $1
  cluster:
    server: https://127.0.0.1:$2
    certificate-authority-data: $(b64 "$PKI/ca.crt")
users:
- name: $1-admin
  user:
    client-certificate-data: $(b64 "$PKI/admin.crt")
    client-key-data: $(b64 "$PKI/admin.key")
contexts:
- name: $1
  context: {cluster: $1, user: $1-admin}
current-context: $1
EOF
  chmod 600 "$f.tmp"
  mv "$f.tmp" "$f"
}

# ---- processes -----------------------------------------------------------------------
running() { # name
  local f="$PIDS/$1.pid" pid
  [[ -f "$f" ]] || return 1
  pid="$(cat "$f")"
  kill -0 "$pid" 2>/dev/null
}
# start NAME CMD...: runs CMD in its own session/process group (so down.sh can end it
# and its children by that group), logs to logs/NAME.log, records the PID.
start() {
  local name="$1"
  shift
  if running "$name"; then
    log "$name already running (pid $(cat "$PIDS/$name.pid"))"
    return 0
  fi
  # TMPDIR inside the state dir: library-go based OCM processes write a self-signed
  # serving cert to a fresh temp dir on every start; down.sh removes them with the state.
  TMPDIR="$S/tmp" setsid "$@" >>"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$PIDS/$name.pid"
  log "$name started (pid $!, log $LOGS/$name.log)"
}
# start_looping NAME CMD...: like start, but restarts CMD when it exits (as a pod's
# restartPolicy Always would; the OCM agents exit on some credential changes).
start_looping() {
  local name="$1"
  shift
  start "$name" bash -c 'while :; do "$@"; echo "[sandbox] exited with $?, restarting in 3s"; sleep 3; done' ksits-loop "$@"
}
wait_for() { # process-name description seconds command...  (process-name: whose log to show)
  local proc="$1" what="$2" secs="$3"
  shift 3
  if ! ksits_poll "$secs" 0.5 ready_or_exited "$proc" "$@" || ! running "$proc"; then
    running "$proc" || what="$proc (it exited)"
    echo "[sandbox] ERROR: no $what after up to ${secs}s; last lines of $LOGS/$proc.log:" >&2
    tail -n 30 "$LOGS/$proc.log" >&2
    exit 1
  fi
}
ready_or_exited() { # process-name command...: the command succeeds, or the process is gone
  local proc="$1"
  shift
  "$@" || ! running "$proc"
}

start etcd "$BIN/etcd" --name sandbox --data-dir "$S/etcd" \
  --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster "sandbox=http://127.0.0.1:$ETCD_PEER_PORT" --listen-metrics-urls "" \
  --unsafe-no-fsync --quota-backend-bytes 4294967296
wait_for etcd "etcd" 60 curl -sf "http://127.0.0.1:$ETCD_PORT/health"

start_apiserver() { # name port
  write_admin_kubeconfig "$1" "$2"
  mkdir -p "$S/apiserver/$1"
  start "$1-apiserver" "$BIN/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$ETCD_PORT" --etcd-prefix "/$1" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$2" \
    --cert-dir "$S/apiserver/$1" \
    --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
    --client-ca-file "$PKI/ca.crt" \
    --requestheader-client-ca-file "$PKI/front-proxy-ca.crt" --requestheader-allowed-names front-proxy-client \
    --requestheader-username-headers X-Remote-User --requestheader-group-headers X-Remote-Group \
    --requestheader-extra-headers-prefix X-Remote-Extra- \
    --proxy-client-cert-file "$PKI/front-proxy-client.crt" --proxy-client-key-file "$PKI/front-proxy-client.key" \
    --service-account-issuer "https://127.0.0.1:$2" \
    --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
    --service-cluster-ip-range 10.96.0.0/16 \
    --authorization-mode RBAC --allow-privileged=true \
    --endpoint-reconciler-type none \
    --enable-bootstrap-token-auth
}
start_kcm() { # name
  start "$1-controller-manager" "$BIN/kube-controller-manager" \
    --kubeconfig "$KC/$1.kubeconfig" \
    --authentication-kubeconfig "$KC/$1.kubeconfig" --authorization-kubeconfig "$KC/$1.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port 0 --leader-elect=false \
    --cluster-name "$1" --cluster-signing-cert-file "$PKI/ca.crt" --cluster-signing-key-file "$PKI/ca.key" \
    --root-ca-file "$PKI/ca.crt" --service-account-private-key-file "$PKI/sa.key" \
    --use-service-account-credentials=false \
    --controllers '*,-nodeipam,-nodelifecycle,-cloud-node-lifecycle,-service-lb-controller,-node-route-controller,-persistentvolume-binder,-attachdetach,-persistentvolume-expander,-ephemeral-volume,-pv-protection,-pvc-protection'
}
wait_apiserver() { # name
  wait_for "$1-apiserver" "$1 apiserver" 120 kc "$1" get --raw /readyz
}

start_apiserver hub "$HUB_PORT"
for i in "${!WECS[@]}"; do start_apiserver "${WECS[$i]}" "$(wec_port "$i")"; done
[[ -z "$BARE" ]] || start_apiserver "$BARE" "$BARE_PORT"
wait_apiserver hub
start_kcm hub
for w in "${WECS[@]}" ${BARE:+"$BARE"}; do
  wait_apiserver "$w"
  start_kcm "$w"
done

# ---- OCM hub ------------------------------------------------------------------------
CRDS="$TC/crds"
SPOKE_CRDS=(0000_01_work.open-cluster-management.io_appliedmanifestworks.crd.yaml
  0000_02_clusters.open-cluster-management.io_clusterclaims.crd.yaml)
log "applying OCM CRDs to hub"
hub_crds=()
for f in "$CRDS"/*.crd.yaml; do
  case "$(basename "$f")" in *_klusterlets.crd.yaml | *_clustermanagers.crd.yaml) continue ;; esac
  hub_crds+=(-f "$f")
done
kc hub apply --server-side --force-conflicts "${hub_crds[@]}" >/dev/null
crds_established() { # cluster: every CRD reports Established=True
  local st
  st="$(kc "$1" get crd -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Established")].status}{"\n"}{end}')"
  [[ -n "$st" ]] && ! grep -qv '^True$' <<<"$st"
}
wait_for hub-apiserver "hub CRDs established" 60 crds_established hub

kc hub apply --server-side --force-conflicts -f - >/dev/null <<EOF
apiVersion: v1
kind: Namespace
metadata: {name: open-cluster-management-hub}
---
apiVersion: v1
kind: Namespace
metadata: {name: open-cluster-management}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: agent-registration-bootstrap, namespace: open-cluster-management}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "open-cluster-management:bootstrap"}
rules:
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get]
- apiGroups: [certificates.k8s.io]
  resources: [certificatesigningrequests]
  verbs: [create, get, list, watch]
- apiGroups: [cluster.open-cluster-management.io]
  resources: [managedclusters]
  verbs: [get, create, list, watch]
- apiGroups: [cluster.open-cluster-management.io]
  resources: [managedclustersets/join]
  verbs: [create]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "open-cluster-management:bootstrap:agent-registration"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "open-cluster-management:bootstrap"}
subjects:
- {kind: ServiceAccount, name: agent-registration-bootstrap, namespace: open-cluster-management}
EOF

start ocm-webhooks "$BIN/ocm-webhooks" --kubeconfig "$KC/hub.kubeconfig" \
  --host 127.0.0.1 --port "$WEBHOOK_PORT" --certdir "$PKI/webhook-serving" \
  --feature-gates "$HUB_WORK_GATES"
wait_for ocm-webhooks "ocm-webhooks" 60 curl -s --cacert "$PKI/webhook-ca.crt" -o /dev/null "https://127.0.0.1:$WEBHOOK_PORT/"

WH="https://127.0.0.1:$WEBHOOK_PORT"
CA_BUNDLE="$(b64 "$PKI/webhook-ca.crt")"
# webhook_config KIND NAME PATH GROUP RESOURCE: one OCM admission webhook configuration, as the
# cluster-manager operator would register it, pointing at ocm-webhooks' PATH by url.
webhook_config() {
  cat <<EOF
---
apiVersion: admissionregistration.k8s.io/v1
kind: $1
metadata: {name: $2}
webhooks:
- name: $2
  clientConfig: {url: "$WH/$3", caBundle: "$CA_BUNDLE"}
  rules:
  - {operations: [CREATE, UPDATE], apiGroups: [$4], apiVersions: ["*"], resources: [$5]}
  admissionReviewVersions: [v1beta1, v1]
  sideEffects: None
  failurePolicy: Fail
  timeoutSeconds: 10
EOF
}
# One line per webhook: kind, name prefix, API group, version, resource. The path follows the
# webhook server's convention: <validate|mutate>-<group with dashes>-<version>-<kind in lower case>.
while read -r kind prefix group version resource; do
  op="validate"
  [[ "$kind" == Mutating* ]] && op="mutate"
  webhook_config "$kind" "$prefix.admission.$group" \
    "$op-${group//./-}-$version-${resource%s}" "$group" "$resource"
done <<'TABLE' | kc hub apply --server-side --force-conflicts -f - >/dev/null
ValidatingWebhookConfiguration managedclustervalidators cluster.open-cluster-management.io v1 managedclusters
MutatingWebhookConfiguration managedclustermutators cluster.open-cluster-management.io v1 managedclusters
ValidatingWebhookConfiguration managedclustersetbindingvalidators cluster.open-cluster-management.io v1beta2 managedclustersetbindings
ValidatingWebhookConfiguration manifestworkvalidators work.open-cluster-management.io v1 manifestworks
ValidatingWebhookConfiguration manifestworkreplicasetvalidators work.open-cluster-management.io v1alpha1 manifestworkreplicasets
TABLE

start_looping ocm-registration-controller "$BIN/registration" controller \
  --kubeconfig "$KC/hub.kubeconfig" --namespace open-cluster-management-hub \
  --listen "127.0.0.1:$HUB_CTRL_LISTEN" --disable-leader-election

# Hub-side fan-out: the placement controller decides which clusters a Placement selects, and
# the hub work controller turns each ManifestWorkReplicaSet into one ManifestWork per decision.
start_looping ocm-placement-controller "$BIN/placement" controller \
  --kubeconfig "$KC/hub.kubeconfig" --namespace open-cluster-management-hub \
  --listen "127.0.0.1:$PLACEMENT_LISTEN" --disable-leader-election
start_looping ocm-work-hub-controller "$BIN/work" manager \
  --kubeconfig "$KC/hub.kubeconfig" --namespace open-cluster-management-hub \
  --listen "127.0.0.1:$WORK_HUB_LISTEN" --disable-leader-election --feature-gates "$HUB_WORK_GATES"

# ---- WECs: OCM agents ---------------------------------------------------------------------
for i in "${!WECS[@]}"; do
  w="${WECS[$i]}"
  d="$S/ocm/$w"
  mkdir -p "$d/hub-kubeconfig"
  kc "$w" apply --server-side --force-conflicts "${SPOKE_CRDS[@]/#/-f$CRDS/}" >/dev/null
  wait_for "$w-apiserver" "$w CRDs established" 60 crds_established "$w"
  kc "$w" create namespace open-cluster-management-agent --dry-run=client -o yaml | kc "$w" apply -f - >/dev/null

  # Each agent joins with a join identity of its own (ServiceAccount sandbox-join-<wec>, bound to
  # OCM's bootstrap ClusterRole), as the library requires: its accept step approves only the CSRs
  # of the identity a WEC declares (test/support/sandbox.ts sandboxJoinIdentity). A shared token
  # would let one WEC's agent join as another.
  kc hub apply -f - >/dev/null <<EOF
apiVersion: v1
kind: ServiceAccount
metadata: {name: "sandbox-join-$w", namespace: open-cluster-management}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "open-cluster-management:bootstrap:sandbox-join-$w"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "open-cluster-management:bootstrap"}
subjects:
- {kind: ServiceAccount, name: "sandbox-join-$w", namespace: open-cluster-management}
EOF
  if [[ ! -s "$d/bootstrap.kubeconfig" ]]; then
    token="$(kc hub -n open-cluster-management create token "sandbox-join-$w" --duration 8760h)"
    cat >"$d/bootstrap.kubeconfig.tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: hub
  cluster:
    server: https://127.0.0.1:$HUB_PORT
    certificate-authority-data: $(b64 "$PKI/ca.crt")
users:
- name: bootstrap
  user:
    token: $token
contexts:
- name: bootstrap
  context: {cluster: hub, user: bootstrap}
current-context: bootstrap
EOF
    chmod 600 "$d/bootstrap.kubeconfig.tmp"
    mv "$d/bootstrap.kubeconfig.tmp" "$d/bootstrap.kubeconfig"
  fi

  start_looping "$w-registration-agent" "$BIN/registration" agent \
    --cluster-name "$w" --kubeconfig "$KC/$w.kubeconfig" \
    --bootstrap-kubeconfig "$d/bootstrap.kubeconfig" \
    --hub-kubeconfig-dir "$d/hub-kubeconfig" --hub-kubeconfig-secret hub-kubeconfig-secret \
    --spoke-external-server-urls "https://127.0.0.1:$(wec_port "$i")" \
    --namespace open-cluster-management-agent \
    --listen "127.0.0.1:$(agent_listen "$i" 0)" --disable-leader-election

  # The work agent needs the hub kubeconfig the registration agent writes once the hub
  # has accepted the cluster and the CSR is approved; until then it waits. The inner script
  # is single-quoted on purpose: its $1 and $@ belong to the inner bash.
  # shellcheck disable=SC2016
  start_looping "$w-work-agent" bash -c '
    while [ ! -s "$1" ]; do sleep 2; done
    shift; exec "$@"' ksits-wait "$d/hub-kubeconfig/kubeconfig" \
    "$BIN/work" agent --spoke-cluster-name "$w" --kubeconfig "$KC/$w.kubeconfig" \
    --hub-kubeconfig "$d/hub-kubeconfig/kubeconfig" --hub-kubeconfig-dir "$d/hub-kubeconfig" \
    --workload-source-config "$d/hub-kubeconfig/kubeconfig" \
    --namespace open-cluster-management-agent \
    --listen "127.0.0.1:$(agent_listen "$i" 1)" --disable-leader-election
done

# ---- KubeStellar interop (KSITS_SANDBOX_INTEROP=1) ------------------------------------------
# A KubeFlex hosting cluster with the real operator, a WDS registered there as a ControlPlane,
# and the real KubeStellar controller-manager (binding controller) and OCM transport
# controller, all off-cluster on 127.0.0.1. The ITS is this sandbox's hub, registered with
# KubeFlex by the library under the name KSITS_SANDBOX_ITS_NAME (default its1).
if [[ "$INTEROP" == 1 ]]; then
  IBIN="$(bash "$HERE/interop-build.sh" --check)" || die "interop binaries missing; run sandbox/interop-build.sh"
  ICRDS="$(dirname "$IBIN")/crds"
  ITS_NAME="${KSITS_SANDBOX_ITS_NAME:-its1}"
  start_apiserver hosting "$HOSTING_PORT"
  start_apiserver wds "$WDS_PORT"
  wait_apiserver hosting
  start_kcm hosting
  wait_apiserver wds
  start_kcm wds
  kc hosting apply --server-side --force-conflicts -f "$ICRDS/kubeflex" >/dev/null
  wait_for hosting-apiserver "KubeFlex CRDs established" 60 crds_established hosting
  start kubeflex-operator "$IBIN/kubeflex-manager" --kubeconfig "$KC/hosting.kubeconfig" \
    --metrics-bind-address "127.0.0.1:$KF_METRICS" --health-probe-bind-address "127.0.0.1:$KF_PROBE"

  # The WDS as an `external` ControlPlane labelled cptype=wds: its bootstrap Secret holds
  # the WDS admin kubeconfig (KubeFlex mints a token kubeconfig from it, then deletes it).
  if ! kc hosting get controlplane wds1 >/dev/null 2>&1; then
    kc hosting create secret generic wds1-bootstrap -n default \
      --from-file=kubeconfig-incluster="$KC/wds.kubeconfig" >/dev/null
    kc hosting apply --server-side -f - >/dev/null <<EOF
apiVersion: tenancy.kflex.kubestellar.org/v1alpha1
kind: ControlPlane
metadata: {name: wds1, labels: {kflex.kubestellar.io/cptype: wds}}
spec:
  type: external
  backend: shared
  bootstrapSecretRef: {name: wds1-bootstrap, namespace: default, inClusterKey: kubeconfig-incluster}
EOF
  fi
  cp_ready() { [[ "$(kc hosting get controlplane "$1" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" == True ]]; }
  wait_for kubeflex-operator "ControlPlane wds1 Ready" 120 cp_ready wds1

  # Off-cluster KubeStellar reads a key KubeFlex does not write (see the script).
  start_looping kubeflex-offcluster-keys bash "$HERE/kubeflex-offcluster-keys.sh" "$BIN/kubectl" "$KC/hosting.kubeconfig"

  # The controller-manager waits (up to 5 min, then exits and is restarted) for the ITS
  # ControlPlane the library registers; only the binding controller (the status controller
  # needs the OCM status add-on, which cannot be built here).
  start_looping ks-controller-manager "$IBIN/ks-controller-manager" --kubeconfig "$KC/hosting.kubeconfig" \
    --its-name "$ITS_NAME" --wds-name wds1 --controllers binding \
    --metrics-bind-address "127.0.0.1:$KS_METRICS" --health-probe-bind-address "127.0.0.1:$KS_PROBE" \
    --pprof-bind-address "127.0.0.1:$KS_PPROF" -v=2
  # The transport needs no KubeFlex: the WDS and the ITS (this hub) by kubeconfig, and one
  # object per ManifestWork, as the core chart runs it.
  start_looping ks-transport-controller "$IBIN/ocm-transport-controller" \
    --wds-kubeconfig "$KC/wds.kubeconfig" --transport-kubeconfig "$KC/hub.kubeconfig" --wds-name wds1 \
    --max-num-wrapped 1 --metrics-bind-address "127.0.0.1:$KT_METRICS" \
    --pprof-bind-address "127.0.0.1:$KT_PPROF" -v=2
  log "interop: hosting $KC/hosting.kubeconfig, WDS $KC/wds.kubeconfig (ControlPlane wds1), ITS name $ITS_NAME"
fi

log "hub kubeconfig: $KC/hub.kubeconfig"
for w in "${WECS[@]}" ${BARE:+"$BARE"}; do log "$w kubeconfig: $KC/$w.kubeconfig"; done
log "up; clusters wait for acceptance: ${WECS[*]}"
