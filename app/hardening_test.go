package app

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// procStatusKiB reads a field of /proc/PID/status (VmHWM, VmRSS) in KiB.
func procStatusKiB(t *testing.T, pid int, field string) int {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return n
		}
	}
	t.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}

// TestConcurrentMaximumRendersStayWithinTheMemoryBudget sends eight
// concurrent renders of the largest PNG allowed (4000 px wide) to the real
// server with a 128 MiB drawing budget: every one answers 200 (they wait
// their turn), the process's peak RSS stays within what it used before plus
// the budget and a margin, and after the burst the buffers go back.
func TestConcurrentMaximumRendersStayWithinTheMemoryBudget(t *testing.T) {
	skipProcessTests(t)
	const budgetMiB, marginMiB = 128, 160
	s := startServer(t, filepath.Join(t.TempDir(), "mem.db"), "", "RENDER_MEMORY_MB="+strconv.Itoa(budgetMiB), "RENDER_RATE_LIMIT=off")
	pid := s.cmd.Process.Pid
	var charts []struct{ ID string }
	s.getJSON("/api/charts", "", &charts)
	client := &http.Client{Timeout: time.Minute}
	get := func(path string) int {
		resp, err := client.Get(s.base + path)
		if err != nil {
			t.Errorf("GET %s: %v", path, err)
			return 0
		}
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode
	}
	if len(charts) < 8 {
		t.Fatalf("%d charts", len(charts))
	}
	// start the renderer and have every JS VM draw (the VMs are most of
	// the steady-state memory), with small images
	var warm sync.WaitGroup
	for i := range 8 {
		warm.Add(1)
		go func() {
			defer warm.Done()
			if st := get("/charts/" + charts[i].ID + ".svg?width=2000&height=1125"); st != 200 {
				t.Errorf("warm-up render: %d", st)
			}
		}()
	}
	warm.Wait()
	before := procStatusKiB(t, pid, "VmHWM") / 1024
	var wg sync.WaitGroup
	statuses := make([]int, 8)
	started := time.Now()
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = get("/charts/" + charts[i].ID + ".png?width=2000&height=1125&scale=2")
		}()
	}
	wg.Wait()
	elapsed := time.Since(started)
	peak := procStatusKiB(t, pid, "VmHWM") / 1024
	for i, st := range statuses {
		if st != 200 {
			t.Errorf("render %d: %d, want 200 (renders beyond the budget wait their turn)", i, st)
		}
	}
	t.Logf("8 renders of 4000×2250 in %v; peak RSS %d MiB (%d MiB before the burst, budget %d MiB)", elapsed.Round(time.Millisecond), peak, before, budgetMiB)
	if limit := before + budgetMiB + marginMiB; peak > limit {
		t.Errorf("peak RSS %d MiB over %d MiB (before %d + budget %d + margin %d)", peak, limit, before, budgetMiB, marginMiB)
	}
	var rss int
	if poll(waitDeadline, func() bool {
		rss = procStatusKiB(t, pid, "VmRSS") / 1024
		return rss <= before+marginMiB/2
	}) {
		t.Logf("RSS back to %d MiB %v after the burst", rss, time.Since(started.Add(elapsed)).Round(time.Millisecond))
	} else {
		t.Errorf("RSS still %d MiB %v after the burst (before: %d MiB)", rss, waitDeadline, before)
	}
}

// TestUnauthenticatedUploadIsRefusedBeforeItsBodyIsRead: an admin upload
// without a token is answered 401 from its headers while the client is
// still sending, and the connection closes; the server never holds the body.
func TestUnauthenticatedUploadIsRefusedBeforeItsBodyIsRead(t *testing.T) {
	skipProcessTests(t)
	s := startServer(t, filepath.Join(t.TempDir(), "up.db"), "")
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/admin/import HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: %d\r\n\r\n", 8<<20)
	if _, err := conn.Write(make([]byte, 16<<10)); err != nil { // a start, as a client would send it
		t.Fatal(err)
	}
	// without the body the server has no reason to wait: an answer is due
	// at once, and the deadline is only a safety net
	_ = conn.SetReadDeadline(time.Now().Add(waitDeadline))
	rd := bufio.NewReader(conn)
	resp, err := http.ReadResponse(rd, nil)
	if err != nil {
		t.Fatalf("no answer while the body is unsent: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 401 || !resp.Close {
		t.Errorf("%d (close %v) %s, want 401 and the connection closed", resp.StatusCode, resp.Close, body)
	}
}

// TestForwardedForIsReadFromTheRight: behind a trusted proxy that appends
// to X-Forwarded-For, a client that rotates the part it writes itself is
// still one client to the failed-login limit; another client is not.
func TestForwardedForIsReadFromTheRight(t *testing.T) {
	cfg := Config{
		Addr: "127.0.0.1:0", DatabaseURL: filepath.Join(t.TempDir(), "xff.db"),
		AdminTokens: map[string]string{"admin": "right-token"},
		Operations:  Operations{TrustedProxies: []string{"127.0.0.1"}, ProxyHeader: "X-Forwarded-For", ShutdownTimeout: time.Second},
	}
	a, err := New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close(time.Second)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = a.Fiber.Listener(ln) }()
	try := func(forwarded, token string) int {
		req, _ := http.NewRequest("GET", "http://"+ln.Addr().String()+"/api/admin/sources", nil)
		req.Header.Set("X-Forwarded-For", forwarded)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for i := range 10 {
		if st := try(fmt.Sprintf("10.9.9.%d, 203.0.113.7", i), "guess"); st != 401 {
			t.Fatalf("guess %d: %d", i+1, st)
		}
	}
	if st := try("10.9.9.200, 203.0.113.7", "guess"); st != 429 {
		t.Errorf("11th guess with a fresh forged prefix: %d, want 429 (the client is 203.0.113.7)", st)
	}
	if st := try("203.0.113.8", "right-token"); st != 200 {
		t.Errorf("another client: %d, want 200", st)
	}
}

// TestServerSetsAMemoryLimitFromItsBudgets: the server sets the Go runtime's
// soft memory limit to its drawing budget, its two caches and a fixed
// headroom, from the settings that size them; a GOMEMLIMIT the operator set
// stands instead.
func TestServerSetsAMemoryLimitFromItsBudgets(t *testing.T) {
	skipProcessTests(t)
	const mib = 1 << 20
	for _, c := range []struct {
		env  []string
		want float64
	}{
		{[]string{"GOMEMLIMIT="}, (384 + 64 + 128 + 128) * mib}, // unset, whatever the test's environment holds
		{[]string{"GOMEMLIMIT=", "RENDER_MEMORY_MB=100", "RESPONSE_CACHE_MB=16", "IMAGE_CACHE_MB=32"}, (100 + 16 + 32 + 128) * mib},
		{[]string{"RENDER_MEMORY_MB=100", "GOMEMLIMIT=1GiB"}, 1 << 30},
	} {
		s := startServer(t, filepath.Join(t.TempDir(), "limit.db"), "", c.env...)
		if got := s.metric("go_gc_gomemlimit_bytes"); got != c.want {
			t.Errorf("%v: memory limit %.0f MiB, want %.0f MiB", c.env, got/mib, c.want/mib)
		}
		s.stop()
	}
}
