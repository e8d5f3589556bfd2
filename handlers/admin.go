package handlers

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"ecomdash/models"
)

// Request body limits of the admin API.
const (
	// MaxJSONBody bounds a JSON request body (1 MiB).
	MaxJSONBody = 1 << 20
	// MaxImportBody bounds a CSV import body (10 MiB).
	MaxImportBody = 10 << 20
	// MaxRequestBody is what fiber.Config.BodyLimit must allow so that an
	// import of MaxImportBody reaches the handler, which then answers 413
	// for anything larger with a JSON message.
	MaxRequestBody = MaxImportBody + 64<<10
)

// Failed-authentication rate limit: after authFailLimit failures within
// authFailWindow, a client IP gets 429 until the oldest failure expires.
const (
	authFailLimit  = 10
	authFailWindow = time.Minute
	// authFailMaxClients bounds the limiter's memory.
	authFailMaxClients = 10000
)

// adminState is the admin API's configuration and state.
type adminState struct {
	// tokens are the accepted tokens' sha256 digests, by actor name.
	tokens  []adminToken
	limiter *failureLimiter
	page    *template.Template
}

type adminToken struct {
	name   string
	digest [sha256.Size]byte
}

// EnableAdmin turns the admin API on for the given tokens (actor name →
// token). Call it before Register. With no tokens the admin routes answer
// 404.
func (h *Handler) EnableAdmin(tokens map[string]string) {
	if len(tokens) == 0 {
		h.admin = nil
		return
	}
	names := make([]string, 0, len(tokens))
	for name := range tokens {
		names = append(names, name)
	}
	sort.Strings(names)
	st := &adminState{limiter: newFailureLimiter(authFailLimit, authFailWindow)}
	for _, name := range names {
		st.tokens = append(st.tokens, adminToken{name: name, digest: sha256.Sum256([]byte(tokens[name]))})
	}
	h.admin = st
}

// actorFor returns the name of the token in an Authorization header. Every
// configured token is compared, in constant time, on digests of equal
// length, so neither the position of a match nor the token's length leaks.
func (st *adminState) actorFor(header string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	if token == "" {
		return "", false
	}
	given := sha256.Sum256([]byte(token))
	actor, found := "", 0
	for _, t := range st.tokens {
		if subtle.ConstantTimeCompare(given[:], t.digest[:]) == 1 {
			actor, found = t.name, 1
		}
	}
	return actor, found == 1
}

// failureLimiter counts failed authentications per client within a window.
type failureLimiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	now    func() time.Time
	fails  map[string][]time.Time
}

func newFailureLimiter(max int, window time.Duration) *failureLimiter {
	return &failureLimiter{max: max, window: window, now: time.Now, fails: map[string][]time.Time{}}
}

// recent drops failures older than the window; the caller holds mu.
func (l *failureLimiter) recent(client string, now time.Time) []time.Time {
	ts := l.fails[client]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= l.window {
		i++
	}
	ts = ts[i:]
	if len(ts) == 0 {
		delete(l.fails, client)
	} else {
		l.fails[client] = ts
	}
	return ts
}

// blocked reports whether client has used up its failures, and how long
// until it may try again.
func (l *failureLimiter) blocked(client string) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	ts := l.recent(client, now)
	if len(ts) < l.max {
		return 0, false
	}
	return l.window - now.Sub(ts[len(ts)-l.max]), true
}

// fail records a failed authentication by client.
func (l *failureLimiter) fail(client string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.fails) >= authFailMaxClients {
		for c := range l.fails {
			l.recent(c, now)
		}
		if len(l.fails) >= authFailMaxClients {
			l.fails = map[string][]time.Time{} // under attack from many addresses: start over
		}
	}
	// strings.Clone: client is Fiber's c.IP(), which points into a buffer
	// the next request reuses, and it is kept as a map key.
	l.fails[strings.Clone(client)] = append(l.recent(client, now), now)
}

// adminActorKey is the fiber.Ctx local holding the authenticated actor.
const adminActorKey = "admin_actor"

