//go:build ignore

// attack measures the server's memory under hostile requests, so that the
// figures before and after a hardening change can be compared. Every attack
// runs against a fresh server (the binary, started in a fresh temporary
// folder on its own SQLite database, a random admin token and no rate
// limits). .bench/attack builds one or more revisions and runs this for each;
// by hand:
//
//	go build -o /tmp/ecomdash . && go run .bench/attack.go -bin /tmp/ecomdash -label worktree [-out report.md]
//
// Flags: -bin (required), -label (a name for the report), -out (also write
// the report to this file), -attacks (a comma-separated subset of attacks
// and groups, default all; the group "compare" is every comparison attack
// below, "heaviest" the heaviest-* ones), -settle (the wait before the
// second RSS reading, default 10s), -timeout (each request's, default
// 120s), -margin (MiB, default 300, see the bound below), -root (the
// working tree whose .bench/bigdb.go builds the big database, default ".").
//
// The attacks:
//
//   - huge-render-8, huge-render-16: 8 or 16 concurrent GET
//     /charts/ID.png?width=3000&height=3000&scale=3 (9000×9000 px), each on
//     a different chart from /api/charts; with fewer charts than requests the
//     ids repeat and the width drops by 1 px per repeat (3000, 2999, …) so
//     that no two requests share a render.
//   - max-allowed-8, max-allowed-16: the same at width=2000&height=2000&scale=2.
//   - gzip-upload: POST /api/admin/import?dry_run=1 with the admin token,
//     Content-Encoding: gzip and a body that inflates to 512 MiB of zeros.
//   - unauth-upload: POST /api/admin/import without a token, 10 MiB of "x".
//   - observations-145k: the database gets 145,000 more figures first
//     ("ecomdash import", timed); then, on one server, GET /api/observations,
//     GET /api/observations.csv, and 7 concurrent filtered GET
//     /api/observations, one step after the other, a row each.
//
// The comparison attacks (issue 20) run on a database of real size: the
// harness builds it once per run, timed, with `go run .bench/bigdb.go -db
// TEMPLATE` in -root (the seed plus 120 regions × 20 metrics × 61 years,
// 146,501 figures; bigdb closes it, so the WAL is checkpointed into the one
// file), and copies it into each such attack's folder as a.db before its
// server starts (an older binary migrates it as it opens it). Each attack
// sends its requests at once, no two the same URL (the metrics' order, a
// year, the focus or the width differ by request), so none is answered from
// a cache. The states are in one table, stateAttacks, with the candidates
// measured to choose the heaviest:
//
//   - compare-api-16: 16 GET /api/compare, 8 metrics × children:330000 ×
//     1960..2020 (5,368 values; the 20 MB answers).
//   - compare-page-8: 8 GET /compare, a metric × children:100000 (31
//     provinces) × 1960..2020.
//   - compare-svg-6: 6 GET /compare.svg, 8 metrics × children:330000 ×
//     periods=all, as bars, a line, derive=rank, yoy, share, a line of yoy.
//   - compare-png-8: 8 GET /compare.png, a line of 8 metrics ×
//     children:330000 × 1990..2020 at 2000×2000, scale 2.
//   - heaviest-api-16, heaviest-page-16, heaviest-svg-16, heaviest-png-16:
//     16 requests each for the heaviest states the chart limits allow (1,000
//     values, 40 series; they answer 200), images at 2000×2000, scale 2.
//
// For every step the report gives the requests, their statuses (8×200; a
// transport error or timeout counts as status 0), the count of 5xx, the
// bytes of the bodies read, the wall time, the server's RSS at idle after
// readiness, its peak RSS during the step (VmHWM from /proc/PID/status,
// reset through /proc/PID/clear_refs just before the step, so that the
// figure is the step's own peak and not the start-up's), its RSS right
// after the step and again -settle later, and a verdict: FAIL when any
// answer was a 5xx, the peak was over the bound, or the server died, pass
// otherwise. The bound, printed above the table, is the server's default
// render memory budget (RENDER_MEMORY_MB, 384) + response cache
// (RESPONSE_CACHE_MB, 64) + image cache (IMAGE_CACHE_MB, 128) + -margin:
// 876 MiB by default (the harness passes none of these settings to the
// server). Below the table come the per-request figures of the
// observations steps, transport errors, and for each server its start-up,
// for the comparison attacks their states (the first request's URL), the
// range of body sizes and times and the first refusal's body, and the
// server's log lines at level WARN or ERROR (or not a log record at all,
// such as a panic), the first 5.
//
// The server is killed (its whole process group) after its attack, on
// error and on Ctrl-C. The exit status is non-zero only when the harness
// itself fails (a server that does not start, an import or the big
// database that fails, no chart ids); failed requests and FAIL verdicts
// are results.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

const (
	readyTimeout  = 60 * time.Second
	importTimeout = 15 * time.Minute
	importRows    = 145000
	gzipInflated  = 512 << 20
	plainUpload   = 10 << 20
)

// serverEnv lists the settings the server reads; the harness's own values
// of them are dropped, so that only the ones set here apply. The Go
// runtime's settings are dropped too: they change memory use.
var serverEnv = []string{
	"ADDR", "DATABASE_URL", "ADMIN_TOKEN", "RENDER_RATE_LIMIT", "IMPORT_RATE_LIMIT",
	"LOG_LEVEL", "LOG_FORMAT", "EMBED_SIGNING_KEY", "EMBED_ALLOWED_ORIGINS", "EMBED_MAX_TTL",
	"TRUSTED_PROXIES", "PROXY_HEADER", "METRICS_TOKEN", "DATA_POLL_INTERVAL", "SHUTDOWN_TIMEOUT",
	"RENDER_MEMORY_MB", "RESPONSE_CACHE_MB", "IMAGE_CACHE_MB", "ECOMDASH_IMPORT_CHILD",
	"ECOMDASH_IMPORT_URL", "GOGC", "GOMEMLIMIT", "GODEBUG", "GOMAXPROCS",
}

