// Package logs is the Logs pane: a task's log or the agent's log, tailed
// live. It polls the host (backing off as the log grows), adds only the
// new entries to the log view, notices a log that was reset or shrank,
// and saves what is shown to a file. The log view (views/logview) does the
// scrolling, following, search, level filter, wrap and timestamps.
package logs

import (
	"bytes"
	"context"
	"dpconsole/text/sanitize"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dpconsole/fileio"
	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/gateway/logtail"
	"dpconsole/keymap"
	"dpconsole/views/common"
	"dpconsole/widgets/logview"
	"dpconsole/widgets/prompt"
)

// DefaultRefresh is the poll interval when Common.LogRefresh is zero.
const DefaultRefresh = time.Second

// target names a log: a task's, or the agent's when Task is "".
type target struct{ Config, Task string }

// String words the target for titles and prompts.
func (t target) String() string {
	if t.Task == "" {
		return "agent log"
	}
	return fmt.Sprintf("log of %s / %s", sanitize.SanitizeLine(t.Config), sanitize.SanitizeLine(t.Task))
}

// fileName suggests where to save the log.
func (t target) fileName() string {
	if t.Task == "" {
		return "./agent.log"
	}
	return "./" + t.Config + "-" + t.Task + ".log"
}

type (
	tickMsg struct{ gen uint64 }
	logMsg  struct {
		gen    uint64
		call   uint64
		target target
		tail   logtail.Tail   // the held log after this poll, kept when it succeeded
		up     logtail.Update // what the poll found
		took   time.Duration  // how long the poll took, transfer and parse
		err    error
	}
	// progressMsg reports how much of a log is read so far.
	progressMsg struct {
		gen         uint64
		read, total int64
		ch          <-chan progressMsg
	}
	savedMsg struct {
		path    string
		entries int
		err     error
	}
)

// Model is the Logs pane.
type Model struct {
	c      *common.Common
	view   *logview.Model
	prompt prompt.Model

	target   target
	lastTask target      // the task log shown last, for a to return to
	agentKey key.Binding // a: switch between the agent log and the task's
	// tail is what the pane holds of the log: the hashes of the bytes it
	// parsed, so a poll parses only what the host appended.
	tail     logtail.Tail
	recent   []hostdoc.Entry // the last entries shown, to tell a trimmed log from a reset one
	every    time.Duration   // the poll interval, adapted to what a poll costs
	loading  *progressMsg    // the first load's progress, nil once loaded
	poll     common.Poll     // the fetch in flight and the poll's tick
	stopped  bool            // the session ended: no polling until it starts again
	loaded   bool
	offline  bool
	hostDown bool          // the last poll got no answer: the entries are the last known
	hung     time.Duration // the fetch in flight has had no answer this long: the entries are stale
	lastErr  error
	size     int64            // the log document's size at the last poll
	snapshot logview.Snapshot // what the save prompt will write

	width, height int
}

// New builds the pane; it tails the agent log until a task's log is
// opened.
func New(c *common.Common) *Model {
	m := &Model{c: c, view: logview.New(c.Styles, c.Keys), prompt: prompt.ForConsole(c.Styles, c.Keys.Form), poll: common.NewPoll(c.Calls),
		agentKey: c.Keys.Log.AgentLog}
	if c.UTC {
		m.view.SetTimeMode(logview.TimeUTC)
	}
	m.view.SetEmptyText("log empty")
	m.setAgentHelp(m.target)
	return m
}

// Init starts tailing.
func (m *Model) Init() tea.Cmd { return m.poll.Restart(!m.loaded, m.fetch) }

// Open tails the log of task in config, or the agent's log when task is
// "". The shell may call it directly instead of sending OpenLogMsg.
func (m *Model) Open(config, task string) tea.Cmd {
	t := target{Config: config, Task: task}
	if t.Task != "" {
		m.lastTask = t
	}
	m.setAgentHelp(t)
	if t == m.target && m.loaded {
		return nil
	}
	m.target, m.tail, m.recent, m.loaded, m.offline, m.hostDown, m.lastErr = t, logtail.Tail{}, nil, false, false, false, nil
	m.every, m.loading = 0, nil
	m.view.Reset(nil)
	m.view.Follow()
	m.view.SetEmptyText("log empty")
	return m.poll.Restart(true, m.fetch)
}

