package palette

import (
	"fmt"
	"os"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/fileio"
	"dpconsole/views/common"
)

// checkXMLFile looks at the file an XML argument names (@path) in a
// command: it must be usable and hold one well-formed XML document, so a
// YAML file or a note never replaces a script on the host.
func checkXMLFile(id uint64, name, text, path string) tea.Cmd {
	return func() tea.Msg {
		if err := usable(path); err != nil {
			return fileCheckedMsg{id: id, text: text, err: fmt.Errorf("%w — fix the path, or esc to go back", err)}
		}
		abs, err := fileio.Expand(path)
		var data []byte
		if err == nil {
			data, err = fileio.ReadBounded(abs, fileio.MaxLoad)
		}
		if err == nil {
			err = common.CheckXML("the file "+abs, data)
		}
		return fileCheckedMsg{id: id, text: text, err: err}
	}
}

// checkXMLText checks an XML argument typed in place. Text that is no XML
// but names an existing file is most likely a path typed the way binary
// arguments take one: that is said, rather than guessed either way. It
// runs in a command since it may look at the disk.
func checkXMLText(id uint64, name, text string) tea.Cmd {
	return func() tea.Msg {
		err := common.CheckXML(name, []byte(text))
		if err == nil {
			return fileCheckedMsg{id: id, text: text}
		}
		if abs, perr := fileio.Expand(text); perr == nil {
			if st, serr := os.Stat(abs); serr == nil && st.Mode().IsRegular() {
				err = fmt.Errorf("this is a file path: use @%s to send the file's content", text)
			}
		}
		return fileCheckedMsg{id: id, text: text, err: err}
	}
}
