// Package host is the Host pane: the machine fingerprint the host reports
// (hostGetMachine), parsed into its fields and shown as the raw XML, with
// a key to save the document to a file for binding new IDs elsewhere.
package host

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/fileio"
	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/keymap"
	"dpconsole/text/highlight"
	"dpconsole/text/sanitize"
	"dpconsole/views/common"
	"dpconsole/views/pane"
	"dpconsole/widgets/doc"
)

type machineMsg common.Reply[string]

// Model is the Host pane.
type Model struct {
	pane.Frame
	c        *common.Common
	load     common.Load
	loaded   bool
	stale    bool // the host stopped answering: the fingerprint shown is the last known
	err      error
	raw      string
	machine  *hostdoc.Machine
	parseErr string

	doc doc.Model
}

// New builds the pane.
func New(c *common.Common) *Model {
	m := &Model{c: c, Frame: pane.NewFrame(c), load: common.NewLoad(c.Calls),
		doc: doc.New(highlight.ForStyles(c.Styles), "xml", doc.KeysFrom(c.Keys.Nav, true))}
	m.Relayout = m.layout
	m.Hooks = pane.Hooks{Msg: m.onMsg, Key: m.handleKey, Prompt: m.promptMsg, Rest: m.doc.Update}
	m.doc.StatusStyle = c.Styles.Muted // the position line is secondary text
	return m
}

// Init asks the host for its fingerprint.
func (m *Model) Init() tea.Cmd { return m.fetch() }

func (m *Model) fetch() tea.Cmd {
	return common.Fetch(&m.load, m.c, "loading the machine fingerprint", false, (*gateway.Client).HostGetMachine,
		func(r common.Reply[string]) tea.Msg { return machineMsg(r) })
}

// Activate loads the fingerprint when the pane is shown and has none.
func (m *Model) Activate() tea.Cmd {
	m.Hidden = false
	if m.load.InFlight() || (m.loaded && m.err == nil) {
		return nil
	}
	return m.fetch()
}

// Deactivate cancels a load in flight while the pane is hidden; Activate
// loads again.
func (m *Model) Deactivate() {
	m.Hidden = true
	m.load.Cancel() // its reply is dropped
}

// Title names the pane.
func (m *Model) Title() string { return "Host" }

// fieldLines is the title, four fields and the XML heading.
const fieldLines = 6

func (m *Model) layout() {
	m.doc.SetSize(m.Width, max(0, m.Height-fieldLines-m.BottomHeight()))
}

// Update handles keys and replies.
func (m *Model) Update(msg tea.Msg) (common.View, tea.Cmd) { return m, m.Dispatch(msg) }

// onMsg takes the pane's own replies.
func (m *Model) onMsg(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case machineMsg:
		if !m.load.Owns(msg.Call) {
			return nil, true
		}
		if common.IsCancelled(msg.Err) && m.raw != "" && m.loaded {
			return nil, true // keep showing what was loaded before
		}
		if unreachable(msg.Err) && m.raw != "" && m.err == nil {
			// Keep what was read, marked as the last known.
			m.stale = true
			return nil, true
		}
		m.loaded, m.err, m.stale = true, msg.Err, false
		if msg.Err != nil {
			return common.FailSession("read the machine fingerprint", msg.Err), true
		}
		m.raw, m.machine, m.parseErr = msg.Value, nil, ""
		if mc, err := hostdoc.ParseMachine([]byte(msg.Value)); err != nil {
			m.parseErr = err.Error()
		} else {
			m.machine = mc
		}
		return m.doc.SetDocument(doc.Pretty(msg.Value)), true
	case fileio.SavedMsg:
		return pane.Saved(msg, "the machine fingerprint"), true
	case common.SessionStartedMsg:
		return m.Stale(&m.loaded, m.fetch), true
	}
	return nil, false
}

// promptMsg passes msg to the save prompt and saves once it answers.
func (m *Model) promptMsg(msg tea.Msg) tea.Cmd {
	ans, cmd := m.PromptMsg(msg)
	if ans != nil {
		return fileio.Save(ans.Value, []byte(m.raw))
	}
	return cmd
}

func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	km := m.c.Keys
	switch {
	case key.Matches(k, km.Global.Refresh):
		return m.fetch()
	case key.Matches(k, km.Item.SaveToFile):
		if m.raw == "" {
			return common.Flash("no fingerprint loaded yet; press r to load it")
		}
		return m.OpenSavePath("save", "Save the machine fingerprint document to file:", "./machine.xml")
	case key.Matches(k, km.Table.Copy):
		if m.raw == "" {
			return common.Flash("no fingerprint loaded yet; press r to load it")
		}
		return m.c.Copy("the machine fingerprint", []byte(m.raw))
	}
	return m.doc.Update(k)
}

// unreachable reports an error that means the host did not answer.
func unreachable(err error) bool {
	return err != nil && (gateway.IsTransport(err) || errors.Is(err, context.DeadlineExceeded))
}

// View renders the pane.
func (m *Model) View() string {
	s := m.c.Styles
	var b strings.Builder
	b.WriteString(s.Title.Render("Host machine"))
	if m.stale {
		b.WriteString("  " + s.StatusBad.Render("last known — host not answering; r retries"))
	}
	b.WriteString("\n")
	switch {
	case !m.loaded:
		b.WriteString(s.Empty.Render("loading the machine fingerprint…"))
		return b.String()
	case common.IsCancelled(m.err):
		b.WriteString(s.Empty.Render("loading cancelled — press r to try again"))
		return b.String()
	case m.err != nil:
		for _, l := range common.Wrap(sanitize.SanitizeLine("cannot read the machine fingerprint: "+m.err.Error()), m.Width, common.ReasonLines) {
			b.WriteString(s.Error.Render(l) + "\n")
		}
		b.WriteString(s.Muted.Render("press r to retry"))
		return b.String()
	}
	field := func(label, value string) {
		b.WriteString(s.Muted.Render(fmt.Sprintf("%-12s", label)) + sanitize.SanitizeLine(value) + "\n")
	}
	if m.machine != nil {
		field("Hostname", m.machine.Hostname)
		field("OS", m.machine.OS)
		field("Arch", m.machine.Arch)
		field("Fingerprint", m.machine.Fingerprint)
	} else {
		b.WriteString(s.Warning.Render("the document does not parse as a <Machine>: "+m.parseErr) + "\n\n\n\n")
	}
	b.WriteString(common.Heading(s, "── document (s saves it for binding new IDs) ", m.Width) + "\n")
	b.WriteString(m.doc.View())
	return m.WithBottom(b.String())
}

// ShortHelp lists the keys for the footer.
func (m *Model) ShortHelp() []key.Binding {
	km := m.c.Keys
	return m.Frame.ShortHelp(km.Item.SaveToFile, km.Table.Copy, km.Global.Refresh, km.Nav.Up, km.Nav.Down)
}

// FullHelp lists every key of the pane.
func (m *Model) FullHelp() [][]key.Binding {
	km := m.c.Keys
	return [][]key.Binding{{km.Item.SaveToFile, keymap.Relabel(km.Table.Copy, "copy the fingerprint"), km.Global.Refresh}, {km.Nav.Up, km.Nav.Down, km.Nav.PageUp, km.Nav.PageDown}}
}

// CaptureHelp lists the keys of the open prompt or question for the
// footer (its suggestions, or y/N before overwriting a file).
func (m *Model) CaptureHelp() []key.Binding { return m.ShortHelp() }
