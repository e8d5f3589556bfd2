//go:build ignore

// snapshot records every output of a running, freshly seeded server, so that
// the outputs of two revisions can be compared byte for byte (a refactor must
// change no output). .bench/snapshot builds a revision, starts it on a fresh
// database and runs this; by hand, against a server started with
// ADMIN_TOKEN=snap:TOKEN RENDER_RATE_LIMIT=off IMPORT_RATE_LIMIT=off on an
// empty database:
//
//	go run .bench/snapshot.go -base http://127.0.0.1:PORT -token TOKEN -out DIR
//
// It crawls pages, static assets, the JSON and CSV API, chart images, embeds,
// dashboards, region and source pages, the admin API (reads, then a fixed
// series of writes) and the ZIP export, one request at a time, and writes into
// DIR (which must not exist or be empty):
//
//   - one file per request holding the raw response body, named after the
//     request (GET_charts_ID.png__theme=dark; writes are w01_…, w02_… in
//     order, the requests repeated after them after_…);
//   - for a ZIP export, one file per entry (…__zip_01__NAME) and a listing
//     of entry names, sizes and compression methods (…__zip_listing.txt)
//     instead of the archive, whose entry times differ from run to run;
//   - index.txt: every request, sorted, with its status, its body's file and
//     size, the response headers that matter (Content-Type,
//     Content-Disposition, Cache-Control, Content-Security-Policy,
//     X-Frame-Options, Vary, Content-Encoding, Retry-After, WWW-Authenticate,
//     Location) and whether an ETag was sent. ETag, Date, X-Request-ID and
//     Last-Modified themselves are left out: they differ legitimately.
//
// Requests carry no Accept-Encoding (plain bodies), except a few repeated
// with gzip and br, of which only the status and headers are kept.
//
// Masked, as clock readings or counters that differ from run to run or may
// differ between revisions without meaning anything: in the admin audit trail
// and in the answers to writes, the values of the JSON keys at, created_at,
// updated_at, data_version and (numeric) id; in the ZIP export's sources.txt,
// the rest of the line 导出时间：… (the minute of the export). Not masked:
// image footers print the day the image was made (China time), so the two
// runs to compare must be made on the same day.
//
// Also not masked, and the same between runs of one revision on one
// machine: the class names in SVG images (zr3-cls-17). Each of the
// renderer's VMs (one per CPU) numbers them as it draws, so they depend on
// the number of CPUs and on which images were drawn before, in which order.
// Requests are made one at a time in a fixed order for this reason; a change
// in what or how often the server draws shifts them in every later SVG,
// without changing any PNG.
//
// It exits 1 if a request failed at the transport level (an HTTP error status
// is recorded, not a failure) or the ids to crawl could not be read from the
// JSON API, 2 on bad usage.
package main

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// recordedHeaders are the response headers written to the index, in this
// order, when present.
var recordedHeaders = []string{
	"Content-Type", "Content-Disposition", "Cache-Control", "Content-Security-Policy",
	"X-Frame-Options", "Vary", "Content-Encoding", "Retry-After", "WWW-Authenticate",
	"Location", // redirects are not followed; this is where they point
}

// auth is the Authorization a request carries.
type auth int

const (
	authNone  auth = iota
	authToken      // Bearer with the -token given
	authWrong      // Bearer with a token the server does not know
)

// req is one request to make.
type req struct {
	phase    string // "" for reads, "w01".."w10" for writes, "after" for the re-reads
	method   string
	target   string // path and query, as sent
	auth     auth
	encoding string // Accept-Encoding; set: record status and headers only
	body     []byte
	bodyType string // Content-Type of body
	bodyNote string // how the request body is described in the index
	maskJSON bool   // mask timestamps, versions and numeric ids in the answer
	zip      bool   // the answer is a ZIP export: write its entries
}

// label names the request in the index; labels are unique.
func (r req) label() string {
	s := r.method + " " + r.target
	switch r.auth {
	case authNone:
		if strings.HasPrefix(r.target, "/api/admin/") {
			s += " [no token]"
		}
	case authWrong:
		s += " [wrong token]"
	}
	if r.encoding != "" {
		s += " [Accept-Encoding: " + r.encoding + "]"
	}
	switch {
	case r.phase == "after":
		s = "after writes: " + s
	case r.phase != "":
		s = "write " + strings.TrimPrefix(r.phase, "w") + ": " + s
	}
	return s
}