// adminAuth lets a request through when it carries a configured token;
// otherwise 401 (with WWW-Authenticate: Bearer), or 429 when the client has
// failed too often in the last minute.
func (h *Handler) adminAuth(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	client := c.IP()
	if wait, blocked := h.admin.limiter.blocked(client); blocked {
		secs := int(math.Ceil(wait.Seconds()))
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(secs))
		return fiber.NewError(fiber.StatusTooManyRequests, fmt.Sprintf("认证失败次数过多，请 %d 秒后再试 (too many failed attempts; retry after %d s)", secs, secs))
	}
	actor, ok := h.admin.actorFor(c.Get(fiber.HeaderAuthorization))
	if !ok {
		h.admin.limiter.fail(client)
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="ecomdash-admin"`)
		return fiber.NewError(fiber.StatusUnauthorized, "需要有效的管理令牌：Authorization: Bearer <token> (missing or invalid admin token)")
	}
	c.Locals(adminActorKey, actor)
	return c.Next()
}

func actorOf(c *fiber.Ctx) string {
	a, _ := c.Locals(adminActorKey).(string)
	return a
}

// registerAdmin adds /admin and /api/admin/*. Without tokens they answer 404.
func (h *Handler) registerAdmin(r fiber.Router) {
	if h.admin == nil {
		h.log.Warn("admin API disabled (ADMIN_TOKEN not set)")
		off := func(c *fiber.Ctx) error {
			return notFound("管理接口未启用：服务器未设置 ADMIN_TOKEN (admin API disabled: ADMIN_TOKEN not set)")
		}
		r.All("/admin", off)
		r.All("/api/admin", off)
		r.All("/api/admin/*", off)
		return
	}
	names := make([]string, len(h.admin.tokens))
	for i, t := range h.admin.tokens {
		names[i] = t.name
	}
	h.log.Info("admin API enabled", "actors", strings.Join(names, ","))
	h.admin.page = template.Must(template.New("layout.html").Funcs(template.FuncMap{"asset": h.assets.url}).
		ParseFS(templateFS, "templates/layout.html", "templates/admin.html"))
	r.Get("/admin", h.adminPage)

	g := r.Group("/api/admin", h.adminAuth)
	g.Get("/sources", h.adm(h.adminListSources))
	g.Post("/sources", h.adm(h.adminCreateSource))
	g.Get("/sources/:id", h.adm(h.adminGetSource))
	g.Put("/sources/:id", h.adm(h.adminUpdateSource))
	g.Delete("/sources/:id", h.adm(h.adminDeleteSource))

	g.Get("/regions", h.adm(h.adminListRegions))
	g.Post("/regions", h.adm(h.adminCreateRegion))
	g.Get("/regions/:code", h.adm(h.adminGetRegion))
	g.Put("/regions/:code", h.adm(h.adminUpdateRegion))
	g.Delete("/regions/:code", h.adm(h.adminDeleteRegion))

	g.Get("/metrics", h.adm(h.adminListMetrics))
	g.Post("/metrics", h.adm(h.adminCreateMetric))
	g.Get("/metrics/:code", h.adm(h.adminGetMetric))
	g.Put("/metrics/:code", h.adm(h.adminUpdateMetric))
	g.Delete("/metrics/:code", h.adm(h.adminDeleteMetric))

	g.Get("/observations", h.adm(h.apiObservations))
	g.Post("/observations", h.adm(h.adminCreateObservation))
	g.Get("/observations/:id", h.adm(h.adminGetObservation))
	g.Put("/observations/:id", h.adm(h.adminUpdateObservation))
	g.Delete("/observations/:id", h.adm(h.adminDeleteObservation))

	g.Post("/import", h.adm(h.adminImport))
	g.Get("/audit", h.adm(h.adminAudit))
	g.Get("/export.csv", h.adm(h.adminExport))
	g.All("/*", func(c *fiber.Ctx) error { return notFound("没有这个管理接口 (no such admin API route)") })
}

// adminPageData is what templates/admin.html needs.
type adminPageData struct {
	Page
	MaxImportMiB int
}

// adminPage serves the upload page. It holds no data, so it needs no token;
// its script sends the token (kept in sessionStorage) with each API call.
func (h *Handler) adminPage(c *fiber.Ctx) error {
	var buf bytes.Buffer
	if err := h.admin.page.Execute(&buf, adminPageData{Page: Page{Title: "数据管理", Nav: "admin"}, MaxImportMiB: MaxImportBody >> 20}); err != nil {
		return fmt.Errorf("render admin page: %w", err)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(buf.Bytes())
}

// adm maps the models' write errors to responses: a validation error is 422
// with the bad fields, a bad import 422 with the bad rows, a delete of
// something in use 409.
func (h *Handler) adm(fn fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if c.Method() != fiber.MethodGet {
			// Whatever the outcome, make the next read ask the database, so
			// this instance shows a committed change at once.
			defer h.charts.Invalidate()
		}
		err := fn(c)
		if err == nil {
			return nil
		}
		var ve *models.ValidationError
		var ie *models.ImportError
		var iu *models.InUseError
		switch {
		case errors.As(err, &ve):
			return c.Status(fiber.StatusUnprocessableEntity).JSON(fiber.Map{"error": "validation failed", "fields": ve.Fields})
		case errors.As(err, &ie):
			return c.Status(fiber.StatusUnprocessableEntity).JSON(fiber.Map{
				"error":    fmt.Sprintf("导入文件有 %d 行错误，未写入任何数据 (import rejected: %d bad rows, nothing written)", ie.BadRows, ie.BadRows),
				"bad_rows": ie.BadRows,
				"rows":     ie.Rows,
			})
		case errors.As(err, &iu):
			return c.Status(fiber.StatusConflict).JSON(fiber.Map{"error": iu.Error(), "observations": iu.Observations, "children": iu.Children})
		case errors.Is(err, models.ErrNotFound):
			return notFound("没有这条记录 (not found): " + err.Error())
		}
		return err
	}
}

// tooLarge is a 413 naming the limit.
func tooLarge(what string, limit int) error {
	return fiber.NewError(fiber.StatusRequestEntityTooLarge,
		fmt.Sprintf("%s超过 %d MiB 上限 (%s body over the %d MiB limit)", what, limit>>20, what, limit>>20))
}

// decodeJSON reads the request body (at most MaxJSONBody) into dst. Unknown
// fields and wrong types are 422 naming the field; malformed JSON is 400.
func decodeJSON(c *fiber.Ctx, dst any) error {
	body := c.Body()
	if len(body) > MaxJSONBody {
		return tooLarge("JSON 请求体", MaxJSONBody)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			return badRequest("请求体在 JSON 对象之后还有内容 (trailing data after the JSON object)")
		}
		return nil
	}
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te) && te.Field != "":
		return &models.ValidationError{Fields: map[string]string{te.Field: fmt.Sprintf("类型不对，应为 %s (wrong type: want %s)", te.Type, te.Type)}}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &models.ValidationError{Fields: map[string]string{field: "未知字段 (unknown field)"}}
	}
	return badRequest(fmt.Sprintf("请求体不是有效的 JSON 对象 (invalid JSON): %v", err))
}

// cascadeParam reads ?cascade=1.
func cascadeParam(c *fiber.Ctx) (bool, error) {
	switch v := c.Query("cascade"); v {
	case "", "0", "false":
		return false, nil
	case "1", "true":
		return true, nil
	default:
		return false, badRequest(fmt.Sprintf("cascade=%q：应为 0 或 1 (must be 0 or 1)", v))
	}
}

func sourceParam(c *fiber.Ctx) (string, error) {
	id := c.Params("id")
	if !validID(id) {
		return "", badRequest("来源编号格式不正确 (malformed source id)")
	}
	return id, nil
}

func regionParam(c *fiber.Ctx) (string, error) {
	code := c.Params("code")
	if !validCode(code) {
		return "", badRequest("地区代码应为6位数字 (region code must be 6 digits)")
	}
	return code, nil
}

func metricParam(c *fiber.Ctx) (string, error) {
	code := c.Params("code")
	if !validID(code) {
		return "", badRequest("指标代码格式不正确 (malformed metric code)")
	}
	return code, nil
}

func observationParam(c *fiber.Ctx) (uint, error) {
	id, err := strconv.ParseUint(c.Params("id"), 10, 32)
	if err != nil || id == 0 {
		return 0, badRequest("数据编号应为正整数 (observation id must be a positive integer)")
	}
	return uint(id), nil
}

// deleted answers a successful delete.
func deleted(c *fiber.Ctx, entity, key string, cascaded int) error {
	return c.JSON(fiber.Map{"deleted": entity, "key": key, "observations_deleted": cascaded})
}

func (h *Handler) adminListSources(c *fiber.Ctx) error { return h.apiSources(c) }

func (h *Handler) adminGetSource(c *fiber.Ctx) error {
	id, err := sourceParam(c)
	if err != nil {
		return err
	}
	s, err := models.GetSource(h.db, id)
	if err != nil {
		return err
	}
	return c.JSON(s)
}

func (h *Handler) adminCreateSource(c *fiber.Ctx) error {
	var s models.Source
	if err := decodeJSON(c, &s); err != nil {
		return err
	}
	s, err := models.CreateSource(h.db, actorOf(c), s)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(s)
}

func (h *Handler) adminUpdateSource(c *fiber.Ctx) error {
	id, err := sourceParam(c)
	if err != nil {
		return err
	}
	var s models.Source
	if err := decodeJSON(c, &s); err != nil {
		return err
	}
	if s, err = models.UpdateSource(h.db, actorOf(c), id, s); err != nil {
		return err
	}
	return c.JSON(s)
}

func (h *Handler) adminDeleteSource(c *fiber.Ctx) error {
	id, err := sourceParam(c)
	if err != nil {
		return err
	}
	cascade, err := cascadeParam(c)
	if err != nil {
		return err
	}
	n, err := models.DeleteSource(h.db, actorOf(c), id, cascade)
	if err != nil {
		return err
	}
	return deleted(c, models.EntitySource, id, n)
}

func (h *Handler) adminListRegions(c *fiber.Ctx) error { return h.apiRegions(c) }

func (h *Handler) adminGetRegion(c *fiber.Ctx) error {
	code, err := regionParam(c)
	if err != nil {
		return err
	}
	r, err := models.GetRegion(h.db, code)
	if err != nil {
		return err
	}
	return c.JSON(r)
}

func (h *Handler) adminCreateRegion(c *fiber.Ctx) error {
	var r models.Region
	if err := decodeJSON(c, &r); err != nil {
		return err
	}
	r, err := models.CreateRegion(h.db, actorOf(c), r)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(r)
}

func (h *Handler) adminUpdateRegion(c *fiber.Ctx) error {
	code, err := regionParam(c)
	if err != nil {
		return err
	}
	var r models.Region
	if err := decodeJSON(c, &r); err != nil {
		return err
	}
	if r, err = models.UpdateRegion(h.db, actorOf(c), code, r); err != nil {
		return err
	}
	return c.JSON(r)
}

func (h *Handler) adminDeleteRegion(c *fiber.Ctx) error {
	code, err := regionParam(c)
	if err != nil {
		return err
	}
	cascade, err := cascadeParam(c)
	if err != nil {
		return err
	}
	n, err := models.DeleteRegion(h.db, actorOf(c), code, cascade)
	if err != nil {
		return err
	}
	return deleted(c, models.EntityRegion, code, n)
}

func (h *Handler) adminListMetrics(c *fiber.Ctx) error { return h.apiMetrics(c) }

func (h *Handler) adminGetMetric(c *fiber.Ctx) error {
	code, err := metricParam(c)
	if err != nil {
		return err
	}
	m, err := models.GetMetric(h.db, code)
	if err != nil {
		return err
	}
	return c.JSON(m)
}

func (h *Handler) adminCreateMetric(c *fiber.Ctx) error {
	var m models.Metric
	if err := decodeJSON(c, &m); err != nil {
		return err
	}
	m, err := models.CreateMetric(h.db, actorOf(c), m)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(m)
}

func (h *Handler) adminUpdateMetric(c *fiber.Ctx) error {
	code, err := metricParam(c)
	if err != nil {
		return err
	}
	var m models.Metric
	if err := decodeJSON(c, &m); err != nil {
		return err
	}
	if m, err = models.UpdateMetric(h.db, actorOf(c), code, m); err != nil {
		return err
	}
	return c.JSON(m)
}

func (h *Handler) adminDeleteMetric(c *fiber.Ctx) error {
	code, err := metricParam(c)
	if err != nil {
		return err
	}
	cascade, err := cascadeParam(c)
	if err != nil {
		return err
	}
	n, err := models.DeleteMetric(h.db, actorOf(c), code, cascade)
	if err != nil {
		return err
	}
	return deleted(c, models.EntityMetric, code, n)
}

// observationBody is an observation as a client sends it. Value is kept raw
// so that a number too large for a float64 (1e400) or a string ("NaN") is
// a 422 on "value", not a decoding failure.
type observationBody struct {
	RegionCode string          `json:"region_code"`
	MetricCode string          `json:"metric_code"`
	Period     string          `json:"period"`
	SourceID   string          `json:"source_id"`
	Value      json.RawMessage `json:"value"`
	Qualifier  string          `json:"qualifier"`
	Stated     string          `json:"stated"`
	Derived    bool            `json:"derived"`
	Derivation string          `json:"derivation"`
	Quote      string          `json:"quote"`
	Note       string          `json:"note"`
}

// input turns the body into the models' input; the value is the JSON
// number's text, or the JSON string's content.
func (b observationBody) input() models.ObservationInput {
	v := strings.TrimSpace(string(b.Value))
	if v == "null" {
		v = ""
	}
	var s string
	if strings.HasPrefix(v, `"`) && json.Unmarshal(b.Value, &s) == nil {
		v = s
	}
	return models.ObservationInput{
		RegionCode: b.RegionCode, MetricCode: b.MetricCode, Period: b.Period, SourceID: b.SourceID, Value: v,
		Qualifier: b.Qualifier, Stated: b.Stated, Derived: b.Derived, Derivation: b.Derivation, Quote: b.Quote, Note: b.Note,
	}
}

