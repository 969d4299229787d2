//go:build tools

// Package tools pins the Pulumi kubernetes provider. Its cmd package embeds
// generated files that are not in the module zip, so toolchain.sh copies the
// module out of the module cache, generates them, and builds there using this
// module's go.sum (which covers the provider's whole dependency graph).
package tools

import (
	_ "github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	_ "github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
	_ "github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)