// setAgentHelp words the a key for what it does from t: open the agent
// log, or go back to the task log shown last.
func (m *Model) setAgentHelp(t target) {
	switch {
	case t.Task != "":
		m.agentKey.SetHelp(m.c.Keys.Log.AgentLog.Help().Key, "agent log")
		m.agentKey.SetEnabled(true)
	case m.lastTask.Task != "":
		m.agentKey.SetHelp(m.c.Keys.Log.AgentLog.Help().Key, "log of "+m.lastTask.Task)
		m.agentKey.SetEnabled(true)
	default:
		m.agentKey.SetEnabled(false) // the agent log is shown and no task's was opened
	}
}

// Target returns the config and task whose log is shown ("" task: the
// agent log).
func (m *Model) Target() (config, task string) { return m.target.Config, m.target.Task }

// Activate polls again when the pane is shown.
func (m *Model) Activate() tea.Cmd { return m.poll.Activate(!m.loaded, m.fetch) }

// Deactivate stops polling while the pane is hidden and cancels the
// fetch in flight. The notice goes too: the key that left (Esc, a pane
// key) dismissed it.
func (m *Model) Deactivate() {
	m.poll.Deactivate()
	m.view.DismissNotice()
}

// Title names the pane.
func (m *Model) Title() string { return "Logs" }

// Capturing reports that the search or the save prompt has the keys.
func (m *Model) Capturing() bool { return m.view.Typing() || m.prompt.Active() }

// ConsumesEsc reports that Esc has something to close here (the search
// being typed or shown, the save prompt) before it goes back. A notice
// is not one: any key dismisses it and still does its work, so Esc goes
// back on the first press even while failed polls post notices.
func (m *Model) ConsumesEsc() bool {
	return m.view.Typing() || m.view.Searching() || m.prompt.Active()
}

// SetSize gives the log view all but the title line (and the prompt).
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.prompt.SetWidth(width)
	m.layout()
}

func (m *Model) layout() {
	bottom := 0
	if v := m.prompt.View(); v != "" {
		bottom = lipgloss.Height(v)
	}
	m.view.SetSize(m.width, max(0, m.height-1-bottom))
}

func (m *Model) base() time.Duration {
	if m.c.LogRefresh > 0 {
		return m.c.LogRefresh
	}
	return DefaultRefresh
}

// fetch reads the whole log and works out what is new in the command, so
// Update only appends. A foreground fetch (opening a log) shows the
// shell's spinner and Esc cancels it; polls run in the background.
func (m *Model) fetch(foreground bool) tea.Cmd {
	if m.poll.InFlight() || m.stopped {
		return nil
	}
	op := "loading the " + m.target.String()
	if !foreground {
		op = "polling the " + m.target.String()
	}
	ctx, call := m.poll.Start(op, !foreground)
	gen, t, tail := m.poll.Gen(), m.target, m.tail // the command polls a copy
	cl := m.c.Client
	cmds := []tea.Cmd{common.CheckHung(m.hungAfter(), call)}
	var progress chan progressMsg
	if !m.loaded {
		// The first load of a big log shows how far it is.
		progress = make(chan progressMsg, 1)
		ch := progress
		ctx = gateway.WithProgress(ctx, func(read, total int64) {
			select {
			case ch <- progressMsg{gen: gen, read: read, total: total, ch: ch}:
			default: // the pane has not drawn the last one yet
			}
		})
	}
	cmds = append(cmds, func() tea.Msg {
		if progress != nil {
			defer close(progress)
		}
		start := time.Now()
		up, err := tail.Fetch(ctx, cl, logtail.Target{Config: t.Config, Task: t.Task}, nil)
		return logMsg{gen: gen, call: call, target: t, tail: tail, up: up, took: time.Since(start), err: err}
	})
	if progress != nil {
		// Last, so a runner that runs commands one by one (the tests')
		// finds the load done and the channel closed.
		cmds = append(cmds, waitProgress(progress))
	}
	return tea.Batch(cmds...)
}

