"""Call one onlyoffice_jwt operation in a loop for a profiler; see bench/PROFILING.md.

Usage: python bench/python/loop.py {encode,decode} {editor_config,save_callback,tiny} SECONDS
"""

import sys
import time
from pathlib import Path

import bench
import onlyoffice_jwt

operation, workload, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
payload = bench.load_workloads(Path(__file__).parent.parent / "workloads", int(time.time()))[workload]
token = bench.reference_token(payload)
key = bench.SECRET
deadline = time.monotonic() + seconds
while time.monotonic() < deadline:
    for _ in range(1000):
        if operation == "encode":
            onlyoffice_jwt.encode(payload, key, algorithm="HS256")
        else:
            onlyoffice_jwt.decode(token, key, algorithms=["HS256"])
