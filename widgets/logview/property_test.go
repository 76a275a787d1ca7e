package logview

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"pgregory.net/rapid"
)

// TestViewAlwaysFits drives the view with random entries, keys and sizes:
// whatever happens, View fills exactly its size and the position stays valid.
func TestViewAlwaysFits(t *testing.T) {
	texts := []string{"", "short", strings.Repeat("abc ", 60), strings.Repeat("日本語", 40), "tab\there \x1b[1m", "needle in text", "e\u0301 combining", "👩‍💻 emoji"}
	keys := []tea.KeyMsg{
		{Type: tea.KeyUp}, {Type: tea.KeyDown}, {Type: tea.KeyPgUp}, {Type: tea.KeyPgDown},
		{Type: tea.KeyHome}, {Type: tea.KeyEnd}, {Type: tea.KeyEsc},
	}
	runes := []string{"f", "n", "N", "L", "w", "t", "g", "G"}
	rapid.Check(t, func(rt *rapid.T) {
		m := newModel(rapid.IntRange(1, 100).Draw(rt, "w"), rapid.IntRange(1, 30).Draw(rt, "h"))
		steps := rapid.IntRange(1, 60).Draw(rt, "steps")
		for i := 0; i < steps; i++ {
			switch rapid.IntRange(0, 6).Draw(rt, "op") {
			case 0, 1:
				n := rapid.IntRange(1, 20).Draw(rt, "n")
				for j := 0; j < n; j++ {
					m.Append(Entry{Level: rapid.SampledFrom([]string{"debug", "info", "warn", "error", ""}).Draw(rt, "lvl"), Text: rapid.SampledFrom(texts).Draw(rt, "text")})
				}
			case 2:
				m.Update(rapid.SampledFrom(keys).Draw(rt, "key"))
			case 3:
				m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(rapid.SampledFrom(runes).Draw(rt, "rune"))})
			case 4:
				m.Search(rapid.SampledFrom([]string{"", "needle", "日", "a"}).Draw(rt, "q"))
			case 5:
				m.SetSize(rapid.IntRange(1, 100).Draw(rt, "w"), rapid.IntRange(1, 30).Draw(rt, "h"))
			case 6:
				m.Reset(nil)
			}
			lines := strings.Split(m.View(), "\n")
			if len(lines) != m.height {
				rt.Fatalf("view has %d lines at height %d", len(lines), m.height)
			}
			for _, l := range lines {
				if ansi.StringWidth(l) > m.width {
					rt.Fatalf("line %q is wider than %d", l, m.width)
				}
			}
			if n := m.shown(); n > 0 && (m.top < 0 || m.top >= n || m.topRow < 0 || m.topRow >= m.rows(m.top)) {
				rt.Fatalf("position (%d,%d) invalid with %d shown", m.top, m.topRow, n)
			}
			if m.Following() && m.shown() > 0 {
				if ep, er := m.endPos(); ep != m.top || er != m.topRow {
					rt.Fatalf("following but not at the end: (%d,%d) vs (%d,%d)", m.top, m.topRow, ep, er)
				}
			}
		}
	})
}
