package handlers

import (
	"bytes"
	"ecomdash/seed"
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// embeddedOption extracts and decodes the first chart option on a page.
func embeddedOption(t *testing.T, body []byte) map[string]any {
	t.Helper()
	m := regexp.MustCompile(`(?s)<script type="application/json" id="option-[a-z0-9-]+">(.*?)</script>`).FindSubmatch(body)
	if m == nil {
		t.Fatal("no chart option on the page")
	}
	var opt map[string]any
	if err := json.Unmarshal(m[1], &opt); err != nil {
		t.Fatal(err)
	}
	return opt
}

func TestEmbedChart(t *testing.T) {
	app, _ := newTestApp(t)
	const base = "/embed/charts/quzhou-share-of-zhejiang-2012"
	r := get(t, app, base)
	if r.status != 200 || !strings.HasPrefix(r.header["Content-Type"], "text/html") {
		t.Fatalf("%d %s", r.status, r.header["Content-Type"])
	}
	for _, want := range []string{`data-chart="quzhou-share-of-zhejiang-2012"`, "js/embed-frame.js", `data-embed-id="chart:quzhou-share-of-zhejiang-2012"`} {
		if !bytes.Contains(r.body, []byte(want)) {
			t.Errorf("embed lacks %q", want)
		}
	}
	if bytes.Contains(r.body, []byte(`class="site"`)) {
		t.Error("embed shows the site header or footer")
	}
	if r.header["Set-Cookie"] != "" {
		t.Error("embed sets a cookie")
	}
	opt := embeddedOption(t, r.body)
	if opt["title"].(map[string]any)["text"] != "衢州市各项指标占浙江省比重" || len(opt["graphic"].([]any)) == 0 {
		t.Error("default embed lacks title or source line")
	}

	dark := get(t, app, base+"?theme=dark&bg=transparent&title=0&source=0")
	if !bytes.Contains(dark.body, []byte(`class="embed theme-dark bg-transparent"`)) {
		t.Error("theme/bg classes missing")
	}
	opt = embeddedOption(t, dark.body)
	if opt["backgroundColor"] != "transparent" {
		t.Errorf("bg=transparent: backgroundColor %v", opt["backgroundColor"])
	}
	if _, ok := opt["title"]; ok {
		t.Error("title=0 kept the title")
	}
	if len(opt["graphic"].([]any)) != 0 {
		t.Error("source=0 kept the source line")
	}
}

func TestEmbedRejectsBadOptions(t *testing.T) {
	app, _ := newTestApp(t)
	for _, q := range []string{"theme=neon", "bg=red", "title=2", "source=no", "lang=en", "foo=1", "theme=%3Cscript%3Ealert(1)%3C/script%3E"} {
		r := get(t, app, "/embed/charts/express-parcels-2020?"+q)
		if r.status != 400 {
			t.Errorf("?%s: %d, want 400", q, r.status)
		}
		if bytes.Contains(r.body, []byte("<script>alert(1)")) {
			t.Errorf("?%s: the query string reached the page unescaped", q)
		}
	}
	for _, p := range []string{"/embed/charts/nope", "/embed/dashboards/nope"} {
		if r := get(t, app, p); r.status != 404 {
			t.Errorf("%s: %d, want 404", p, r.status)
		}
	}
}

func TestDashboardsPagesEmbedsAndAPI(t *testing.T) {
	app, _ := newTestApp(t)
	var list []dashboardJSON
	if err := json.Unmarshal(get(t, app, "/api/dashboards").body, &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != len(seed.Dashboards) {
		t.Fatalf("%d dashboards in the API", len(list))
	}
	for _, d := range list {
		if d.ID == "" || d.Title == "" {
			t.Errorf("dashboard without id or title: %+v", d)
		}
		for _, path := range []string{"/dashboards/" + d.ID, "/embed/dashboards/" + d.ID} {
			r := get(t, app, path)
			if r.status != 200 {
				t.Errorf("%s: %d", path, r.status)
				continue
			}
			if n := bytes.Count(r.body, []byte(`data-chart="`)); n != len(d.Charts) {
				t.Errorf("%s: %d charts, want %d", path, n, len(d.Charts))
			}
		}
	}
	if r := get(t, app, "/dashboards/nope"); r.status != 404 {
		t.Errorf("unknown dashboard: %d", r.status)
	}
}

func TestSignedEmbeds(t *testing.T) {
	key := []byte("test-signing-key")
	app, _ := newTestApp(t, func(o *Options) { o.Embed = EmbedConfig{SigningKey: key} })
	const path = "/embed/charts/express-parcels-2020?theme=dark"
	if r := get(t, app, path); r.status != 403 || !bytes.Contains(r.body, []byte("签名")) {
		t.Errorf("unsigned: %d %.100s", r.status, r.body)
	}
	good, err := SignEmbedURL(key, path, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if r := get(t, app, good); r.status != 200 {
		t.Errorf("signed: %d %.200s", r.status, r.body)
	}
	expired, _ := SignEmbedURL(key, path, time.Now().Add(-time.Second))
	if r := get(t, app, expired); r.status != 403 || !bytes.Contains(r.body, []byte("过期")) {
		t.Errorf("expired: %d", r.status)
	}
	u, _ := url.Parse(good)
	q := u.Query()
	q.Set("theme", "light") // change an option the signature covers
	if r := get(t, app, u.Path+"?"+q.Encode()); r.status != 403 {
		t.Errorf("tampered option: %d", r.status)
	}
	q = u.Query()
	q.Set("exp", "9999999999") // extend the expiry
	if r := get(t, app, u.Path+"?"+q.Encode()); r.status != 403 {
		t.Errorf("tampered exp: %d", r.status)
	}
	otherKey, _ := SignEmbedURL([]byte("another key"), path, time.Now().Add(time.Hour))
	if r := get(t, app, otherKey); r.status != 403 {
		t.Errorf("wrong key: %d", r.status)
	}
	if _, err := SignEmbedURL(key, "/charts/x", time.Now()); err == nil {
		t.Error("signing a non-embed path succeeded")
	}
	// pages that are not embeds need no signature
	if r := get(t, app, "/charts/express-parcels-2020"); r.status != 200 {
		t.Errorf("chart page with signing on: %d", r.status)
	}
}

func TestChartPageTakesTheSameViewOptions(t *testing.T) {
	app, _ := newTestApp(t)
	r := get(t, app, "/charts/express-parcels-2020?theme=dark&title=0&source=0")
	if r.status != 200 || !bytes.Contains(r.body, []byte(`<html lang="zh-CN" class="theme-dark">`)) {
		t.Fatalf("dark chart page: %d", r.status)
	}
	opt := embeddedOption(t, r.body)
	if _, ok := opt["title"]; ok {
		t.Error("title=0 kept the title on the page")
	}
	if !bytes.Contains(r.body, []byte(`href="/charts/express-parcels-2020.png?download=1&amp;plain=1&amp;theme=dark"`)) {
		t.Error("the PNG link does not carry the page's view")
	}
	if r := get(t, app, "/charts/express-parcels-2020?theme=neon"); r.status != 400 {
		t.Errorf("bad theme on the page: %d", r.status)
	}
}
