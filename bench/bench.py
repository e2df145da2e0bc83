#!/usr/bin/env python3
"""NativeGo's benchmarks against the tools users would otherwise run, with budgets.

Driven by bench/run.sh (which builds the release binaries first). Dependency-free: Python
3.11 standard library only. Exit status 1 when a budget is missed, 2 on a harness error.

Environment:
  NATIVEGO_BENCH_IDLE_SECS   idle window for the watch idle-cost benchmark (default 60)
  NATIVEGO_BENCH_APP_SECS    idle window for the app under Xvfb (default 30; 0 skips it)
  NATIVEGO_BENCH_QUICK=1     fewer repetitions (for iterating on the harness, not for figures)
  NATIVEGO_BENCH_ONLY        comma-separated subset: diagnosis,scan,scaling,reaction,idle,app,startup
"""

import argparse
import json
import os
import platform
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scenario  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
QUICK = os.environ.get("NATIVEGO_BENCH_QUICK") == "1"
ONLY = {s for s in os.environ.get("NATIVEGO_BENCH_ONLY", "").split(",") if s}
CLK_TCK = os.sysconf("SC_CLK_TCK")

RESULTS = {"budgets": []}


def log(msg=""):
    print(msg, flush=True)


def want(name):
    return not ONLY or name in ONLY


# ---------------------------------------------------------------- statistics


def pct(xs, p):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def summary(xs):
    return {
        "n": len(xs),
        "median": statistics.median(xs),
        "p10": pct(xs, 10),
        "p90": pct(xs, 90),
        "min": min(xs),
        "max": max(xs),
    }


def ms(x):
    return f"{x * 1000:.2f} ms"


def fmt_summary(s):
    return f"{ms(s['median'])} (p10 {ms(s['p10'])}, p90 {ms(s['p90'])}, n={s['n']})"


def budget(name, ok, measured, limit):
    RESULTS["budgets"].append({"name": name, "ok": bool(ok), "measured": measured, "budget": limit})
    log(f"  budget {'PASS' if ok else 'MISS'}: {name}: {measured} (budget {limit})")


