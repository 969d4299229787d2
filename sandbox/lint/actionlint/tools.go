//go:build tools

// Package tools pins actionlint, which lints the example GitHub Actions workflow
// (sandbox/ci-lint.sh). Outside sandbox/wrappers on purpose: the toolchain's cache key
// hashes that directory, and a lint tool must not rebuild the sandbox.
package tools

import (
	_ "github.com/rhysd/actionlint/cmd/actionlint"
)
