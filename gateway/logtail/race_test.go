//go:build race

package logtail

// Under the race detector, which makes parsing and hashing many times
// slower, the hostile-host tests run fewer rounds on smaller logs.
const (
	attackRounds   = 1
	oneByteEntries = 150
)
