// Command ocm-webhooks serves OCM's registration and work admission webhooks from one
// process, bound to a given host (127.0.0.1 in the sandbox).
//
// The stock `registration webhook-server` and `work webhook-server` commands listen on
// all interfaces and both hard-code the health probe address ":8000", so two of them
// cannot run side by side on one machine. This runs the same webhook implementations
// (the exported Init of each OCM webhook type, as OCM's integration tests do) in one
// controller-runtime webhook server, with metrics and health probes turned off.
package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"os"

	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/klog/v2"
	ctrl "sigs.k8s.io/controller-runtime"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
	"sigs.k8s.io/controller-runtime/pkg/webhook"

	clusterv1 "open-cluster-management.io/api/cluster/v1"
	ocmfeature "open-cluster-management.io/api/feature"
	workv1 "open-cluster-management.io/api/work/v1"
	workv1alpha1 "open-cluster-management.io/api/work/v1alpha1"

	"open-cluster-management.io/ocm/pkg/features"
	registrationv1 "open-cluster-management.io/ocm/pkg/registration/webhook/v1"
	registrationv1beta2 "open-cluster-management.io/ocm/pkg/registration/webhook/v1beta2"
	workcommon "open-cluster-management.io/ocm/pkg/work/webhook/common"
	workwebhookv1 "open-cluster-management.io/ocm/pkg/work/webhook/v1"
	workwebhookv1alpha1 "open-cluster-management.io/ocm/pkg/work/webhook/v1alpha1"
)

func main() {
	// --kubeconfig is registered on the global flag set by controller-runtime
	// (sigs.k8s.io/controller-runtime/pkg/client/config) and read by ctrl.GetConfig.
	var (
		host          string
		port          int
		certDir       string
		manifestLimit int
	)
	// As cmd/registration and cmd/work do: the webhooks consult the hub feature gates.
	utilruntime.Must(features.HubMutableFeatureGate.Add(ocmfeature.DefaultHubRegistrationFeatureGates))
	utilruntime.Must(features.HubMutableFeatureGate.Add(ocmfeature.DefaultHubWorkFeatureGates))
	flag.Var(features.HubMutableFeatureGate, "feature-gates", "hub feature gates (key=value,...)")
	klog.InitFlags(nil)
	flag.StringVar(&host, "host", "127.0.0.1", "address to serve on")
	flag.IntVar(&port, "port", 9443, "port to serve on")
	flag.StringVar(&certDir, "certdir", "", "directory with tls.crt and tls.key")
	flag.IntVar(&manifestLimit, "manifest-limit", 500*1024, "max size of a ManifestWork's manifests (the work webhook's --manifestLimit)")
	flag.Parse()

	if err := run(host, port, certDir, manifestLimit); err != nil {
		fmt.Fprintln(os.Stderr, "ocm-webhooks:", err)
		os.Exit(1)
	}
}

func run(host string, port int, certDir string, manifestLimit int) error {
	logger := klog.Background().WithName("ocm-webhooks")
	ctrl.SetLogger(logger)

	cfg, err := ctrl.GetConfig()
	if err != nil {
		return err
	}

	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{
		clientgoscheme.AddToScheme, clusterv1.Install, registrationv1beta2.Install, workv1.Install,
		workv1alpha1.Install,
	} {
		if err := add(scheme); err != nil {
			return err
		}
	}

	workcommon.ManifestValidator.WithLimit(manifestLimit)

	mgr, err := ctrl.NewManager(cfg, ctrl.Options{
		Scheme:                 scheme,
		Metrics:                metricsserver.Options{BindAddress: "0"},
		HealthProbeBindAddress: "0",
		WebhookServer: webhook.NewServer(webhook.Options{
			Host:    host,
			Port:    port,
			CertDir: certDir,
			TLSOpts: []func(*tls.Config){func(c *tls.Config) { c.MinVersion = tls.VersionTLS12 }},
		}),
	})
	if err != nil {
		return err
	}

	for _, w := range []interface{ Init(ctrl.Manager) error }{
		&registrationv1.ManagedClusterWebhook{},
		&registrationv1beta2.ManagedClusterSetBindingWebhook{},
		&workwebhookv1.ManifestWorkWebhook{},
		// Validates a ManifestWorkReplicaSet's template with the same manifest limit.
		&workwebhookv1alpha1.ManifestWorkReplicaSetWebhook{},
	} {
		if err := w.Init(mgr); err != nil {
			return err
		}
	}

	logger.Info("serving", "host", host, "port", port)
	return mgr.Start(ctrl.SetupSignalHandler())
}
