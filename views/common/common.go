// Package common holds what the console's shell (ui/) and its panes
// (views/…) share: the Common context handed down to every view, the View
// contract, and the messages panes send up to the shell.
package common

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/keymap"
	"dpconsole/theme"
	"dpconsole/widgets/mouse"
)

// Common is the one shared context of the console: no package globals.
type Common struct {
	Ctx    context.Context // cancelled when the console quits
	Calls  *Calls          // the host calls in flight (NewCalls over Ctx)
	Client *gateway.Client
	Styles *theme.Styles
	Keys   keymap.KeyMap
	Theme  theme.Theme
	Now    func() time.Time // the clock; tests inject a fixed one
	UTC    bool             // show times in UTC instead of local time

	TaskRefresh time.Duration // tasks table poll interval (default 2s)
	LogRefresh  time.Duration // log tail poll interval (default 1s)
	ReadOnly    bool          // refuse functions that change the host
	// Input counts the keys and clicks the console has taken (the root
	// counts them, panes read it): a pane tells a key that follows
	// another at once from one with others, the shell's, in between.
	Input uint64
	// ReadOnlyWhy says how to allow changes, with each refusal; "" is
	// "restart without --read-only".
	ReadOnlyWhy string
	Caps        Capabilities // what the session may do on its machine
	// Output is the session's terminal, for what must reach it raw (the
	// clipboard's OSC 52, see Copy); nil when there is none.
	Output io.Writer
	// Gateways names the fleet's gateways when the console is one of a
	// fleet's; nil for a console alone.
	Gateways []string
	// Mouse is the session's clickable areas; nil when the mouse is off
	// (--mouse not given), and then views ignore mouse events.
	Mouse *mouse.Zones
}

// Capabilities are what a session may do on the machine the console runs
// on, decided by whoever builds the session: the local terminal may use
// local files and the operator's editor; a remote session may not.
type Capabilities struct {
	// Files allows reading and writing local files (save to file, load
	// an ID or script from a file, fingerprint files).
	Files bool
	// Editor is the external editor's command line ($VISUAL, $EDITOR),
	// run on a temporary file; empty means no external editor.
	Editor []string
	// Tmux wraps the clipboard's OSC 52 for tmux's passthrough (the
	// console runs inside tmux).
	Tmux bool
}

// View is one screen of the console, in soft-serve's component shape.
type View interface {
	Init() tea.Cmd
	Update(msg tea.Msg) (View, tea.Cmd)
	View() string
	SetSize(width, height int)
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
	// Title names the view in tabs and breadcrumbs.
	Title() string
	// Capturing reports that a text input has focus, so the shell must
	// pass every key (q, 1-6, :, ?) to the view instead of acting on it.
	Capturing() bool
}

// Navigation and notification messages panes send to the shell.
type (
	// OpenTasksMsg asks the shell to show the tasks of a configuration.
	OpenTasksMsg struct{ Config string }
	// OpenLogMsg asks the shell to tail a task's log; an empty Task means
	// the agent log.
	OpenLogMsg struct{ Config, Task string }
	// BackMsg asks the shell to go back one step.
	BackMsg struct{}
	// ConfirmMsg asks the shell to show a confirm dialog that defaults to
	// Cancel; OnConfirm runs only when the operator confirms.
	ConfirmMsg struct {
		Title     string
		Body      string // says what will happen
		Action    string // the confirm button's label, e.g. "Delete"
		OnConfirm tea.Cmd
		// Diff, when set, is a unified diff of what will change, shown
		// coloured and scrollable under the body.
		Diff string
		// Other, when set, labels a third button between Cancel and
		// the action (e.g. "Edit again"); OnOther runs when chosen.
		Other   string
		OnOther tea.Cmd
		// OnCancel runs when the operator declines (e.g. to keep a
		// draft that was not saved).
		OnCancel tea.Cmd
		// Report, when set, makes the dialog a read-only report: one
		// button (Action, "OK"), and every closing key runs OnConfirm.
		Report bool
	}
	// FlashMsg shows a short message in the footer.
	FlashMsg struct {
		Text  string
		Error bool
	}
	// ErrMsg reports a failed call; the shell shows it and sends the
	// operator back to login when the session is gone.
	ErrMsg struct {
		Op  string // what was being done, e.g. "pause task"
		Err error
	}
	// ConfigSelectedMsg tells the panes which configuration the operator
	// picked (the tasks pane follows it).
	ConfigSelectedMsg struct{ Config string }
	// AgentChangedMsg tells the shell to refresh the header now (after an
	// agent action or activation).
	AgentChangedMsg struct{}
)

// Flash returns a command that shows text in the footer.
func Flash(text string) tea.Cmd {
	return func() tea.Msg { return FlashMsg{Text: text} }
}

// Fail returns a command that reports err from op.
func Fail(op string, err error) tea.Cmd {
	return func() tea.Msg { return ErrMsg{Op: op, Err: err} }
}

// IsSessionError reports whether err means the session is missing,
// unknown, closed or expired (status 3 from a call other than login).
func IsSessionError(err error) bool {
	var pe *gateway.Error
	return errors.As(err, &pe) && pe.Status == gateway.StatusDenied && pe.Function != "hostOpenSession"
}

// Seq numbers requests so a view can drop replies that are no longer the
// latest (gh-dash's LastFetchTaskId).
type Seq struct{ last uint64 }

// Next returns a fresh request id and remembers it as the latest.
func (s *Seq) Next() uint64 { s.last++; return s.last }

// Latest reports whether id is the newest request.
func (s *Seq) Latest(id uint64) bool { return id == s.last }

// SessionStartedMsg tells the panes that the operator logged in again
// after the session expired, so they refresh what they show.
type SessionStartedMsg struct{ User string }

// Activator is implemented by views that work only while shown, such as
// the polling configurations, tasks and logs panes. The shell calls
// Deactivate on every hidden pane after Init and whenever the operator
// leaves a pane (the view cancels its calls in flight and stops polling),
// and Activate when the view becomes the visible pane (its command
// restarts the work at once).
type Activator interface {
	Activate() tea.Cmd
	Deactivate()
}

// DraftHolder is implemented by views that can hold the operator's
// unsaved work (an edit the host refused or the operator did not save):
// Unsaved names it, "" when there is none. The shell asks before quitting
// over it.
type DraftHolder interface {
	Unsaved() string
}

// EscConsumer is implemented by views that sometimes need Esc themselves
// (to clear a search, close a notice or a question) even though Esc
// normally goes back: while ConsumesEsc is true the shell hands Esc to the
// view instead of going back.
type EscConsumer interface {
	ConsumesEsc() bool
}

// CaptureHelper is implemented by views whose text input or question has
// keys of its own: while the view is Capturing, the shell's footer shows
// CaptureHelp (e.g. enter, esc) instead of the view's and the global keys,
// which would only type into the field. Views without it get the form's
// submit and cancel keys.
type CaptureHelper interface {
	CaptureHelp() []key.Binding
}
