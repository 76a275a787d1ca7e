package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"runtime"
	"strings"

	"dpconsole/gateway/hostdoc"
)

// hostMachine describes the machine the mock host runs on. The fingerprint
// is a hash of what identifies it, so it is stable across restarts.
func hostMachine() hostdoc.Machine {
	name, err := os.Hostname()
	if err != nil || name == "" {
		name = "localhost"
	}
	machineID := ""
	for _, p := range []string{"/etc/machine-id", "/var/lib/dbus/machine-id"} {
		if b, err := os.ReadFile(p); err == nil {
			machineID = strings.TrimSpace(string(b))
			break
		}
	}
	sum := sha256.Sum256([]byte(strings.Join([]string{"dpconsole mock host", name, runtime.GOOS, runtime.GOARCH, machineID}, "\x00")))
	return hostdoc.Machine{Hostname: name, OS: runtime.GOOS, Arch: runtime.GOARCH, Fingerprint: hex.EncodeToString(sum[:])}
}
