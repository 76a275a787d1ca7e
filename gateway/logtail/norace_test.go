//go:build !race

package logtail

// How many rounds of each rewrite, and how big a log one byte at a time,
// the hostile-host tests use.
const (
	attackRounds   = 4
	oneByteEntries = 800
)
