package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"ecomdash/models"
)

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
	var in models.ObservationInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	o, err := models.CreateObservation(h.db, actorOf(c), in)
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
	var in models.ObservationInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if _, err := models.UpdateObservation(h.db, actorOf(c), id, in); err != nil {
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
