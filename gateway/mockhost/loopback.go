package mockhost

import (
	"net/netip"
	"strings"
)

// The Host check of a loopback listener, a guard against DNS rebinding.

// loopbackHost reports whether a Host header names the loopback interface:
// localhost, an address in 127.0.0.0/8 or ::1, with or without a port.
func loopbackHost(host string) bool {
	name := host
	if strings.HasPrefix(host, "[") {
		end := strings.IndexByte(host, ']')
		if end < 0 || !validPort(host[end+1:]) {
			return false
		}
		name = host[1:end]
	} else if strings.Count(host, ":") == 1 {
		i := strings.IndexByte(host, ':')
		if !validPort(host[i:]) {
			return false
		}
		name = host[:i]
	}
	if strings.EqualFold(strings.TrimSuffix(name, "."), "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(name)
	return err == nil && ip.Zone() == "" && ip.Unmap().IsLoopback()
}

// validPort accepts "" or ":" followed by 1 to 5 digits.
func validPort(s string) bool {
	if s == "" {
		return true
	}
	if len(s) < 2 || len(s) > 6 || s[0] != ':' {
		return false
	}
	for _, c := range s[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
