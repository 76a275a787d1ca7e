package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// The man page carries every command with its help and every flag, in
// roff that a formatter cannot misread, whatever the environment says.
func TestManPageCoversTheTree(t *testing.T) {
	r := newRunner(t)
	r.env["DPCONSOLE_GATEWAY"] = "http://from-the-environment/api"
	got := r.run("man")
	if got.code != 0 || !strings.HasPrefix(got.stdout, ".TH DPCONSOLE 1 ") || got.stderr != "" {
		t.Fatalf("man: exit %d, stderr %q, starts %.40q", got.code, got.stderr, got.stdout)
	}
	page := got.stdout
	if strings.Contains(page, "from-the-environment") || strings.Contains(page, "`") {
		t.Errorf("the page holds the environment's gateway or a backtick")
	}
	// Every line that starts with a dot or a quote is a request we write.
	request := regexp.MustCompile(`^\.(TH|SH|PP|RS|RE|TP|IP|nf|fi)( |$)`)
	for i, l := range strings.Split(page, "\n") {
		if (strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'")) && !request.MatchString(l) {
			t.Errorf("line %d would be read as a request: %q", i+1, l)
		}
	}
	for _, sec := range []string{".SH SYNOPSIS", ".SH DESCRIPTION", ".SH OPTIONS", ".SH COMMANDS", ".SH ENVIRONMENT", ".SH FILES", ".SH EXIT STATUS"} {
		if !strings.Contains(page, "\n"+sec+"\n") {
			t.Errorf("no %s", sec)
		}
	}
	c := &cli{getenv: func(string) string { return "" }}
	var walk func(cmd *cobra.Command)
	walk = func(cmd *cobra.Command) {
		if cmd.HasParent() && !strings.Contains(page, `\fB`+escape(cmd.Name())+`\fR`) {
			t.Errorf("command %q is not on the page", cmd.CommandPath())
		}
		if first, _, _ := strings.Cut(strings.TrimSpace(cmd.Long), "\n"); first != "" && !strings.Contains(page, escape(first)) {
			t.Errorf("%s: its help %q is not on the page", cmd.CommandPath(), first)
		}
		cmd.Flags().VisitAll(func(f *pflag.Flag) {
			if !strings.Contains(page, `\fB`+escape("--"+f.Name)) && !strings.Contains(page, escape("-"+f.Shorthand+", --"+f.Name)) {
				t.Errorf("%s --%s is not on the page", cmd.CommandPath(), f.Name)
			}
		})
		for _, sub := range cmd.Commands() {
			if sub.IsAvailableCommand() {
				walk(sub)
			}
		}
	}
	root := c.rootCommand()
	root.InitDefaultHelpCmd()
	walk(root)
}

// docs/dpconsole.1 is the page as the commands are now.
func TestCommittedManPageIsCurrent(t *testing.T) {
	committed, err := os.ReadFile(filepath.Join("..", "docs", "dpconsole.1"))
	if err != nil {
		t.Fatal(err)
	}
	if got := newRunner(t).run("man"); got.stdout != string(committed) {
		t.Errorf("docs/dpconsole.1 is out of date: run 'make man'")
	}
}
