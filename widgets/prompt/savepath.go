package prompt

import (
	"errors"
	"io/fs"
	"os"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/fileio"
)

// checkedMsg answers check: what is at the path the operator typed.
type checkedMsg struct {
	tok    *int
	path   string // as typed
	abs    string
	exists bool
	isDir  bool
	err    error
}

func nonEmptyPath(s string) error {
	if s == "" {
		return errors.New("type a file path, or press esc to cancel")
	}
	return nil
}

// check looks at path in a command (it touches the disk).
func check(tok *int, path string) tea.Cmd {
	return func() tea.Msg {
		out := checkedMsg{tok: tok, path: path}
		out.abs, out.err = fileio.Expand(path)
		if out.err != nil {
			return out
		}
		st, err := os.Stat(out.abs)
		switch {
		case err == nil:
			out.exists, out.isDir = true, st.IsDir()
		case !errors.Is(err, fs.ErrNotExist):
			out.err = err
		}
		return out
	}
}

// onChecked answers when the path is free, asks when it exists, and
// goes back to editing when it cannot be written. Replies for another
// prompt, an older path, or a check the operator abandoned are dropped.
func (m *Model) onChecked(c checkedMsg) *Answer {
	if c.tok != m.tok || m.state != checking || c.path != strings.TrimSpace(m.input.Value()) {
		return nil
	}
	m.abs = c.abs
	switch {
	case c.err != nil:
		m.state, m.err = typing, c.err.Error()
	case c.isDir:
		m.state, m.err = typing, c.abs+" is a directory: add a file name"
	case c.exists:
		m.state = overwrite
	default:
		return m.answer()
	}
	return nil
}
