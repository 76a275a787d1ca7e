package gateway

import (
	"sort"
	"strings"
)

// ArgKind says how an argument or result is entered and shown.
type ArgKind int

// The kinds of argument and result values.
const (
	KindText    ArgKind = iota // a short string typed by the operator
	KindXML                    // an XML document, usually from a file
	KindBinary                 // opaque bytes (IDs), from or to a file
	KindSession                // the session id, filled in by the client
)

func (k ArgKind) String() string {
	switch k {
	case KindText:
		return "text"
	case KindXML:
		return "xml"
	case KindBinary:
		return "binary"
	case KindSession:
		return "session"
	}
	return "unknown"
}

// SessionPlace says where a function's session goes.
type SessionPlace int

// Where a function carries its session.
const (
	SessionNone     SessionPlace = iota // no session needed (agentPing, hostOpenSession)
	SessionElement                      // in <Session>
	SessionFirstArg                     // as the first argument (and in <Session> once known)
)

// ArgSpec describes one argument or result of a function.
type ArgSpec struct {
	Name     string
	Kind     ArgKind
	Repeated bool // zero or more of these may follow (always the last)
	Help     string
	// Secret marks login answers and session ids: typed without echo,
	// never shown, kept or logged.
	Secret bool
}

// Function is one logical function of the protocol.
type Function struct {
	Name        string
	Summary     string
	Session     SessionPlace
	Args        []ArgSpec
	Results     []ArgSpec
	Mutates     bool // changes something on the host; refused in read-only mode
	NeedsAgent  bool // answers 502 while the agent is offline
	Destructive bool // the console asks to confirm before running it: it deletes, replaces what exists, stops work or ends the session
}

// UserArgs returns the arguments an operator supplies: all but the session.
func (f Function) UserArgs() []ArgSpec {
	out := make([]ArgSpec, 0, len(f.Args))
	for _, a := range f.Args {
		if a.Kind != KindSession {
			out = append(out, a)
		}
	}
	return out
}

// ArgCount returns the smallest and largest number of wire arguments the
// function takes; max is -1 when the last argument repeats.
func (f Function) ArgCount() (min, max int) {
	for _, a := range f.Args {
		if a.Repeated {
			return min, -1
		}
		min++
	}
	return min, min
}

var (
	argSession  = ArgSpec{Name: "session-id", Kind: KindSession, Help: "the assigned session identifier"}
	argConfig   = ArgSpec{Name: "config-name", Kind: KindText, Help: "name of the configuration"}
	argIDName   = ArgSpec{Name: "id-name", Kind: KindText, Help: "ID file name, e.g. operations.iic"}
	argScript   = ArgSpec{Name: "script-name", Kind: KindText, Help: "script file name, e.g. protect.xml"}
	argTask     = ArgSpec{Name: "task-name", Kind: KindText, Help: "task name"}
	argTaskStar = ArgSpec{Name: "task-name", Kind: KindText, Help: "task name, or * for every task"}
	argPrints   = ArgSpec{Name: "machine-fingerprint", Kind: KindXML, Repeated: true, Help: "a <Machine> document to bind; none binds the host itself"}
	resConfigSt = ArgSpec{Name: "config-status", Kind: KindText, Help: "Active, Disabled or Idle"}
	resTaskSt   = ArgSpec{Name: "task-status", Kind: KindText, Help: "Errors or Normal"}
)

