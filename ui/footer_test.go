package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"dpconsole/gateway"
	"dpconsole/theme"
	"dpconsole/views/common"
)

// keyedPane is a fake pane with keys, for the footer and help tests.
type keyedPane struct {
	fakePane
	short     []key.Binding
	full      [][]key.Binding
	capturing bool
}

func (p *keyedPane) Update(msg tea.Msg) (common.View, tea.Cmd) {
	p.got = append(p.got, msg)
	return p, nil
}
func (p *keyedPane) ShortHelp() []key.Binding  { return p.short }
func (p *keyedPane) FullHelp() [][]key.Binding { return p.full }
func (p *keyedPane) Capturing() bool           { return p.capturing }

func manyKeys(prefix string, n int) []key.Binding {
	var out []key.Binding
	for i := range n {
		k := prefix + string(rune('a'+i))
		out = append(out, key.NewBinding(key.WithKeys(k), key.WithHelp(k, "does thing "+k)))
	}
	return out
}

func keyedModel(t *testing.T) (*Model, *keyedPane) {
	t.Helper()
	h := startHost(t)
	var kp *keyedPane
	m, _ := testModel(t, h, func(c *common.Common) []common.View {
		panes := fakePanes(c)
		kp = &keyedPane{fakePane: fakePane{title: "Configurations"}, short: manyKeys("k", 12),
			full: [][]key.Binding{manyKeys("a", 6), manyKeys("b", 6), manyKeys("c", 6), manyKeys("d", 6), manyKeys("e", 6)}}
		panes[0] = kp
		return panes
	})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.Update(loginDone("operator"))
	return m, kp
}

func lines(s string) []string { return strings.Split(s, "\n") }

func checkFits(t *testing.T, view string, w, h int) {
	t.Helper()
	ls := lines(view)
	if len(ls) != h {
		t.Fatalf("view has %d lines, want %d:\n%s", len(ls), h, view)
	}
	for i, l := range ls {
		if lipgloss.Width(l) > w {
			t.Fatalf("line %d is %d wide: %q", i, lipgloss.Width(l), l)
		}
	}
}

// TestLongErrorWraps: an error is shown whole over up to three lines, the
// pane gets correspondingly less height, the next key dismisses it, and
// the help overlay keeps it in full.
func TestLongErrorWraps(t *testing.T) {
	m, kp := keyedModel(t)
	before := kp.h
	reason := "configDelete: status 502: configuration \"abc\" is active and cannot be deleted; activate another configuration first"
	m.Update(common.ErrMsg{Op: "delete configuration", Err: errors.New(reason)})
	view := m.View()
	checkFits(t, view, 80, 24)
	flat := strings.Join(strings.Fields(view), " ")
	if !strings.Contains(flat, "delete configuration: "+reason) {
		t.Fatalf("the error is not shown whole:\n%s", view)
	}
	if kp.h != before-1 {
		t.Fatalf("pane height %d, want %d (one line less for the wrapped error)", kp.h, before-1)
	}
	m.Update(keyMsg("x"))
	if m.flash != "" || kp.h != before {
		t.Fatalf("a key did not dismiss the error: flash %q, pane height %d", m.flash, kp.h)
	}
	m.Update(keyMsg("?"))
	if flat := strings.Join(strings.Fields(m.View()), " "); !strings.Contains(flat, reason) {
		t.Fatalf("help does not keep the last error:\n%s", m.View())
	}
}

// TestFlashExpiry: a note clears on its own generation's tick only, and
// on a pane switch.
func TestFlashExpiry(t *testing.T) {
	m := loggedIn(t)
	m.Update(common.FlashMsg{Text: "saved one"})
	old := m.flashGen
	m.Update(common.FlashMsg{Text: "saved two"})
	m.Update(flashClearMsg{gen: old})
	if m.flash != "saved two" {
		t.Fatalf("an old tick cleared the newer flash: %q", m.flash)
	}
	m.Update(flashClearMsg{gen: m.flashGen})
	if m.flash != "" {
		t.Fatalf("the flash's own tick did not clear it: %q", m.flash)
	}
	m.Update(common.FlashMsg{Text: "saved three"})
	m.Update(keyMsg("5"))
	if m.flash != "" {
		t.Fatalf("the flash stayed across a pane switch: %q", m.flash)
	}
}

// TestFooterKeys: the footer keeps the pane's first keys and always ends
// with the help key; while the pane captures keys it shows the input's.
func TestFooterKeys(t *testing.T) {
	m, kp := keyedModel(t)
	help := m.helpLine()
	if lipgloss.Width(help) > 80 || !strings.HasSuffix(help, "? help") || !strings.HasPrefix(help, "ka does thing ka") {
		t.Fatalf("footer %q", help)
	}
	kp.capturing = true
	help = m.helpLine()
	if !strings.Contains(help, "enter") || !strings.Contains(help, "esc") || strings.Contains(help, "quit") || strings.Contains(help, "ka") {
		t.Fatalf("footer while capturing %q", help)
	}
}

