// Package pane is the skeleton the host-item panes share (configurations,
// shared, templates, host): the prompt at the bottom, the "which kind?"
// question, the refused edit kept for another try, the hidden state, and
// for panes with a list above a document the list, its load and the
// selected row's document. A pane embeds Frame (and List) and keeps only
// what is its own: its calls, its rows and its words.
package pane

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dpconsole/fileio"
	"dpconsole/text/sanitize"
	"dpconsole/views/common"
	"dpconsole/widgets/prompt"
)

// Choice is a pending "which kind?" question (an ID or a script); 0 means
// none. Each pane numbers its own from 1.
type Choice int

// Draft is an edit the operator made that did not validate or that the
// host refused: kept so it can be edited again instead of lost.
type Draft struct {
	For    string // the item it was opened for, "" for a new one
	What   string // how the reason starts, e.g. "tasks of production"
	Data   []byte
	Reason string
}

// Frame is the state every host-item pane has: its size, whether it is
// hidden, the bottom prompt, a pending choice and a kept draft.
type Frame struct {
	C             *common.Common
	Prompt        prompt.Model
	Width, Height int
	Hidden        bool // another pane is shown

	// Relayout is called whenever what the bottom of the pane shows
	// changes height: the pane sizes its list and document again.
	Relayout func()

	choice     Choice
	choiceLine string
	// Draft, when set, is shown under the pane with keys to edit it
	// again (Reedit) or discard it.
	Draft *Draft
	// Reedit opens the editor on a kept draft.
	Reedit func(*Draft) tea.Cmd
	// Discarded is what the footer says when the operator drops a draft.
	Discarded string
	// discardNext is the count of input (Common.Input) at which an Esc
	// drops the draft: the one right after the Esc that asked. Any key
	// or click in between (a pane switch, the palette) and it asks again.
	discardNext uint64

	// Hooks are the pane's own parts of Update (see Dispatch).
	Hooks Hooks
}

// Hooks are what a pane adds to the update every host-item pane shares.
type Hooks struct {
	// Msg takes the pane's own replies; ok is false for others.
	Msg func(tea.Msg) (cmd tea.Cmd, ok bool)
	// Key takes a key no prompt, question or draft took.
	Key func(tea.KeyMsg) tea.Cmd
	// Prompt takes a message while the prompt is open (keys, blinks)
	// and goes on with the flow its answer belongs to.
	Prompt func(tea.Msg) tea.Cmd
	// Choice takes the key that answers a which-kind question.
	Choice func(tea.KeyMsg) tea.Cmd
	// Rest takes whatever is left (the document's scrolling and ticks).
	Rest func(tea.Msg) tea.Cmd
}

// Dispatch is the Update every host-item pane shares: the guard's steps
// (guarded saves), then a key goes to the open prompt, the pending
// question, the kept draft or the pane's keys, in that order; a reply to
// the pane's own Msg hook; anything else to the open prompt or Rest.
func (f *Frame) Dispatch(msg tea.Msg) tea.Cmd {
	if cmd, ok := Handle(f.C, msg); ok {
		return cmd
	}
	h := f.Hooks
	if mm, ok := msg.(tea.MouseMsg); ok {
		return f.mouse(mm)
	}
	if k, ok := msg.(tea.KeyMsg); ok {
		switch {
		case f.Prompt.Active():
			return h.Prompt(k)
		case f.choice != 0 && h.Choice != nil:
			return h.Choice(k)
		}
		if cmd, ok := f.DraftKey(k); ok {
			return cmd
		}
		return h.Key(k)
	}
	if cmd, ok := h.Msg(msg); ok {
		return cmd
	}
	if f.Prompt.Active() {
		return h.Prompt(msg)
	}
	if h.Rest != nil {
		return h.Rest(msg)
	}
	return nil
}

// NewFrame returns a frame for one pane of the session c.
func NewFrame(c *common.Common) Frame {
	return Frame{C: c, Prompt: prompt.ForConsole(c.Styles, c.Keys.Form), Relayout: func() {}}
}