// fileName is the readable file name of the request's body.
func (r req) fileName() string {
	path, query, _ := strings.Cut(r.target, "?")
	var b strings.Builder
	if r.phase != "" {
		b.WriteString(r.phase + "_")
	}
	b.WriteString(r.method + "_")
	b.WriteString(sanitize(strings.TrimPrefix(path, "/")))
	if query != "" {
		b.WriteString("__" + sanitize(query))
	}
	switch r.auth {
	case authNone:
		if strings.HasPrefix(r.target, "/api/admin/") {
			b.WriteString("__no-token")
		}
	case authWrong:
		b.WriteString("__wrong-token")
	}
	if r.encoding != "" {
		b.WriteString("__ae-" + sanitize(r.encoding))
	}
	return b.String()
}

// sanitize makes s safe as (part of) a file name and keeps it readable:
// letters, digits and ._,=- stay, '/' becomes '_', '&' becomes '+', and any
// other byte is written %XX.
func sanitize(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte("._,=-", c) >= 0:
			b.WriteByte(c)
		case c == '/':
			b.WriteByte('_')
		case c == '&':
			b.WriteByte('+')
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// entry is one recorded request, as the index shows it.
type entry struct {
	label string
	lines []string
}

// result is a response as the crawl uses it: the raw body, for finding ids.
type result struct {
	status int
	body   []byte
}

type crawler struct {
	client  *http.Client
	base    string
	token   string
	out     string
	entries []entry
	labels  map[string]bool
	files   map[string]string // file name -> label that owns it
	failed  []string
	checks  []string // writes that answered another status than expected
}

func main() {
	base := flag.String("base", "", "server URL, such as http://127.0.0.1:8080 (required)")
	token := flag.String("token", "", "admin API token: the part after \"name:\" in ADMIN_TOKEN (required)")
	out := flag.String("out", "", "directory to write into; must not exist or be empty (required)")
	timeout := flag.Duration("timeout", 60*time.Second, "time limit per request (a first PNG render can be slow)")
	flag.Parse()
	if *base == "" || *token == "" || *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: go run .bench/snapshot.go -base http://127.0.0.1:PORT -token TOKEN -out DIR")
		os.Exit(2)
	}
	if ents, err := os.ReadDir(*out); err == nil && len(ents) > 0 {
		fmt.Fprintf(os.Stderr, "snapshot: %s is not empty; give a new directory\n", *out)
		os.Exit(2)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fail(err)
	}
	c := &crawler{
		client: &http.Client{
			Timeout: *timeout,
			// DisableCompression: Go would otherwise ask for gzip and
			// decompress behind our back.
			Transport: &http.Transport{DisableCompression: true}, // and no proxy from the environment
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			},
		},
		base:   strings.TrimRight(*base, "/"),
		token:  *token,
		out:    *out,
		labels: map[string]bool{},
		files:  map[string]string{},
	}
	t0 := time.Now()
	c.crawl()
	if err := c.writeIndex(); err != nil {
		fail(err)
	}
	fmt.Fprintf(os.Stderr, "snapshot: %d requests recorded in %s (%.1f s)\n", len(c.entries), *out, time.Since(t0).Seconds())
	for _, s := range c.checks {
		fmt.Fprintln(os.Stderr, "snapshot: note:", s)
	}
	if len(c.failed) > 0 {
		for _, s := range c.failed {
			fmt.Fprintln(os.Stderr, "snapshot: FAILED:", s)
		}
		os.Exit(1)
	}
}

