package app

import (
	"io"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoadConfigPrecedence(t *testing.T) {
	cfg, rest, err := LoadConfig(nil, env(nil), io.Discard)
	if err != nil || cfg.Addr != DefaultAddr || cfg.DatabaseURL != DefaultDatabaseURL || len(rest) != 0 {
		t.Errorf("defaults: %+v %v %v", cfg, rest, err)
	}
	cfg, _, _ = LoadConfig(nil, env(map[string]string{"ADDR": ":9000", "DATABASE_URL": "/tmp/x.db"}), io.Discard)
	if cfg.Addr != ":9000" || cfg.DatabaseURL != "/tmp/x.db" {
		t.Errorf("environment ignored: %+v", cfg)
	}
	cfg, rest, _ = LoadConfig([]string{"-addr", "127.0.0.1:1", "-db", "file:y.db", "seed"}, env(map[string]string{"ADDR": ":9000"}), io.Discard)
	if cfg.Addr != "127.0.0.1:1" || cfg.DatabaseURL != "file:y.db" || len(rest) != 1 || rest[0] != "seed" {
		t.Errorf("flags should win: %+v %v", cfg, rest)
	}
}

func TestLoadConfigRejectsBadValues(t *testing.T) {
	for _, tt := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"-addr", " "}, nil, "listen address"},
		{[]string{"-db", ""}, map[string]string{"DATABASE_URL": ""}, "database"},
		{nil, map[string]string{"DATABASE_URL": "sqlserver://u:s3cret@h/db"}, "unsupported scheme"},
		{nil, map[string]string{"DATABASE_URL": "mysql://u:s3cret@h"}, "mysql://user:password@host:port/database"},
		{[]string{"-db", "postgres://u:s3cret@h:port/db"}, nil, "invalid port"},
		{[]string{"-nope"}, nil, "parse flags"},
	} {
		_, _, err := LoadConfig(tt.args, env(tt.env), io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("LoadConfig(%v, %v) err = %v, want it to mention %q", tt.args, tt.env, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "s3cret") {
			t.Errorf("LoadConfig(%v, %v) err = %v shows the password", tt.args, tt.env, err)
		}
	}
}

func TestLoadConfigAcceptsServerDatabases(t *testing.T) {
	for _, u := range []string{
		"postgres://ecomdash:pw@db.internal:5432/ecomdash?sslmode=require",
		"postgresql://ecomdash@/ecomdash?host=/run/postgresql",
		"mysql://ecomdash:pw@db.internal:3306/ecomdash?tls=true",
		"mysql://root@127.0.0.1:4000/ecomdash",
		"file:data/ecomdash.db?_busy_timeout=10000",
		"/var/lib/ecomdash/ecomdash.db",
	} {
		cfg, _, err := LoadConfig(nil, env(map[string]string{"DATABASE_URL": u}), io.Discard)
		if err != nil || cfg.DatabaseURL != u {
			t.Errorf("DATABASE_URL=%s: %+v %v", u, cfg.DatabaseURL, err)
		}
	}
}

func TestEmbedOrigins(t *testing.T) {
	cfg, _, err := LoadConfig(nil, env(nil), io.Discard)
	if err != nil || len(cfg.EmbedAllowedOrigins) != 1 || cfg.EmbedAllowedOrigins[0] != "*" {
		t.Errorf("default origins %v %v", cfg.EmbedAllowedOrigins, err)
	}
	cfg, _, err = LoadConfig(nil, env(map[string]string{"EMBED_ALLOWED_ORIGINS": "https://a.gov.cn, http://127.0.0.1:9000/"}), io.Discard)
	if err != nil || strings.Join(cfg.EmbedAllowedOrigins, " ") != "https://a.gov.cn http://127.0.0.1:9000" {
		t.Errorf("origins %v %v", cfg.EmbedAllowedOrigins, err)
	}
	for _, bad := range []string{"a.gov.cn", "ftp://a.gov.cn", "https://a.gov.cn/path", "https://", ","} {
		if _, _, err := LoadConfig(nil, env(map[string]string{"EMBED_ALLOWED_ORIGINS": bad}), io.Discard); err == nil {
			t.Errorf("EMBED_ALLOWED_ORIGINS=%q accepted", bad)
		}
	}
	if got := frameAncestors([]string{"https://a.gov.cn"}); got != "'self' https://a.gov.cn" {
		t.Errorf("frameAncestors = %q", got)
	}
}

func TestParseAdminTokens(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want map[string]string
		err  string
	}{
		{"", nil, ""},
		{"  ", nil, ""},
		{"s3cret-token", map[string]string{"admin": "s3cret-token"}, ""},
		{"alice:tok1, bob:tok2", map[string]string{"alice": "tok1", "bob": "tok2"}, ""},
		{"alice:tok:with:colons", map[string]string{"alice": "tok:with:colons"}, ""},
		{"alice:", nil, "want name:token"},
		{"alice:a,bob", nil, "want name:token"},
		{"al ice:a", nil, "name"},
		{"alice:a,alice:b", nil, "given twice"},
		{"alice:a,bob:a", nil, "reuses"},
	} {
		got, err := ParseAdminTokens(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseAdminTokens(%q) err %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || len(got) != len(tt.want) {
			t.Errorf("ParseAdminTokens(%q) = %v %v, want %v", tt.in, got, err, tt.want)
			continue
		}
		for k, v := range tt.want {
			if got[k] != v {
				t.Errorf("ParseAdminTokens(%q)[%q] = %q, want %q", tt.in, k, got[k], v)
			}
		}
	}
	cfg, _, err := LoadConfig(nil, env(map[string]string{"ADMIN_TOKEN": "ops:abc"}), io.Discard)
	if err != nil || cfg.AdminTokens["ops"] != "abc" {
		t.Errorf("LoadConfig with ADMIN_TOKEN: %+v %v", cfg.AdminTokens, err)
	}
	if _, _, err := LoadConfig(nil, env(map[string]string{"ADMIN_TOKEN": "ops:"}), io.Discard); err == nil {
		t.Error("LoadConfig accepted a malformed ADMIN_TOKEN")
	}
}
