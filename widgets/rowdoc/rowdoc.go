// Package rowdoc is the document area under a pane's list: the selected
// row's document (a template, a preset, a configuration's tasks), read
// from the host one at a time, with a reply for a row that is no longer
// wanted dropped. The pane keys rows by K and words the states itself.
package rowdoc

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/text/highlight"
	"dpconsole/views/common"
	"dpconsole/widgets/doc"
)

// Model is the document of one row and the load of the next.
type Model[K comparable] struct {
	doc.Model // the viewer; it shows For's document

	// For is the row whose document was read last (or could not be).
	For K
	// Err is why For's document could not be read.
	Err error
	// Loading is true while a document is on its way.
	Loading bool

	load common.Load
}

// New returns an empty document area highlighting XML and scrolling
// with the console's page keys.
func New[K comparable](c *common.Common) Model[K] {
	return Model[K]{
		Model: doc.New(highlight.ForStyles(c.Styles), "xml", doc.KeysFrom(c.Keys.Nav, false)),
		load:  common.NewLoad(c.Calls),
	}
}

// Start begins reading a row's document (op names it for the spinner);
// a read already on its way is cancelled. The command uses the context,
// and its reply carries the id for Reply.
func (m *Model[K]) Start(op string) (context.Context, uint64) {
	m.Loading = true
	return m.load.Start(op, false)
}

// Reply takes the answer of call id for row: it reports false for a stale
// reply, which the pane drops. On an error the viewer is cleared; on
// success the pane sets the document.
func (m *Model[K]) Reply(id uint64, row K, err error) bool {
	if !m.load.Owns(id) {
		return false
	}
	m.Loading, m.For, m.Err = false, row, err
	if err != nil {
		m.Clear()
	}
	return true
}

// Cancel abandons the read on its way, if any.
func (m *Model[K]) Cancel() {
	if m.load.InFlight() {
		m.load.Cancel()
		m.Loading = false
	}
}

// InFlight reports whether a read is on its way.
func (m *Model[K]) InFlight() bool { return m.load.InFlight() }

// Shows reports whether the viewer holds row's document.
func (m *Model[K]) Shows(row K) bool { return m.For == row && m.Err == nil }

// Forget makes the next read of any row go to the host again, as after a
// change the shown document may not reflect.
func (m *Model[K]) Forget() {
	var none K
	m.For = none
}

// Started returns how many reads were started, so a test can tell
// whether an update read the document again.
func (m *Model[K]) Started() int { return m.load.Started() }

// Loaded is the answer of Fetch: row's document, or why it could not be
// read.
type Loaded[K comparable] struct {
	call    uint64
	Row     K
	Text    string
	Err     error
	refresh bool // from Refresh
}

// Refresh reads the shown row's document again in the background (a
// pane's periodic refresh): no spinner, and nothing when a read is on its
// way. Its answer replaces the document only if it changed, keeping the
// scroll; a failure keeps what is shown (the pane's list says the host is
// not answering).
func (m *Model[K]) Refresh(cl *gateway.Client, op string, get func(context.Context, *gateway.Client) (string, error)) tea.Cmd {
	if m.load.InFlight() || m.Err != nil || !m.Loaded() {
		return nil
	}
	row := m.For
	ctx, call := m.load.Start(op, true)
	return func() tea.Msg {
		text, err := get(ctx, cl)
		return Loaded[K]{call: call, Row: row, Text: text, Err: err, refresh: true}
	}
}

// Fetch starts reading row's document with get (op names it for the
// spinner); the answer is a Loaded for Answer.
func (m *Model[K]) Fetch(cl *gateway.Client, row K, op string, get func(context.Context, *gateway.Client) (string, error)) tea.Cmd {
	ctx, call := m.Start(op)
	return func() tea.Msg {
		text, err := get(ctx, cl)
		return Loaded[K]{call: call, Row: row, Text: text, Err: err}
	}
}

// Answer takes Fetch's answer: a stale one is dropped, a failure is kept
// to show (and a lost session reported as what, e.g. "read tasks"), and a
// document is shown.
func (m *Model[K]) Answer(msg Loaded[K], what string) tea.Cmd {
	if msg.refresh {
		if !m.load.Owns(msg.call) || msg.Row != m.For {
			return nil
		}
		if msg.Err != nil {
			return common.FailSession(what, msg.Err)
		}
		return m.ReplaceDocument(msg.Text)
	}
	if !m.Reply(msg.call, msg.Row, msg.Err) {
		return nil
	}
	if msg.Err != nil {
		return common.FailSession(what, msg.Err)
	}
	return m.SetDocument(msg.Text)
}
