package common

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// Poll is a pane's polled load (the tasks table, a log tail): a Load
// re-armed by a tea.Tick after each reply while the pane is shown. Ticks
// and replies carry the generation they were armed in; stopping bumps it,
// so those of a hidden or restarted poll die out (gh-dash's
// doRefreshAtInterval). Esc cancelling a fetch pauses the poll until the
// operator restarts it.
type Poll struct {
	Load
	gen       uint64
	shown     bool
	cancelled bool
}

// NewPoll returns a poll of a shown pane whose calls calls tracks.
func NewPoll(calls *Calls) Poll { return Poll{Load: NewLoad(calls), shown: true} }

// Gen is the generation a fetch started now belongs to.
func (p *Poll) Gen() uint64 { return p.gen }

// Cancelled reports that the operator cancelled a fetch: polling waits
// for a restart.
func (p *Poll) Cancelled() bool { return p.cancelled }

// Stop abandons the fetch in flight and kills the armed tick.
func (p *Poll) Stop() {
	p.gen++
	p.Cancel()
}

// Restart stops the poll and, when the pane is shown, fetches at once
// (foreground: with the shell's spinner); fetch's reply re-arms the poll.
func (p *Poll) Restart(foreground bool, fetch func(foreground bool) tea.Cmd) tea.Cmd {
	p.Stop()
	p.cancelled = false
	if !p.shown {
		return nil // Activate fetches
	}
	return fetch(foreground)
}

// Activate polls again when the pane is shown.
func (p *Poll) Activate(foreground bool, fetch func(foreground bool) tea.Cmd) tea.Cmd {
	if p.shown {
		return nil
	}
	p.shown = true
	return p.Restart(foreground, fetch)
}

// Deactivate stops polling while the pane is hidden.
func (p *Poll) Deactivate() {
	p.shown = false
	p.Stop()
}

// Due reports whether a tick armed in generation gen should fetch: it is
// current, the pane is shown and the operator did not cancel.
func (p *Poll) Due(gen uint64) bool { return gen == p.gen && p.shown && !p.cancelled }

// Reply takes the reply of call id, fetched in generation gen: false
// means drop it (superseded, or the pane was hidden meanwhile, or err is
// the operator's cancellation, which pauses polling).
func (p *Poll) Reply(id, gen uint64, err error) bool {
	if !p.Owns(id) || gen != p.gen {
		return false
	}
	if IsCancelled(err) {
		p.cancelled = true // Esc: stop polling until r
		return false
	}
	return true
}

// Next arms the tick after a reply of generation gen, unless the pane was
// hidden or the poll restarted meanwhile; tick builds the pane's tick
// message.
func (p *Poll) Next(gen uint64, every time.Duration, tick func(gen uint64) tea.Msg) tea.Cmd {
	if gen != p.gen || !p.shown {
		return nil
	}
	return tea.Tick(every, func(time.Time) tea.Msg { return tick(gen) })
}
