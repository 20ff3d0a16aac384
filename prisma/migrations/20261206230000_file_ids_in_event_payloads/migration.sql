-- A batch's file is a "file" in code now (the table keeps its name, "Job"). The frozen
-- payloads of batch.finished and results.expiring events named each file's id `jobId`;
-- they say `fileId` from here on. Same values, so a retried email renders the same bytes.
UPDATE "NotificationEvent" AS event
SET payload = jsonb_set(
  event.payload,
  '{files}',
  (
    SELECT coalesce(jsonb_agg(
      CASE WHEN file ? 'jobId' THEN (file - 'jobId') || jsonb_build_object('fileId', file -> 'jobId') ELSE file END
      ORDER BY position
    ), '[]'::jsonb)
    FROM jsonb_array_elements(event.payload -> 'files') WITH ORDINALITY AS files(file, position)
  )
)
WHERE event.type IN ('batch.finished', 'results.expiring')
  AND jsonb_typeof(event.payload -> 'files') = 'array';
