-- H2 writes an identity's sequence to the file whenever its cache of values runs out (32 by default), and with
-- WRITE_DELAY=0 that write is a whole store: every page the open transactions dirtied goes to a new chunk. One
-- history row per admitted task thus wrote a chunk every 32 tasks; with random task IDs each chunk held one leaf
-- page per task of the task_id indexes, and chunks that keep a few live pages are never freed (H2's compaction
-- runs only in its background writer, which WRITE_DELAY=0 turns off). Bulk admission of random IDs grew the file
-- by gigabytes (issue 17). A large cache writes the sequence once per 100,000 rows; a crash leaves a gap in the
-- ids, never a duplicate (H2 stores the end of the cached range before handing out its values).
ALTER TABLE task_event ALTER COLUMN id SET CACHE 100000;
ALTER TABLE outbox ALTER COLUMN id SET CACHE 100000;
