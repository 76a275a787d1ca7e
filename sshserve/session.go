package sshserve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"

	"dpconsole/gateway"
	"dpconsole/ui"
	"dpconsole/views/common"
	"dpconsole/widgets/mouse"
)

// Why a session ended, as the audit log words it.
const (
	reasonQuit       = "quit"
	reasonIdle       = "idle"
	reasonShutdown   = "shutdown"
	reasonDisconnect = "disconnect"
	reasonError      = "error"
)

// noPTY is all a connection without a terminal gets.
const noPTY = "dpconsole serve-ssh serves an interactive console and runs no commands: connect with ssh -t"

// console is one running session.
type console struct {
	prog *tea.Program
	out  *meter
}

// end asks the session to end for reason; the program may not be
// running yet (or any more), so the message is sent without waiting.
func (c *console) end(reason string) {
	if c.prog != nil {
		go c.prog.Send(endMsg{reason: reason})
	}
}

// meter counts what a session writes to its client.
type meter struct {
	w io.Writer
	n atomic.Int64
}

func (m *meter) Write(p []byte) (int, error) {
	n, err := m.w.Write(p)
	m.n.Add(int64(n))
	return n, err
}

// eofReader calls eof once when r ends.
type eofReader struct {
	r    io.Reader
	eof  func()
	once sync.Once
}

func (e *eofReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil {
		e.once.Do(e.eof)
	}
	return n, err
}

// middleware replaces the whole handler chain: every session is a console.
func (s *Server) middleware(ssh.Handler) ssh.Handler { return s.handle }

// handle runs one SSH session: it refuses one without a terminal, takes
// the connection's relayed login (or checks its key and leaves the login
// to the console), builds the session's own console and runs it until the
// operator quits, goes idle, disconnects or the server shuts down; the
// host session is closed in every case.
func (s *Server) handle(sess ssh.Session) {
	ctx := sess.Context()
	st := stateOf(ctx)
	pty, winch, ok := sess.Pty()
	if !ok || len(sess.Command()) > 0 || sess.Subsystem() != "" {
		st.release()
		fmt.Fprintln(sess.Stderr(), noPTY)
		sess.Exit(1)
		return
	}
	st.started.Store(true)
	if st.timer != nil {
		st.timer.Stop()
	}
	host, _ := splitHost(sess.RemoteAddr().String())
	who := AuditRecord{User: sess.User(), Remote: host}
	if pk := sess.PublicKey(); pk != nil {
		who.Key = gossh.FingerprintSHA256(pk)
	}
	st.who.Store(&who)
	client, user := st.take()
	if client == nil {
		// Admitted by a key: the proven key (not just one the client
		// offered) must still be listed. The host's login is the console's.
		if sess.PublicKey() == nil || !authorized(s.cfg.AuthorizedKeys, sess.PublicKey()) {
			fmt.Fprintln(sess.Stderr(), "dpconsole: permission denied")
			sess.Exit(1)
			return
		}
		var err error
		if client, err = s.newClient(st); err != nil {
			fmt.Fprintf(sess.Stderr(), "dpconsole: %v\n", err)
			sess.Exit(1)
			return
		}
	}
	c := &console{out: &meter{w: sess}}
	if err := s.admit(c); err != nil {
		closeHost(client)
		fmt.Fprintf(sess.Stderr(), "dpconsole: %v\n", err)
		sess.Exit(1)
		return
	}
	defer s.wg.Done()
	defer s.leave(c)

	s.cfg.Audit.write(withEvent(who, "session-start", ""))
	reason, status := s.run(sess, c, client, user, pty, winch)
	ctxc, cancel := context.WithTimeout(context.Background(), closeTimeout)
	if client.Session() != "" {
		if err := client.HostCloseSession(ctxc); err != nil {
			s.cfg.Logf("ssh: %s: closing the host session of %q: %v", host, who.User, err)
		}
	}
	cancel()
	end := who // a copy: st.who may point at who, which calls still read
	if w := st.who.Load(); w != nil {
		end = *w // with the host's user, if the console logged in as another
	}
	s.cfg.Audit.write(withEvent(end, "session-end", reason))
	if text := endText(reason, s.cfg.Idle); text != "" {
		fmt.Fprint(sess, "\r\n"+text+"\r\n")
	}
	sess.Exit(status)
}

