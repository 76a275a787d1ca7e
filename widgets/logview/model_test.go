package logview

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"dpconsole/keymap"
	"dpconsole/theme"
)

var base = time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)

func styles(p termenv.Profile) *theme.Styles {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(p)
	r.SetHasDarkBackground(true)
	return theme.NewStyles(r, theme.Dark())
}

// newModel returns a plain (ASCII profile) view without timestamps, so
// tests read exactly what an operator would see.
func newModel(w, h int) *Model {
	m := New(styles(termenv.Ascii), keymap.Default())
	m.SetLocation(time.UTC)
	m.SetTimeMode(TimeOff)
	m.SetSize(w, h)
	return m
}

func entries(from, n int) []Entry {
	levels := []string{"debug", "info", "warn", "error"}
	out := make([]Entry, n)
	for i := range out {
		out[i] = Entry{Time: base.Add(time.Duration(from+i) * time.Second), Level: levels[(from+i)%4], Text: fmt.Sprintf("entry %d", from+i)}
	}
	return out
}

func press(m *Model, keys ...string) tea.Cmd {
	var cmd tea.Cmd
	for _, k := range keys {
		var msg tea.KeyMsg
		switch k {
		case "up":
			msg = tea.KeyMsg{Type: tea.KeyUp}
		case "down":
			msg = tea.KeyMsg{Type: tea.KeyDown}
		case "enter":
			msg = tea.KeyMsg{Type: tea.KeyEnter}
		case "esc":
			msg = tea.KeyMsg{Type: tea.KeyEsc}
		case "pgup":
			msg = tea.KeyMsg{Type: tea.KeyPgUp}
		case "end":
			msg = tea.KeyMsg{Type: tea.KeyEnd}
		default:
			msg = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
		}
		m, cmd = m.Update(msg)
	}
	return cmd
}

