package handlers

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"ecomdash/handlers/ratelimit"
)

// TestEveryRouteRejectsUnknownAndRepeatedParameters: each route names the
// query parameters it takes; junk (which would also make cache entries) and
// a parameter given twice are 400 naming it, on pages and API alike.
func TestEveryRouteRejectsUnknownAndRepeatedParameters(t *testing.T) {
	a := newAdminApp(t)
	for _, path := range []string{
		"/", "/regions", "/regions/330800", "/sources", "/sources/quzhou-speech-2013", "/dashboards/overview",
		"/charts/express-parcels-2020", "/embed/charts/express-parcels-2020", "/embed/dashboards/overview",
		"/charts/express-parcels-2020.png", "/charts/express-parcels-2020.svg", "/export/charts.zip",
		"/api/regions", "/api/metrics", "/api/sources", "/api/observations", "/api/observations.csv",
		"/api/dashboards", "/api/charts", "/api/charts/express-parcels-2020", "/api/charts/express-parcels-2020.csv",
		"/healthz", "/readyz", "/favicon.ico", "/admin",
	} {
		r := get(t, a.app, path+"?zz=1")
		if r.status != 400 || !bytes.Contains(r.body, []byte(`zz`)) {
			t.Errorf("%s?zz=1: %d %.100s, want 400 naming zz", path, r.status, r.body)
		}
	}
	if r := a.as("GET", "/api/admin/sources?zz=1", nil); r.status != 400 {
		t.Errorf("admin list with junk: %d", r.status)
	}
	for _, path := range []string{
		"/charts/express-parcels-2020.png?width=3000&width=320", "/charts/express-parcels-2020?theme=dark&theme=light",
		"/api/observations?region=330800&region=330000", "/embed/charts/express-parcels-2020?title=0&title=1",
	} {
		if r := get(t, a.app, path); r.status != 400 || !bytes.Contains(r.body, []byte("重复")) {
			t.Errorf("%s: %d %.100s, want 400 for the repeated parameter", path, r.status, r.body)
		}
	}
	_, _, entries, _, _ := a.h.responses.Stats()
	if entries != 0 {
		t.Errorf("refused requests made %d cache entries", entries)
	}
}

// TestRequestBodiesArePolicedBeforeTheHandlers: a compressed body (a small
// gzip can hold gigabytes) is 415 before anything expands it; a body on a
// method that takes none is 400.
func TestRequestBodiesArePolicedBeforeTheHandlers(t *testing.T) {
	a := newAdminApp(t)
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	_, _ = zw.Write(bytes.Repeat([]byte{0}, 32<<20)) // 32 MiB of zeros, 32 KiB on the wire
	_ = zw.Close()
	r := a.do("POST", "/api/admin/import?dry_run=1", aliceToken, zipped.Bytes(), "Content-Type", "text/csv", "Content-Encoding", "gzip")
	if r.status != 415 || !bytes.Contains(r.body, []byte("compressed")) {
		t.Errorf("gzip upload: %d %.100s, want 415", r.status, r.body)
	}
	for _, path := range []string{"/healthz", "/api/observations", "/charts/express-parcels-2020.png"} {
		req := httptest.NewRequest("GET", path, strings.NewReader("some body"))
		resp, err := a.app.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != 400 {
			t.Errorf("GET %s with a body: %d, want 400", path, resp.StatusCode)
		}
	}
}

// TestAdminPreflightIsNotAFailedLogin: CORS preflights carry no token; they
// must not lock the administrator out.
func TestAdminPreflightIsNotAFailedLogin(t *testing.T) {
	a := newAdminApp(t)
	for range authFailLimit + 5 {
		if r := a.do("OPTIONS", "/api/admin/sources", "", nil, "Origin", "https://portal.example", "Access-Control-Request-Method", "PUT"); r.status != 204 || r.header["Access-Control-Allow-Origin"] != "" {
			t.Fatalf("preflight: %d %v, want 204 with no CORS grant", r.status, r.header)
		}
	}
	if r := a.as("GET", "/api/admin/sources", nil); r.status != 200 {
		t.Errorf("after %d preflights the right token gets %d", authFailLimit+5, r.status)
	}
}

