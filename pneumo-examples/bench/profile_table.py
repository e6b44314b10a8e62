"""Top ops of a profiler trace in Chrome trace format (written by libtorch's profiler through DJL's
JniUtils.stopProfile, or by torch.profiler's export_chrome_trace): per op name, the number of calls,
the self time (the op's duration minus that of the ops it called) and the total time, as a Markdown
table. Both sides of model-benchmark.sh are aggregated by this one script, so the tables compare.
    python3 profile_table.py TRACE.json [--top 20] [--title NAME]"""
import argparse
import collections
import json


def load_events(path):
    with open(path) as f:
        text = f.read()
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        # libtorch's legacy writer may leave a trailing comma before the closing bracket
        data = json.loads(text.rstrip().rstrip(']').rstrip().rstrip(',') + ']')
    events = data['traceEvents'] if isinstance(data, dict) else data
    return [e for e in events if e.get('ph') == 'X' and 'dur' in e
            and e.get('cat', 'cpu_op') in ('cpu_op', 'operator', 'Operator')]


def self_times(events):
    """Self time per event: its duration minus the durations of its direct children (same thread)."""
    by_thread = collections.defaultdict(list)
    for e in events:
        by_thread[(e.get('pid'), e.get('tid'))].append(e)
    out = []
    for evs in by_thread.values():
        evs.sort(key=lambda e: (float(e['ts']), -float(e['dur'])))
        stack = []
        for e in evs:
            start, end = float(e['ts']), float(e['ts']) + float(e['dur'])
            while stack and stack[-1][1] <= start:
                out.append(stack.pop())
            rec = [e['name'], end, float(e['dur']), float(e['dur'])]
            if stack:
                stack[-1][3] -= float(e['dur'])
            stack.append(rec)
        out.extend(stack)
    return out


def table(path, top, title):
    recs = self_times(load_events(path))
    agg = collections.defaultdict(lambda: [0, 0.0, 0.0])
    for name, _, total, own in recs:
        a = agg[name]
        a[0] += 1
        a[1] += max(own, 0.0)
        a[2] += total
    all_self = sum(a[1] for a in agg.values())
    rows = sorted(agg.items(), key=lambda kv: -kv[1][1])[:top]
    print(f"{title}: self time of all ops {all_self / 1e3:.1f} ms")
    print()
    print("| op | calls | self ms | self % | total ms |")
    print("|---|---:|---:|---:|---:|")
    for name, (n, own, total) in rows:
        print(f"| {name} | {n} | {own / 1e3:.1f} | {100 * own / all_self:.1f} | {total / 1e3:.1f} |")


if __name__ == '__main__':
    p = argparse.ArgumentParser()
    p.add_argument('trace')
    p.add_argument('--top', type=int, default=20)
    p.add_argument('--title', default='profile')
    a = p.parse_args()
    table(a.trace, a.top, a.title)
