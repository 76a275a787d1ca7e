package fileio

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// EditedMsg reports the operator's return from $EDITOR with the file's
// new content. Changed is false when the content is byte-for-byte the
// same as what was handed to the editor.
type EditedMsg struct {
	Tag     string
	Data    []byte
	Changed bool
	Err     error
}

// EditorCommand returns the editor the operator asked for: $VISUAL, then
// $EDITOR, then vi. The value is split on spaces so "code --wait" works.
func EditorCommand() []string {
	for _, env := range []string{"VISUAL", "EDITOR"} {
		if f := strings.Fields(os.Getenv(env)); len(f) > 0 {
			return f
		}
	}
	return []string{"vi"}
}

// Edit returns a command that writes data to a private temporary file
// named with suffix (".xml" gives the editor its highlighting), suspends
// the console to run the editor on it, and answers EditedMsg with what the
// operator saved. The temporary file is removed afterwards.
func Edit(tag, suffix string, data []byte) tea.Cmd {
	prepared, err := prepareEdit(suffix, data)
	if err != nil {
		return func() tea.Msg { return EditedMsg{Tag: tag, Err: err} }
	}
	argv := append(EditorCommand(), prepared.path)
	c := exec.Command(argv[0], argv[1:]...)
	return tea.ExecProcess(c, prepared.finish(tag))
}

type editFile struct {
	dir, path string
	orig      []byte
}

// prepareEdit writes the file the editor opens. Doing it here rather than
// in a Cmd is deliberate: ExecProcess needs the path before it runs, and
// the write is one small local file.
func prepareEdit(suffix string, data []byte) (*editFile, error) {
	dir, err := os.MkdirTemp("", "dpconsole-edit-")
	if err != nil {
		return nil, fmt.Errorf("cannot prepare a file for the editor: %w", err)
	}
	path := filepath.Join(dir, "document"+suffix)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("cannot prepare a file for the editor: %w", err)
	}
	return &editFile{dir: dir, path: path, orig: append([]byte(nil), data...)}, nil
}

// finish reads the edited file back and removes the temporary directory.
func (f *editFile) finish(tag string) tea.ExecCallback {
	return func(runErr error) tea.Msg {
		defer os.RemoveAll(f.dir)
		if runErr != nil {
			var exitErr *exec.ExitError
			if errors.As(runErr, &exitErr) {
				return EditedMsg{Tag: tag, Err: fmt.Errorf("the editor exited with status %d; nothing was saved", exitErr.ExitCode())}
			}
			return EditedMsg{Tag: tag, Err: fmt.Errorf("cannot run the editor %q: %w (set $EDITOR)", EditorCommand()[0], runErr)}
		}
		data, err := ReadBounded(f.path, MaxLoad)
		if err != nil {
			return EditedMsg{Tag: tag, Err: fmt.Errorf("reading back the edited file: %w", err)}
		}
		return EditedMsg{Tag: tag, Data: data, Changed: string(data) != string(f.orig)}
	}
}
