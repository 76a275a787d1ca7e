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
	"dpconsole/msgroute"
	"dpconsole/schedule"
	"dpconsole/text/highlight"
	"dpconsole/text/sanitize"
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

// fetch reads the definition, the status, the log and where the ID and
// script resolve, in one command. Foreground reads show the shell's
// spinner; a refresh after an action does not.
func (m *Model) fetch(foreground bool) tea.Cmd {
	ctx, call := m.poll.Start("reading task "+m.task, !foreground)
	cl, config, task, gen, runs := m.c.Client, m.config, m.task, m.poll.Gen(), m.runs()
	return tea.Batch(m.checkHung(call), func() tea.Msg {
		out := loadedMsg{call: call, gen: gen}
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
		out.runs = runs // the log is read next, on its own (readRuns): a big one must not hold the rest
		return out
	})
}

// checkHung arms the check that marks what shows as the last known when
// call has no answer within the poll's interval (at most
// common.MaxWait), addressed to this detail as its ticks are. The log's
// read is not checked: a big log takes its time, and the status it
// follows was answered.
func (m *Model) checkHung(call uint64) tea.Cmd {
	to := m // the address only
	return msgroute.To(to, common.CheckHung(common.HungAfter(m.interval()), call))
}

// readRuns reads the task's log after a full read, in a command of its
// own; its answer is a poll's, with the status as the full read left it.
func (m *Model) readRuns(gen uint64) tea.Cmd {
	g := m.got
	ctx, call := m.poll.Start("reading the log of task "+m.task, true)
	cl, config, task, runs := m.c.Client, m.config, m.task, g.runs
	status, statErr := g.status, g.statErr
	return func() tea.Msg {
		r, err := runs.Fetch(ctx, cl, config, task)
		return polledMsg{call: call, gen: gen, status: status, statErr: statErr, runs: &r, runsErr: err}
	}
}

// runs is the executions last read (none before the first read).
func (m *Model) runs() Runs {
	if m.got == nil {
		return Runs{}
	}
	return m.got.runs
}

// refresh is a poll: the status, then (onPolled) the log again only when
// the counts or the last start changed since it was read (or its read
// failed, not for being too large), so an idle task costs one call. The
// log is read in a command of its own, so a big one does not leave the
// status unanswered.
func (m *Model) refresh() tea.Cmd {
	g := m.got
	if g == nil || g.err != nil || g.def == nil {
		return m.fetch(false) // nothing read yet to poll: read it all
	}
	if m.poll.InFlight() {
		return nil
	}
	ctx, call := m.poll.Start("polling task "+m.task, true)
	cl, config, task, gen := m.c.Client, m.config, m.task, m.poll.Gen()
	return tea.Batch(m.checkHung(call), func() tea.Msg {
		out := polledMsg{call: call, gen: gen}
		out.status, out.statErr = cl.TaskGetStatus(ctx, config, task)
		return out
	})
}

// RereadLog reports whether a task's log should be read again, from the
// status it was read at, the status now and how the last read ended: when
// an execution started or ended since. A read that failed is not tried
// again until then either (a log that does not parse, or does not arrive
// in time, would fail the same way on every poll; r reads it at once), and
// a log too large to read only once it was reset.
func RereadLog(was, now gateway.TaskStatus, lastErr error) bool {
	same := was.ExecCount == now.ExecCount && was.ErrorCount == now.ErrorCount &&
		was.StartTime.Equal(now.StartTime) && was.EndTime.Equal(now.EndTime)
	if TooLarge(lastErr) {
		return now.ExecCount < was.ExecCount
	}
	return !same
}

// tick arms the next poll, addressed to this detail.
func (m *Model) tick(gen uint64) tea.Cmd {
	to := m // the address only: the command never reads the model
	return msgroute.To(to, m.poll.Next(gen, m.interval(), func(gen uint64) tea.Msg { return tickMsg{gen: gen} }))
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
			return common.FlashError("read-only: " + b.Help().Desc + " (" + b.Help().Key + ") is disabled")
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
	lines := []string{clip(label("schedule") + sanitize.SanitizeLine(schedule.Words(t.Schedule)+m.next(t, g.status)))}
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
	recent := m.strip(max(1, m.width-9))
	if g.runsErr != nil {
		recent = clip(recent + s.Error.Render(sanitize.SanitizeLine(" log unreadable: "+g.runsErr.Error())))
	}
	lines = append(lines, label("recent")+recent)
	return lines
}

