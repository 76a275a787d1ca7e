package cli

import (
	"bytes"
	"context"
	"io"
	"log"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dpconsole/keymap"
	"dpconsole/theme"
)

type quitAtOnce struct{}

func (quitAtOnce) Init() tea.Cmd                       { return tea.Quit }
func (quitAtOnce) Update(tea.Msg) (tea.Model, tea.Cmd) { return quitAtOnce{}, nil }
func (quitAtOnce) View() string                        { return "" }

// --mouse turns the terminal's mouse reporting on (cell motion, SGR),
// and without it the program never asks for the mouse, so the terminal
// keeps selecting text.
func TestMouseFlagReachesTheProgram(t *testing.T) {
	for _, on := range []bool{true, false} {
		var out bytes.Buffer
		opts := append(programOptions(context.Background(), on), tea.WithInput(nil), tea.WithOutput(&out))
		if _, err := tea.NewProgram(quitAtOnce{}, opts...).Run(); err != nil {
			t.Fatal(err)
		}
		asked := strings.Contains(out.String(), "\x1b[?1002h")
		if asked != on {
			t.Fatalf("--mouse %v: the program asked for the mouse %v (%q)", on, asked, out.String())
		}
	}
	th, _ := theme.ByName("dark")
	for _, on := range []bool{true, false} {
		s := localSession(context.Background(), lipgloss.NewRenderer(io.Discard), keymap.Default(), th, nil, Options{Mouse: on}, log.New(io.Discard, "", 0))
		if s.Mouse.On() != on {
			t.Fatalf("--mouse %v: the session's zones are on %v", on, s.Mouse.On())
		}
		s.Mouse.Close()
	}
}
