"""The feature bench's pandas reference (bench/features.bench.ts): the same event log and spine,
generated with the same formulas, and the same features computed the way a pandas user would
(merge, filter to the window, group by). Reads {"events": N, "users": M} on stdin; prints the
seconds the features took and a sum per column, which the bench compares with Lode's rows."""

import json
import sys
import time

import numpy as np
import pandas as pd

spec = json.load(sys.stdin)
events, users = int(spec["events"]), int(spec["users"])
base = int(pd.Timestamp("2024-03-01").timestamp())
r = np.arange(events, dtype=np.int64)
ev = pd.DataFrame(
    {
        "user_id": (r * 7919) % users,
        "ts": base - (r * 104729) % (90 * 86400),
        "amount": (r * 31) % 10000,
        "item_id": (r * 13) % 4999,
        "click": r % 5 == 0,
    }
)
u = np.arange(users, dtype=np.int64)
sp = pd.DataFrame({"user_id": u, "as_of": base - ((u * 37) % (30 * 24)) * 3600})

start = time.perf_counter()
m = ev.merge(sp, on="user_id")
m = m[(m.ts < m.as_of) & (m.ts >= m.as_of - 30 * 86400)]
in7 = m.ts >= m.as_of - 7 * 86400
m = m.assign(in7=in7, amount7=m.amount.where(in7, 0), click7=in7 & m.click)
g = m.groupby(["user_id", "as_of"]).agg(
    n_events_7d=("in7", "sum"),
    n_events_30d=("ts", "size"),
    spend_7d=("amount7", "sum"),
    spend_30d=("amount", "sum"),
    n_items_30d=("item_id", "nunique"),
    n_clicks_7d=("click7", "sum"),
)
out = sp.merge(g.reset_index(), on=["user_id", "as_of"], how="left")
counts = ["n_events_7d", "n_events_30d", "spend_7d", "spend_30d", "n_items_30d", "n_clicks_7d"]
out[counts] = out[counts].fillna(0).astype(np.int64)
out["click_rate_7d"] = np.where(out.n_events_7d > 0, out.n_clicks_7d / out.n_events_7d.where(out.n_events_7d > 0, 1), np.nan)
seconds = time.perf_counter() - start

sums = {c: int(out[c].sum()) for c in counts}
sums["click_rate_7d"] = float(np.nansum(out.click_rate_7d))
print(json.dumps({"seconds": seconds, "rows": len(out), "sums": sums}))
