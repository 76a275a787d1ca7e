//go:build !race

package gateway

// largeArgSize is the large ID: 50 MiB.
const largeArgSize = 50 << 20
