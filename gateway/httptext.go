package gateway

import (
	"errors"
	"fmt"
	"net/http"
)

// HTTPText words a call's failure when an HTTP answer came that was no
// gateway's ("HTTP 404: not a Data Protector gateway (check the URL)"),
// or returns "" when err holds no HTTP answer (refused, timed out). The
// status stays, before what it means: it tells a wrong URL (404) from a
// proxy whose backend is down (502). The Fleet pane and the login screen
// both say it so.
func HTTPText(err error) string {
	var te *TransportError
	if !errors.As(err, &te) || te.HTTPStatus == 0 {
		return ""
	}
	var de *DecodeError
	notDP := errors.As(te.Err, &de) // the body is not a <Response> document
	switch {
	case te.HTTPStatus == http.StatusNotFound:
		return "HTTP 404: not a Data Protector gateway (check the URL)"
	case te.HTTPStatus == http.StatusOK && notDP:
		return "not a Data Protector gateway (check the URL)"
	case notDP:
		return fmt.Sprintf("HTTP %d: not a Data Protector answer (check the URL)", te.HTTPStatus)
	}
	return fmt.Sprintf("HTTP %d: %v", te.HTTPStatus, te.Err)
}