// TestHelpFitsAndScrolls: at 80x24 the help overlay fits and every key
// can be scrolled to.
func TestHelpFitsAndScrolls(t *testing.T) {
	m, _ := keyedModel(t)
	m.Update(keyMsg("?"))
	checkFits(t, m.View(), 80, 24)
	seen := m.View()
	for range 40 {
		m.Update(keyMsg("j"))
		seen += m.View()
	}
	for _, want := range []string{"ea does thing ea", "ef does thing ef", "T start agent"} {
		if !strings.Contains(seen, want) {
			t.Errorf("help never shows %q", want)
		}
	}
	checkFits(t, m.View(), 80, 24)
}

// TestHeaderAt80 shows everything at 80 columns: the user always, the
// last ping marked when the agent stops answering pings, READ-ONLY.
func TestHeaderAt80(t *testing.T) {
	h := startHost(t)
	c := testCommon(t, h)
	c.Styles.Plain = true
	var hd header
	hd.start(c)
	st := gateway.AgentStatus{Agent: "Active", AppName: "Sertainty Data Protector (dpconsole mock host)", AppVersion: "3.4.0-mock",
		Config: "production", ConfigStatus: "Active", TaskStatus: "Normal"}
	hd.update(c, statusMsg{gen: hd.gen, status: st, latency: 3 * time.Millisecond})
	info := headerInfo{version: "test", gateway: "http://127.0.0.1:18099/api", user: "operator", demo: true}
	c.ReadOnly = true
	v := hd.view(c, info, 80)
	for _, want := range []string{"agent Active", "production Active", "Normal", "ping 3ms", "DEMO HOST",
		"3.4.0-mock", "http://127.0.0.1:18099", "user operator", "READ-ONLY", "Sertainty"} {
		if !strings.Contains(v, want) {
			t.Errorf("header lacks %q:\n%s", want, v)
		}
	}
	checkFits(t, v, 80, 2)
	st.Agent = "Disabled"
	hd.update(c, statusMsg{gen: hd.gen, status: st, pingErr: errors.New("agent disabled")})
	if v := hd.view(c, info, 80); !strings.Contains(v, "3ms (last)") || !strings.Contains(v, "user operator") {
		t.Fatalf("disabled agent:\n%s", v)
	}
	c.ReadOnly = false
	if v := hd.view(c, info, 120); !strings.Contains(v, "http://127.0.0.1:18099/api") {
		t.Fatalf("at 120 the full gateway URL fits:\n%s", v)
	}
}

// TestHeaderNarrowKeepsLabels: at 64 columns the ping goes before the
// labels do: the states are not left bare ("Active production Active
// Normal").
func TestHeaderNarrowKeepsLabels(t *testing.T) {
	h := startHost(t)
	c := testCommon(t, h)
	c.Styles.Plain = true
	var hd header
	hd.start(c)
	st := gateway.AgentStatus{Agent: "Active", AppName: "Sertainty Data Protector", AppVersion: "3.4.0-mock",
		Config: "production", ConfigStatus: "Active", TaskStatus: "Errors"}
	hd.update(c, statusMsg{gen: hd.gen, status: st, latency: 3 * time.Millisecond})
	v := hd.view(c, headerInfo{version: "test", gateway: "http://127.0.0.1:18099/api", user: "operator", demo: true}, 64)
	for _, want := range []string{"agent Active", "cfg production Active", "tasks Errors", "DEMO HOST"} {
		if !strings.Contains(v, want) {
			t.Errorf("header at 64 lacks %q:\n%s", want, v)
		}
	}
	checkFits(t, v, 64, 2)
}

// TestHeaderSessionEnded: after transport failures, a refused session
// makes the header say "not logged in", not "host not answering".
func TestHeaderSessionEnded(t *testing.T) {
	h := startHost(t)
	c := testCommon(t, h)
	var hd header
	hd.start(c)
	hd.update(c, statusMsg{gen: hd.gen, err: &gateway.TransportError{Function: "agentGetStatus", Err: errors.New("refused")}})
	hd.update(c, statusMsg{gen: hd.gen, err: &gateway.Error{Function: "agentGetStatus", Status: gateway.StatusDenied, Message: "session expired"}})
	v := hd.view(c, headerInfo{}, 80)
	if strings.Contains(v, "not answering") || !strings.Contains(v, "not logged in") {
		t.Fatalf("header after the session ended:\n%s", v)
	}
}

// TestHeaderBarHasNoHole: the space between the state and the DEMO HOST
// badge is in the bar's colours, not the terminal's.
func TestHeaderBarHasNoHole(t *testing.T) {
	h := startHost(t)
	c := testCommon(t, h)
	c.Styles = theme.NewStyles(testRenderer(termenv.ANSI256), theme.Dark())
	var hd header
	hd.start(c)
	st := gateway.AgentStatus{Agent: "Active", Config: "production", ConfigStatus: "Active", TaskStatus: "Normal"}
	hd.update(c, statusMsg{gen: hd.gen, status: st, latency: 3 * time.Millisecond})
	line := strings.Split(hd.view(c, headerInfo{version: "test", gateway: "http://127.0.0.1:1/api", user: "operator", demo: true}, 120), "\n")[0]
	// Every run of spaces must come after a background colour, not
	// after a reset.
	if i := strings.Index(line, "\x1b[0m  "); i >= 0 {
		t.Fatalf("plain spaces after a reset at byte %d: %q", i, line)
	}
}
