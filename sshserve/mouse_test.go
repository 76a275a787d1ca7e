package sshserve

import (
	"fmt"
	"strings"
	"testing"

	"dpconsole/gateway/mockhost"
)

// With Mouse the session asks the client's terminal for the mouse and a
// click on a tab, sent as the terminal sends it (SGR), shows that pane;
// without it the terminal is never asked, so it keeps selecting text.
func TestMouseOverSSH(t *testing.T) {
	for _, on := range []bool{true, false} {
		host := startHost(t, mockhost.Config{})
		s := testServer(t, host, func(c *Config) { c.Mouse = on })
		tm, _ := loginAdmin(t, s, "dumb", 100, 30, nil)
		tm.waitText("logged in as admin")
		raw, plain := tm.output()
		if asked := strings.Contains(raw, "\x1b[?1002h"); asked != on {
			t.Fatalf("mouse %v: the terminal was asked for the mouse: %v", on, asked)
		}
		if !on {
			continue
		}
		x := -1
		for _, l := range strings.Split(plain, "\n") {
			if j := strings.Index(l, "3 Logs"); j >= 0 {
				x = len([]rune(strings.TrimLeft(l[:j], "\r")))
				break
			}
		}
		if x < 0 {
			t.Fatalf("no tabs on the terminal:\n%s", plain)
		}
		// The tabs are the third line of the screen; SGR counts from 1.
		tm.send(fmt.Sprintf("\x1b[<0;%d;3M\x1b[<0;%d;3m", x+2, x+2))
		tm.waitText("Agent log")
		tm.send("q")
		tm.waitExit()
	}
}
