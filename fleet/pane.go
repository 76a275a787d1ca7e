package fleet

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"dpconsole/keymap"
	"dpconsole/text/sanitize"
	"dpconsole/text/wordwrap"
	"dpconsole/theme"
	"dpconsole/views/common"
	"dpconsole/widgets/mouse"
	"dpconsole/widgets/picker"
)

// Messages of the pane's own commands.
type (
	// tickMsg starts a poll round; stale generations (the pane was
	// hidden and shown since) are dropped, so one tick chain runs at most.
	tickMsg struct{ gen uint64 }
	// resultMsg is one host's poll.
	resultMsg struct {
		i int
		r Result
	}
	// flushMsg lays out the rows that results changed since the last
	// layout: with 500 hosts answering within milliseconds, sorting and
	// laying out 500 rows per answer would cost more than the polls.
	flushMsg struct{}
)

// flushEvery bounds how stale the rows may be while a round lands.
const flushEvery = 100 * time.Millisecond

// TickFunc arms a timer that delivers fn's message after d (tea.Tick).
type TickFunc func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd

// pane is the Fleet pane: one row per gateway, polled while shown.
type pane struct {
	ctx      context.Context
	hosts    []Host
	res      []Result
	answered []time.Time // each host's last answer, kept while it stops answering
	inFlight []bool
	queued   []bool
	queue    []int // hosts waiting for a free call, oldest first
	busy     int   // polls in flight
	conc     int
	interval time.Duration
	gen      uint64
	shown    bool
	tick     TickFunc
	now      func() time.Time
	utc      bool

	order  []int       // the rows' hosts, in the order shown
	cells  []table.Row // each host's row as last laid out (by host), every column
	cols   []int       // the columns shown (indices into columns)
	dirty  bool        // results landed since the last layout
	flush  bool        // a flushMsg is on its way
	table  picker.Model
	styles *theme.Styles
	keys   keymap.KeyMap
	help   help.Model
	width  int
	height int

	showHelp bool   // the pane's keys in full (?)
	note     string // a word about the last key, in the key line's place until the next key

	zones *mouse.Zones // the session's clickable areas; nil: the mouse is off
	zid   string       // the prefix of the pane's zones (mouse.go)
}

func newPane(ctx context.Context, hosts []Host, o Options, s *theme.Styles, km keymap.KeyMap, now func() time.Time) *pane {
	p := &pane{ctx: ctx, hosts: hosts, res: make([]Result, len(hosts)), answered: make([]time.Time, len(hosts)), inFlight: make([]bool, len(hosts)),
		queued: make([]bool, len(hosts)), conc: o.Concurrency, interval: o.Interval, tick: o.Tick, now: now,
		utc: o.Session.UTC, styles: s, keys: km, zones: o.Session.Mouse, zid: mouse.Prefix()}
	if p.conc <= 0 {
		p.conc = DefaultConcurrency
	}
	if p.interval <= 0 {
		p.interval = DefaultInterval
	}
	if p.tick == nil {
		p.tick = tea.Tick
	}
	p.newTable(allColumns(len(columns)))
	p.help = help.New()
	p.help.Styles = s.Help()
	p.cells = make([]table.Row, len(hosts))
	for i := range hosts {
		p.cells[i] = p.row(i)
	}
	p.rebuild()
	return p
}

// show starts polling: a round at once, then one per interval.
func (p *pane) show() tea.Cmd {
	p.shown = true
	p.gen++
	return p.round()
}

// hide stops polling; polls in flight still land.
func (p *pane) hide() {
	p.shown = false
	p.gen++
}

// round queues every host not already waiting or in flight (a hung host
// keeps its one call and is not asked twice), dispatches what the bound
// allows, and arms the next round.
func (p *pane) round() tea.Cmd {
	for i := range p.hosts {
		if !p.inFlight[i] && !p.queued[i] {
			p.queued[i] = true
			p.queue = append(p.queue, i)
		}
	}
	gen := p.gen
	next := p.tick(p.interval, func(time.Time) tea.Msg { return tickMsg{gen: gen} })
	return tea.Batch(append(p.dispatch(), next)...)
}

// dispatch starts polls while fewer than conc are in flight.
func (p *pane) dispatch() []tea.Cmd {
	var cmds []tea.Cmd
	for p.busy < p.conc && len(p.queue) > 0 && p.shown {
		i := p.queue[0]
		p.queue = p.queue[1:]
		p.queued[i], p.inFlight[i] = false, true
		p.busy++
		if p.res[i].At.IsZero() {
			p.cells[i] = p.row(i) // "polling"
			p.dirty = true
		}
		h, ctx, now := p.hosts[i], p.ctx, p.now
		cmds = append(cmds, func() tea.Msg { return resultMsg{i: i, r: Probe(ctx, h, now)} })
	}
	return cmds
}

