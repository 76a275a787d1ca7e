package templates

import (
	"context"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/fileio"
	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/views/common"
	"dpconsole/views/pane"
	"dpconsole/widgets/prompt"
)

// skeleton starts a new template.
const skeleton = `<Task name="%s" enabled="true">
  <Description>Describe what tasks made from this template do</Description>
  <Schedule every="1m"/>
  <Action type="protect" source="/data/in" target="/data/out"/>
</Task>
`

type (
	listMsg common.Reply[[]string]
	// doneMsg ends a save; data is what was sent, kept for re-editing
	// when the host refuses it.
	doneMsg struct {
		name   string
		origin string
		data   []byte
		err    error
	}
)

func (m *Model) reload() tea.Cmd {
	return common.Fetch(&m.Load, m.c, "loading the templates", false, (*gateway.Client).TemplateGetList,
		func(r common.Reply[[]string]) tea.Msg { return listMsg(r) })
}

func (m *Model) loadDoc() tea.Cmd {
	name := m.selected()
	if name == "" || m.Hidden || m.Doc.Shows(name) { // hidden: Activate reads it
		return nil
	}
	return m.Doc.Fetch(m.c.Client, name, "loading template "+name, func(ctx context.Context, cl *gateway.Client) (string, error) {
		return cl.TemplateGetTask(ctx, name)
	})
}

// handleKey acts on the pane's keys (Dispatch gave the prompt and a kept
// draft theirs first).
func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	km := m.c.Keys
	name := m.selected()
	switch {
	case key.Matches(k, km.Global.Refresh):
		return m.reload()
	case key.Matches(k, km.Item.New):
		return m.c.Mutating("save templates", func() tea.Cmd {
			return m.OpenPrompt("new", "New template, name:", "", common.ValidName("template"))
		})
	case key.Matches(k, km.Item.Edit):
		return m.c.Mutating("save templates", func() tea.Cmd {
			if name == "" || !m.Doc.Shows(name) {
				return common.Flash("no template loaded to edit; press n for a new one")
			}
			// The save starts from what the host had: a change someone
			// else makes meanwhile is shown before it is overwritten.
			m.origin, m.base = name, m.Doc.Document()
			return m.c.Edit(".xml", []byte(m.Doc.Document()))
		})
	case key.Matches(k, km.Table.Copy):
		if name == "" || !m.Doc.Shows(name) || m.Doc.Loading {
			return common.Flash("no template loaded to copy")
		}
		return m.c.Copy("template "+name, []byte(m.Doc.Document()))
	case key.Matches(k, km.Item.Apply):
		return m.c.Mutating("apply templates", func() tea.Cmd { return m.startApply(name) })
	case key.Matches(k, km.Item.LoadFromFile):
		return m.c.Mutating("save templates", func() tea.Cmd {
			m.origin = ""
			return m.OpenPrompt("load", "Load a template (<Task> document) from file:", "", prompt.NonEmptyPath)
		})
	case key.Matches(k, km.Item.SaveToFile):
		if name == "" || !m.Doc.Shows(name) {
			return nil
		}
		m.saving = m.Doc.Document()
		return m.OpenSavePath("save", "Save template "+name+" to file:", "./"+fileio.SafeName(name)+".xml")
	}
	return m.Move(k, m.loadDoc)
}

// reedit opens the editor on a refused template again.
func (m *Model) reedit(d *pane.Draft) tea.Cmd {
	m.retry, m.origin = d, d.For
	return m.c.Edit(".xml", d.Data)
}

// promptMsg passes msg to the open prompt and acts on its answer: load
// the file named, or save the template to it.
func (m *Model) promptMsg(msg tea.Msg) tea.Cmd {
	ans, cmd := m.PromptMsg(msg)
	if ans == nil {
		return cmd
	}
	switch ans.Purpose {
	case "apply-config":
		if m.apply == nil {
			return nil
		}
		return m.readTarget(ans.Value)
	case "apply-name":
		if m.apply == nil {
			return nil
		}
		return m.saveApplied(ans.Value)
	case "load":
		return fileio.Load(ans.Value)
	case "new":
		// Check the name is free first: an existing template is
		// refused before the operator edits a new one.
		name := ans.Value
		m.naming = name
		return m.c.CheckFree("checking whether template "+name+" exists", name,
			func(ctx context.Context, cl *gateway.Client) error {
				_, err := cl.TemplateGetTask(ctx, name)
				return err
			})
	}
	return fileio.Save(ans.Value, []byte(m.saving))
}

