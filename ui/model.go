// Package ui is the console's root Bubble Tea model: it routes messages
// between the panes and the overlays (login, palette, confirm dialog,
// help), handles the global keys, and lays out the header, tabs and
// footer around the active pane. New builds one console per Session (its
// own client, renderer, keys, theme and clock), so one process can serve
// several sessions.
package ui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/views/common"
	"dpconsole/views/login"
	"dpconsole/views/palette"
	"dpconsole/widgets/confirm"
	"dpconsole/widgets/mouse"
)

// modelConfig is what the root model is built from; New fills it from the
// Session, tests fill it directly.
type modelConfig struct {
	common  *common.Common
	panes   []common.View
	gateway string // shown in the header and on the login screen
	user    string // pre-filled user name
	demo    bool
	version string
	notice  string               // shown on the login screen (demo mode, insecure TLS)
	logf    func(string, ...any) // the DPCONSOLE_LOG file; never given secrets
	// loggedInAs starts the console logged in as this user (Session.LoggedInAs).
	loggedInAs string
}

// Model is the console's root: it owns routing between the panes, the
// global keys, the header, the footer and the overlays (login, palette,
// confirm dialog, help). Panes own their screens.
type Model struct {
	c    *common.Common
	info headerInfo

	width, height int
	ready         bool // a WindowSizeMsg arrived
	bodyHeight    int
	chrome        int // the header's and footer's height at the last layout
	sizedW        int // the size the views were last given
	sizedH        int

	panes   []common.View
	active  int
	stack   []int // panes to return to, newest last (Esc / BackMsg)
	started bool  // the panes were initialised (after the first login)

	loggedIn bool
	login    *login.Model
	header   header

	confirm   *confirm.Model
	palette   *palette.Model
	showHelp  bool
	help      help.Model
	helpLines []string // the help overlay, laid out at the width
	helpTop   int      // its first visible line

	flash    string
	flashErr bool
	flashGen uint64
	history  []message // the last footer messages, shown in full in help

	// spinner turns in the footer while the operator waits for a call
	// (common.Calls' foreground calls); spinning: its ticks are armed.
	spinner  spinner.Model
	spinning bool

	logf func(string, ...any)

	startAs   string // log in as this user at Init (Session.LoggedInAs)
	suspended bool   // another console is shown (a fleet): nothing polls
	editor    *editorOverlay
	zid       string // the prefix of the tabs' clickable areas (mouse.go)
}

// newModel builds the root model; nothing runs until Init.
func newModel(cfg modelConfig) *Model {
	c := cfg.common
	h := help.New()
	h.Styles = c.Styles.Help()
	m := &Model{
		c:     c,
		info:  headerInfo{version: cfg.version, gateway: cfg.gateway, demo: cfg.demo},
		panes: cfg.panes,
		help:  h,
		logf:  cfg.logf,
		zid:   mouse.Prefix(),
	}
	m.startAs = cfg.loggedInAs
	if m.logf == nil {
		m.logf = func(string, ...any) {}
	}
	sp := spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(c.Styles.Spinner))
	if c.Styles.Plain {
		sp.Spinner = spinner.Line
	}
	m.spinner = sp
	m.login = login.New(c, login.Options{Gateway: cfg.gateway, User: cfg.user, Demo: cfg.demo, Notice: cfg.notice, Keys: c.Keys.Form,
		Fleet: len(c.Gateways) > 0})
	m.palette = palette.New(c)
	return m
}

// Init shows the login screen.
func (m *Model) Init() tea.Cmd {
	if m.startAs != "" {
		// The session is already open on the host: no login screen.
		return m.loggedInAs(m.startAs)
	}
	return routeTo(toLogin, m.login.Init())
}

// Update routes one message: size to everyone, keys to whatever has focus,
// navigation and notifications to the shell, a view's replies back to that
// view (route.go), and only news every view needs to all of them. Then, if a view started a call the
// operator waits for, the footer's spinner starts turning.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if mm, ok := msg.(tea.MouseMsg); ok && (!m.c.Mouse.On() || !mouse.Used(mm)) {
		return m, nil // the mouse is off, or it only moved: no layout
	}
	was := m.asking()
	cmd := m.update(msg)
	if !was && m.asking() {
		// A question or prompt just opened: the footer's old message is
		// about what came before and would read as the answer to it.
		m.clearFlash()
	}
	m.relayout()
	if op, _ := m.c.Calls.Busy(); op != "" && !m.spinning {
		m.spinning = true
		cmd = tea.Batch(cmd, m.spinner.Tick)
	}
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		m.c.Input++
	case tea.MouseMsg:
		if msg.Action == tea.MouseActionPress {
			m.c.Input++
		}
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = clampSize(msg.Width, msg.Height)
		m.ready = true
		m.layout()
		return nil
	case tea.KeyMsg:
		return m.handleKeys(msg)
	case reply:
		return m.deliver(msg)
	case tea.MouseMsg:
		return m.mouse(msg)
	case spinner.TickMsg:
		if msg.ID == m.spinner.ID() {
			return m.spin(msg)
		}
	case flashClearMsg:
		if msg.gen == m.flashGen {
			m.clearFlash()
		}
		return nil
	case agentRunMsg:
		return m.runAgent(msg.act)
	case agentDoneMsg:
		return m.agentDone(msg)
	}
	if cmd, ok := m.request(msg); ok {
		return cmd
	}
	if cmd, ok := m.header.update(m.c, msg); ok {
		return cmd
	}
	return m.unaddressed(msg)
}

