package server

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"time"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/store"
)

// apiSnapshot is one entry of GET /api/snapshots.
type apiSnapshot struct {
	ID       string          `json:"id"`
	Accounts []string        `json:"accounts"`
	Regions  []string        `json:"regions"`
	TakenAt  time.Time       `json:"taken_at"`
	VPCs     []store.VPCMeta `json:"vpcs"`
	Warnings int             `json:"warnings"`
	Source   string          `json:"source"`
	IsDemo   bool            `json:"is_demo"`
	// Series, SeenAgain and LastSeen: see docs/http.md, "Snapshot series".
	Series    string    `json:"series,omitempty"`
	SeenAgain int       `json:"seen_again"`
	LastSeen  time.Time `json:"last_seen"`
}

// handleAPISnapshots lists the snapshots as JSON, stored ones newest first,
// then the demos.
func (s *Server) handleAPISnapshots(w http.ResponseWriter, r *http.Request) {
	list, err := s.listSnapshots()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]apiSnapshot, 0, len(list))
	for _, l := range list {
		m := l.Meta
		out = append(out, apiSnapshot{ID: m.ID, Accounts: nonNil(m.Accounts), Regions: nonNil(m.Regions),
			TakenAt: m.TakenAt, VPCs: nonNil(m.VPCs), Warnings: m.Warnings, Source: m.Source, IsDemo: l.IsDemo,
			Series: m.Series, SeenAgain: m.SeenAgain, LastSeen: m.LastSeen()})
	}
	w.Header().Set("Cache-Control", "no-cache")
	writeJSON(w, http.StatusOK, out)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// handleAPIUpload stores the snapshot in the request body: raw JSON, or
// the file field "snapshot" of a multipart form (the no-JS upload form,
// which is then redirected to the new snapshot's page).
func (s *Server) handleAPIUpload(w http.ResponseWriter, r *http.Request) {
	if !s.store.Writable() {
		s.writeError(w, r, sgmap.Errorf(sgmap.EUNAVAILABLE, "this server has no data folder: start sgmap serve with -data DIR to accept uploads"))
		return
	}
	release, err := s.uploads.enter(clientIP(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defer release()
	r.Body = http.MaxBytesReader(w, &idleReader{r: r.Body, rc: http.NewResponseController(w)}, s.cfg.MaxUploadBytes)
	body, form, err := uploadBody(r)
	if err != nil {
		s.writeError(w, r, s.uploadError(err))
		return
	}
	defer body.Close()
	snap, err := s.importUpload(body, r.ContentLength, form)
	if err != nil {
		s.writeError(w, r, s.uploadError(err))
		return
	}
	if snap.Source == "" {
		snap.Source = "upload"
	}
	saved, err := s.store.Record(snap)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	id := saved.ID
	if !saved.Deduplicated {
		s.prune()
	}
	s.log.Info("snapshot uploaded", "snapshot_id", id, "deduplicated", saved.Deduplicated, "remote_addr", r.RemoteAddr)
	loc := "/snapshots/" + url.PathEscape(id)
	if form {
		http.Redirect(w, r, loc, http.StatusSeeOther)
		return
	}
	w.Header().Set("Location", loc)
	if saved.Deduplicated {
		// Nothing new was stored: the same content as the newest of
		// its series, now recorded as seen again (docs/http.md).
		writeJSON(w, http.StatusOK, map[string]any{"id": id, "deduplicated": true})
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": id, "deduplicated": false})
}

// importUpload reads an upload with [Config.Import], or as snapshot JSON
// ([Server.decodeUpload]).
func (s *Server) importUpload(body io.Reader, length int64, form bool) (*sgmap.Snapshot, error) {
	if s.cfg.Import == nil {
		return s.decodeUpload(body, length, form)
	}
	name := "upload.json"
	if p, ok := body.(*multipart.Part); ok && p.FileName() != "" {
		name = p.FileName()
	}
	snap, err := s.cfg.Import(name, body)
	if err != nil {
		return nil, err
	}
	return snap, s.cfg.Limits.Check(snap)
}

// decodeUpload reads and decodes an upload of the announced length (-1 when
// unknown): a raw JSON body of known size is read into one buffer of that
// size, instead of one grown by doubling, which costs twice the body.
func (s *Server) decodeUpload(body io.Reader, length int64, form bool) (*sgmap.Snapshot, error) {
	if form || length <= 0 || length > s.cfg.MaxUploadBytes {
		return sgmap.DecodeSnapshotLimits(body, s.cfg.MaxUploadBytes, s.cfg.Limits)
	}
	data := make([]byte, length)
	if _, err := io.ReadFull(body, data); err != nil {
		return nil, fmt.Errorf("read upload: %w", err)
	}
	return sgmap.ParseSnapshotLimits(data, s.cfg.Limits)
}

// uploadBody returns the snapshot bytes of an upload and whether it came
// from a multipart form.
func uploadBody(r *http.Request) (io.ReadCloser, bool, error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return r.Body, false, nil
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, true, sgmap.Errorf(sgmap.EINVALID, "upload is not a valid multipart form")
	}
	for {
		part, err := mr.NextPart()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, true, sgmap.Errorf(sgmap.EINVALID, "upload form has no file field \"snapshot\"")
			}
			return nil, true, err
		}
		if part.FormName() == "snapshot" {
			return part, true, nil
		}
		part.Close()
	}
}

// uploadError turns a body that hit the size limit into a clear 413.
func (s *Server) uploadError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return sgmap.Errorf(sgmap.ETOOLARGE, "upload is larger than the limit of %d MiB", s.cfg.MaxUploadBytes>>20)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) && sgmap.ErrorCode(err) == sgmap.EINTERNAL {
		return sgmap.Errorf(sgmap.EINVALID, "upload ended before its announced length")
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return sgmap.Errorf(sgmap.EINVALID, "upload stalled: no data arrived for %s", uploadIdle)
	}
	return err
}