// result is one request's outcome.
type result struct {
	label  string // what was asked, for the details
	status int    // 0: transport error or timeout
	bytes  int64
	dur    time.Duration
	err    error
	head   string // the start of a refused or failed answer's body (not HTML)
}

// row is one line of the table: one step of an attack.
type row struct {
	attack   string
	results  []result
	wall     time.Duration
	idle     float64 // MiB; -1 unknown
	hwm      float64
	rssAfter float64
	rssLater float64
	note     string
	details  bool // list each request below the table
}

// serverReport is what is said about one attack's server below the table.
type serverReport struct {
	attack   string
	ready    time.Duration
	startHWM float64
	logLines []string
	logTotal int
	exit     string // how it ended, when it died before the harness killed it
	extra    []string
}

type attack struct {
	name    string
	prepare func(h *harness, dir string, rep *serverReport) error // before the server starts
	run     func(h *harness, s *server, rep *serverReport) ([]row, error)
	bigDB   bool // runs on a copy of the big database (see stateAttacks)
}

var attacks = []attack{
	{name: "huge-render-8", run: renders("huge-render-8", 8, 3000, 3000, 3)},
	{name: "huge-render-16", run: renders("huge-render-16", 16, 3000, 3000, 3)},
	{name: "max-allowed-8", run: renders("max-allowed-8", 8, 2000, 2000, 2)},
	{name: "max-allowed-16", run: renders("max-allowed-16", 16, 2000, 2000, 2)},
	{name: "gzip-upload", run: gzipUpload},
	{name: "unauth-upload", run: unauthUpload},
	{name: "observations-145k", prepare: importObservations, run: observations},
}

func init() {
	for _, sa := range stateAttacks {
		attacks = append(attacks, attack{name: sa.name, prepare: copyBigDB, run: sa.attack, bigDB: true})
	}
}

// groups are names -attacks takes for several attacks at once.
var groups = map[string]func(attack) bool{
	"compare":  func(a attack) bool { return a.bigDB },
	"heaviest": func(a attack) bool { return strings.HasPrefix(a.name, "heaviest-") },
}

type harness struct {
	bin     string
	settle  time.Duration
	timeout time.Duration
	gzBody  []byte
	bigDB   []string // the big database's template: the file, and its -wal and -shm if left
}

func main() {
	bin := flag.String("bin", "", "server binary (required)")
	label := flag.String("label", "", "name of this server in the report (default: the binary's path)")
	out := flag.String("out", "", "also write the report to this file")
	only := flag.String("attacks", "", "comma-separated attacks or groups (compare, heaviest) to run (default: all)")
	settle := flag.Duration("settle", 10*time.Second, "wait before the second RSS reading after a step")
	timeout := flag.Duration("timeout", 120*time.Second, "timeout of each request")
	margin := flag.Int("margin", 300, "MiB allowed above the render memory budget and the two cache budgets before a step FAILs")
	root := flag.String("root", ".", "the working tree whose .bench/bigdb.go builds the big database")
	flag.Parse()
	if *bin == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: go run .bench/attack.go -bin PATH -label NAME [-out FILE] [-attacks a,b|compare|heaviest] [-settle 10s] [-timeout 120s] [-margin 300] [-root .]")
		os.Exit(2)
	}
	abs, err := filepath.Abs(*bin)
	if err != nil {
		fail(err)
	}
	if st, err := os.Stat(abs); err != nil || st.IsDir() {
		fail(fmt.Errorf("-bin %s: not a file", *bin))
	}
	if *label == "" {
		*label = abs
	}
	chosen, err := choose(*only)
	if err != nil {
		fail(err)
	}
	go stopOnSignal()

	h := &harness{bin: abs, settle: *settle, timeout: *timeout}
	b := bound{margin: *margin}
	if slices.ContainsFunc(chosen, func(a attack) bool { return a.name == "gzip-upload" }) {
		t0 := time.Now()
		h.gzBody = gzipZeros(gzipInflated)
		progress("gzip body: %d bytes, inflating to %d, built in %.1f s", len(h.gzBody), gzipInflated, time.Since(t0).Seconds())
	}
	var notes []string
	removeBigDB := func() {}
	if slices.ContainsFunc(chosen, func(a attack) bool { return a.bigDB }) {
		dir, err := os.MkdirTemp("", "ecomdash-attack-bigdb-")
		if err != nil {
			fail(err)
		}
		unregister := register(func() { os.RemoveAll(dir) })
		removeBigDB = func() { unregister(); os.RemoveAll(dir) }
		note, err := h.buildBigDB(*root, filepath.Join(dir, "big.db"))
		if err != nil {
			removeBigDB()
			fail(err)
		}
		notes = append(notes, note)
	}

	var rows []row
	var reps []serverReport
	failed := false
	for _, a := range chosen {
		progress("%s: %s", *label, a.name)
		rs, rep, err := h.runAttack(a)
		rows = append(rows, rs...)
		reps = append(reps, rep)
		if err != nil {
			failed = true
			fmt.Fprintf(os.Stderr, "attack: %s: %v\n", a.name, err)
		}
	}
	removeBigDB()

	report := render(*label, abs, b, h.settle, notes, rows, reps)
	fmt.Print(report)
	if *out != "" {
		if err := os.WriteFile(*out, []byte(report), 0o644); err != nil {
			fail(err)
		}
	}
	if failed {
		os.Exit(1)
	}
}

