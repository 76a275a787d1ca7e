package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/muesli/mango"
	mcobra "github.com/muesli/mango-cobra"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

const manAbout = `Prints dpconsole's man page in roff, built from the command tree (the same
commands, flags and help as --help): man -l <(dpconsole man). 'make man'
writes it to docs/dpconsole.1.
`

func (c *cli) manCommand() *cobra.Command {
	cmd := c.newCmd("man", "print the man page (roff)", "dpconsole man", manAbout)
	cmd.RunE = c.action(func(pos []string) int {
		if len(pos) > 0 {
			return c.usageError(cmd, "unexpected argument %q", pos[0])
		}
		page, err := c.manPage()
		if err != nil {
			return c.fail(exitFailure, "man page: %v", err)
		}
		if _, err := fmt.Fprint(c.stdout, page); err != nil {
			return c.fail(exitFailure, "writing the output: %v", err)
		}
		return exitOK
	})
	return cmd
}

// manSections follow the commands, as a man page orders them.
var manSections = []struct{ name, text string }{
	{"Environment", `DPCONSOLE_GATEWAY: the gateway URL, or the name of one in the config file's gateways:, for the console and every subcommand.

DPCONSOLE_USER: the user name, pre-filled in the console; logs in for call, tail and login.

DPCONSOLE_SESSION: the session ID for call and tail, instead of --session (which the process list shows).

DPCONSOLE_STATE_DIR: where login keeps session.json and sessions/NAME.json, instead of $XDG_STATE_HOME/dpconsole.

DPCONSOLE_LOG: the console logs to this file, never to the screen.

XDG_CONFIG_HOME, XDG_STATE_HOME: the usual base directories.

HTTP_PROXY, HTTPS_PROXY, NO_PROXY: proxies, honoured by every call.`},
	{"Files", `$XDG_CONFIG_HOME/dpconsole/config.yaml (else ~/.config/dpconsole/config.yaml): the config file (gateway, user, theme, refresh intervals, keys, gateways:).

$XDG_STATE_HOME/dpconsole/session.json (else ~/.local/state/dpconsole/session.json): the session 'dpconsole login' kept, mode 0600; sessions/NAME.json beside it for named gateways.`},
	{"Exit status", `0 success (the host answered status 1); 1 usage, transport or local errors; 2 the host answered a status other than 1 (code and message on stderr).`},
}

// lineBreak stands for a line end in text mango would join into one line
// (its command summaries); roffPage turns it back.
const lineBreak = "\u2028"

// manPage is the roff page: mango-cobra lays out the command tree;
// commands carry their whole help, flags their value names and defaults.
func (c *cli) manPage() (string, error) {
	// Defaults from the environment belong to this shell, not to the page.
	quiet := *c
	quiet.getenv = func(string) string { return "" }
	root := quiet.rootCommand()
	root.InitDefaultHelpCmd()
	page, err := mcobra.NewManPage(1, root)
	if err != nil {
		return "", err
	}
	var fill func(cmd *cobra.Command, m *mango.Command)
	fill = func(cmd *cobra.Command, m *mango.Command) {
		if cmd.HasParent() && cmd.Long != "" {
			m.Short = strings.ReplaceAll(strings.TrimSpace(cmd.Long), "\n", lineBreak)
		}
		m.Flags = map[string]mango.Flag{}
		cmd.Flags().VisitAll(func(f *pflag.Flag) {
			name, usage := pflag.UnquoteUsage(f)
			if f.Value.Type() == "bool" {
				name = ""
			}
			switch f.DefValue {
			case "", "false", "0", "0s", "[]":
			default:
				usage += fmt.Sprintf(" (default %s)", f.DefValue)
			}
			m.Flags[f.Name] = mango.Flag{Name: strings.TrimSpace(f.Name + " " + name), Short: f.Shorthand, Usage: usage, PFlag: true}
		})
		for _, sub := range cmd.Commands() {
			if mc, ok := m.Commands[sub.Name()]; ok {
				fill(sub, mc)
			}
		}
	}
	fill(root, &page.Root)
	for _, s := range manSections {
		page = page.WithSection(s.name, s.text)
	}
	return page.Build(&roffPage{synopsis: synopsis}), nil
}

