-- Inbox files as first read. A file read again after a crash (it had not been moved out of the inbox yet) reopens
-- only the tasks dead-lettered before its first read: the ones its first read admitted and that were dead-lettered
-- in between stay dead. The key names one file: its path, size, modification time and file id, so a new file
-- dropped under an old name is a new file (and reopens as any new file does). Rows older than 30 days are pruned.
CREATE TABLE inbox_read (
    file_key      VARCHAR(1024) NOT NULL PRIMARY KEY,
    first_read_at BIGINT        NOT NULL
);

CREATE INDEX inbox_read_age ON inbox_read (first_read_at);
