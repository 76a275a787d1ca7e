package fileio

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway/hostdoc"
)

// MaxMachineFile bounds one <Machine> document: it is a few hundred bytes.
const MaxMachineFile = 64 << 10

// MachinesMsg reports LoadMachines: the documents read, in order, or the
// first file that could not be used.
type MachinesMsg struct {
	Field string // what the operator typed, to ask again with it
	Docs  []string
	Err   error
}

// LoadMachines returns a command that reads the space-separated files
// named in field, each a <Machine> document (as the Host pane saves), and
// checks that each parses; an empty field gives no documents (a new ID
// then binds the host itself).
func LoadMachines(field string) tea.Cmd {
	return func() tea.Msg {
		docs, err := ReadMachines(field)
		return MachinesMsg{Field: field, Docs: docs, Err: err}
	}
}

// ReadMachines reads and checks the <Machine> documents named in field
// (space-separated paths); it runs inside a command.
func ReadMachines(field string) ([]string, error) {
	var docs []string
	for _, p := range strings.Fields(field) {
		abs, err := Expand(p)
		if err != nil {
			return nil, err
		}
		data, err := ReadBounded(abs, MaxMachineFile)
		if err != nil {
			return nil, err
		}
		if _, err := hostdoc.ParseMachine(data); err != nil {
			return nil, fmt.Errorf("%s is not a <Machine> fingerprint document: %v", abs, err)
		}
		docs = append(docs, string(data))
	}
	return docs, nil
}
