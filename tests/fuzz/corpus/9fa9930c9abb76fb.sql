-- date/time types: date, time, timetz, timestamp, timestamptz, precisions, long spellings, interval with fields
CREATE TABLE schedules (
  id int PRIMARY KEY,
  starts_on date NOT NULL DEFAULT CURRENT_DATE,
  local_time time,
  local_time_ms time(3),
  zoned_time timetz,
  zoned_time_long time with time zone,
  plain_time_long time without time zone,
  at_ts timestamp,
  at_ts_long timestamp without time zone DEFAULT LOCALTIMESTAMP,
  at_tstz timestamptz NOT NULL DEFAULT now(),
  at_tstz_long timestamp with time zone DEFAULT CURRENT_TIMESTAMP,
  at_tstz_ms timestamp(3) with time zone DEFAULT CURRENT_TIMESTAMP(3),
  at_ts0 timestamp(0),
  at_tstz6 timestamptz(6),
  every interval DEFAULT '1 day',
  every_hm interval hour to minute,
  every_ym interval year to month,
  every_s interval second(3),
  every_ds interval day to second(0),
  retention interval NOT NULL DEFAULT '30 days'::interval
);
