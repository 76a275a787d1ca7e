package configs

import (
	"testing"
	"time"

	"dpconsole/views/common"
	"dpconsole/views/panetest"
)

// y copies the selected configuration's name.
func TestCopyConfigurationName(t *testing.T) {
	var clip panetest.Clipboard
	_, _, r := panetest.Open(t, func(c *common.Common) *Model {
		c.Output, c.TaskRefresh = &clip, time.Nanosecond
		return New(c)
	}, isTick)
	r.Key("down")
	r.Key("y")
	if got := clip.Copied(t); got != "staging" {
		t.Fatalf("copied %q", got)
	}
}
