// Package taskdetail is one task in full, opened from the Tasks pane: its
// definition (highlighted), the schedule in words and the next run, where
// its ID and script resolve (the configuration, then the shared area) and
// whether they exist, its counts and last error, and a strip of its recent
// executions read from its log, newest right, so a flaky task shows at a
// glance. It polls at the tasks' interval while shown: the status every
// time, the log only when an execution started or ended.
package taskdetail

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/keymap"
	"dpconsole/msgroute"
	"dpconsole/text/highlight"
	"dpconsole/views/common"
	"dpconsole/views/pane"
	"dpconsole/widgets/doc"
)

// Where an ID or script resolves.
const (
	InConfig = "in the configuration"
	InShared = "in the shared area"
	Missing  = "missing: every run fails"
	Unknown  = "not checked"
)

// DefaultRefresh is the poll interval when Common.TaskRefresh is zero,
// the tasks table's.
const DefaultRefresh = 2 * time.Second

// loadedMsg is the task read in full.
type loadedMsg struct {
	call, gen uint64
	def       *hostdoc.Task
	xml       string
	status    gateway.TaskStatus
	statErr   error
	id        string // where the ID resolves ("" without one)
	script    string
	runs      Runs
	runsErr   error // the log could not be read: runs is the last known
	err       error
}

// polledMsg is a poll's answer: the status, and the log read again when
// the counts changed (runs nil when it was not).
type polledMsg struct {
	call, gen uint64
	status    gateway.TaskStatus
	statErr   error
	runs      *Runs
	runsErr   error
}

// tickMsg arms a poll of generation gen. It comes addressed to the
// detail that armed it (a msgroute.Reply naming it), so a tick of a
// detail that was closed or replaced reaches no other.
type tickMsg struct{ gen uint64 }

// Model is the detail of one task.
type Model struct {
	c            *common.Common
	config, task string
	poll         common.Poll // the read in flight and the poll's tick
	got          *loadedMsg
	doc          doc.Model
	lines        []string      // the facts above the definition, worded after each change
	active       string        // the agent's active configuration, as the tasks table last read it
	agent        string        // the agent's state, likewise ("" not known: the next run is worked out)
	hung         time.Duration // the poll in flight has had no answer this long: what shows is the last known
	width        int
	height       int
}

// New returns the detail of task in config; Init reads it and starts
// polling.
func New(c *common.Common, config, task string) *Model {
	return &Model{c: c, config: config, task: task, poll: common.NewPoll(c.Calls),
		doc: doc.New(highlight.ForStyles(c.Styles), "xml", doc.KeysFrom(c.Keys.Nav, true))}
}

func (m *Model) interval() time.Duration {
	if m.c.TaskRefresh > 0 {
		return m.c.TaskRefresh
	}
	return DefaultRefresh
}

// Config and Task name the task shown.
func (m *Model) Config() string { return m.config }

// SetHost tells the detail the agent's state and active configuration,
// as the tasks table reads them each poll: only the active
// configuration's tasks run, and only while the agent is neither Offline
// nor Disabled, so otherwise there is no next run to show.
func (m *Model) SetHost(active, agent string) {
	m.active, m.agent = active, agent
	m.word()
}

// Task names the task shown.
func (m *Model) Task() string { return m.task }

// Init reads the task and starts polling.
func (m *Model) Init() tea.Cmd { return m.poll.Restart(true, m.fetch) }

// Activate polls again when the detail is shown again (its pane was
// hidden).
func (m *Model) Activate() tea.Cmd { return m.poll.Activate(false, m.fetch) }

// Deactivate stops polling and cancels the read in flight: the detail is
// hidden or closed, and no tick of it fetches again.
func (m *Model) Deactivate() { m.poll.Deactivate() }

// Update takes the detail's replies, ticks and keys; back is true when
// the operator leaves the detail (it stops polling then). Pause, resume
// and reset are the pane's.
func (m *Model) Update(msg tea.Msg) (cmd tea.Cmd, back bool) {
	cmd, back = m.update(msg)
	if back {
		m.Deactivate()
	}
	m.word()
	return cmd, back
}