func withEvent(r AuditRecord, event, reason string) AuditRecord {
	r.Event, r.Reason = event, reason
	return r
}

// endText tells the operator why the console ended, after it left the
// alternate screen.
func endText(reason string, idle time.Duration) string {
	switch reason {
	case reasonIdle:
		return fmt.Sprintf("dpconsole: logged out after %s without a keystroke; the host session is closed.", idle)
	case reasonShutdown:
		return "dpconsole: server shutting down; the host session is closed."
	case reasonError:
		return "dpconsole: the console hit an internal error and ended; the host session is closed. Connect again to go on."
	}
	return ""
}

// run builds and runs the session's console; a panic in it ends this
// session only.
func (s *Server) run(sess ssh.Session, c *console, client *gateway.Client, user string, pty ssh.Pty, winch <-chan ssh.Window) (reason string, status int) {
	defer func() {
		if r := recover(); r != nil {
			s.cfg.Logf("ssh: session of %q panicked: %v", sess.User(), r)
			reason, status = reasonError, 1
		}
	}()
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	var zones *mouse.Zones // the session's own: never another session's
	var popts []tea.ProgramOption
	if s.cfg.Mouse {
		zones = mouse.New()
		defer zones.Close()
		popts = append(popts, tea.WithMouseCellMotion())
	}
	m, err := s.newConsole(ctx, sess, client, user, pty, zones)
	if err != nil {
		fmt.Fprintf(sess.Stderr(), "dpconsole: %v\n", err)
		return reasonError, 1
	}
	sm := &sessionModel{ui: m, now: s.cfg.Now, idle: s.cfg.Idle, check: s.cfg.IdleCheck, last: s.cfg.Now(), panicOn: s.cfg.panicOn}
	// The client may close the session and keep the connection (ssh's
	// multiplexing): the end of its input ends the console.
	in := &eofReader{r: sess, eof: func() { c.end(reasonDisconnect) }}
	popts = append(popts, tea.WithInput(in), tea.WithOutput(c.out), tea.WithAltScreen(),
		tea.WithContext(ctx), tea.WithoutSignalHandler(), tea.WithEnvironment(sess.Environ()))
	c.prog = tea.NewProgram(sm, popts...)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case w, ok := <-winch:
				if !ok {
					return
				}
				c.prog.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
			}
		}
	}()
	if s.closingNow() {
		return reasonShutdown, 0
	}
	_, runErr := c.prog.Run()
	switch {
	case errors.Is(runErr, tea.ErrProgramPanic):
		s.cfg.Logf("ssh: session of %q: %v", sess.User(), runErr)
		return reasonError, 1
	case sm.reason != "":
		return sm.reason, 0
	case runErr != nil || sess.Context().Err() != nil:
		return reasonDisconnect, 0
	}
	return reasonQuit, 0
}

func (s *Server) closingNow() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closing
}

