//go:build race

package gateway

// largeArgSize is smaller under the race detector, which makes base64 about
// fifty times slower; the allocation bounds checked do not depend on size.
const largeArgSize = 8 << 20

// streamMutations is how many mutated answers the streaming decoder is
// held to the whole-body one on: fewer under the race detector.
const streamMutations = 6_000
