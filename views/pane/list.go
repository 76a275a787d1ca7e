package pane

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/keymap"
	"dpconsole/text/sanitize"
	"dpconsole/views/common"
	"dpconsole/widgets/mouse"
	"dpconsole/widgets/picker"
	"dpconsole/widgets/rowdoc"
)

// List is a Frame with a list of rows keyed by K above the selected row's
// document: the list's load, its rows, and the document of one row at a
// time.
type List[K comparable] struct {
	Frame
	Rows    []K
	Picker  picker.Model
	Doc     rowdoc.Model[K]
	Load    common.Load // the list's fetch
	Loaded  bool
	ListErr error

	want    K // the row to select after the next SetRows
	hasWant bool

	// LoadSelected, when set, loads the selected row's document after
	// the filter or the mouse moved the selection.
	LoadSelected func() tea.Cmd
	// Open, when set, is what Enter does on the selected row; a click
	// on the selected row does it too (mouse.go).
	Open func() tea.Cmd

	zid string // the prefix of the list's and document's zones (mouse.go)
}

// NewList returns a list pane's skeleton with the given columns.
func NewList[K comparable](c *common.Common, cols ...picker.Column) List[K] {
	l := List[K]{Frame: NewFrame(c), Doc: rowdoc.New[K](c), Load: common.NewLoad(c.Calls),
		Picker: picker.New(c.Styles, picker.KeysFrom(c.Keys.Nav, false), cols...), zid: mouse.Prefix()}
	l.Picker.SetFilterKeys(picker.FilterKeysFrom(c.Keys))
	return l
}

// Layout shares the height between the list and the document, leaving
// the bottom's lines.
func (l *List[K]) Layout() {
	listH, docH := common.SplitListDoc(l.Height, len(l.Rows), l.BottomHeight())
	l.Picker.SetSize(l.Width, listH)
	l.Doc.SetSize(l.Width, docH)
}

// Selected returns the selected row.
func (l *List[K]) Selected() (K, bool) {
	if i := l.Picker.Cursor(); i >= 0 && i < len(l.Rows) {
		return l.Rows[i], true
	}
	var zero K
	return zero, false
}

// SelectNext asks SetRows to select k, once it is listed.
func (l *List[K]) SelectNext(k K) { l.want, l.hasWant = k, true }

// Select moves the cursor to k when it is listed.
func (l *List[K]) Select(k K) {
	for i, r := range l.Rows {
		if r == k {
			l.Picker.SetCursor(i)
			return
		}
	}
}

// SetRows shows rows, each rendered by cells, keeping the selection on
// the same row (or on the one SelectNext asked for).
func (l *List[K]) SetRows(rows []K, cells func(K) table.Row) {
	before, _ := l.Selected()
	if l.hasWant {
		before, l.hasWant = l.want, false
	}
	l.Rows = rows
	out := make([]table.Row, len(rows))
	for i, r := range rows {
		out[i] = cells(r)
	}
	l.Picker.SetRows(out)
	l.Select(before)
	l.Relayout()
}

// Activate loads what a hidden pane did not: the list (reload) when it
// was never read, else the selected row's document (loadDoc).
func (l *List[K]) Activate(reload, loadDoc func() tea.Cmd) tea.Cmd {
	l.Hidden = false
	if l.Load.InFlight() || l.Doc.InFlight() {
		return nil
	}
	if !l.Loaded {
		return reload()
	}
	return loadDoc()
}

// Deactivate cancels the loads in flight while the pane is hidden;
// Activate loads again. Actions the operator started go on.
func (l *List[K]) Deactivate() {
	l.Frame.Deactivate()
	l.Load.Cancel()
	l.Doc.Cancel()
}

// Listed takes the list's reply: false for a stale one, which the pane
// drops. A failure is kept to show; op names the list for the shell when
// the session is gone.
func (l *List[K]) Listed(call uint64, op string, err error) (ok bool, cmd tea.Cmd) {
	if !l.Load.Owns(call) {
		return false, nil
	}
	if err != nil {
		l.ListErr = err
		return false, common.FailSession(op, err)
	}
	l.Loaded, l.ListErr = true, nil
	return true, nil
}