// choose returns the attacks -attacks names (all when empty), in the order
// of the list attacks, each once; a name is an attack or a group.
func choose(only string) ([]attack, error) {
	if only == "" {
		return attacks, nil
	}
	want := map[string]bool{}
	for _, n := range strings.Split(only, ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		in, isGroup := groups[n]
		found := false
		for _, a := range attacks {
			if a.name == n || (isGroup && in(a)) {
				want[a.name], found = true, true
			}
		}
		if !found {
			names := make([]string, 0, len(attacks)+len(groups))
			for _, a := range attacks {
				names = append(names, a.name)
			}
			for g := range groups {
				names = append(names, g)
			}
			slices.Sort(names)
			return nil, fmt.Errorf("unknown attack %q; attacks and groups: %s", n, strings.Join(names, ", "))
		}
	}
	var chosen []attack
	for _, a := range attacks {
		if want[a.name] {
			chosen = append(chosen, a)
		}
	}
	return chosen, nil
}

// bound is the memory a step's peak must stay under: the server's default
// budgets (the harness gives it none of RENDER_MEMORY_MB, RESPONSE_CACHE_MB
// or IMAGE_CACHE_MB) plus a margin for everything else the process holds
// (the runtime, the database, the buffers of requests in flight).
type bound struct{ margin int }

const (
	renderMemoryMB  = 384 // RENDER_MEMORY_MB's default
	responseCacheMB = 64  // RESPONSE_CACHE_MB's default
	imageCacheMB    = 128 // IMAGE_CACHE_MB's default
)

func (b bound) mib() float64 {
	return float64(renderMemoryMB + responseCacheMB + imageCacheMB + b.margin)
}

func (b bound) String() string {
	return fmt.Sprintf("%.0f MiB = render memory budget %d (RENDER_MEMORY_MB) + response cache %d (RESPONSE_CACHE_MB) + image cache %d (IMAGE_CACHE_MB) + margin %d (-margin), the server's defaults",
		b.mib(), renderMemoryMB, responseCacheMB, imageCacheMB, b.margin)
}

// verdict says whether a step stayed within the bound: FAIL when any answer
// was a 5xx, when its peak RSS was over the bound, or when the server died.
func (b bound) verdict(r row) string {
	if r.results == nil && r.hwm < 0 {
		return "—"
	}
	var why []string
	if n := count5xx(r.results); n > 0 {
		why = append(why, "5xx")
	}
	if r.hwm > b.mib() {
		why = append(why, "peak")
	}
	if strings.Contains(r.note, "exited") {
		why = append(why, "server died")
	}
	if len(why) == 0 {
		return "pass"
	}
	return "FAIL (" + strings.Join(why, ", ") + ")"
}

func count5xx(rs []result) int {
	n := 0
	for _, r := range rs {
		if r.status >= 500 {
			n++
		}
	}
	return n
}

// runAttack runs one attack on a fresh server in a fresh folder.
func (h *harness) runAttack(a attack) (rows []row, rep serverReport, err error) {
	rep.attack = a.name
	defer func() {
		if err != nil {
			rows = append(rows, row{attack: a.name, idle: -1, hwm: -1, rssAfter: -1, rssLater: -1, note: "harness failure: " + err.Error()})
		}
	}()
	dir, err := os.MkdirTemp("", "ecomdash-attack-")
	if err != nil {
		return nil, rep, err
	}
	unregister := register(func() { os.RemoveAll(dir) })
	defer func() { unregister(); os.RemoveAll(dir) }()

	if a.prepare != nil {
		if err := a.prepare(h, dir, &rep); err != nil {
			return nil, rep, err
		}
	}
	s, err := h.start(dir)
	if s != nil {
		defer func() {
			rep.exit = s.stop()
			rep.logLines, rep.logTotal = warnings(s.stderrPath)
		}()
	}
	if err != nil {
		return nil, rep, err
	}
	rep.ready = s.ready
	time.Sleep(time.Second) // let start-up work finish before the idle reading
	s.idle = rssMiB(s.pid, "VmRSS")
	rep.startHWM = rssMiB(s.pid, "VmHWM")
	rows, err = a.run(h, s, &rep)
	return rows, rep, err
}

// server is one running server process.
type server struct {
	pid        int
	base       string
	token      string
	stderrPath string
	client     *http.Client
	exited     chan struct{}
	waitErr    error
	killed     bool
	ready      time.Duration
	idle       float64
	unregister func()
}

// env returns the environment for the binary: the harness's own without the
// server's settings, plus those given.
func env(set ...string) []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if !slices.Contains(serverEnv, k) {
			out = append(out, kv)
		}
	}
	return append(out, set...)
}

