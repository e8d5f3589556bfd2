package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"ecomdash/models"
)

// Sources, regions, metrics, saved charts and dashboards are keyed tables
// (models.Table): each row has a stable key in its URL. The admin API
// serves them all the same way: list, read, create, replace and delete,
// with a check before a chart or dashboard is saved (admin_charts.go). The
// public API lists sources, regions and metrics as JSON, and the sources
// and regions have a page listing them; charts and dashboards have their
// own pages and API (pages.go, api.go).

// tableResource is one keyed table as the admin API serves it.
type tableResource[T any] struct {
	table *models.Table[T]
	// entity names it in answers to deletes.
	entity string
	// param is the key's path parameter; valid checks its form, and
	// malformed is the 400 message otherwise.
	param     string
	valid     func(string) bool
	malformed string
	// missing opens the 404 message of a key that has no row (没有这个来源：).
	missing string
	// prepare, when set, checks and normalises a row before it is
	// created (key "") or replaced: what the models package cannot check
	// itself, such as a chart's state against the grammar.
	prepare func(h *Handler, key string, row *T) error
}

var (
	sourceResource = tableResource[models.Source]{table: models.Sources, entity: models.EntitySource,
		param: "id", valid: models.ValidID, malformed: "来源编号格式不正确 (malformed source id)", missing: "没有这个来源："}
	regionResource = tableResource[models.Region]{table: models.Regions, entity: models.EntityRegion,
		param: "code", valid: models.ValidRegionCode, malformed: "地区代码格式不正确：应为6位数字 (region code must be 6 digits)", missing: "没有这个地区："}
	metricResource = tableResource[models.Metric]{table: models.Metrics, entity: models.EntityMetric,
		param: "code", valid: models.ValidID, malformed: "指标代码格式不正确 (malformed metric code)", missing: "没有这个指标："}
	chartResource = tableResource[models.Chart]{table: models.Charts, entity: models.EntityChart,
		param: "id", valid: models.ValidID, malformed: "图表编号格式不正确 (malformed chart id)", missing: "没有这个图表：", prepare: prepareChart}
	dashboardResource = tableResource[models.Dashboard]{table: models.Dashboards, entity: models.EntityDashboard,
		param: "id", valid: models.ValidID, malformed: "看板编号格式不正确 (malformed dashboard id)", missing: "没有这个看板：", prepare: prepareDashboard}
)

// withKey wraps fn, which needs the row's key, checking the key's form.
func (t tableResource[T]) withKey(fn func(c *fiber.Ctx, key string) error) fiber.Handler {
	return func(c *fiber.Ctx) error {
		key := c.Params(t.param)
		if !t.valid(key) {
			return badRequest(t.malformed)
		}
		return fn(c, key)
	}
}

// byParam reads the row whose key is in the path: a 400 for a malformed
// key, a 404 naming it for a key with no row.
func (t tableResource[T]) byParam(h *Handler, c *fiber.Ctx) (T, error) {
	key := c.Params(t.param)
	if !t.valid(key) {
		var none T
		return none, badRequest(t.malformed)
	}
	row, err := t.table.Get(h.db, key)
	if errors.Is(err, models.ErrNotFound) {
		return row, notFound(t.missing + key)
	}
	return row, err
}

// list answers with every row: the public API's /api/regions, /api/metrics
// and /api/sources, and the admin API's lists.
func (t tableResource[T]) list(h *Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		rows, err := t.table.List(h.db)
		if err != nil {
			return err
		}
		return c.JSON(rows)
	}
}

// register adds GET and POST path (list, create) and GET, PUT and DELETE
// path/:key (read, replace, delete; ?cascade=1 deletes the figures that use
// the row too).
func (t tableResource[T]) register(g fiber.Router, h *Handler, path string) {
	one := path + "/:" + t.param
	g.Get(path, takes(), t.list(h))
	g.Post(path, takes(), func(c *fiber.Ctx) error {
		var row T
		if err := decodeJSON(c, &row); err != nil {
			return err
		}
		if t.prepare != nil {
			if err := t.prepare(h, "", &row); err != nil {
				return err
			}
		}
		row, err := t.table.Create(h.db, actorOf(c), row)
		if err != nil {
			return err
		}
		return c.Status(fiber.StatusCreated).JSON(row)
	})
	g.Get(one, takes(), t.withKey(func(c *fiber.Ctx, key string) error {
		row, err := t.table.Get(h.db, key)
		if err != nil {
			return err
		}
		return c.JSON(row)
	}))
	g.Put(one, takes(), t.withKey(func(c *fiber.Ctx, key string) error {
		var row T
		if err := decodeJSON(c, &row); err != nil {
			return err
		}
		if t.prepare != nil {
			if err := t.prepare(h, key, &row); err != nil {
				return err
			}
		}
		row, err := t.table.Update(h.db, actorOf(c), key, row)
		if err != nil {
			return err
		}
		return c.JSON(row)
	}))
	g.Delete(one, takes("cascade"), t.withKey(func(c *fiber.Ctx, key string) error {
		cascade, err := queryBool(c, "cascade", false)
		if err != nil {
			return err
		}
		n, err := t.table.Delete(h.db, actorOf(c), key, cascade)
		if err != nil {
			return err
		}
		return deleted(c, t.entity, key, n)
	}))
}

// listPage is a page listing every row of a table (regions, sources).
type listPage[T any] struct {
	Page
	Rows []T
}

// listPage serves the page name listing every row of the table.
func (t tableResource[T]) listPage(h *Handler, name string, p Page) fiber.Handler {
	return func(c *fiber.Ctx) error {
		rows, err := t.table.List(h.db)
		if err != nil {
			return err
		}
		return h.sendPage(c, name, listPage[T]{Page: p, Rows: rows})
	}
}
