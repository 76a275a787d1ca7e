// Package logview is the log-tail component: a store of log entries
// prepared once at append, and a view that renders only the visible window,
// so its cost does not grow with the log. It follows the end, searches,
// filters by level, wraps and shows timestamps in local time or UTC.
package logview

import (
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/keymap"
	"dpconsole/text/sanitize"
	"dpconsole/theme"
)

// TimeMode says how timestamps are shown.
type TimeMode uint8

// Timestamp modes, in the order the Timestamps key cycles through them.
const (
	TimeLocal TimeMode = iota
	TimeUTC
	TimeOff
)

// String names the mode as the status line shows it.
func (t TimeMode) String() string {
	return [...]string{"local", "UTC", "no time"}[min(int(t), 2)]
}

// SaveRequestMsg is sent when the operator asks to save the log. The
// caller asks for a path and writes Snapshot in a tea.Cmd.
type SaveRequestMsg struct {
	Snapshot Snapshot
}

// DefaultEmptyText is shown when the log has no entries.
const DefaultEmptyText = "log is empty"

// Model is the log view. Create it with New; it is used by pointer.
type Model struct {
	styles *theme.Styles
	keys   keymap.LogKeys
	nav    keymap.NavKeys
	submit key.Binding // Enter while typing a search
	cancel key.Binding // Esc while typing a search
	paint  painters

	st       store
	filtered []int32 // positions → store indices when a level filter is on
	minLevel Level

	width, height int
	top, topRow   int // first visible entry (position) and its first visible row
	xoff          int // first visible column of unwrapped entries
	follow        bool
	newCount      int

	wrap     bool
	timeMode TimeMode
	loc      *time.Location

	q       query
	matches matchIndex
	input   textinput.Model
	typing  bool

	notice     string
	noticeWrap []string // the notice broken into lines when it needs its own
	emptyText  string
	wraps      wrapCache
	marks      map[int][]colMark // column marks of long non-ASCII entries, by store index
}

// New returns an empty, following log view using the caller's styles and
// key map (its Log and Nav groups).
func New(styles *theme.Styles, km keymap.KeyMap) *Model {
	in := textinput.New()
	in.Prompt = "/"
	in.Placeholder = "search"
	styles.Input(&in)
	m := &Model{
		styles:    styles,
		keys:      km.Log,
		nav:       km.Nav,
		submit:    key.NewBinding(key.WithKeys(km.Nav.Enter.Keys()...), key.WithHelp(km.Nav.Enter.Help().Key, "search")),
		cancel:    key.NewBinding(key.WithKeys(km.Nav.Back.Keys()...), key.WithHelp(km.Nav.Back.Help().Key, "cancel")),
		paint:     newPainters(styles),
		minLevel:  LevelDebug,
		follow:    true,
		loc:       time.Local,
		input:     in,
		emptyText: DefaultEmptyText,
		matches:   matchIndex{cur: -1},
	}
	m.syncKeys()
	return m
}

// Init starts nothing: the caller fetches the log and appends to it.
func (m *Model) Init() tea.Cmd { return nil }

// SetSize sets the view's size in cells; View fills exactly that, with the
// last line a status line.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = max(0, width), max(0, height)
	m.input.Width = max(1, m.width-3)
	m.wrapNotice()
	m.settle()
}

// SetLocation sets the zone of local timestamps (time.Local by default);
// tests use it for stable output.
func (m *Model) SetLocation(loc *time.Location) {
	if loc != nil {
		m.loc = loc
	}
}

// SetEmptyText sets what an empty log says, such as "agent offline".
func (m *Model) SetEmptyText(s string) { m.emptyText = s }

// Notice shows msg in the status line until the next key press, for
// things the operator must be told, such as "log was reset".
func (m *Model) Notice(msg string) {
	m.notice = sanitize.SanitizeLine(msg) // it often quotes the host's words
	m.wrapNotice()
	m.settle() // a long notice takes lines of its own
}

// Append adds entries at the end. Each costs the same whatever the log's
// size: it is prepared once, and the filter and search indexes grow by one
// check.
func (m *Model) Append(entries ...Entry) {
	for _, e := range entries {
		it := newItem(e)
		m.st.append(it)
		idx := m.st.n - 1
		m.addMarks(idx, &it)
		if it.level.rank() < m.minLevel {
			continue
		}
		if m.filtered != nil {
			m.filtered = append(m.filtered, int32(idx))
		}
		if m.q.text != "" && m.q.matches(it.text, it.level) {
			m.matches.entries = append(m.matches.entries, int32(idx))
		}
		if !m.follow {
			m.newCount++
		}
	}
	m.settle()
}