// registry lists the 37 functions in the spec's Table 3 order. It is the
// only list of functions in the project: the CLI, the palette, read-only
// mode and the mock host all read it.
var registry = []Function{
	{Name: "agentAlter", Summary: "Alters the agent status.", Session: SessionFirstArg,
		Args:    []ArgSpec{argSession, {Name: "alter-option", Kind: KindText, Help: "Enable or Disable"}},
		Mutates: true, NeedsAgent: true, Destructive: true},
	{Name: "agentGetLog", Summary: "Gets the agent log.", Session: SessionElement,
		Results: []ArgSpec{{Name: "clear-log-data", Kind: KindXML}}},
	{Name: "agentGetStatus", Summary: "Gets the current active configuration and the runtime status.", Session: SessionElement,
		Results: []ArgSpec{
			{Name: "agent-status", Kind: KindText}, {Name: "application-name", Kind: KindText},
			{Name: "application-version", Kind: KindText}, {Name: "config-name", Kind: KindText},
			resConfigSt, resTaskSt}},
	{Name: "agentPing", Summary: "Pings the agent.", Session: SessionNone, NeedsAgent: true},
	{Name: "agentRestart", Summary: "Restarts the agent.", Session: SessionElement, Mutates: true, NeedsAgent: true, Destructive: true},
	{Name: "agentShutdown", Summary: "Stops the agent.", Session: SessionElement, Mutates: true, NeedsAgent: true, Destructive: true},
	{Name: "agentStart", Summary: "Starts the agent.", Session: SessionElement, Mutates: true},
	{Name: "configActivate", Summary: "Activates a configuration for execution.", Session: SessionElement,
		Args: []ArgSpec{argConfig}, Mutates: true, NeedsAgent: true, Destructive: true},
	{Name: "configCreate", Summary: "Creates a new configuration.", Session: SessionElement,
		Args: []ArgSpec{argConfig}, Mutates: true},
	{Name: "configDelete", Summary: "Deletes a configuration.", Session: SessionElement,
		Args: []ArgSpec{argConfig}, Mutates: true, Destructive: true},
	{Name: "configGetID", Summary: "Gets an existing ID from the configuration.", Session: SessionElement,
		Args: []ArgSpec{argConfig, argIDName}, Results: []ArgSpec{{Name: "id-contents", Kind: KindBinary}}},
	{Name: "configGetList", Summary: "Gets a list of configuration names.", Session: SessionElement,
		Results: []ArgSpec{{Name: "config-name", Kind: KindText, Repeated: true}}},
	{Name: "configGetScript", Summary: "Gets an existing script from the configuration.", Session: SessionElement,
		Args: []ArgSpec{argConfig, argScript}, Results: []ArgSpec{{Name: "script-contents", Kind: KindXML}}},
	{Name: "configGetStatus", Summary: "Gets the configuration runtime status.", Session: SessionElement,
		Args: []ArgSpec{argConfig}, Results: []ArgSpec{resConfigSt, resTaskSt}},
	{Name: "configGetTasks", Summary: "Gets the tasks for a configuration.", Session: SessionElement,
		Args: []ArgSpec{argConfig}, Results: []ArgSpec{{Name: "task-definitions", Kind: KindXML}}},
	{Name: "configNewID", Summary: "Creates a new machine ID.", Session: SessionElement,
		Args: []ArgSpec{argConfig, argIDName, argPrints}, Mutates: true},
	{Name: "configSaveID", Summary: "Saves an ID to the configuration.", Session: SessionElement,
		Args: []ArgSpec{argConfig, argIDName, {Name: "id-contents", Kind: KindBinary, Help: "the ID's bytes"}}, Mutates: true, Destructive: true},
	{Name: "configSaveScript", Summary: "Saves a script to the configuration.", Session: SessionElement,
		Args: []ArgSpec{argConfig, argScript, {Name: "script-contents", Kind: KindXML, Help: "the script's text"}}, Mutates: true, Destructive: true},
	{Name: "configSaveTasks", Summary: "Saves the tasks to a configuration.", Session: SessionElement,
		Args: []ArgSpec{argConfig, {Name: "tasks-contents", Kind: KindXML, Help: "a <Tasks> document"}}, Mutates: true, Destructive: true},
	{Name: "hostCloseSession", Summary: "Closes a previously open session.", Session: SessionFirstArg,
		Args: []ArgSpec{argSession}, Mutates: true, Destructive: true}, // the host forgets the session: read-only refuses it
	{Name: "hostGetMachine", Summary: "Gets the machine fingerprint of the agent host.", Session: SessionElement,
		Results: []ArgSpec{{Name: "fingerprint", Kind: KindXML}}},
	{Name: "hostOpenSession", Summary: "Requests access to the Sertainty gateway.", Session: SessionNone,
		Args: []ArgSpec{{Name: "client-user", Kind: KindText, Help: "user name"},
			{Name: "prompt-n", Kind: KindText, Repeated: true, Secret: true, Help: "answers to the prompts so far"}},
		Results: []ArgSpec{{Name: "session-id", Kind: KindText, Secret: true, Help: "or prompt-1 … prompt-N when challenged"}}},
	{Name: "sharedGetID", Summary: "Gets an existing ID shared by all configurations.", Session: SessionElement,
		Args: []ArgSpec{argIDName}, Results: []ArgSpec{{Name: "id-contents", Kind: KindBinary}}},
	{Name: "sharedGetPreset", Summary: "Gets a rule preset.", Session: SessionElement,
		Args: []ArgSpec{{Name: "preset-name", Kind: KindText, Help: "rule preset name"}}, Results: []ArgSpec{{Name: "preset-contents", Kind: KindXML}}},
	{Name: "sharedGetPresetList", Summary: "Gets the list of rule preset names.", Session: SessionElement,
		Results: []ArgSpec{{Name: "preset-name", Kind: KindText, Repeated: true}}},
	{Name: "sharedGetScript", Summary: "Gets an existing script shared by all configurations.", Session: SessionElement,
		Args: []ArgSpec{argScript}, Results: []ArgSpec{{Name: "script-contents", Kind: KindXML}}},
	{Name: "sharedNewID", Summary: "Creates a new machine ID shared by all configurations.", Session: SessionElement,
		Args: []ArgSpec{argIDName, argPrints}, Mutates: true},
	{Name: "sharedSaveID", Summary: "Saves an ID shared by all configurations.", Session: SessionElement,
		Args: []ArgSpec{argIDName, {Name: "id-contents", Kind: KindBinary, Help: "the ID's bytes"}}, Mutates: true, Destructive: true},
	{Name: "sharedSaveScript", Summary: "Saves a script shared by all configurations.", Session: SessionElement,
		Args: []ArgSpec{argScript, {Name: "script-contents", Kind: KindXML, Help: "the script's text"}}, Mutates: true, Destructive: true},
	{Name: "taskGetLog", Summary: "Gets the log for a task.", Session: SessionElement,
		Args: []ArgSpec{argConfig, argTask}, Results: []ArgSpec{{Name: "task-log", Kind: KindXML}}, NeedsAgent: true},
	{Name: "taskGetStatus", Summary: "Gets the status record for a task.", Session: SessionElement,
		Args: []ArgSpec{argConfig, argTask}, NeedsAgent: true,
		Results: []ArgSpec{{Name: "StartTime"}, {Name: "EndTime"}, {Name: "LastErrorTime"}, {Name: "Status"},
			{Name: "Error"}, {Name: "ExecCnt"}, {Name: "ErrorCnt"}}},
	{Name: "taskPause", Summary: "Pauses a task.", Session: SessionElement,
		Args: []ArgSpec{argConfig, argTaskStar}, Mutates: true, NeedsAgent: true},
	{Name: "taskReset", Summary: "Resets a task execution statistics and log data.", Session: SessionElement,
		Args: []ArgSpec{argConfig, argTaskStar}, Mutates: true, NeedsAgent: true, Destructive: true},
	{Name: "taskResume", Summary: "Resumes a paused task.", Session: SessionElement,
		Args: []ArgSpec{argConfig, argTaskStar}, Mutates: true, NeedsAgent: true},
	{Name: "templateGetList", Summary: "Gets a list of template names.", Session: SessionElement,
		Results: []ArgSpec{{Name: "task-name", Kind: KindText, Repeated: true}}},
	{Name: "templateGetTask", Summary: "Gets a template task definition.", Session: SessionElement,
		Args: []ArgSpec{{Name: "task-name", Kind: KindText, Help: "template name"}}, Results: []ArgSpec{{Name: "task-definition", Kind: KindXML}}},
	{Name: "templateSaveTask", Summary: "Saves a task definition as a template.", Session: SessionElement,
		Args: []ArgSpec{{Name: "task-definition", Kind: KindXML, Help: "one <Task> element"}}, Mutates: true, Destructive: true},
}

// aliases are other spellings the spec uses for a function (docs/protocol.md §3).
var aliases = map[string]string{
	"tempategettask": "templateGetTask",
}

var byLower = func() map[string]int {
	m := make(map[string]int, len(registry))
	for i, f := range registry {
		m[strings.ToLower(f.Name)] = i
	}
	return m
}()

// Functions returns every function, in the spec's order. The slice is a copy.
func Functions() []Function {
	out := make([]Function, len(registry))
	copy(out, registry)
	return out
}

// Lookup finds a function by name: exactly, case-insensitively, or by an
// alias the spec uses.
func Lookup(name string) (Function, bool) {
	lower := strings.ToLower(name)
	if canon, ok := aliases[lower]; ok {
		lower = strings.ToLower(canon)
	}
	if i, ok := byLower[lower]; ok {
		return registry[i], true
	}
	return Function{}, false
}

// FunctionNames returns the canonical names, sorted.
func FunctionNames() []string {
	out := make([]string, len(registry))
	for i, f := range registry {
		out[i] = f.Name
	}
	sort.Strings(out)
	return out
}
