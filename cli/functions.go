package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"dpconsole/gateway"
)

// argKinds spells a function's user arguments as name:kind, with "..."
// after a repeated one.
func argKinds(fn gateway.Function) string {
	var parts []string
	for _, a := range fn.UserArgs() {
		s := a.Name + ":" + a.Kind.String()
		if a.Repeated {
			s += "..."
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, " ")
}

const functionsAbout = `Lists the protocol functions from the registry: their arguments (name:kind,
"..." when repeated) and whether they change the host (refused in read-only
mode). With a FUNCTION it describes that one.
`

func (c *cli) functionsCommand() *cobra.Command {
	cmd := c.newCmd("functions [FUNCTION]", "list the protocol functions", "dpconsole functions [FUNCTION]", functionsAbout)
	cmd.RunE = c.action(func(pos []string) int { return c.functions(cmd, pos) })
	return cmd
}

func (c *cli) functions(cmd *cobra.Command, pos []string) int {
	switch len(pos) {
	case 0:
		tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "FUNCTION\tCHANGES HOST\tARGUMENTS\tSUMMARY")
		for _, fn := range gateway.Functions() {
			changes := ""
			if fn.Mutates {
				changes = "yes"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", fn.Name, changes, argKinds(fn), fn.Summary)
		}
		tw.Flush()
		return exitOK
	case 1:
		fn, ok := gateway.Lookup(pos[0])
		if !ok {
			return c.usageError(cmd, "unknown function %q", pos[0])
		}
		c.describe(fn)
		return exitOK
	}
	return c.usageError(cmd, "give at most one function name")
}

func (c *cli) describe(fn gateway.Function) {
	w := c.stdout
	fmt.Fprintf(w, "%s - %s\n\nUsage: dpconsole call %s\n", fn.Name, fn.Summary, strings.TrimSpace(fn.Name+" "+argSynopsis(fn)))
	session := map[gateway.SessionPlace]string{
		gateway.SessionNone:     "none needed",
		gateway.SessionElement:  "required, sent in <Session>",
		gateway.SessionFirstArg: "required, sent in <Session> and as the first argument",
	}[fn.Session]
	fmt.Fprintf(w, "Session: %s\n", session)
	if fn.Mutates {
		fmt.Fprintln(w, "Changes the host: yes (refused in read-only mode)")
	}
	list := func(title string, specs []gateway.ArgSpec) {
		if len(specs) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s:\n", title)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, a := range specs {
			rep := ""
			if a.Repeated {
				rep = " (repeated)"
			}
			fmt.Fprintf(tw, "  %s\t%s%s\t%s\n", a.Name, a.Kind, rep, a.Help)
		}
		tw.Flush()
	}
	list("Arguments", fn.UserArgs())
	list("Results", fn.Results)
}
