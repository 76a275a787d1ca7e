package ui

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/text/sanitize"
	"dpconsole/views/common"
)

// agentAct is one host-wide agent action.
type agentAct int

const (
	actPing agentAct = iota
	actEnable
	actDisable
	actRestart
	actShutdown
	actStart
)

// agentRunMsg starts an agent action the operator chose (after the
// confirm dialog for the destructive ones), so its call starts only then.
type agentRunMsg struct{ act agentAct }

// agentDoneMsg reports a finished agent action.
type agentDoneMsg struct {
	call    uint64 // common.Calls id
	op      string // what was done, for an error
	err     error
	text    string
	changed bool // the agent's state changed: refresh the header
}

func (m *Model) agentActionFor(msg tea.KeyMsg) (agentAct, bool) {
	a := m.c.Keys.Agent
	for act, b := range []key.Binding{actPing: a.Ping, actEnable: a.Enable, actDisable: a.Disable,
		actRestart: a.Restart, actShutdown: a.Shutdown, actStart: a.Start} {
		if key.Matches(msg, b) {
			return agentAct(act), true
		}
	}
	return 0, false
}

// agentAction runs act; disable, restart and shutdown ask first, and every
// action but ping is refused in read-only mode.
func (m *Model) agentAction(act agentAct) tea.Cmd {
	if act != actPing && m.c.ReadOnly {
		a := m.c.Keys.Agent
		return m.readOnlyFlash([]key.Binding{actEnable: a.Enable, actDisable: a.Disable, actRestart: a.Restart,
			actShutdown: a.Shutdown, actStart: a.Start}[act])
	}
	run := func() tea.Msg { return agentRunMsg{act: act} }
	ask := func(title, body, action string) tea.Cmd {
		return func() tea.Msg {
			return common.ConfirmMsg{Title: title, Body: body, Action: action, OnConfirm: run}
		}
	}
	switch act {
	case actDisable:
		return ask("Disable the agent?",
			"The agent stops running the tasks of the active configuration until it is enabled again ("+
				m.c.Keys.Agent.Enable.Help().Key+"). Nothing is deleted.", "Disable")
	case actRestart:
		return ask("Restart the agent?",
			"Running executions end, a new agent log starts, and the tasks of the active configuration are scheduled again.",
			"Restart")
	case actShutdown:
		return ask("Shut the agent down?",
			"The agent goes offline until it is started again ("+m.c.Keys.Agent.Start.Help().Key+"). While it is offline "+
				"no task runs; task status, logs, pause, resume and reset, activating a configuration, and ping, "+
				"enable, disable and restart are refused. Configurations, tasks documents, templates, scripts, IDs "+
				"and the agent log can still be read and saved.", "Shut down")
	}
	return m.runAgent(act)
}

// agentBusy names each action while the operator waits for it.
var agentBusy = [...]string{actPing: "pinging the agent", actEnable: "enabling the agent", actDisable: "disabling the agent",
	actRestart: "restarting the agent", actShutdown: "shutting the agent down", actStart: "starting the agent"}

// runAgent sends act as a call the operator waits for (Esc cancels it).
func (m *Model) runAgent(act agentAct) tea.Cmd {
	ctx, call := m.c.Calls.Begin(agentBusy[act])
	return agentCmd(ctx, call, m.c, act)
}

// agentCmd performs act in a command.
func agentCmd(parent context.Context, call uint64, c *common.Common, act agentAct) tea.Cmd {
	client, now := c.Client, c.Now
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(parent, headerTimeout)
		defer cancel()
		var err error
		var op, done string
		switch act {
		case actPing:
			op = "ping the agent"
			t0 := now()
			if err = client.AgentPing(ctx); err == nil {
				return agentDoneMsg{call: call, text: "the agent answered in " + latency(now().Sub(t0))}
			}
		case actEnable:
			op, done = "enable the agent", "agent enabled"
			if already, st := agentIs(ctx, client, "Active"); already {
				return agentDoneMsg{call: call, text: "the agent is already " + st + ": nothing to enable"}
			}
			err = client.AgentAlter(ctx, "Enable")
		case actDisable:
			op, done = "disable the agent", "agent disabled: no task runs until it is enabled"
			if already, st := agentIs(ctx, client, "Disabled"); already {
				return agentDoneMsg{call: call, text: "the agent is already " + st + ": nothing to disable"}
			}
			err = client.AgentAlter(ctx, "Disable")
		case actRestart:
			op, done = "restart the agent", "agent restarted"
			err = client.AgentRestart(ctx)
		case actShutdown:
			op, done = "shut the agent down", "agent shut down: it is offline until started"
			err = client.AgentShutdown(ctx)
		case actStart:
			op, done = "start the agent", "agent started"
			// The host takes agentStart on a running agent as done; say
			// it was running instead of "started".
			if st, serr := client.AgentGetStatus(ctx); serr == nil && !strings.EqualFold(st.Agent, "Offline") {
				return agentDoneMsg{call: call, text: "the agent is already running (" + sanitize.SanitizeLine(st.Agent) +
					"): nothing to start"}
			}
			err = client.AgentStart(ctx)
		}
		return agentDoneMsg{call: call, op: op, err: err, text: done, changed: err == nil}
	}
}

// agentIs reports whether the agent is in state already; st is the
// state read. A failed read is not "already": the action then runs and
// reports its own error.
func agentIs(ctx context.Context, client *gateway.Client, state string) (already bool, st string) {
	s, err := client.AgentGetStatus(ctx)
	if err != nil {
		return false, ""
	}
	return strings.EqualFold(s.Agent, state), sanitize.SanitizeLine(s.Agent)
}

// agentDone shows the result and refreshes the header when the agent changed.
func (m *Model) agentDone(msg agentDoneMsg) tea.Cmd {
	m.c.Calls.End(msg.call)
	if msg.err != nil {
		return m.failed(common.ErrMsg{Op: msg.op, Err: msg.err})
	}
	cmd := m.setFlash(msg.text, false)
	if msg.changed && m.loggedIn {
		return tea.Batch(cmd, m.header.start(m.c))
	}
	return cmd
}
