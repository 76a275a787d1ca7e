package shared

import (
	"context"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/fileio"
	"dpconsole/gateway"
	"dpconsole/views/common"
	"dpconsole/views/pane"
)

// editing is the shared script open in the editor: saved back through
// the guard (docs/protocol.md §13) once it is an XML document.
type editing struct {
	it   item
	base []byte // the host's version the editor opened on
}

// startEdit opens the editor on the selected shared script as shown.
func (m *Model) startEdit() tea.Cmd {
	it, ok := m.Selected()
	switch {
	case !ok:
		return nil
	case it.Kind == kindID:
		return common.Flash("an ID is binary: l loads a new one from a file")
	case it.Kind != kindScript:
		return common.Flash("the host's " + it.Kind + "s cannot be changed")
	case !m.Doc.Shows(it) || m.Doc.Loading || m.Doc.Err != nil:
		return common.Flash("shared script " + it.Name + " is not loaded yet; press r, then e")
	}
	return m.edit(&editing{it: it, base: append([]byte(nil), m.content...)}, m.content)
}

func (m *Model) edit(e *editing, data []byte) tea.Cmd {
	m.editing = e
	return m.c.Edit(".xml", data)
}

// reedit opens a kept draft of a shared script again.
func (m *Model) reedit(d *pane.Draft) tea.Cmd {
	e := m.drafted
	m.drafted = nil
	if e == nil {
		return nil
	}
	return m.edit(e, d.Data)
}

// onEdited checks the script is XML and saves it through the guard; one
// that is not saved is kept as a draft (e edits it again).
func (m *Model) onEdited(msg fileio.EditedMsg) tea.Cmd {
	e := m.editing
	m.editing = nil
	if e == nil {
		return nil
	}
	what := "shared script " + e.it.Name
	data := pane.StripNote(msg.Data)
	keep := func(reason string) {
		m.drafted = e
		m.Keep(&pane.Draft{For: e.it.Name, What: what, Data: data, Reason: reason})
	}
	switch {
	case msg.Err != nil:
		return common.FlashError("edit of " + what + ": " + msg.Err.Error())
	case !msg.Changed:
		return common.Flash(what + " unchanged; nothing saved")
	}
	if err := common.CheckXML(what, data); err != nil {
		keep(err.Error())
		return nil
	}
	it, text := e.it, string(data)
	return pane.Save(m.c, &pane.Guard{
		What: what, Base: e.base, Mine: data,
		Note: "Every configuration whose tasks name it gets the new one.",
		Get:  func(ctx context.Context, cl *gateway.Client) ([]byte, error) { return fetch(ctx, cl, it) },
		Put:  func(ctx context.Context, cl *gateway.Client) error { return cl.SharedSaveScript(ctx, it.Name, text) },
		Reedit: func(g *pane.Guard, change string) tea.Cmd {
			return m.edit(&editing{it: it, base: g.Base}, pane.WithHostChange(g.Mine, change))
		},
		Keep: func(reason string) tea.Cmd { keep(reason); return nil },
		Done: func(err error) tea.Msg {
			return doneMsg{op: "save " + what, ok: fmt.Sprintf("saved %s (%s)", what, common.Count(len(data), "byte")),
				remember: it, err: err}
		},
	})
}

// copySelected copies the selected item's document as shown, or the
// name of an ID (binary) or of a name the shared area lacks.
func (m *Model) copySelected() tea.Cmd {
	it, ok := m.Selected()
	switch {
	case !ok:
		return nil
	case it.Kind == kindID || m.refs[it].State == refMissing:
		return m.c.Copy("the name "+it.Name, []byte(it.Name))
	case !m.Doc.Shows(it) || m.Doc.Loading || m.Doc.Err != nil:
		return common.Flash(it.Kind + " " + it.Name + " is not loaded yet")
	}
	return m.c.Copy(it.Kind+" "+it.Name, m.content)
}
