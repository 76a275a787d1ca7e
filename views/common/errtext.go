package common

import (
	"errors"
	"strings"

	"dpconsole/gateway"
)

// IsAgentOffline reports the host's 502 "agent is offline": the function
// needs a running agent (docs/protocol.md §8).
func IsAgentOffline(err error) bool {
	var pe *gateway.Error
	return errors.As(err, &pe) && pe.Status == gateway.StatusGeneral && strings.Contains(strings.ToLower(pe.Message), "offline")
}

// ErrText words a failed call for the operator: a refusal whose cure is
// a key of the console says which key, instead of the raw status (the
// host's advice names a protocol function, not a key); anything else is
// the error as it is.
func (c *Common) ErrText(err error) string {
	if IsAgentOffline(err) {
		return "the agent is offline: press " + c.Keys.Agent.Start.Help().Key + " to start it"
	}
	return err.Error()
}
