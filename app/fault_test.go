package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// figureKey is the reference part of a figure: an existing region, metric and
// source, so that new figures only need a new period.
type figureKey struct{ region, metric, source string }

// seedFigureKey takes the region, metric and source of the first seeded figure.
func seedFigureKey(t *testing.T, obs []procObservation) figureKey {
	t.Helper()
	if len(obs) == 0 {
		t.Fatal("no seeded observations")
	}
	return figureKey{obs[0].Region.Code, obs[0].Metric.Code, obs[0].Source.ID}
}

// dayPeriod is a day period, day n after 1000-01-01: far from any seeded one.
func dayPeriod(n int) string {
	return time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n).Format(time.DateOnly)
}

// faultWrite is one admin write a writer sent.
type faultWrite struct {
	create bool
	id     uint // the figure updated, or created (when known)
	period string
	value  float64
}

// TestSIGKILLUnderLoadKeepsCommittedWrites hammers the real binary with
// reads and admin writes, kills it with SIGKILL midway, restarts it on the
// same database, and checks that it serves again with no repair step, that
// every write that was answered 2xx is there with its value, that a write
// cut off by the kill is either all there or not at all, and that the
// database is intact.
func TestSIGKILLUnderLoadKeepsCommittedWrites(t *testing.T) {
	skipProcessTests(t)
	db := filepath.Join(t.TempDir(), "kill.db")
	s := startServer(t, db, "")
	seed := s.observations()
	key := seedFigureKey(t, seed)
	var chartIDs []struct {
		ID string `json:"id"`
	}
	s.getJSON("/api/charts", "", &chartIDs)
	if len(chartIDs) == 0 {
		t.Fatal("no charts")
	}
	readPaths := []string{"/", "/api/observations", "/charts/" + chartIDs[0].ID, "/api/charts/" + chartIDs[0].ID,
		"/embed/charts/" + chartIDs[0].ID, "/regions", "/api/observations.csv", "/sources"}

	const writers, readers = 3, 3
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var (
		wg        sync.WaitGroup
		mu        sync.Mutex            // guards failures
		committed [writers][]faultWrite // answered 2xx, in order; each writer its own
		cutOff    [writers]*faultWrite  // sent, no answer: the kill came first
		nCommits  atomic.Int64
		nReads    atomic.Int64
		failures  []string // requests answered with an unexpected status
	)
	fail := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if len(failures) < 20 {
			failures = append(failures, fmt.Sprintf(format, args...))
		}
	}
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []uint // figures this writer created
			for k := 0; ctx.Err() == nil; k++ {
				op := faultWrite{create: len(mine) == 0 || k%3 != 2, value: float64(w*1_000_000+k) + 0.25}
				method, path := "POST", "/api/admin/observations"
				if op.create {
					op.period = dayPeriod(w*20_000 + k)
				} else {
					op.id = mine[k%len(mine)]
					method, path = "PUT", "/api/admin/observations/"+strconv.FormatUint(uint64(op.id), 10)
					for _, c := range committed[w] {
						if c.id == op.id && c.create {
							op.period = c.period
						}
					}
				}
				body, _ := json.Marshal(map[string]any{
					"region_code": key.region, "metric_code": key.metric, "source_id": key.source,
					"period": op.period, "value": op.value, "quote": "SIGKILL 测试写入 " + op.period,
				})
				status, resp, err := s.do(method, path, body, procAdminToken)
				if err != nil { // the server is gone: this write may or may not have committed
					cutOff[w] = &op
					return
				}
				if status/100 != 2 {
					fail("%s %s: %d %.200s", method, path, status, resp)
					return
				}
				if op.create {
					var o procObservation
					if err := json.Unmarshal(resp, &o); err != nil || o.ID == 0 {
						fail("POST %s: bad answer %.200s", path, resp)
						return
					}
					op.id = o.ID
					mine = append(mine, o.ID)
				}
				committed[w] = append(committed[w], op) // read by others only after wg.Wait
				nCommits.Add(1)
			}
		}()
	}
	for r := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := r; ctx.Err() == nil; k++ {
				path := readPaths[k%len(readPaths)]
				status, body, err := s.do("GET", path, nil, "")
				if err != nil {
					return // killed
				}
				if status != http.StatusOK {
					fail("GET %s: %d %.200s", path, status, body)
					return
				}
				nReads.Add(1)
			}
		}()
	}

	// Load for a second (or until 700 writes: the audit API lists at most
	// 1000 entries, and the check below reads them all), and until enough
	// has been written and read.
	loadStart := time.Now()
	poll(waitDeadline, func() bool {
		return ((time.Since(loadStart) >= time.Second || nCommits.Load() >= 700) && nCommits.Load() >= 40 && nReads.Load() >= 40) ||
			len(failuresSnapshot(&mu, &failures)) > 0
	})
	if nc, nr := nCommits.Load(), nReads.Load(); nc < 40 || nr < 40 {
		cancel()
		wg.Wait()
		t.Fatalf("only %d writes and %d reads in %v; failures: %q", nc, nr, time.Since(loadStart).Round(time.Millisecond), failures)
	}
	s.kill()
	cancel()
	wg.Wait()
	for _, f := range failures {
		t.Errorf("under load, before the kill: %s", f)
	}
	var creates, updates, cut int
	for w := range writers {
		for _, c := range committed[w] {
			if c.create {
				creates++
			} else {
				updates++
			}
		}
		if cutOff[w] != nil {
			cut++
		}
	}
	t.Logf("killed after %d committed writes (%d creates, %d updates) and %d reads; %d writes cut off", creates+updates, creates, updates, nReads.Load(), cut)

	s2 := startServer(t, db, "/")
	t.Logf("restart after SIGKILL: first 200 on / %v after exec", s2.ready.Round(time.Millisecond))

	// Every figure as the restarted server lists it, by period.
	byPeriod := map[string]procObservation{}
	after := s2.observations()
	for _, o := range after {
		if o.Region.Code == key.region && o.Metric.Code == key.metric && o.Source.ID == key.source {
			byPeriod[o.Period] = o
		}
	}
	wantCount := len(seed) + creates
	for w := range writers {
		// want: the value each figure must have; maybe: another value it may
		// have instead, if the write that was cut off committed
		want := map[uint]float64{}
		periods := map[uint]string{}
		for _, c := range committed[w] {
			want[c.id] = c.value
			if c.create {
				periods[c.id] = c.period
			}
		}
		maybe := map[uint]float64{}
		if c := cutOff[w]; c != nil {
			if c.create {
				o, ok := byPeriod[c.period]
				switch {
				case !ok:
					t.Logf("writer %d: the create cut off by the kill (period %s) did not commit", w, c.period)
				case o.Value != c.value:
					t.Errorf("writer %d: the create cut off by the kill committed with value %v, want %v", w, o.Value, c.value)
				default:
					t.Logf("writer %d: the create cut off by the kill (period %s) committed whole", w, c.period)
					wantCount++
				}
			} else {
				maybe[c.id] = c.value
			}
		}
		for id, v := range want {
			var o procObservation
			s2.getJSON("/api/admin/observations/"+strconv.FormatUint(uint64(id), 10), procAdminToken, &o)
			switch {
			case o.Value == v && maybe[id] != 0:
				t.Logf("writer %d: the update of figure %d cut off by the kill did not commit", w, id)
			case o.Value == v:
			case maybe[id] != 0 && o.Value == maybe[id]:
				t.Logf("writer %d: the update of figure %d cut off by the kill committed", w, id)
			default:
				t.Errorf("writer %d: figure %d has value %v after the restart, want %v (answered 2xx before the kill)", w, id, o.Value, v)
			}
			if p, ok := periods[id]; ok && o.Period != p {
				t.Errorf("writer %d: figure %d has period %q, want %q", w, id, o.Period, p)
			}
		}
	}
	if len(after) != wantCount {
		t.Errorf("%d figures after the restart, want %d (%d seeded + %d created before the kill)", len(after), wantCount, len(seed), creates)
	}
	// every committed write is in the audit trail
	audited := map[string]int{}
	for _, e := range s2.audit() {
		if e.Entity == "observation" {
			audited[e.Action]++
		}
	}
	if audited["create"] < creates || audited["update"] < updates {
		t.Errorf("audit trail has %d creates and %d updates of figures, want at least %d and %d", audited["create"], audited["update"], creates, updates)
	}

	s2.stop()
	sdb := openSQLiteFile(t, db)
	requireIntegrity(t, sdb)
	if n := countRows(t, sdb, "observations"); n != wantCount {
		t.Errorf("%d observations in the database, want %d", n, wantCount)
	}
}

