package palette

import (
	"fmt"
	"os"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/fileio"
	"dpconsole/gateway"
	"dpconsole/views/common"
)

// fileCheckedMsg answers checkFile: whether the file an argument names can
// be sent.
type fileCheckedMsg struct {
	id   uint64
	text string
	err  error
}

// checkFile looks at the file an argument names in a command (it touches
// the disk): it must exist, be a regular readable file, and fit MaxLoad.
func checkFile(id uint64, text, path string) tea.Cmd {
	return func() tea.Msg {
		err := usable(path)
		if err != nil {
			err = fmt.Errorf("%w — fix the path, or esc to go back", err)
		}
		return fileCheckedMsg{id: id, text: text, err: err}
	}
}

func usable(path string) error {
	abs, err := fileio.Expand(path)
	if err != nil {
		return err
	}
	f, err := os.Open(abs)
	if err != nil {
		if os.IsNotExist(err) {
			return fmt.Errorf("%s does not exist: check the path", abs)
		}
		return fmt.Errorf("cannot read %s: %v", abs, err)
	}
	defer f.Close()
	st, err := f.Stat()
	switch {
	case err != nil:
		return fmt.Errorf("cannot read %s: %v", abs, err)
	case st.IsDir():
		return fmt.Errorf("%s is a directory: give a file", abs)
	case !st.Mode().IsRegular():
		return fmt.Errorf("%s is not a regular file", abs)
	case st.Size() > fileio.MaxLoad:
		return fmt.Errorf("%s is %d bytes, the limit is %d", abs, st.Size(), fileio.MaxLoad)
	}
	return nil
}

// onFileChecked accepts the argument whose file can be sent, or asks it
// again with the reason, keeping what was typed.
func (m *Model) onFileChecked(msg fileCheckedMsg) tea.Cmd {
	if msg.id != m.check || m.mode != modeArgs {
		return nil
	}
	m.check = 0
	if msg.err != nil {
		m.errText = m.specs[m.argIdx].Name + ": " + msg.err.Error()
		return nil
	}
	return m.accept(msg.text)
}

// canEditArgs reports whether the result shown is a failure whose
// arguments can be edited and run again.
func (m *Model) canEditArgs() bool {
	if m.mode != modeResult || m.res == nil || len(m.specs) == 0 {
		return false
	}
	return m.res.failure != "" || m.res.status != gateway.StatusOK
}

// editArgs asks the arguments of the failed run again, each pre-filled
// with what was given.
func (m *Model) editArgs() tea.Cmd {
	m.prev, m.values, m.argIdx = m.values, nil, 0
	m.mode, m.res, m.errText, m.note = modeArgs, nil, "", ""
	return m.askArg()
}

// previous returns what the failed run gave for the current argument (the
// n-th value of a repeated one), or "".
func (m *Model) previous() string {
	spec := m.specs[m.argIdx]
	n := 0
	for _, v := range m.values {
		if v.spec.Name == spec.Name {
			n++
		}
	}
	for _, v := range m.prev {
		if v.spec.Name != spec.Name {
			continue
		}
		if n == 0 {
			return v.text
		}
		n--
	}
	return ""
}

// placeholderText words an input's placeholder; without colour it is put
// in parentheses so a capture tells it from a typed value.
func placeholderText(c *common.Common, text string) string {
	if text == "" || c.Styles == nil || !c.Styles.Plain {
		return text
	}
	return "(" + text + ")"
}