// crawl makes every request, reads first, then the writes, then the re-reads.
func (c *crawler) crawl() {
	// Pages and what they link to.
	home := c.get("/")
	for _, p := range []string{"/regions", "/sources", "/admin", "/healthz", "/readyz", "/favicon.ico"} {
		c.get(p)
	}
	assets := staticLinks(home.body)
	for _, a := range assets {
		c.get(a)
	}

	// The JSON and CSV API; the ids to crawl come from here.
	regions := c.get("/api/regions")
	metrics := c.get("/api/metrics")
	sources := c.get("/api/sources")
	c.get("/api/observations")
	obsCSV := c.get("/api/observations.csv")
	dashboards := c.get("/api/dashboards")
	charts := c.get("/api/charts")
	regionCodes := c.ids(regions, "/api/regions", "code")
	metricCodes := c.ids(metrics, "/api/metrics", "code")
	sourceIDs := c.ids(sources, "/api/sources", "id")
	dashboardIDs := c.ids(dashboards, "/api/dashboards", "id")
	chartIDs := c.ids(charts, "/api/charts", "id")
	firstSource := first(sourceIDs, "none")
	firstMetric := first(metricCodes, "none")
	firstChart := first(chartIDs, "none")
	secondChart := firstChart
	if len(chartIDs) > 1 {
		secondChart = chartIDs[1]
	}

	filters := []string{
		"region=330800",
		"metric=online_retail_sales",
		"period=2012",
		"region=330800,330000&period=2012",
		"source=" + url.QueryEscape(firstSource),
	}
	for _, p := range []string{"/api/observations", "/api/observations.csv"} {
		for _, f := range filters {
			c.get(p + "?" + f)
		}
	}

	// Charts.
	for i, id := range chartIDs {
		e := url.PathEscape(id)
		c.get("/charts/" + e)
		c.get("/charts/" + e + "?theme=dark")
		c.get("/charts/" + e + "?title=0&source=0&bg=transparent")
		c.get("/api/charts/" + e)
		c.get("/api/charts/" + e + ".csv")
		c.get("/embed/charts/" + e)
		c.get("/embed/charts/" + e + "?theme=dark&bg=transparent&title=0&source=0")
		c.get("/charts/" + e + ".svg")
		c.get("/charts/" + e + ".svg?theme=dark&plain=1")
		c.get("/charts/" + e + ".png")
		if i < 2 {
			c.get("/charts/" + e + ".png?width=640&height=400&scale=1&theme=dark")
			c.get("/charts/" + e + ".png?download=1")
			c.get("/charts/" + e + ".svg?width=800&height=600&plain=1")
		}
	}

	// Dashboards, regions, sources.
	for _, id := range dashboardIDs {
		e := url.PathEscape(id)
		c.get("/dashboards/" + e)
		c.get("/dashboards/" + e + "?theme=dark")
		c.get("/embed/dashboards/" + e)
		c.get("/embed/dashboards/" + e + "?theme=dark&bg=transparent")
	}
	for _, code := range regionCodes {
		c.get("/regions/" + url.PathEscape(code))
	}
	for _, id := range sourceIDs {
		c.get("/sources/" + url.PathEscape(id))
	}

	// Admin API reads, with the token, without it and with a wrong one.
	for _, p := range []string{
		"/api/admin/sources", "/api/admin/regions", "/api/admin/metrics",
		"/api/admin/observations", "/api/admin/observations?region=330800",
		"/api/admin/sources/" + url.PathEscape(firstSource), "/api/admin/regions/330800",
		"/api/admin/metrics/" + url.PathEscape(firstMetric), "/api/admin/observations/1",
		"/api/admin/export.csv",
	} {
		c.do(req{method: "GET", target: p, auth: authToken})
	}
	c.do(req{method: "GET", target: "/api/admin/audit?limit=5", auth: authToken, maskJSON: true})
	c.do(req{method: "GET", target: "/api/admin/sources", auth: authNone})
	c.do(req{method: "GET", target: "/api/admin/sources", auth: authWrong})

	// Error answers of public routes.
	fc := url.PathEscape(firstChart)
	for _, p := range []string{
		"/charts/nope", "/charts/nope.png", "/api/charts/nope", "/regions/12", "/regions/999999",
		"/sources/NOPE", "/api/observations?zz=1", "/api/observations?region=12",
		"/api/observations?region=999999", "/api/observations?period=2012-13",
		"/charts/" + fc + ".png?width=10", "/charts/" + fc + ".png?scale=9",
		"/charts/" + fc + ".png?plain=yes", "/charts/" + fc + "?theme=pink",
		"/embed/charts/" + fc + "?title=2", "/api/nope", "/nope", "/dashboards/nope",
	} {
		c.get(p)
	}

	// Compressed answers: status and headers only.
	compressed := []string{"/", "/api/observations", "/api/observations.csv",
		"/charts/" + fc, "/embed/charts/" + fc, "/charts/" + fc + ".svg", "/charts/" + fc + ".png"}
	if len(assets) > 0 {
		compressed = append(compressed, assets[0])
	}
	for _, p := range compressed {
		for _, enc := range []string{"gzip", "br"} {
			c.do(req{method: "GET", target: p, encoding: enc})
		}
	}

	// ZIP exports.
	c.do(req{method: "GET", target: "/export/charts.zip", zip: true})
	c.do(req{method: "GET", target: "/export/charts.zip?ids=" + url.QueryEscape(firstChart) + "," + url.QueryEscape(secondChart) + "&theme=dark&plain=1", zip: true})

	// Writes through the admin API, in this order.
	obsMetric := firstMetric
	if slices.Contains(metricCodes, "online_retail_sales") {
		obsMetric = "online_retail_sales"
	}
	hangzhou := `{"code":"330100","name_zh":"杭州市","name_en":"Hangzhou","level":"city","parent_code":"330000"}`
	observation := mustJSON(map[string]any{
		"region_code": "330100", "metric_code": obsMetric, "period": "2013",
		"source_id": firstSource, "value": 1.5, "quote": "测试",
	})
	n := 0
	write := func(method, target, body, bodyType, note string, want int) {
		n++
		r := req{phase: fmt.Sprintf("w%02d", n), method: method, target: target, auth: authToken, maskJSON: true}
		if body != "" {
			r.body, r.bodyType, r.bodyNote = []byte(body), bodyType, note
			if note == "" {
				r.bodyNote = bodyType + " " + body
			}
		}
		res := c.do(r)
		if res.status != 0 && res.status != want {
			c.checks = append(c.checks, fmt.Sprintf("%s answered %d, expected %d", r.label(), res.status, want))
		}
	}
	write("POST", "/api/admin/regions", hangzhou, "application/json", "", 201)
	write("POST", "/api/admin/regions", hangzhou, "application/json", "", 422)
	write("POST", "/api/admin/regions", `{"code":"12"}`, "application/json", "", 422)
	write("PUT", "/api/admin/regions/330100",
		`{"code":"330100","name_zh":"杭州市","name_en":"Hangzhou City","level":"city","parent_code":"330000"}`,
		"application/json", "", 200)
	write("POST", "/api/admin/observations", observation, "application/json", "", 201)
	write("POST", "/api/admin/observations", observation, "application/json", "", 422)
	write("POST", "/api/admin/import?dry_run=1", string(obsCSV.body), "text/csv",
		fmt.Sprintf("text/csv, the body of GET /api/observations.csv (%d bytes)", len(obsCSV.body)), 200)
	write("DELETE", "/api/admin/regions/330100", "", "", "", 409)
	write("DELETE", "/api/admin/regions/330100?cascade=1", "", "", "", 200)
	write("GET", "/api/admin/audit?limit=20", "", "", "", 200)

	// What the writes left behind.
	c.do(req{phase: "after", method: "GET", target: "/"})
	c.do(req{phase: "after", method: "GET", target: "/api/observations"})
}

