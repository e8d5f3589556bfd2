package app

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"ecomdash/models"
	"ecomdash/models/dbtest"
)

// TestInstancesShareOneDatabase runs two app instances on one database, as
// behind a load balancer, on SQLite, PostgreSQL and MySQL: the first seeds
// it, both serve the same pages with the same ETags, and a change written
// through one reaches the other's caches within its poll interval: a
// request made to the other a poll interval after the write sees it.
func TestInstancesShareOneDatabase(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		const pollInterval = 300 * time.Millisecond
		newInstance := func() *App {
			a, err := New(Config{
				Addr: "127.0.0.1:0", DatabaseURL: databaseURL, AdminTokens: map[string]string{"admin": "tok"},
				Operations: Operations{DataPollInterval: pollInterval, ShutdownTimeout: time.Second},
			}, nil)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = a.Close(time.Second) })
			return a
		}
		a, b := newInstance(), newInstance()
		counts, err := models.CountAll(a.DB)
		if err != nil || counts.Observations < 70 {
			t.Fatalf("first instance seeded %+v (%v)", counts, err)
		}

		for _, path := range []string{"/", "/charts/express-parcels-2020", "/api/observations", "/api/regions", "/embed/dashboards/overview"} {
			sa, ha, bodyA := doGet(t, a, path)
			sb, hb, bodyB := doGet(t, b, path)
			if sa != 200 || sb != 200 || ha["Etag"] != hb["Etag"] || bodyA != bodyB {
				t.Errorf("GET %s: instances answer %d/%d with ETags %s/%s", path, sa, sb, ha["Etag"], hb["Etag"])
			}
		}
		if s, _, body := doGet(t, b, "/readyz"); s != 200 {
			t.Errorf("/readyz: %d %s", s, body)
		}

		// Rename a region through instance a's admin API.
		req := httptest.NewRequest("PUT", "/api/admin/regions/330800", strings.NewReader(
			`{"code":"330800","name_zh":"衢州市（多实例）","name_en":"Quzhou","level":"city","parent_code":"330000"}`))
		req.Header.Set("Authorization", "Bearer tok")
		req.Header.Set("Content-Type", "application/json")
		resp, err := a.Fiber.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		msg, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("rename through instance a: %d %s", resp.StatusCode, msg)
		}
		written := time.Now()
		if _, _, body := doGet(t, a, "/api/regions"); !strings.Contains(body, "衢州市（多实例）") {
			t.Error("instance a does not show its own change at once")
		}
		// Instance b trusts the data version it read for one poll interval:
		// a request made a poll interval after the write sees the change,
		// however long the machine took to get there.
		time.Sleep(time.Until(written.Add(pollInterval)))
		asked := time.Since(written)
		if _, _, body := doGet(t, b, "/api/regions"); !strings.Contains(body, "衢州市（多实例）") {
			t.Fatalf("instance b still serves the old name to a request made %v after the write (poll interval %v)", asked.Round(time.Millisecond), pollInterval)
		}
		_, _, pa := doGet(t, a, "/charts/quzhou-vs-zhejiang-online-retail-2012")
		_, _, pb := doGet(t, b, "/charts/quzhou-vs-zhejiang-online-retail-2012")
		if pa != pb || !strings.Contains(pb, "衢州市（多实例）") {
			t.Error("after the change the instances' chart pages differ")
		}

		// Both report the same data version in /readyz.
		var ra, rb struct {
			DataVersion int64 `json:"data_version"`
		}
		_, _, ja := doGet(t, a, "/readyz")
		_, _, jb := doGet(t, b, "/readyz")
		if json.Unmarshal([]byte(ja), &ra) != nil || json.Unmarshal([]byte(jb), &rb) != nil || ra.DataVersion != rb.DataVersion || ra.DataVersion < 2 {
			t.Errorf("/readyz data versions: %s / %s", bytes.TrimSpace([]byte(ja)), bytes.TrimSpace([]byte(jb)))
		}
	})
}
