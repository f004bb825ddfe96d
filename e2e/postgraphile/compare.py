#!/usr/bin/env python3
"""The customer 360 on `crm serve` and on PostGraphile 5, over the same PostgreSQL database,
with wrk: the same 300 customers (those with the most opportunities), the same shape (the
customer, its owner, contacts with emails and phones, its first 20 opportunities by expected
close date with their owners), 50 connections, 10 s runs alternated in two rounds.

Usage: compare.py DATABASE_URL CRM_URL POSTGRAPHILE_URL TOKEN
  DATABASE_URL      the database both serve (a `bench` run leaves one with 100,000 customers)
  CRM_URL           e.g. http://127.0.0.1:8090 (`crm serve` with CRM_RATE_LIMIT=0)
  POSTGRAPHILE_URL  e.g. http://127.0.0.1:5678 (see README, "Against PostGraphile")
  TOKEN             an access token of admin@demo.test for the CRM (PostGraphile has none)
Needs `psql` and `wrk` (Debian packages)."""
import json
import pathlib
import re
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).parent
CRM_QUERY = """query Customer360($id: ID!) {
  customer(id: $id) { id name lifecycle industry owner { id displayName }
    contacts { id fullName emails { address } phones { number } } }
  opportunities(first: 20, filter: {customerId: {in: [$id]}}, orderBy: [{field: EXPECTED_CLOSE_DATE, direction: ASC}]) {
    nodes { id name stage amount { amount currency } expectedCloseDate owner { id displayName } } } }"""
BUSIEST = "SELECT customer_id FROM opportunities WHERE archived_at IS NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 300"


def script(path, query, ids, token):
    """A wrk script sending the customer 360 of each customer in turn."""
    lines = ['wrk.method = "POST"', 'wrk.headers["content-type"] = "application/json"']
    if token:
        lines.append(f'wrk.headers["authorization"] = "Bearer {token}"')
    lines.append("bodies = {}")
    for id in ids:
        body = json.dumps({"query": query, "variables": {"id": id}, "operationName": "Customer360"})
        lines.append(f"bodies[#bodies + 1] = {json.dumps(body)}")
    lines.append('n = 0\nrequest = function() n = n + 1 return wrk.format(nil, "/graphql", nil, bodies[(n % #bodies) + 1]) end')
    path.write_text("\n".join(lines) + "\n")


def run(url, path):
    out = subprocess.run(["wrk", "-t2", "-c50", "-d10s", "--latency", "-s", str(path), url], capture_output=True, text=True, check=True).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
    p50, p99 = (re.search(rf"\s{p}%\s+(\S+)", out).group(1) for p in (50, 99))
    errors = "non-2xx" if "Non-2xx" in out else "0"
    return f"{float(rate):.0f} req/s, p50 {p50}, p99 {p99}, errors {errors}"


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    database, crm, postgraphile, token = sys.argv[1:]
    ids = subprocess.run(["psql", database, "-tAc", BUSIEST], capture_output=True, text=True, check=True).stdout.split()
    with tempfile.TemporaryDirectory() as tmp:
        crm_script, pg_script = pathlib.Path(tmp, "crm.lua"), pathlib.Path(tmp, "postgraphile.lua")
        script(crm_script, CRM_QUERY, ids, token)
        script(pg_script, (HERE / "customer360.graphql").read_text(), ids, None)
        for round in (1, 2):
            print(f"round {round}: crm          {run(crm, crm_script)}", flush=True)
            print(f"round {round}: PostGraphile {run(postgraphile, pg_script)}", flush=True)


if __name__ == "__main__":
    main()