func failuresSnapshot(mu *sync.Mutex, f *[]string) []string {
	mu.Lock()
	defer mu.Unlock()
	return append([]string(nil), (*f)...)
}

// importRows is the size of the import killed midway: large enough that
// SQLite spills the open transaction into the WAL long before it commits.
const importRows = 20_000

// TestSIGKILLDuringImportIsAllOrNothing posts a large CSV to the real
// binary's admin import, kills the server with SIGKILL while the import's
// transaction is being written, restarts it, and checks that the figures
// are either all as before or all imported, never some of them.
func TestSIGKILLDuringImportIsAllOrNothing(t *testing.T) {
	skipProcessTests(t)
	db := filepath.Join(t.TempDir(), "import-kill.db")
	s := startServer(t, db, "")
	before := s.observations()
	key := seedFigureKey(t, before)

	var csv bytes.Buffer
	csv.WriteString("region_code,metric_code,period,value,source_id,quote\n")
	for k := range importRows {
		fmt.Fprintf(&csv, "%s,%s,%s,%d.5,%s,SIGKILL 测试导入第%d行\n", key.region, key.metric, dayPeriod(k), k, key.source, k)
	}
	sum := sha256.Sum256(csv.Bytes())
	digest := hex.EncodeToString(sum[:])

	walSize := func() int64 {
		fi, err := os.Stat(db + "-wal")
		if err != nil {
			return 0
		}
		return fi.Size()
	}
	walBefore := walSize()

	wrote := make(chan struct{})
	done := make(chan struct{})
	var (
		status int
		answer []byte
		reqErr error
	)
	go func() {
		defer close(done)
		req, err := http.NewRequest("POST", s.base+"/api/admin/import?file="+url.QueryEscape("sigkill.csv"), bytes.NewReader(csv.Bytes()))
		if err != nil {
			reqErr = err
			return
		}
		req.Header.Set("Authorization", "Bearer "+procAdminToken)
		req.Header.Set("Content-Type", "text/csv")
		trace := &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { close(wrote) }}
		req = req.WithContext(httptrace.WithClientTrace(req.Context(), trace))
		client := &http.Client{Timeout: waitDeadline, Transport: &http.Transport{DisableKeepAlives: true}}
		resp, err := client.Do(req)
		if err != nil {
			reqErr = err
			return
		}
		defer resp.Body.Close()
		status = resp.StatusCode
		answer, reqErr = io.ReadAll(resp.Body)
	}()
	select {
	case <-wrote:
	case <-time.After(waitDeadline):
		t.Fatalf("the import was not sent within %v", waitDeadline)
	}
	sent := time.Now()

	// The import validates every row first, then writes them in one
	// transaction; once that transaction outgrows SQLite's page cache its
	// pages spill into the WAL, uncommitted. Kill the server then.
	var grown int64
	for {
		if n := walSize(); n > walBefore {
			grown = n
			break
		}
		select {
		case <-done:
			t.Fatalf("the import finished (%d %.200s, %v) %v after it was sent, before its transaction reached the WAL: raise importRows",
				status, answer, reqErr, time.Since(sent).Round(time.Millisecond))
		default:
		}
		if time.Since(sent) > waitDeadline {
			t.Fatalf("the import's transaction did not reach the WAL within %v", waitDeadline)
		}
		time.Sleep(time.Millisecond)
	}
	s.kill()
	<-done
	answered := reqErr == nil
	t.Logf("killed %v after the import was sent, the WAL grown from %d to %d bytes; import answered: %v (status %d)",
		time.Since(sent).Round(time.Millisecond), walBefore, grown, answered, status)
	if answered && status != http.StatusOK {
		t.Fatalf("the import answered %d before the kill: %.300s", status, answer)
	}

	s2 := startServer(t, db, "/")
	t.Logf("restart after SIGKILL: first 200 on / %v after exec", s2.ready.Round(time.Millisecond))
	after := s2.observations()
	imported := 0
	for _, o := range after {
		if strings.HasPrefix(o.Quote, "SIGKILL 测试导入") {
			imported++
		}
	}
	auditedImport := false
	for _, e := range s2.audit() {
		if e.Action == "import" && e.Key == "sha256:"+digest {
			auditedImport = true
		}
	}
	switch {
	case len(after) == len(before) && imported == 0:
		t.Logf("the killed import left nothing behind (%d figures, as before)", len(after))
		if answered {
			t.Errorf("the import was answered 200 before the kill, but its figures are gone")
		}
		if auditedImport {
			t.Errorf("the audit trail records an import whose figures are not there")
		}
	case len(after) == len(before)+importRows && imported == importRows:
		t.Logf("the import had committed before the kill (%d figures)", len(after))
		if !auditedImport {
			t.Errorf("the import's figures are there but the audit trail does not record it")
		}
	default:
		t.Fatalf("%d figures after the restart (%d of them imported), want %d (none imported) or %d (all imported)",
			len(after), imported, len(before), len(before)+importRows)
	}

	s2.stop()
	sdb := openSQLiteFile(t, db)
	requireIntegrity(t, sdb)
	if n := countRows(t, sdb, "observations"); n != len(after) {
		t.Errorf("%d observations in the database, the server listed %d", n, len(after))
	}
}
