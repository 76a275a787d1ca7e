package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/views/configs"
)

// TestFilesOffPromptAttack4: in a session without files (an SSH session
// without --files), s and l typed into a pane's prompt are text, not the
// refused save and load keys.
func TestFilesOffPromptAttack4(t *testing.T) {
	h := startHost(t)
	m, c := testModel(t, h, nil)
	c.Caps.Files = false
	m.loggedIn = true
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	cm, ok := m.panes[0].(*configs.Model)
	if !ok {
		t.Skipf("pane 0 is %T", m.panes[0])
	}
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("n")})
	if !cm.Capturing() {
		t.Skip("n opened no prompt")
	}
	for _, r := range "sls" {
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	if !strings.Contains(cm.Prompt.View(), "sls") {
		t.Fatalf("prompt shows %q, want sls typed", cm.Prompt.View())
	}
	if strings.Contains(m.View(), "files are off") {
		t.Fatal("a key typed into the prompt was refused as a file key")
	}
}
