//go:build tools

// Package tools pins the KubeFlex operator (cmd/manager, which imports the
// kubeflex module's own internal/controller: fine, the import happens inside that
// module) and the kflex CLI (see ../../interop-build.sh).
//
// github.com/kubestellar/kubeflex is not in the checksum database
// (sum.golang.org answers 404), so go.sum was created once with
// GONOSUMDB=github.com/kubestellar; its h1: line equals the one in
// github.com/kubestellar/kubestellar v0.30.0's go.sum, a module that is in the
// checksum database. Builds verify against the committed go.sum and need no
// GONOSUMDB.
package tools

import (
	_ "github.com/kubestellar/kubeflex/cmd/kflex"
	_ "github.com/kubestellar/kubeflex/cmd/manager"
)
