// Package server is sgmap's dashboard: an http.Handler (chi) serving the
// pages, diagrams and API of docs/http.md over a snapshot [store.Store],
// the embedded demos and any snapshot files named on the command line.
//
// Diagrams are rendered through a [Renderer] (in production a pool of
// worker processes, see graph/render), once per (snapshot content, VPC,
// view), and kept in a byte-bounded LRU cache; concurrent requests for the
// same diagram share one render, and no request waits on an unrelated
// render.
package server

import (
	"context"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/store"
)

// Renderer turns DOT into SVG. graph/render's Pool, Wasm and Exec satisfy
// it; errors with code [sgmap.ETOOLARGE] or [sgmap.EUNAVAILABLE] are shown
// to users as "too large to draw" with suggestions.
type Renderer interface {
	SVG(ctx context.Context, dot []byte) ([]byte, error)
}

// Config holds a [Server]'s dependencies and settings.
type Config struct {
	// Log receives one line per request and the server's events; nil
	// discards them.
	Log *slog.Logger
	// Store holds stored snapshots and receives uploads and collections;
	// nil means no data folder (uploads get 503).
	Store *store.Store
	// Files are extra snapshot files to serve (serve -snapshot FILE).
	Files []string
	// Demos lists the embedded demos (demo-article, …) when true.
	Demos bool
	// Renderer renders diagrams; required.
	Renderer Renderer
	// Token, when not empty, is required on every route except /healthz,
	// /static/* and /login, as "Authorization: Bearer <token>" or through
	// the cookie the login form sets.
	Token string
	// Hosts, when not empty, are the only host names requests may carry in
	// their Host header (ports aside); loopback IPs are always accepted.
	// Without a token this is what stops DNS rebinding: a web page whose
	// name resolves to 127.0.0.1 still sends its own name.
	Hosts []string
	// Collect, when not nil, takes a new snapshot; [Server.Run] calls it at
	// start and every Refresh and stores the result.
	Collect func(context.Context) (*sgmap.Snapshot, error)
	// Refresh is the collection interval (default 15 minutes).
	Refresh time.Duration
	// Version is shown in pages and added to asset URLs (?v=) so browsers
	// refetch them after an upgrade.
	Version string
	// CacheBytes bounds the rendered-diagram cache (default 96 MiB: about
	// ten of the large demo's biggest diagrams, keeping the process under
	// the 300 MB bar of docs/performance.md with that demo loaded).
	CacheBytes int64
	// MaxUploadBytes bounds POST /api/snapshots bodies (default 64 MiB).
	MaxUploadBytes int64
	// Import reads an upload, given the file name the form sent ("" for a
	// bare body); nil accepts only snapshot JSON ([sgmap.DecodeSnapshot]).
	// sgmap serve sets package input's reader, so Terraform and
	// CloudFormation files can be uploaded too.
	Import func(name string, r io.Reader) (*sgmap.Snapshot, error)
	// WorkSlots is how many graph builds, audits and page data run at
	// once, and, separately, how many renders and conversions (default
	// [DefaultWorkSlots]: cores − 1, at least 1; serve sets it to
	// -render-workers). WorkQueue more of each may wait (default 16), each
	// at most WorkWait (default 10 s); past either, requests get 503 with
	// Retry-After.
	WorkSlots int
	WorkQueue int
	WorkWait  time.Duration
	// Limits bound what an uploaded or added snapshot may hold (zero
	// fields take [sgmap.DefaultLimits]).
	Limits sgmap.Limits
	// Retention, when set (serve -keep, -keep-last), deletes old
	// snapshots of each series at start and after each stored snapshot.
	Retention store.Retention
	// MaxDataBytes, when positive, is a quota on the data folder's
	// snapshot files (serve -max-data); uploads and collections past it
	// get 507.
	MaxDataBytes int64
	// MaxUploads is how many uploads are decoded at once (default 2); one
	// client may run one at a time.
	MaxUploads int
	// BehindProxy says a load balancer appends the client's address to
	// X-Forwarded-For (proxy.go); the per-client limits then use it.
	BehindProxy bool
}