// waitProgress waits for the next progress report of a first load.
func waitProgress(ch <-chan progressMsg) tea.Cmd {
	return func() tea.Msg {
		p, ok := <-ch
		if !ok {
			return nil
		}
		return p
	}
}

// hungAfter is how long a fetch may be in flight before the log shows
// as stale: the poll's interval, at most common.MaxWait.
func (m *Model) hungAfter() time.Duration {
	return common.HungAfter(m.interval())
}

// interval is how long the pane waits between polls: the configured
// refresh, or longer when a poll costs more, so tailing a big log takes
// at most about a tenth of a core and of the link.
func (m *Model) interval() time.Duration { return max(m.base(), m.every) }

// Update handles keys, ticks and replies.
func (m *Model) Update(msg tea.Msg) (common.View, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return m, m.handleKey(msg)
	case common.OpenLogMsg:
		return m, m.Open(msg.Config, msg.Task)
	case tickMsg:
		if !m.poll.Due(msg.gen) {
			return m, nil
		}
		return m, m.fetch(false)
	case logMsg:
		return m, m.onLog(msg)
	case progressMsg:
		if msg.gen != m.poll.Gen() || m.loaded {
			return m, nil
		}
		m.loading = &msg
		return m, waitProgress(msg.ch)
	case common.HungCheck:
		var next tea.Cmd
		m.hung, next = m.poll.Hung(msg, m.hungAfter())
		return m, next
	case logview.SaveRequestMsg:
		m.snapshot = msg.Snapshot
		cmd := m.prompt.OpenSavePath("save", fmt.Sprintf("Save the %s (%s shown) to file:", m.target, common.CountAs(msg.Snapshot.Len(), "entry", "entries")),
			m.target.fileName())
		m.layout()
		return m, cmd
	case savedMsg:
		if msg.err != nil {
			return m, common.FlashError(msg.err.Error())
		}
		return m, common.Flash(fmt.Sprintf("saved %s to %s", common.CountAs(msg.entries, "entry", "entries"), msg.path))
	case common.SessionStartedMsg:
		m.stopped = false
		return m, m.poll.Restart(false, m.fetch)
	case common.HostChangedMsg:
		// Changed from the palette (a task reset, an agent restart): poll
		// now rather than at the next tick; a hidden pane polls on
		// Activate anyway.
		if m.stopped || m.poll.Cancelled() {
			return m, nil
		}
		return m, m.poll.Restart(false, m.fetch)
	}
	if m.prompt.Active() {
		return m, m.promptMsg(msg)
	}
	var cmd tea.Cmd
	m.view, cmd = m.view.Update(msg)
	return m, cmd
}

// promptMsg passes msg to the save prompt and saves once it answers.
func (m *Model) promptMsg(msg tea.Msg) tea.Cmd {
	ans, _, cmd := m.prompt.Update(msg)
	m.layout()
	if ans != nil {
		return save(ans.Value, m.snapshot)
	}
	return cmd
}

