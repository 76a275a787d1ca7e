package engine

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

// presetFS holds the rule presets the host ships, one XML file each.
//
//go:embed presets/*.xml
var presetFS embed.FS

func presetNames() []string {
	ents, err := fs.ReadDir(presetFS, "presets")
	if err != nil {
		return []string{} // cannot happen: the directory is embedded
	}
	out := make([]string, 0, len(ents))
	for _, e := range ents {
		out = append(out, strings.TrimSuffix(e.Name(), ".xml"))
	}
	sort.Strings(out)
	return out
}