// request acts on what a view asks of the shell, whichever view sent it:
// a flash, a failure, a dialog, navigation. ok is false for anything else.
func (m *Model) request(msg tea.Msg) (cmd tea.Cmd, ok bool) {
	switch msg := msg.(type) {
	case login.DoneMsg:
		return m.loggedInAs(msg.User), true
	case common.FlashMsg:
		return m.setFlash(msg.Text, msg.Error), true
	case common.ErrMsg:
		return m.failed(msg), true
	case common.ConfirmMsg:
		m.confirm = confirm.New(m.c.Styles, m.c.Keys.Dialog, msg)
		m.confirm.SetMouse(m.c.Mouse)
		m.confirm.SetSize(m.width, m.bodyHeight)
		return nil, true
	case common.AgentChangedMsg:
		if m.loggedIn {
			return m.header.start(m.c), true
		}
		return nil, true
	case common.OpenTasksMsg:
		return m.open(paneTasks, msg), true
	case common.OpenLogMsg:
		return m.open(paneLogs, msg), true
	case common.BackMsg:
		return m.back(), true
	case common.SwitchPaneMsg:
		return m.switchTo(msg.Pane), true
	case common.ShowHelpMsg:
		m.openHelp()
		return nil, true
	case common.QuitMsg:
		if len(m.c.Gateways) == 0 {
			return m.quit(), true
		}
		// A fleet asks about every console's unsaved work.
		return func() tea.Msg { return msg }, true
	case common.FleetMsg, common.GatewayMsg:
		// For the fleet around this console (package fleet). A console
		// that runs alone has none: the message would come back here.
		if len(m.c.Gateways) == 0 {
			return nil, true
		}
		return func() tea.Msg { return msg }, true
	}
	return nil, false
}

// spin turns the footer's spinner while a foreground call is in flight;
// its ticks stop once nothing is waited for.
func (m *Model) spin(msg spinner.TickMsg) tea.Cmd {
	if op, _ := m.c.Calls.Busy(); op == "" {
		m.spinning = false
		return nil
	}
	var cmd tea.Cmd
	m.spinner, cmd = m.spinner.Update(msg)
	return cmd
}

// cancelCalls cancels every call the operator is waiting for (Esc while
// busy); ok is false when there was none.
func (m *Model) cancelCalls() (tea.Cmd, bool) {
	if m.c.Calls.CancelAll() == 0 {
		return nil, false
	}
	return m.setFlash("cancelled", false), true
}

// broadcast hands news every view needs (isBroadcast) to every view.
func (m *Model) broadcast(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for _, to := range []address{toLogin, toPalette} {
		if cmd := m.updateView(to, msg); cmd != nil {
			cmds = append(cmds, cmd)
		}
	}
	for i := range m.panes {
		if cmd := m.updatePane(i, msg); cmd != nil {
			cmds = append(cmds, cmd)
		}
	}
	return tea.Batch(cmds...)
}

func (m *Model) updatePane(i int, msg tea.Msg) tea.Cmd {
	v, cmd := m.panes[i].Update(msg)
	if v != nil {
		m.panes[i] = v
	}
	return routeTo(address(i), cmd)
}

// asking reports whether the operator is being asked something: a
// confirm dialog, or the active pane's question or text input.
func (m *Model) asking() bool {
	if !m.loggedIn {
		return false
	}
	return m.confirm != nil || (len(m.panes) > 0 && m.panes[m.active].Capturing())
}

// failed shows a failed call, or sends the operator back to login when the
// session is gone; the panes and the stack stay as they were, so after
// login the console is where the operator left it.
func (m *Model) failed(msg common.ErrMsg) tea.Cmd {
	m.logf("%s: %v", msg.Op, msg.Err)
	if common.IsCancelled(msg.Err) {
		// Esc cancelled it: the request may have reached the host anyway.
		text := "cancelled"
		if msg.Op != "" {
			text = msg.Op + ": cancelled (the host may still have done it; refresh to check)"
		}
		return m.setFlash(text, false)
	}
	if !common.IsSessionError(msg.Err) {
		text := m.c.ErrText(msg.Err)
		if msg.Op != "" {
			text = msg.Op + ": " + text
		}
		return m.setFlash(text, true)
	}
	if !m.loggedIn {
		return nil // already at login; late replies of the old session
	}
	m.loggedIn = false
	m.header.stop(m.c)
	m.header.sessionEnded()
	m.c.Client.SetSession("")
	m.confirm = nil
	m.palette.Close()
	m.showHelp = false
	m.clearFlash()
	return routeTo(toLogin, m.login.Reset(expiryText(msg.Err)))
}

// loggedInAs enters the console, or returns to it after a new login.
func (m *Model) loggedInAs(user string) tea.Cmd {
	m.loggedIn = true
	m.info.user = user
	cmds := []tea.Cmd{m.header.start(m.c), m.setFlash("logged in as "+user, false)}
	if !m.started {
		m.started = true
		for i, p := range m.panes {
			cmds = append(cmds, routeTo(address(i), p.Init()))
		}
		// Only the shown pane works; the others wait for Activate.
		for i := range m.panes {
			if i != m.active {
				m.deactivate(i)
			}
		}
	} else {
		cmds = append(cmds, m.broadcast(common.SessionStartedMsg{User: user}))
	}
	m.layout()
	return tea.Batch(cmds...)
}
