-- 0012_compliance_perf: a generation number for the compliance report's
-- input cache (svc/compliance.c). Every write to a table the report or its
-- finding sources read bumps `gen` (by trigger, in the writer's transaction),
-- so a cached input read under an older generation is never served again.
-- `salt` tells apart databases that happen to share a generation number (each
-- new database, in-memory ones included, draws its own).
CREATE TABLE compliance_gen (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    salt TEXT NOT NULL,
    gen  INTEGER NOT NULL
) STRICT;
INSERT INTO compliance_gen (id, salt, gen) VALUES (1, lower(hex(randomblob(8))), 0);

CREATE TRIGGER cmp_gen_orgs_insert AFTER INSERT ON orgs
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_orgs_update AFTER UPDATE ON orgs
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_orgs_delete AFTER DELETE ON orgs
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_org_posts_insert AFTER INSERT ON org_posts
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_org_posts_update AFTER UPDATE ON org_posts
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_org_posts_delete AFTER DELETE ON org_posts
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_member_counts_insert AFTER INSERT ON member_counts
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_member_counts_update AFTER UPDATE ON member_counts
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_member_counts_delete AFTER DELETE ON member_counts
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_units_insert AFTER INSERT ON units
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_units_update AFTER UPDATE ON units
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_units_delete AFTER DELETE ON units
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_life_counts_insert AFTER INSERT ON life_counts
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_life_counts_update AFTER UPDATE ON life_counts
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_life_counts_delete AFTER DELETE ON life_counts
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_life_member_year_insert AFTER INSERT ON life_member_year
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_life_member_year_update AFTER UPDATE ON life_member_year
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_life_member_year_delete AFTER DELETE ON life_member_year
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_compliance_exemptions_insert AFTER INSERT ON compliance_exemptions
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_compliance_exemptions_update AFTER UPDATE ON compliance_exemptions
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_compliance_exemptions_delete AFTER DELETE ON compliance_exemptions
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_compliance_acks_insert AFTER INSERT ON compliance_acks
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_compliance_acks_update AFTER UPDATE ON compliance_acks
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_compliance_acks_delete AFTER DELETE ON compliance_acks
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_org_terms_insert AFTER INSERT ON org_terms
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_org_terms_update AFTER UPDATE ON org_terms
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_org_terms_delete AFTER DELETE ON org_terms
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_term_candidates_insert AFTER INSERT ON term_candidates
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_term_candidates_update AFTER UPDATE ON term_candidates
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_term_candidates_delete AFTER DELETE ON term_candidates
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_rule_overrides_insert AFTER INSERT ON rule_overrides
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_rule_overrides_update AFTER UPDATE ON rule_overrides
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER cmp_gen_rule_overrides_delete AFTER DELETE ON rule_overrides
BEGIN UPDATE compliance_gen SET gen = gen + 1 WHERE id = 1; END;
