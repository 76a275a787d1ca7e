package common

// What a host console asks of the fleet around it (package fleet). A
// console alone ignores them: its root passes them up unhandled.
type (
	// FleetMsg asks to go back to the Fleet pane (key 0, :fleet); the
	// console, and its session, stay as they are.
	FleetMsg struct{}
	// GatewayMsg asks to show the console of the gateway called Name
	// (:gateway NAME).
	GatewayMsg struct{ Name string }
)
