// Command dpconsole is a terminal admin console for Sertainty Data
// Protector hosts, and a scripting CLI for their XML-over-HTTP protocol.
// Everything it does lives in package cli.
package main

import (
	"os"

	"dpconsole/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
