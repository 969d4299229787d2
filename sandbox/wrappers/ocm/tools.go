//go:build tools

// Package tools pins the OCM hub and agent binaries from
// open-cluster-management.io/ocm (no replace directives upstream).
package tools

import (
	_ "open-cluster-management.io/ocm/cmd/placement"
	_ "open-cluster-management.io/ocm/cmd/registration"
	_ "open-cluster-management.io/ocm/cmd/registration-operator"
	_ "open-cluster-management.io/ocm/cmd/work"
)