func (h *harness) start(dir string) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	token := randomHex(16)
	addr := "127.0.0.1:" + strconv.Itoa(port)
	s := &server{
		base:       "http://" + addr,
		token:      token,
		stderrPath: filepath.Join(dir, "server.stderr"),
		exited:     make(chan struct{}),
	}
	stderr, err := os.Create(s.stderrPath)
	if err != nil {
		return nil, err
	}
	defer stderr.Close()
	stdout, err := os.Create(filepath.Join(dir, "server.stdout"))
	if err != nil {
		return nil, err
	}
	defer stdout.Close()
	cmd := exec.Command(h.bin)
	cmd.Dir = dir
	cmd.Env = env("ADDR="+addr, "DATABASE_URL="+filepath.Join(dir, "a.db"), "ADMIN_TOKEN=attack:"+token,
		"RENDER_RATE_LIMIT=off", "IMPORT_RATE_LIMIT=off", "LOG_LEVEL=warn")
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s.pid = cmd.Process.Pid
	s.unregister = register(func() { _ = syscall.Kill(-s.pid, syscall.SIGKILL) })
	go func() { s.waitErr = cmd.Wait(); close(s.exited) }()
	s.client = &http.Client{
		Timeout: h.timeout,
		Transport: &http.Transport{
			Proxy:               nil,
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
			DisableCompression:  true,
			MaxIdleConnsPerHost: 64,
		},
	}

	probe := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true}}
	path := "/readyz"
	for {
		resp, err := probe.Get(s.base + path)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				s.ready = time.Since(t0)
				return s, nil
			}
			if resp.StatusCode == http.StatusNotFound && path == "/readyz" {
				path = "/healthz"
				continue
			}
		}
		select {
		case <-s.exited:
			return s, fmt.Errorf("the server exited at start (%v): %s", s.waitErr, tail(s.stderrPath, 2000))
		default:
		}
		if time.Since(t0) > readyTimeout {
			return s, fmt.Errorf("no 200 from %s within %s: %s", path, readyTimeout, tail(s.stderrPath, 2000))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop kills the server's process group and says how the server had ended
// if it died before that.
func (s *server) stop() string {
	var died string
	select {
	case <-s.exited:
		died = fmt.Sprintf("the server exited by itself: %v", s.waitErr)
		if s.waitErr == nil {
			died = "the server exited by itself with status 0"
		}
	default:
	}
	_ = syscall.Kill(-s.pid, syscall.SIGKILL)
	select {
	case <-s.exited:
	case <-time.After(30 * time.Second):
	}
	s.unregister()
	if t, ok := s.client.Transport.(*http.Transport); ok {
		t.CloseIdleConnections()
	}
	return died
}

func (s *server) alive() bool {
	select {
	case <-s.exited:
		return false
	default:
		return true
	}
}

// step runs fn (the requests of one step) with VmHWM reset before it, and
// reads the memory figures after it.
func (h *harness) step(s *server, name string, fn func() []result) row {
	r := row{attack: name, idle: s.idle, hwm: -1, rssAfter: -1, rssLater: -1}
	if !s.alive() {
		r.note = "skipped: the server had exited"
		return r
	}
	if err := resetHWM(s.pid); err != nil {
		r.note = "VmHWM not reset (" + err.Error() + "): the peak includes start-up"
	}
	t0 := time.Now()
	r.results = fn()
	r.wall = time.Since(t0)
	r.hwm = rssMiB(s.pid, "VmHWM")
	r.rssAfter = rssMiB(s.pid, "VmRSS")
	if !s.alive() {
		r.note = joinNote(r.note, "the server exited during the step")
		return r
	}
	progress("  %s: %s in %.1f s, peak %.0f MiB; waiting %s", name, statuses(r.results), r.wall.Seconds(), r.hwm, h.settle)
	time.Sleep(h.settle)
	r.rssLater = rssMiB(s.pid, "VmRSS")
	if !s.alive() {
		r.note = joinNote(r.note, "the server exited after the step")
	}
	return r
}

// do sends one request and reads its body to the end, counting bytes.
func (s *server) do(label string, req *http.Request) (res result) {
	res.label = label
	t0 := time.Now()
	defer func() { res.dur = time.Since(t0) }()
	resp, err := s.client.Do(req)
	if err != nil {
		res.err = err
		return res
	}
	defer resp.Body.Close()
	var head bytes.Buffer
	var body io.Reader = resp.Body
	if resp.StatusCode >= 400 && !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		body = io.TeeReader(resp.Body, &limitedWriter{w: &head, n: 300})
	}
	res.bytes, err = io.Copy(io.Discard, body)
	res.head = strings.ToValidUTF8(head.String(), "")
	if err != nil {
		res.err = fmt.Errorf("status %d, body cut after %d bytes: %w", resp.StatusCode, res.bytes, err)
		return res
	}
	res.status = resp.StatusCode
	return res
}

// limitedWriter keeps the first n bytes written to it and drops the rest.
type limitedWriter struct {
	w io.Writer
	n int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if l.n > 0 {
		k := min(l.n, len(p))
		l.w.Write(p[:k])
		l.n -= k
	}
	return len(p), nil
}

func (s *server) get(path string) result {
	req, err := http.NewRequest(http.MethodGet, s.base+path, nil)
	if err != nil {
		return result{label: path, err: err}
	}
	return s.do("GET "+path, req)
}

// concurrently runs the requests all at once and waits for every one.
func concurrently(fns []func() result) []result {
	out := make([]result, len(fns))
	var start, done sync.WaitGroup
	start.Add(1)
	for i, fn := range fns {
		done.Add(1)
		go func() {
			defer done.Done()
			start.Wait()
			out[i] = fn()
		}()
	}
	start.Done()
	done.Wait()
	return out
}

// renders returns an attack of n concurrent PNG renders of the given size.
func renders(name string, n, width, height, scale int) func(*harness, *server, *serverReport) ([]row, error) {
	return func(h *harness, s *server, rep *serverReport) ([]row, error) {
		ids, err := chartIDs(s)
		if err != nil {
			return nil, err
		}
		rep.extra = append(rep.extra, fmt.Sprintf("%d charts in /api/charts; %d requests", len(ids), n))
		fns := make([]func() result, n)
		for i := range n {
			path := fmt.Sprintf("/charts/%s.png?width=%d&height=%d&scale=%d",
				url.PathEscape(ids[i%len(ids)]), width-i/len(ids), height, scale)
			fns[i] = func() result { return s.get(path) }
		}
		r := h.step(s, name, func() []result { return concurrently(fns) })
		return []row{r}, nil
	}
}

// chartIDs reads the ids of the charts from /api/charts: an array of
// objects with "id", or an object holding such an array.
func chartIDs(s *server) ([]string, error) {
	resp, err := s.client.Get(s.base + "/api/charts")
	if err != nil {
		return nil, fmt.Errorf("GET /api/charts: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /api/charts: status %d, %v", resp.StatusCode, err)
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return nil, fmt.Errorf("GET /api/charts: %w", err)
	}
	idsOf := func(v any) []string {
		arr, _ := v.([]any)
		var ids []string
		for _, e := range arr {
			if m, ok := e.(map[string]any); ok {
				if id, ok := m["id"].(string); ok && id != "" {
					ids = append(ids, id)
				}
			}
		}
		return ids
	}
	ids := idsOf(v)
	if m, ok := v.(map[string]any); ok && len(ids) == 0 {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if ids = idsOf(m[k]); len(ids) > 0 {
				break
			}
		}
	}
	if len(ids) == 0 {
		return nil, errors.New("GET /api/charts: no chart ids")
	}
	return ids, nil
}

