"""Feast as a peer of the point-in-time join benchmark, timed inside this process.

  feast_bench.py STORE ENTITIES.parquet VIEW_A.parquet VIEW_B.parquet TTL_MICROS

STORE: dask or duckdb, Feast's two local offline stores. A throwaway Feast repository (registry in a local file,
provider local) declares the entity `key`, two FileSource views (timestamp `ts`, created timestamp `created`, TTL
TTL_MICROS) over the benchmark's Parquet files, and applies them untimed. Timed: reading the entity Parquet file
into pandas (Feast takes the entity rows as a DataFrame) and `get_historical_features(...).to_df()` for
a:f1, a:f2, a:f3, b:f4, b:f5. Prints one JSON object as features_bench.py does: seconds, rows, checksums
(non-null count and sum per feature), peak_rss_mb, plus the Feast version.
"""
import json
import os
import sys
import tempfile
import time
from datetime import timedelta

from features_bench import checksums, peak_rss_mb


def repository(store, a, b, ttl, workdir):
    from feast import Entity, FeatureStore, FeatureView, Field, FileSource
    from feast.types import Float64
    from feast.value_type import ValueType

    offline = "dask" if store == "dask" else "duckdb"
    with open(os.path.join(workdir, "feature_store.yaml"), "w") as fh:
        fh.write(f"""project: ember_bench
registry: {os.path.join(workdir, 'registry.db')}
provider: local
offline_store:
  type: {offline}
online_store:
  type: sqlite
  path: {os.path.join(workdir, 'online.db')}
entity_key_serialization_version: 3
""")
    key = Entity(name="thing", join_keys=["key"], value_type=ValueType.INT64)
    views = []
    for name, path, feats in (("a", a, ["f1", "f2", "f3"]), ("b", b, ["f4", "f5"])):
        source = FileSource(name=f"{name}_source", path=path, timestamp_field="ts",
                            created_timestamp_column="created")
        views.append(FeatureView(name=name, entities=[key], ttl=timedelta(microseconds=ttl),
                                 schema=[Field(name=f, dtype=Float64) for f in feats], source=source,
                                 online=False))
    fs = FeatureStore(repo_path=workdir)
    fs.apply([key] + views)
    return fs


def main():
    import feast
    import pandas as pd

    store, ent, a, b, ttl = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
    with tempfile.TemporaryDirectory(prefix="feast-bench-") as workdir:
        fs = repository(store, a, b, ttl, workdir)
        t0 = time.perf_counter()
        entity_df = pd.read_parquet(ent)
        # Feast wants timezone-aware entity times; the files hold UTC microseconds
        entity_df["event_timestamp"] = pd.to_datetime(entity_df["event_timestamp"], utc=True)
        df = fs.get_historical_features(entity_df=entity_df,
                                        features=["a:f1", "a:f2", "a:f3", "b:f4", "b:f5"]).to_df()
        secs = time.perf_counter() - t0
    res = {"seconds": secs, "rows": len(df), "checksums": checksums(df, ["f1", "f2", "f3", "f4", "f5"]),
           "peak_rss_mb": peak_rss_mb(), "feast": feast.__version__}
    print(json.dumps(res))


if __name__ == "__main__":
    main()
