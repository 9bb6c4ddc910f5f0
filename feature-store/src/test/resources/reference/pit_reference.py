"""Reference answers for the feature store's conformance tests, from DuckDB and pandas.

Usage: pit_reference.py FEATURES_GLOB ENTITIES_PARQUET TTL_MICROS WINDOWS_MICROS(comma) OUT_JSON

Feature rows: key (string), ts (timestamp, may be null), created (timestamp, may be null), v1 (double, may be
null), v2 (long), plus seq (the source order, 0..n-1). Entity rows: id, key (may be null), event_timestamp (may be null).

What each engine can check (see docs/FeatureStore.md):
- DuckDB ASOF JOIN picks the latest row with ts <= t but breaks ties of ts arbitrarily and has no TTL, so the
  feature rows are first reduced to one per (key, ts) -- the largest (created NULLS FIRST, seq) -- and the TTL is
  applied after the join to the matched row (equivalent, because the latest row is the only candidate).
- pandas merge_asof (direction='backward', allow_exact_matches=True, tolerance=ttl) takes the last row of equal ts
  in the right frame's order, so the right frame is stable-sorted by (ts, created NULLS FIRST, seq); rows with a
  null key or time are dropped first (merge_asof refuses nulls in 'on' and may match null 'by' keys).
- Windowed aggregations: a DuckDB range join f.ts in (t - w, t] grouped per entity row (count, sum, avg, min, max,
  stddev_samp, and arg_max for last by (ts, created, seq)).
"""
import json
import sys

import duckdb
import numpy as np
import pandas as pd


def clean(v):
    if v is None:
        return None
    if isinstance(v, float) and np.isnan(v):
        return None
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return None if np.isnan(v) else float(v)
    return v


def main():
    feat_glob, ent_path, ttl_us, windows, out = sys.argv[1:6]
    ttl_us = int(ttl_us)
    windows = [int(w) for w in windows.split(",") if w]
    con = duckdb.connect()
    con.execute(f"CREATE TABLE f AS SELECT * FROM read_parquet('{feat_glob}', filename=true)")
    con.execute(f"CREATE TABLE e AS SELECT id, key, event_timestamp AS t FROM read_parquet('{ent_path}')")
    result = {}

    asof = con.execute(f"""
        WITH latest AS (
            SELECT * FROM f WHERE ts IS NOT NULL AND key IS NOT NULL
            QUALIFY row_number() OVER (PARTITION BY key, ts ORDER BY created DESC NULLS LAST, seq DESC) = 1)
        SELECT e.id,
               CASE WHEN l.ts >= e.t - to_microseconds({ttl_us}) THEN l.v1 END AS v1,
               CASE WHEN l.ts >= e.t - to_microseconds({ttl_us}) THEN l.v2 END AS v2
        FROM e ASOF LEFT JOIN latest l ON e.key = l.key AND e.t >= l.ts
        ORDER BY e.id""").fetchall()
    result["duckdb"] = [[clean(r[1]), clean(r[2])] for r in asof]

    fdf = con.execute("SELECT * FROM f").df()
    edf = con.execute("SELECT * FROM e ORDER BY id").df()
    right = fdf[fdf["key"].notna() & fdf["ts"].notna()].copy()
    right["created_sort"] = right["created"].fillna(pd.Timestamp.min.tz_localize("UTC"))
    right = right.sort_values(["ts", "created_sort", "seq"], kind="stable")
    left = edf[edf["key"].notna() & edf["t"].notna()].sort_values("t", kind="stable")
    merged = pd.merge_asof(left, right[["key", "ts", "v1", "v2"]], left_on="t", right_on="ts", by="key",
                           direction="backward", allow_exact_matches=True,
                           tolerance=pd.Timedelta(microseconds=ttl_us))
    by_id = {int(r.id): [clean(r.v1), None if pd.isna(r.v2) else int(r.v2)] for r in merged.itertuples()}
    result["pandas"] = [by_id.get(int(i), [None, None]) for i in edf["id"]]

    wins = {}
    for w in windows:
        rows = con.execute(f"""
            SELECT e.id, count(f.v1), sum(f.v1), avg(f.v1), min(f.v1), max(f.v1), stddev_samp(f.v1),
                   arg_max(f.v1, (f.ts, coalesce(f.created, TIMESTAMP '0001-01-01'), f.seq))
                       FILTER (WHERE f.v1 IS NOT NULL)
            FROM e LEFT JOIN f ON f.key = e.key AND f.ts <= e.t AND f.ts > e.t - to_microseconds({w})
            GROUP BY e.id ORDER BY e.id""").fetchall()
        wins[str(w)] = [[clean(x) for x in r[1:]] for r in rows]
    result["windows"] = wins
    with open(out, "w") as fh:
        json.dump(result, fh)
    print("ok")


if __name__ == "__main__":
    main()