// newConsole builds the session's console: its renderer from the client's
// TERM, its size from the pty, its keys without the host-changing ones
// (read-only) or the file ones (no --files), and no external editor.
func (s *Server) newConsole(ctx context.Context, sess ssh.Session, client *gateway.Client, user string, pty ssh.Pty, zones *mouse.Zones) (*ui.Model, error) {
	keys := s.cfg.Keys
	if s.cfg.ReadOnly {
		keys.DisableMutating()
	}
	if s.cfg.FilesDir == "" {
		keys.DisableFiles()
	}
	return ui.New(ui.Session{
		Ctx: ctx, Client: client, Renderer: sessionRenderer(sess, pty, s.cfg.Theme.Name),
		Width: pty.Window.Width, Height: pty.Window.Height, Keys: keys, Theme: s.cfg.Theme, Now: s.cfg.Now,
		Caps:     common.Capabilities{Files: s.cfg.FilesDir != ""},
		Output:   sess, // the client's terminal, for the clipboard's OSC 52
		ReadOnly: s.cfg.ReadOnly, ReadOnlyWhy: "the SSH server runs with --read-only", UTC: s.cfg.UTC, TaskRefresh: s.cfg.TaskRefresh, LogRefresh: s.cfg.LogRefresh,
		Gateway: s.cfg.Gateway.URL, User: sess.User(), Demo: s.cfg.Demo, Version: s.cfg.Version,
		Notice: s.cfg.Notice, Logf: s.cfg.Logf, LoggedInAs: user, Mouse: zones,
	})
}

// sessionRenderer is the session's own renderer: the colour profile from
// the client's TERM and COLORTERM (none for TERM=dumb), the background
// from the theme. Unlike wish's MakeRenderer it never queries the
// client's terminal: that costs every login up to two seconds when the
// client does not answer, and reads keystrokes meant for the console.
func sessionRenderer(sess ssh.Session, pty ssh.Pty, themeName string) *lipgloss.Renderer {
	env := environ(append(sess.Environ(), "TERM="+pty.Term))
	p := termenv.Ascii
	if pty.Term != "" && pty.Term != "dumb" {
		// The client's TERM, COLORTERM and NO_COLOR, never the server's.
		p = termenv.NewOutput(io.Discard, termenv.WithEnvironment(env), termenv.WithUnsafe()).EnvColorProfile()
	}
	r := lipgloss.NewRenderer(sess, termenv.WithEnvironment(env), termenv.WithUnsafe(), termenv.WithProfile(p))
	r.SetColorProfile(p)
	r.SetHasDarkBackground(themeName != "light")
	return r
}

// environ is the client's environment as termenv reads it.
type environ []string

func (e environ) Environ() []string { return e }

func (e environ) Getenv(k string) string {
	v := ""
	for _, kv := range e { // the last one wins, as TERM is appended last
		if strings.HasPrefix(kv, k+"=") {
			v = kv[len(k)+1:]
		}
	}
	return v
}

// sessionModel wraps a session's console with what only a server needs:
// idle logout on the server's clock and ending on request (shutdown).
type sessionModel struct {
	ui      *ui.Model
	now     func() time.Time
	idle    time.Duration
	check   time.Duration
	last    time.Time // the last keystroke
	reason  string    // why the session ends, once it does
	panicOn rune
}

type (
	endMsg       struct{ reason string }
	idleCheckMsg struct{}
)

func (m *sessionModel) tick() tea.Cmd {
	return tea.Tick(m.check, func(time.Time) tea.Msg { return idleCheckMsg{} })
}

func (m *sessionModel) Init() tea.Cmd { return tea.Batch(m.ui.Init(), m.tick()) }

func (m *sessionModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case endMsg:
		m.reason = msg.reason
		return m, tea.Quit
	case idleCheckMsg:
		// Wish's idle timeout never fires while the console redraws, so
		// the console keeps its own, counted from the last keystroke.
		if m.now().Sub(m.last) >= m.idle {
			m.reason = reasonIdle
			return m, tea.Quit
		}
		return m, m.tick()
	case tea.MouseMsg:
		if mouse.Used(msg) {
			m.last = m.now() // a click or the wheel is the operator at work, as a key is
		}
	case tea.KeyMsg:
		m.last = m.now()
		if m.panicOn != 0 && msg.Type == tea.KeyRunes && len(msg.Runes) > 0 && msg.Runes[0] == m.panicOn {
			panic("sshserve test: a panic in one session")
		}
	}
	_, cmd := m.ui.Update(msg)
	return m, cmd
}

func (m *sessionModel) View() string { return m.ui.View() }
