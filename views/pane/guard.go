package pane

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"

	"github.com/aymanbagabas/go-udiff"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/views/common"
)

// A guarded save never loses an update and never changes the host
// unseen (docs/protocol.md §13). The protocol has no versions, so the
// guard compares content: it reads the host's version before it asks,
// shows the change as a diff in a dialog that defaults to Cancel, and
// reads the host's version once more right before it saves, in the same
// command as the save, so a change made by someone else between the
// operator's look and the save is caught too, down to one round trip.

// Guard is one save of a document (or an ID) the operator changed.
type Guard struct {
	What string // names it in titles and messages: "tasks of production"
	// Base is the host's version the operator started from (what the
	// editor was opened on). FromHost means there is none: a file loaded
	// over an item takes the host's version at the first read as its
	// base. Nil with FromHost false means the item did not exist.
	Base     []byte
	FromHost bool
	Mine     []byte // what the operator wants the host to have
	Binary   bool   // an ID: sizes and digests instead of a text diff
	Note     string // said before the save, e.g. who uses what it replaces
	// Gone, when set, says why the item cannot be saved again once it is
	// gone from the host (a configuration's tasks without the
	// configuration): no Overwrite is offered, the draft is kept.
	Gone string

	replacing bool // the save replaces an item the operator did not open

	// Get reads the host's version; gateway.ErrNotFound means none.
	Get func(ctx context.Context, cl *gateway.Client) ([]byte, error)
	// Put saves Mine.
	Put func(ctx context.Context, cl *gateway.Client) error
	// Check, if set, validates Mine against the host (references to IDs
	// and scripts) and returns warnings to show before the save.
	Check func(ctx context.Context, cl *gateway.Client) []string

	// Reedit, if set, opens the editor again on the operator's version
	// (g.Mine) with the host's change (a unified diff) beside it; g.Base
	// is the host's version now, which a later save starts from.
	Reedit func(g *Guard, change string) tea.Cmd
	// Keep keeps the operator's version when it is not saved, with why
	// ("you cancelled the save").
	Keep func(reason string) tea.Cmd
	// Done is the pane's message once the save was answered.
	Done func(err error) tea.Msg
}

type guardStage int

const (
	stageChecked   guardStage = iota // the host's version was read
	stageConfirmed                   // the operator saw the diff and chose Save
	stageMoved                       // the host changed between the look and the save
	stageSaved                       // the save was answered
)

// GuardMsg is a step of a guarded save; the pane hands it to Step.
type GuardMsg struct {
	g        *Guard
	stage    guardStage
	call     uint64
	now      []byte // the host's version read in this step, nil for none
	warnings []string
	err      error
}

// read returns the host's version, nil when it has none.
func (g *Guard) read(ctx context.Context, cl *gateway.Client) ([]byte, error) {
	b, err := g.Get(ctx, cl)
	if errors.Is(err, gateway.ErrNotFound) {
		return nil, nil
	}
	if err == nil && b == nil {
		b = []byte{}
	}
	return b, err
}

// Save starts a guarded save: it reads the host's version (and checks
// Mine against the host), then Step asks.
func Save(c *common.Common, g *Guard) tea.Cmd {
	ctx, call := c.Calls.Begin("checking " + g.What + " on the host")
	cl := c.Client
	return func() tea.Msg {
		now, err := g.read(ctx, cl)
		var warnings []string
		if err == nil && g.Check != nil {
			warnings = g.Check(ctx, cl)
		}
		return GuardMsg{g: g, stage: stageChecked, call: call, now: now, warnings: warnings, err: err}
	}
}

// Step goes on with a guarded save after one of its steps.
func Step(c *common.Common, msg GuardMsg) tea.Cmd {
	c.Calls.End(msg.call)
	g := msg.g
	if msg.err != nil && msg.stage != stageSaved {
		if common.IsSessionError(msg.err) {
			// The session ended, as it does when the editor stayed open
			// past the host's idle limit: the operator's version stays as
			// a draft across the new login, where e saves it.
			return tea.Batch(g.Keep("the session ended before it was saved: e opens your edit again, to save it"),
				common.Fail("save "+g.What, msg.err))
		}
		return g.Keep("could not read the host's version (" + msg.err.Error() + "); nothing was saved")
	}
	switch msg.stage {
	case stageChecked:
		if g.FromHost || (g.Base == nil && msg.now != nil) {
			// A file over an item, or a new name that is taken: saving
			// replaces what is there, and the review says so.
			ng := *g
			ng.Base, ng.FromHost, ng.replacing = msg.now, false, msg.now != nil
			g = &ng
		}
		if !same(msg.now, g.Base) {
			return conflict(c, g, msg.now, msg.warnings, "since you opened it")
		}
		return review(c, g, msg.now, msg.warnings)
	case stageMoved:
		return conflict(c, g, msg.now, nil, "while you looked at the change")
	case stageSaved:
		return func() tea.Msg { return g.Done(msg.err) }
	}
	return nil
}

// same reports whether two versions are the same; nil is "none".
func same(a, b []byte) bool {
	return (a == nil) == (b == nil) && bytes.Equal(a, b)
}

