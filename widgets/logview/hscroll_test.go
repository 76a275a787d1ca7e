package logview

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"dpconsole/keymap"
)

// TestSidewaysScroll: without wrap, right and left move the text of long
// entries by half the text area; "…" marks the hidden side and the status
// says which column is first.
func TestSidewaysScroll(t *testing.T) {
	m := newModel(40, 4)
	long := strings.Repeat("0123456789", 10) // 100 cells; the area is 34
	m.Append(Entry{Level: "info", Text: long}, Entry{Level: "warn", Text: "short"})
	press(m, "right")
	if m.XOffset() != 17 {
		t.Fatalf("offset after right = %d, want 17", m.XOffset())
	}
	lines := screen(t, m)
	if want := "INFO  …" + long[18:50] + "…"; lines[0] != want {
		t.Fatalf("scrolled row = %q, want %q", lines[0], want)
	}
	if lines[1] != "WARN  " {
		t.Fatalf("a short entry scrolled past its end = %q", lines[1])
	}
	if !strings.Contains(status(t, m), "col 18") {
		t.Fatalf("status does not say the column: %q", status(t, m))
	}
	press(m, "l", "l", "l", "l", "l", "l")
	lines = screen(t, m)
	if m.XOffset() != 100-34+1 || !strings.HasSuffix(lines[0], long[90:]) || strings.HasSuffix(lines[0], "…") {
		t.Fatalf("right stops at the end of the widest entry: offset %d, row %q", m.XOffset(), lines[0])
	}
	press(m, "h", "h", "h", "h", "h", "h")
	if lines := screen(t, m); m.XOffset() != 0 || lines[0] != "INFO  "+long[:33]+"…" {
		t.Fatalf("left back to the start: offset %d, row %q", m.XOffset(), lines[0])
	}
	// With wrap on, there is nothing to the side: the keys do nothing.
	press(m, "right", "w", "right")
	if m.XOffset() != 0 {
		t.Fatalf("offset with wrap on = %d", m.XOffset())
	}
}

// TestSidewaysWide: a 100,000-character line of wide characters scrolls
// sideways without splitting a character, whatever the column, and the
// column marks make finding it independent of the line's length.
func TestSidewaysWide(t *testing.T) {
	m := newModel(60, 3)
	wide := strings.Repeat("日本", 50_000) // 200,000 cells
	m.Append(Entry{Level: "info", Text: wide})
	if marks := m.marks[0]; len(marks) < 200_000/colStep {
		t.Fatalf("%d column marks for a 200,000-cell line", len(marks))
	}
	for _, x := range []int{1, 2, 63, 64, 65, 127, 128, 99_999, 150_001, 199_960} {
		m.xoff = x
		lines := screen(t, m)
		row := strings.TrimPrefix(lines[0], "INFO  ")
		if strings.ContainsRune(row, '\uFFFD') || !strings.HasPrefix(row, "…") {
			t.Fatalf("offset %d: row %q", x, row)
		}
		// Column x+1 onwards: a character starting at an odd column
		// straddles the edge and is replaced by a blank.
		body := strings.TrimPrefix(row, "…")
		if (x+1)%2 == 1 && !strings.HasPrefix(body, " ") {
			t.Fatalf("offset %d: straddling character not blanked: %q", x, body)
		}
		want := "日"
		if ((x+1)+(x+1)%2)/2%2 == 1 {
			want = "本"
		}
		if got := strings.TrimLeft(body, " "); !strings.HasPrefix(got, want) {
			t.Fatalf("offset %d: row starts %q, want %q", x, got[:min(len(got), 6)], want)
		}
		if w := ansi.StringWidth(lines[0]); w > 60 {
			t.Fatalf("offset %d: row %d cells wide", x, w)
		}
	}
}

// TestHelpListsAllLogKeys: ? lists n and N (next and previous match)
// before any search, and the sideways keys.
func TestHelpListsAllLogKeys(t *testing.T) {
	m := newModel(80, 10)
	var descs []string
	for _, col := range m.FullHelp() {
		for _, b := range col {
			if b.Enabled() {
				descs = append(descs, b.Help().Key+" "+b.Help().Desc)
			}
		}
	}
	all := strings.Join(descs, "; ")
	for _, want := range []string{"n next match (after /)", "N previous match (after /)", "←/h scroll left", "→/l scroll right", "w wrap", "t timestamps", "s save log"} {
		if !strings.Contains(all, want) {
			t.Fatalf("help lacks %q: %s", want, all)
		}
	}
}

// TestSidewaysKeysRebind: the sideways keys come from the key map, so
// the config file's scroll_left and scroll_right move them, the old keys
// stop scrolling and help shows the new ones.
func TestSidewaysKeysRebind(t *testing.T) {
	km := keymap.Default()
	if err := km.Apply(map[string][]string{"scroll_left": {"<"}, "scroll_right": {">", "ctrl+right"}}); err != nil {
		t.Fatal(err)
	}
	m := New(styles(termenv.Ascii), km)
	m.SetTimeMode(TimeOff)
	m.SetSize(40, 4)
	m.Append(Entry{Level: "info", Text: strings.Repeat("0123456789", 10)})
	press(m, "l", "right")
	if m.XOffset() != 0 {
		t.Fatalf("the old keys still scroll: offset %d", m.XOffset())
	}
	press(m, ">")
	if m.XOffset() != 17 {
		t.Fatalf("offset after > = %d, want 17", m.XOffset())
	}
	press(m, "ctrl+right", "h", "<", "<")
	if m.XOffset() != 0 {
		t.Fatalf("offset after ctrl+right, h, <, < = %d, want 0", m.XOffset())
	}
	var help []string
	for _, col := range m.FullHelp() {
		for _, b := range col {
			help = append(help, b.Help().Key+" "+b.Help().Desc)
		}
	}
	all := strings.Join(help, "; ")
	for _, want := range []string{"< scroll left", ">/ctrl+right scroll right"} {
		if !strings.Contains(all, want) {
			t.Fatalf("help lacks %q: %s", want, all)
		}
	}
	if strings.Contains(all, "←/h") {
		t.Fatalf("help still shows the old keys: %s", all)
	}
}
