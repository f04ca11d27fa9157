package sgmap

import (
	"errors"
	"fmt"
)

// Error codes shared by every package. They map to CLI exit codes and HTTP
// statuses in one place each (cmd/sgmap and server).
const (
	EINVALID     = "invalid"     // bad input: a malformed snapshot, flag or upload
	ENOTFOUND    = "not_found"   // no such snapshot, VPC, group or demo
	EFORBIDDEN   = "forbidden"   // AWS denied a call, or a request lacks the token
	EUNAVAILABLE = "unavailable" // no snapshot yet, AWS unreachable, a render timed out
	ETOOLARGE    = "too_large"   // a graph or upload beyond what sgmap will process
	EINTERNAL    = "internal"    // a bug
)

// Error is an error with a code and a message meant for the user.
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string { return e.Message }

// Errorf returns an [*Error] with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first [*Error] in err's chain, or
// [EINTERNAL] for any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of the first [*Error] in
// err's chain, or "Internal error." for any other non-nil error.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// ValidationError lists every problem found in a snapshot. It unwraps to
// one [*Error] per problem so callers can inspect them with [errors.As].
type ValidationError struct {
	Problems []error
}

// Error joins the first problems into one message; the full list is in
// Problems.
func (v *ValidationError) Error() string {
	const show = 10
	msg := fmt.Sprintf("invalid snapshot: %d problem(s)", len(v.Problems))
	for i, p := range v.Problems {
		if i == show {
			msg += fmt.Sprintf("; and %d more", len(v.Problems)-show)
			break
		}
		msg += "; " + p.Error()
	}
	return msg
}

// Unwrap returns the individual problems.
func (v *ValidationError) Unwrap() []error { return v.Problems }
