// Package gateway owns the Sertainty Data Protector protocol: the XML
// Request/Response codec, the status codes and their errors, the registry of
// the 37 logical functions, and the HTTP client with its challenge-login
// driver and one typed method per function.
//
// The embedded mock host that serves the same protocol lives in
// gateway/mockhost; the console and the CLI only ever talk through Client.
package gateway