def table(headers, rows):
    widths = [max([len(str(h))] + [len(str(r[i])) for r in rows]) for i, h in enumerate(headers)]
    line = "| " + " | ".join(str(h).ljust(w) for h, w in zip(headers, widths)) + " |"
    log(line)
    log("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        log("| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |")


# ---------------------------------------------------------------- process timing


def run_once(cmd, env=None, ok=(0,)):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    t = time.perf_counter() - t0
    if p.returncode not in ok:
        raise SystemExit(f"bench: {' '.join(cmd)} exited {p.returncode}")
    return t


def alternate(cmds, runs, warmup=3):
    """Runs each command `runs` times, alternating between them (A B A B ...), after
    `warmup` unmeasured runs each. Returns one list of seconds per command."""
    for _ in range(warmup):
        for c in cmds:
            run_once(**c)
    out = [[] for _ in cmds]
    for _ in range(runs):
        for i, c in enumerate(cmds):
            out[i].append(run_once(**c))
    return out


# ---------------------------------------------------------------- machine


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    go = subprocess.run(["go", "version"], capture_output=True, text=True).stdout.strip()
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "kernel": platform.release(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "go": go,
    }


# ---------------------------------------------------------------- 1. diagnosis vs go env


def bench_diagnosis(a, work):
    log("\n## 1. Diagnosis: `nativego doctor --json --scenario S` vs `go env -json`")
    s = scenario.build(os.path.join(work, "realistic"), a.gen, tools=40, lines=300)
    log(f"  scenario: 40 tools in GOPATH/bin, {scenario.startup_lines(s)} startup-file lines, "
        "official + Homebrew + GOTOOLCHAIN download")
    report = json.loads(subprocess.run([a.nativego, "doctor", "--json", "--scenario", s],
                                       capture_output=True, text=True).stdout)
    n_tools = sum(1 for _ in json.dumps(report).split("/Users/dev/go/bin/tool")) - 1
    log(f"  report mentions GOPATH/bin tools {n_tools} times; findings: "
        f"{[f.get('check') for f in report.get('findings', [])]}")
    runs = 10 if QUICK else 40
    ng, ge = alternate([
        {"cmd": [a.nativego, "doctor", "--json", "--scenario", s], "ok": (0, 1)},
        {"cmd": ["go", "env", "-json"]},
    ], runs)
    sn, sg = summary(ng), summary(ge)
    ratio = sn["median"] / sg["median"]
    table(["command", "median", "p10", "p90", "min", "max", "runs"], [
        ["nativego doctor --json --scenario S", ms(sn["median"]), ms(sn["p10"]), ms(sn["p90"]), ms(sn["min"]), ms(sn["max"]), sn["n"]],
        ["go env -json", ms(sg["median"]), ms(sg["p10"]), ms(sg["p90"]), ms(sg["min"]), ms(sg["max"]), sg["n"]],
    ])
    log(f"  ratio nativego/go env (medians): {ratio:.3f}x")
    RESULTS["diagnosis"] = {"nativego": sn, "go_env": sg, "ratio": ratio}
    budget("diagnosis time <= 0.5x go env -json", ratio <= 0.5, f"{ratio:.3f}x", "<= 0.5x")
    return s


# ---------------------------------------------------------------- 2. tool scanning


GO_PROGRAMS = {
    "hello": ("example.com/hello", 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n'),
    "jsonecho": ("example.com/jsonecho",
                 'package main\n\nimport (\n\t"encoding/json"\n\t"os"\n)\n\n'
                 "func main() { _ = json.NewEncoder(os.Stdout).Encode(os.Args) }\n"),
}
TARGETS = [("darwin", "arm64"), ("darwin", "amd64"), ("linux", "amd64"), ("linux", "arm64")]


def go_binaries(cache):
    """Real Go programs built once per GOOS/GOARCH by the installed go, cached in `cache`."""
    os.makedirs(cache, exist_ok=True)
    out = []
    for prog, (mod, src) in GO_PROGRAMS.items():
        for goos, goarch in TARGETS:
            dst = os.path.join(cache, f"{prog}-{goos}-{goarch}")
            if not os.path.exists(dst):
                d = tempfile.mkdtemp(prefix="nativego-bench-go-")
                with open(os.path.join(d, "go.mod"), "w") as f:
                    f.write(f"module {mod}\n\ngo 1.19\n")
                with open(os.path.join(d, "main.go"), "w") as f:
                    f.write(src)
                env = dict(os.environ, CGO_ENABLED="0", GOOS=goos, GOARCH=goarch, GOFLAGS="-trimpath")
                log(f"  building {prog} for {goos}/{goarch} with {shutil.which('go')} (cached afterwards)")
                subprocess.run(["go", "build", "-o", dst + ".tmp", "."], cwd=d, env=env, check=True)
                os.rename(dst + ".tmp", dst)
                shutil.rmtree(d)
            out.append(dst)
    return out


def bench_scan(a, work):
    log("\n## 2. Tool scanning: NativeGo's binary reader vs `go version -m DIR` (1,000 real Go binaries)")
    bins = go_binaries(a.cache)
    d = os.path.join(work, "gobin1000")
    os.makedirs(d)
    total_size = 0
    for i in range(1000):
        src = bins[i % len(bins)]
        dst = os.path.join(d, f"{os.path.basename(src)}-{i:04d}")
        shutil.copyfile(src, dst)
        os.chmod(dst, 0o755)
        total_size += os.path.getsize(dst)
    log(f"  {len(bins)} distinct programs ({', '.join(os.path.basename(b) for b in bins)}), "
        f"1,000 copies, {total_size / 1e6:.0f} MB on disk (warm page cache for both tools)")
    out = json.loads(subprocess.run([a.scan, d], capture_output=True, text=True, check=True).stdout)
    gv = subprocess.run(["go", "version", "-m", d], capture_output=True, text=True)
    gv_count = sum(1 for line in gv.stdout.splitlines() if line.startswith(d))
    log(f"  scan-tools: {out}; go version -m found {gv_count} binaries")
    if out["go"] != 1000 or gv_count != 1000:
        log("  WARNING: not every binary was recognised as Go")
    runs = 5 if QUICK else 15
    sc, gvt = alternate([{"cmd": [a.scan, d]}, {"cmd": ["go", "version", "-m", d]}], runs, warmup=2)
    ss, sg = summary(sc), summary(gvt)
    speedup = sg["median"] / ss["median"]
    per_bin = out["bytes_read"] / max(out["files"], 1)
    table(["command", "median", "p10", "p90", "per binary", "runs"], [
        ["scan-tools DIR (NativeGo reader)", ms(ss["median"]), ms(ss["p10"]), ms(ss["p90"]), f"{ss['median'] * 1e6 / 1000:.1f} µs", ss["n"]],
        ["go version -m DIR", ms(sg["median"]), ms(sg["p10"]), ms(sg["p90"]), f"{sg['median'] * 1e6 / 1000:.1f} µs", sg["n"]],
    ])
    log(f"  speed-up (medians): {speedup:.1f}x; bytes read per binary: {per_bin:.0f} B "
        f"({per_bin / 1024:.1f} KiB) in {out['reads'] / max(out['files'], 1):.1f} reads, "
        f"of {total_size / 1000 / 1024:.0f} KiB per file")
    # The whole diagnosis with that directory as GOPATH/bin.
    s = scenario.build(os.path.join(work, "scan-doctor"), a.gen, tools=0, lines=300, tools_from=d)
    (dt,) = alternate([{"cmd": [a.nativego, "doctor", "--json", "--scenario", s], "ok": (0, 1)}], runs, warmup=1)
    sd = summary(dt)
    log(f"  whole `nativego doctor` with those 1,000 binaries as GOPATH/bin: {fmt_summary(sd)} "
        f"({sg['median'] / sd['median']:.1f}x faster than go version -m alone)")
    shutil.rmtree(s)
    shutil.rmtree(d)
    RESULTS["scan"] = {"scan_tools": ss, "go_version_m": sg, "speedup": speedup,
                       "bytes_per_binary": per_bin, "reads_per_binary": out["reads"] / max(out["files"], 1),
                       "file_size_per_binary": total_size / 1000, "doctor_with_1000": sd}
    budget("tool scan speed-up vs go version -m", speedup >= 5, f"{speedup:.1f}x", ">= 5x")
    budget("bytes read per binary", per_bin <= 48 * 1024, f"{per_bin / 1024:.1f} KiB", "<= 48 KiB")


# ---------------------------------------------------------------- 3. scaling


def bench_scaling(a, work):
    log("\n## 3. Scaling: diagnosis time vs GOPATH/bin size and startup-file length")
    runs = 5 if QUICK else 15
    rows, tool_t = [], {}
    for n in (10, 100, 1000, 5000):
        s = scenario.build(os.path.join(work, f"scale-tools-{n}"), a.gen, tools=n, lines=300)
        (t,) = alternate([{"cmd": [a.nativego, "doctor", "--json", "--scenario", s], "ok": (0, 1)}], runs, warmup=1)
        tool_t[n] = statistics.median(t)
        rows.append([n, ms(tool_t[n]), ms(pct(t, 10)), ms(pct(t, 90))])
        shutil.rmtree(s)
    table(["tools in GOPATH/bin", "median", "p10", "p90"], rows)
    base = tool_t[10]
    per1k = (tool_t[1000] - base) / 990
    per5k = (tool_t[5000] - base) / 4990
    r_tools = per5k / per1k if per1k > 0 else float("inf")
    log(f"  marginal time per tool: {per1k * 1e6:.1f} µs up to 1,000, {per5k * 1e6:.1f} µs up to 5,000 "
        f"(ratio {r_tools:.2f})")

    rows, line_t, actual = [], {}, {}
    for n in (100, 1000, 5000, 20000):
        s = scenario.build(os.path.join(work, f"scale-lines-{n}"), a.gen, tools=40, lines=n)
        actual[n] = scenario.startup_lines(s)
        (t,) = alternate([{"cmd": [a.nativego, "doctor", "--json", "--scenario", s], "ok": (0, 1)}], runs, warmup=1)
        line_t[n] = statistics.median(t)
        rows.append([n, actual[n], ms(line_t[n]), ms(pct(t, 10)), ms(pct(t, 90))])
        shutil.rmtree(s)
    table(["startup lines (target)", "actual", "median", "p10", "p90"], rows)
    lb = line_t[100]
    per5k_l = (line_t[5000] - lb) / (actual[5000] - actual[100])
    per20k_l = (line_t[20000] - lb) / (actual[20000] - actual[100])
    r_lines = per20k_l / per5k_l if per5k_l > 0 else float("inf")
    log(f"  marginal time per line: {per5k_l * 1e6:.2f} µs up to 5,000, {per20k_l * 1e6:.2f} µs up to 20,000 "
        f"(ratio {r_lines:.2f})")
    RESULTS["scaling"] = {"tools": tool_t, "lines": line_t, "lines_actual": actual,
                          "tools_ratio": r_tools, "lines_ratio": r_lines}
    budget("linear in tools: marginal time/tool at 5,000 <= 2x at 1,000", r_tools <= 2, f"{r_tools:.2f}x", "<= 2x")
    budget("linear in lines: marginal time/line at 20,000 <= 2x at 5,000", r_lines <= 2, f"{r_lines:.2f}x", "<= 2x")


# ---------------------------------------------------------------- watch helpers


def die_with_parent():
    """In the child: SIGTERM when the harness dies (PR_SET_PDEATHSIG), so an interrupted
    run leaves no `nativego watch` behind."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


class Watch:
    def __init__(self, nativego, s, extra=()):
        self.p = subprocess.Popen([nativego, "watch", "--scenario", s, *extra],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0,
                                  preexec_fn=die_with_parent)
        self.buf = b""

    def line(self, timeout):
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([self.p.stdout], [], [], left)
            if not r:
                return None
            chunk = os.read(self.p.stdout.fileno(), 1 << 20)
            if not chunk:
                return None
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line

    def stop(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(5)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()


def proc_stats(pid):
    """CPU seconds (utime+stime, clock ticks), scheduler run time (ns, all threads),
    voluntary/involuntary context switches (all threads), VmHWM and VmRSS (KiB)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
    run_ns = vol = invol = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                run_ns += int(f.read().split()[0])
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                for line in f:
                    if line.startswith("voluntary_ctxt_switches"):
                        vol += int(line.split()[1])
                    elif line.startswith("nonvoluntary_ctxt_switches"):
                        invol += int(line.split()[1])
        except (OSError, IndexError):
            pass
    hwm = rss = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM"):
                hwm = int(line.split()[1])
            elif line.startswith("VmRSS"):
                rss = int(line.split()[1])
    threads = len(os.listdir(f"/proc/{pid}/task"))
    return {"cpu_s": ticks / CLK_TCK, "run_ns": run_ns, "vol": vol, "invol": invol,
            "hwm_kib": hwm, "rss_kib": rss, "threads": threads}


# ---------------------------------------------------------------- 4. reaction time


def bench_reaction(a, work):
    log("\n## 4. Reaction time: editor save of ~/.zshrc -> new JSON line from `nativego watch` (debounce default 150 ms)")
    s = scenario.build(os.path.join(work, "reaction"), a.gen, tools=40, lines=300)
    zshrc = os.path.join(s, "root/Users/dev/.zshrc")
    with open(zshrc) as f:
        base = f.read()
    toggled = base + "export GOARCH=amd64\n"
    w = Watch(a.nativego, s)
    try:
        first = w.line(10)
        if first is None:
            raise SystemExit("bench: nativego watch printed no first report")
        time.sleep(0.5)
        saves = 20 if QUICK else 100
        lat, missed = [], 0
        for i in range(saves):
            text = toggled if i % 2 == 0 else base
            t0 = time.monotonic()
            if i % 4 < 2:
                # In place (vim with backupcopy=yes, nano): truncate and write the same inode.
                with open(zshrc, "w") as f:
                    f.write(text)
                how = "inplace"
            else:
                # Atomic rename (VS Code, vim default, JetBrains): temp file then rename.
                tmp = zshrc + ".nativego-bench~"
                with open(tmp, "w") as f:
                    f.write(text)
                os.rename(tmp, zshrc)
                how = "rename"
            line = w.line(5)
            if line is None:
                missed += 1
                log(f"  save {i} ({how}): no new report within 5 s")
                continue
            lat.append((time.monotonic() - t0, how))
            rep = json.loads(line)
            goarch = rep.get("env", {}).get("GOARCH", {}).get("value")
            if (goarch == "amd64") != (i % 2 == 0):
                log(f"  save {i} ({how}): report does not reflect the save (GOARCH={goarch})")
                missed += 1
            # Let the debounce window settle so saves are independent.
            time.sleep(0.3)
    finally:
        w.stop()
    xs = [t for t, _ in lat]
    inpl = [t for t, h in lat if h == "inplace"]
    ren = [t for t, h in lat if h == "rename"]
    rows = []
    for name, v in (("all saves", xs), ("in-place writes", inpl), ("atomic renames", ren)):
        if v:
            rows.append([name, len(v), ms(pct(v, 50)), ms(pct(v, 95)), ms(min(v)), ms(max(v))])
    table(["saves", "n", "p50", "p95", "min", "max"], rows)
    log(f"  missed saves: {missed}")
    p95 = pct(xs, 95) if xs else float("inf")
    RESULTS["reaction"] = {"p50": pct(xs, 50) if xs else None, "p95": p95, "n": len(xs), "missed": missed,
                           "inplace_p95": pct(inpl, 95) if inpl else None, "rename_p95": pct(ren, 95) if ren else None}
    budget("reaction p95 (save -> new report, incl. 150 ms debounce)", p95 < 0.25 and missed == 0,
           f"{ms(p95)}, {missed} missed", "< 250 ms, none missed")
    return s


# ---------------------------------------------------------------- 5. idle cost


def bench_idle(a, s):
    secs = float(os.environ.get("NATIVEGO_BENCH_IDLE_SECS", "60"))
    log(f"\n## 5. Idle cost: `nativego watch` idle for {secs:g} s after a save")
    zshrc = os.path.join(s, "root/Users/dev/.zshrc")
    with open(zshrc) as f:
        base = f.read()
    w = Watch(a.nativego, s)
    try:
        if w.line(10) is None:
            raise SystemExit("bench: nativego watch printed no first report")
        # One save first: the check it causes reads every watched file, and those reads
        # must not count as changes (they once kept the watcher checking forever).
        with open(zshrc, "w") as f:
            f.write(base + "export GOARCH=amd64\n")
        if w.line(5) is None:
            raise SystemExit("bench: nativego watch printed no report after a save")
        with open(zshrc, "w") as f:
            f.write(base)
        if w.line(5) is None:
            raise SystemExit("bench: nativego watch printed no report after a second save")
        time.sleep(0.5)  # let the debounce window pass
        before = proc_stats(w.p.pid)
        time.sleep(secs)
        after = proc_stats(w.p.pid)
        extra = w.line(0)
    finally:
        w.stop()
    cpu_ticks = after["cpu_s"] - before["cpu_s"]
    run_ms = (after["run_ns"] - before["run_ns"]) / 1e6
    vol = after["vol"] - before["vol"]
    invol = after["invol"] - before["invol"]
    table(["metric", "value"], [
        ["CPU while idle (utime+stime, 1/%d s ticks)" % CLK_TCK, f"{cpu_ticks * 1000:.0f} ms"],
        ["CPU while idle (schedstat run time, all threads)", f"{run_ms:.2f} ms"],
        ["CPU total incl. start-up (utime+stime)", f"{after['cpu_s'] * 1000:.0f} ms"],
        ["voluntary context switches while idle", vol],
        ["involuntary context switches while idle", invol],
        ["wake-ups per minute", f"{(vol + invol) * 60 / secs:.1f}"],
        ["threads", after["threads"]],
        ["peak RSS (VmHWM)", f"{after['hwm_kib'] / 1024:.1f} MiB"],
        ["RSS at end (VmRSS)", f"{after['rss_kib'] / 1024:.1f} MiB"],
        ["reports printed while idle", 0 if extra is None else "some"],
    ])
    cpu_idle_ms = max(cpu_ticks * 1000, run_ms)
    RESULTS["idle"] = {"secs": secs, "cpu_ticks_ms": cpu_ticks * 1000, "run_ms": run_ms, "vol": vol,
                       "invol": invol, "hwm_mib": after["hwm_kib"] / 1024, "rss_mib": after["rss_kib"] / 1024,
                       "cpu_total_ms": after["cpu_s"] * 1000, "threads": after["threads"]}
    budget(f"watch CPU while idle {secs:g} s", cpu_idle_ms < 20, f"{cpu_idle_ms:.2f} ms", "< 20 ms")
    budget("watch peak RSS", after["hwm_kib"] / 1024 < 15, f"{after['hwm_kib'] / 1024:.1f} MiB", "< 15 MB")


def bench_app(a, s):
    secs = float(os.environ.get("NATIVEGO_BENCH_APP_SECS", "30"))
    log(f"\n## 5b. The menu-bar app under Xvfb, idle {secs:g} s (informational, debug build)")
    app = a.app
    if secs <= 0:
        log("  skipped (NATIVEGO_BENCH_APP_SECS=0)")
        return
    if not os.path.exists(app):
        log(f"  skipped: {app} is not built (the benchmark does not build the app)")
        RESULTS["app"] = {"skipped": "not built"}
        return
    if not shutil.which("xvfb-run"):
        log("  skipped: xvfb-run is not installed")
        RESULTS["app"] = {"skipped": "no xvfb-run"}
        return
    home = tempfile.mkdtemp(prefix="nativego-bench-apphome-")
    env = dict(os.environ, NATIVEGO_SCENARIO=s, HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"),
               XDG_DATA_HOME=os.path.join(home, ".local/share"), XDG_CACHE_HOME=os.path.join(home, ".cache"))
    p = subprocess.Popen(["xvfb-run", "-a", app], env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        pid = None
        for _ in range(100):
            time.sleep(0.1)
            pid = find_child(p.pid, os.path.basename(app))
            if pid:
                break
        if not pid:
            log("  the app did not start")
            RESULTS["app"] = {"skipped": "did not start"}
            return
        time.sleep(5)  # start-up: webview, first report
        before = proc_stats(pid)
        time.sleep(secs)
        after = proc_stats(pid)
        kids = descendants(pid)
        kid_rss = 0
        for k in kids:
            try:
                kid_rss += proc_stats(k)["rss_kib"]
            except OSError:
                pass
    finally:
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
        shutil.rmtree(home, ignore_errors=True)
    cpu = (after["cpu_s"] - before["cpu_s"]) * 1000
    run_ms = (after["run_ns"] - before["run_ns"]) / 1e6
    table(["metric (nativego-app process)", "value"], [
        [f"CPU while idle {secs:g} s (utime+stime)", f"{cpu:.0f} ms"],
        ["CPU while idle (schedstat, all threads)", f"{run_ms:.1f} ms"],
        ["voluntary context switches while idle",
         after["vol"] - before["vol"] if after["vol"] >= before["vol"] else "n/a (threads exited)"],
        ["threads", after["threads"]],
        ["peak RSS (VmHWM)", f"{after['hwm_kib'] / 1024:.1f} MiB"],
        ["RSS of WebKit child processes", f"{kid_rss / 1024:.1f} MiB ({len(kids)} processes)"],
    ])
    RESULTS["app"] = {"cpu_ms": cpu, "run_ms": run_ms, "hwm_mib": after["hwm_kib"] / 1024,
                      "children_rss_mib": kid_rss / 1024, "children": len(kids),
                      "vol": after["vol"] - before["vol"], "threads": after["threads"]}


def children(pid):
    out = []
    for t in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{t}/children") as f:
                out += [int(x) for x in f.read().split()]
        except OSError:
            pass
    return out


def descendants(pid):
    out, todo = [], children(pid)
    while todo:
        c = todo.pop()
        out.append(c)
        try:
            todo += children(c)
        except OSError:
            pass
    return out


def find_child(pid, name):
    for c in descendants(pid):
        try:
            with open(f"/proc/{c}/comm") as f:
                if f.read().strip() == name[:15]:
                    return c
        except OSError:
            pass
    return None


# ---------------------------------------------------------------- 6. start-up


def first_byte(cmd):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0)
    b = p.stdout.read(1)
    t = time.perf_counter() - t0
    p.stdout.read()
    p.wait()
    if not b:
        raise SystemExit(f"bench: {' '.join(cmd)} printed nothing")
    return t


def bench_startup(a, s):
    log("\n## 6. Start-up: time to the first byte of output")
    runs = 10 if QUICK else 40
    cmds = [
        ("nativego --version", [a.nativego, "--version"]),
        ("nativego doctor --json --scenario S (40 tools, 300 lines)", [a.nativego, "doctor", "--json", "--scenario", s]),
        ("go version", ["go", "version"]),
        ("go env -json", ["go", "env", "-json"]),
    ]
    res = {name: [] for name, _ in cmds}
    for _ in range(3):
        for _, c in cmds:
            first_byte(c)
    for _ in range(runs):
        for name, c in cmds:
            res[name].append(first_byte(c))
    rows = []
    for name, _ in cmds:
        sm = summary(res[name])
        rows.append([name, ms(sm["median"]), ms(sm["p10"]), ms(sm["p90"]), sm["n"]])
    table(["command", "first byte (median)", "p10", "p90", "runs"], rows)
    RESULTS["startup"] = {name: summary(v) for name, v in res.items()}


# ---------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nativego", required=True)
    ap.add_argument("--gen", required=True, help="the scenario-binaries example")
    ap.add_argument("--scan", required=True, help="the scan-tools example")
    ap.add_argument("--app", required=True, help="the app's debug binary (not built here)")
    ap.add_argument("--cache", default=os.path.join(HERE, ".cache", "go"))
    ap.add_argument("--json-out", default=os.path.join(HERE, "results", "latest.json"))
    a = ap.parse_args()
    if not shutil.which("go"):
        raise SystemExit("bench: `go` is not on PATH (Debian: apt-get install golang-go)")
    m = machine()
    RESULTS["machine"] = m
    log("# NativeGo benchmarks")
    log(f"machine: {m['nproc']} CPUs, {m['cpu']}, Linux {m['kernel']}; {m['go']}; Python {m['python']}"
        + ("; QUICK mode (not for figures)" if QUICK else ""))
    work = tempfile.mkdtemp(prefix="nativego-bench-")
    try:
        s = None
        if want("diagnosis"):
            s = bench_diagnosis(a, work)
        if s is None:
            s = scenario.build(os.path.join(work, "realistic"), a.gen, tools=40, lines=300)
        if want("scan"):
            bench_scan(a, work)
        if want("scaling"):
            bench_scaling(a, work)
        if want("reaction"):
            bench_reaction(a, work)
        if want("idle"):
            bench_idle(a, s)
        if want("app"):
            bench_app(a, s)
        if want("startup"):
            bench_startup(a, s)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log("\n## Budgets")
    table(["budget", "measured", "limit", "result"],
          [[b["name"], b["measured"], b["budget"], "PASS" if b["ok"] else "MISS"] for b in RESULTS["budgets"]])
    os.makedirs(os.path.dirname(a.json_out), exist_ok=True)
    with open(a.json_out, "w") as f:
        json.dump(RESULTS, f, indent=2, default=str)
    log(f"\nresults: {a.json_out}")
    missed = [b for b in RESULTS["budgets"] if not b["ok"]]
    if missed:
        log(f"{len(missed)} budget(s) missed")
        return 1
    log("all budgets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