// get makes a plain public GET (admin paths carry the token).
func (c *crawler) get(target string) result {
	a := authNone
	if strings.HasPrefix(target, "/api/admin/") {
		a = authToken
	}
	return c.do(req{method: "GET", target: target, auth: a})
}

// do makes the request and records it: the body in its file, the status and
// headers in the index. A transport failure is recorded and remembered.
func (c *crawler) do(r req) result {
	label := r.label()
	if c.labels[label] {
		fail(fmt.Errorf("request %q made twice", label))
	}
	c.labels[label] = true
	e := entry{label: label}
	defer func() { c.entries = append(c.entries, e) }()
	if r.bodyNote != "" {
		e.lines = append(e.lines, "request body: "+r.bodyNote)
	}

	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	hr, err := http.NewRequest(r.method, c.base+r.target, body)
	if err != nil {
		fail(err)
	}
	if r.bodyType != "" {
		hr.Header.Set("Content-Type", r.bodyType)
	}
	switch r.auth {
	case authToken:
		hr.Header.Set("Authorization", "Bearer "+c.token)
	case authWrong:
		hr.Header.Set("Authorization", "Bearer wrong-token")
	}
	if r.encoding != "" {
		hr.Header.Set("Accept-Encoding", r.encoding)
	}
	resp, err := c.client.Do(hr)
	var raw []byte
	if err == nil {
		raw, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if err != nil {
		msg := strings.ReplaceAll(err.Error(), c.base, "BASE")
		e.lines = append(e.lines, "error: "+msg)
		c.failed = append(c.failed, label+": "+msg)
		return result{}
	}

	if r.encoding == "" {
		saved := raw
		if r.maskJSON {
			saved = maskJSON(raw)
		}
		if r.zip && resp.StatusCode == http.StatusOK {
			e.lines = append(e.lines, c.writeZIP(label, r.fileName(), raw)...)
		} else {
			name := c.claim(r.fileName(), label)
			if err := os.WriteFile(filepath.Join(c.out, name), saved, 0o644); err != nil {
				fail(err)
			}
			e.lines = append(e.lines, fmt.Sprintf("file: %s (%d bytes)", name, len(saved)))
		}
	}
	e.lines = append(e.lines, "status: "+strconv.Itoa(resp.StatusCode))
	for _, h := range recordedHeaders {
		for _, v := range resp.Header.Values(h) {
			e.lines = append(e.lines, h+": "+v)
		}
	}
	if resp.Header.Get("ETag") != "" {
		e.lines = append(e.lines, "ETag: present")
	}
	return result{status: resp.StatusCode, body: raw}
}

// claim reserves a file name for label: name itself, or, if another request
// already has it (sanitize can map two targets to one name), name with a
// short hash of the label. Names are kept well under the 255-byte limit.
func (c *crawler) claim(name, label string) string {
	if len(name) > 180 || (c.files[name] != "" && c.files[name] != label) {
		sum := sha256.Sum256([]byte(label + "\x00" + name))
		name = name[:min(len(name), 180)] + "~" + hex.EncodeToString(sum[:4])
	}
	if owner := c.files[name]; owner != "" && owner != label {
		fail(fmt.Errorf("file name %s claimed by %q and %q", name, owner, label))
	}
	c.files[name] = label
	return name
}

// writeZIP writes each entry of a ZIP export to its own file and a listing
// of the entries; it returns the index lines. Entry modification times are
// ignored, and the export time in sources.txt is masked.
func (c *crawler) writeZIP(label, base string, raw []byte) []string {
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		// Not a ZIP after all: keep the body as it is.
		name := c.claim(base, label)
		if err := os.WriteFile(filepath.Join(c.out, name), raw, 0o644); err != nil {
			fail(err)
		}
		return []string{fmt.Sprintf("file: %s (%d bytes; not a ZIP: %v)", name, len(raw), err)}
	}
	var listing strings.Builder
	if zr.Comment != "" {
		fmt.Fprintf(&listing, "comment: %q\n", zr.Comment)
	}
	for i, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			fail(fmt.Errorf("%s: entry %s: %w", label, f.Name, err))
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			fail(fmt.Errorf("%s: entry %s: %w", label, f.Name, err))
		}
		if f.Name == "sources.txt" {
			data = maskExportTime(data)
		}
		name := c.claim(fmt.Sprintf("%s__zip_%02d__%s", base, i+1, sanitize(f.Name)), label)
		if err := os.WriteFile(filepath.Join(c.out, name), data, 0o644); err != nil {
			fail(err)
		}
		fmt.Fprintf(&listing, "%02d %s size=%d method=%s", i+1, f.Name, f.UncompressedSize64, zipMethod(f.Method))
		if f.Comment != "" {
			fmt.Fprintf(&listing, " comment=%q", f.Comment)
		}
		listing.WriteString("\n")
	}
	name := c.claim(base+"__zip_listing.txt", label)
	if err := os.WriteFile(filepath.Join(c.out, name), []byte(listing.String()), 0o644); err != nil {
		fail(err)
	}
	// The archive's own size is left out: sources.txt is deflated, and the
	// export time in it (masked above) changes its compressed size.
	return []string{fmt.Sprintf("file: %s (ZIP with %d entries, each in %s__zip_NN__NAME)", name, len(zr.File), base)}
}

