package palette

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"dpconsole/fileio"
	"dpconsole/gateway"
	"dpconsole/views/common"
)

// runMsg starts a confirmed destructive call.
type runMsg struct{ id uint64 }

// resultMsg is the answer to one call.
type resultMsg struct {
	id   uint64
	call uint64
	resp *gateway.Response
	err  error
	args string // how the arguments were given, for the result screen
	// res is the answer decoded for the screen, highlighting included,
	// in the command: a big XML result would hold Update for seconds.
	res *result
}

// choose starts collecting the arguments of fn; mutating functions are
// refused in read-only mode before anything is asked.
func (m *Model) choose(fn gateway.Function) tea.Cmd { return m.pick(fn, true) }

// pick is choose; with run false a function without arguments waits at
// the step where Enter runs it instead of running (a click, mouse.go).
func (m *Model) pick(fn gateway.Function, run bool) tea.Cmd {
	if fn.Mutates && m.c.ReadOnly {
		m.errText = fmt.Sprintf("%s changes the host and the console runs read-only (%s)", fn.Name, m.c.ReadOnlyRemedy())
		if fn.Name == "hostCloseSession" {
			// Logging out stays possible: quitting closes the session.
			m.errText = fmt.Sprintf("%s changes the host and the console runs --read-only: to log out, quit (%s closes this list, then %s); the console closes its session as it quits",
				fn.Name, m.keys.Back.Help().Key, m.c.Keys.Global.Quit.Help().Key)
		}
		return nil
	}
	m.fn, m.specs, m.values, m.argIdx = fn, fn.UserArgs(), nil, 0
	m.errText, m.note, m.res = "", "", nil
	m.filter.Blur()
	if len(m.specs) == 0 {
		if !run {
			m.mode = modeReady
			return nil
		}
		return m.argsDone()
	}
	m.mode = modeArgs
	return m.askArg()
}

// askArg prepares the input for the current argument.
func (m *Model) askArg() tea.Cmd {
	spec := m.specs[m.argIdx]
	m.input.Reset()
	m.check = 0
	var ph string
	switch spec.Kind {
	case gateway.KindBinary:
		ph = "path of the file to send, e.g. /tmp/id.iic"
	case gateway.KindXML:
		ph = "the XML itself, or @path of an XML file"
	default:
		ph = "type the " + spec.Name
	}
	if spec.Repeated {
		ph += "; empty entry: done"
	}
	m.input.Placeholder = placeholderText(m.c, ph)
	// A login answer is typed without echo and never filled in again.
	m.input.EchoMode = textinput.EchoNormal
	if spec.Secret {
		m.input.EchoMode = textinput.EchoPassword
	}
	if v := m.previous(); v != "" && !spec.Secret {
		m.input.SetValue(v)
		m.input.CursorEnd()
	}
	return tea.Batch(m.input.Focus(), m.fetchNames())
}

// argPrompt says which argument is asked and how to give it.
func (m *Model) argPrompt() string {
	spec := m.specs[m.argIdx]
	n := 0
	for _, v := range m.values {
		if v.spec.Name == spec.Name {
			n++
		}
	}
	label := fmt.Sprintf("argument %d of %d: %s", m.argIdx+1, len(m.specs), spec.Name)
	if spec.Repeated {
		label = fmt.Sprintf("%s (repeated, %d given; an empty entry ends the list)", label, n)
	}
	if spec.Help != "" {
		label += " — " + spec.Help
	}
	return label
}

func (m *Model) argKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Back):
		return m.backToList()
	case key.Matches(msg, m.keys.Choose):
		if m.check != 0 {
			return nil // the file is being looked at
		}
		return m.submitArg()
	}
	m.check = 0 // an edit makes a check in flight stale
	if m.namesCall != 0 && key.Matches(msg, m.input.KeyMap.AcceptSuggestion) {
		// The names are being read: Tab completes once they arrive
		// (onNames), unless what is typed changes meanwhile.
		m.tabWait, m.tabText = true, m.input.Value()
		return nil
	}
	if m.completeKey(msg) {
		// The input completes the grey suggestion; with none shown (no
		// colour, or nothing typed yet) the first matching name is taken.
		before := m.input.Value()
		if !m.plain() {
			m.input, _ = m.input.Update(msg)
		}
		if m.input.Value() == before {
			m.complete()
		}
		return nil
	}
	before := m.input.Value()
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if m.input.Value() != before {
		m.tabWait = false
	}
	return cmd
}

// submitArg checks the typed value and moves to the next argument.
func (m *Model) submitArg() tea.Cmd {
	spec := m.specs[m.argIdx]
	text := m.input.Value()
	if err := checkArg(spec, text); err != nil {
		m.errText = err.Error()
		return nil
	}
	m.errText = ""
	if spec.Repeated && strings.TrimSpace(text) == "" {
		return m.argsDone()
	}
	p, isFile := filePath(spec, text)
	switch {
	case isFile && spec.Kind == gateway.KindXML:
		m.check = m.seq.Next()
		return checkXMLFile(m.check, spec.Name, text, p)
	case isFile:
		m.check = m.seq.Next()
		return checkFile(m.check, text, p)
	case spec.Kind == gateway.KindXML:
		m.check = m.seq.Next()
		return checkXMLText(m.check, spec.Name, text)
	}
	return m.accept(text)
}

// accept takes text as the current argument and asks the next one.
func (m *Model) accept(text string) tea.Cmd {
	spec := m.specs[m.argIdx]
	if spec.Repeated {
		m.values = append(m.values, argValue{spec: spec, text: text})
		return m.askArg()
	}
	m.values = append(m.values, argValue{spec: spec, text: text})
	m.argIdx++
	if m.argIdx >= len(m.specs) {
		return m.argsDone()
	}
	return m.askArg()
}

