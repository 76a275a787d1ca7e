// Package taskdetail is one task in full, opened from the Tasks pane: its
// definition (highlighted), the schedule in words and the next run, where
// its ID and script resolve (the configuration, then the shared area) and
// whether they exist, its counts and last error, and a strip of its recent
// executions read from its log, newest right, so a flaky task shows at a
// glance.
package taskdetail

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/keymap"
	"dpconsole/text/highlight"
	"dpconsole/text/sanitize"
	"dpconsole/views/common"
	"dpconsole/views/pane"
	"dpconsole/widgets/doc"
)

// Outcome is one execution as the task's log tells it.
type Outcome int

// The outcomes the strip shows.
const (
	Succeeded   Outcome = iota // "Execution N finished"
	Failed                     // "Execution N failed"
	Interrupted                // "Execution N interrupted"
)

// Where an ID or script resolves.
const (
	InConfig = "in the configuration"
	InShared = "in the shared area"
	Missing  = "missing: every run fails"
	Unknown  = "not checked"
)

// loadedMsg is the task read in full.
type loadedMsg struct {
	call     uint64
	def      *hostdoc.Task
	xml      string
	status   gateway.TaskStatus
	statErr  error
	id       string // where the ID resolves ("" without one)
	script   string
	outcomes []Outcome
	err      error
}

// Model is the detail of one task.
type Model struct {
	c            *common.Common
	config, task string
	load         common.Load
	got          *loadedMsg
	doc          doc.Model
	width        int
	height       int
}

// New returns the detail of task in config; Init reads it.
func New(c *common.Common, config, task string) *Model {
	return &Model{c: c, config: config, task: task, load: common.NewLoad(c.Calls),
		doc: doc.New(highlight.ForStyles(c.Styles), "xml", doc.KeysFrom(c.Keys.Nav, true))}
}

// Config and Task name the task shown.
func (m *Model) Config() string { return m.config }

// Task names the task shown.
func (m *Model) Task() string { return m.task }

// Init reads the task.
func (m *Model) Init() tea.Cmd { return m.fetch() }

// fetch reads the definition, the status, the log and where the ID and
// script resolve, in one command.
func (m *Model) fetch() tea.Cmd {
	ctx, call := m.load.Start("reading task "+m.task, m.got != nil)
	cl, config, task := m.c.Client, m.config, m.task
	return func() tea.Msg {
		out := loadedMsg{call: call}
		text, err := cl.ConfigGetTasks(ctx, config)
		if err != nil {
			out.err = err
			return out
		}
		ts, err := hostdoc.ParseTasks([]byte(text))
		if err != nil {
			out.err = err
			return out
		}
		if out.def = ts.Find(task); out.def == nil {
			out.err = fmt.Errorf("%s has no task %s any more", config, task)
			return out
		}
		if b, err := hostdoc.MarshalTask(out.def); err == nil {
			out.xml = string(common.SelfClose(b))
		}
		out.status, out.statErr = cl.TaskGetStatus(ctx, config, task)
		out.id = resolve(ctx, out.def.ID,
			func(ctx context.Context, n string) error { _, err := cl.ConfigGetID(ctx, config, n); return err },
			func(ctx context.Context, n string) error { _, err := cl.SharedGetID(ctx, n); return err })
		out.script = resolve(ctx, out.def.Script,
			func(ctx context.Context, n string) error { _, err := cl.ConfigGetScript(ctx, config, n); return err },
			func(ctx context.Context, n string) error { _, err := cl.SharedGetScript(ctx, n); return err })
		if log, err := cl.TaskGetLog(ctx, config, task); err == nil {
			if _, entries, err := hostdoc.ParseLog([]byte(log)); err == nil {
				out.outcomes = Outcomes(entries)
			}
		}
		return out
	}
}

// resolve says where name is found: the configuration first, then the
// shared area, as a run looks (docs/protocol.md §13).
func resolve(ctx context.Context, name string, inConfig, inShared func(context.Context, string) error) string {
	if name == "" {
		return ""
	}
	switch err := inConfig(ctx, name); {
	case err == nil:
		return InConfig
	case !errors.Is(err, gateway.ErrNotFound):
		return Unknown
	}
	switch err := inShared(ctx, name); {
	case err == nil:
		return InShared
	case errors.Is(err, gateway.ErrNotFound):
		return Missing
	}
	return Unknown
}

