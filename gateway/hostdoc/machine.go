package hostdoc

import (
	"encoding/hex"
	"encoding/xml"
	"strings"
)

// FingerprintLen is the length of a fingerprint in hex digits.
const FingerprintLen = 64

// Machine is a machine fingerprint document (hostGetMachine and each
// machine-fingerprint argument).
type Machine struct {
	XMLName     xml.Name `xml:"Machine"`
	Hostname    string   `xml:"Hostname"`
	OS          string   `xml:"OS"`
	Arch        string   `xml:"Arch"`
	Fingerprint string   `xml:"Fingerprint"`
}

// ParseMachine decodes a <Machine> document and checks its fingerprint is
// 64 hex digits; the fingerprint comes back in lower case.
func ParseMachine(data []byte) (*Machine, error) {
	var m Machine
	if err := decode("machine", data, "Machine", &m); err != nil {
		return nil, err
	}
	m.Fingerprint = strings.ToLower(strings.TrimSpace(m.Fingerprint))
	if len(m.Fingerprint) != FingerprintLen {
		return nil, docErr("machine", "<Fingerprint> has %d characters, expected %d hex digits", len(m.Fingerprint), FingerprintLen)
	}
	if _, err := hex.DecodeString(m.Fingerprint); err != nil {
		return nil, docErr("machine", "<Fingerprint> is not hex: %v", err)
	}
	return &m, nil
}

// FingerprintBytes returns the fingerprint's 32 bytes; it assumes a
// Machine that ParseMachine returned or that MarshalMachine would accept.
func (m *Machine) FingerprintBytes() ([]byte, error) {
	b, err := hex.DecodeString(m.Fingerprint)
	if err != nil || len(b) != FingerprintLen/2 {
		return nil, docErr("machine", "<Fingerprint> %q is not %d hex digits", m.Fingerprint, FingerprintLen)
	}
	return b, nil
}

// MarshalMachine renders a <Machine> document.
func MarshalMachine(m *Machine) ([]byte, error) {
	return xml.Marshal(m)
}