// Move passes a key to the list, and loads the newly selected row's
// document when the cursor moved (loadDoc); other keys scroll the
// document.
func (l *List[K]) Move(k tea.KeyMsg, loadDoc func() tea.Cmd) tea.Cmd {
	before := l.Picker.Cursor()
	cmd := l.Picker.Update(k)
	if l.Picker.Cursor() != before {
		return tea.Batch(cmd, loadDoc())
	}
	return tea.Batch(cmd, l.Doc.Update(k))
}

// DocWords are how a pane words its document's states.
type DocWords struct {
	Loading   string // while it loads, e.g. "loading tasks…"
	Cancelled string // after Esc, e.g. "loading cancelled — press r to try again"
	Failed    string // starts the error, e.g. "cannot read the template"
	Empty     string // for an empty document; "" shows it as it is
}

// DocBody renders the selected row's document, or words its state.
func (l *List[K]) DocBody(w DocWords, empty bool) string {
	s := l.C.Styles
	sel, ok := l.Selected()
	switch {
	case !ok:
		return ""
	case l.Doc.For != sel && l.Doc.Loading:
		return s.Empty.Render(w.Loading)
	case l.Doc.For == sel && common.IsCancelled(l.Doc.Err):
		return s.Empty.Render(w.Cancelled)
	case l.Doc.For == sel && l.Doc.Err != nil:
		lines := common.Wrap(sanitize.Sanitize(w.Failed+": "+l.C.ErrText(l.Doc.Err)), l.Width, common.ReasonLines)
		for i, line := range lines {
			lines[i] = s.Error.Render(line)
		}
		return strings.Join(lines, "\n")
	case l.Doc.For == sel && empty && w.Empty != "":
		return s.Empty.Render(w.Empty)
	}
	return l.Doc.View()
}

// ListView renders the title line, then the list's state or the list
// with the selected row's heading and body, then the bottom.
func (l *List[K]) ListView(title, status, none, heading, body string) string {
	s := l.C.Styles
	var b strings.Builder
	b.WriteString(title + "\n")
	switch {
	case status != "":
		b.WriteString(status)
	case len(l.Rows) == 0:
		b.WriteString(s.Empty.Render(none))
	default:
		z := l.C.Mouse
		b.WriteString(z.Mark(l.listZone(), l.Picker.View()) + "\n")
		// Headings carry host names: shown, never obeyed.
		b.WriteString(common.Heading(s, sanitize.SanitizeLine(heading), l.Width) + "\n")
		b.WriteString(z.Mark(l.docZone(), body))
	}
	return l.WithBottom(b.String())
}

// Dispatch is Frame.Dispatch with the list's filter first: while it is
// typed it takes every key, and Esc clears a filter that hides rows.
func (l *List[K]) Dispatch(msg tea.Msg) tea.Cmd {
	if mm, ok := msg.(tea.MouseMsg); ok {
		return l.mouse(mm)
	}
	if k, ok := msg.(tea.KeyMsg); ok && !l.Frame.Capturing() && l.Draft == nil && l.Loaded {
		f := l.Picker.Filter()
		if l.Picker.Filtering() || key.Matches(k, f.Keys.Start) || (f.Query != "" && key.Matches(k, f.Keys.Clear)) {
			before := l.Picker.Cursor()
			l.Picker.Update(k)
			l.Relayout()
			if l.Picker.Cursor() != before && l.Picker.Cursor() >= 0 && l.LoadSelected != nil {
				return l.LoadSelected()
			}
			return nil
		}
	}
	return l.Frame.Dispatch(msg)
}

// Capturing reports that a prompt, a question or the filter's input has
// the keys.
func (l *List[K]) Capturing() bool { return l.Frame.Capturing() || l.Picker.Filtering() }

// ConsumesEsc reports that Esc discards a kept draft or clears the
// filter rather than going back.
func (l *List[K]) ConsumesEsc() bool { return l.Frame.ConsumesEsc() || l.Picker.Filtered() }

// CountText words how many rows show: "12", or "3 of 12" while the
// filter hides some.
func (l *List[K]) CountText() string { return l.Picker.CountText() }

// ShortHelp is the footer's keys: the filter's while it is typed, else
// Frame.ShortHelp's.
func (l *List[K]) ShortHelp(keys ...key.Binding) []key.Binding {
	if l.Picker.Filtering() {
		f := l.Picker.Filter().Keys
		return []key.Binding{keymap.Relabel(f.Accept, "keep the filter"), keymap.Relabel(f.Clear, "clear the filter")}
	}
	return l.Frame.ShortHelp(keys...)
}