// next words the next run, or why there is none: a disabled task, a
// configuration that is not the active one or an agent that runs nothing
// (SetHost), a paused task. The time is in the console's zone (UTC with a
// Z under --utc, else local), a cron's too: the schedule's words say
// that a cron is read in UTC.
func (m *Model) next(t *hostdoc.Task, st gateway.TaskStatus) string {
	now := m.c.Now()
	if why := schedule.Unscheduled(m.config, m.active, m.agent); why != "" && t.Enabled {
		return " · " + why
	}
	n, why := schedule.Next(t.Schedule, t.Enabled, st, now)
	switch {
	case why != "":
		return " · " + why
	case n.IsZero():
		return ""
	}
	return fmt.Sprintf(" · next %s (%s)", m.clock(n), schedule.Countdown(n, now))
}

// clock words t as every time of the console is: UTC with a Z under
// --utc, else local.
func (m *Model) clock(t time.Time) string {
	if m.c.UTC {
		return t.UTC().Format("Jan 02 15:04:05") + "Z"
	}
	return t.Local().Format("Jan 02 15:04:05")
}

// strip draws the recent outcomes, newest right, in at most width cells.
func (m *Model) strip(width int) string {
	s := m.c.Styles
	all := m.got.runs.Outcomes()
	if len(all) == 0 {
		if !m.got.runs.Read() {
			if m.got.runsErr == nil {
				return s.Muted.Render("reading the log…")
			}
			return ""
		}
		return s.Muted.Render("no execution in the log yet")
	}
	// The summary keeps its room: the strip is shortened to leave it, and
	// only a strip too narrow for both goes without it.
	n := min(len(all), width)
	if room := width - len(summary(n, n, n, n)); room >= min(n, minStrip) {
		n = min(n, room)
	}
	o := all[len(all)-n:]
	var b strings.Builder
	ok, bad, cut := 0, 0, 0
	for _, x := range o {
		mark := Glyph(x, s.Plain)
		switch x {
		case Succeeded:
			ok++
			b.WriteString(s.StatusGood.Render(mark))
		case Failed:
			bad++
			b.WriteString(s.StatusBad.Render(mark))
		default:
			cut++
			b.WriteString(s.StatusWarn.Render(mark))
		}
	}
	if sum := summary(ok, bad, cut, len(o)); len(o)+len(sum) <= width {
		b.WriteString(s.Muted.Render(sum))
	}
	return b.String()
}

// minStrip is the fewest marks the strip keeps beside its summary; a
// narrower one shows only marks.
const minStrip = 10

// summary counts what the strip shows; interrupted runs (!) only when
// there are any.
func summary(ok, bad, cut, n int) string {
	if cut > 0 {
		return fmt.Sprintf(" %d ok, %d failed, %d interrupted of the last %d", ok, bad, cut, n)
	}
	return fmt.Sprintf(" %d ok, %d failed of the last %d", ok, bad, n)
}

// View renders the detail.
func (m *Model) View() string {
	s := m.c.Styles
	title := s.Title.Render("Task "+sanitize.SanitizeLine(m.task)) + s.Muted.Render(" of "+sanitize.SanitizeLine(m.config))
	if m.hung > 0 {
		// Stopped, not refusing: the facts are the last answer's.
		title += "  " + s.StatusBad.Render(fmt.Sprintf("last known — no answer for %s", m.hung.Truncate(time.Second)))
	}
	switch g := m.got; {
	case g == nil:
		return title + "\n" + s.Empty.Render("reading the task…")
	case g.err != nil:
		lines := common.Wrap(sanitize.Sanitize("cannot read the task: "+g.err.Error()), m.width, common.ReasonLines)
		return title + "\n" + s.Error.Render(strings.Join(lines, "\n"))
	}
	return title + "\n" + strings.Join(m.lines, "\n") + "\n" + m.doc.View()
}

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
