package handlers

import (
	"encoding/json"
	"fmt"
	"strconv"
	"testing"
	"time"

	"ecomdash/handlers/ratelimit"
)

func TestRenderLimitCountsRendersNotServedImages(t *testing.T) {
	fake, h, get := withFakeRenderer(t, func(o *Options) {
		o.Limits.Render = ratelimit.Rate{Events: 3, Per: time.Minute}
	})
	const chart = "/charts/quzhou-share-of-zhejiang-2012"
	for w := 400; w < 700; w += 100 {
		if r := get(fmt.Sprintf("%s.png?width=%d", chart, w)); r.status != 200 {
			t.Fatalf("render %d within the limit: %d %s", w, r.status, r.body)
		}
	}
	r := get(chart + ".png?width=800")
	if r.status != 429 {
		t.Fatalf("4th render in a minute with a limit of 3: %d, want 429", r.status)
	}
	secs, err := strconv.Atoi(r.header["Retry-After"])
	if err != nil || secs < 1 || secs > 20 {
		t.Errorf("Retry-After %q, want 1–20 s (one token per 20 s)", r.header["Retry-After"])
	}
	var body struct{ Error string }
	if json.Unmarshal(r.body, &body) != nil || body.Error == "" {
		t.Errorf("429 body is not a JSON error: %s", r.body)
	}
	// Images already drawn are still served, and revalidated, without limit.
	for range 10 {
		r := get(chart + ".png?width=400")
		if r.status != 200 {
			t.Fatalf("a cached image got %d once the render limit was reached", r.status)
		}
		if nm := get(chart+".png?width=400", "If-None-Match", r.header["Etag"]); nm.status != 304 {
			t.Fatalf("revalidating a cached image: %d", nm.status)
		}
	}
	if z := get("/export/charts.zip"); z.status != 429 {
		t.Errorf("ZIP export with the render limit used up: %d, want 429", z.status)
	}
	if got := fake.calls.Load(); got != 3 {
		t.Errorf("%d renders ran, want 3", got)
	}
	if s := h.Stats(); s.RateLimited != 2 {
		t.Errorf("Stats().RateLimited = %d, want 2", s.RateLimited)
	}
}

func TestImportLimit(t *testing.T) {
	a := newAdminApp(t)
	a.h.importLimit = ratelimit.New(ratelimit.Rate{Events: 2, Per: time.Hour})
	csv := []byte("region_code,metric_code,period,source_id,value\n")
	for i := range 2 {
		if r := a.do("POST", "/api/admin/import?dry_run=1", aliceToken, csv); r.status == 429 {
			t.Fatalf("import %d of 2 allowed was refused", i+1)
		}
	}
	r := a.do("POST", "/api/admin/import?dry_run=1", aliceToken, csv)
	if r.status != 429 || r.header["Retry-After"] == "" {
		t.Fatalf("3rd import in an hour with a limit of 2: %d, Retry-After %q", r.status, r.header["Retry-After"])
	}
}
