package logview

import (
	"bytes"
	"errors"
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

func TestSearchHighlightsAndJumps(t *testing.T) {
	m := newModel(60, 6)
	var es []Entry
	for i := 0; i < 50; i++ {
		text := fmt.Sprintf("line %d", i)
		if i%10 == 3 {
			text = fmt.Sprintf("line %d has the Needle", i)
		}
		es = append(es, Entry{Level: "info", Text: text})
	}
	m.Append(es...)
	press(m, "/")
	if !m.Typing() {
		t.Fatal("/ should open the search prompt")
	}
	if s := status(t, m); !strings.HasPrefix(s, "/") {
		t.Errorf("status while typing = %q, want the prompt", s)
	}
	press(m, "q") // typed, not a quit
	if m.input.Value() != "q" {
		t.Fatalf("typed q gave input %q", m.input.Value())
	}
	m.Update(tea.KeyMsg{Type: tea.KeyBackspace})
	typeText(m, "needle")
	press(m, "enter")
	if m.Typing() || m.Query() != "needle" || m.MatchCount() != 5 {
		t.Fatalf("after enter: typing=%v query=%q matches=%d", m.Typing(), m.Query(), m.MatchCount())
	}
	// Following, so the latest match is current and it is already visible.
	if s := status(t, m); !strings.Contains(s, `"needle" 5/5`) {
		t.Errorf("status = %q, want match 5/5", s)
	}
	press(m, "N", "N")
	lines := screen(t, m)
	if m.Following() || !containsLine(lines, "INFO  line 23 has the Needle") || !containsLine(lines, "INFO  line 22") {
		t.Fatalf("N N should show match 3 (line 23) with its neighbours:\n%s", strings.Join(lines, "\n"))
	}
	press(m, "n", "n", "n")
	if s := status(t, m); !strings.Contains(s, `"needle" 1/5`) {
		t.Errorf("n past the last match should wrap to 1/5, status %q", s)
	}
	m.Append(Entry{Text: "a new NEEDLE"})
	if m.MatchCount() != 6 {
		t.Errorf("appended match not indexed: %d", m.MatchCount())
	}
	press(m, "esc")
	if m.Searching() || m.MatchCount() != 0 {
		t.Error("esc should clear the search")
	}
	// Under a level filter only shown entries match, and n skips the rest.
	m.Append(Entry{Level: "debug", Text: "hidden needle"})
	m.SetMinLevel(LevelInfo)
	m.Search("needle")
	if m.MatchCount() != 6 {
		t.Errorf("filtered search found %d, want 6 (the debug entry is hidden)", m.MatchCount())
	}
	m.SetMinLevel(LevelDebug)
	if m.MatchCount() != 7 {
		t.Errorf("after clearing the filter the search found %d, want 7", m.MatchCount())
	}
	// An upper-case letter makes the search exact.
	m.Search("Needle")
	if m.MatchCount() != 5 {
		t.Errorf("exact search found %d, want 5", m.MatchCount())
	}
}

func TestSearchHighlightInColour(t *testing.T) {
	s := styles(termenv.TrueColor)
	m := New(s, keymap.Default())
	m.SetTimeMode(TimeOff)
	m.SetSize(40, 4)
	m.Append(Entry{Level: "info", Text: "abc needle xyz"}, Entry{Level: "info", Text: "other"})
	m.Search("needle")
	lines := strings.Split(m.View(), "\n")
	want := s.MatchCurrent.Render("needle")
	if !strings.Contains(lines[0], want) || strings.Contains(lines[1], "needle") {
		t.Fatalf("match not highlighted as current: %q", lines[0])
	}
	if ansi.Strip(lines[0]) != "INFO  abc needle xyz" {
		t.Errorf("highlighting changed the text: %q", ansi.Strip(lines[0]))
	}
}

func containsLine(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}

func TestLevelFilter(t *testing.T) {
	m := newModel(60, 30)
	m.Append(entries(0, 20)...)
	press(m, "L", "L") // debug → info → warn
	if m.MinLevel() != LevelWarn {
		t.Fatalf("MinLevel = %v, want warn", m.MinLevel())
	}
	lines := screen(t, m)
	if lines[0] != "WARN  entry 2" || lines[1] != "ERROR entry 3" || lines[2] != "WARN  entry 6" || lines[10] != "" {
		t.Fatalf("warn filter view:\n%s", strings.Join(lines, "\n"))
	}
	if s := status(t, m); !strings.Contains(s, "≥WARN (10 hidden)") {
		t.Errorf("status = %q, want the filter and hidden count", s)
	}
	m.Append(Entry{Level: "info", Text: "quiet"}, Entry{Level: "error", Text: "loud"})
	lines = screen(t, m)
	if lines[10] != "ERROR loud" || containsLine(lines, "INFO  quiet") {
		t.Fatalf("append under a filter:\n%s", strings.Join(lines, "\n"))
	}
	press(m, "L", "L")
	if m.MinLevel() != LevelDebug || !containsLine(screen(t, m), "INFO  quiet") {
		t.Fatal("L should cycle back to showing everything")
	}
	m.SetMinLevel(LevelError)
	m.Reset([]Entry{{Level: "info", Text: "x"}})
	if lines := screen(t, m); !strings.HasPrefix(lines[0], "no entries at ERROR or above (1 hidden)") {
		t.Fatalf("everything filtered out shows %q", lines[0])
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

func TestSaveSnapshot(t *testing.T) {
	m := newModel(60, 5)
	m.SetTimeMode(TimeUTC)
	m.Append(entries(0, 4)...)
	m.Append(Entry{Level: "info", Text: "no time \x1b"})
	cmd := press(m, "s")
	if cmd == nil {
		t.Fatal("s returned no command")
	}
	req, ok := cmd().(SaveRequestMsg)
	if !ok {
		t.Fatalf("s sent %T", cmd())
	}
	m.Append(entries(4, 100)...) // later entries are not in the snapshot
	m.Reset(nil)
	var buf bytes.Buffer
	n, err := req.Snapshot.WriteTo(&buf)
	if err != nil || n != int64(buf.Len()) {
		t.Fatalf("WriteTo = %d, %v (wrote %d)", n, err, buf.Len())
	}
	want := "2026-11-29T09:00:00Z DEBUG entry 0\n" +
		"2026-11-29T09:00:01Z INFO  entry 1\n" +
		"2026-11-29T09:00:02Z WARN  entry 2\n" +
		"2026-11-29T09:00:03Z ERROR entry 3\n" +
		"- INFO  no time ^[\n"
	if buf.String() != want {
		t.Fatalf("saved:\n%s\nwant:\n%s", buf.String(), want)
	}
	// The filter applies to what is saved.
	m.Append(entries(0, 8)...)
	m.SetMinLevel(LevelError)
	buf.Reset()
	if _, err := m.WriteTo(&buf); err != nil || strings.Count(buf.String(), "\n") != 2 {
		t.Fatalf("filtered save = %q, %v", buf.String(), err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestSaveReportsWriteErrors(t *testing.T) {
	m := newModel(60, 5)
	m.Append(entries(0, 10)...)
	if _, err := m.WriteTo(failWriter{}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("WriteTo to a failing writer = %v", err)
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

func TestMatchSpans(t *testing.T) {
	q := newQuery("ab")
	text := "xxABxxabxab"
	if got := fmt.Sprint(q.spans(text, 0, len(text))); got != "[[2 4] [6 8] [9 11]]" {
		t.Errorf("spans = %s", got)
	}
	// A match across a row boundary is highlighted on both rows.
	if got := fmt.Sprint(q.spans(text, 0, 3), q.spans(text, 3, 7)); got != "[[2 3]] [[3 4] [6 7]]" {
		t.Errorf("split spans = %s", got)
	}
	if indexFold("Hello WORLD", "world") != 6 || indexFold("abc", "abcd") != -1 || indexFold("", "a") != -1 {
		t.Error("indexFold")
	}
	if newQuery("World").index("hello world") != -1 {
		t.Error("an upper-case query should match exactly")
	}
}

func TestSnapshotWhileAppending(t *testing.T) {
	m := newModel(60, 5)
	m.Append(entries(0, chunkSize-10)...)
	snap := m.Snapshot()
	done := make(chan string)
	go func() {
		var buf bytes.Buffer
		if _, err := snap.WriteTo(&buf); err != nil {
			done <- err.Error()
			return
		}
		done <- fmt.Sprint(strings.Count(buf.String(), "\n"))
	}()
	m.Append(entries(chunkSize, 2*chunkSize)...) // fills the shared chunk and adds more
	if got := <-done; got != fmt.Sprint(chunkSize-10) {
		t.Fatalf("snapshot wrote %s lines, want %d", got, chunkSize-10)
	}
}
