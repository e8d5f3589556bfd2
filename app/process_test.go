package app

// Helpers for the tests that run the real server binary as a child process
// (shutdown_test.go, fault_test.go): the binary is built once per test
// process, each server gets a free loopback port and its own SQLite file, and
// every child is killed when its test ends.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// procAdminToken is the ADMIN_TOKEN of every child server (actor "admin").
const procAdminToken = "process-test-admin-token"

// procBinary is the server binary, built by procServerBinary.
var procBinary struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if procBinary.dir != "" {
		_ = os.RemoveAll(procBinary.dir)
	}
	os.Exit(code)
}

// procServerBinary builds the server (go build -o <tmp>/ecomdash . in the
// module root) once per test process and returns its path.
func procServerBinary(t *testing.T) string {
	t.Helper()
	procBinary.once.Do(func() {
		dir, err := os.MkdirTemp("", "ecomdash-test-bin-")
		if err != nil {
			procBinary.err = err
			return
		}
		procBinary.dir = dir
		bin := filepath.Join(dir, "ecomdash")
		cmd := exec.Command("go", "build", "-o", bin, ".")
		cmd.Dir = ".."
		if out, err := cmd.CombinedOutput(); err != nil {
			procBinary.err = fmt.Errorf("go build the server: %v\n%s", err, out)
			return
		}
		procBinary.path = bin
	})
	if procBinary.err != nil {
		t.Fatal(procBinary.err)
	}
	return procBinary.path
}

// skipProcessTests skips in -short mode: these tests build and run the binary.
func skipProcessTests(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the server binary")
	}
}

// tailBuffer keeps the last max bytes written to it (the server's log).
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
	max int
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if over := len(b.buf) - b.max; over > 0 {
		b.buf = append(b.buf[:0], b.buf[over:]...)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}

// procServer is one run of the server binary.
type procServer struct {
	t       *testing.T
	db      string
	base    string // http://127.0.0.1:port
	cmd     *exec.Cmd
	out     *tailBuffer
	started time.Time
	// ready is the time from exec to the first 200 on the readiness path.
	ready time.Duration

	exited chan struct{} // closed when the process has exited
	state  *os.ProcessState
	client *http.Client
}

// startServer runs the binary on the SQLite file db (created and seeded if
// missing), with env added to its environment, and waits until readyPath
// answers 200; readyPath "" means
// /readyz, or /healthz or / if this build has no /readyz. The child is
// killed when the test ends, and its log is printed if the test failed.
func startServer(t *testing.T, db, readyPath string, env ...string) *procServer {
	t.Helper()
	bin := procServerBinary(t)
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ { // another process may take the free port first
		s, err := tryStartServer(t, bin, db, readyPath, env...)
		if err == nil {
			return s
		}
		lastErr = err
		if !strings.Contains(err.Error(), "address already in use") {
			break
		}
	}
	t.Fatal(lastErr)
	return nil
}

func tryStartServer(t *testing.T, bin, db, readyPath string, env ...string) (*procServer, error) {
	port, err := procFreePort()
	if err != nil {
		return nil, err
	}
	return startServerOn(t, bin, "127.0.0.1:"+strconv.Itoa(port), db, readyPath, env...)
}

// startServerOn runs the binary bin listening on addr (host:port), as
// startServer does, and waits until readyPath answers 200. A test that
// restarts the server on the same address calls it directly.
func startServerOn(t *testing.T, bin, addr, db, readyPath string, env ...string) (*procServer, error) {
	s := &procServer{
		t: t, db: db, base: "http://" + addr,
		out:    &tailBuffer{max: 1 << 20},
		exited: make(chan struct{}),
		client: &http.Client{Timeout: waitDeadline, Transport: &http.Transport{MaxIdleConnsPerHost: 16}},
	}
	s.cmd = exec.Command(bin)
	s.cmd.Env = append(append(os.Environ(), "ADDR="+addr, "DATABASE_URL="+db, "ADMIN_TOKEN="+procAdminToken, "EMBED_SIGNING_KEY=", "METRICS_TOKEN="), env...)
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	s.started = time.Now()
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start server: %w", err)
	}
	go func() {
		_ = s.cmd.Wait()
		s.state = s.cmd.ProcessState
		close(s.exited)
	}()
	t.Cleanup(func() {
		if s.running() {
			_ = s.cmd.Process.Kill()
		}
		<-s.exited
		s.client.CloseIdleConnections()
		if t.Failed() {
			t.Logf("server %s (pid %d) log, last 4 KiB:\n%s", s.base, s.cmd.Process.Pid, lastBytes(s.out.String(), 4096))
		}
	})
	if err := s.waitReady(readyPath, waitDeadline); err != nil {
		_ = s.cmd.Process.Kill()
		<-s.exited
		return nil, err
	}
	return s, nil
}

// waitReady polls path (see startServer) on fresh connections, as poll
// does, until it answers 200, and records the time since exec in s.ready.
// It gives up when the server exits or limit has passed.
func (s *procServer) waitReady(path string, limit time.Duration) error {
	var fallbacks []string // readiness probe, liveness probe, home page
	if path == "" {
		path, fallbacks = "/readyz", []string{"/healthz", "/"}
	}
	probe := &http.Client{Timeout: limit, Transport: &http.Transport{DisableKeepAlives: true}}
	var exited error
	answered := poll(limit, func() bool {
		for {
			resp, err := probe.Get(s.base + path)
			if err != nil {
				break
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				s.ready = time.Since(s.started)
				return true
			}
			if resp.StatusCode != http.StatusNotFound || len(fallbacks) == 0 {
				break
			}
			path, fallbacks = fallbacks[0], fallbacks[1:] // an older build
		}
		if !s.running() {
			exited = fmt.Errorf("server exited (%v) before %s answered 200: %s", s.state, path, lastBytes(s.out.String(), 4096))
			return true
		}
		return false
	})
	switch {
	case exited != nil:
		return exited
	case !answered:
		return fmt.Errorf("server did not answer 200 on %s within %v: %s", path, limit, lastBytes(s.out.String(), 4096))
	}
	return nil
}

