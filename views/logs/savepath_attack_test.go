package logs

import (
	"path/filepath"
	"strings"
	"testing"
)

// The save prompt suggests a file named after the log's configuration and
// task. The task's name is checked when the tasks document is parsed
// (docs/protocol.md §6), but the configuration's comes as the host says
// (agentGetStatus's active configuration, the palette's arguments): a
// hostile host's name walks the suggestion out of the working directory,
// and Enter accepts it.
func TestAttackSavePathSuggestionStaysHere(t *testing.T) {
	for _, tg := range []target{
		{Config: "../../../../home/op/.config/autostart/x", Task: "t"},
		{Config: "/etc/cron.d/x", Task: "t"},
		{Config: "c", Task: "../../x"},
	} {
		p := tg.fileName()
		if clean := filepath.Clean(p); strings.HasPrefix(clean, "..") || filepath.IsAbs(clean) || strings.Contains(clean, string(filepath.Separator)) {
			t.Errorf("the log of %q / %q is offered to be saved as %q", tg.Config, tg.Task, p)
		}
	}
}
