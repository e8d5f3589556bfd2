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
		{nil, map[string]string{"DATABASE_URL": "postgres://u@h/db"}, "only SQLite"},
		{[]string{"-nope"}, nil, "parse flags"},
	} {
		_, _, err := LoadConfig(tt.args, env(tt.env), io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("LoadConfig(%v, %v) err = %v, want it to mention %q", tt.args, tt.env, err, tt.want)
		}
	}
}
