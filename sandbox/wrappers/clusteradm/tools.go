//go:build tools

// Package tools pins clusteradm. clusteradm v1.3.1 requires
// open-cluster-management.io/ocm v1.3.1, whose module zip the proxy here does
// not serve; clusteradm only imports ocm/pkg/operator/helpers/chart, so go.mod
// replaces ocm with the same version the ocm wrapper builds.
package tools

import (
	_ "open-cluster-management.io/clusteradm/cmd/clusteradm"
)
