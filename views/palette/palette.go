// Package palette is the console's command palette (`:`): every function
// of the registry, fuzzy-filtered by name, run with arguments the operator
// types or reads from files, and shown with its status and decoded
// results. Anything in the spec can be done from here even where no pane
// covers it.
package palette

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/sahilm/fuzzy"

	"dpconsole/gateway"
	"dpconsole/keymap"
	"dpconsole/text/highlight"
	"dpconsole/views/common"
	"dpconsole/widgets/doc"
	"dpconsole/widgets/prompt"
)

type mode int

const (
	modeClosed  mode = iota
	modeList         // filtering and choosing a function
	modeArgs         // typing the arguments, one at a time
	modeReady        // arguments complete; a destructive call waits for the confirm
	modeRunning      // the call is on its way
	modeResult       // showing the answer
	modeSave         // typing the file to save a binary result to
)

// argValue is one argument as the operator gave it: literal text, or a
// file (@path) read when the call runs.
type argValue struct {
	spec gateway.ArgSpec
	text string
}

// Model is the palette; it is closed until Show.
type Model struct {
	c    *common.Common
	keys keys
	hl   *highlight.Highlighter

	mode    mode
	all     []gateway.Function
	names   []string
	matches []int // indices into all, best first
	cmds    []int // indices into commands, listed before the functions
	cursor  int   // over cmds, then matches
	listOff int   // the first row of the list in view: it moves only to keep the cursor shown
	filter  textinput.Model
	// filterKept is true while the filter kept from the last run is
	// untouched: the next typed character replaces it.
	filterKept bool

	fn      gateway.Function
	specs   []gateway.ArgSpec // the user arguments of fn
	argIdx  int
	values  []argValue
	input   textinput.Model
	errText string
	note    string

	// The names that complete the argument asked (Tab), from the host.
	known      []string
	knownLabel string // where they come from, e.g. "configurations"
	namesTok   uint64 // tells the latest names reply from older ones
	namesCall  uint64 // the names call in flight (common.Calls id)

	// The names a command's arguments complete from, by namesKey, and
	// the lists on their way; read again each time the palette opens.
	cmdNames  map[string][]string
	cmdAsking map[string]bool
	// A Tab pressed while the names it completes from were read, and
	// the text it was pressed on: it completes when they arrive, unless
	// the text changed meanwhile. In the list, typing on after a Tab
	// keeps it (tabs: the text at each Tab still waiting, oldest first;
	// see commands.go).
	tabWait bool
	tabText string
	tabs    []string

	spinner spinner.Model
	seq     common.Seq
	call    uint64 // the call on its way (common.Calls id)

	res    *result
	prev   []argValue        // the arguments of the failed run being edited
	check  uint64            // the file check in flight for the current argument
	askNew common.ConfirmMsg // the confirm for a save whose item is new
	save   prompt.Model      // where to save a binary result; asks before overwriting
	out    doc.Model         // the result, scrolled both ways with its position shown
	help   bool              // the result view's keys are shown instead of the result
	width  int
	height int
}

// keys are the palette's bindings, built from the console's key map.
type keys struct {
	Up, Down, PageUp, PageDown key.Binding
	Choose, Back, Save, Edit   key.Binding
}

// New builds a closed palette over the registry's functions.
func New(c *common.Common) *Model {
	nav := c.Keys.Nav
	k := keys{
		Up:       c.Keys.Palette.Up,
		Down:     c.Keys.Palette.Down,
		PageUp:   nav.PageUp,
		PageDown: nav.PageDown,
		Choose:   c.Keys.Form.Submit,
		Back:     c.Keys.Form.Cancel,
		Save:     c.Keys.Item.SaveToFile,
		Edit:     keymap.Relabel(c.Keys.Item.Edit, "edit arguments"),
	}
	m := &Model{c: c, keys: k, all: gateway.Functions()}
	for _, f := range m.all {
		m.names = append(m.names, f.Name)
	}
	m.filter = newInput(c, "type to filter the 37 functions, or a command: tasks, logs, help…")
	m.input = newInput(c, "")
	m.save = prompt.ForConsole(c.Styles, c.Keys.Form)
	m.spinner = spinner.New(spinner.WithSpinner(spinner.Line), spinner.WithStyle(c.Styles.Spinner))
	off := key.NewBinding(key.WithDisabled())
	m.out = doc.New(m.hl, "text", viewport.KeyMap{Up: k.Up, Down: k.Down, PageUp: k.PageUp, PageDown: k.PageDown,
		HalfPageUp: off, HalfPageDown: off, Left: c.Keys.Log.Left, Right: c.Keys.Log.Right})
	if c.Styles != nil {
		m.out.StatusStyle = c.Styles.Muted
	}
	if c.Styles != nil {
		m.hl = highlight.ForStyles(c.Styles)
	}
	m.refilter()
	return m
}