func (s *procServer) running() bool {
	select {
	case <-s.exited:
		return false
	default:
		return true
	}
}

// signal sends sig to the server.
func (s *procServer) signal(sig syscall.Signal) {
	s.t.Helper()
	if err := s.cmd.Process.Signal(sig); err != nil {
		s.t.Fatalf("send %v to the server: %v", sig, err)
	}
}

// waitExit waits up to limit for the server to exit and returns its state,
// or nil if it is still running.
func (s *procServer) waitExit(limit time.Duration) *os.ProcessState {
	select {
	case <-s.exited:
		return s.state
	case <-time.After(limit):
		return nil
	}
}

// stop sends SIGTERM and requires the server to exit with status 0.
func (s *procServer) stop() {
	s.t.Helper()
	s.signal(syscall.SIGTERM)
	st := s.waitExit(waitDeadline)
	if st == nil {
		s.t.Fatalf("server did not exit within %v of SIGTERM", waitDeadline)
	}
	if st.ExitCode() != 0 {
		s.t.Fatalf("server exited with %v after SIGTERM, want status 0", st)
	}
}

// kill sends SIGKILL and waits for the process to be gone.
func (s *procServer) kill() {
	s.t.Helper()
	s.signal(syscall.SIGKILL)
	if s.waitExit(waitDeadline) == nil {
		s.t.Fatalf("server still running %v after SIGKILL", waitDeadline)
	}
}

// do sends a request; token != "" adds the admin bearer token.
func (s *procServer) do(method, path string, body []byte, token string) (int, []byte, error) {
	req, err := http.NewRequest(method, s.base+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// getJSON GETs path, requires 200 and decodes the body into dst.
func (s *procServer) getJSON(path, token string, dst any) {
	s.t.Helper()
	status, body, err := s.do("GET", path, nil, token)
	if err != nil {
		s.t.Fatalf("GET %s: %v", path, err)
	}
	if status != http.StatusOK {
		s.t.Fatalf("GET %s: %d %.300s", path, status, body)
	}
	if err := json.Unmarshal(body, dst); err != nil {
		s.t.Fatalf("GET %s: decode: %v", path, err)
	}
}

// metric returns the value of the metric name, one without labels, on the
// server's /metrics (open: the child runs without METRICS_TOKEN), or -1
// when it cannot be read.
func (s *procServer) metric(name string) float64 {
	status, body, err := s.do("GET", "/metrics", nil, "")
	if err != nil || status != http.StatusOK {
		return -1
	}
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				return f
			}
		}
	}
	return -1
}

// procObservation is the part of an /api/observations item the tests read.
type procObservation struct {
	ID     uint    `json:"id"`
	Period string  `json:"period"`
	Value  float64 `json:"value"`
	Quote  string  `json:"quote"`
	Region struct {
		Code string `json:"code"`
	} `json:"region"`
	Metric struct {
		Code string `json:"code"`
	} `json:"metric"`
	Source struct {
		ID string `json:"id"`
	} `json:"source"`
}

// observations returns every figure the public API lists.
func (s *procServer) observations() []procObservation {
	s.t.Helper()
	var obs []procObservation
	s.getJSON("/api/observations?limit=5000", "", &obs)
	return obs
}

// procAuditEntry is an /api/admin/audit item.
type procAuditEntry struct {
	Action string `json:"action"`
	Entity string `json:"entity"`
	Key    string `json:"key"`
}

func (s *procServer) audit() []procAuditEntry {
	s.t.Helper()
	var entries []procAuditEntry
	s.getJSON("/api/admin/audit?limit=1000", procAdminToken, &entries)
	return entries
}

func procFreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func lastBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// openSQLiteFile opens a database file the server wrote, with the SQLite
// driver alone (no migrations, nothing written), closed when the test ends.
func openSQLiteFile(t *testing.T, path string) *gorm.DB {
	t.Helper()
	db, err := gorm.Open(sqlite.Open("file:"+path+"?_busy_timeout=5000"), &gorm.Config{Logger: logger.Default.LogMode(logger.Silent)})
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() {
		if sqlDB, err := db.DB(); err == nil {
			_ = sqlDB.Close()
		}
	})
	return db
}

// requireIntegrity runs PRAGMA integrity_check and requires "ok".
func requireIntegrity(t *testing.T, db *gorm.DB) {
	t.Helper()
	var rows []string
	if err := db.Raw("PRAGMA integrity_check").Scan(&rows).Error; err != nil {
		t.Fatalf("integrity_check: %v", err)
	}
	if len(rows) != 1 || rows[0] != "ok" {
		t.Fatalf("integrity_check: %q", rows)
	}
}

// countRows returns SELECT COUNT(*) FROM table.
func countRows(t *testing.T, db *gorm.DB, table string) int {
	t.Helper()
	var n int64
	if err := db.Raw("SELECT COUNT(*) FROM " + table).Scan(&n).Error; err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return int(n)
}

// requireWALCheckpointed requires the database's -wal file to be gone or
// empty: the last connection closed cleanly and checkpointed it.
func requireWALCheckpointed(t *testing.T, db string) {
	t.Helper()
	fi, err := os.Stat(db + "-wal")
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		t.Fatal(err)
	case fi.Size() != 0:
		t.Errorf("%s-wal has %d bytes after a clean exit; want it removed or empty (database not closed cleanly)", filepath.Base(db), fi.Size())
	}
}