// review shows what the save changes on the host (now → Mine) and saves
// once the operator confirms; nothing is sent when nothing changes.
func review(c *common.Common, g *Guard, now []byte, warnings []string) tea.Cmd {
	if same(now, g.Mine) {
		return common.Flash(g.What + ": the host already has this version; nothing was sent")
	}
	title, action := "Save "+g.What, "Save"
	body := "This changes " + g.What + " on the host:"
	switch {
	case now == nil:
		body = g.What + " is new on the host:"
	case g.replacing:
		title, action = "Replace "+g.What, "Replace"
		body = g.What + " already exists on the host; saving replaces it:"
	}
	if g.Note != "" {
		body += " " + g.Note
	}
	if len(warnings) > 0 {
		body += "\n\n" + strings.Join(warnings, "\n")
	}
	ask := common.ConfirmMsg{Title: title, Body: body, Action: action,
		Diff:      diff(g.Binary, now, g.Mine, "host", "yours"),
		OnConfirm: func() tea.Msg { return startSave{g: g, now: now} },
		OnCancel:  keep(g, "you cancelled the save"),
	}
	return func() tea.Msg { return ask }
}

// conflict says the host's version moved (Base → now): the operator may
// overwrite it (and sees that change next), edit again, or keep theirs
// as a draft.
func conflict(c *common.Common, g *Guard, now []byte, warnings []string, when string) tea.Cmd {
	if now == nil && g.Gone != "" {
		ask := common.ConfirmMsg{Title: g.What + " is gone from the host", Action: "Keep the draft",
			Body:      g.Gone + " Nothing was saved; yours is kept as a draft.",
			OnConfirm: keep(g, "it is gone from the host "+when), OnCancel: keep(g, "it is gone from the host "+when)}
		return func() tea.Msg { return ask }
	}
	title := g.What + " changed on the host"
	body := "Someone changed " + g.What + " on the host " + when + ". The host's change is below. " +
		"Overwrite replaces it with yours (the change is shown first)"
	if now == nil {
		title = g.What + " is gone from the host"
		body = "Someone removed " + g.What + " from the host " + when + ". Overwrite saves yours again (shown first)"
	}
	ask := common.ConfirmMsg{Title: title, Action: "Overwrite",
		Diff:     diff(g.Binary, g.Base, now, "host when you opened it", "host now"),
		OnCancel: keep(g, "the host's version changed "+when),
		OnConfirm: func() tea.Msg {
			ng := *g
			ng.Base = now
			return GuardMsg{g: &ng, stage: stageChecked, now: now, warnings: warnings}
		},
	}
	if g.Reedit != nil {
		body += "; Edit again opens yours with the host's change beside it"
		ask.Other = "Edit again"
		change := diff(false, g.Base, now, "host when you opened it", "host now")
		ask.OnOther = func() tea.Msg {
			ng := *g
			ng.Base = now
			return reedit{g: &ng, change: change}
		}
	}
	ask.Body = body + "; Cancel keeps yours as a draft."
	return func() tea.Msg { return ask }
}

// The dialogs' answers, taken by Handle in the pane's Update: the
// guard's callbacks change the pane, so they never run inside a command.
type (
	// startSave: the operator chose Save.
	startSave struct {
		g   *Guard
		now []byte
	}
	// keepDraft: the save did not happen; the operator's version stays.
	keepDraft struct {
		g      *Guard
		reason string
	}
	// reedit: the operator chose to edit again.
	reedit struct {
		g      *Guard
		change string
	}
)

func keep(g *Guard, reason string) tea.Cmd {
	return func() tea.Msg { return keepDraft{g: g, reason: reason} }
}

// begin starts the save a confirmed dialog asked for: the read and the
// save are one command, back to back, so the window for a lost update is
// one round trip.
func begin(c *common.Common, s startSave) tea.Cmd {
	g, now := s.g, s.now
	ctx, call := c.Calls.Begin("saving " + g.What)
	cl := c.Client
	return func() tea.Msg {
		again, err := g.read(ctx, cl)
		if err != nil {
			return GuardMsg{g: g, stage: stageSaved, call: call, err: err}
		}
		if !same(again, now) {
			ng := *g
			ng.Base = now
			return GuardMsg{g: &ng, stage: stageMoved, call: call, now: again}
		}
		return GuardMsg{g: g, stage: stageSaved, call: call, err: g.Put(ctx, cl)}
	}
}

// Handle takes the guard's messages: ok is false for any other message.
func Handle(c *common.Common, msg tea.Msg) (cmd tea.Cmd, ok bool) {
	switch msg := msg.(type) {
	case GuardMsg:
		return Step(c, msg), true
	case startSave:
		return begin(c, msg), true
	case keepDraft:
		return msg.g.Keep(msg.reason), true
	case reedit:
		return msg.g.Reedit(msg.g, msg.change), true
	}
	return nil, false
}

// diff words the change from a to b: a unified diff of text, or the
// sizes and digests of binary content; nil is "none".
func diff(binary bool, a, b []byte, from, to string) string {
	if binary {
		return "--- " + from + "\n+++ " + to + "\n-" + digest(a) + "\n+" + digest(b) + "\n"
	}
	d := udiff.Unified(from, to, string(a), string(b))
	if a == nil {
		d = strings.Replace(d, "--- "+from, "--- "+from+" (none)", 1)
	}
	return d
}

// digest words binary content for a diff line.
func digest(b []byte) string {
	if b == nil {
		return "(none)"
	}
	return fmt.Sprintf("%s, sha256 %x", common.Count(len(b), "byte"), sha256.Sum256(b))
}