func (m *Model) onLog(msg logMsg) tea.Cmd {
	if msg.call == m.poll.Current() {
		m.hung = 0
	}
	if !m.poll.Reply(msg.call, msg.gen, msg.err) || msg.target != m.target {
		return nil // superseded, cancelled (Esc pauses polling), another log, or hidden meanwhile
	}
	if msg.err != nil && common.IsSessionError(msg.err) {
		m.stopped = true
		return common.Fail("read the "+m.target.String(), msg.err)
	}
	if msg.err != nil {
		// A failure like the last one posts no new notice: the title
		// already says the host is not answering.
		again := m.lastErr != nil && m.lastErr.Error() == msg.err.Error()
		m.lastErr = msg.err
		m.offline = isOffline(msg.err)
		m.hostDown = unreachable(msg.err)
		switch {
		case m.offline:
			m.view.SetEmptyText("agent offline — press " + m.c.Keys.Agent.Start.Help().Key + " to start it; the log shows again once it runs")
		case m.hostDown:
			m.view.SetEmptyText("host not answering — nothing shown yet; retrying")
			if !again {
				m.view.Notice("host not answering: " + msg.err.Error())
			}
		case !again:
			m.view.Notice("refresh failed: " + msg.err.Error())
		}
		return m.rearm(msg.gen)
	}
	m.lastErr, m.offline, m.hostDown = nil, false, false
	m.view.SetEmptyText("log empty")
	up := msg.up
	if up.Reset && up.Kept > 0 {
		// Some shown entries are still the host's, the rest are not, and
		// the view cannot drop only those: read the log afresh, now.
		m.tail = logtail.Tail{}
		return m.fetch(false)
	}
	switch {
	case up.Fresh:
		m.view.Reset(toView(up.New))
		m.recent = tailOf(nil, up.New)
	case up.Reset:
		// A host that keeps a bounded log drops its oldest entries: the
		// ones shown last are still there, so it was trimmed, not reset.
		trimmed := len(m.recent) > 0 && contains(up.New, m.recent)
		m.view.Reset(toView(up.New))
		if !trimmed {
			m.view.Notice(m.resetNotice(up.Info))
		}
		m.recent = tailOf(nil, up.New)
	case len(up.New) > 0:
		m.view.Append(toView(up.New)...)
		m.recent = tailOf(m.recent, up.New)
	}
	m.tail, m.loaded, m.loading = msg.tail, true, nil
	m.every, m.size = pollCost(msg.took), up.Bytes
	return m.rearm(msg.gen)
}

// pollCost is the interval that keeps polls to about a tenth of the time:
// a poll that took took waits ten times that, at most maxEvery.
func pollCost(took time.Duration) time.Duration {
	const maxEvery = time.Minute
	return min(10*took, maxEvery).Round(time.Second)
}

// rearm schedules the next poll after a reply of generation gen, unless
// the pane was hidden or reopened meanwhile. The interval grows with the
// log.
func (m *Model) rearm(gen uint64) tea.Cmd {
	return m.poll.Next(gen, m.interval(), func(gen uint64) tea.Msg { return tickMsg{gen: gen} })
}

// resetNotice says why the log was shown afresh. It gives no count of
// entries: more arrive while the notice shows, and the status line has
// the count. The agent's start time is shown as its entries' times are.
func (m *Model) resetNotice(info hostdoc.LogInfo) string {
	if info.Kind == "AgentLog" {
		return "the agent restarted: its new log began at " + m.clock(info.Started) + " and is shown from its start"
	}
	return "the log was reset or shrank on the host: it is shown afresh from its start"
}

// clock words t as the log view shows times: local unless the view shows
// UTC, with the date only when it is not today.
func (m *Model) clock(t time.Time) string {
	now := m.c.Now()
	layout, suffix := "15:04:05", ""
	if m.view.TimeMode() == logview.TimeUTC {
		t, now, suffix = t.UTC(), now.UTC(), " UTC"
	} else {
		t, now = t.Local(), now.Local()
	}
	if t.YearDay() != now.YearDay() || t.Year() != now.Year() {
		layout = "2006-01-02 15:04:05"
	}
	return t.Format(layout) + suffix
}

// unreachable reports an error that means the host did not answer (no
// connection, a timeout), as opposed to an answer that refused.
func unreachable(err error) bool {
	return gateway.IsTransport(err) || errors.Is(err, context.DeadlineExceeded)
}

// isOffline reports the host's "agent is offline" refusal.
func isOffline(err error) bool { return common.IsAgentOffline(err) }

func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	if m.prompt.Active() {
		return m.promptMsg(k)
	}
	if !m.view.Typing() && key.Matches(k, m.c.Keys.Global.Refresh) {
		return m.poll.Restart(!m.loaded, m.fetch)
	}
	if !m.view.Typing() && key.Matches(k, m.c.Keys.Table.Copy) {
		line, ok := m.view.Current()
		if !ok {
			return common.Flash("no log line to copy")
		}
		return m.c.Copy("the log line", []byte(line))
	}
	if !m.view.Typing() && key.Matches(k, m.agentKey) {
		if m.target.Task != "" {
			return m.Open("", "")
		}
		return m.Open(m.lastTask.Config, m.lastTask.Task)
	}
	var cmd tea.Cmd
	m.view, cmd = m.view.Update(k)
	return cmd
}

