package ui

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/charmbracelet/lipgloss"

	"dpconsole/gateway"
	"dpconsole/keymap"
	"dpconsole/theme"
	"dpconsole/views/common"
	"dpconsole/widgets/mouse"
)

// Defaults for the poll intervals a Session leaves unset.
const (
	defaultTaskRefresh = 2 * time.Second
	defaultLogRefresh  = time.Second
)

// Session is everything one console is built from. The local terminal's
// composition root (package cli) fills one from flags and the config file;
// an SSH server fills one per connection. Nothing in it is shared with
// another session unless the caller shares it.
type Session struct {
	// Ctx ends the session's calls when cancelled; nil means Background.
	Ctx context.Context
	// Client talks to the session's host. Required.
	Client *gateway.Client
	// Renderer carries this session's colour profile and background.
	// Required: the console never falls back to lipgloss's default.
	Renderer *lipgloss.Renderer
	// Width and Height are the terminal's size when the session starts;
	// zero means "wait for the first WindowSizeMsg".
	Width, Height int
	// Keys is the key map, already rebound and, for read-only sessions,
	// with the mutating keys disabled.
	Keys keymap.KeyMap
	// Theme is the palette the styles are built from.
	Theme theme.Theme
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Caps is what the session may do on the machine it runs on.
	Caps common.Capabilities
	// Output is the terminal the program writes to (the clipboard's
	// OSC 52 goes there too); nil: copying is refused.
	Output io.Writer
	// Gateways names the fleet's gateways when the console is one of a
	// fleet's (package fleet): the palette then offers :fleet and
	// :gateway NAME.
	Gateways []string
	// Mouse, when set, is the session's clickable areas: the program
	// reports the mouse (tea.WithMouseCellMotion) and a click selects a
	// tab, a row or a button, the wheel scrolls. Nil leaves the mouse
	// off, so the operator's terminal selects text. Whoever builds the
	// session closes it.
	Mouse *mouse.Zones

	ReadOnly    bool          // refuse functions that change the host
	ReadOnlyWhy string        // how to allow changes, said with each refusal (common.Common)
	UTC         bool          // show times in UTC instead of local time
	TaskRefresh time.Duration // tasks table poll interval (default 2s)
	LogRefresh  time.Duration // log tail poll interval (default 1s)

	Gateway string               // shown in the header and on the login screen
	User    string               // pre-filled user name
	Demo    bool                 // the host is the embedded mock host
	Version string               // shown in the header
	Notice  string               // shown on the login screen (demo mode, insecure TLS)
	Logf    func(string, ...any) // the session's log; never given secrets
	// LoggedInAs, when set, is the user whose host session Client
	// already holds (an SSH server relayed the login): the console opens
	// logged in, without a login screen.
	LoggedInAs string
}

// New builds a console for one session: the root model, ready for
// tea.NewProgram with that session's input and output.
func New(s Session) (*Model, error) {
	if len(s.Gateways) == 0 {
		s.Keys.Global.Fleet.SetEnabled(false) // no fleet: help does not offer 0
	}
	c, err := newCommon(s)
	if err != nil {
		return nil, err
	}
	m := newModel(modelConfig{common: c, panes: newPanes(c), gateway: s.Gateway, user: s.User,
		demo: s.Demo, version: s.Version, notice: s.Notice, logf: s.Logf, loggedInAs: s.LoggedInAs})
	if s.Width > 0 && s.Height > 0 {
		m.width, m.height = clampSize(s.Width, s.Height)
		m.ready = true
		m.layout()
	}
	return m, nil
}

// newCommon builds the shared context of one session's views.
func newCommon(s Session) (*common.Common, error) {
	if s.Client == nil {
		return nil, errors.New("console session: no gateway client")
	}
	if s.Renderer == nil {
		return nil, errors.New("console session: no renderer (each session renders for its own terminal)")
	}
	ctx := s.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	now := s.Now
	if now == nil {
		now = time.Now
	}
	c := &common.Common{
		Ctx: ctx, Client: s.Client, Styles: theme.NewStyles(s.Renderer, s.Theme), Keys: s.Keys, Theme: s.Theme,
		Now: now, UTC: s.UTC, TaskRefresh: s.TaskRefresh, LogRefresh: s.LogRefresh, ReadOnly: s.ReadOnly, ReadOnlyWhy: s.ReadOnlyWhy,
		Caps: s.Caps, Output: s.Output, Gateways: s.Gateways, Mouse: s.Mouse,
	}
	c.Calls = common.NewCalls(ctx, func() time.Time { return c.Now() })
	if c.TaskRefresh <= 0 {
		c.TaskRefresh = defaultTaskRefresh
	}
	if c.LogRefresh <= 0 {
		c.LogRefresh = defaultLogRefresh
	}
	return c, nil
}

// Close ends what the session holds on its host: the host session, if
// one is open. Call it after the program returns.
func (m *Model) Close(ctx context.Context) error {
	if m.c.Client.Session() == "" {
		return nil
	}
	return m.c.Client.HostCloseSession(ctx)
}
