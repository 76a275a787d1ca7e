// Package login is the console's challenge login screen. It drives the
// rounds of hostOpenSession itself (docs/protocol.md §5) so every prompt the host
// asks is a masked input on screen, and every call runs in a tea.Cmd that
// Esc can cancel.
package login

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/keymap"
	"dpconsole/views/common"
)

// DoneMsg reports a granted session; the session id is already on the
// client, never in the message.
type DoneMsg struct{ User string }

// roundMsg is the host's answer to one hostOpenSession round.
type roundMsg struct {
	call uint64
	resp *gateway.Response
	err  error
}

type state int

const (
	stateUser    state = iota // typing the user name
	stateAnswer               // answering this round's prompts
	stateWaiting              // a round is on its way
	stateFailed               // denied, locked out or unreachable: Enter retries
)

// Options configure the login screen.
type Options struct {
	Gateway string // shown at the top (the URL, or a label)
	User    string // the user name given; Init then starts the login at once
	Demo    bool   // show the demo credentials
	Notice  string // a note shown under the gateway (how to leave demo mode)
	Keys    keymap.FormKeys
	// Fleet is set for a console of a fleet: Esc on the user name goes
	// back to the Fleet pane, so a gateway whose login cannot complete
	// (down, or not a gateway at all) is not a dead end.
	Fleet bool
}

// Model is the login screen.
type Model struct {
	c    *common.Common
	opts Options
	keys keymap.FormKeys

	state    state
	previous state // where Esc returns to while waiting
	user     textinput.Model
	prompts  []gateway.Prompt
	done     []string // the prompt texts of the rounds already answered
	inputs   []textinput.Model
	focus    int
	answers  []string // answers of the rounds the host accepted so far
	pending  []string // answers in the round on its way
	round    int
	reveal   bool
	spinner  spinner.Model
	load     common.Load // the round on its way
	reason   string      // why the operator is here (session expired)
	errText  string
	retry    func() tea.Cmd
	width    int
	height   int
}

// New builds the login screen.
func New(c *common.Common, opts Options) *Model {
	u := textinput.New()
	u.Prompt = "> "
	u.Placeholder = "user name"
	u.CharLimit = 128
	u.SetValue(opts.User)
	u.CursorEnd()
	sp := spinner.New(spinner.WithSpinner(spinner.Line))
	if c.Styles != nil {
		sp.Style = c.Styles.Spinner
		styleInput(&u, c)
	}
	m := &Model{c: c, opts: opts, keys: opts.Keys, user: u, spinner: sp, load: common.NewLoad(c.Calls)}
	return m
}

func styleInput(in *textinput.Model, c *common.Common) {
	c.Styles.Input(in)
}

// Reset brings the screen back to the user name, saying why (for example
// "session expired — log in again"); the user name is kept.
func (m *Model) Reset(reason string) tea.Cmd {
	m.stop()
	m.clearSecrets()
	m.state, m.reason, m.errText, m.retry = stateUser, reason, "", nil
	return m.user.Focus()
}

// User returns the user name typed.
func (m *Model) User() string { return strings.TrimSpace(m.user.Value()) }

// Init focuses the user name field, or, when the user name was given
// (--user or the config file), asks the host for its first prompts at
// once, so what the operator types next is the answer; Esc there goes
// back to the user name.
func (m *Model) Init() tea.Cmd {
	m.state = stateUser
	if m.User() != "" {
		return tea.Batch(m.start(), textinput.Blink)
	}
	return tea.Batch(m.user.Focus(), textinput.Blink)
}

// SetSize records the space the screen has.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	w := max(10, min(48, width-8))
	m.user.Width = w
	for i := range m.inputs {
		m.inputs[i].Width = w
	}
}

// Title names the screen.
func (m *Model) Title() string { return "Login" }

// Capturing is true: the screen's inputs take every key.
func (m *Model) Capturing() bool { return true }

// ShortHelp lists the keys that work in the current state.
func (m *Model) ShortHelp() []key.Binding {
	switch m.state {
	case stateAnswer:
		out := []key.Binding{m.keys.Submit}
		if len(m.inputs) > 1 {
			out = append(out, m.keys.Next)
		}
		return append(out, m.revealKey(), withHelp(m.keys.Cancel, "change user"))
	case stateWaiting:
		return []key.Binding{m.keys.Cancel}
	case stateFailed:
		return []key.Binding{withHelp(m.keys.Submit, "try again"), withHelp(m.keys.Cancel, "change user")}
	}
	if m.opts.Fleet {
		return []key.Binding{withHelp(m.keys.Submit, "log in"), m.fleetKey()}
	}
	return []key.Binding{withHelp(m.keys.Submit, "log in")}
}

// fleetKey is the Cancel key as it acts on the user name in a fleet.
func (m *Model) fleetKey() key.Binding { return withHelp(m.keys.Cancel, "back to the fleet") }

