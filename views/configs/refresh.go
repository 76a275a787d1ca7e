package configs

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/text/sanitize"
	"dpconsole/views/common"
)

// Activate refreshes the list at once and keeps it fresh while shown.
func (m *Model) Activate() tea.Cmd {
	if !m.Hidden {
		return nil
	}
	m.Hidden = false
	if !m.Loaded {
		return m.reload(reloadWait)
	}
	return m.reload(reloadRefresh)
}

// Deactivate stops the refresh while the pane is hidden and cancels the
// calls in flight.
func (m *Model) Deactivate() {
	m.gen++
	m.List.Deactivate()
}

// interval is how often the list refreshes itself while shown.
func (m *Model) interval() time.Duration {
	if m.c.TaskRefresh > 0 {
		return m.c.TaskRefresh
	}
	return 2 * time.Second
}

// rearm schedules the next refresh of the list, once per reply.
func (m *Model) rearm() tea.Cmd {
	if m.Hidden {
		return nil
	}
	gen := m.gen
	return tea.Tick(m.interval(), func(time.Time) tea.Msg { return tickMsg{gen: gen} })
}

// reloadKind says who waits for a reload of the list.
type reloadKind int

const (
	// reloadWait: the operator asked, or nothing is shown yet; the
	// shell's spinner shows and Esc cancels.
	reloadWait reloadKind = iota
	// reloadQuiet: after an action or a new login; in the background,
	// and the selected configuration's tasks are read again.
	reloadQuiet
	// reloadRefresh: the periodic refresh; in the background, and the
	// document shown stays unless the selection changed.
	reloadRefresh
)

// reload lists the configurations with their statuses and the agent's
// active one, in one command so the table changes all at once. It
// restarts the refresh loop, so only one ever runs.
func (m *Model) reload(kind reloadKind) tea.Cmd {
	foreground, keepDoc := kind == reloadWait, kind == reloadRefresh
	m.gen++
	m.cancelled = false
	op := "loading configurations"
	if !foreground {
		op = "refreshing configurations"
	}
	ctx, call := m.Load.Start(op, !foreground)
	gen, cl := m.gen, m.c.Client
	// A host that stops answering shows as such within the interval,
	// not when the call times out.
	return tea.Batch(common.CheckHung(common.HungAfter(m.interval()), call), func() tea.Msg {
		names, err := cl.ConfigGetList(ctx)
		if err != nil {
			return listMsg{gen: gen, call: call, keepDoc: keepDoc, err: err}
		}
		rows := make([]row, len(names))
		for i, n := range names {
			rows[i].Name = n
			st, err := cl.ConfigGetStatus(ctx, n)
			if err != nil {
				if common.IsSessionError(err) || common.IsCancelled(err) {
					return listMsg{gen: gen, call: call, keepDoc: keepDoc, err: err}
				}
				rows[i].Err = err.Error()
				continue
			}
			rows[i].Status = st
		}
		out := listMsg{gen: gen, call: call, keepDoc: keepDoc, rows: rows}
		as, err := cl.AgentGetStatus(ctx)
		if common.IsCancelled(err) {
			out.err = err
		} else if err == nil {
			out.active, out.agent = as.Config, as.Agent
		}
		return out
	})
}

func (m *Model) onList(msg listMsg) tea.Cmd {
	if !m.Load.Owns(msg.call) || msg.gen != m.gen {
		return nil // superseded, or the pane was hidden meanwhile
	}
	m.hung = 0
	if common.IsCancelled(msg.err) {
		m.cancelled = true
		return nil
	}
	next := m.rearm()
	if msg.err != nil {
		m.ListErr = msg.err
		if common.IsSessionError(msg.err) {
			return common.Fail("list configurations", msg.err)
		}
		return next
	}
	m.Loaded, m.ListErr = true, nil
	m.rows, m.active, m.agent = msg.rows, msg.active, msg.agent
	byName := make(map[string]row, len(m.rows))
	names := make([]string, len(m.rows))
	for i, r := range m.rows {
		names[i], byName[r.Name] = r.Name, r
	}
	switch {
	case m.selectNext != "":
		m.SelectNext(m.selectNext)
		m.selectNext = ""
	case m.Selected() == "":
		m.SelectNext(m.active)
	}
	m.SetRows(names, func(name string) table.Row {
		r := byName[name]
		mark, status, tasks := "", r.Status.Config, r.Status.Tasks
		if r.Name == m.active {
			mark = "*"
		}
		if r.Err != "" {
			status, tasks = "?", "?"
		}
		return table.Row{mark, sanitize.SanitizeLine(r.Name), sanitize.SanitizeLine(status), sanitize.SanitizeLine(tasks)}
	})
	if msg.keepDoc && m.Doc.Shows(m.Selected()) {
		// A refresh: the document shown is still the selected one's; read
		// it again quietly, so another operator's change shows.
		name := m.Selected()
		return tea.Batch(next, m.Doc.Refresh(m.c.Client, "refreshing the tasks of "+name, func(ctx context.Context, cl *gateway.Client) (string, error) {
			return cl.ConfigGetTasks(ctx, name)
		}))
	}
	return tea.Batch(next, m.loadDoc())
}