// save writes a snapshot of the shown log atomically.
func save(path string, snap logview.Snapshot) tea.Cmd {
	return func() tea.Msg {
		abs, err := fileio.Expand(path)
		if err != nil {
			return savedMsg{err: err}
		}
		var b bytes.Buffer
		if _, err := snap.WriteTo(&b); err != nil {
			return savedMsg{err: fmt.Errorf("rendering the log: %w", err)}
		}
		if err := fileio.WriteAtomic(abs, b.Bytes(), 0o600); err != nil {
			return savedMsg{err: err}
		}
		return savedMsg{path: abs, entries: snap.Len()}
	}
}

// View renders the title line and the log view.
func (m *Model) View() string {
	s := m.c.Styles
	title := s.Title.Render(strings.ToUpper(m.target.String()[:1]) + m.target.String()[1:])
	switch {
	case m.poll.Cancelled():
		title += "  " + s.Warning.Render("cancelled: polling paused — press r to resume")
	case m.hung > 0 && m.loaded:
		title += "  " + s.StatusBad.Render(fmt.Sprintf("last known — no answer for %s", m.hung.Truncate(time.Second)))
	case m.hung > 0:
		title += "  " + s.StatusBad.Render(fmt.Sprintf("no answer for %s", m.hung.Truncate(time.Second)))
	case !m.loaded && m.lastErr == nil:
		title += s.Muted.Render("  loading…" + m.progressText())
	case m.offline:
		title += "  " + s.StatusBad.Render("agent offline")
	case m.hostDown && m.view.Len() > 0:
		title += "  " + s.StatusBad.Render("last known — host not answering; retrying")
	case m.hostDown:
		title += "  " + s.StatusBad.Render("host not answering; retrying")
	case m.lastErr != nil:
		title += "  " + s.Error.Render("refresh failed")
	case m.every > m.base() || m.size >= 1<<20:
		// A big log is polled less often: say how often, and what it costs.
		title += s.Muted.Render(fmt.Sprintf("  every %s · %s", m.interval(), byteSize(m.size)))
	}
	out := title + "\n" + m.view.View()
	if m.prompt.Active() {
		out += "\n" + m.prompt.View()
	}
	return out
}

// ShortHelp lists the keys for the footer.
func (m *Model) ShortHelp() []key.Binding {
	if m.prompt.Active() {
		return m.prompt.Help()
	}
	return append(m.view.ShortHelp(), m.c.Keys.Log.Save, m.agentKey)
}

// FullHelp lists every key of the pane.
func (m *Model) FullHelp() [][]key.Binding {
	return append(m.view.FullHelp(), []key.Binding{m.c.Keys.Global.Refresh, m.agentKey,
		keymap.Relabel(m.c.Keys.Table.Copy, "copy the match (or the line on top, the newest when following)")})
}

// CaptureHelp lists the keys of the save prompt (y/N before overwriting
// a file) or of the search being typed, for the footer.
func (m *Model) CaptureHelp() []key.Binding {
	if m.prompt.Active() {
		return m.prompt.Help()
	}
	return m.view.ShortHelp()
}

// progressText words a first load's progress: a bar and the bytes read
// of the total when the host said it (a compressed answer does not).
func (m *Model) progressText() string {
	p := m.loading
	if p == nil || p.read == 0 {
		return ""
	}
	if p.total <= 0 {
		return " " + byteSize(p.read) + " read (esc cancels)"
	}
	const width = 20
	done := int(min(width, p.read*width/p.total))
	return fmt.Sprintf(" [%s%s] %s of %s (esc cancels)", strings.Repeat("#", done), strings.Repeat("·", width-done),
		byteSize(p.read), byteSize(p.total))
}

// byteSize words a size: "900 B", "12 KB", "38 MB", "1.2 GB".
func byteSize(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%d KB", n>>10)
	case n < 1<<30:
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
}