func gzipUpload(h *harness, s *server, rep *serverReport) ([]row, error) {
	r := h.step(s, "gzip-upload", func() []result {
		req, err := http.NewRequest(http.MethodPost, s.base+"/api/admin/import?dry_run=1", bytes.NewReader(h.gzBody))
		if err != nil {
			return []result{{err: err}}
		}
		req.Header.Set("Authorization", "Bearer "+s.token)
		req.Header.Set("Content-Type", "text/csv")
		req.Header.Set("Content-Encoding", "gzip")
		return []result{s.do("POST /api/admin/import?dry_run=1 (gzip)", req)}
	})
	rep.extra = append(rep.extra, fmt.Sprintf("body: %d bytes of gzip, %d bytes inflated", len(h.gzBody), gzipInflated))
	return []row{r}, nil
}

func unauthUpload(h *harness, s *server, rep *serverReport) ([]row, error) {
	body := bytes.Repeat([]byte{'x'}, plainUpload)
	r := h.step(s, "unauth-upload", func() []result {
		req, err := http.NewRequest(http.MethodPost, s.base+"/api/admin/import", bytes.NewReader(body))
		if err != nil {
			return []result{{err: err}}
		}
		req.Header.Set("Content-Type", "text/csv")
		return []result{s.do("POST /api/admin/import (no token)", req)}
	})
	return []row{r}, nil
}

// importObservations writes a CSV of importRows day figures for Quzhou and
// loads it with "ecomdash import" into the database the server will use.
func importObservations(h *harness, dir string, rep *serverReport) error {
	csvPath := filepath.Join(dir, "observations.csv")
	f, err := os.Create(csvPath)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	w.WriteString("region_code,metric_code,period,value,source_id,quote\n")
	day := time.Date(1700, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 1; i <= importRows; i++ {
		fmt.Fprintf(w, "330800,online_retail_sales,%s,%d,quzhou-speech-2013,测试数据\n", day.Format(time.DateOnly), i)
		day = day.AddDate(0, 0, 1)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), importTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, h.bin, "import", csvPath)
	cmd.Dir = dir
	cmd.Env = env("DATABASE_URL="+filepath.Join(dir, "a.db"), "LOG_LEVEL=warn")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	progress("  importing %d rows", importRows)
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	unregister := register(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
	err = cmd.Wait()
	unregister()
	took := time.Since(t0)
	if err != nil {
		return fmt.Errorf("%s import: %v after %.1f s: %s", h.bin, err, took.Seconds(), tailString(out.String(), 2000))
	}
	maxRSS := "?"
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		maxRSS = fmt.Sprintf("%.1f MiB", float64(ru.Maxrss)/1024) // kB on Linux
	}
	line := fmt.Sprintf("import of %d rows (`ecomdash import FILE.csv`, %d bytes): %.1f s, max RSS of the command %s",
		importRows, fileSize(csvPath), took.Seconds(), maxRSS)
	progress("  %s", line)
	rep.extra = append(rep.extra, line)
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		rep.extra = append(rep.extra, "import says: "+strings.TrimSpace(l))
	}
	return nil
}

func observations(h *harness, s *server, rep *serverReport) ([]row, error) {
	var rows []row
	for _, p := range []string{"/api/observations", "/api/observations.csv"} {
		rows = append(rows, h.step(s, "observations-145k "+p, func() []result { return []result{s.get(p)} }))
	}
	filters := []string{
		"metric=online_retail_sales",
		"region=330800",
		"source=quzhou-speech-2013",
		"region=330800&metric=online_retail_sales",
		"metric=online_retail_sales&source=quzhou-speech-2013",
		"region=330800&source=quzhou-speech-2013",
		"region=330800,330000",
	}
	fns := make([]func() result, len(filters))
	for i, q := range filters {
		fns[i] = func() result { return s.get("/api/observations?" + q) }
	}
	r := h.step(s, "observations-145k 7 filtered /api/observations", func() []result { return concurrently(fns) })
	rows = append(rows, r)
	for i := range rows {
		rows[i].details = true
	}
	return rows, nil
}

// ---------------------------------------------------------------------------
// Comparison attacks on the big database (issue 20).
//
// They run on a copy of one database of real size, built once per harness
// run by `go run .bench/bigdb.go` (the seed plus 120 regions × 20 metrics ×
// 61 years, 146,501 figures). Each sends n requests for chart states at
// once; no two of them are the same URL, so that no answer comes from a
// cache. Change the states here: query(i) is the i-th request's query.

// m8 are the eight metrics of the attacks, all in 亿元 (one value
// axis, as in the issue).
var m8 = []string{
	"yb_gdp", "yb_retail", "yb_online_retail", "yb_rural_online_retail",
	"yb_physical_online", "yb_agri_online", "yb_ecom_trade", "yb_crossborder",
}

// r40 names 40 regions, the most a state may show: the 31 provinces
// (children:100000) and 9 of Zhejiang's 11 cities.
const r40 = "children:100000,330100,330200,330300,330400,330500,330600,330700,330800,330900"

// rotate returns the metrics, starting at the i-th, comma-separated: the
// same eight in another order, a different URL.
func rotate(ms []string, i int) string {
	i %= len(ms)
	return strings.Join(append(slices.Clone(ms[i:]), ms[:i]...), ",")
}

// large is the size of a large image, 1 px narrower for each request so
// that none shares a render: 2000×2000 at scale 2 (4000×4000 px, the
// largest the server allows).
func large(i int) string {
	return fmt.Sprintf("&width=%d&height=2000&scale=2", 2000-i)
}

// stateAttack is one comparison attack: n concurrent GETs of path?query(i).
type stateAttack struct {
	name  string
	n     int
	path  string
	query func(i int) string
	about string // what the states are, for the report
}