// Reset replaces every entry, for a log that was reset or shrank. The
// filter and search stay and are applied to the new entries.
func (m *Model) Reset(entries []Entry) {
	m.st = store{}
	m.wraps = wrapCache{}
	m.marks = nil
	m.xoff = 0
	for _, e := range entries {
		it := newItem(e)
		m.st.append(it)
		m.addMarks(m.st.n-1, &it)
	}
	m.rebuildFilter()
	m.rebuildMatches()
	m.newCount = 0
	m.settle()
}

// Len returns the number of entries, shown or filtered out.
func (m *Model) Len() int { return m.st.n }

// Following reports whether the view stays at the end as entries arrive.
func (m *Model) Following() bool { return m.follow }

// NewCount returns how many entries arrived since following stopped.
func (m *Model) NewCount() int { return m.newCount }

// MinLevel returns the least severe level shown.
func (m *Model) MinLevel() Level { return m.minLevel }

// Wrapped reports whether long entries wrap.
func (m *Model) Wrapped() bool { return m.wrap }

// TimeMode returns how timestamps are shown.
func (m *Model) TimeMode() TimeMode { return m.timeMode }

// Typing reports whether the search prompt has focus: the caller must
// then pass every key to this view and not treat it as a global key.
func (m *Model) Typing() bool { return m.typing }

// Noticing reports whether a notice is shown; the next key dismisses it
// and still does what it does.
func (m *Model) Noticing() bool { return m.notice != "" }

// DismissNotice takes the notice down, as any key does; the caller calls
// it when a key goes elsewhere (Esc going back), so the notice does not
// wait for the operator's return.
func (m *Model) DismissNotice() {
	if m.notice != "" {
		m.notice, m.noticeWrap = "", nil
		m.settle()
	}
}

// Searching reports whether a search is active: Esc then clears it, so
// the caller should pass Esc here rather than go back.
func (m *Model) Searching() bool { return m.q.text != "" }

// Query returns the active search, "" if none.
func (m *Model) Query() string { return m.q.text }

// MatchCount returns how many shown entries match the search.
func (m *Model) MatchCount() int { return len(m.matches.entries) }

// Follow jumps to the end and keeps following new entries.
func (m *Model) Follow() {
	m.follow = true
	m.newCount = 0
	m.settle()
}

// SetMinLevel shows only entries at least as severe as l.
func (m *Model) SetMinLevel(l Level) {
	anchor := m.topEntry()
	m.minLevel = max(LevelDebug, min(l, LevelError))
	m.rebuildFilter()
	m.rebuildMatches()
	m.top, m.topRow = m.posOf(anchor), 0
	m.settle()
}

// SetWrap turns wrapping of long entries on or off.
func (m *Model) SetWrap(on bool) {
	m.wrap = on
	m.topRow, m.xoff = 0, 0
	m.syncKeys()
	m.settle()
}

// SetTimeMode sets how timestamps are shown.
func (m *Model) SetTimeMode(t TimeMode) {
	m.timeMode = t % 3
	m.topRow = 0
	m.settle()
}

// Search makes q the active search (an empty q clears it) and moves to
// the nearest match: the latest when following, else the first at or
// below the top line. Finding the matches reads every entry once.
func (m *Model) Search(q string) {
	m.q = newQuery(q)
	m.rebuildMatches()
	m.syncKeys()
	m.settle() // the plain-mode gutter may have changed the text's width
	if m.q.text == "" || len(m.matches.entries) == 0 {
		return
	}
	if m.follow {
		m.matches.cur = len(m.matches.entries) - 1
	} else {
		m.matches.cur = m.matches.after(m.topEntry()) % len(m.matches.entries)
	}
	m.showEntry(int(m.matches.entries[m.matches.cur]))
}

// NextMatch moves to the next match (towards the end), wrapping around.
func (m *Model) NextMatch() { m.stepMatch(1) }

// PrevMatch moves to the previous match, wrapping around.
func (m *Model) PrevMatch() { m.stepMatch(-1) }

func (m *Model) stepMatch(d int) {
	n := len(m.matches.entries)
	if n == 0 {
		return
	}
	switch {
	case m.matches.cur < 0 && d > 0:
		m.matches.cur = m.matches.after(m.topEntry()) % n
	case m.matches.cur < 0:
		m.matches.cur = (m.matches.after(m.topEntry()) - 1 + n) % n
	default:
		m.matches.cur = (m.matches.cur + d + n) % n
	}
	m.showEntry(int(m.matches.entries[m.matches.cur]))
}

// Update handles the log keys, the navigation keys and the mouse wheel.
func (m *Model) Update(msg tea.Msg) (*Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if m.typing {
			return m, m.updateInput(msg)
		}
		m.DismissNotice() // and the key still does its work
		return m, m.handleKey(msg)
	case tea.MouseMsg:
		if msg.Action != tea.MouseActionPress {
			break
		}
		switch msg.Button {
		case tea.MouseButtonWheelUp:
			m.scrollUp(3)
		case tea.MouseButtonWheelDown:
			m.scrollDown(3)
		}
	}
	return m, nil
}

