package engine

import (
	"encoding/base64"
	"strings"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
)

// AgentAlter enables or disables the agent (option Enable or Disable,
// case-insensitive). Disabling ends running executions; nothing runs until
// it is enabled again.
func (h *Host) AgentAlter(option string) error {
	const fn = "agentAlter"
	h.mu.Lock()
	defer h.mu.Unlock()
	var want string
	switch strings.ToLower(option) {
	case "enable":
		want = AgentActive
	case "disable":
		want = AgentDisabled
	default:
		return fail(fn, gateway.StatusInvalid, "alter-option %q: use Enable or Disable", option)
	}
	if err := h.needAgent(fn); err != nil {
		return err
	}
	if h.agent == want {
		return nil
	}
	prev := h.agent
	h.agent = want
	if err := h.writeState(); err != nil {
		h.agent = prev
		return h.storageFail(fn, err)
	}
	if want == AgentDisabled {
		h.stopAll("the agent was disabled")
		h.agentNote(hostdoc.LevelInfo, "Agent disabled")
	} else {
		h.agentNote(hostdoc.LevelInfo, "Agent enabled")
		h.armAll()
	}
	return nil
}

// AgentGetLog returns the log of the latest agent start.
func (h *Host) AgentGetLog() ([]byte, error) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	if h.agentLog == nil {
		return hostdoc.MarshalAgentLog(&hostdoc.AgentLog{}), nil
	}
	empty := hostdoc.MarshalAgentLog(&hostdoc.AgentLog{Started: h.agentLog.started})
	return h.agentLog.document(empty, h.keep), nil
}

// AgentGetLogBase64 is AgentGetLog in base64, in pieces that join (see
// gateway.Arg.Encoded): most of it as kept, not encoded again.
func (h *Host) AgentGetLogBase64() ([][]byte, error) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	if h.agentLog == nil {
		return [][]byte{base64.StdEncoding.AppendEncode(nil, hostdoc.MarshalAgentLog(&hostdoc.AgentLog{}))}, nil
	}
	return h.agentLog.encoded(hostdoc.MarshalAgentLog(&hostdoc.AgentLog{Started: h.agentLog.started})), nil
}

// AgentGetStatus answers even while the agent is offline (docs/protocol.md §8).
func (h *Host) AgentGetStatus() (AgentStatus, error) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	st := AgentStatus{Agent: h.agent, AppName: h.app[0], AppVersion: h.app[1], Config: h.active,
		ConfigStatus: "Idle", TaskStatus: "Normal"}
	if c, ok := h.configs[h.active]; ok {
		st.ConfigStatus, st.TaskStatus = h.statuses(c)
	}
	return st, nil
}

// AgentPing succeeds while the agent is not offline.
func (h *Host) AgentPing() error {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.needAgent("agentPing")
}

// AgentRestart ends running executions, starts a new agent log and
// schedules again. A Disabled agent stays disabled.
func (h *Host) AgentRestart() error {
	const fn = "agentRestart"
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := h.needAgent(fn); err != nil {
		return err
	}
	h.stopAll("the agent is restarting")
	h.agentNote(hostdoc.LevelInfo, "Agent restarting")
	if err := h.newAgentLog("Agent restarted"); err != nil {
		return h.storageFail(fn, err)
	}
	h.armAll()
	return nil
}

// AgentShutdown takes the agent offline: nothing runs, and the functions
// that need the agent answer 502 until agentStart.
func (h *Host) AgentShutdown() error {
	const fn = "agentShutdown"
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := h.needAgent(fn); err != nil {
		return err
	}
	prev := h.agent
	h.agent = AgentOffline
	if err := h.writeState(); err != nil {
		h.agent = prev
		return h.storageFail(fn, err)
	}
	h.stopAll("the agent was shut down")
	h.agentNote(hostdoc.LevelInfo, "Agent shut down")
	return nil
}

// AgentStart brings an offline agent back as Active with a new log; on a
// running agent it does nothing.
func (h *Host) AgentStart() error {
	const fn = "agentStart"
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.agent != AgentOffline {
		return nil
	}
	h.agent = AgentActive
	if err := h.writeState(); err != nil {
		h.agent = AgentOffline
		return h.storageFail(fn, err)
	}
	if err := h.newAgentLog("Agent started"); err != nil {
		return h.storageFail(fn, err)
	}
	h.armAll()
	return nil
}
