package fleet

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/msgroute"
	"dpconsole/theme"
	"dpconsole/ui"
	"dpconsole/views/common"
)

// Options build a fleet console.
type Options struct {
	Hosts []Host
	// Session is the template each host's console is built from: context,
	// renderer, keys, theme, clock, capabilities, poll intervals, version
	// and log. Client, Gateway, User, ReadOnly and LoggedInAs are the
	// host's; ReadOnly here makes every host read-only.
	Session     ui.Session
	Concurrency int           // polls in flight at once; DefaultConcurrency when zero
	Interval    time.Duration // between rounds; DefaultInterval when zero
	Start       string        // a gateway to show at once; "" shows the Fleet pane
	Tick        TickFunc      // arms the round timer; tea.Tick when nil (tests)
}

// Model is the fleet's root: the Fleet pane, and one host console per
// gateway stepped into, built on first Enter and kept while the
// operator is elsewhere, so returning needs no new login.
type Model struct {
	opts     Options
	ctx      context.Context
	pane     *pane
	index    map[string]int
	consoles map[string]*ui.Model
	kept     []string // the session each host's client held at the start (kept by dpconsole login)
	active   string   // the console shown; "" is the Fleet pane
	width    int
	height   int
	flash    string // the pane's last error, e.g. a console that could not be built
}

// New builds the fleet's root; nothing is polled until Init.
func New(o Options) (*Model, error) {
	if len(o.Hosts) == 0 {
		return nil, errors.New("fleet: no gateways")
	}
	if o.Session.Renderer == nil {
		return nil, errors.New("fleet: no renderer (each session renders for its own terminal)")
	}
	ctx := o.Session.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	now := o.Session.Now
	if now == nil {
		now = time.Now
	}
	m := &Model{opts: o, ctx: ctx, index: map[string]int{}, consoles: map[string]*ui.Model{}, kept: make([]string, len(o.Hosts))}
	for i, h := range o.Hosts {
		if h.Client == nil {
			return nil, fmt.Errorf("fleet: gateway %q has no client", h.Name)
		}
		if _, dup := m.index[h.Name]; dup {
			return nil, fmt.Errorf("fleet: gateway %q is named twice", h.Name)
		}
		m.index[h.Name] = i
		if h.KeptUser != "" {
			m.kept[i] = h.Client.Session()
		}
	}
	if o.Start != "" {
		if _, ok := m.index[o.Start]; !ok {
			return nil, fmt.Errorf("fleet: unknown gateway %q", o.Start)
		}
	}
	s := theme.NewStyles(o.Session.Renderer, o.Session.Theme)
	m.pane = newPane(ctx, o.Hosts, o, s, o.Session.Keys, now)
	if o.Session.Width > 0 && o.Session.Height > 0 {
		m.width, m.height = o.Session.Width, o.Session.Height
		m.pane.setSize(m.width, m.height)
	}
	return m, nil
}

// Init opens the chosen gateway, or shows the Fleet pane.
func (m *Model) Init() tea.Cmd {
	if m.opts.Start != "" {
		return m.open(m.opts.Start)
	}
	return m.showFleet()
}

// Active names the gateway whose console is shown, "" for the Fleet pane.
func (m *Model) Active() string { return m.active }

// Console returns the gateway's console, or nil if it was never opened.
func (m *Model) Console(name string) *ui.Model { return m.consoles[name] }

// Update routes a message: an addressed one (msgroute) to the console (or pane) whose
// command produced it, shown or not; keys and the runtime's messages to
// what is shown; sizes to everyone. A console's FleetMsg and GatewayMsg
// are the fleet's.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	return m, m.update(msg)
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.pane.setSize(msg.Width, msg.Height)
		var cmds []tea.Cmd
		for name, c := range m.consoles {
			_, cmd := c.Update(msg)
			cmds = append(cmds, msgroute.To(name, cmd))
		}
		return tea.Batch(cmds...)
	case msgroute.Reply[string]:
		return m.deliver(msg)
	case common.FleetMsg:
		return m.showFleet()
	case common.GatewayMsg:
		return m.open(msg.Name)
	case common.QuitMsg:
		return m.quit()
	case tea.KeyMsg:
		if m.active == "" && !m.pane.typing() {
			// "jj" typed faster than one read is two keys (ui.SplitBurst,
			// as in the consoles); each is routed afresh, as "/" opens
			// the filter that takes the keys after it.
			if keys := ui.SplitBurst(msg); keys != nil {
				cmds := make([]tea.Cmd, 0, len(keys))
				for _, k := range keys {
					cmds = append(cmds, m.update(k))
				}
				return tea.Batch(cmds...)
			}
		}
		if m.active == "" {
			m.flash = ""
			if key.Matches(msg, m.opts.Session.Keys.Global.ForceQuit) {
				return tea.Quit
			}
			return msgroute.To("", m.pane.Update(msg))
		}
	case tea.MouseMsg:
		if m.active == "" {
			return msgroute.To("", m.pane.Update(msg))
		}
	}
	if m.active == "" {
		return nil
	}
	// Keys, the mouse and the runtime's callbacks (an editor's exit)
	// belong to the console shown.
	_, cmd := m.consoles[m.active].Update(msg)
	return msgroute.To(m.active, cmd)
}