func (m *Model) updateInput(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.submit):
		m.typing = false
		m.input.Blur()
		m.Search(m.input.Value())
		return nil
	case key.Matches(msg, m.cancel):
		m.typing = false
		m.input.Blur()
		return nil
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return cmd
}

func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	ch := m.contentHeight()
	switch {
	case key.Matches(msg, m.nav.Up):
		m.scrollUp(1)
	case key.Matches(msg, m.nav.Down):
		m.scrollDown(1)
	case key.Matches(msg, m.nav.PageUp):
		m.scrollUp(max(1, ch-1))
	case key.Matches(msg, m.nav.PageDown):
		m.scrollDown(max(1, ch-1))
	case key.Matches(msg, m.nav.Home):
		m.follow, m.top, m.topRow = false, 0, 0
	case key.Matches(msg, m.nav.End), key.Matches(msg, m.keys.Follow):
		m.Follow()
	case key.Matches(msg, m.keys.Search):
		m.typing = true
		m.input.SetValue(m.q.text)
		m.input.CursorEnd()
		return m.input.Focus()
	case key.Matches(msg, m.keys.Next):
		m.NextMatch()
	case key.Matches(msg, m.keys.Prev):
		m.PrevMatch()
	case key.Matches(msg, m.nav.Back) && m.q.text != "":
		m.Search("")
	case key.Matches(msg, m.keys.Level):
		next := m.minLevel + 1
		if next > LevelError {
			next = LevelDebug
		}
		m.SetMinLevel(next)
	case key.Matches(msg, m.keys.Left):
		m.scrollSide(-m.sideStep())
	case key.Matches(msg, m.keys.Right):
		m.scrollSide(m.sideStep())
	case key.Matches(msg, m.keys.Wrap):
		m.SetWrap(!m.wrap)
	case key.Matches(msg, m.keys.Timestamps):
		m.SetTimeMode(m.timeMode + 1)
	case key.Matches(msg, m.keys.Save):
		snap := m.Snapshot()
		return func() tea.Msg { return SaveRequestMsg{Snapshot: snap} }
	}
	return nil
}

// syncKeys enables the match keys only while a search is active, so help
// shows only what works.
func (m *Model) syncKeys() {
	on := m.q.text != ""
	m.keys.Next.SetEnabled(on)
	m.keys.Prev.SetEnabled(on)
	m.keys.Left.SetEnabled(!m.wrap)
	m.keys.Right.SetEnabled(!m.wrap)
}

// addMarks indexes the columns of a long non-ASCII entry for sideways
// scrolling; the walk costs what measuring its width at append did.
func (m *Model) addMarks(idx int, it *item) {
	if marks := buildMarks(it); marks != nil {
		if m.marks == nil {
			m.marks = map[int][]colMark{}
		}
		m.marks[idx] = marks
	}
}

// XOffset returns the first column shown of unwrapped entries (0: their
// start).
func (m *Model) XOffset() int { return m.xoff }

// ShortHelp returns the keys for the one-line footer.
func (m *Model) ShortHelp() []key.Binding {
	if m.typing {
		return []key.Binding{m.submit, m.cancel}
	}
	return []key.Binding{m.keys.Follow, m.keys.Search, m.keys.Next, m.keys.Prev, m.keys.Level, m.keys.Wrap}
}

// FullHelp returns every key of the view, in columns. The match keys
// are listed even before a search (saying so), since help is where the
// operator learns them.
func (m *Model) FullHelp() [][]key.Binding {
	if m.typing {
		return [][]key.Binding{m.ShortHelp()}
	}
	keys := m.keys
	if m.q.text == "" {
		keys.Next = listed(keys.Next, keys.Search.Help().Key)
		keys.Prev = listed(keys.Prev, keys.Search.Help().Key)
	}
	if m.wrap {
		keys.Left = listed(keys.Left, keys.Wrap.Help().Key+" off")
		keys.Right = listed(keys.Right, keys.Wrap.Help().Key+" off")
	}
	// The key map's first column is the sideways pair: it goes under
	// Home and End, beside the up and down keys.
	cols := keys.FullHelp()
	cols[0] = append([]key.Binding{m.nav.Home, m.nav.End}, cols[0]...)
	return append(m.nav.FullHelp()[:1], cols...)
}

// listed returns b enabled for the help overlay, its help saying when it
// works ("next match (after /)").
func listed(b key.Binding, after string) key.Binding {
	b.SetEnabled(true)
	b.SetHelp(b.Help().Key, b.Help().Desc+" (after "+after+")")
	return b
}