// checkArg refuses what cannot be sent as spec.
func checkArg(spec gateway.ArgSpec, text string) error {
	trimmed := strings.TrimSpace(text)
	if trimmed == "" {
		if spec.Repeated {
			return nil
		}
		return fmt.Errorf("%s is empty: type a value", spec.Name)
	}
	if strings.HasPrefix(trimmed, "@") && strings.TrimSpace(trimmed[1:]) == "" {
		return fmt.Errorf("%s: no file after @: type a path", spec.Name)
	}
	return nil
}

// filePath returns the local file an argument names, if it names one: a
// binary argument is always a file (a plain path, or @path); any other
// argument is literal text unless it starts with @.
func filePath(spec gateway.ArgSpec, text string) (string, bool) {
	trimmed := strings.TrimSpace(text)
	if p, ok := strings.CutPrefix(trimmed, "@"); ok {
		return strings.TrimSpace(p), true
	}
	if spec.Kind == gateway.KindBinary {
		return trimmed, true
	}
	return "", false
}

// argsDone runs the call, after a confirm for destructive functions.
func (m *Model) argsDone() tea.Cmd {
	m.input.Blur()
	m.prev = nil
	m.mode = modeReady
	return m.ready()
}

// consequences say what a function the console confirms does to the
// host, and how it is undone where it can be: "cannot be undone" only
// where that is true.
var consequences = map[string]string{
	"agentAlter":       "Disable keeps every task from running until Enable.",
	"agentRestart":     "Running tasks are interrupted.",
	"agentShutdown":    "Running tasks are interrupted; agentStart starts the agent again.",
	"configActivate":   "The active configuration's tasks are no longer scheduled; activating it again goes back.",
	"configDelete":     "The configuration, its tasks, IDs and scripts are deleted; this cannot be undone.",
	"configSaveID":     replaces,
	"configSaveScript": replaces,
	"configSaveTasks":  replaces,
	"sharedSaveID":     replaces,
	"sharedSaveScript": replaces,
	"templateSaveTask": replaces,
	"hostCloseSession": "This session ends: you log in again to go on.",
	"taskReset":        "The task's run counts and log are cleared; this cannot be undone.",
}

const replaces = "It replaces what the host has under that name; this cannot be undone (save the host's to a file first to keep it)."

func consequence(fn string) string {
	if c, ok := consequences[fn]; ok {
		return c
	}
	return "This changes the host."
}

// ready runs the call now, or asks the shell to confirm first.
func (m *Model) ready() tea.Cmd {
	m.errText = ""
	if !m.fn.Destructive {
		return m.run()
	}
	id := m.seq.Next()
	ask := common.ConfirmMsg{
		Title:     "Run " + m.fn.Name + "?",
		Body:      m.fn.Summary + " " + describeArgs(m.values) + consequence(m.fn.Name),
		Action:    "Run",
		OnConfirm: func() tea.Msg { return runMsg{id: id} },
	}
	return m.confirmRun(ask)
}

func describeArgs(values []argValue) string {
	if len(values) == 0 {
		return ""
	}
	parts := make([]string, len(values))
	for i, v := range values {
		text := clipText(v.text, 40)
		switch p, ok := filePath(v.spec, v.text); {
		case v.spec.Secret:
			text = "(hidden)"
		case ok:
			text = "file " + clipText(p, 40)
		}
		parts[i] = v.spec.Name + " = " + text
	}
	return "With " + strings.Join(parts, ", ") + ". "
}

// run sends the call in a command: files named with @ are read there too.
func (m *Model) run() tea.Cmd {
	m.stop()
	ctx, callID := m.c.Calls.Begin("running " + m.fn.Name)
	m.call = callID
	id := m.seq.Next()
	m.mode, m.errText = modeRunning, ""
	client, fn, hl := m.c.Client, m.fn, m.hl
	values := append([]argValue(nil), m.values...)
	call := func() tea.Msg {
		msg := resultMsg{id: id, call: callID, args: describeArgs(values)}
		args, err := resolve(values)
		if err != nil {
			msg.err = err
		} else {
			msg.resp, msg.err = client.Call(ctx, fn.Name, args...)
		}
		msg.res = decode(fn, msg, hl)
		return msg
	}
	return tea.Batch(call, m.spinner.Tick)
}

// argFileError is a local file that could not be read for an argument.
type argFileError struct {
	arg string
	err error
}

func (e *argFileError) Error() string {
	return fmt.Sprintf("argument %s: %v", e.arg, e.err)
}

// resolve turns the typed values into wire arguments, reading @files. The
// machine-fingerprint and prompt answers keep their names where the
// protocol gives them one.
func resolve(values []argValue) ([]gateway.Arg, error) {
	out := make([]gateway.Arg, 0, len(values))
	prompt := 0
	for _, v := range values {
		text := v.text
		var data []byte
		if p, ok := filePath(v.spec, text); ok {
			path, err := fileio.Expand(p)
			if err == nil {
				data, err = fileio.ReadBounded(path, fileio.MaxLoad)
			}
			if err != nil {
				return nil, &argFileError{arg: v.spec.Name, err: err}
			}
		} else {
			data = []byte(text)
		}
		arg := gateway.Arg{Value: data}
		if v.spec.Name == "prompt-n" {
			prompt++
			arg.Name = fmt.Sprintf("prompt-%d", prompt)
		}
		out = append(out, arg)
	}
	return out, nil
}

// clipText cuts s to n cells of display width, never inside a
// character, ending in an ellipsis when it was cut.
func clipText(s string, n int) string { return ansi.Truncate(s, max(0, n), "…") }
