//go:build tools

// Package tools pins the Pulumi CLI so that `go build` in this module builds it
// from the exact versions recorded in go.mod/go.sum (see ../../toolchain.sh).
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)
