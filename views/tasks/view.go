package tasks

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"dpconsole/text/sanitize"
	"dpconsole/views/common"
)

// Drawing the pane: its title, the table or why there is none, the
// selected task's status lines, and the footer's keys.

// View renders the pane.
func (m *Model) View() string {
	s := m.c.Styles
	if m.full != nil {
		return m.full.View()
	}
	var b strings.Builder
	title := "Tasks"
	if m.config != "" {
		title += " of " + sanitize.SanitizeLine(m.config)
		if m.config == m.active {
			title += " (active)"
		}
	}
	b.WriteString(s.Title.Render(title) + m.habitTitle())
	stale := m.stale()
	switch {
	case stale:
		b.WriteString("  " + s.StatusBad.Render("last known — host not answering"))
	case m.agent != "":
		b.WriteString(s.Muted.Render("  agent: ") + s.StatusStyle(m.agent).Render(sanitize.SanitizeLine(m.agent)))
	}
	b.WriteString("\n")
	switch {
	case m.poll.Cancelled() && !m.loaded:
		b.WriteString(s.Empty.Render("loading cancelled — press r to try again"))
		return b.String()
	case m.err != nil && !m.loaded:
		b.WriteString(m.reason("cannot read the tasks: "+m.err.Error()) + "\n" + s.Muted.Render("retrying; press r to retry now"))
		return b.String()
	case !m.loaded:
		b.WriteString(s.Empty.Render("loading tasks…"))
		return b.String()
	case m.config == "":
		b.WriteString(s.Empty.Render("no active configuration — activate one in Configurations (1)"))
		return b.String()
	case m.parseErr != "":
		b.WriteString(m.reason("the tasks document does not parse: "+m.parseErr) + "\n" +
			s.Muted.Render("press e in Configurations to fix it"))
		return b.String()
	case len(m.rows) == 0:
		b.WriteString(s.Empty.Render("no tasks yet — press e in Configurations to edit"))
		return b.String()
	}
	if stale {
		// Dimmed, colours and all: none of it is current. The marker
		// still shows the selection.
		b.WriteString(m.markTable(dim(s.Muted, m.list.View())))
	} else {
		b.WriteString(m.markTable(m.list.View()))
	}
	if m.detailHeight() > 0 {
		detail := make([]string, m.detailHeight())
		copy(detail, m.detail)
		for i, l := range detail {
			if i == 0 || l == "" {
				detail[i] = s.Muted.Render(l)
			} else {
				detail[i] = s.Error.Render(l)
			}
		}
		b.WriteString("\n" + strings.Join(detail, "\n"))
	}
	b.WriteString("\n" + strings.Join(m.status, "\n"))
	// The pane fills its height with blank rows below the status, not
	// above it.
	if gap := m.height - 1 - m.tableH - m.detailHeight() - len(m.status); gap > 0 {
		b.WriteString(strings.Repeat("\n", gap))
	}
	return b.String()
}

// stale reports that the host stopped answering (a refresh failed to
// reach it, or is in flight longer than its interval): the rows are the
// last known state, not the current one.
func (m *Model) stale() bool {
	return m.loaded && (m.hung > 0 || m.err != nil && unreachable(m.err))
}

// dim renders text (which may hold styles) in st alone.
func dim(st lipgloss.Style, text string) string {
	lines := strings.Split(ansi.Strip(text), "\n")
	for i, l := range lines {
		lines[i] = st.Render(l)
	}
	return strings.Join(lines, "\n")
}

// reason renders an error wrapped to the pane's width (up to
// common.ReasonLines), so it can be read whole.
func (m *Model) reason(text string) string {
	lines := common.Wrap(sanitize.Sanitize(text), m.width, common.ReasonLines)
	for i, l := range lines {
		lines[i] = m.c.Styles.Error.Render(l)
	}
	return strings.Join(lines, "\n")
}

// updateStatus words the status under the table; an error is wrapped
// whole over up to common.ReasonLines lines, so it can be read at 80
// columns.
func (m *Model) updateStatus() {
	s := m.c.Styles
	wrapped := func(st lipgloss.Style, text string) []string {
		lines := common.Wrap(sanitize.SanitizeLine(text), m.width, common.ReasonLines)
		for i, l := range lines {
			lines[i] = st.Render(l)
		}
		return lines
	}
	switch {
	case m.allArm:
		m.status = wrapped(s.InputLabel, fmt.Sprintf("All %s of %s: p pause · u resume · x reset · esc cancel", common.Count(len(m.rows), "task"), m.config))
	case m.poll.Cancelled():
		m.status = []string{s.Warning.Render("refresh cancelled: polling paused — press r to refresh")}
	case m.stale() && m.hung > 0:
		m.status = wrapped(s.StatusBad, fmt.Sprintf("host not answering: no answer for %s — the rows are the last known; still waiting",
			m.hung.Truncate(time.Second)))
	case m.stale():
		m.status = wrapped(s.StatusBad, "host not answering — the rows are the last known, retrying: "+m.err.Error())
	case m.err != nil:
		m.status = wrapped(s.Error, "refresh failed: "+m.err.Error())
	case strings.EqualFold(m.agent, "Offline"):
		m.status = []string{s.StatusBad.Render("agent offline — counts are the last known; press " +
			m.c.Keys.Agent.Start.Help().Key + " to start the agent")}
	case strings.EqualFold(m.agent, "Disabled"):
		m.status = wrapped(s.Warning, "agent disabled — no task runs and every task shows Idle; "+
			m.c.Keys.Agent.Enable.Help().Key+" enables it")
	default:
		m.status = []string{s.StatusBar.Render(fmt.Sprintf("%s · refresh every %s", common.Count(len(m.rows), "task"), m.interval()))}
	}
}

// ShortHelp lists the keys for the footer: the detail's while it is
// open.
func (m *Model) ShortHelp() []key.Binding {
	km := m.c.Keys
	if m.full != nil && !m.allArm {
		return m.full.ShortHelp()
	}
	if keys := m.habitHelp(); keys != nil {
		return keys
	}
	if m.allArm {
		return []key.Binding{km.Task.Pause, km.Task.Resume, km.Task.Reset, km.Form.Cancel}
	}
	return []key.Binding{km.Nav.Enter, km.Task.Pause, km.Task.Resume, km.Task.Reset, m.keys.All}
}

// CaptureHelp lists the keys of the all-tasks question for the footer.
func (m *Model) CaptureHelp() []key.Binding { return m.ShortHelp() }

// FullHelp lists every key of the pane, each once (Enter is in
// habitFullHelp); the detail's alone while it is open.
func (m *Model) FullHelp() [][]key.Binding {
	km := m.c.Keys
	if m.full != nil {
		return m.full.FullHelp()
	}
	return [][]key.Binding{
		{km.Nav.Up, km.Nav.Down, km.Global.Refresh},
		{km.Task.Pause, km.Task.Resume, km.Task.Reset, m.keys.All},
		m.habitFullHelp(),
	}
}