// Outcomes reads the executions' ends from a task's log, oldest first.
func Outcomes(entries []hostdoc.Entry) []Outcome {
	var out []Outcome
	for _, e := range entries {
		if !strings.HasPrefix(e.Text, "Execution ") {
			continue
		}
		switch {
		case strings.Contains(e.Text, " finished"):
			out = append(out, Succeeded)
		case strings.Contains(e.Text, " failed"):
			out = append(out, Failed)
		case strings.Contains(e.Text, " interrupted"):
			out = append(out, Interrupted)
		}
	}
	return out
}

// Update takes the detail's reply and keys; back is true when the
// operator leaves the detail. Pause, resume and reset are the pane's.
func (m *Model) Update(msg tea.Msg) (cmd tea.Cmd, back bool) {
	km := m.c.Keys
	if cmd, ok := pane.Handle(m.c, msg); ok {
		return cmd, false // a step of the save as a template
	}
	switch msg := msg.(type) {
	case savedMsg:
		if msg.err != nil {
			return common.Fail("save the task as a template", msg.err), false
		}
		return common.Flash("saved task " + m.task + " as template " + msg.name), false
	case loadedMsg:
		if !m.load.Owns(msg.call) {
			return nil, false
		}
		m.got = &msg
		if msg.err != nil {
			return common.FailSession("read task "+m.task, msg.err), false
		}
		cmd := m.doc.SetDocument(msg.xml)
		m.SetSize(m.width, m.height) // the facts above it are known now
		return cmd, false
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, km.Nav.Back):
			m.load.Cancel()
			return nil, true
		case key.Matches(msg, km.Nav.Enter):
			config, task := m.config, m.task
			return func() tea.Msg { return common.OpenLogMsg{Config: config, Task: task} }, false
		case key.Matches(msg, km.Global.Refresh):
			return m.fetch(), false
		case key.Matches(msg, km.Choose.ID):
			return m.jump("ID"), false
		case key.Matches(msg, km.Choose.Script):
			return m.jump("script"), false
		case key.Matches(msg, km.Item.Edit):
			config := m.config
			return showIn(common.PaneConfigs, common.EditTasksMsg{Config: config}), false
		case key.Matches(msg, km.Task.Template):
			return m.c.Mutating("save templates", m.saveAsTemplate), false
		case key.Matches(msg, km.Table.Copy):
			if m.got == nil || m.got.xml == "" {
				return common.Flash("the task is not read yet"), false
			}
			return m.c.Copy("the definition of "+m.task, []byte(m.got.xml)), false
		}
	}
	return m.doc.Update(msg), false
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

// Refresh reads the task again (after an action on it).
func (m *Model) Refresh() tea.Cmd { return m.fetch() }

// SetSize fits the detail into width x height.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.doc.SetSize(width, max(1, height-len(m.facts())-1))
}

// facts are the lines above the definition.
func (m *Model) facts() []string {
	g := m.got
	if g == nil || g.err != nil || g.def == nil {
		return nil
	}
	s := m.c.Styles
	t := g.def
	label := func(l string) string { return s.Muted.Render(fmt.Sprintf("%-9s", l)) }
	clip := func(l string) string { return ansi.Truncate(l, max(1, m.width), "…") }
	lines := []string{clip(label("schedule") + sanitize.SanitizeLine(Words(t.Schedule)+m.next(t, g.status)))}
	for _, r := range []struct{ what, name, where string }{{"ID", t.ID, g.id}, {"script", t.Script, g.script}} {
		switch {
		case r.name == "":
			lines = append(lines, clip(label(r.what)+s.Muted.Render("none")))
		case r.where == Missing:
			lines = append(lines, clip(label(r.what)+sanitize.SanitizeLine(r.name)+" "+s.StatusBad.Render(r.where)))
		default:
			lines = append(lines, clip(label(r.what)+sanitize.SanitizeLine(r.name)+" "+s.Muted.Render(r.where)))
		}
	}
	st := g.status
	runs := fmt.Sprintf("%s, %d failed · status %s", common.Count(st.ExecCount, "run"), st.ErrorCount, st.Status)
	if g.statErr != nil {
		runs = "status unreadable: " + g.statErr.Error()
	}
	lines = append(lines, clip(label("runs")+sanitize.SanitizeLine(runs)))
	if st.Error != "" {
		lines = append(lines, clip(label("last err")+s.Error.Render(sanitize.SanitizeLine(st.Error))))
	}
	lines = append(lines, label("recent")+m.strip(max(1, m.width-9)))
	return lines
}