func (m *Model) update(msg tea.Msg) (cmd tea.Cmd, back bool) {
	if cmd, ok := pane.Handle(m.c, msg); ok {
		return cmd, false // a step of the save as a template
	}
	switch msg := msg.(type) {
	case savedMsg:
		if msg.err != nil {
			return common.Fail("save the task as a template", msg.err), false
		}
		return common.Flash("saved task " + m.task + " as template " + msg.name), false
	case msgroute.Reply[*Model]:
		if msg.To != m {
			return nil, false // another detail's
		}
		if chk, ok := msg.Msg.(common.HungCheck); ok {
			var next tea.Cmd
			m.hung, next = m.poll.Hung(chk, common.HungAfter(m.interval()))
			to := m
			return msgroute.To(to, next), false
		}
		t, ok := msg.Msg.(tickMsg)
		if !ok || !m.poll.Due(t.gen) {
			return nil, false // one this one stopped
		}
		return m.refresh(), false
	case loadedMsg:
		return m.onLoaded(msg), false
	case polledMsg:
		return m.onPolled(msg), false
	case common.SessionStartedMsg:
		return m.Refresh(), false
	case tea.KeyMsg:
		if cmd, back, ok := m.handleKey(msg); ok {
			return cmd, back
		}
	}
	return m.doc.Update(msg), false
}

// onLoaded takes a full read: the definition, the status and the runs.
func (m *Model) onLoaded(msg loadedMsg) tea.Cmd {
	if msg.call == m.poll.Current() {
		m.hung = 0
	}
	if !m.poll.Reply(msg.call, msg.gen, msg.err) {
		return nil
	}
	m.got = &msg
	if msg.err != nil {
		if common.IsSessionError(msg.err) {
			return common.Fail("read task "+m.task, msg.err) // polls again on SessionStartedMsg
		}
		return m.tick(msg.gen)
	}
	// The same definition keeps the operator's scroll position.
	cmd := m.doc.SetDocument(msg.xml)
	m.SetSize(m.width, m.height)               // the facts above it are known now
	return tea.Batch(cmd, m.readRuns(msg.gen)) // its answer arms the poll
}

// onPolled takes a poll: the status, and the runs when a run started or
// ended; a failed status read keeps the last known.
func (m *Model) onPolled(msg polledMsg) tea.Cmd {
	if msg.call == m.poll.Current() {
		m.hung = 0
	}
	if !m.poll.Reply(msg.call, msg.gen, msg.statErr) || m.got == nil {
		return nil
	}
	if common.IsSessionError(msg.statErr) {
		return common.Fail("read task "+m.task, msg.statErr)
	}
	g := *m.got
	g.status, g.statErr = msg.status, msg.statErr
	if msg.statErr != nil {
		g.status = m.got.status // the last known
	}
	reread := msg.runs == nil && msg.statErr == nil && RereadLog(m.got.status, msg.status, m.got.runsErr)
	if msg.runs != nil {
		g.runs, g.runsErr = *msg.runs, msg.runsErr
	}
	m.got = &g
	m.SetSize(m.width, m.height) // a last error may come or go
	if reread {
		return m.readRuns(msg.gen) // a run started or ended: its answer arms the poll
	}
	return m.tick(msg.gen)
}

// handleKey acts on the detail's own keys; ok is false for any other key
// (the document scrolls).
func (m *Model) handleKey(msg tea.KeyMsg) (cmd tea.Cmd, back, ok bool) {
	km := m.c.Keys
	switch {
	case key.Matches(msg, km.Nav.Back), key.Matches(msg, km.Global.Quit):
		// q too: the detail is a level below the table (the shell hands
		// it q while it is open, as Esc), not the top of the console.
		return nil, true, true
	case keymap.Refused(msg, km.Item.Edit), keymap.Refused(msg, km.Task.Template):
		return m.refused(msg), false, true
	case key.Matches(msg, km.Nav.Enter):
		config, task := m.config, m.task
		return func() tea.Msg { return common.OpenLogMsg{Config: config, Task: task} }, false, true
	case key.Matches(msg, km.Global.Refresh):
		return m.poll.Restart(true, m.fetch), false, true
	case key.Matches(msg, km.Choose.ID):
		return m.jump("ID"), false, true
	case key.Matches(msg, km.Choose.Script):
		return m.jump("script"), false, true
	case key.Matches(msg, km.Item.Edit):
		config := m.config
		return showIn(common.PaneConfigs, common.EditTasksMsg{Config: config}), false, true
	case key.Matches(msg, km.Task.Template):
		return m.c.Mutating("save templates", m.saveAsTemplate), false, true
	case key.Matches(msg, km.Table.Copy):
		if m.got == nil || m.got.xml == "" {
			return common.Flash("the task is not read yet"), false, true
		}
		return m.c.Copy("the definition of "+m.task, []byte(m.got.xml)), false, true
	}
	return nil, false, false
}