// onFree opens the editor on a new template once its name is known to
// be free, or asks for the name again.
func (m *Model) onFree(msg common.FreeMsg) tea.Cmd {
	if fail := m.c.EndFree(msg); fail != nil {
		return fail
	}
	if msg.Name != m.naming || m.Prompt.Active() {
		return nil // another flow started meanwhile
	}
	m.naming = ""
	if msg.Exists {
		return m.Reprompt("new", "New template, name:", msg.Name, common.ValidName("template"),
			"template "+msg.Name+" exists: e edits it")
	}
	// origin stays empty: the save checks the name again, as another
	// operator may take it while this one edits.
	m.origin, m.fresh = "", true
	return m.c.Edit(".xml", []byte(fmt.Sprintf(skeleton, xmlEscape(msg.Name))))
}

func (m *Model) onEdited(msg fileio.EditedMsg) tea.Cmd {
	retry, fresh := m.retry, m.fresh
	m.retry, m.fresh = nil, false
	msg.Data = pane.StripNote(msg.Data)
	if retry != nil && msg.Err == nil && !msg.Changed {
		if _, err := hostdoc.ParseTemplate(retry.Data); err == nil {
			// A valid draft that was not saved (cancelled, or the host
			// moved): save it as it is.
			return m.save(retry.Data)
		}
	}
	if retry != nil && (msg.Err != nil || !msg.Changed) {
		// The refused draft came back unchanged (or the editor failed):
		// keep it rather than drop it as "unchanged".
		m.Keep(retry)
		text := "the draft is still not saved: " + retry.Reason + " — e to edit again, esc twice to discard"
		if msg.Err != nil {
			text = "template edit: " + msg.Err.Error() + " — the refused draft is kept: e to edit again, esc twice to discard"
		}
		return common.FlashError(text)
	}
	if msg.Err != nil {
		return common.FlashError("template edit: " + msg.Err.Error())
	}
	if !msg.Changed && !fresh {
		return common.Flash("template unchanged; nothing saved")
	}
	// A new template saved as the skeleton left it is still new: save it.
	return m.save(msg.Data)
}

func (m *Model) onLoaded(msg fileio.LoadedMsg) tea.Cmd {
	if msg.Err != nil {
		return common.FlashError(msg.Err.Error())
	}
	return m.save(msg.Data)
}

// save validates a template locally, then saves it through the guard
// (docs/protocol.md §13): a template saved under the name it was opened
// for starts from the host's version the editor was opened on; under any
// other name it expects none, so an existing one is shown and asked
// about first. Every save shows its diff before anything is sent, and a
// template that was not saved is kept for another edit.
func (m *Model) save(data []byte) tea.Cmd {
	origin := m.origin
	draft := func(reason string) *pane.Draft {
		return &pane.Draft{For: origin, What: "template", Data: data, Reason: reason}
	}
	t, err := hostdoc.ParseTemplate(data)
	if err != nil {
		m.Keep(draft(err.Error()))
		return nil
	}
	name, text := t.Name, string(data)
	var base []byte
	if name == origin && origin != "" {
		base = []byte(m.base)
	}
	return pane.Save(m.c, &pane.Guard{
		What: "template " + name, Base: base, Mine: data,
		Get: func(ctx context.Context, cl *gateway.Client) ([]byte, error) {
			s, err := cl.TemplateGetTask(ctx, name)
			return []byte(s), err
		},
		Put: func(ctx context.Context, cl *gateway.Client) error { return cl.TemplateSaveTask(ctx, text) },
		Reedit: func(g *pane.Guard, change string) tea.Cmd {
			m.base, m.origin = string(g.Base), name
			m.retry = draft("the host's version changed while you were editing")
			return m.c.Edit(".xml", pane.WithHostChange(g.Mine, change))
		},
		Keep: func(reason string) tea.Cmd { m.Keep(draft(reason)); return nil },
		Done: func(err error) tea.Msg { return doneMsg{name: name, origin: origin, data: data, err: err} },
	})
}

// xmlEscape quotes s for an XML attribute.
func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) //nolint:errcheck // a Builder does not fail
	return strings.ReplaceAll(b.String(), `"`, "&#34;")
}

func (m *Model) onDone(msg doneMsg) tea.Cmd {
	if msg.err != nil {
		if common.IsSessionError(msg.err) {
			return common.Fail("save template", msg.err)
		}
		reason := "the host refused it: " + msg.err.Error()
		if common.IsCancelled(msg.err) {
			reason = "the save was cancelled (the host may have saved it anyway)"
		}
		m.Keep(&pane.Draft{For: msg.origin, What: "template", Data: msg.data, Reason: reason})
		return nil
	}
	m.SelectNext(msg.name)
	return tea.Batch(common.Flash(fmt.Sprintf("saved template %q", msg.name)), m.reload())
}
