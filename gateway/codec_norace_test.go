//go:build !race

package gateway

// largeArgSize is the large ID: 50 MiB.
const largeArgSize = 50 << 20

// streamMutations is how many mutated answers the streaming decoder is
// held to the whole-body one on.
const streamMutations = 60_000
