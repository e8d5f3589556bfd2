package handlers

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"ecomdash/models"
)

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
