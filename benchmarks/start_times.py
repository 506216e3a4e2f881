"""Start until ready of ``euus serve`` on an existing store, N times back to back (issue 10).

The harness times one start, the first after its load; one start on a shared 2-core machine says little.
This starts the same server the harness does (its ``System``, environment and 10 ms readiness probe of
``ASK {}``) on a store you loaded once, stops it, and repeats::

    euus load --store /tmp/store-1m /tmp/euus-1m.nq
    python benchmarks/start_times.py --store /tmp/store-1m --starts 9

Each start is followed by a pause (the warmer runs, as it would) and a stop. Prints every start and the
median, and the CPU of the server's main thread until it answered (robust to other load, unlike the wall).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import harness  # noqa: E402


def main_thread_cpu(pid: int) -> float:
    """Seconds of CPU the process's main thread has used (utime + stime)."""
    fields = Path(f"/proc/{pid}/task/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--store", type=Path, required=True, help="an embedded store loaded before")
    parser.add_argument("--starts", type=int, default=9)
    parser.add_argument("--pause", type=float, default=1.5, help="seconds served after each start")
    args = parser.parse_args()
    ours = next(s for s in harness.make_systems(30.0, 1) if s.short == "ours")
    walls, cpus = [], []
    with tempfile.TemporaryDirectory(prefix="euus-starts-") as workdir:
        for _ in range(args.starts):
            harness.start(ours, Path(os.devnull), args.store.resolve(), Path(workdir))
            try:
                walls.append(harness.wait_ready(ours))
                assert ours.process is not None  # start() set it
                cpus.append(main_thread_cpu(ours.process.pid))
                time.sleep(args.pause)
            finally:
                harness.stop(ours)
            time.sleep(0.5)
    for label, values in (("start until ready, s:", walls), ("main-thread CPU, s:  ", cpus)):
        print(label, " ".join(f"{v:.3f}" for v in values), f"median {statistics.median(values):.3f}")
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