// Defaults for the zero values of [Config].
const (
	DefaultRefresh        = 15 * time.Minute
	DefaultCacheBytes     = 96 << 20
	DefaultMaxUploadBytes = 64 << 20
	DefaultMaxUploads     = 2
)

// Server is the dashboard's http.Handler. Create it with [New].
type Server struct {
	cfg       Config
	log       *slog.Logger
	store     *store.Store
	router    chi.Router
	templates map[string]*template.Template
	sessions  *sessions
	authLimit *authLimiter
	cache     *diagramCache
	admit     *admission // graph builds, audits, page data: the in-process work
	// draw bounds renders and their conversions (PNG, PDF, draw.io) with
	// slots of their own, so that a slow layout never holds up the page
	// data, levels and findings of other pages (issue 8).
	draw      *admission
	uploads   *uploadGate
	demos     *demoSet
	started   time.Time
	redactKey []byte // the redact=1 pseudonym key ([redactKeyFor])

	collectMu  sync.Mutex
	collection collectionStatus
}

// New returns a Server for cfg. It adds cfg.Files to the store (creating a
// folder-less store when cfg.Store is nil) and parses the templates; an
// unreadable or invalid file is an error naming it.
func New(cfg Config) (*Server, error) {
	if cfg.Renderer == nil {
		return nil, fmt.Errorf("server: no renderer")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Refresh <= 0 {
		cfg.Refresh = DefaultRefresh
	}
	if cfg.CacheBytes <= 0 {
		cfg.CacheBytes = DefaultCacheBytes
	}
	if cfg.MaxUploadBytes <= 0 {
		cfg.MaxUploadBytes = DefaultMaxUploadBytes
	}
	if cfg.WorkSlots <= 0 {
		cfg.WorkSlots = DefaultWorkSlots()
	}
	if cfg.WorkQueue <= 0 {
		cfg.WorkQueue = DefaultWorkQueue
	}
	if cfg.WorkWait <= 0 {
		cfg.WorkWait = DefaultWorkWait
	}
	if cfg.MaxUploads <= 0 {
		cfg.MaxUploads = DefaultMaxUploads
	}
	cfg.Limits = cfg.Limits.WithDefaults()
	if cfg.Version == "" {
		cfg.Version = sgmap.Version
	}
	st := cfg.Store
	if st == nil {
		var err error
		if st, err = store.Open(""); err != nil {
			return nil, err
		}
	}
	// An upload killed mid-save leaves an empty reserved file behind.
	if removed, err := st.CleanLeftovers(); err != nil {
		cfg.Log.Warn("cannot clean the data folder", "error", err)
	} else if len(removed) > 0 {
		cfg.Log.Warn("removed what interrupted saves left in the data folder", "files", removed)
	}
	if cfg.MaxDataBytes > 0 {
		st.SetMaxBytes(cfg.MaxDataBytes)
	}
	for _, f := range cfg.Files {
		if _, err := st.Add(f); err != nil {
			return nil, fmt.Errorf("snapshot %s: %w", f, err)
		}
	}
	tmpl, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, log: cfg.Log, store: st, templates: tmpl, started: time.Now(), redactKey: redactKeyFor(cfg.Token),
		sessions: newSessions(cookieKey(cfg.Token)), authLimit: newAuthLimiter(cfg.Log), cache: newDiagramCache(cfg.CacheBytes),
		admit: newAdmission(cfg.WorkSlots, cfg.WorkQueue, cfg.WorkWait, cfg.Log),
		draw:  newAdmission(cfg.WorkSlots, cfg.WorkQueue, cfg.WorkWait, cfg.Log), uploads: newUploadGate(cfg.MaxUploads),
		demos: newDemoSet(cfg.Demos)}
	s.router = s.routes()
	s.prune()
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.router.ServeHTTP(w, r) }

// HTTPServer returns an *http.Server for s on addr with timeouts suited to
// the dashboard: slow clients cannot hold connections, and WriteTimeout
// leaves room for a cold render of a large diagram.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute, // uploads of up to MaxUploadBytes
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}
