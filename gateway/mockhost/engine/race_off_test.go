//go:build !race

package engine

// crashKills is how many times TestCrash kills its child.
const crashKills = 20
