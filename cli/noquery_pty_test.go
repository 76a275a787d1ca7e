//go:build linux

package cli

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"dpconsole/gateway"
)

// openPTY opens a pseudo-terminal pair with the standard library only.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		m.Close()
		t.Skipf("unlockpt: %v", e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		m.Close()
		t.Skipf("ptsname: %v", e)
	}
	s, err := os.OpenFile("/dev/pts/"+itoa(n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		t.Skipf("open pts: %v", err)
	}
	return m, s
}

func itoa(n uint32) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// The helper process: the test binary run again on a terminal, as the
// dpconsole binary would be (the same packages, so the same init order).
func TestPTYHelperProcess(t *testing.T) {
	if os.Getenv("DPCONSOLE_PTY_HELPER") != "1" {
		t.Skip("run by TestCLINeverQueriesTheTerminal")
	}
	args := strings.Split(os.Getenv("DPCONSOLE_PTY_ARGS"), "\x1f")
	os.Exit(Main(args, os.Stdin, os.Stdout, os.Stderr))
}

// call, login, logout and functions on a terminal never send a query
// (OSC 11 background, cursor-position report) that a plain terminal or
// script(1) never answers: Bubble Tea's init used to, and then waited up
// to 5 s.
func TestCLINeverQueriesTheTerminal(t *testing.T) {
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		(&gateway.Response{Status: gateway.StatusDenied, Message: "Denied"}).Encode(w)
	}))
	defer host.Close()
	state := t.TempDir()
	for _, args := range [][]string{
		{"call", "--gateway", host.URL, "agentPing"},
		{"call", "--gateway", host.URL, "--session", "s", "configGetList"},
		{"login", "--gateway", host.URL, "--user", "u", "--answer", "prompt-1=x"},
		{"logout"},
		{"functions"},
	} {
		t.Run(args[0], func(t *testing.T) {
			master, slave := openPTY(t)
			defer master.Close()
			cmd := exec.Command(os.Args[0], "-test.run=^TestPTYHelperProcess$")
			cmd.Env = append(os.Environ(), "DPCONSOLE_PTY_HELPER=1", "DPCONSOLE_PTY_ARGS="+strings.Join(args, "\x1f"),
				"DPCONSOLE_STATE_DIR="+state, "TERM=xterm-256color", "COLORTERM=", "NO_COLOR=")
			cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
			cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			slave.Close()
			var out bytes.Buffer
			io.Copy(&out, master) // EIO once the child has exited
			cmd.Wait()
			got := out.String()
			for _, q := range []string{"\x1b]11;?", "\x1b]10;?", "\x1b[6n", "\x1b[c"} {
				if strings.Contains(got, q) {
					t.Errorf("%v sent the terminal query %q:\n%q", args, q, got)
				}
			}
		})
	}
}
