-- Up Migration

-- Issue 23: a team's customers are written to in its language unless the commitment names one,
-- and its choice of how far state texting rules reach (docs/texting.md): every customer text
-- (the conservative default) or only messages marked promotional. The federal floor applies
-- to every text either way.
ALTER TABLE teams ADD COLUMN customer_locale text;
ALTER TABLE teams ADD COLUMN state_texting_rules text NOT NULL DEFAULT 'every_text'
  CHECK (state_texting_rules IN ('every_text', 'promotional_only'));

-- Down Migration
ALTER TABLE teams DROP COLUMN state_texting_rules;
ALTER TABLE teams DROP COLUMN customer_locale;
