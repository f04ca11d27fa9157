package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/store"
)

// statuses maps error codes to HTTP statuses; anything else is a 500.
var statuses = map[string]int{
	sgmap.EINVALID:     http.StatusBadRequest,
	sgmap.ENOTFOUND:    http.StatusNotFound,
	sgmap.EFORBIDDEN:   http.StatusForbidden,
	sgmap.ETOOLARGE:    http.StatusRequestEntityTooLarge,
	sgmap.EUNAVAILABLE: http.StatusServiceUnavailable,
}

// renderError marks an error from laying out a diagram: a graph too large
// to draw is the request's fault in a different way than a too-large upload
// (422, not 413).
type renderError struct{ err error }

func (e *renderError) Error() string { return e.err.Error() }
func (e *renderError) Unwrap() error { return e.err }

// errorStatus returns the HTTP status and the user-facing message for err.
// Internal errors never show their text: it can hold paths or ARNs.
func errorStatus(err error) (int, string) {
	code := sgmap.ErrorCode(err)
	status, ok := statuses[code]
	if !ok {
		return http.StatusInternalServerError, "Internal error."
	}
	var re *renderError
	if code == sgmap.ETOOLARGE && errors.As(err, &re) {
		status = http.StatusUnprocessableEntity
	}
	if errors.Is(err, store.ErrFull) {
		status = http.StatusInsufficientStorage // full disk or -max-data quota
	}
	return status, sgmap.ErrorMessage(err)
}

// errorBody is the JSON shape of API errors.
type errorBody struct {
	Error struct {
		Code      string   `json:"code"`
		Message   string   `json:"message"`
		Problems  []string `json:"problems,omitempty"`
		RequestID string   `json:"request_id,omitempty"`
	} `json:"error"`
}

// writeError answers r with err: JSON for the API and JSON exports, plain
// text for other files (SVG, DOT, CSV), an HTML page otherwise. 5xx errors
// are logged with their full text and the request ID the user sees.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil && errors.Is(err, r.Context().Err()) {
		// The client went away (gave up waiting): nobody reads an answer,
		// and it is not the server's failure to log. 499 as nginx says.
		s.log.Debug("client went away", "path", r.URL.Path, "request_id", middleware.GetReqID(r.Context()))
		w.WriteHeader(499)
		return
	}
	// A download route may have named its answer an attachment before the
	// failure: an error is a message to read, never a file to save.
	w.Header().Del("Content-Disposition")
	status, msg := errorStatus(err)
	reqID := middleware.GetReqID(r.Context())
	switch {
	case isBusy(err): // refused for load: admission logs a count once a minute
		s.log.Debug("refused for load", "error", err, "request_id", reqID, "path", r.URL.Path)
	case status >= 500:
		s.log.Error("request failed", "error", err, "status_code", status, "request_id", reqID, "path", r.URL.Path)
	}
	if status != http.StatusInternalServerError {
		reqID = ""
	}
	// The SVG route relaxes CSP for embedding; an error body is not an SVG.
	w.Header().Set("Content-Security-Policy", pageCSP)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Del("ETag")
	setRetryAfter(w, err)
	path := r.URL.Path
	switch {
	case strings.HasPrefix(path, "/api/") || strings.HasSuffix(path, ".json") || strings.HasSuffix(path, ".sarif"):
		var body errorBody
		body.Error.Code, body.Error.Message, body.Error.RequestID = sgmap.ErrorCode(err), msg, reqID
		if status == http.StatusInternalServerError {
			body.Error.Code = sgmap.EINTERNAL
		}
		var ve *sgmap.ValidationError
		if errors.As(err, &ve) {
			for _, p := range ve.Problems {
				body.Error.Problems = append(body.Error.Problems, sgmap.ErrorMessage(p))
			}
		}
		writeJSON(w, status, body)
	case strings.HasSuffix(path, ".drawio"):
		fallthrough // a file download, as .svg
	case strings.HasSuffix(path, ".svg") || strings.HasSuffix(path, ".dot") || strings.HasSuffix(path, ".csv"):
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(status)
		if reqID != "" {
			msg += " Request ID: " + reqID
		}
		w.Write([]byte(msg + "\n"))
	default:
		page := s.page(http.StatusText(status), "")
		if page.Logout { // error pages outside the token's routes (404) too
			ok, _, _ := s.authenticated(r)
			page.Logout = ok
		}
		s.renderPage(w, r, status, "error", errorPage{
			Page:    page,
			Status:  http.StatusText(status),
			Message: msg, RequestID: reqID,
		})
	}
}

// errorPage is the data of error.html.
type errorPage struct {
	Page
	Status, Message, RequestID string
}

// writeJSON writes v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		http.Error(w, "Internal error.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(data, '\n'))
}
