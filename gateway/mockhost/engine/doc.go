// Package engine is the state of the embedded mock host: configurations,
// IDs, scripts, templates, presets, the agent and the scheduler that runs
// tasks, behind one method per protocol function (the HTTP layer in
// gateway/mockhost dispatches to them). Failures are *gateway.Error with the
// status codes of docs/protocol.md §7.
//
// # Data directory
//
// Everything persists in a directory a person can read:
//
//	active                       name of the active configuration
//	agent                        the agent's state: Active, Disabled or Offline
//	configs/NAME/tasks.xml       the tasks document, as saved
//	configs/NAME/ids/ID          ID files
//	configs/NAME/scripts/SCRIPT  scripts
//	configs/NAME/runtime/T.json  task T's status, times and counters
//	configs/NAME/runtime/T.log   task T's log, one <Entry> element per line
//	shared/ids/, shared/scripts/ IDs and scripts shared by all configurations
//	templates/NAME.xml           task templates
//	logs/agent-START.log         one log per agent start, one <Entry> per line
//
// Presets are shipped inside the binary (presets/*.xml). Every file except
// the logs is written atomically (gateway/mockhost/atomicfile), so a crash
// leaves the old or the new content. Logs are append-only and not fsynced
// per line: a crash may lose or tear the last line, which loading drops.
// A configuration is created in a hidden directory and renamed into place,
// and deleted by renaming it away first, so it never appears half made.
//
// # Scheduler
//
// The enabled, unpaused tasks of the active configuration run on their
// schedules while the agent is Active, through the injected clock. Each
// execution takes a random 200ms–2s, logs its steps, fails when its ID or
// script is found neither in the configuration nor in the shared area, and
// fails on request (hostdoc's <Simulate>). A run that falls due while the
// previous one still runs is skipped with a warning.
package engine
