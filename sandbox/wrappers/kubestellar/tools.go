//go:build tools

// Package tools pins the KubeStellar controllers (see ../../interop-build.sh):
// the controller-manager (binding and status controllers) and the OCM transport
// controller, the two mains of KubeStellar's .goreleaser.yaml that run against a
// WDS and an ITS. It is its own module because KubeStellar pins k8s.io/* v0.32.x
// while the sandbox toolchain pins 1.35.
package tools

import (
	_ "github.com/kubestellar/kubestellar/cmd/controller-manager"
	_ "github.com/kubestellar/kubestellar/pkg/transport/ocm-transport-controller"
)
