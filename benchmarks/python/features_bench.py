"""Python peers of the feature-store benchmarks (DuckDB, pandas), timed inside this process.

  features_bench.py pit ENGINE ENTITIES.parquet VIEW_A.parquet VIEW_B.parquet TTL_MICROS
  features_bench.py windows duckdb EVENTS.parquet WINDOWS_MICROS(comma)

ENGINE: duckdb (point-in-time semantics of docs/FeatureStore.md: one row per (key, ts) by created time, then
ASOF JOIN, TTL on the matched row), duckdb-plain (ASOF JOIN without the tie-break and TTL: Feast's DuckDB store),
pandas (merge_asof with tolerance after a stable sort by (ts, created)).
Prints one JSON object: seconds (timed from reading the Parquet files to the result in memory), peak_rss_mb,
rows, and checksums (non-null count and sum per feature) to compare with Ember.
"""
import json
import resource
import sys
import time


def peak_rss_mb():
    # VmHWM, not ru_maxrss: ru_maxrss survives exec, so a child of a large JVM would report the JVM's peak
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def checksums(df, cols):
    return {c: [int(df[c].notna().sum()), float(df[c].sum())] for c in cols}


def pit_duckdb(ent, a, b, ttl, plain):
    import duckdb
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    t0 = time.perf_counter()
    def view(path, feats):
        if plain:
            return f"(SELECT * FROM read_parquet('{path}'))"
        return (f"(SELECT * FROM read_parquet('{path}') QUALIFY row_number() OVER "
                f"(PARTITION BY key, ts ORDER BY created DESC) = 1)")
    ttl_a = "" if plain else f" AND a.ts >= e.event_timestamp - to_microseconds({ttl})"
    ttl_b = "" if plain else f" AND b.ts >= ja.event_timestamp - to_microseconds({ttl})"
    q = f"""
        WITH e AS (SELECT * FROM read_parquet('{ent}')),
             ja AS (SELECT e.key, e.event_timestamp, e.row_id,
                           CASE WHEN a.ts IS NOT NULL{ttl_a} THEN a.f1 END AS f1,
                           CASE WHEN a.ts IS NOT NULL{ttl_a} THEN a.f2 END AS f2,
                           CASE WHEN a.ts IS NOT NULL{ttl_a} THEN a.f3 END AS f3
                    FROM e ASOF LEFT JOIN {view(a, 'f1,f2,f3')} a
                      ON e.key = a.key AND e.event_timestamp >= a.ts)
        SELECT ja.*, CASE WHEN b.ts IS NOT NULL{ttl_b} THEN b.f4 END AS f4,
                     CASE WHEN b.ts IS NOT NULL{ttl_b} THEN b.f5 END AS f5
        FROM ja ASOF LEFT JOIN {view(b, 'f4,f5')} b
          ON ja.key = b.key AND ja.event_timestamp >= b.ts
        ORDER BY row_id"""
    df = con.execute(q).df()
    secs = time.perf_counter() - t0
    return secs, df


def pit_pandas(ent, a, b, ttl):
    import pandas as pd
    t0 = time.perf_counter()
    e = pd.read_parquet(ent).sort_values("event_timestamp", kind="stable")
    tol = pd.Timedelta(microseconds=ttl)
    out = e
    for path, feats in ((a, ["f1", "f2", "f3"]), (b, ["f4", "f5"])):
        v = pd.read_parquet(path).sort_values(["ts", "created"], kind="stable")
        out = pd.merge_asof(out, v[["key", "ts"] + feats], left_on="event_timestamp", right_on="ts", by="key",
                            direction="backward", allow_exact_matches=True, tolerance=tol).drop(columns=["ts"])
    out = out.sort_values("row_id")
    return time.perf_counter() - t0, out


def windows_duckdb(events, windows):
    import duckdb
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    t0 = time.perf_counter()
    parts = []
    names = []
    for w in windows:
        frame = (f"PARTITION BY key ORDER BY ts RANGE BETWEEN to_microseconds({w - 1}) PRECEDING AND CURRENT ROW")
        for fn, sql in (("count", "count(v)"), ("sum", "sum(v)"), ("mean", "avg(v)"), ("max", "max(v)")):
            n = f"v_{fn}_{w}"
            parts.append(f"{sql} OVER ({frame}) AS {n}")
            names.append(n)
    df = con.execute(f"SELECT key, ts, {', '.join(parts)} FROM read_parquet('{events}')").df()
    return time.perf_counter() - t0, df, names


def main():
    mode = sys.argv[1]
    if mode == "pit":
        engine, ent, a, b, ttl = sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6])
        if engine == "pandas":
            secs, df = pit_pandas(ent, a, b, ttl)
        else:
            secs, df = pit_duckdb(ent, a, b, ttl, engine == "duckdb-plain")
        res = {"seconds": secs, "rows": len(df), "checksums": checksums(df, ["f1", "f2", "f3", "f4", "f5"])}
    else:
        events, windows = sys.argv[3], [int(w) for w in sys.argv[4].split(",")]
        secs, df, names = windows_duckdb(events, windows)
        res = {"seconds": secs, "rows": len(df), "checksums": checksums(df, names)}
    res["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(res))


if __name__ == "__main__":
    main()