// TestObservationsArePaged: limit and offset page the answer; the total and
// the other pages are in the headers; the pages add up to the whole.
func TestObservationsArePaged(t *testing.T) {
	app, _ := newTestApp(t)
	all := decodeList(t, get(t, app, "/api/observations"))
	total := len(all)
	if total < 20 {
		t.Fatalf("%d figures", total)
	}
	var paged []map[string]any
	next := "/api/observations?limit=20"
	for pages := 0; next != ""; pages++ {
		if pages > total {
			t.Fatal("the Link header never ends")
		}
		r := get(t, app, next)
		if r.status != 200 || r.header["X-Total-Count"] != strconv.Itoa(total) {
			t.Fatalf("%s: %d, X-Total-Count %q, want %d", next, r.status, r.header["X-Total-Count"], total)
		}
		page := decodeList(t, r)
		if len(page) > 20 {
			t.Fatalf("%s: %d figures on a page of 20", next, len(page))
		}
		paged = append(paged, page...)
		next = linkRel(r.header["Link"], "next")
	}
	if len(paged) != total || fmt.Sprint(paged) != fmt.Sprint(all) {
		t.Errorf("the pages hold %d figures, not the %d of the whole, in order", len(paged), total)
	}
	r := get(t, app, "/api/observations?region=330800&limit=5&offset=5")
	if !strings.Contains(r.header["Link"], `rel="prev"`) || !strings.Contains(r.header["Link"], "region=330800") {
		t.Errorf("Link %q: want prev, keeping the filter", r.header["Link"])
	}
	for _, q := range []string{"limit=0", "limit=5001", "limit=x", "offset=-1"} {
		if r := get(t, app, "/api/observations?"+q); r.status != 400 {
			t.Errorf("%s: %d, want 400", q, r.status)
		}
	}
}

func decodeList(t *testing.T, r response) []map[string]any {
	t.Helper()
	var v []map[string]any
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("decode %.200s: %v", r.body, err)
	}
	return v
}

// linkRel returns the URL of rel in a Link header, or "".
func linkRel(header, rel string) string {
	for _, part := range strings.Split(header, ",") {
		target, params, ok := strings.Cut(strings.TrimSpace(part), ";")
		if ok && strings.Contains(params, `rel="`+rel+`"`) {
			return strings.Trim(target, "<>")
		}
	}
	return ""
}

// TestZIPRefusesRepeatedIdsAndPaysPerRender: a repeated id is a 400; the
// pack costs one render token per image it has to draw.
func TestZIPRefusesRepeatedIdsAndPaysPerRender(t *testing.T) {
	fake, _, get := withFakeRenderer(t, func(o *Options) {
		o.Limits.Render = ratelimit.Rate{Events: 5, Per: time.Hour}
	})
	if r := get("/export/charts.zip?ids=express-parcels-2020,express-parcels-2020"); r.status != 400 || !bytes.Contains(r.body, []byte("重复")) {
		t.Errorf("repeated id: %d %.100s", r.status, r.body)
	}
	// two charts, PNG and SVG: 4 of the 5 tokens
	if r := get("/export/charts.zip?ids=express-parcels-2020,township-express-coverage-2020"); r.status != 200 || fake.calls.Load() != 4 {
		t.Fatalf("first pack: %d, %d renders", r.status, fake.calls.Load())
	}
	// the same pack again draws nothing and costs one token
	if r := get("/export/charts.zip?ids=express-parcels-2020,township-express-coverage-2020"); r.status != 200 {
		t.Fatalf("cached pack: %d", r.status)
	}
	// two more charts need 4 renders; 0 tokens are left
	if r := get("/export/charts.zip?ids=quzhou-share-of-zhejiang-2012,jiading-ecommerce-2020"); r.status != 429 || r.header["Retry-After"] == "" {
		t.Errorf("a pack of 4 renders with no tokens left: %d, want 429", r.status)
	}
}

