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

// EditedMsg reports the operator's return from the editor with the file's
// new content. Changed is false when the content is byte-for-byte the
// same as what was handed to the editor. It comes from the editor's exit,
// not from the command that started it, so the shell hands it to the
// shown pane: the editor held the terminal, so no other view can have
// asked.
type EditedMsg struct {
	Data    []byte
	Changed bool
	Err     error
}

// EditorFromEnv returns the editor the operator asked for: $VISUAL, then
// $EDITOR, then vi. The value is split on spaces so "code --wait" works.
func EditorFromEnv(getenv func(string) string) []string {
	for _, env := range []string{"VISUAL", "EDITOR"} {
		if f := strings.Fields(getenv(env)); len(f) > 0 {
			return f
		}
	}
	return []string{"vi"}
}

// Edit returns a command that writes data to a private temporary file
// named with suffix (".xml" gives the editor its highlighting), suspends
// the console to run editor on it, and answers EditedMsg with what the
// operator saved. The temporary file is removed afterwards. An empty
// editor (a session that may not run one) answers with an error.
func Edit(editor []string, suffix string, data []byte) tea.Cmd {
	return EditWhile(editor, suffix, data, nil)
}

// EditWhile is Edit running during beside the editor: it is started when
// the editor is, and its stop is called once the editor has returned.
func EditWhile(editor []string, suffix string, data []byte, during func() (stop func())) tea.Cmd {
	editor = append([]string(nil), editor...)
	data = append([]byte(nil), data...)
	return func() tea.Msg {
		if len(editor) == 0 {
			return EditedMsg{Err: errors.New("this session has no external editor")}
		}
		prepared, err := prepareEdit(suffix, data)
		if err != nil {
			return EditedMsg{Err: err}
		}
		c := exec.Command(editor[0], append(editor[1:], prepared.path)...)
		finish := prepared.finish(editor[0])
		if during != nil {
			stop := during()
			finish = func(runErr error) tea.Msg { stop(); return prepared.finish(editor[0])(runErr) }
		}
		// The runtime takes the exec request from whichever command
		// returns it, so the file is written here, off the update loop.
		return tea.ExecProcess(c, finish)()
	}
}

type editFile struct {
	dir, path string
	orig      []byte
}

// prepareEdit writes the file the editor opens; it runs inside Edit's
// command.
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
func (f *editFile) finish(editor string) tea.ExecCallback {
	return func(runErr error) tea.Msg {
		defer os.RemoveAll(f.dir)
		if runErr != nil {
			var exitErr *exec.ExitError
			if errors.As(runErr, &exitErr) {
				return EditedMsg{Err: fmt.Errorf("the editor exited with status %d; nothing was saved", exitErr.ExitCode())}
			}
			return EditedMsg{Err: fmt.Errorf("cannot run the editor %q: %w (set $EDITOR)", editor, runErr)}
		}
		data, err := ReadBounded(f.path, MaxLoad)
		if err != nil {
			return EditedMsg{Err: fmt.Errorf("reading back the edited file: %w", err)}
		}
		return EditedMsg{Data: data, Changed: string(data) != string(f.orig)}
	}
}