func zipMethod(m uint16) string {
	switch m {
	case zip.Store:
		return "store"
	case zip.Deflate:
		return "deflate"
	}
	return strconv.Itoa(int(m))
}

// maskExportTime replaces the rest of the line that starts with 导出时间：
// (the minute the export was made) with <masked>.
func maskExportTime(b []byte) []byte {
	const key = "导出时间："
	lines := bytes.SplitAfter(b, []byte("\n"))
	for i, l := range lines {
		t := bytes.TrimPrefix(l, []byte("\uFEFF"))
		if !bytes.HasPrefix(t, []byte(key)) {
			continue
		}
		end := len(l)
		for end > 0 && (l[end-1] == '\n' || l[end-1] == '\r') {
			end--
		}
		lines[i] = slices.Concat(l[:len(l)-len(t)+len(key)], []byte("<masked>"), l[end:])
	}
	return bytes.Join(lines, nil)
}

// maskedKeys are the JSON keys whose values maskJSON replaces; "id" only
// when its value is a number.
var maskedKeys = map[string]bool{"at": true, "created_at": true, "updated_at": true, "data_version": true, "id": true}

// maskJSON replaces, anywhere in the JSON document b, the scalar values of
// maskedKeys with "<masked>", leaving every other byte as it was (a
// re-encoding would hide changes of key order, spacing or escaping). These
// are the audit trail's timestamps and ids and the data version, which
// differ between runs. b is returned as it is if it is not JSON.
func maskJSON(b []byte) []byte {
	type frame struct {
		object, wantKey bool
		key             string
	}
	var stack []frame
	var spans [][2]int
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return b
		}
		end := dec.InputOffset()
		var top *frame
		if len(stack) > 0 {
			top = &stack[len(stack)-1]
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				if top != nil && top.object {
					top.wantKey = true // after this value, a key
				}
				stack = append(stack, frame{object: d == '{', wantKey: d == '{'})
			default:
				stack = stack[:len(stack)-1]
			}
			continue
		}
		if top == nil || !top.object {
			continue
		}
		if top.wantKey {
			top.key, _ = tok.(string)
			top.wantKey = false
			continue
		}
		top.wantKey = true
		_, isNum := tok.(json.Number)
		_, isStr := tok.(string)
		if maskedKeys[top.key] && (isNum || (isStr && top.key != "id")) {
			// The token's bytes, without the separator and space before it.
			s := int(start)
			for s < int(end) && strings.IndexByte(" \t\r\n:,", b[s]) >= 0 {
				s++
			}
			spans = append(spans, [2]int{s, int(end)})
		}
	}
	if len(spans) == 0 {
		return b
	}
	var out bytes.Buffer
	prev := 0
	for _, sp := range spans {
		out.Write(b[prev:sp[0]])
		out.WriteString(`"<masked>"`)
		prev = sp[1]
	}
	out.Write(b[prev:])
	return out.Bytes()
}

