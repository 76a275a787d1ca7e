package editor

import (
	"io"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"dpconsole/theme"
)

func testStyles(t *testing.T) *theme.Styles {
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii))
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	th, _ := theme.ByName("dark")
	return theme.NewStyles(r, th)
}

func TestValidXMLIsHandedBackAtOnce(t *testing.T) {
	m := New(testStyles(t), ".xml", []byte("<a/>\n<!-- two -->"))
	m.SetSize(40, 10)
	if !strings.Contains(m.View(), "line 1/2") {
		t.Fatalf("the status line does not show the cursor at the top:\n%s", m.View())
	}
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(" ")})
	m.Update(tea.KeyMsg{Type: tea.KeyCtrlS})
	if !m.Done() || !m.Result().Changed || string(m.Result().Data) != " <a/>\n<!-- two -->" {
		t.Fatalf("done %v, result %#v", m.Done(), m.Result())
	}
}

func TestUnchangedSaveIsNotAChange(t *testing.T) {
	m := New(testStyles(t), ".txt", []byte("not xml"))
	m.Update(tea.KeyMsg{Type: tea.KeyCtrlS})
	if !m.Done() || m.Result().Changed || string(m.Result().Data) != "not xml" {
		t.Fatalf("done %v, result %#v", m.Done(), m.Result())
	}
}
