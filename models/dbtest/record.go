package dbtest

import (
	"context"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Recorder keeps every SQL statement run through the session Record
// returns, with its values written in, so that a test (or a look at query
// plans) can see what the database was asked.
type Recorder struct {
	mu   sync.Mutex
	sqls []string
}

// Record returns a session of db that records its statements in r.
func Record(db *gorm.DB) (*gorm.DB, *Recorder) {
	r := &Recorder{}
	return db.Session(&gorm.Session{Logger: r}), r
}

// Statements returns the statements recorded so far, in order.
func (r *Recorder) Statements() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.sqls...)
}

// Reading returns the recorded SELECT statements whose text contains every
// one of words.
func (r *Recorder) Reading(words ...string) []string {
	var out []string
	for _, s := range r.Statements() {
		ok := strings.HasPrefix(strings.TrimSpace(s), "SELECT")
		for _, w := range words {
			ok = ok && strings.Contains(s, w)
		}
		if ok {
			out = append(out, s)
		}
	}
	return out
}

// LogMode implements logger.Interface.
func (r *Recorder) LogMode(logger.LogLevel) logger.Interface { return r }

// Info implements logger.Interface (nothing is kept).
func (r *Recorder) Info(context.Context, string, ...interface{}) {}

// Warn implements logger.Interface (nothing is kept).
func (r *Recorder) Warn(context.Context, string, ...interface{}) {}

// Error implements logger.Interface (nothing is kept).
func (r *Recorder) Error(context.Context, string, ...interface{}) {}

// Trace implements logger.Interface: it keeps the statement.
func (r *Recorder) Trace(_ context.Context, _ time.Time, fc func() (string, int64), _ error) {
	sql, _ := fc()
	r.mu.Lock()
	r.sqls = append(r.sqls, sql)
	r.mu.Unlock()
}
