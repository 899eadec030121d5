-- The H2 twin of this migration enlarges the identity caches (H2 wrote a whole store per 32 history rows).
-- PostgreSQL logs sequence values in its WAL and keeps history ids in commit order with the default cache of 1:
-- nothing to change here. The file keeps the two databases at the same schema version.
SELECT 1;