// FullHelp lists every login key.
func (m *Model) FullHelp() [][]key.Binding {
	first := []key.Binding{m.keys.Submit}
	if m.state != stateAnswer || len(m.inputs) > 1 {
		first = append(first, m.keys.Next, m.keys.Prev)
	}
	second := []key.Binding{m.revealKey(), withHelp(m.keys.Cancel, "cancel / change user")}
	if m.opts.Fleet {
		second[1] = withHelp(m.keys.Cancel, "cancel / change user / back to the fleet")
	}
	return [][]key.Binding{first, second}
}

// revealKey words the reveal key for what it does now: reveal the
// answers, or hide them again.
func (m *Model) revealKey() key.Binding {
	if m.reveal {
		return withHelp(m.keys.Reveal, "hide")
	}
	return m.keys.Reveal
}

// withHelp relabels a binding's help, keeping its (possibly rebound) keys.
func withHelp(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

// Update handles keys and the host's answers.
func (m *Model) Update(msg tea.Msg) (common.View, tea.Cmd) {
	switch msg := msg.(type) {
	case roundMsg:
		if !m.load.Owns(msg.call) || m.state != stateWaiting {
			return m, nil // cancelled or superseded
		}
		return m, m.answered(msg)
	case spinner.TickMsg:
		if m.state != stateWaiting {
			return m, nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd
	case tea.KeyMsg:
		return m, m.key(msg)
	}
	return m, m.updateFocused(msg)
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	switch m.state {
	case stateWaiting:
		if key.Matches(msg, m.keys.Cancel) {
			m.stop()
			m.state = m.previous
			m.errText = "login cancelled"
			return m.focusCurrent()
		}
		return nil
	case stateFailed:
		switch {
		case key.Matches(msg, m.keys.Submit):
			if m.retry != nil {
				return m.retry()
			}
			return m.start()
		case key.Matches(msg, m.keys.Cancel):
			return m.editUser()
		}
		return nil
	case stateAnswer:
		switch {
		case key.Matches(msg, m.keys.Cancel):
			return m.editUser()
		case key.Matches(msg, m.keys.Reveal):
			m.reveal = !m.reveal
			for i := range m.inputs {
				m.inputs[i].EchoMode = m.echo()
			}
			return nil
		case key.Matches(msg, m.keys.Next):
			return m.moveFocus(1)
		case key.Matches(msg, m.keys.Prev):
			return m.moveFocus(-1)
		case key.Matches(msg, m.keys.Submit):
			if m.focus < len(m.inputs)-1 {
				return m.moveFocus(1)
			}
			return m.sendAnswers()
		}
	case stateUser:
		if key.Matches(msg, m.keys.Submit) {
			return m.start()
		}
		if m.opts.Fleet && key.Matches(msg, m.keys.Cancel) {
			return func() tea.Msg { return common.FleetMsg{} }
		}
	}
	return m.updateFocused(msg)
}

func (m *Model) updateFocused(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch m.state {
	case stateUser:
		m.user, cmd = m.user.Update(msg)
	case stateAnswer:
		if m.focus < len(m.inputs) {
			m.inputs[m.focus], cmd = m.inputs[m.focus].Update(msg)
		}
	}
	return cmd
}

func (m *Model) echo() textinput.EchoMode {
	if m.reveal {
		return textinput.EchoNormal
	}
	return textinput.EchoPassword
}

func (m *Model) moveFocus(d int) tea.Cmd {
	if len(m.inputs) == 0 {
		return nil
	}
	m.inputs[m.focus].Blur()
	m.focus = (m.focus + d + len(m.inputs)) % len(m.inputs)
	return m.inputs[m.focus].Focus()
}

func (m *Model) focusCurrent() tea.Cmd {
	if m.state == stateAnswer && m.focus < len(m.inputs) {
		return m.inputs[m.focus].Focus()
	}
	return m.user.Focus()
}

func (m *Model) editUser() tea.Cmd {
	m.stop()
	m.clearSecrets()
	m.state, m.errText, m.retry = stateUser, "", nil
	return m.user.Focus()
}

// start begins a login from the first round.
func (m *Model) start() tea.Cmd {
	user := m.User()
	if user == "" {
		m.state, m.errText, m.retry = stateUser, "type a user name, then press Enter", nil
		return m.user.Focus()
	}
	m.clearSecrets()
	m.previous = stateUser
	return m.send(user, nil)
}

// sendAnswers sends this round's answers after the earlier ones.
func (m *Model) sendAnswers() tea.Cmd {
	all := append(append([]string(nil), m.answers...), m.values()...)
	m.previous = stateAnswer
	return m.send(m.User(), all)
}

func (m *Model) values() []string {
	out := make([]string, len(m.inputs))
	for i, in := range m.inputs {
		out[i] = in.Value()
	}
	return out
}

// send runs one round in a command; answers are copied into the closure.
func (m *Model) send(user string, answers []string) tea.Cmd {
	m.stop()
	ctx, callID := m.load.Start("logging in", false)
	client := m.c.Client
	m.state, m.errText = stateWaiting, ""
	m.user.Blur()
	for i := range m.inputs {
		m.inputs[i].Blur()
	}
	m.pending = answers
	m.retry = func() tea.Cmd { return m.send(user, answers) }
	call := func() tea.Msg {
		resp, err := client.HostOpenSession(ctx, user, answers...)
		return roundMsg{call: callID, resp: resp, err: err}
	}
	return tea.Batch(call, m.spinner.Tick)
}

func (m *Model) stop() {
	m.load.Cancel() // any reply still on its way is now stale
}

// clearSecrets forgets the answers and prompts of an ended attempt.
func (m *Model) clearSecrets() {
	for i := range m.inputs {
		m.inputs[i].Reset()
	}
	m.inputs, m.prompts, m.answers, m.pending, m.done = nil, nil, nil, nil, nil
	m.focus, m.round, m.reveal = 0, 0, false
}

func (m *Model) answered(msg roundMsg) tea.Cmd {
	var pe *gateway.Error
	switch {
	case msg.err == nil:
		if len(msg.resp.Results) != 1 || len(msg.resp.Results[0].Value) == 0 {
			return m.fail("the host granted a login without a session id: the host is misbehaving, ask its administrator", true)
		}
		m.c.Client.SetSession(string(msg.resp.Results[0].Value))
		user := m.User()
		m.clearSecrets()
		m.state, m.reason, m.errText, m.retry = stateUser, "", "", nil
		return func() tea.Msg { return DoneMsg{User: user} }
	case errors.Is(msg.err, gateway.ErrChallenged):
		return m.challenged(msg)
	case errors.As(msg.err, &pe) && pe.Status == gateway.StatusDenied:
		m.retry = nil // a denial starts again from the first round
		return m.fail(deniedText(pe.Message, m.c.Now(), m.c.UTC), false)
	case errors.Is(msg.err, context.Canceled):
		return nil
	case gateway.HTTPText(msg.err) != "":
		return m.fail(answeredText(gateway.HTTPText(msg.err)), true)
	case gateway.IsTransport(msg.err):
		return m.fail(fmt.Sprintf("cannot reach the gateway: %v — check the URL and that the host runs; Enter retries", msg.err), true)
	default:
		return m.fail(fmt.Sprintf("login failed: %v — Enter to try again", msg.err), false)
	}
}

func (m *Model) fail(text string, keepRetry bool) tea.Cmd {
	if !keepRetry {
		m.retry = nil
		m.clearSecrets()
	}
	m.state, m.errText = stateFailed, text
	return nil
}

func (m *Model) challenged(msg roundMsg) tea.Cmd {
	if msg.resp == nil || len(msg.resp.Results) == 0 {
		return m.fail("the host asked for answers without any prompt: the host is misbehaving", false)
	}
	if m.round >= gateway.MaxLoginRounds {
		return m.fail(fmt.Sprintf("the host still challenges after %d rounds: giving up", gateway.MaxLoginRounds), false)
	}
	// The same bounds as the CLI's login (16 prompts of 1 KiB at most),
	// checked before anything is laid out: a hostile host's 8 MB prompt
	// or 10,000 prompts are refused, not drawn.
	prompts, err := gateway.ChallengePrompts(msg.resp.Results, len(m.pending))
	if err != nil {
		return m.fail(err.Error(), false)
	}
	// The answers sent were accepted; this round's prompts come next.
	m.answers, m.pending = m.pending, nil
	for _, p := range m.prompts {
		m.done = append(m.done, p.Text)
	}
	for i := range m.inputs {
		m.inputs[i].Reset()
	}
	m.round++
	m.prompts = m.prompts[:0]
	m.inputs = m.inputs[:0]
	for _, p := range prompts {
		m.prompts = append(m.prompts, p)
		in := textinput.New()
		in.Prompt = "> "
		in.EchoMode = m.echo()
		in.EchoCharacter = '•'
		if m.c.Styles != nil && m.c.Styles.Plain {
			in.EchoCharacter = '*'
		}
		in.CharLimit = 1024
		in.Width = m.user.Width
		if m.c.Styles != nil {
			styleInput(&in, m.c)
		}
		m.inputs = append(m.inputs, in)
	}
	m.focus = 0
	m.state, m.retry = stateAnswer, nil
	return m.inputs[0].Focus()
}

// answeredText words a login whose URL answered, but not as a gateway:
// in the Fleet pane's words (gateway.HTTPText), not "cannot reach" nor
// the decoder's account of the web page that came back.
func answeredText(what string) string {
	if !strings.HasPrefix(what, "HTTP ") {
		return "the server answered, but it is " + what + " — Enter retries" // a 200 whose body is no gateway's
	}
	return "the server answered " + what + " — Enter retries"
}
