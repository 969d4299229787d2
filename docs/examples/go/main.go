// An ITS on an existing OCM hub, two WECs registered through it, and a templated workload bound
// to both: examples/platform's program in Go, through the kubestellar-its component provider
// (README "Other languages": install the plugin first; the SDK is this repository's sdk/go).
package main

import (
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"kubestellar-its/sdk/go/kubestellarits"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		// WEC name -> the user its registration agent joins with: only its CSRs are approved.
		var joinIdentities map[string]string
		cfg.GetObject("joinIdentities", &joinIdentities)

		its, err := kubestellarits.NewInventoryTransportSpace(ctx, "its1", &kubestellarits.InventoryTransportSpaceArgs{
			Type:       kubestellarits.ItsTypeEXTERNAL,
			Kubeconfig: cfg.RequireSecret("hubKubeconfig"),
		})
		if err != nil {
			return err
		}
		// The hub is already an OCM hub: installer "none" only checks its CRDs.
		hub, err := kubestellarits.NewClusterManager(ctx, "its1-hub", &kubestellarits.ClusterManagerArgs{
			Its:       its,
			Installer: kubestellarits.ClusterManagerInstallerNONE,
		})
		if err != nil {
			return err
		}

		regions := []struct{ name, region string }{{"wec1", "us-east-1"}, {"wec2", "us-west-2"}}
		wecs := kubestellarits.WorkloadExecutionClusterArray{}
		joined := pulumi.BoolArray{}
		for _, w := range regions {
			args := &kubestellarits.WorkloadExecutionClusterArgs{
				Its:        its,
				Labels:     pulumi.StringMap{"location-group": pulumi.String("edge")},
				Properties: pulumi.StringMap{"region": pulumi.String(w.region)},
			}
			if id, ok := joinIdentities[w.name]; ok {
				args.JoinIdentity = pulumi.String(id)
			}
			wec, err := kubestellarits.NewWorkloadExecutionCluster(ctx, w.name, args, pulumi.DependsOn([]pulumi.Resource{hub}))
			if err != nil {
				return err
			}
			wecs = append(wecs, wec)
			joined = append(joined, wec.Joined)
		}

		workload, err := os.ReadFile("workloads/app.yaml")
		if err != nil {
			return err
		}
		// The WEC components themselves: their labels select, their properties fill the templates,
		// and each ManifestWork waits for its WEC's acceptance.
		app, err := kubestellarits.NewWorkloadBinding(ctx, "app", &kubestellarits.WorkloadBindingArgs{
			Its:  its,
			Wecs: wecs,
			ClusterSelectors: kubestellarits.LabelSelectorArray{
				kubestellarits.LabelSelectorArgs{MatchLabels: pulumi.StringMap{"location-group": pulumi.String("edge")}},
			},
			Yaml:    pulumi.StringArray{pulumi.String(string(workload))},
			WaitFor: kubestellarits.WaitForAPPLIED,
		})
		if err != nil {
			return err
		}

		ctx.Export("selected", app.SelectedClusters)
		ctx.Export("joined", joined)
		return nil
	})
}
