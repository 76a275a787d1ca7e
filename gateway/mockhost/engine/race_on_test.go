//go:build race

package engine

// crashKills is lower under the race detector, where each re-executed
// child takes several times longer to start.
const crashKills = 12