// refused says that a key of the detail is off in read-only mode, in
// the words the shell uses for the panes' keys (ui/readonly.go).
func (m *Model) refused(msg tea.KeyMsg) tea.Cmd {
	for _, b := range m.Keys() {
		if keymap.Refused(msg, b) {
			return common.FlashError("read-only: " + b.Help().Desc + " (" + b.Help().Key + ") is disabled: " + m.c.ReadOnlyRemedy())
		}
	}
	return nil
}

// savedMsg ends a save as a template.
type savedMsg struct {
	name string
	err  error
}

// saveAsTemplate saves the definition as the template of the same name
// through the guard (docs/protocol.md §13): a template that exists is
// shown with the diff of what replaces it and asked about first.
func (m *Model) saveAsTemplate() tea.Cmd {
	g := m.got
	if g == nil || g.def == nil || g.xml == "" {
		return common.Flash("the task is not read yet")
	}
	name, text := g.def.Name, g.xml
	return pane.Save(m.c, &pane.Guard{
		What: "template " + name, Mine: []byte(text),
		Note: "From task " + m.task + " of " + m.config + ".",
		Get: func(ctx context.Context, cl *gateway.Client) ([]byte, error) {
			s, err := cl.TemplateGetTask(ctx, name)
			return []byte(s), err
		},
		Put:  func(ctx context.Context, cl *gateway.Client) error { return cl.TemplateSaveTask(ctx, text) },
		Keep: func(reason string) tea.Cmd { return common.Flash("template " + name + " not saved: " + reason) },
		Done: func(err error) tea.Msg { return savedMsg{name: name, err: err} },
	})
}

func showIn(to int, req tea.Msg) tea.Cmd {
	return func() tea.Msg { return common.ShowInMsg{Pane: to, Msg: req} }
}

// jump goes to the task's ID or script where it resolves: the Shared
// pane for a shared one; a script of the configuration (or one that is
// nowhere) opens in the editor from Configurations.
func (m *Model) jump(kind string) tea.Cmd {
	g := m.got
	if g == nil || g.def == nil {
		return common.Flash("the task is not read yet")
	}
	name, where := g.def.ID, g.id
	if kind == "script" {
		name, where = g.def.Script, g.script
	}
	switch {
	case name == "":
		return common.Flash(m.task + " names no " + kind)
	case where == InShared:
		return showIn(common.PaneShared, common.OpenSharedMsg{Kind: kind, Name: name})
	case kind == "script":
		return showIn(common.PaneConfigs, common.EditScriptMsg{Config: m.config, Name: name})
	case where == InConfig:
		return common.Flash("ID " + name + " is in " + m.config + ": s in Configurations saves it to a file")
	}
	return common.Flash("ID " + name + " is " + where + "; l in Configurations or Shared loads one from a file")
}

// Refresh reads the task again now (after an action on it), in the
// background; polling goes on from its reply.
func (m *Model) Refresh() tea.Cmd { return m.poll.Restart(false, m.fetch) }

// SetSize fits the detail into width x height.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.word()
	m.doc.SetSize(width, max(1, height-len(m.lines)-1))
}

// word words the facts again after any change, so View only joins.
func (m *Model) word() { m.lines = m.facts() }

// ShortHelp is the footer's keys of the detail: its log, back, and the
// actions on its task (the Tasks pane's, which it acts on here).
func (m *Model) ShortHelp() []key.Binding {
	km := m.c.Keys
	return append(m.Keys()[:2:2], km.Task.Pause, km.Task.Resume, km.Task.Reset)
}

// FullHelp is every key of the detail, each once: its own, the scroll of
// the definition, and the actions on its task.
func (m *Model) FullHelp() [][]key.Binding {
	km := m.c.Keys
	return [][]key.Binding{m.Keys(),
		{keymap.Relabel(km.Nav.Up, "scroll the definition"), keymap.Relabel(km.Nav.Down, "scroll the definition"),
			km.Task.Pause, km.Task.Resume, km.Task.Reset}}
}

// Keys are the detail's own keys, for the footer and help.
func (m *Model) Keys() []key.Binding {
	km := m.c.Keys
	return []key.Binding{keymap.Relabel(km.Nav.Enter, "its log"), keymap.Relabel(km.Nav.Back, "back to the tasks"),
		keymap.Relabel(km.Choose.ID, "its ID"), keymap.Relabel(km.Choose.Script, "its script"),
		keymap.Relabel(km.Item.Edit, "edit the definition (the tasks document)"), km.Task.Template,
		km.Global.Refresh, keymap.Relabel(km.Table.Copy, "copy the definition")}
}
