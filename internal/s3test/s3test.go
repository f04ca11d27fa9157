// Package s3test runs a real S3-compatible server, versitygw with its posix
// backend, for the tests of the S3 store: one server process per test
// package (from TestMain), on 127.0.0.1 and a free port, keeping its
// buckets in a temporary folder. docs/deploy.md says why versitygw.
//
// scripts/install-test-deps.sh installs the binary. Without it, tests that
// need the server fail under CI=true and are skipped elsewhere with the
// install command.
package s3test

import (
	"context"
	"errors"
	"fmt"
	"go/build"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Module and Version are the versitygw release the tests run; Install is
// the command that installs it.
const (
	Module  = "github.com/versity/versitygw/cmd/versitygw"
	Version = "v1.8.0"
	Install = "bash scripts/install-test-deps.sh (or: go install " + Module + "@" + Version + ")"
)

// Credentials and region of the server's root user.
const (
	Access = "sgmaptestaccess"
	Secret = "sgmaptestsecret0123456789"
	Region = "us-east-1"
)

// Server is a running versitygw process.
type Server struct {
	URL  string // http://127.0.0.1:PORT
	Root string // the folder its buckets live in
	bin  string
	cmd  *exec.Cmd
	done chan struct{}
	logf *os.File
}

// Binary returns the path of the versitygw binary: $SGMAP_VERSITYGW, then
// PATH, then the Go bin folder that `go install` writes to.
func Binary() (string, error) {
	if p := os.Getenv("SGMAP_VERSITYGW"); p != "" {
		return p, nil
	}
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p, nil
	}
	dirs := []string{os.Getenv("GOBIN")}
	for _, gp := range filepath.SplitList(build.Default.GOPATH) {
		dirs = append(dirs, filepath.Join(gp, "bin"))
	}
	for _, d := range dirs {
		if d == "" {
			continue
		}
		p := filepath.Join(d, "versitygw")
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p, nil
		}
	}
	return "", errors.New("versitygw not found (on PATH, in $GOBIN or $GOPATH/bin); install it with: " + Install)
}

// Start runs a server with its buckets under root/buckets and its users
// (see [Server.User]) in root/iam, and waits until it accepts connections. It retries with another port if the chosen one was
// taken between choosing and binding.
func Start(root string) (*Server, error) {
	bin, err := Binary()
	if err != nil {
		return nil, err
	}
	for _, d := range []string{"buckets", "iam"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			return nil, err
		}
	}
	var last error
	for range 3 {
		s, err := start(bin, root)
		if err == nil {
			return s, nil
		}
		last = err
	}
	return nil, last
}

