// Package hostdoc holds the XML documents the mock host speaks where the
// spec leaves the format open (docs/protocol.md §9), and the naming rule
// of §6: tasks, templates, task and agent logs, machine fingerprints.
//
// Every parser refuses a DOCTYPE, bounds the input size, nesting and element
// count, and validates what it decodes, so a caller can trust a parsed
// value. Errors say what was wrong and how to fix it.
//
// # Tasks
//
//	<Tasks>
//	  <Task name="protect-inbox" enabled="true">
//	    <Description>Protect new files in the inbox</Description>
//	    <Schedule every="30s"/>
//	    <ID>operations.iic</ID>
//	    <Script>protect.xml</Script>
//	    <Action type="protect" source="/data/inbox" target="/data/protected"/>
//	    <Simulate failEvery="3" failRate="0.25"/>
//	  </Task>
//	</Tasks>
//
// The enabled attribute defaults to true when absent. Schedule has exactly
// one of every (a Go duration of at least 1s) or cron (five fields: minute,
// hour, day of month, month, day of week, evaluated in UTC). ID, Script,
// Action and Simulate are optional. Unknown elements or attributes are
// refused so a typo does not silently drop a setting.
//
// # Simulated failures
//
// The mock host has no real data to protect, so a task asks for failures
// with the optional Simulate element: failEvery="N" makes every Nth
// execution fail (N >= 1; deterministic, handy for tests), failRate="P"
// makes each execution fail with probability P (0 <= P <= 1). Both may be
// given; an execution fails when either says so.
package hostdoc
