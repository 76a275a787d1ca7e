// Package logs is the Logs pane: a task's log or the agent's log, tailed
// live. It polls the host (backing off as the log grows), adds only the
// new entries to the log view, notices a log that was reset or shrank,
// and saves what is shown to a file. The log view (views/logview) does the
// scrolling, following, search, level filter, wrap and timestamps.
package logs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/progress"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dpconsole/fileio"
	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/gateway/logtail"
	"dpconsole/text/sanitize"
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

// fileName suggests where to save the log: in the working directory,
// named after the configuration and task with anything that would lead
// elsewhere (a separator, a leading dot, a control) made a "_".
func (t target) fileName() string {
	if t.Task == "" {
		return "./agent.log"
	}
	return "./" + fileio.SafeName(t.Config) + "-" + fileio.SafeName(t.Task) + ".log"
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
		// streamed: a first load's, whose entries went to the view as they
		// were parsed (up.New is empty); shown: some did.
		streamed, shown bool
	}
	// loadProgress is how much of a first load is read so far.
	loadProgress struct{ read, total int64 }
	savedMsg     struct {
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
	tail       logtail.Tail
	recent     []hostdoc.Entry // the last entries shown, to tell a trimmed log from a reset one
	every      time.Duration   // the poll interval, adapted to what a poll costs
	loading    *loadProgress   // the first load's progress, nil once loaded
	progressAt time.Time       // when its last bytes arrived
	bar        progress.Model  // draws it
	feed       *feed           // the first load in flight
	poll       common.Poll     // the fetch in flight and the poll's tick
	stopped    bool            // the session ended: no polling until it starts again
	loaded     bool
	offline    bool
	hostDown   bool          // the last poll got no answer: the entries are the last known
	hung       time.Duration // the fetch in flight has had no answer this long: the entries are stale
	lastErr    error
	size       int64            // the log document's size at the last poll
	snapshot   logview.Snapshot // what the save prompt will write

	width, height int
}

// New builds the pane; it tails the agent log until a task's log is
// opened.
func New(c *common.Common) *Model {
	m := &Model{c: c, view: logview.New(c.Styles, c.Keys), prompt: prompt.ForConsole(c.Styles, c.Keys.Form), poll: common.NewPoll(c.Calls),
		agentKey: c.Keys.Log.AgentLog, bar: c.Styles.Progress(16)}
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
	case feedMsg:
		return m, m.onFeed(msg)
	case common.HungCheck:
		var next tea.Cmd
		m.hung, next = m.poll.Hung(msg, m.hungAfter())
		if m.hung > 0 && m.arriving() {
			// A first load's answer is on its way: it is as hung as the
			// time since its last bytes, not since the call began.
			if quiet := m.c.Now().Sub(m.progressAt); quiet < m.hungAfter() {
				m.hung = 0
			} else {
				m.hung = quiet
			}
		}
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

// unreachable reports an error that means the host did not answer (no
// connection, a timeout), as opposed to an answer that refused.
func unreachable(err error) bool {
	var bad *gateway.DecodeError
	var te *gateway.TransportError
	if errors.As(err, &bad) && errors.As(err, &te) && te.HTTPStatus == http.StatusOK || errors.Is(err, gateway.ErrTooLarge) {
		return false // the host answered, but not a document (or too much of one): not "not answering"
	}
	return gateway.IsTransport(err) || errors.Is(err, context.DeadlineExceeded)
}

// tooLarge reports that the last poll found the log over the client's
// size limit.
func (m *Model) tooLarge() bool { return errors.Is(m.lastErr, gateway.ErrTooLarge) }

// arriving reports a first load whose answer has begun to arrive.
func (m *Model) arriving() bool { return !m.loaded && m.loading != nil && m.loading.read > 0 }

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