// deliver hands an addressed message to its owner.
func (m *Model) deliver(t msgroute.Reply[string]) tea.Cmd {
	switch msg := t.Msg.(type) {
	case common.FleetMsg:
		return m.showFleet()
	case common.QuitMsg:
		return m.quit()
	case common.GatewayMsg:
		if _, ok := m.index[msg.Name]; !ok && t.To != "" {
			_, cmd := m.consoles[t.To].Update(common.FlashMsg{Text: m.unknown(msg.Name), Error: true})
			return msgroute.To(t.To, cmd)
		}
		return m.open(msg.Name)
	}
	if t.To == "" {
		return msgroute.To("", m.pane.Update(t.Msg))
	}
	c := m.consoles[t.To]
	if c == nil {
		return nil
	}
	_, cmd := c.Update(t.Msg)
	return msgroute.To(t.To, cmd)
}

// quit ends the program (the Fleet pane's q, :quit in any console),
// after asking when a console holds unsaved work: the question names
// every console's, and is asked in one of them (the one shown if it holds
// some), which is shown for it.
func (m *Model) quit() tea.Cmd {
	var unsaved []string
	at := ""
	for _, h := range m.opts.Hosts {
		c := m.consoles[h.Name]
		if c == nil {
			continue
		}
		u := c.Unsaved()
		for _, s := range u {
			unsaved = append(unsaved, h.Name+": "+s)
		}
		if len(u) > 0 && (at == "" || h.Name == m.active) {
			at = h.Name
		}
	}
	if len(unsaved) == 0 {
		return tea.Quit
	}
	show := m.open(at)
	return tea.Batch(show, msgroute.To(at, m.consoles[at].AskQuit(unsaved)))
}

func (m *Model) unknown(name string) string {
	names := make([]string, len(m.opts.Hosts))
	for i, h := range m.opts.Hosts {
		names[i] = h.Name
	}
	return fmt.Sprintf("unknown gateway %q (known: %v)", name, names)
}

// showFleet shows the Fleet pane and starts its polling; the consoles
// keep their sessions and screens but stop polling (ui.Model.Suspend).
func (m *Model) showFleet() tea.Cmd {
	m.suspendActive()
	m.active = ""
	return msgroute.To("", m.pane.show())
}

// suspendActive stops the polling of the console shown, before another
// view takes its place: only what is on screen polls its host.
func (m *Model) suspendActive() {
	if c := m.consoles[m.active]; c != nil {
		c.Suspend()
	}
}

// open shows name's console, building it the first time (its login
// screen, or logged in with a kept session).
func (m *Model) open(name string) tea.Cmd {
	i, ok := m.index[name]
	if !ok {
		m.flash = m.unknown(name)
		return nil
	}
	m.pane.hide()
	if m.active != name {
		m.suspendActive()
	}
	m.active = name
	if c, ok := m.consoles[name]; ok {
		return msgroute.To(name, c.Resume())
	}
	c, err := ui.New(m.session(i))
	if err != nil {
		m.active, m.flash = "", err.Error()
		return msgroute.To("", m.pane.show())
	}
	m.consoles[name] = c
	return msgroute.To(name, c.Init())
}

// session is host i's console session, from the template.
func (m *Model) session(i int) ui.Session {
	h := m.opts.Hosts[i]
	s := m.opts.Session
	s.Client, s.Gateway = h.Client, h.Name
	if h.User != "" {
		s.User = h.User
	}
	if h.ReadOnly && !s.ReadOnly {
		s.ReadOnlyWhy = "gateway " + h.Name + " is read_only in the config file"
	}
	s.ReadOnly = s.ReadOnly || h.ReadOnly
	if s.ReadOnly {
		s.Keys.DisableMutating() // s.Keys is this console's copy
	}
	s.LoggedInAs = ""
	if h.KeptUser != "" && h.Client.Session() != "" {
		s.LoggedInAs = h.KeptUser
	}
	s.Width, s.Height = m.width, m.height
	s.Demo = false
	for _, o := range m.opts.Hosts {
		s.Gateways = append(s.Gateways, o.Name) // the palette's :gateway completes them
	}
	return s
}

// View shows the active console, or the Fleet pane.
func (m *Model) View() string {
	if m.active != "" {
		return m.consoles[m.active].View()
	}
	v := m.pane.View()
	if m.flash != "" {
		v += "\n" + m.pane.styles.Error.Render(m.flash)
	}
	// A console finishes its own frame; the pane's is finished here: no
	// zone marker, and nothing but our own styling, reaches the screen.
	return ui.Finish(m.opts.Session.Mouse, v)
}

// Close ends the host sessions the consoles opened, all at once within
// ctx; a session kept by `dpconsole login` stays open for later calls.
func (m *Model) Close(ctx context.Context) error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for name, c := range m.consoles {
		i := m.index[name]
		if s := m.opts.Hosts[i].Client.Session(); s == "" || s == m.kept[i] {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.Close(ctx); err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("%s: %w", name, err))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}
