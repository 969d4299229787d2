//go:build tools

// Package tools pins the Node language host. Since 2023 it is its own module
// (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3), which has
// no tags and whose pseudo-versions the module proxy here does not serve, so
// this builds the last copy that shipped inside github.com/pulumi/pulumi/sdk/v3.
package tools

import (
	_ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
)
