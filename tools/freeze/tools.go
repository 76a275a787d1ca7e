//go:build tools

// Package tools pins freeze for `make screenshots`: v0.2.2 with a wazero
// that runs on Go 1.26 (the v1.8.0 it names crashes converting to PNG).
package tools

import _ "github.com/charmbracelet/freeze"
