package clientip

import (
	"io"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/gofiber/fiber/v2"
)

func TestResolveReadsForwardedForFromTheRight(t *testing.T) {
	r, err := New([]string{"10.0.0.1", "192.168.0.0/16"}, "X-Forwarded-For")
	if err != nil {
		t.Fatal(err)
	}
	proxy := netip.MustParseAddr("10.0.0.1")
	for _, tt := range []struct {
		peer, header, want string
	}{
		{"203.0.113.9", "1.2.3.4", "203.0.113.9"},                        // not from a proxy: the header is ignored
		{"10.0.0.1", "", "10.0.0.1"},                                     // a proxy with no header
		{"10.0.0.1", "203.0.113.9", "203.0.113.9"},                       // nginx appended the client
		{"10.0.0.1", "6.6.6.6, 203.0.113.9", "203.0.113.9"},              // the client forged the left part
		{"10.0.0.1", "6.6.6.6, 203.0.113.9, 192.168.1.2", "203.0.113.9"}, // two proxies
		{"10.0.0.1", "192.168.1.2, 10.0.0.1", "192.168.1.2"},             // every hop trusted: the left-most
		{"10.0.0.1", "junk, 203.0.113.9", "203.0.113.9"},                 // junk left of the client is never read
		{"10.0.0.1", "203.0.113.9, junk", "10.0.0.1"},                    // junk a proxy passed on: stop at the proxy
		{"10.0.0.1", "[2001:db8::1]:443", "2001:db8::1"},                 // with a port
		{"10.0.0.1", " 203.0.113.9:5555 ", "203.0.113.9"},                // spaces and a port
		{"::ffff:10.0.0.1", "203.0.113.9", "203.0.113.9"},                // IPv4-mapped peer
	} {
		got := r.Resolve(netip.MustParseAddr(tt.peer), tt.header)
		if got.String() != tt.want {
			t.Errorf("peer %s, header %q: %s, want %s", tt.peer, tt.header, got, tt.want)
		}
	}
	// rotating the forged part changes nothing
	a := r.Resolve(proxy, "1.1.1.1, 203.0.113.9")
	b := r.Resolve(proxy, "2.2.2.2, 203.0.113.9")
	if a != b {
		t.Errorf("a forged left part changed the client: %s vs %s", a, b)
	}
}

func TestResolveWithoutProxiesIsThePeer(t *testing.T) {
	r, err := New(nil, "X-Forwarded-For")
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Resolve(netip.MustParseAddr("203.0.113.9"), "1.2.3.4"); got.String() != "203.0.113.9" {
		t.Errorf("no trusted proxies: %s", got)
	}
	if _, err := New([]string{"nope"}, "X-Real-IP"); err == nil {
		t.Error("a malformed proxy was accepted")
	}
}

// TestMiddlewareReadsEveryHeaderLine: a header sent on several lines is one
// list in order (HAProxy's option forwardfor appends a line of its own after
// the client's), so the client cannot name itself in a line of its own.
func TestMiddlewareReadsEveryHeaderLine(t *testing.T) {
	// Fiber's Test connection comes from 0.0.0.0: trust it as the proxy
	r, err := New([]string{"0.0.0.0", "192.168.0.0/16"}, "X-Forwarded-For")
	if err != nil {
		t.Fatal(err)
	}
	app := fiber.New()
	app.Use(r.Middleware())
	app.Get("/", func(c *fiber.Ctx) error { return c.SendString(Of(c)) })
	for _, tt := range []struct {
		lines []string
		want  string
	}{
		{[]string{"6.6.6.6", "203.0.113.9"}, "203.0.113.9"},                  // forged line, then the proxy's
		{[]string{"6.6.6.6, 7.7.7.7", "203.0.113.9"}, "203.0.113.9"},         // a forged list in the first line
		{[]string{"6.6.6.6, 203.0.113.9"}, "203.0.113.9"},                    // one line, as before
		{[]string{"203.0.113.9", "192.168.1.2"}, "203.0.113.9"},              // two proxies, a line each
		{[]string{"203.0.113.9, 192.168.1.2", "192.168.7.7"}, "203.0.113.9"}, // lists in both lines
		{nil, "0.0.0.0"}, // no header: the peer
	} {
		req := httptest.NewRequest("GET", "/", nil)
		for _, l := range tt.lines {
			req.Header.Add("X-Forwarded-For", l)
		}
		resp, err := app.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		if string(body) != tt.want {
			t.Errorf("X-Forwarded-For lines %q: client %s, want %s", tt.lines, body, tt.want)
		}
	}
}