// sendObservation answers with observation id as the public API shows it.
func (h *Handler) sendObservation(c *fiber.Ctx, status int, id uint) error {
	o, err := models.GetObservation(h.db, id)
	if err != nil {
		return err
	}
	return c.Status(status).JSON(toObservationJSON(o))
}

func (h *Handler) adminGetObservation(c *fiber.Ctx) error {
	id, err := observationParam(c)
	if err != nil {
		return err
	}
	return h.sendObservation(c, fiber.StatusOK, id)
}

func (h *Handler) adminCreateObservation(c *fiber.Ctx) error {
	var b observationBody
	if err := decodeJSON(c, &b); err != nil {
		return err
	}
	o, err := models.CreateObservation(h.db, actorOf(c), b.input())
	if err != nil {
		return err
	}
	return h.sendObservation(c, fiber.StatusCreated, o.ID)
}

func (h *Handler) adminUpdateObservation(c *fiber.Ctx) error {
	id, err := observationParam(c)
	if err != nil {
		return err
	}
	var b observationBody
	if err := decodeJSON(c, &b); err != nil {
		return err
	}
	if _, err := models.UpdateObservation(h.db, actorOf(c), id, b.input()); err != nil {
		return err
	}
	return h.sendObservation(c, fiber.StatusOK, id)
}

