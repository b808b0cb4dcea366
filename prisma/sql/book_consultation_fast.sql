-- The booking fast path (server/scheduling/bookingStore.ts calls it; server/scheduling/booking.ts
-- builds its arguments): lock, the state machine's status and party check (the party comes from
-- the access policy, server/consultation/stateMachine.ts sqlPartyFor), offered-slot check, holds
-- under the exclusion constraint, transition, event, audit and notifications in one round trip.
--
-- This file is the one source of the function. Change it here, then `npm run db:sql-migration --
-- <name> book_consultation_fast` writes a migration from it (add a DROP FUNCTION above the
-- definition when the signature changes). server/db/migrations-tooling/sqlSources.test.ts fails
-- when the newest migration that defines the function differs from this file.
-- server/scheduling/bookingRules.integration.test.ts checks its rules agree with the TypeScript.
CREATE OR REPLACE FUNCTION book_consultation_fast(
  p_id uuid, p_actor uuid, p_actor_role "Role", p_actor_name text, p_party text, p_from text[], p_to text,
  p_action text, p_starts_at timestamptz, p_now timestamptz, p_expected_version integer, p_request_id text,
  p_appointment_id uuid, p_notify_params jsonb
) RETURNS TABLE (outcome text, detail jsonb, after_row consultation)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  c consultation;
  v_after consultation;
  v_local timestamp;
  v_day_start timestamptz;
  v_slot_minutes integer;
  v_ends_at timestamptz;
  v_from timestamptz;
  v_notifications jsonb;