// ids reads field from every object of the JSON array in res (from path);
// a failure is recorded, since the crawl would then miss requests.
func (c *crawler) ids(res result, path, field string) []string {
	var items []map[string]any
	if res.status != http.StatusOK || json.Unmarshal(res.body, &items) != nil {
		c.failed = append(c.failed, fmt.Sprintf("GET %s: no JSON array to read %s from (status %d)", path, field, res.status))
		return nil
	}
	var out []string
	for _, it := range items {
		switch v := it[field].(type) {
		case string:
			out = append(out, v)
		case float64:
			out = append(out, strconv.FormatFloat(v, 'f', -1, 64))
		default:
			c.failed = append(c.failed, fmt.Sprintf("GET %s: an item has no %s", path, field))
		}
	}
	if len(out) == 0 {
		c.failed = append(c.failed, fmt.Sprintf("GET %s: no %s found", path, field))
	}
	return out
}

// reStatic finds src= and href= attributes pointing into /static/.
var reStatic = regexp.MustCompile(`(?i)\b(?:src|href)\s*=\s*(?:"(/static/[^"]*)"|'(/static/[^']*)')`)

// staticLinks returns the /static/ URLs page links to, sorted, once each.
func staticLinks(page []byte) []string {
	var out []string
	for _, m := range reStatic.FindAllSubmatch(page, -1) {
		u := string(m[1]) + string(m[2])
		out = append(out, html.UnescapeString(u))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// writeIndex writes index.txt: every request, sorted by label.
func (c *crawler) writeIndex() error {
	slices.SortFunc(c.entries, func(a, b entry) int { return strings.Compare(a.label, b.label) })
	var b strings.Builder
	for _, e := range c.entries {
		b.WriteString(e.label + "\n")
		for _, l := range e.lines {
			b.WriteString("  " + l + "\n")
		}
	}
	return os.WriteFile(filepath.Join(c.out, "index.txt"), []byte(b.String()), 0o644)
}

func first(s []string, def string) string {
	if len(s) == 0 {
		return def
	}
	return s[0]
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		fail(err)
	}
	return string(b)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "snapshot:", err)
	os.Exit(1)
}