// next words the next run, or why there is none.
func (m *Model) next(t *hostdoc.Task, st gateway.TaskStatus) string {
	switch {
	case !t.Enabled:
		return " · disabled: never runs"
	case st.Status == "Paused":
		return " · paused: no next run until resumed"
	}
	sched, err := t.Schedule.Compile()
	if err != nil {
		return ""
	}
	now := m.c.Now()
	from := now
	if !st.StartTime.IsZero() && t.Schedule.Every != "" {
		from = st.StartTime
	}
	n := sched.Next(from)
	if n.Before(now) {
		n = sched.Next(now)
	}
	at := n.Local()
	if m.c.UTC || t.Schedule.Cron != "" {
		at = n.UTC()
	}
	return fmt.Sprintf(" · next %s (in %s)", at.Format("Jan 02 15:04:05 MST"), n.Sub(now).Round(time.Second))
}

// strip draws the recent outcomes, newest right, in at most width cells.
func (m *Model) strip(width int) string {
	s := m.c.Styles
	g := m.got
	if len(g.outcomes) == 0 {
		return s.Muted.Render("no execution in the log yet")
	}
	o := g.outcomes[max(0, len(g.outcomes)-width):]
	var b strings.Builder
	ok, bad := 0, 0
	for _, x := range o {
		switch x {
		case Succeeded:
			ok++
			b.WriteString(s.StatusGood.Render("✓"))
		case Failed:
			bad++
			b.WriteString(s.StatusBad.Render("✗"))
		default:
			b.WriteString(s.StatusWarn.Render("!"))
		}
	}
	sum := fmt.Sprintf(" %d ok, %d failed of the last %d", ok, bad, len(o))
	if len(o)+len(sum) <= width {
		b.WriteString(s.Muted.Render(sum))
	}
	return b.String()
}

// Words says a schedule in words: "every 30 seconds", "cron 0 1 * * * (UTC)".
func Words(sc hostdoc.Schedule) string {
	if sc.Cron != "" {
		return "cron " + sc.Cron + " (UTC)"
	}
	d, err := time.ParseDuration(sc.Every)
	if err != nil {
		return "every " + sc.Every
	}
	var parts []string
	for _, u := range []struct {
		d    time.Duration
		name string
	}{{time.Hour, "hour"}, {time.Minute, "minute"}, {time.Second, "second"}} {
		if n := int(d / u.d); n > 0 {
			parts = append(parts, common.Count(n, u.name))
			d -= time.Duration(n) * u.d
		}
	}
	if len(parts) == 0 {
		return "every " + sc.Every
	}
	if len(parts) == 1 && strings.HasPrefix(parts[0], "1 ") {
		return "every " + strings.TrimPrefix(parts[0], "1 ")
	}
	return "every " + strings.Join(parts, " ")
}

// View renders the detail.
func (m *Model) View() string {
	s := m.c.Styles
	title := s.Title.Render("Task "+sanitize.SanitizeLine(m.task)) + s.Muted.Render(" of "+sanitize.SanitizeLine(m.config))
	switch g := m.got; {
	case g == nil:
		return title + "\n" + s.Empty.Render("reading the task…")
	case g.err != nil:
		lines := common.Wrap(sanitize.Sanitize("cannot read the task: "+g.err.Error()), m.width, common.ReasonLines)
		return title + "\n" + s.Error.Render(strings.Join(lines, "\n"))
	}
	return title + "\n" + strings.Join(m.facts(), "\n") + "\n" + m.doc.View()
}

// Keys are the detail's own keys, for the footer and help.
func (m *Model) Keys() []key.Binding {
	km := m.c.Keys
	return []key.Binding{keymap.Relabel(km.Nav.Enter, "its log"), keymap.Relabel(km.Nav.Back, "back to the tasks"),
		keymap.Relabel(km.Choose.ID, "its ID"), keymap.Relabel(km.Choose.Script, "its script"),
		keymap.Relabel(km.Item.Edit, "edit the definition (the tasks document)"), km.Task.Template,
		km.Global.Refresh, keymap.Relabel(km.Table.Copy, "copy the definition")}
}