BEGIN
  SELECT * INTO c FROM consultation WHERE id = p_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'not_found'::text, NULL::jsonb, NULL::consultation;
    RETURN;
  END IF;
  IF p_party IS NULL
     OR NOT (p_party = 'any'
       OR (p_party = 'requester' AND c.requester_id = p_actor)
       OR (p_party = 'expert' AND c.expert_id IS NOT DISTINCT FROM p_actor)
       OR (p_party = 'expertOrOpen' AND (c.expert_id = p_actor OR c.expert_id IS NULL)))
     OR NOT (c.status::text = ANY (p_from)) THEN
    RETURN QUERY SELECT 'refused'::text, jsonb_build_object('status', c.status, 'requesterId', c.requester_id, 'expertId', c.expert_id), NULL::consultation;
    RETURN;
  END IF;
  IF c.expert_id IS NULL THEN
    RETURN QUERY SELECT 'no_expert'::text, NULL::jsonb, NULL::consultation;
    RETURN;
  END IF;
  IF p_starts_at <= p_now THEN
    RETURN QUERY SELECT 'past'::text, NULL::jsonb, NULL::consultation;
    RETURN;
  END IF;

  -- Offered slot: aligned in a template window of that Shanghai day (fixed UTC+8, as time.ts) or
  -- an EXTRA window, fitting it, touching no LEAVE/SURGERY; the earliest window decides the length.
  v_local := (p_starts_at AT TIME ZONE 'UTC') + interval '8 hours';
  v_day_start := (v_local::date::timestamp - interval '8 hours') AT TIME ZONE 'UTC';
  SELECT w.slot_minutes INTO v_slot_minutes FROM (
      SELECT v_day_start + t.start_minute * interval '1 minute' AS ws, v_day_start + t.end_minute * interval '1 minute' AS we, t.slot_minutes::integer AS slot_minutes, 0 AS src
        FROM availability_template t WHERE t.expert_id = c.expert_id AND t.weekday = extract(isodow FROM v_local)::integer
      UNION ALL
      SELECT e.starts_at, e.ends_at, e.slot_minutes::integer, 1
        FROM availability_exception e WHERE e.expert_id = c.expert_id AND e.kind = 'EXTRA' AND e.starts_at <= p_starts_at AND e.ends_at > p_starts_at
    ) w
   WHERE p_starts_at >= w.ws AND p_starts_at + w.slot_minutes * interval '1 minute' <= w.we
     AND mod(round(extract(epoch FROM p_starts_at - w.ws) * 1000)::bigint, w.slot_minutes * 60000::bigint) = 0
     AND NOT EXISTS (SELECT 1 FROM availability_exception b WHERE b.expert_id = c.expert_id AND b.kind <> 'EXTRA'
                      AND b.starts_at < p_starts_at + w.slot_minutes * interval '1 minute' AND b.ends_at > p_starts_at)
   ORDER BY w.ws, w.src LIMIT 1;

  v_from := greatest(p_starts_at, p_now);
  IF v_slot_minutes IS NULL THEN
    RETURN QUERY SELECT 'not_offered'::text, booking_calendar(c.expert_id, c.requester_id, v_from), NULL::consultation;
    RETURN;
  END IF;
  v_ends_at := p_starts_at + v_slot_minutes * interval '1 minute';

  -- Most losers arrive after the winner committed: answer them from the index the exclusion
  -- constraint uses, without the subtransaction and the failed inserts. A loser racing an
  -- uncommitted winner still meets the constraint below.
  -- One probe per person (GiST cannot search "user_id IN (...)").
  IF EXISTS (SELECT 1 FROM person_booking b WHERE b.user_id = c.expert_id AND b.active
                AND tstzrange(b.starts_at, b.ends_at, '[)') && tstzrange(p_starts_at, v_ends_at, '[)'))
     OR EXISTS (SELECT 1 FROM person_booking b WHERE b.user_id = c.requester_id AND b.active
                AND tstzrange(b.starts_at, b.ends_at, '[)') && tstzrange(p_starts_at, v_ends_at, '[)')) THEN
    RETURN QUERY SELECT 'taken'::text, booking_calendar(c.expert_id, c.requester_id, v_from), NULL::consultation;
    RETURN;
  END IF;

  BEGIN
    INSERT INTO appointment (id, consultation_id, starts_at, ends_at, booked_by_id) VALUES (p_appointment_id, p_id, p_starts_at, v_ends_at, p_actor);
    INSERT INTO person_booking (id, appointment_id, user_id, starts_at, ends_at)
      VALUES (gen_random_uuid(), p_appointment_id, c.expert_id, p_starts_at, v_ends_at), (gen_random_uuid(), p_appointment_id, c.requester_id, p_starts_at, v_ends_at);
  EXCEPTION WHEN exclusion_violation THEN
    -- A new snapshot per statement (VOLATILE, read committed): the winner's holds are visible.
    RETURN QUERY SELECT 'taken'::text, booking_calendar(c.expert_id, c.requester_id, v_from), NULL::consultation;
    RETURN;
  END;
  IF p_expected_version IS NOT NULL AND p_expected_version <> c.version THEN
    RAISE EXCEPTION 'stale consultation version' USING ERRCODE = 'RB409';
  END IF;
  UPDATE consultation SET scheduled_start = p_starts_at, scheduled_end = v_ends_at, status = p_to::"ConsultationStatus",
         version = version + 1, updated_at = now()
   WHERE id = p_id RETURNING * INTO v_after;
  INSERT INTO consultation_event (consultation_id, action, from_status, to_status, actor_id, reason)
    VALUES (p_id, p_action, c.status, v_after.status, p_actor, NULL);
  INSERT INTO audit_log (actor_id, actor_role, action, target_type, target_id, request_id, details)
    VALUES (p_actor, p_actor_role, 'consultation.' || p_action, 'consultation', p_id::text, p_request_id,
            jsonb_build_object('from', c.status, 'to', v_after.status, 'version', v_after.version));
  WITH recipients AS (
      SELECT DISTINCT u FROM (
        SELECT c.requester_id AS u UNION ALL SELECT c.expert_id
        UNION ALL SELECT id FROM app_user WHERE role = 'COORDINATOR' AND NOT disabled) x
       WHERE u IS NOT NULL AND u <> p_actor),
    inserted AS (
      INSERT INTO notification (id, user_id, kind, params, link)
        SELECT gen_random_uuid(), u, 'consultation.' || p_action,
               jsonb_build_object('number', v_after.number, 'actor', p_actor_name) || p_notify_params, '/consultations/' || p_id
          FROM recipients
        ON CONFLICT DO NOTHING
        RETURNING id, user_id, kind, params, link, created_at)
  SELECT coalesce(jsonb_agg(jsonb_build_object('id', id, 'userId', user_id, 'kind', kind, 'params', params, 'link', link, 'createdAt', created_at)), '[]'::jsonb)
    INTO v_notifications FROM inserted;

  RETURN QUERY SELECT 'ok'::text,
    jsonb_build_object('before', jsonb_build_object('status', c.status, 'version', c.version, 'scheduledStart', c.scheduled_start,
                                                    'scheduledEnd', c.scheduled_end, 'updatedAt', c.updated_at),
                       'notifications', v_notifications),
    v_after;
END;
$$;