// The heaviest states the limits allow (at most 1,000 values, 60 bar
// categories, 120 points a line, 40 series), chosen by measuring candidates
// one request at a time on the big database. A line of one metric over the
// 40 regions of r40 and 25 years is 1,000 values in 40 series; a derived
// series (share: of the parent region's figure; yoy: growth) reads more
// figures and draws more text; labels=stated and annotate add text to
// every value. Measured (API bytes; page bytes, s; SVG bytes, s; PNG bytes,
// s at 2000×2000 scale 2), at e13e2db and, where given, at 233fffe (where a
// chart of over 100 values is drawn without labels); times are of a shared
// 2-CPU machine, noisy:
//
//	line, 8 metrics × 2 cities × 1960..2020 (976):  955 kB; 1.7 MB 2.8 s; 626 kB 1.5 s; 1.6 MB 1.9 s
//	line, 1 metric × 16 regions × 1960..2020 (976): 946 kB; 1.7 MB 2.6 s; 626 kB 1.2 s; 2.3 MB 1.7 s
//	bar, 8 metrics × r40 × 2018..2020 (960):        952 kB; 1.5 MB 2.2 s; 523 kB 1.1 s; 1.4 MB 1.3 s
//	heavyLine&derive=share (API, page):             1.97 MB; 4.05 MB 3.4-5.3 s; 1.61 MB 2.1 s; 6.8 MB 3.4-4.6 s
//	                         at 233fffe:            1.91 MB; 762 kB 0.07 s; 69 kB 0.32 s; 1.2 MB 0.5 s
//	heavyLine&derive=yoy (PNG):                     1.90 MB; 3.89 MB 6.0 s; 1.54 MB 3.4 s; 18.3 MB 3.8 s
//	                         at 233fffe:            1.85 MB; 741 kB 0.07 s; 70 kB 0.30 s; 11.6 MB 1.3 s
//	heavyBars (SVG):                                —; 3.74 MB 3.6 s; 1.48 MB 1.5 s; 5.1 MB 2.8 s
//	                         at 233fffe:            —; 752 kB 0.11 s; 275 kB 0.84 s; 720 kB 1.6 s
//
// (16 regions × 61 years with the same options weighed about as much as
// the 40 × 25 ones.) The PNG's bytes depend on the metric (the growth of a
// noisy series draws the most): yb_retail gave the largest, 18.3 MB;
// yb_rural_online_retail 5.2 MB.
const (
	heavyLine = "metrics=yb_retail&regions=" + r40 + "&periods=1996..2020&type=line&labels=stated&annotate=yb_express_volume"
	heavyBars = "metrics=yb_gdp&regions=" + r40 + "&periods=1996..2020&type=hbar&derive=share&labels=stated&annotate=yb_express_volume"
)

var stateAttacks = []stateAttack{
	// The attacks, before the limits: each state is 5,368 values
	// (11 cities × 8 metrics × 61 years) or more, so all are now refused
	// (400, quick).
	{
		name: "compare-api-16", n: 16, path: "/api/compare",
		about: "the issue's API: 8 metrics (rotated) × children:330000 × 1960..2020 or 1960..2019",
		query: func(i int) string {
			return fmt.Sprintf("metrics=%s&regions=children:330000&periods=1960..%d", rotate(m8, i), 2020-i/8)
		},
	},
	{
		name: "compare-page-8", n: 8, path: "/compare",
		about: "the issue's pages: one metric each × children:100000 (31 provinces) × 1960..2020, 1,891 values",
		query: func(i int) string {
			return fmt.Sprintf("metrics=%s&regions=children:100000&periods=1960..2020", m8[i%len(m8)])
		},
	},
	{
		name: "compare-svg-6", n: 6, path: "/compare.svg",
		about: "the issue's SVGs: 8 metrics (rotated) × children:330000 × all periods; bars, a line, rank, growth, share, growth as a line",
		query: func(i int) string {
			views := []string{"", "&type=line", "&derive=rank", "&derive=yoy", "&derive=share", "&type=line&derive=yoy"}
			return fmt.Sprintf("metrics=%s&regions=children:330000&periods=all%s", rotate(m8, i), views[i%len(views)])
		},
	},
	{
		name: "compare-png-8", n: 8, path: "/compare.png",
		about: "the issue's large PNGs: a line of 8 metrics (rotated) × children:330000 × 1990..2020 (2,728 values), 2000×2000 at scale 2",
		query: func(i int) string {
			return fmt.Sprintf("metrics=%s&regions=children:330000&periods=1990..2020&type=line%s", rotate(m8, i), large(i))
		},
	},

	// The heaviest states allowed: they answer 200. The API and the page
	// differ by the focus (a year of the range), the images by width.
	{
		name: "heaviest-api-16", n: 16, path: "/api/compare",
		about: "heavyLine with derive=share: 1 metric × 40 regions × 25 years = 1,000 values, 40 series; focus varies",
		query: func(i int) string { return fmt.Sprintf("%s&derive=share&focus=%d", heavyLine, 1996+i) },
	},
	{
		name: "heaviest-page-16", n: 16, path: "/compare",
		about: "heavyLine with derive=share: 1 metric × 40 regions × 25 years = 1,000 values, 40 series; focus varies",
		query: func(i int) string { return fmt.Sprintf("%s&derive=share&focus=%d", heavyLine, 1996+i) },
	},
	{
		name: "heaviest-svg-16", n: 16, path: "/compare.svg",
		about: "heavyBars: horizontal bars, 40 regions × 25 series (years) = 1,000 values as shares, 2000×2000 at scale 2",
		query: func(i int) string { return heavyBars + large(i) },
	},
	{
		name: "heaviest-png-16", n: 16, path: "/compare.png",
		about: "heavyLine with derive=yoy: 40 lines of growth × 25 years = 1,000 values, 2000×2000 at scale 2",
		query: func(i int) string { return heavyLine + "&derive=yoy" + large(i) },
	},
}

