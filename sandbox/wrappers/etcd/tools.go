//go:build tools

// Package tools pins the etcd server (package main at the root of
// go.etcd.io/etcd/server/v3). Its go.mod replaces the sibling etcd modules
// with ../ paths, so they are required here at the same tag.
package tools

import (
	_ "go.etcd.io/etcd/server/v3"
)