func typeText(m *Model, s string) {
	for _, r := range s {
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// screen returns the view's lines, checking its size on the way.
func screen(t *testing.T, m *Model) []string {
	t.Helper()
	lines := strings.Split(m.View(), "\n")
	if len(lines) != m.height {
		t.Fatalf("view has %d lines, want %d:\n%s", len(lines), m.height, strings.Join(lines, "\n"))
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > m.width {
			t.Fatalf("line %d is %d cells wide, more than %d: %q", i, w, m.width, l)
		}
	}
	return lines
}

func status(t *testing.T, m *Model) string {
	lines := screen(t, m)
	return lines[len(lines)-1]
}

func TestEmptyState(t *testing.T) {
	m := newModel(60, 6)
	if lines := screen(t, m); lines[0] != DefaultEmptyText {
		t.Fatalf("empty log shows %q", lines[0])
	}
	m.SetEmptyText("agent offline: no log")
	if lines := screen(t, m); lines[0] != "agent offline: no log" {
		t.Fatalf("empty text not replaced: %q", lines[0])
	}
	if New(styles(termenv.Ascii), keymap.Default()).View() != "" {
		t.Error("a view with no size should render nothing")
	}
}

func TestFollowAppendsAtTheEnd(t *testing.T) {
	m := newModel(60, 11)
	m.Append(entries(0, 100)...)
	lines := screen(t, m)
	if !strings.HasSuffix(lines[9], "entry 99") || !strings.HasSuffix(lines[0], "entry 90") {
		t.Fatalf("following view should end at entry 99:\n%s", strings.Join(lines, "\n"))
	}
	m.Append(entries(100, 1)...)
	if lines := screen(t, m); !strings.HasSuffix(lines[9], "entry 100") {
		t.Fatalf("appended entry not shown at the bottom: %q", lines[9])
	}
	if !strings.Contains(status(t, m), "FOLLOW") {
		t.Errorf("status should say FOLLOW: %q", status(t, m))
	}
}

func TestScrollUpStopsFollowingAndCountsNewEntries(t *testing.T) {
	m := newModel(60, 11)
	m.Append(entries(0, 100)...)
	press(m, "up")
	if m.Following() {
		t.Fatal("scrolling up should stop following")
	}
	before := screen(t, m)
	if !strings.HasSuffix(before[9], "entry 98") {
		t.Fatalf("one line up should end at entry 98: %q", before[9])
	}
	m.Append(entries(100, 3)...)
	if m.NewCount() != 3 {
		t.Fatalf("NewCount = %d, want 3", m.NewCount())
	}
	after := screen(t, m)
	if strings.Join(before[:10], "\n") != strings.Join(after[:10], "\n") {
		t.Error("appending moved a paused view")
	}
	if s := status(t, m); !strings.Contains(s, "PAUSED") || !strings.Contains(s, "3 new (f follows)") {
		t.Errorf("status = %q, want PAUSED and 3 new", s)
	}
	press(m, "f")
	if !m.Following() || m.NewCount() != 0 {
		t.Fatalf("f should follow again: following=%v new=%d", m.Following(), m.NewCount())
	}
	if lines := screen(t, m); !strings.HasSuffix(lines[9], "entry 102") {
		t.Fatalf("after f the view should end at entry 102: %q", lines[9])
	}
	press(m, "pgup", "end")
	if !m.Following() {
		t.Error("End should follow again")
	}
}

func TestScrollDownStopsAtTheEnd(t *testing.T) {
	m := newModel(60, 5)
	m.Append(entries(0, 10)...)
	press(m, "g")
	if lines := screen(t, m); lines[0] != "DEBUG entry 0" {
		t.Fatalf("g should go to the top: %q", lines[0])
	}
	for i := 0; i < 20; i++ {
		press(m, "down")
	}
	if lines := screen(t, m); lines[3] != "INFO  entry 9" || m.Following() {
		t.Fatalf("scrolling down should stop at the last entry without following: %q following=%v", lines[3], m.Following())
	}
}

func TestWrapAndTruncate(t *testing.T) {
	m := newModel(40, 10)
	long := strings.Repeat("0123456789", 10) // 100 cells
	m.Append(Entry{Level: "info", Text: long}, Entry{Level: "warn", Text: "after"})
	lines := screen(t, m)
	if lines[0] != "INFO  "+long[:33]+"…" {
		t.Fatalf("unwrapped long line = %q", lines[0])
	}
	press(m, "w")
	lines = screen(t, m)
	want := []string{"INFO  " + long[:34], "      " + long[34:68], "      " + long[68:], "WARN  after"}
	for i, w := range want {
		if lines[i] != w {
			t.Fatalf("wrapped row %d = %q, want %q", i, lines[i], w)
		}
	}
	// Scrolling moves by row, inside the wrapped entry.
	m.SetSize(40, 3)
	press(m, "g", "down")
	if lines := screen(t, m); lines[0] != "      "+long[34:68] {
		t.Fatalf("one row down inside a wrapped entry = %q", lines[0])
	}
}

func TestHugeLines(t *testing.T) {
	m := newModel(120, 40)
	m.SetTimeMode(TimeUTC)
	ascii := strings.Repeat("x", 100_000)
	wide := strings.Repeat("日本", 50_000)
	m.Append(Entry{Time: base, Level: "error", Text: ascii}, Entry{Time: base, Level: "info", Text: wide})
	screen(t, m)
	press(m, "w", "g")
	area := m.area()
	for i := 0; i < 1000; i++ {
		press(m, "down")
	}
	lines := screen(t, m)
	if m.top != 0 || m.topRow != 1000 || lines[0] != strings.Repeat(" ", m.prefixWidth())+strings.Repeat("x", area) {
		t.Fatalf("deep inside the ASCII line: top=%d row=%d line %q", m.top, m.topRow, lines[0])
	}
	// The wide line: each row holds area/2 characters of two cells each.
	press(m, "end")
	lines = screen(t, m)
	perRow := area / 2
	rows := (100_000 + perRow - 1) / perRow
	if got := m.rows(1); got != rows {
		t.Fatalf("wide line takes %d rows, want %d", got, rows)
	}
	last := strings.TrimSpace(lines[38])
	if !strings.HasPrefix(last, "日本") && !strings.HasPrefix(last, "本") {
		t.Fatalf("last row of the wide line = %q", last)
	}
	for _, l := range lines[:39] {
		if strings.ContainsRune(l, '\uFFFD') {
			t.Fatalf("a wide character was split: %q", l)
		}
	}
}

func TestControlCharactersShownSafely(t *testing.T) {
	m := newModel(80, 4)
	m.Append(Entry{Level: "error", Text: "red \x1b[31mX\x1b[0m bell\a\r\nnext\ttab \u009b bad\xff"})
	lines := screen(t, m)
	if lines[0] != `ERROR red ^[[31mX^[[0m bell^G↵next    tab \u009b bad`+"\uFFFD" {
		t.Fatalf("control characters = %q", lines[0])
	}
	if strings.ContainsAny(m.View(), "\x1b\a\r\t") {
		t.Fatal("a raw control character reached the view")
	}
}

func TestResetAndNotice(t *testing.T) {
	m := newModel(60, 5)
	m.Append(entries(0, 50)...)
	press(m, "up")
	m.Append(entries(50, 5)...)
	m.Reset(entries(0, 3))
	m.Notice("log was reset by the host (55 → 3 entries)")
	if m.Len() != 3 || m.NewCount() != 0 {
		t.Fatalf("after Reset: Len=%d NewCount=%d", m.Len(), m.NewCount())
	}
	lines := screen(t, m)
	if lines[0] != "DEBUG entry 0" || lines[2] != "WARN  entry 2" {
		t.Fatalf("reset view:\n%s", strings.Join(lines, "\n"))
	}
	if s := status(t, m); !strings.HasPrefix(s, "log was reset by the host") {
		t.Fatalf("notice not shown: %q", s)
	}
	press(m, "down")
	if s := status(t, m); strings.Contains(s, "reset") {
		t.Errorf("notice should clear on the next key: %q", s)
	}
}

func TestTimestampModes(t *testing.T) {
	m := newModel(80, 3)
	m.SetLocation(time.FixedZone("CET", 3600))
	m.SetTimeMode(TimeLocal)
	m.Append(Entry{Time: base, Level: "info", Text: "hello"}, Entry{Level: "info", Text: "untimed"})
	lines := screen(t, m)
	if lines[0] != "2026-11-29 10:00:00 INFO  hello" || lines[1] != strings.Repeat(" ", 20)+"INFO  untimed" {
		t.Fatalf("local time:\n%s", strings.Join(lines, "\n"))
	}
	press(m, "t")
	if lines := screen(t, m); lines[0] != "2026-11-29 09:00:00Z INFO  hello" {
		t.Fatalf("UTC: %q", lines[0])
	}
	press(m, "t")
	if lines := screen(t, m); lines[0] != "INFO  hello" {
		t.Fatalf("no time: %q", lines[0])
	}
	press(m, "t")
	if m.TimeMode() != TimeLocal {
		t.Fatalf("t should cycle back to local, got %v", m.TimeMode())
	}
}

func TestHelpFollowsState(t *testing.T) {
	m := newModel(60, 5)
	enabled := func() (n int) {
		for _, b := range m.ShortHelp() {
			if b.Enabled() {
				n++
			}
		}
		return n
	}
	without := enabled()
	m.Search("x")
	if enabled() != without+2 {
		t.Error("next/prev match keys should be enabled only during a search")
	}
	if len(m.FullHelp()) < 3 {
		t.Error("full help should list navigation and log keys")
	}
	press(m, "/")
	if h := m.ShortHelp(); len(h) != 2 || h[0].Help().Desc != "search" {
		t.Errorf("help while typing = %+v", h)
	}
}

// TestNoticeShowsControls: a notice often quotes the host's words; its
// controls (C1 CSI, OSC, bidi overrides, CR) are shown, never passed on.
func TestNoticeShowsControls(t *testing.T) {
	m := New(styles(termenv.Ascii), keymap.Default())
	m.SetSize(100, 8)
	m.Notice("refresh failed: no\u009b2J\u009d52;c;T1dORUQ=\u009c\u202eevil\rX")
	v := m.View()
	if !strings.Contains(v, "refresh failed: no") || strings.ContainsAny(v, "\x1b\a\u009b\u009d\u202e\r") {
		t.Fatalf("the notice drew the host's controls raw: %q", v)
	}
}
