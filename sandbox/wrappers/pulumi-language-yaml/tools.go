//go:build tools

// Package tools pins the YAML language host, github.com/pulumi/pulumi-yaml (cmd/pulumi-language-yaml),
// so that `go build` in this module builds it from the exact versions recorded in go.mod/go.sum
// (see ../../languages-build.sh).
package tools

import (
	_ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
)