// SetSize records the pane's size and lays it out again.
func (f *Frame) SetSize(width, height int) {
	f.Width, f.Height = width, height
	f.Prompt.SetWidth(width)
	f.Relayout()
}

// Capturing reports that a prompt or question has the keys.
func (f *Frame) Capturing() bool { return f.Prompt.Active() || f.choice != 0 }

// ConsumesEsc reports that Esc discards a kept draft rather than going
// back.
func (f *Frame) ConsumesEsc() bool { return f.Draft != nil }

// Unsaved names the kept draft, "" when there is none (common.DraftHolder).
func (f *Frame) Unsaved() string {
	if f.Draft == nil {
		return ""
	}
	return f.Draft.What
}

// Deactivate marks the pane hidden.
func (f *Frame) Deactivate() { f.Hidden, f.discardNext = true, 0 }

// OpenPrompt opens the bottom prompt.
func (f *Frame) OpenPrompt(purpose, label, value string, validate func(string) error) tea.Cmd {
	cmd := f.Prompt.Open(purpose, label, value, validate)
	f.Relayout()
	return cmd
}

// OpenSavePath opens the prompt for a local path to save to.
func (f *Frame) OpenSavePath(purpose, label, value string) tea.Cmd {
	cmd := f.Prompt.OpenSavePath(purpose, label, value)
	f.Relayout()
	return cmd
}

// Reprompt opens the prompt again with the value the operator gave and
// why it was refused.
func (f *Frame) Reprompt(purpose, label, value string, validate func(string) error, refusal string) tea.Cmd {
	cmd := f.Prompt.Open(purpose, label, value, validate)
	f.Prompt.SetError(refusal)
	f.Relayout()
	return cmd
}

// Suggest offers names in the open prompt (Tab completes them).
func (f *Frame) Suggest(names []string) {
	f.Prompt.SetSuggestions(names)
	f.Relayout()
}

// PromptMsg passes msg to the open prompt; ans is its answer once the
// operator submits.
func (f *Frame) PromptMsg(msg tea.Msg) (ans *prompt.Answer, cmd tea.Cmd) {
	ans, _, cmd = f.Prompt.Update(msg)
	f.Relayout()
	return ans, cmd
}

// Ask opens the "which kind?" question c, worded by line.
func (f *Frame) Ask(c Choice, line string) {
	f.choice, f.choiceLine = c, line
	f.Relayout()
}

// Answer closes the pending question with key k: the question that was
// asked and the kind chosen, "" when k cancelled it (any other key,
// Esc included).
func (f *Frame) Answer(k tea.KeyMsg) (Choice, string) {
	c := f.choice
	f.choice, f.choiceLine = 0, ""
	f.Relayout()
	return c, f.C.Keys.Choose.Kind(k)
}

// Keep keeps a refused edit for another try.
func (f *Frame) Keep(d *Draft) {
	f.Draft, f.discardNext = d, 0
	f.Relayout()
}

// DraftKey acts on a key while a draft is kept: the edit key opens it
// again, Esc discards it. ok is false for other keys.
func (f *Frame) DraftKey(k tea.KeyMsg) (cmd tea.Cmd, ok bool) {
	if f.Draft == nil {
		return nil, false
	}
	km := f.C.Keys
	armed := f.discardNext != 0 && f.C.Input == f.discardNext
	f.discardNext = 0
	switch {
	case key.Matches(k, km.Item.Edit):
		d := f.Draft
		f.Draft = nil
		f.Relayout()
		return f.Reedit(d), true
	case key.Matches(k, km.Nav.Back) && !armed:
		// Esc is the key for getting out: one press must not throw work
		// away, as quitting would not without asking.
		f.discardNext = f.C.Input + 1
		return common.FlashError(km.Nav.Back.Help().Key + " again discards the " + f.Draft.What + " you edited; " +
			km.Item.Edit.Help().Key + " opens it"), true
	case key.Matches(k, km.Nav.Back):
		f.Draft = nil
		f.Relayout()
		return common.Flash(f.Discarded), true
	}
	return nil, false
}

