package pane

import (
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/widgets/mouse"
)

// mouse is Frame's part of a click or a notch of the wheel: the wheel
// scrolls the pane's document (Rest), a click has nothing to hit in a
// pane without a list. With the mouse off, nothing.
func (f *Frame) mouse(msg tea.MouseMsg) tea.Cmd {
	if !f.C.Mouse.On() || mouse.Wheel(msg) == 0 || f.Hooks.Rest == nil {
		return nil
	}
	return f.Hooks.Rest(msg)
}

// The zones of a list pane: the list and the document under it.
func (l *List[K]) listZone() string { return l.zid + "list" }
func (l *List[K]) docZone() string  { return l.zid + "doc" }

// mouse acts on a click or a notch of the wheel over the list or the
// document: a click selects the row under it (as the arrows would: its
// document loads), a click on the selected row opens it (Open, what
// Enter does), the wheel moves the selection over the list and scrolls
// the document over the document. While a prompt or question has the
// keys, the selection stays (the keys would not move it either).
func (l *List[K]) mouse(msg tea.MouseMsg) tea.Cmd {
	z := l.C.Mouse
	if !z.On() {
		return nil
	}
	if _, ok := z.Line(l.listZone(), msg); ok && l.Loaded && len(l.Rows) > 0 {
		if l.Frame.Capturing() {
			return nil
		}
		moved, open := l.Picker.Mouse(z, l.listZone(), msg)
		switch {
		case open && l.Open != nil:
			return l.Open()
		case moved && l.LoadSelected != nil:
			return l.LoadSelected()
		}
		return nil
	}
	if _, ok := z.Line(l.docZone(), msg); ok && mouse.Wheel(msg) != 0 {
		return l.Doc.Update(msg)
	}
	return nil
}
