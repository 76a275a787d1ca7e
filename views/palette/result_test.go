package palette

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

func helpKeys(bs []key.Binding) string {
	var parts []string
	for _, b := range bs {
		parts = append(parts, b.Help().Key+" "+b.Help().Desc)
	}
	return strings.Join(parts, " · ")
}

// hasLine reports whether a line of v holds words, however spaced.
func hasLine(v, words string) bool {
	for _, l := range strings.Split(v, "\n") {
		if strings.Join(strings.Fields(l), " ") == words {
			return true
		}
	}
	return false
}

func runes(m *Model, s string) tea.Cmd {
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)})
	return cmd
}

// getID shows production's operations.iic as configGetID's result.
func getID(t *testing.T, m *Model) {
	t.Helper()
	m.choose(mustLookup(t, "configGetID"))
	typeText(m, "production")
	press(m, tea.KeyEnter)
	typeText(m, "operations.iic")
	drive(m, press(m, tea.KeyEnter))
	if m.mode != modeResult || m.res.binary() < 0 {
		t.Fatalf("configGetID: mode %v %+v", m.mode, m.res)
	}
}

// ? in a result lists the result view's keys; ?, q or esc closes the list
// and stays on the result (esc does not go back to the functions).
func TestHelpInResultView(t *testing.T) {
	m := opened(t, newCommon(t))
	m.SetSize(80, 24)
	drive(m, m.choose(mustLookup(t, "configGetList")))
	if h := helpKeys(m.ShortHelp()); !strings.Contains(h, "? keys") {
		t.Fatalf("the footer does not offer ?: %s", h)
	}
	for _, closer := range []tea.KeyMsg{
		{Type: tea.KeyRunes, Runes: []rune("?")}, {Type: tea.KeyEsc}, {Type: tea.KeyRunes, Runes: []rune("q")},
	} {
		runes(m, "?")
		v := ansi.Strip(m.View())
		for _, want := range []string{"keys of the result view", "esc back to list", "s save to file", "? or esc closes this list"} {
			if !hasLine(v, want) {
				t.Fatalf("help lacks %q:\n%s", want, v)
			}
		}
		if strings.Contains(v, "production") {
			t.Fatalf("the result shows under the help:\n%s", v)
		}
		m.Update(closer)
		if m.mode != modeResult || m.help || !strings.Contains(m.View(), "production") {
			t.Fatalf("%s: mode %v help %v:\n%s", closer, m.mode, m.help, m.View())
		}
	}
}

// A binary result offers ./<id-name> to save to; Enter saves it there.
func TestBinaryResultDefaultSavePath(t *testing.T) {
	c := newCommon(t)
	want, err := c.Client.ConfigGetID(c.Ctx, "production", "operations.iic")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	m := opened(t, c)
	getID(t, m)
	runes(m, "s")
	if v := ansi.Strip(m.View()); !strings.Contains(v, "> ./operations.iic") {
		t.Fatalf("no default path:\n%s", v)
	}
	drive(m, press(m, tea.KeyEnter))
	got, err := os.ReadFile("operations.iic")
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("saved %d bytes, %v (note %q, error %q)", len(got), err, m.note, m.errText)
	}
	// A script likewise; a list has no name of its own.
	m.backToList()
	m.choose(mustLookup(t, "sharedGetScript"))
	typeText(m, "verify.xml")
	drive(m, press(m, tea.KeyEnter))
	runes(m, "s")
	if v := ansi.Strip(m.View()); !strings.Contains(v, "> ./verify.xml") {
		t.Fatalf("no default path for a script:\n%s", v)
	}
	m.backToList()
	drive(m, m.choose(mustLookup(t, "configGetList")))
	runes(m, "s")
	if v := ansi.Strip(m.View()); !strings.Contains(v, "Save the 2 results") || !hasLine(v, ">") {
		t.Fatalf("a list was given a path:\n%s", v)
	}
}

func TestSavePathNames(t *testing.T) {
	sep := string(filepath.Separator)
	for in, want := range map[string]string{
		"operations.iic":     "." + sep + "operations.iic",
		"../../etc/x.iic":    "." + sep + "x.iic",
		"":                   "",
		"..":                 "",
		"/":                  "",
		"evil\x1b]0;t\a.iic": "",
		" a.iic ":            "." + sep + "a.iic",
	} {
		if got := here(in); got != want {
			t.Errorf("here(%q) = %q, want %q", in, got, want)
		}
	}
}

// A small binary result is shown whole: offsets, bytes and their ASCII,
// under its size; a large one is cut with what is left said.
func TestBinaryResultHexDump(t *testing.T) {
	c := newCommon(t)
	data, err := c.Client.ConfigGetID(c.Ctx, "production", "operations.iic")
	if err != nil {
		t.Fatal(err)
	}
	m := opened(t, c)
	m.SetSize(80, 24)
	getID(t, m)
	v := ansi.Strip(m.View())
	off := len(data) - 1 - (len(data)-1)%16 // the last line's offset
	last := fmt.Sprintf("%08x  %02x", off, data[off])
	if !strings.Contains(v, fmt.Sprintf("id-contents (binary, %d bytes)", len(data))) ||
		!strings.Contains(v, "00000000  53 44 50 4d") || !strings.Contains(v, "|SDPMOCKID") ||
		!strings.Contains(v, last) || strings.Contains(v, "more bytes") {
		t.Fatalf("hex dump of %d bytes (want a line %q):\n%s", len(data), last, v)
	}
	big := hexLines(bytes.Repeat([]byte{0x1b, 'A'}, 2500))
	if len(big) != hexPreview/16+1 || !strings.Contains(big[len(big)-1], "904 more bytes not shown") {
		t.Fatalf("%d lines, last %q", len(big), big[len(big)-1])
	}
	if strings.ContainsRune(strings.Join(big, ""), 0x1b) {
		t.Fatal("a control byte reached the dump")
	}
	if got := hexLines(nil); len(got) != 1 || got[0] != "(empty)" {
		t.Fatalf("empty result %q", got)
	}
}