// Update handles the pane's ticks, results and keys.
func (p *pane) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tickMsg:
		if msg.gen != p.gen || !p.shown {
			return nil
		}
		return p.round()
	case resultMsg:
		p.inFlight[msg.i] = false
		p.busy--
		p.res[msg.i] = msg.r
		if msg.r.Reachable {
			p.answered[msg.i] = msg.r.At
		}
		p.cells[msg.i] = p.row(msg.i)
		p.dirty = true
		cmds := p.dispatch()
		switch {
		case p.busy == 0 && len(p.queue) == 0:
			p.rebuild() // the round is in: show it whole at once
		case !p.flush:
			p.flush = true
			cmds = append(cmds, tea.Tick(flushEvery, func(time.Time) tea.Msg { return flushMsg{} }))
		}
		return tea.Batch(cmds...)
	case flushMsg:
		p.flush = false
		if p.dirty {
			p.rebuild()
		}
		return nil
	case tea.KeyMsg:
		return p.key(msg)
	case tea.MouseMsg:
		return p.mouse(msg)
	}
	return nil
}

func (p *pane) key(k tea.KeyMsg) tea.Cmd {
	p.note = ""
	if p.table.Filtering() {
		p.table.Update(k)
		return nil
	}
	g := p.keys.Global
	if p.showHelp {
		if key.Matches(k, g.Help, g.Quit, p.keys.Nav.Back) {
			p.showHelp = false
		}
		return nil
	}
	switch {
	case key.Matches(k, g.Help):
		p.showHelp = true
		return nil
	case key.Matches(k, g.Palette):
		// The commands belong to a gateway's console; here the rows
		// are the choice.
		p.note = "no commands on the Fleet pane: " + p.keys.Nav.Enter.Help().Key + " opens a gateway's console, " +
			p.keys.Table.Filter.Help().Key + " filters"
		return nil
	case key.Matches(k, p.keys.Nav.Enter):
		return p.open() // mouse.go
	case key.Matches(k, p.keys.Global.Refresh):
		return p.refreshNow()
	case key.Matches(k, p.keys.Global.Quit):
		// The root asks about the consoles' unsaved work first.
		return func() tea.Msg { return common.QuitMsg{} }
	}
	p.table.Update(k)
	return nil
}

// typing reports that the filter's input takes the keys: a burst there
// is text.
func (p *pane) typing() bool { return p.table.Filtering() }

// refreshNow polls every idle host now, without waiting for the round.
func (p *pane) refreshNow() tea.Cmd {
	for i := range p.hosts {
		if !p.inFlight[i] && !p.queued[i] {
			p.queued[i] = true
			p.queue = append(p.queue, i)
		}
	}
	return tea.Batch(p.dispatch()...)
}

// selected is the host under the cursor, or -1.
func (p *pane) selected() int {
	if c := p.table.Cursor(); c >= 0 && c < len(p.order) {
		return p.order[c]
	}
	return -1
}

// rebuild sorts the hosts (problems first, then by name) and lays out
// the rows, keeping the cursor on the same host.
func (p *pane) rebuild() {
	sel := p.selected()
	if p.order == nil {
		p.order = make([]int, len(p.hosts))
		for i := range p.order {
			p.order[i] = i
		}
	}
	slices.SortStableFunc(p.order, func(a, b int) int {
		if d := p.res[a].Problem() - p.res[b].Problem(); d != 0 {
			return d
		}
		return strings.Compare(p.hosts[a].Name, p.hosts[b].Name)
	})
	if shown := p.shownColumns(); !slices.Equal(shown, p.cols) {
		p.newTable(shown)
	}
	rows := make([]table.Row, len(p.order))
	for r, i := range p.order {
		rows[r] = p.project(p.cells[i])
	}
	p.dirty = false
	p.table.SetRows(rows)
	if sel >= 0 {
		p.table.SetCursor(slices.Index(p.order, sel))
	}
}

