package app

import (
	"bytes"
	"ecomdash/seed"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// Hostile names an official (or an attacker with a stolen token) could type.
const (
	nameScript  = `</script><script>alert(1)</script>`
	nameImg     = `"><img src=x onerror=alert(1)>`
	nameFormula = `=HYPERLINK("http://x")`
	nameMarker  = `__f__alert(2)__f__`
)

// adminRename GETs one admin resource, sets field to value, and PUTs it back.
func adminRename(t *testing.T, a *App, path, field, value string) {
	t.Helper()
	var obj map[string]any
	if err := json.Unmarshal(adminJSON(t, a, "GET", path, nil, 200), &obj); err != nil {
		t.Fatal(err)
	}
	obj[field] = value
	adminJSON(t, a, "PUT", path, obj, 200)
}

func TestBrowserNamesEnteredThroughTheAdminAPIRunNowhere(t *testing.T) {
	a, err := New(Config{Addr: ":0", DatabaseURL: filepath.Join(t.TempDir(), "x.db"),
		EmbedAllowedOrigins: []string{"*"}, AdminTokens: map[string]string{"tester": "test-token"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close(0) })
	adminRename(t, a, "/api/admin/regions/330800", "name_zh", nameScript)
	adminRename(t, a, "/api/admin/regions/330000", "name_zh", nameMarker)
	adminRename(t, a, "/api/admin/metrics/online_retail_sales", "name_zh", nameImg)
	adminRename(t, a, "/api/admin/metrics/share_of_province_online_retail", "unit", `<b>%</b>`)
	adminRename(t, a, "/api/admin/sources/quzhou-speech-2013", "title", nameFormula+nameScript)

	base := serve(t, a)
	b := newBrowser(t, base)
	pages := []struct {
		path   string
		charts int
	}{
		{"/", len(seed.Charts)},
		{"/dashboards/zhejiang-quzhou", 5},
		{"/charts/quzhou-vs-zhejiang-online-retail-2012", 1},
		{"/charts/quzhou-share-of-zhejiang-2012", 1},
		{"/charts/quzhou-online-retail-2011-2012?theme=dark", 1},
		{"/embed/charts/quzhou-vs-zhejiang-online-retail-2012", 1},
		{"/embed/dashboards/zhejiang-quzhou?theme=dark&bg=transparent", 5},
		{"/regions/330800", -1}, // the profile's charts
		{"/regions", 0},
		{"/sources/quzhou-speech-2013", 0},
		{"/sources", 0},
		{"/admin", 0},
	}
	for _, p := range pages {
		states := b.loadAndMeasure(t, base+p.path)
		assertAllDrawn(t, p.path, states, p.charts)
	}
	b.assertClean(t, "pages showing hostile names")

	// the server-drawn images carry the names as text, not markup
	for _, id := range []string{"quzhou-vs-zhejiang-online-retail-2012", "quzhou-share-of-zhejiang-2012"} {
		resp, err := a.Fiber.Test(httptest.NewRequest("GET", "/charts/"+id+".svg", nil), -1)
		if err != nil {
			t.Fatal(err)
		}
		svg, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s.svg: %d", id, resp.StatusCode)
		}
		dec := xml.NewDecoder(bytes.NewReader(svg))
		var text strings.Builder
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s.svg is not well-formed XML with hostile names: %v", id, err)
			}
			if se, ok := tok.(xml.StartElement); ok && (se.Name.Local == "script" || se.Name.Local == "img" || se.Name.Local == "foreignObject") {
				t.Errorf("%s.svg contains a <%s> element", id, se.Name.Local)
			}
			if cd, ok := tok.(xml.CharData); ok {
				text.Write(cd)
			}
		}
		if !strings.Contains(text.String(), "HYPERLINK") {
			t.Errorf("%s.svg: the source title is not in its text", id)
		}
		png, err := a.Fiber.Test(httptest.NewRequest("GET", "/charts/"+id+".png?width=640&height=360&scale=1", nil), -1)
		if err != nil || png.StatusCode != 200 {
			t.Errorf("%s.png with hostile names: %v %d", id, err, png.StatusCode)
		}
	}
}
