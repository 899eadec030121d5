-- The operator's search and replay (GET /tasks filters, POST /tasks/replay, the status page): dead letters by
-- reason and tasks by model are read from these indexes, in task_id order so that a page is a range of the index.
-- (Numbered after the issue that added it, so that migrations written in parallel do not collide.)
CREATE INDEX task_reason ON task (reason, task_id);
CREATE INDEX task_model ON task (model, task_id);