func newInput(c *common.Common, placeholder string) textinput.Model {
	in := textinput.New()
	in.Prompt = "> "
	in.Placeholder = placeholderText(c, placeholder)
	in.CharLimit = 4096
	in.KeyMap.AcceptSuggestion = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete"))
	c.Styles.Input(&in)
	return in
}

// Open reports whether the palette is shown.
func (m *Model) Open() bool { return m.mode != modeClosed }

// Show opens the palette on the full function list.
func (m *Model) Show() tea.Cmd {
	m.stop()
	m.mode, m.errText, m.note = modeList, "", ""
	m.filter.SetValue("")
	m.filterKept, m.tabWait, m.tabs = false, false, nil
	m.cmdNames, m.cmdAsking = map[string][]string{}, map[string]bool{}
	m.refilter()
	return m.filter.Focus()
}

// Close hides the palette and cancels a call on its way.
func (m *Model) Close() {
	m.stop()
	m.mode = modeClosed
	m.res = nil
	m.values = nil
	m.filter.Blur()
	m.input.Blur()
}

func (m *Model) stop() {
	m.c.Calls.Cancel(m.call)
	m.c.Calls.Cancel(m.namesCall)
	m.call, m.namesCall = 0, 0
	m.seq.Next()
}

// Init does nothing until the palette is shown.
func (m *Model) Init() tea.Cmd { return nil }

// Title names the palette.
func (m *Model) Title() string { return "Functions" }

// Capturing is true while open: the palette's inputs take every key.
func (m *Model) Capturing() bool { return m.Open() }

// SetSize fits the palette into width x height.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.filter.Width = max(10, width-6)
	m.input.Width = max(10, width-6)
	m.save.SetWidth(width)
	m.fit()
}

// fit gives the result viewport the lines the result screen does not
// use for its title, arguments, save prompt and messages, so the save
// prompt and what is typed in it stay on screen.
func (m *Model) fit() {
	used := resultChrome + len(m.messageLines())
	if m.mode == modeSave {
		used += lipgloss.Height(m.save.View())
	}
	if m.canEditArgs() {
		used++
	}
	m.out.SetSize(max(1, m.width), max(1, m.height-used))
	m.listOff = listStart(m.listOff, m.cursor, m.listRows(), m.entries())
}

// refilter recomputes the matches for the filter text.
func (m *Model) refilter() {
	pattern := m.filter.Value()
	m.matches = m.matches[:0]
	m.cmds = m.matchCommands()
	switch {
	case len(m.words()) > 1:
		// Words after the first are a command's arguments: no function.
	case pattern == "":
		for i := range m.all {
			m.matches = append(m.matches, i)
		}
	default:
		for _, r := range fuzzy.Find(pattern, m.names) {
			m.matches = append(m.matches, r.Index)
		}
	}
	m.cursor = min(m.cursor, max(0, m.entries()-1))
}

// entries is how many rows the list has: commands, then functions.
func (m *Model) entries() int { return len(m.cmds) + len(m.matches) }

// Update handles keys while open and the palette's own replies.
func (m *Model) Update(msg tea.Msg) (common.View, tea.Cmd) {
	cmd := m.update(msg)
	m.fit()
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if !m.Open() {
			return nil
		}
		return m.key(msg)
	case tea.MouseMsg:
		return m.mouse(msg) // mouse.go
	case runMsg:
		if m.seq.Latest(msg.id) && m.mode == modeReady {
			return m.run()
		}
		return nil
	case fileCheckedMsg:
		return m.onFileChecked(msg)
	case namesMsg:
		m.onNames(msg)
		return nil
	case cmdNamesMsg:
		return m.onCmdNames(msg)
	case common.ExistsMsg:
		return m.onExists(msg)
	case resultMsg:
		m.c.Calls.End(msg.call)
		if !m.seq.Latest(msg.id) || m.mode != modeRunning {
			return nil
		}
		return m.received(msg)
	case spinner.TickMsg:
		if m.mode != modeRunning {
			return nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return cmd
	}
	if m.handleSaved(msg) {
		return nil
	}
	var cmd tea.Cmd
	switch m.mode {
	case modeList:
		m.filter, cmd = m.filter.Update(msg)
	case modeArgs:
		m.input, cmd = m.input.Update(msg)
	case modeSave:
		cmd = m.saveKey(msg)
	}
	return cmd
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	switch m.mode {
	case modeList:
		return m.listKey(msg)
	case modeArgs:
		return m.argKey(msg)
	case modeReady:
		switch {
		case key.Matches(msg, m.keys.Back):
			return m.backToList()
		case key.Matches(msg, m.keys.Choose):
			return m.ready()
		}
	case modeRunning:
		if key.Matches(msg, m.keys.Back) {
			m.stop()
			m.mode, m.errText = modeReady, "call cancelled: press Enter to run it again, Esc to go back"
		}
	case modeResult:
		return m.resultKey(msg)
	case modeSave:
		return m.saveKey(msg)
	}
	return nil
}