// row is one host's cells, host text made safe to show.
func (p *pane) row(i int) table.Row {
	h, r := p.hosts[i], p.res[i]
	clean := sanitize.SanitizeLine
	state, ping, agent, cfg, tasks, at := "…", "", "", "", "", ""
	if !r.At.IsZero() {
		state = r.State()
		if r.Reachable {
			ping = PingText(r.Ping)
		}
	}
	if p.inFlight[i] && r.At.IsZero() {
		state = "polling"
	}
	if a := p.answered[i]; !a.IsZero() {
		at = p.clock(a)
	}
	if r.HaveStatus {
		agent, cfg, tasks = clean(r.Status.Agent), clean(r.Status.Config), clean(r.Status.TaskStatus)
	}
	return table.Row{clean(h.Name), clean(h.HostPart()), state, ping, agent, cfg, tasks, at, clean(r.Err())}
}

func (p *pane) clock(t time.Time) string {
	if p.utc {
		return t.UTC().Format("15:04:05")
	}
	return t.Local().Format("15:04:05")
}

// problems counts the hosts with a problem among the rows shown, and
// among those the filter hides.
func (p *pane) problems() (shown, hidden int) {
	bad := func(r Result) bool { return !r.At.IsZero() && r.Problem() < 4 }
	total := 0
	for _, r := range p.res {
		if bad(r) {
			total++
		}
	}
	for _, row := range p.table.Visible() {
		if row < len(p.order) && bad(p.res[p.order[row]]) {
			shown++
		}
	}
	return shown, total - shown
}

func (p *pane) setSize(w, h int) {
	p.width, p.height = w, h
	p.table.SetSize(w, max(1, h-2)) // the heading and the key line
	if p.order != nil {
		p.rebuild() // the columns that fit may have changed
	}
}

// View is the heading, the table and the pane's keys.
func (p *pane) View() string {
	// The counts are of the rows shown: a filter to healthy rows says
	// none has a problem, and how many it hides so none is forgotten.
	shown, hidden := p.problems()
	bad := fmt.Sprintf("%d with problems", shown)
	if hidden > 0 {
		bad += fmt.Sprintf(" (%d more hidden by the filter)", hidden)
	}
	title := fmt.Sprintf("── fleet · %s gateways · %s ", p.table.CountText(), bad)
	if p.busy > 0 {
		title = fmt.Sprintf("── fleet · %s gateways · %s · asking %d now ", p.table.CountText(), bad, p.busy)
	}
	head := common.Heading(p.styles, title, p.width)
	if p.showHelp {
		return head + "\n" + p.helpView()
	}
	g := p.keys.Global
	keys := []key.Binding{keymap.Relabel(p.keys.Nav.Enter, "open"), p.keys.Table.Filter,
		keymap.Relabel(g.Refresh, "poll now"), keymap.Relabel(g.Quit, "quit"), g.Help}
	line := p.help.ShortHelpView(keys)
	if p.note != "" {
		line = p.styles.Muted.Render(ansi.Truncate(p.note, max(1, p.width), "…"))
	}
	return head + "\n" + p.zones.Mark(p.tableZone(), p.table.View()) + "\n" + line
}

// helpView is the pane's keys in full, as a console's ? shows its own.
func (p *pane) helpView() string {
	g, n, f := p.keys.Global, p.keys.Nav, p.keys.Form
	h := p.help
	h.Width = 0
	groups := [][]key.Binding{
		{keymap.Relabel(n.Enter, "open the gateway's console"), keymap.Relabel(p.keys.Table.Filter, "filter the gateways"),
			keymap.Relabel(f.Submit, "keep the filter"), keymap.Relabel(n.Back, "drop the filter"),
			keymap.Relabel(g.Refresh, "poll every gateway now")},
		{n.Up, n.Down, n.PageUp, n.PageDown, n.Home, n.End},
		{keymap.Relabel(g.Help, "close this help"), keymap.Relabel(g.Quit, "quit (asks over unsaved work)"), g.ForceQuit},
	}
	var cols []string
	for _, grp := range groups {
		cols = append(cols, h.FullHelpView([][]key.Binding{grp}))
	}
	lines := []string{p.styles.Title.Render("Fleet pane keys") + p.styles.Muted.Render("  ("+g.Help.Help().Key+" or "+n.Back.Help().Key+" closes)"), ""}
	lines = append(lines, strings.Split(strings.Join(cols, "\n"), "\n")...)
	lines = append(lines, "")
	back := "In a gateway's console, " + g.Fleet.Help().Key + " (or " + g.Quit.Help().Key + " at a pane's top) comes back here; on its login screen, " +
		n.Back.Help().Key + " on the user name does."
	for _, l := range wordwrap.Lines(back, max(20, p.width)) {
		lines = append(lines, p.styles.Muted.Render(l))
	}
	if rows := max(1, p.height-1); len(lines) > rows {
		lines = lines[:rows] // the heading has the first line
	}
	return strings.Join(lines, "\n")
}