// attack sends the n requests at once, as one step.
func (sa stateAttack) attack(h *harness, s *server, rep *serverReport) ([]row, error) {
	paths := make([]string, sa.n)
	seen := map[string]bool{}
	for i := range paths {
		paths[i] = sa.path + "?" + sa.query(i)
		if seen[paths[i]] {
			return nil, fmt.Errorf("two requests for %s: the states must differ", paths[i])
		}
		seen[paths[i]] = true
	}
	fns := make([]func() result, sa.n)
	for i, p := range paths {
		fns[i] = func() result { return s.get(p) }
	}
	r := h.step(s, sa.name, func() []result { return concurrently(fns) })
	rep.extra = append(rep.extra, sa.about, fmt.Sprintf("the first of %d requests: `GET %s`", sa.n, paths[0]))
	if len(r.results) > 0 {
		var lo, hi int64 = -1, 0
		var fast, slow time.Duration = -1, 0
		for _, x := range r.results {
			if lo < 0 || x.bytes < lo {
				lo = x.bytes
			}
			hi = max(hi, x.bytes)
			if fast < 0 || x.dur < fast {
				fast = x.dur
			}
			slow = max(slow, x.dur)
		}
		rep.extra = append(rep.extra, fmt.Sprintf("each answer: %d to %d bytes, %.2f to %.2f s", lo, hi, fast.Seconds(), slow.Seconds()))
		for _, x := range r.results {
			if x.head != "" {
				rep.extra = append(rep.extra, fmt.Sprintf("the first answer with status %d: `%s`", x.status, strings.ReplaceAll(x.head, "`", "'")))
				break
			}
		}
	}
	return []row{r}, nil
}

// buildBigDB builds the big database into path, with `go run
// .bench/bigdb.go` in the working tree root, and keeps the files the
// comparison attacks copy. It returns a line for the report.
func (h *harness) buildBigDB(root, path string) (string, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(root, ".bench", "bigdb.go")); err != nil {
		return "", fmt.Errorf("big database: no .bench/bigdb.go in %s (run from the working tree's root, or give -root): %v", root, err)
	}
	progress("building the big database (go run .bench/bigdb.go)")
	ctx, cancel := context.WithTimeout(context.Background(), importTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "run", "./.bench/bigdb.go", "-db", path)
	cmd.Dir = root
	cmd.Env = env()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return "", fmt.Errorf("big database: go run .bench/bigdb.go: %w", err)
	}
	unregister := register(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
	err = cmd.Wait()
	unregister()
	took := time.Since(t0)
	if err != nil {
		return "", fmt.Errorf("big database: go run .bench/bigdb.go -db %s in %s failed after %.1f s (%v): %s",
			path, root, took.Seconds(), err, tailString(out.String(), 2000))
	}
	st, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("big database: bigdb.go made no %s: %v: %s", path, err, tailString(out.String(), 2000))
	}
	// bigdb.go closes the database, which checkpoints the WAL into the file
	// and removes it; should a -wal be left, it is copied with the file.
	h.bigDB = []string{path}
	left := ""
	for _, suffix := range []string{"-wal", "-shm"} {
		if fst, err := os.Stat(path + suffix); err == nil && fst.Size() > 0 {
			h.bigDB = append(h.bigDB, path+suffix)
			left += fmt.Sprintf(", %s %d bytes", suffix, fst.Size())
		}
	}
	line := fmt.Sprintf("big database (`go run .bench/bigdb.go`, built once, copied for each comparison attack): %d bytes%s, built in %.1f s; %s",
		st.Size(), left, took.Seconds(), strings.TrimSpace(out.String()))
	progress("%s", line)
	return line, nil
}