// start makes one attempt of [Start].
func start(bin, root string) (*Server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	logf, err := os.CreateTemp("", "versitygw-*.log")
	if err != nil {
		return nil, err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	cmd := exec.Command(bin, "--access", Access, "--secret", Secret, "--region", Region,
		"--port", addr, "--quiet", "--iam-dir", filepath.Join(root, "iam"), "posix", filepath.Join(root, "buckets"))
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Env = append(os.Environ(), "ROOT_ACCESS_KEY_ID=", "ROOT_SECRET_ACCESS_KEY=")
	dieWithParent(cmd)
	if err := cmd.Start(); err != nil {
		logf.Close()
		os.Remove(logf.Name())
		return nil, fmt.Errorf("start versitygw: %w", err)
	}
	s := &Server{URL: "http://" + addr, Root: filepath.Join(root, "buckets"), bin: bin, cmd: cmd, done: make(chan struct{}), logf: logf}
	go func() { cmd.Wait(); close(s.done) }()
	if err := s.waitReady(addr, 20*time.Second); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// freePort asks the kernel for a port that is free on 127.0.0.1.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitReady polls addr until it accepts a connection, the process exits
// or the time runs out.
func (s *Server) waitReady(addr string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case <-s.done:
			return fmt.Errorf("versitygw exited at start: %s", s.Log())
		default:
		}
		if c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
			c.Close()
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("versitygw did not listen on %s within %s: %s", addr, limit, s.Log())
}

// Log returns what the server printed (its last 2 KB).
func (s *Server) Log() string {
	if s.logf == nil {
		return ""
	}
	b, _ := os.ReadFile(s.logf.Name())
	if len(b) > 2048 {
		b = b[len(b)-2048:]
	}
	return strings.TrimSpace(string(b))
}

// Stop kills the server and waits for it to exit (a server borrowed from
// a parent process is left alone).
func (s *Server) Stop() {
	if s.cmd == nil {
		return
	}
	if s.cmd.Process != nil {
		s.cmd.Process.Kill()
	}
	<-s.done
	s.logf.Close()
	os.Remove(s.logf.Name())
}

// Env is the environment that aims the SDK's default configuration at the
// server, with its credentials and none from the user's files.
func (s *Server) Env() []string {
	return []string{
		"AWS_ENDPOINT_URL_S3=" + s.URL,
		"AWS_ACCESS_KEY_ID=" + Access,
		"AWS_SECRET_ACCESS_KEY=" + Secret,
		"AWS_SESSION_TOKEN=",
		"AWS_REGION=" + Region,
		"AWS_PROFILE=",
		"AWS_CONFIG_FILE=" + os.DevNull,
		"AWS_SHARED_CREDENTIALS_FILE=" + os.DevNull,
		"AWS_EC2_METADATA_DISABLED=true",
	}
}

// Setenv sets [Server.Env] for the test (so it cannot run in parallel).
func (s *Server) Setenv(t *testing.T) {
	for _, kv := range s.Env() {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
}

var buckets atomic.Int64

// Bucket creates a new empty bucket, named after the test, and returns
// its name.
func (s *Server) Bucket(t testing.TB) string {
	t.Helper()
	name := fmt.Sprintf("t%d-%d", os.Getpid(), buckets.Add(1))
	if _, err := s.Client().CreateBucket(Context(t), &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
		t.Fatalf("create bucket %s: %v", name, err)
	}
	return name
}

// User creates a user of the server with the given credentials and no
// access to other users' buckets (versitygw's "user" role), through the
// server's admin API.
func (s *Server) User(t testing.TB, access, secret string) {
	t.Helper()
	out, err := exec.Command(s.bin, "admin", "--access", Access, "--secret", Secret, "--endpoint-url", s.URL,
		"create-user", "--access", access, "--secret", secret, "--role", "user").CombinedOutput()
	if err != nil {
		t.Fatalf("create user %s: %v: %s", access, err, out)
	}
}

// Client returns an S3 client of the server's root user.
func (s *Server) Client() *s3.Client {
	return s.ClientAs(Access, Secret)
}

// ClientAs returns an S3 client aimed at the server with the given
// credentials.
func (s *Server) ClientAs(access, secret string) *s3.Client {
	return s3.New(s3.Options{
		Region:       Region,
		BaseEndpoint: aws.String(s.URL),
		UsePathStyle: true,
		Credentials:  credentials.NewStaticCredentialsProvider(access, secret, ""),
	})
}

// Main is for TestMain: it starts one server for the package in a
// temporary folder, stores it in *srv (nil, with the reason kept for
// [Need], when the binary is missing or fails), runs the tests and stops
// the server. With setEnv it also sets [Server.Env] in the process
// environment, for packages whose every AWS client is aimed at the server
// (child processes inherit it). It returns the exit code for os.Exit.
func Main(m *testing.M, srv **Server, setEnv bool) int {
	if u := os.Getenv(envURL); u != "" {
		// A child process of a test: use the parent's server, which holds
		// the buckets the parent made.
		bin, _ := Binary()
		*srv = &Server{URL: u, Root: os.Getenv(envRoot), bin: bin}
		return m.Run()
	}
	root, err := os.MkdirTemp("", "sgmap-s3-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "s3test:", err)
		return 1
	}
	defer os.RemoveAll(root)
	s, err := Start(root)
	if err != nil {
		startErr = err
	} else {
		*srv = s
		defer s.Stop()
		os.Setenv(envURL, s.URL)
		os.Setenv(envRoot, s.Root)
		if setEnv {
			for _, kv := range s.Env() {
				k, v, _ := strings.Cut(kv, "=")
				os.Setenv(k, v)
			}
		}
	}
	return m.Run()
}

// envURL and envRoot pass the server of [Main] to the test binary's child
// processes.
const (
	envURL  = "SGMAP_S3TEST_URL"
	envRoot = "SGMAP_S3TEST_ROOT"
)

// startErr is why [Main] has no server.
var startErr error

// Need stops a test that needs the server when [Main] has none: a failure
// under CI=true (CI must run the S3 tests), a skip with the install
// command elsewhere.
func Need(t testing.TB, srv *Server) {
	t.Helper()
	if srv != nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true and no S3 test server: %v", startErr)
	}
	t.Skipf("no S3 test server: %v", startErr)
}

// Context is a test context with a deadline, for calls to the server.
func Context(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}
