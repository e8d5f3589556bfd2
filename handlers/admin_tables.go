package handlers

import (
	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"ecomdash/models"
)

// Sources, regions and metrics are keyed tables: each row has a stable key
// in its URL, and the admin API reads, creates, replaces and deletes them
// the same way. A tableResource names one table's key and model functions.
type tableResource[T any] struct {
	entity string
	// valid checks a key's form; malformed is the 400 message otherwise.
	valid     func(string) bool
	malformed string
	get       func(db *gorm.DB, key string) (T, error)
	create    func(db *gorm.DB, actor string, row T) (T, error)
	update    func(db *gorm.DB, actor, key string, row T) (T, error)
	remove    func(db *gorm.DB, actor, key string, cascade bool) (int, error)
}

var (
	sourceResource = tableResource[models.Source]{
		entity: models.EntitySource, valid: models.ValidID, malformed: "来源编号格式不正确 (malformed source id)",
		get: models.GetSource, create: models.CreateSource, update: models.UpdateSource, remove: models.DeleteSource,
	}
	regionResource = tableResource[models.Region]{
		entity: models.EntityRegion, valid: models.ValidRegionCode, malformed: "地区代码应为6位数字 (region code must be 6 digits)",
		get: models.GetRegion, create: models.CreateRegion, update: models.UpdateRegion, remove: models.DeleteRegion,
	}
	metricResource = tableResource[models.Metric]{
		entity: models.EntityMetric, valid: models.ValidID, malformed: "指标代码格式不正确 (malformed metric code)",
		get: models.GetMetric, create: models.CreateMetric, update: models.UpdateMetric, remove: models.DeleteMetric,
	}
)

// registerTable adds GET and POST path (list, create) and GET, PUT and
// DELETE path/:key (read, replace, delete; ?cascade=1 deletes the figures
// that use the row too). The list is the public API's answer.
func registerTable[T any](g fiber.Router, h *Handler, path, param string, t tableResource[T], list fiber.Handler) {
	name := param[1:]
	key := func(c *fiber.Ctx) (string, error) { return keyParam(c, name, t.valid, t.malformed) }
	g.Get(path, list)
	g.Post(path, func(c *fiber.Ctx) error {
		var row T
		if err := decodeJSON(c, &row); err != nil {
			return err
		}
		row, err := t.create(h.db, actorOf(c), row)
		if err != nil {
			return err
		}
		return c.Status(fiber.StatusCreated).JSON(row)
	})
	g.Get(path+"/"+param, func(c *fiber.Ctx) error {
		k, err := key(c)
		if err != nil {
			return err
		}
		row, err := t.get(h.db, k)
		if err != nil {
			return err
		}
		return c.JSON(row)
	})
	g.Put(path+"/"+param, func(c *fiber.Ctx) error {
		k, err := key(c)
		if err != nil {
			return err
		}
		var row T
		if err := decodeJSON(c, &row); err != nil {
			return err
		}
		if row, err = t.update(h.db, actorOf(c), k, row); err != nil {
			return err
		}
		return c.JSON(row)
	})
	g.Delete(path+"/"+param, func(c *fiber.Ctx) error {
		k, err := key(c)
		if err != nil {
			return err
		}
		cascade, err := queryBool(c, "cascade", false)
		if err != nil {
			return err
		}
		n, err := t.remove(h.db, actorOf(c), k, cascade)
		if err != nil {
			return err
		}
		return deleted(c, t.entity, k, n)
	})
}
