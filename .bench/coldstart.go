//go:build ignore

// coldstart measures how long the server takes from exec to its first 200
// on "/": N times on a fresh, empty database (the server creates, migrates
// and seeds it first), then N times on the database the first run seeded (a
// restart). .bench/load runs it; by hand:
//
//	go run .bench/coldstart.go -bin /tmp/ecomdash -n 5
//
// It prints each start, then two parseable lines:
//
//	COLD_RESULT kind=empty-db runs=5 median_ms=… min_ms=… max_ms=…
//	COLD_RESULT kind=seeded-db runs=5 median_ms=… min_ms=… max_ms=…
package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"time"
)

func main() {
	bin := flag.String("bin", "", "server binary (required)")
	n := flag.Int("n", 5, "starts per kind")
	limit := flag.Duration("timeout", 60*time.Second, "give up on a start after this long")
	flag.Parse()
	if *bin == "" {
		fmt.Fprintln(os.Stderr, "coldstart: -bin is required")
		os.Exit(2)
	}
	dir, err := os.MkdirTemp("", "ecomdash-coldstart-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)

	var empty, seeded []time.Duration
	for i := range *n {
		db := filepath.Join(dir, "cold-"+strconv.Itoa(i)+".db")
		d, err := start(*bin, db, *limit)
		if err != nil {
			fail(fmt.Errorf("empty-db start %d: %w", i+1, err))
		}
		fmt.Printf("start %d on an empty database: %.1f ms\n", i+1, ms(d))
		empty = append(empty, d)
	}
	reused := filepath.Join(dir, "cold-0.db")
	for i := range *n {
		d, err := start(*bin, reused, *limit)
		if err != nil {
			fail(fmt.Errorf("seeded-db start %d: %w", i+1, err))
		}
		fmt.Printf("start %d on the seeded database: %.1f ms\n", i+1, ms(d))
		seeded = append(seeded, d)
	}
	report("empty-db", empty)
	report("seeded-db", seeded)
}

// start runs the server on db and returns the time from exec to the first
// 200 on "/"; it then stops the server with SIGTERM.
func start(bin, db string, limit time.Duration) (time.Duration, error) {
	port, err := freePort()
	if err != nil {
		return 0, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	logf, err := os.Create(db + ".log")
	if err != nil {
		return 0, err
	}
	defer logf.Close()
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "ADDR="+addr, "DATABASE_URL="+db, "ADMIN_TOKEN=coldstart-token", "EMBED_SIGNING_KEY=")
	cmd.Stdout, cmd.Stderr = logf, logf
	client := &http.Client{
		Timeout:   limit,
		Transport: &http.Transport{DisableKeepAlives: true},
	}
	url := "http://" + addr + "/"
	exited := make(chan error, 1)
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	go func() { exited <- cmd.Wait() }()
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}()
	for {
		resp, err := client.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(t0), nil
			}
		}
		select {
		case err := <-exited:
			exited <- err // for the deferred stop
			log, _ := os.ReadFile(db + ".log")
			return 0, fmt.Errorf("server exited (%v) before answering: %s", err, log)
		default:
		}
		if time.Since(t0) > limit {
			return 0, errors.New("no 200 from / within " + limit.String())
		}
		time.Sleep(time.Millisecond)
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func report(kind string, ds []time.Duration) {
	s := slices.Clone(ds)
	slices.Sort(s)
	median := s[len(s)/2]
	if len(s)%2 == 0 {
		median = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	fmt.Printf("COLD_RESULT kind=%s runs=%d median_ms=%.1f min_ms=%.1f max_ms=%.1f\n", kind, len(s), ms(median), ms(s[0]), ms(s[len(s)-1]))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func fail(err error) {
	fmt.Fprintln(os.Stderr, "coldstart:", err)
	os.Exit(1)
}
