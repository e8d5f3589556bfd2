// Package clientip finds the address of the client behind trusted reverse
// proxies. Rate limits, the failed-login limit and the logs all key on it.
//
// A proxy such as nginx appends the address it received the request from to
// X-Forwarded-For; whatever stands to the left of that was written by the
// client and cannot be trusted. So the header is read from the right: each
// address that is a trusted proxy is a hop, and the first one that is not is
// the client. A single-address header such as X-Real-IP, which the proxy
// sets and the client cannot add to, is taken as it is.
//
// A request may carry the header on several lines: HAProxy's
// "option forwardfor" adds a line of its own after the client's. The lines
// are one list, in order (RFC 9110, section 5.3), so they are joined before
// the list is read from the right; reading only the first line would let
// the client's own line name the client.
package clientip

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// localKey is the fiber.Ctx local holding the client address.
const localKey = "ecomdash_client_ip"

// Resolver finds client addresses.
type Resolver struct {
	trusted []netip.Prefix
	header  string
}

// New trusts the proxies (IP addresses or CIDR ranges) to name the client in
// header; with no proxies the client is always the connection's peer.
func New(proxies []string, header string) (*Resolver, error) {
	r := &Resolver{header: header}
	for _, p := range proxies {
		prefix, err := netip.ParsePrefix(p)
		if err != nil {
			addr, aerr := netip.ParseAddr(p)
			if aerr != nil {
				return nil, fmt.Errorf("trusted proxy %q: not an IP address or CIDR range", p)
			}
			prefix = netip.PrefixFrom(addr, addr.BitLen())
		}
		r.trusted = append(r.trusted, prefix.Masked())
	}
	return r, nil
}

// isTrusted reports whether addr is one of the trusted proxies.
func (r *Resolver) isTrusted(addr netip.Addr) bool {
	addr = addr.Unmap()
	for _, p := range r.trusted {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// Resolve returns the client address of a request that came from peer with
// the header's value: every line of it, joined with commas in order.
func (r *Resolver) Resolve(peer netip.Addr, header string) netip.Addr {
	peer = peer.Unmap()
	if len(r.trusted) == 0 || r.header == "" || header == "" || !r.isTrusted(peer) {
		return peer
	}
	hops := strings.Split(header, ",")
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		addr, ok := parseHop(hops[i])
		if !ok {
			return client // a hop we cannot read: the last address we could trust to have written it
		}
		client = addr
		if !r.isTrusted(addr) {
			return addr
		}
	}
	return client // every hop is a trusted proxy: the left-most one
}

// parseHop reads one address of a forwarding header, with or without a port.
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if addr, err := netip.ParseAddr(s); err == nil {
		return addr.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}

// Middleware finds each request's client address once and keeps it for Of.
func (r *Resolver) Middleware() fiber.Handler {
	return func(c *fiber.Ctx) error {
		peer, _ := netip.AddrFromSlice(c.Context().RemoteIP())
		c.Locals(localKey, r.Resolve(peer, r.headerValue(c)).String())
		return c.Next()
	}
}

// headerValue is every line of the request's header, joined with commas in
// order: one list, as RFC 9110 says repeated lines are.
func (r *Resolver) headerValue(c *fiber.Ctx) string {
	if r.header == "" {
		return ""
	}
	lines := c.Request().Header.PeekAll(r.header)
	switch len(lines) {
	case 0:
		return ""
	case 1:
		return string(lines[0])
	}
	parts := make([]string, len(lines))
	for i, l := range lines {
		parts[i] = string(l)
	}
	return strings.Join(parts, ",")
}

// Of returns the request's client address as Middleware found it, or the
// connection's peer address where Middleware did not run.
func Of(c *fiber.Ctx) string {
	if ip, ok := c.Locals(localKey).(string); ok {
		return ip
	}
	return c.IP()
}