func (h *Handler) adminDeleteObservation(c *fiber.Ctx) error {
	id, err := observationParam(c)
	if err != nil {
		return err
	}
	if err := models.DeleteObservation(h.db, actorOf(c), id); err != nil {
		return err
	}
	return deleted(c, models.EntityObservation, strconv.FormatUint(uint64(id), 10), 0)
}

// maxFileNameLen bounds the file name recorded in the audit trail.
const maxFileNameLen = 200

// adminImport answers POST /api/admin/import: the body is the CSV file
// (at most MaxImportBody); ?dry_run=1 validates and counts without
// writing; ?file= names the file for the audit trail.
func (h *Handler) adminImport(c *fiber.Ctx) error {
	body := c.Body()
	if len(body) > MaxImportBody {
		return tooLarge("CSV 文件", MaxImportBody)
	}
	var dry bool
	switch v := c.Query("dry_run"); v {
	case "", "0", "false":
	case "1", "true":
		dry = true
	default:
		return badRequest(fmt.Sprintf("dry_run=%q：应为 0 或 1 (must be 0 or 1)", v))
	}
	name := c.Query("file")
	if utf8.RuneCountInString(name) > maxFileNameLen || !utf8.ValidString(name) {
		return badRequest("file 参数过长或不是 UTF-8 (file name too long or not UTF-8)")
	}
	if err := h.allow(c, h.importLimit, "导入"); err != nil {
		return err
	}
	rep, err := models.ImportCSV(h.db, body, models.ImportOptions{Actor: actorOf(c), DryRun: dry, FileName: name})
	if err != nil {
		return err
	}
	return c.JSON(rep)
}

// adminAudit answers GET /api/admin/audit?limit=N (1–1000, default 100), newest first.
func (h *Handler) adminAudit(c *fiber.Ctx) error {
	limit := models.DefaultAuditLimit
	if raw := c.Query("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > models.MaxAuditLimit {
			return badRequest(fmt.Sprintf("limit=%q：应为 1 到 %d 之间的整数 (must be an integer from 1 to %d)", raw, models.MaxAuditLimit, models.MaxAuditLimit))
		}
		limit = n
	}
	entries, err := models.ListAudit(h.db, limit)
	if err != nil {
		return err
	}
	return c.JSON(entries)
}

// adminExport answers GET /api/admin/export.csv: the observations CSV, not cached.
func (h *Handler) adminExport(c *fiber.Ctx) error {
	if err := h.observationsCSV(c); err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return nil
}

// ExportCSV returns every observation as the CSV download /api/observations.csv
// serves (UTF-8 with BOM, CRLF, formulas neutralised): the file the import
// reads back.
func ExportCSV(db *gorm.DB) ([]byte, error) {
	obs, err := models.FindObservations(db, models.ObservationFilter{})
	if err != nil {
		return nil, err
	}
	return writeObservationsCSV(obs)
}