// roffPage writes mango's page as roff: wrapped help text filled as
// paragraphs, indented lines (examples) kept as they are, and the
// synopsis of every command in SYNOPSIS. It carries no date, so the page
// only changes when the commands do.
type roffPage struct {
	b        strings.Builder
	synopsis string
	skip     bool // inside mango's own synopsis, replaced by ours
}

// macro writes a request on a line of its own.
func (r *roffPage) macro(s string) {
	if s := r.b.String(); s != "" && !strings.HasSuffix(s, "\n") {
		r.b.WriteByte('\n')
	}
	r.b.WriteString(s + "\n")
}

// escape makes text safe for roff: backslashes, dashes (as minus signs,
// which copy as typed) and a leading dot or quote.
func escape(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	s = strings.ReplaceAll(s, "-", `\-`)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}

func (r *roffPage) Heading(section uint, title, description string, _ time.Time) {
	r.macro(fmt.Sprintf(`.TH %s %d "" "%s" "User Commands"`, strings.ToUpper(title), section, title))
}

func (r *roffPage) Paragraph() { r.macro(".PP") }

func (r *roffPage) Indent(n int) {
	if n >= 0 {
		r.macro(fmt.Sprintf(".RS %d", n))
	} else {
		r.macro(".RS")
	}
}

func (r *roffPage) IndentEnd() { r.macro(".RE") }

func (r *roffPage) TaggedParagraph(n int) {
	if r.skip {
		return
	}
	if n >= 0 {
		r.macro(fmt.Sprintf(".TP %d", n))
	} else {
		r.macro(".TP")
	}
}

func (r *roffPage) List(text string) {
	r.macro(`.IP \(bu 3`)
	r.macro(escape(strings.TrimSpace(text)))
}

func (r *roffPage) Section(text string) {
	r.skip = false
	r.macro(".SH " + strings.ToUpper(text))
	if text == "Synopsis" {
		r.macro(".nf")
		for _, l := range strings.Split(r.synopsis, "\n") {
			// The usage line without its summary (three spaces on).
			usage, _, _ := strings.Cut(strings.TrimSpace(l), "   ")
			r.macro(`\fB` + escape(usage) + `\fR`)
		}
		r.macro(".fi")
		r.skip = true
	}
}

// EndSection ends a tag (mango calls it between a flag and its help).
func (r *roffPage) EndSection() {
	if s := r.b.String(); s != "" && !strings.HasSuffix(s, "\n") {
		r.b.WriteByte('\n')
	}
}

// Text writes inline text as it is; text of several lines as paragraphs:
// a blank line starts a new one, and indented lines are kept as lines.
func (r *roffPage) Text(text string) {
	if r.skip {
		return
	}
	text = strings.ReplaceAll(text, lineBreak, "\n")
	if !strings.Contains(text, "\n") {
		r.b.WriteString(escape(text))
		return
	}
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	pre := false
	for i, l := range lines {
		indented := strings.HasPrefix(l, "  ")
		switch {
		case strings.TrimSpace(l) == "":
			if pre {
				r.macro(".fi")
				r.macro(".RE")
				pre = false
			}
			r.macro(".PP")
			continue
		case indented && !pre:
			r.macro(".RS 2")
			r.macro(".nf")
			pre = true
		case !indented && pre:
			r.macro(".fi")
			r.macro(".RE")
			pre = false
		}
		if i == 0 && !indented {
			r.b.WriteString(escape(l))
			continue
		}
		r.macro(escape(strings.TrimPrefix(l, "  ")))
	}
	if pre {
		r.macro(".fi")
		r.macro(".RE")
	}
}

func (r *roffPage) TextBold(text string) {
	if r.skip {
		return
	}
	r.b.WriteString(`\fB`)
	r.Text(text)
	r.b.WriteString(`\fR`)
}

func (r *roffPage) TextItalic(text string) {
	if r.skip {
		return
	}
	r.b.WriteString(`\fI`)
	r.Text(text)
	r.b.WriteString(`\fR`)
}

func (r *roffPage) String() string { return r.b.String() }