// TestImageSizeBoundAndBusyRenderer: a PNG side over 4000 px is a 400
// explaining the bound; a renderer at its memory budget (or refusing a
// render that could not finish in time) is a 503 with Retry-After, not a
// 500; a render refused by its size is a 400.
func TestImageSizeBoundAndBusyRenderer(t *testing.T) {
	fake, _, get := withFakeRenderer(t)
	for _, q := range []string{"width=3000&height=675&scale=2", "width=1400&height=2000&scale=3"} {
		if r := get("/charts/express-parcels-2020.png?" + q); r.status != 400 || !bytes.Contains(r.body, []byte("4000")) {
			t.Errorf("%s: %d %.120s, want 400 naming the 4000 px bound", q, r.status, r.body)
		}
	}
	if r := get("/charts/express-parcels-2020.png?width=2000&height=1125&scale=2"); r.status != 200 {
		t.Errorf("4000×2250: %d", r.status)
	}
	fake.busy.Store(true)
	r := get("/charts/express-parcels-2020.png?width=800&height=450")
	if r.status != 503 || r.header["Retry-After"] == "" || !strings.HasPrefix(r.header["Content-Type"], "application/json") {
		t.Errorf("busy renderer: %d Retry-After %q %.100s, want 503 with Retry-After", r.status, r.header["Retry-After"], r.body)
	}
	fake.busy.Store(false)
	if r := get("/charts/express-parcels-2020.png?width=800&height=450"); r.status != 200 {
		t.Errorf("after the renderer frees up: %d (a 503 must not be cached)", r.status)
	}
	// a render the renderer refuses by its size is the request's fault
	fake.tooLarge.Store(true)
	r = get("/compare.svg?metrics=online_retail_sales&regions=330800&width=801")
	if r.status != 400 || !bytes.Contains(r.body, []byte("请减小宽度、高度或倍数")) {
		t.Errorf("a render refused by its size: %d %.200s, want 400 saying what to reduce", r.status, r.body)
	}
}

// TestSignedEmbedLifetimeAndAdminSigning: an exp beyond the maximum
// lifetime is refused; the admin API signs paths for the embed dialog,
// which pages then mark as needing a signature.
func TestSignedEmbedLifetimeAndAdminSigning(t *testing.T) {
	key := []byte("test-signing-key")
	app, _ := newTestApp(t, func(o *Options) {
		o.Embed = EmbedConfig{SigningKey: key, MaxTTL: 48 * time.Hour}
		o.AdminTokens = map[string]string{"alice": aliceToken}
	})
	const path = "/embed/charts/express-parcels-2020?theme=dark"
	for expires, want := range map[time.Time]int{
		time.Now().Add(time.Hour): 200, time.Now().Add(47 * time.Hour): 200,
		time.Now().Add(49 * time.Hour): 403, time.Now().AddDate(292000, 0, 0): 403, // "the year 292 billion" in spirit
	} {
		signed, err := SignEmbedURL(key, path, expires)
		if err != nil {
			t.Fatal(err)
		}
		if r := get(t, app, signed); r.status != want {
			t.Errorf("signed until %v: %d, want %d", expires, r.status, want)
		}
	}
	req := httptest.NewRequest("POST", "/api/admin/embed-url", strings.NewReader(`{"path":"`+path+`"}`))
	req.Header.Set("Authorization", "Bearer "+aliceToken)
	resp, err := app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	var signed struct {
		URL    string `json:"url"`
		Signed bool   `json:"signed"`
	}
	if resp.StatusCode != 200 || json.Unmarshal(body, &signed) != nil || !signed.Signed {
		t.Fatalf("embed-url: %d %s", resp.StatusCode, body)
	}
	if u, _ := url.Parse(signed.URL); u == nil || u.Query().Get("theme") != "dark" {
		t.Errorf("signed URL %q lost the options", signed.URL)
	}
	if r := get(t, app, signed.URL); r.status != 200 {
		t.Errorf("the admin-signed URL: %d", r.status)
	}
	page := get(t, app, "/charts/express-parcels-2020")
	if !bytes.Contains(page.body, []byte(`data-embed-signed="1"`)) || !bytes.Contains(page.body, []byte("embed-signed-note")) {
		t.Error("the chart page does not tell the embed dialog that embeds must be signed")
	}
}

// TestJSONBodyThatIsNotUTF8IsRefused: json would turn invalid bytes into
// U+FFFD silently; the write is refused instead.
func TestJSONBodyThatIsNotUTF8IsRefused(t *testing.T) {
	a := newAdminApp(t)
	body := []byte(`{"code":"330171","name_zh":"杭州` + "\xff\xfe" + `","level":"city","parent_code":"330000"}`)
	if r := a.do("POST", "/api/admin/regions", aliceToken, body); r.status != 422 || !bytes.Contains(r.body, []byte("UTF-8")) {
		t.Errorf("invalid UTF-8 body: %d %.120s, want 422", r.status, r.body)
	}
	if r := a.as("GET", "/api/admin/regions/330171", nil); r.status != 404 {
		t.Errorf("the refused region exists: %d", r.status)
	}
}
