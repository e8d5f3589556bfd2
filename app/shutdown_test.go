package app

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"net/http/httptrace"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestGracefulShutdownFinishesInFlightRequests runs the real binary, starts
// a slow request (the chart ZIP on a cold cache renders every chart image,
// about a second on an idle machine), signals the server while it is in
// flight, and checks
// that the request still completes, that new connections are refused
// meanwhile, that the process exits 0, and that SQLite was closed cleanly.
func TestGracefulShutdownFinishesInFlightRequests(t *testing.T) {
	skipProcessTests(t)
	for _, tc := range []struct {
		name string
		sig  syscall.Signal
	}{{"SIGTERM", syscall.SIGTERM}, {"SIGINT", syscall.SIGINT}} {
		t.Run(tc.name, func(t *testing.T) { testGracefulShutdown(t, tc.sig) })
	}
}

// zipResult is the outcome of the in-flight export.
type zipResult struct {
	status int
	body   []byte
	err    error
}

func testGracefulShutdown(t *testing.T, sig syscall.Signal) {
	db := filepath.Join(t.TempDir(), "shutdown.db")
	// the shutdown waits as long as the tests wait for anything: the export
	// may take many seconds on a busy machine, and must still finish
	s := startServer(t, db, "", "SHUTDOWN_TIMEOUT="+waitDeadline.String())

	// The slow request, on its own connection.
	wrote := make(chan struct{})
	done := make(chan struct{})
	var res zipResult
	go func() {
		defer close(done)
		trace := &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { close(wrote) }}
		req, err := http.NewRequest("GET", s.base+"/export/charts.zip", nil)
		if err != nil {
			res.err = err
			return
		}
		req = req.WithContext(httptrace.WithClientTrace(req.Context(), trace))
		client := &http.Client{Timeout: waitDeadline, Transport: &http.Transport{DisableKeepAlives: true}}
		resp, err := client.Do(req)
		if err != nil {
			res.err = err
			return
		}
		defer resp.Body.Close()
		res.status = resp.StatusCode
		res.body, res.err = io.ReadAll(resp.Body)
	}()
	select {
	case <-wrote:
	case <-time.After(waitDeadline):
		t.Fatalf("the export request was not sent within %v", waitDeadline)
	}
	finished := func() bool {
		select {
		case <-done:
			return true
		default:
			return false
		}
	}
	// the server has read it and is rendering once two requests are in
	// flight: the export and the one asking
	waitFor(t, "the server to be answering the export", waitDeadline, func() bool {
		return s.metric("ecomdash_http_requests_in_flight") >= 2 || finished()
	})
	if finished() {
		t.Fatalf("the export finished (status %d, err %v) before it was seen in flight: too fast to be in flight at the signal", res.status, res.err)
	}

	signalled := time.Now()
	s.signal(sig)

	// New connections: a few may still be accepted while the signal is being
	// handled; after the first refusal none may get a 200, and that refusal
	// must come while the export is still being served.
	fresh := &http.Client{Timeout: waitDeadline, Transport: &http.Transport{DisableKeepAlives: true}}
	accepted := func() bool {
		resp, err := fresh.Get(s.base + "/healthz")
		if err != nil {
			return false
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}
	var refusedAt time.Time
	inFlightAtRefusal := false
	waitFor(t, "new connections to be refused after the signal", waitDeadline, func() bool {
		if accepted() {
			return false
		}
		refusedAt, inFlightAtRefusal = time.Now(), !finished()
		return true
	})
	t.Logf("%v: new connections refused %v after the signal", sig, refusedAt.Sub(signalled).Round(time.Millisecond))
	if !inFlightAtRefusal {
		t.Errorf("the export had already finished when new connections were first refused: the listener was not closed at the start of the shutdown")
	}
	for range 5 {
		time.Sleep(20 * time.Millisecond)
		if accepted() {
			t.Fatal("a new connection got 200 after connections had been refused")
		}
	}

	select {
	case <-done:
	case <-time.After(waitDeadline):
		t.Fatalf("the in-flight export did not finish within %v of the signal", waitDeadline)
	}
	if res.err != nil {
		t.Fatalf("the in-flight export failed: %v", res.err)
	}
	if res.status != http.StatusOK {
		t.Fatalf("the in-flight export answered %d: %.300s", res.status, res.body)
	}
	requireValidChartZIP(t, res.body)

	st := s.waitExit(waitDeadline)
	if st == nil {
		t.Fatalf("the server had not exited %v after %v", waitDeadline, sig)
	}
	t.Logf("%v: exited %v after the signal: %v", sig, time.Since(signalled).Round(time.Millisecond), st)
	if st.ExitCode() != 0 {
		t.Fatalf("the server exited with %v after %v, want status 0", st, sig)
	}
	if !strings.Contains(s.out.String(), "shutting down") {
		t.Errorf("the server did not log its shutdown")
	}

	requireWALCheckpointed(t, db)
	sdb := openSQLiteFile(t, db)
	requireIntegrity(t, sdb)
	if n := countRows(t, sdb, "observations"); n == 0 {
		t.Error("no observations in the database after the shutdown")
	}
}

// requireValidChartZIP checks an /export/charts.zip body: a readable ZIP
// (every entry's CRC checked) with PNG and SVG images and sources.txt.
func requireValidChartZIP(t *testing.T, body []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("the export is not a ZIP (%d bytes): %v", len(body), err)
	}
	var png, svg, sources int
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("zip entry %s: %v", f.Name, err)
		}
		data, err := io.ReadAll(rc) // checks the CRC
		rc.Close()
		if err != nil {
			t.Fatalf("zip entry %s: %v", f.Name, err)
		}
		switch {
		case strings.HasSuffix(f.Name, ".png"):
			if !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
				t.Errorf("zip entry %s is not a PNG", f.Name)
			}
			png++
		case strings.HasSuffix(f.Name, ".svg"):
			if !bytes.Contains(data[:min(len(data), 512)], []byte("<svg")) {
				t.Errorf("zip entry %s is not an SVG", f.Name)
			}
			svg++
		case f.Name == "sources.txt":
			sources++
		}
	}
	if png == 0 || png != svg || sources != 1 {
		t.Errorf("the export holds %d PNG, %d SVG and %d sources.txt; want as many PNG as SVG, and one sources.txt", png, svg, sources)
	}
}
