-- Up Migration
-- Written by hand (no schema change: prisma/schema.prisma is unchanged, so scripts/new-migration.ts has nothing to
-- generate). Retention for the append-only logs, issue 7.

-- End of generated SQL.

-- ============================================================================================================
-- Written by hand: controlled retention purges.
--
-- "AuditEvent" stays append-only for everyone (UPDATE, DELETE, TRUNCATE refused), with one exception: a DELETE of a
-- row older than the cutoff that audit_purge_before() has set for its own transaction (a transaction-local setting,
-- cleared again right after its DELETE). The purge records itself as an audit event (cutoff and count only: no
-- personal data). "CdsCall" and "CdsFeedback" (the CDS Hooks logs) become append-only in the same way, purged by
-- cds_log_purge_before(). `npm run db:audit-retention` calls both (scripts/audit-retention.ts).
--
-- What this guards against: application bugs and ad-hoc edits through the app's connection. It is not a defence
-- against the table's owner, who can always drop a trigger; restrict that role in production (docs/DEPLOY.md).
-- ============================================================================================================

CREATE OR REPLACE FUNCTION "audit_event_refuse_change"() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  cutoff text := current_setting('k2.purge_before_auditevent', true);
BEGIN
  -- Nested IFs: OLD does not exist for the statement-level TRUNCATE trigger, and SQL does not promise to
  -- short-circuit AND.
  IF TG_OP = 'DELETE' AND coalesce(cutoff, '') <> '' THEN
    IF OLD."at" < cutoff::timestamptz THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'AuditEvent is append-only: % refused', TG_OP
    USING ERRCODE = 'restrict_violation',
          HINT = 'Audit events can only be inserted; record a new event instead of changing an old one. Old events are removed only by audit_purge_before().';
END;
$$;

CREATE FUNCTION "audit_purge_before"(cutoff timestamptz) RETURNS bigint
LANGUAGE plpgsql
AS $$
DECLARE
  purged bigint;
BEGIN
  IF cutoff IS NULL OR cutoff > now() THEN
    RAISE EXCEPTION 'audit_purge_before: the cutoff must be a time in the past';
  END IF;
  PERFORM set_config('k2.purge_before_auditevent', cutoff::text, true);
  DELETE FROM "AuditEvent" WHERE "at" < cutoff;
  GET DIAGNOSTICS purged = ROW_COUNT;
  PERFORM set_config('k2.purge_before_auditevent', '', true);
  INSERT INTO "AuditEvent" ("actor", "action", "entity", "details")
    VALUES ('system:retention', 'audit.purge', 'AuditEvent', jsonb_build_object('cutoff', cutoff, 'purged', purged));
  RETURN purged;
END;
$$;

-- The CDS Hooks logs: append-only, with the same kind of purge.
CREATE FUNCTION "cds_log_refuse_change"() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  cutoff text := current_setting('k2.purge_before_cdslog', true);
BEGIN
  IF TG_OP = 'DELETE' AND coalesce(cutoff, '') <> '' THEN
    IF OLD."at" < cutoff::timestamptz THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING HINT = 'CDS Hooks log rows can only be inserted. Old rows are removed only by cds_log_purge_before().';
END;
$$;

CREATE TRIGGER "CdsCall_refuse_update_delete"
  BEFORE UPDATE OR DELETE ON "CdsCall"
  FOR EACH ROW EXECUTE FUNCTION "cds_log_refuse_change"();
CREATE TRIGGER "CdsCall_refuse_truncate"
  BEFORE TRUNCATE ON "CdsCall"
  FOR EACH STATEMENT EXECUTE FUNCTION "cds_log_refuse_change"();
CREATE TRIGGER "CdsFeedback_refuse_update_delete"
  BEFORE UPDATE OR DELETE ON "CdsFeedback"
  FOR EACH ROW EXECUTE FUNCTION "cds_log_refuse_change"();
CREATE TRIGGER "CdsFeedback_refuse_truncate"
  BEFORE TRUNCATE ON "CdsFeedback"
  FOR EACH STATEMENT EXECUTE FUNCTION "cds_log_refuse_change"();

CREATE FUNCTION "cds_log_purge_before"(cutoff timestamptz) RETURNS TABLE (calls bigint, feedback bigint)
LANGUAGE plpgsql
AS $$
BEGIN
  IF cutoff IS NULL OR cutoff > now() THEN
    RAISE EXCEPTION 'cds_log_purge_before: the cutoff must be a time in the past';
  END IF;
  PERFORM set_config('k2.purge_before_cdslog', cutoff::text, true);
  DELETE FROM "CdsCall" WHERE "at" < cutoff;
  GET DIAGNOSTICS calls = ROW_COUNT;
  DELETE FROM "CdsFeedback" WHERE "at" < cutoff;
  GET DIAGNOSTICS feedback = ROW_COUNT;
  PERFORM set_config('k2.purge_before_cdslog', '', true);
  INSERT INTO "AuditEvent" ("actor", "action", "entity", "details")
    VALUES ('system:retention', 'cds-log.purge', 'CdsCall', jsonb_build_object('cutoff', cutoff, 'calls', calls, 'feedback', feedback));
  RETURN NEXT;
END;
$$;

-- End of hand-written SQL.
