"""Bounded load test on loopback: gunicorn (production settings) under a few hundred req/s.

Threads with keep-alive connections, each paced to its share of the target rate; the run stops
by itself after DURATION seconds (60 at most) and never targets anything but 127.0.0.1.
"""

import http.client
import os
import statistics
import threading
import time
from urllib.parse import urlsplit

from benchmarks import server

# Pages under load; one line per page (e.g. the national dashboard, a profile).
TARGETS = ["/"]
RATE = int(os.environ.get("LOAD_RATE", 300))  # requests per second, all threads together
DURATION = min(int(os.environ.get("LOAD_SECONDS", 30)), 60)
THREADS = int(os.environ.get("LOAD_THREADS", 16))


def worker(host, port, paths, interval, deadline, latencies, errors):
    connection = http.client.HTTPConnection(host, port, timeout=10)
    headers = {"Accept-Encoding": "gzip"}
    next_at = time.monotonic()
    i = 0
    while (now := time.monotonic()) < deadline:
        if now < next_at:
            time.sleep(next_at - now)
        next_at += interval
        path = paths[i % len(paths)]
        i += 1
        start = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors.append(f"{response.status} {path}")
        except (OSError, http.client.HTTPException) as exc:
            errors.append(f"{type(exc).__name__} {path}")
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=10)
            continue
        latencies.append(time.perf_counter() - start)
    connection.close()


def load(base_url, paths=TARGETS, rate=RATE, duration=DURATION, threads=THREADS):
    parts = urlsplit(base_url)
    if parts.hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise ValueError(f"Test de charge limité au loopback, pas {parts.hostname}.")
    latencies, errors = [], []
    deadline = time.monotonic() + duration
    started = time.monotonic()
    pool = [
        threading.Thread(
            target=worker,
            args=(parts.hostname, parts.port, paths, threads / rate, deadline, latencies, errors),
        )
        for _ in range(threads)
    ]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.monotonic() - started
    ordered = sorted(latencies)
    quantiles = statistics.quantiles(ordered, n=100) if len(ordered) > 1 else [0] * 99
    return {
        "requests": len(latencies) + len(errors),
        "rps": (len(latencies) + len(errors)) / elapsed,
        "p50_ms": quantiles[49] * 1000,
        "p95_ms": quantiles[94] * 1000,
        "p99_ms": quantiles[98] * 1000,
        "errors": errors,
    }


def run():
    base_url = server.base_url()
    print(f"{', '.join(TARGETS)} — cible {RATE} req/s, {THREADS} fils, {DURATION} s")
    result = load(base_url)
    print(
        f"{result['requests']} requêtes, {result['rps']:.0f} req/s,"
        f" p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms,"
        f" p99 {result['p99_ms']:.1f} ms, erreurs {len(result['errors'])}"
    )
    for error in sorted(set(result["errors"]))[:10]:
        print("  erreur :", error)
