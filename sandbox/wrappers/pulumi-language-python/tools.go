//go:build tools

// Package tools pins the Python language host. Like the Node host, it is its own module
// today (github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3), which the module
// proxy here does not serve (403), so this builds the last copy that shipped inside
// github.com/pulumi/pulumi/sdk/v3 (v3.68.0; v3.90.0, the next version served, no longer has
// it). Its exec shim, python/cmd/pulumi-language-python-exec, sits next to this file, copied
// from that module (see ../../languages-build.sh).
package tools

import (
	_ "github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python"
)
