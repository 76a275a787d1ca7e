package ui

import (
	"context"
	"fmt"
	"time"

	"dpconsole/views/common"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
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

// agentDoneMsg reports a finished agent action.
type agentDoneMsg struct {
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
		return m.setFlash("read-only mode: agent actions that change the host are off (restart without --read-only to use them)", true)
	}
	run := agentCmd(m.c, act)
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
			"The agent goes offline: no task runs and task functions answer \"agent is offline\" until it is started again ("+
				m.c.Keys.Agent.Start.Help().Key+"). Stored data can still be read and saved.", "Shut down")
	}
	return run
}

// agentCmd performs act in a command.
func agentCmd(c *common.Common, act agentAct) tea.Cmd {
	client, parent, now := c.Client, c.Ctx, c.Now
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
				return agentDoneMsg{text: fmt.Sprintf("the agent answered in %s", now().Sub(t0).Round(time.Millisecond))}
			}
		case actEnable:
			op, done = "enable the agent", "agent enabled"
			err = client.AgentAlter(ctx, "Enable")
		case actDisable:
			op, done = "disable the agent", "agent disabled: no task runs until it is enabled"
			err = client.AgentAlter(ctx, "Disable")
		case actRestart:
			op, done = "restart the agent", "agent restarted"
			err = client.AgentRestart(ctx)
		case actShutdown:
			op, done = "shut the agent down", "agent shut down: it is offline until started"
			err = client.AgentShutdown(ctx)
		case actStart:
			op, done = "start the agent", "agent started"
			err = client.AgentStart(ctx)
		}
		if err != nil {
			return common.ErrMsg{Op: op, Err: err}
		}
		return agentDoneMsg{text: done, changed: true}
	}
}

// agentDone shows the result and refreshes the header when the agent changed.
func (m *Model) agentDone(msg agentDoneMsg) tea.Cmd {
	cmd := m.setFlash(msg.text, false)
	if msg.changed && m.loggedIn {
		return tea.Batch(cmd, m.header.start(m.c), m.broadcast(common.AgentChangedMsg{}))
	}
	return cmd
}