// copyBigDB copies the big database into dir as a.db (with its -wal and
// -shm, if any), for the server to open.
func copyBigDB(h *harness, dir string, rep *serverReport) error {
	if len(h.bigDB) == 0 {
		return errors.New("the big database was not built")
	}
	for _, src := range h.bigDB {
		dst := filepath.Join(dir, "a.db"+strings.TrimPrefix(src, h.bigDB[0]))
		if err := copyFile(src, dst); err != nil {
			return fmt.Errorf("copy the big database: %w", err)
		}
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// render formats the report.
func render(label, bin string, bnd bound, settle time.Duration, notes []string, rows []row, reps []serverReport) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n## Attack benchmark: %s\n\n", label)
	fmt.Fprintf(&b, "binary `%s`; %s; %d CPUs, %.1f GiB RAM; %s\n\n", bin, time.Now().Format("2006-01-02 15:04 MST"),
		runtime.NumCPU(), memTotalGiB(), "a fresh server per attack; peak = VmHWM reset just before the step")
	for _, n := range notes {
		b.WriteString(n + "\n\n")
	}
	fmt.Fprintf(&b, "Memory bound: %s. A step FAILs with any 5xx answer, a peak over the bound, or a server that died.\n\n", bnd)
	fmt.Fprintf(&b, "| attack | requests | statuses | 5xx | bytes | wall s | idle RSS MiB | peak RSS MiB (VmHWM) | RSS after MiB | RSS +%s MiB | ≤ %.0f MiB, no 5xx |\n", settle, bnd.mib())
	b.WriteString("|---|--:|---|--:|--:|--:|--:|--:|--:|--:|---|\n")
	var errs []string
	for _, r := range rows {
		var total int64
		for _, x := range r.results {
			total += x.bytes
			if x.err != nil {
				errs = append(errs, fmt.Sprintf("%s: %s: %v", r.attack, x.label, x.err))
			}
		}
		name := r.attack
		if r.note != "" {
			name += " (" + r.note + ")"
		}
		wall := "—"
		if r.results != nil {
			wall = fmt.Sprintf("%.2f", r.wall.Seconds())
		}
		fmt.Fprintf(&b, "| %s | %d | %s | %d | %d | %s | %s | %s | %s | %s | %s |\n", name, len(r.results), statuses(r.results),
			count5xx(r.results), total, wall, mib(r.idle), mib(r.hwm), mib(r.rssAfter), mib(r.rssLater), bnd.verdict(r))
	}
	var detail []string
	for _, r := range rows {
		if !r.details {
			continue
		}
		for _, x := range r.results {
			detail = append(detail, fmt.Sprintf("| %s | %d | %d | %.2f |", x.label, x.status, x.bytes, x.dur.Seconds()))
		}
	}
	if len(detail) > 0 {
		b.WriteString("\nEach request of observations-145k:\n\n| request | status | bytes | time s |\n|---|--:|--:|--:|\n")
		b.WriteString(strings.Join(detail, "\n") + "\n")
	}
	if len(errs) > 0 {
		b.WriteString("\nTransport errors (status 0):\n\n")
		for _, e := range errs {
			b.WriteString("- " + e + "\n")
		}
	}
	b.WriteString("\nServers:\n\n")
	for _, rep := range reps {
		fmt.Fprintf(&b, "- %s: ready in %.2f s, start-up VmHWM %s MiB", rep.attack, rep.ready.Seconds(), mib(rep.startHWM))
		if rep.exit != "" {
			b.WriteString("; " + rep.exit)
		}
		b.WriteString("\n")
		for _, e := range rep.extra {
			b.WriteString("  - " + e + "\n")
		}
		if rep.logTotal == 0 {
			b.WriteString("  - stderr: no WARN/ERROR lines\n")
			continue
		}
		fmt.Fprintf(&b, "  - stderr: %d WARN/ERROR (or unstructured) lines", rep.logTotal)
		if rep.logTotal > len(rep.logLines) {
			fmt.Fprintf(&b, ", the first %d", len(rep.logLines))
		}
		b.WriteString(":\n")
		for _, l := range rep.logLines {
			b.WriteString("    - `" + strings.ReplaceAll(l, "`", "'") + "`\n")
		}
	}
	return b.String()
}

// statuses summarises the statuses: "8×200", "6×200, 2×0".
func statuses(rs []result) string {
	if len(rs) == 0 {
		return "—"
	}
	count := map[int]int{}
	for _, r := range rs {
		count[r.status]++
	}
	codes := make([]int, 0, len(count))
	for c := range count {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = fmt.Sprintf("%d×%d", count[c], c)
	}
	return strings.Join(parts, ", ")
}

// warnings returns the server's stderr lines at level WARN or ERROR, and
// lines that are no log record at all (a panic, a fatal runtime error): the
// first 5, and how many there are.
func warnings(path string) ([]string, int) {
	data, err := os.ReadFile(path)
	if err != nil {
		return []string{"cannot read the server's stderr: " + err.Error()}, 1
	}
	var out []string
	n := 0
	for _, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || !notable(l) {
			continue
		}
		n++
		if len(out) < 5 {
			if len(l) > 400 {
				l = l[:400] + "…"
			}
			out = append(out, l)
		}
	}
	return out, n
}

func notable(line string) bool {
	level := ""
	var rec map[string]any
	if json.Unmarshal([]byte(line), &rec) == nil {
		level, _ = rec["level"].(string)
	} else if i := strings.Index(line, "level="); i >= 0 {
		level, _, _ = strings.Cut(line[i+len("level="):], " ")
	} else {
		return true // not a log record
	}
	level = strings.ToUpper(level)
	return strings.HasPrefix(level, "WARN") || strings.HasPrefix(level, "ERROR") || level == ""
}

// rssMiB reads a field (VmRSS, VmHWM) of /proc/PID/status in MiB; -1 when
// it cannot (the process is gone).
func rssMiB(pid int, field string) float64 {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, field+":"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			if err != nil {
				return -1
			}
			return kb / 1024
		}
	}
	return -1
}

// resetHWM sets VmHWM back to the current RSS.
func resetHWM(pid int) error {
	f, err := os.OpenFile("/proc/"+strconv.Itoa(pid)+"/clear_refs", os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	_, err = f.Write([]byte("5"))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func memTotalGiB() float64 {
	data, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, "MemTotal:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / (1 << 20)
		}
	}
	return 0
}

func mib(v float64) string {
	if v < 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f", v)
}

// gzipZeros returns the gzip of n zero bytes.
func gzipZeros(n int) []byte {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		fail(err)
	}
	chunk := make([]byte, 1<<20)
	for left := n; left > 0; left -= len(chunk) {
		if _, err := zw.Write(chunk[:min(left, len(chunk))]); err != nil {
			fail(err)
		}
	}
	if err := zw.Close(); err != nil {
		fail(err)
	}
	return buf.Bytes()
}

// Cleanups to run when the harness is interrupted: kill the servers, remove
// the folders.
var (
	cleanupMu sync.Mutex
	cleanups  = map[int]func(){}
	cleanupID int
)

func register(f func()) (unregister func()) {
	cleanupMu.Lock()
	defer cleanupMu.Unlock()
	cleanupID++
	id := cleanupID
	cleanups[id] = f
	return func() {
		cleanupMu.Lock()
		defer cleanupMu.Unlock()
		delete(cleanups, id)
	}
}

func stopOnSignal() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	sig := <-c
	cleanupMu.Lock()
	ids := make([]int, 0, len(cleanups))
	for id := range cleanups {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	slices.Reverse(ids) // servers before their folders
	for _, id := range ids {
		cleanups[id]()
	}
	cleanupMu.Unlock()
	fmt.Fprintf(os.Stderr, "attack: %v: stopped\n", sig)
	os.Exit(130)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		fail(err)
	}
	return hex.EncodeToString(b)
}

func fileSize(path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		return -1
	}
	return st.Size()
}

func tail(path string, n int) string {
	data, _ := os.ReadFile(path)
	return tailString(string(data), n)
}

func tailString(s string, n int) string {
	if len(s) > n {
		s = "…" + s[len(s)-n:]
	}
	return strings.TrimSpace(s)
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "attack: "+format+"\n", args...)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "attack:", err)
	os.Exit(1)
}
