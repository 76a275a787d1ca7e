package common

import "fmt"

// Count words n things: "1 fingerprint", "2 fingerprints". one is the
// singular; the plural adds an s.
func Count(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %ss", n, one)
}

// CountAs words n things whose plural is not one+"s": "1 entry",
// "2 entries".
func CountAs(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