func (m *Model) listKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Back):
		m.Close()
		return nil
	case key.Matches(msg, m.keys.Up):
		m.cursor = max(0, m.cursor-1)
		return nil
	case key.Matches(msg, m.keys.Down):
		m.cursor = min(max(0, m.entries()-1), m.cursor+1)
		return nil
	case key.Matches(msg, m.keys.Choose):
		if m.entries() == 0 {
			m.errText = "no command or function matches: shorten the filter"
			return nil
		}
		if m.cursor < len(m.cmds) {
			return m.runCommand(commands[m.cmds[m.cursor]])
		}
		return m.choose(m.all[m.matches[m.cursor-len(m.cmds)]])
	case key.Matches(msg, m.filter.KeyMap.AcceptSuggestion):
		m.filterKept = false
		if len(m.tabs) > 0 {
			// An earlier Tab still waits for its names: this one follows it.
			m.tabs = append(m.tabs, m.filter.Value())
			return m.fetchCmdNames()
		}
		if cmd, ok := m.completeCommand(); ok {
			if m.tabWait {
				m.tabs = []string{m.tabText}
			}
			return cmd
		}
		return nil
	}
	if m.filterKept {
		// The kept filter is selected: typing replaces it, as in a
		// selected field; a cursor or edit key keeps it for editing.
		m.filterKept = false
		if (msg.Type == tea.KeyRunes || msg.Type == tea.KeySpace) && !msg.Alt {
			m.filter.SetValue("")
		}
	}
	before := m.filter.Value()
	var cmd tea.Cmd
	m.filter, cmd = m.filter.Update(msg)
	if v := m.filter.Value(); v != before {
		m.errText = ""
		if len(m.tabs) == 0 || !strings.HasPrefix(v, before) || !strings.HasPrefix(v, m.tabs[len(m.tabs)-1]) {
			// Edited, not typed on: the Tabs waiting are stale.
			m.tabWait, m.tabs = false, nil
		}
		m.cursor = 0
		m.refilter()
		cmd = tea.Batch(cmd, m.fetchCmdNames())
	}
	return cmd
}

func (m *Model) backToList() tea.Cmd {
	m.stop()
	m.mode, m.errText, m.note, m.res, m.values = modeList, "", "", nil, nil
	m.filterKept, m.tabWait, m.tabs = m.filter.Value() != "", false, nil
	m.input.Blur()
	return m.filter.Focus()
}

// ShortHelp lists the keys of the current step.
func (m *Model) ShortHelp() []key.Binding {
	back := m.keys.Back
	switch m.mode {
	case modeList:
		back.SetHelp(back.Help().Key, "close")
		return []key.Binding{m.keys.Up, m.keys.Down, keymap.Relabel(m.keys.Choose, "choose"),
			keymap.Relabel(m.filter.KeyMap.AcceptSuggestion, "complete"), back}
	case modeArgs:
		out := []key.Binding{keymap.Relabel(m.keys.Choose, "next")}
		if len(m.known) > 0 {
			out = append(out, m.input.KeyMap.AcceptSuggestion)
		}
		return append(out, keymap.Relabel(back, "back to list"))
	case modeReady:
		return []key.Binding{keymap.Relabel(m.keys.Choose, "run"), keymap.Relabel(back, "back to list")}
	case modeRunning:
		return []key.Binding{keymap.Relabel(back, "cancel the call")}
	case modeResult:
		if m.help {
			h := m.c.Keys.Global.Help.Help().Key
			return []key.Binding{key.NewBinding(key.WithKeys(h), key.WithHelp(h+"/"+back.Help().Key, "close the keys"))}
		}
		return m.resultKeys()
	case modeSave:
		return m.save.Help()
	}
	return nil
}

// resultKeys are the keys of the result view, the most used first so the
// footer keeps them when it is narrow; ? lists them all.
func (m *Model) resultKeys() []key.Binding {
	out := []key.Binding{m.keys.Up, m.keys.Down, keymap.Relabel(m.keys.Back, "back to list")}
	if m.canEditArgs() {
		out = append(out, m.keys.Edit)
	}
	if _, _, ok := m.res.saveable(); ok {
		out = append(out, m.keys.Save)
	}
	return append(out, keymap.Relabel(m.c.Keys.Global.Help, "keys"), m.c.Keys.Log.Left, m.c.Keys.Log.Right,
		m.keys.PageUp, m.keys.PageDown)
}

// FullHelp lists the palette's keys in one group.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }
