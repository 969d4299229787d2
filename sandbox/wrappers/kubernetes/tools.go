//go:build tools

// Package tools pins kube-apiserver, kube-controller-manager and kubectl from
// k8s.io/kubernetes (see ../../toolchain.sh).
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