// draftKeys are the keys a kept draft answers, as the footer names them.
func (f *Frame) draftKeys() []key.Binding {
	km := f.C.Keys
	back := km.Nav.Back.Help().Key
	discard := key.NewBinding(key.WithKeys(km.Nav.Back.Keys()...), key.WithHelp(back+" "+back, "discard the edit"))
	return []key.Binding{km.Item.Edit, discard}
}

// draftLines words why the draft was not saved, wrapped to the pane's
// width so the whole reason can be read.
func (f *Frame) draftLines() []string {
	text := fmt.Sprintf("%s not saved: %s", f.Draft.What, f.Draft.Reason)
	return common.Wrap(sanitize.Sanitize(text), f.Width, common.ReasonLines)
}

// BottomHeight is the height of what BottomView shows.
func (f *Frame) BottomHeight() int {
	switch {
	case f.Prompt.Active():
		return lipgloss.Height(f.Prompt.View())
	case f.choice != 0:
		return len(f.choiceLines())
	case f.Draft != nil:
		return len(f.draftLines()) + 1
	}
	return 0
}

// BottomView is the prompt, the question or the kept draft, or "".
func (f *Frame) BottomView() string {
	s := f.C.Styles
	switch {
	case f.Prompt.Active():
		return f.Prompt.View()
	case f.choice != 0:
		lines := f.choiceLines()
		for i, l := range lines {
			lines[i] = s.InputLabel.Render(l)
		}
		return strings.Join(lines, "\n")
	case f.Draft != nil:
		lines := f.draftLines()
		for i, l := range lines {
			lines[i] = s.Error.Render(l)
		}
		km := f.C.Keys
		back := km.Nav.Back.Help().Key
		return strings.Join(lines, "\n") + "\n" + s.Muted.Render(km.Item.Edit.Help().Key+" edit again · "+back+" "+back+" discard the edit")
	}
	return ""
}

// choiceLines is the pending question and its keys, wrapped to the pane:
// it quotes the host's names, shown (and measured) as sanitize shows them.
func (f *Frame) choiceLines() []string {
	line := sanitize.SanitizeLine(f.choiceLine + " " + common.ChooseHint(f.C.Keys))
	if f.Width <= 0 {
		return []string{line}
	}
	return common.Wrap(line, f.Width, 3)
}

// WithBottom appends the bottom view to a pane's body.
func (f *Frame) WithBottom(body string) string {
	if bottom := f.BottomView(); bottom != "" {
		return body + "\n" + bottom
	}
	return body
}

// ShortHelp is the footer's keys: the prompt's, the question's, the
// draft's, or else the pane's own (keys).
func (f *Frame) ShortHelp(keys ...key.Binding) []key.Binding {
	km := f.C.Keys
	switch {
	case f.Prompt.Active():
		return f.Prompt.Help()
	case f.choice != 0:
		return []key.Binding{km.Choose.ID, km.Choose.Script, km.Form.Cancel}
	case f.Draft != nil:
		return f.draftKeys()
	}
	return keys
}

// Saved words a finished save to a local file; what names what was
// saved, e.g. "the template".
func Saved(msg fileio.SavedMsg, what string) tea.Cmd {
	if errors.Is(msg.Err, fileio.ErrReadOnly) {
		// The operator's own file: asked, never replaced silently.
		ask := common.ConfirmMsg{Title: "Replace a read-only file", Action: "Replace",
			Body:      fmt.Sprintf("%s is read-only. Replace it with %s (%s)?", msg.Path, what, common.Count(len(msg.Data), "byte")),
			OnConfirm: fileio.SaveReplacing(msg.Path, msg.Data)}
		return func() tea.Msg { return ask }
	}
	if msg.Err != nil {
		return common.FlashError(msg.Err.Error())
	}
	return common.Flash(fmt.Sprintf("saved %s to %s (%s)", what, msg.Path, common.Count(msg.Bytes, "byte")))
}

// Stale handles news that what the pane shows may be out of date (a new
// session, a change from the palette): a shown pane reloads at once, a
// hidden one on its next Activate (which checks loaded).
func (f *Frame) Stale(loaded *bool, reload func() tea.Cmd) tea.Cmd {
	if f.Hidden {
		*loaded = false
		return nil
	}
	return reload()
}
