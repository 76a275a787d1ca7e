package gateway

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// docs/protocol.md documents every function of the registry, so the two
// cannot drift apart.
func TestProtocolDocMentionsEveryFunction(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "docs", "protocol.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	for _, fn := range Functions() {
		row := regexp.MustCompile("(?m)^\\| `" + fn.Name + "` \\|")
		if !row.MatchString(doc) {
			t.Errorf("docs/protocol.md has no table row for %s", fn.Name)
		}
	}
	rows := regexp.MustCompile("(?m)^\\| `[a-zA-Z]+` \\|").FindAllString(doc, -1)
	if len(rows) != len(Functions()) {
		t.Errorf("docs/protocol.md has %d function rows, the registry %d functions", len(rows), len(Functions()))
	}
}
