#!/usr/bin/env python3
"""Instructions per training batch on each thread of the native backend, from callgrind.

Runs bench/ab/thread-profile.mjs under `valgrind --tool=callgrind --separate-threads=yes`, counting only its
`steps` batches after `warm` (bench/ab/callgrind-control.c, built here with gcc, switches the counting), and
prints the counts per batch (a batch's instruction count does not depend on what else the machine runs,
unlike its time). For each thread it splits the count into

  tasks      work inside the thread pool's tasks (the kernels' pieces), by kernel, with the number of
             jobs and tasks per batch (a job of one task runs on one thread whatever the pool's size);
  pool       the pool's own code outside the tasks (publishing a job, claiming tasks, spinning, sleeping):
             valgrind runs one thread at a time, so spin counts here are an artefact of its scheduler;
  serial     everything else on the calling (main) thread: JavaScript, argument handling, the kernels'
             parts that run on one thread, and kernels that did not split.

With S = serial and P = the tasks of jobs of two or more tasks (all threads), two threads can at best take
S + P / 2 (Amdahl): the table prints that bound as a speed-up. Which thread ran which task under valgrind
says nothing of a real run (valgrind's scheduler decides), so tasks are summed over the threads.

usage: python3 bench/ab/thread-profile.py mlp|cnn [batch] [warm] [steps] [threads] [dist]
(after npm run build and npx node-gyp rebuild; needs valgrind, gcc and Node's headers in /usr/include/node).
THREAD_PROFILE_DIR=<the folder a run printed> prints that run's table again without running it.
"""
import collections
import glob
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
NAME_RE = re.compile(r'^\((\d+)\)(?: (.*))?$')
SKIP = {'parallel_tasks', 'parallel_ranges', 'blocked_sum', 'for_output_rows', 'for_images'}


def parse(path):
    """Self cost per function and (caller, callee) -> [calls, inclusive cost] from one callgrind file."""
    names = {}
    self_cost = collections.Counter()
    edges = collections.defaultdict(lambda: [0, 0])
    fn = cfn = None
    pending_calls = None
    with open(path, errors='replace') as f:
        for line in f:
            if line.startswith('fn='):
                fn = resolve(names, line[3:].strip())
            elif line.startswith('cfn='):
                cfn = resolve(names, line[4:].strip())
            elif line.startswith('calls='):
                pending_calls = int(line[6:].split()[0])
            elif line[:1].isdigit() or line[:1] in '+-*':
                cost = int(line.split()[-1]) if len(line.split()) > 1 else 0
                if pending_calls is not None:
                    edge = edges[(fn, cfn)]
                    edge[0] += pending_calls
                    edge[1] += cost
                    pending_calls = None
                else:
                    self_cost[fn] += cost
    return self_cost, edges


def resolve(names, text):
    m = NAME_RE.match(text)
    if not m:
        return text
    if m.group(2) is not None:
        names[m.group(1)] = m.group(2)
    return names.get(m.group(1), 'id ' + m.group(1))


def kernel_of(trampoline):
    """The kernel whose parallel region a task trampoline belongs to (bp::gemm, bp::adam_step, ...)."""
    if trampoline.startswith('_Z'):  # left mangled by valgrind: <length><name> pieces
        for m in re.finditer(r'(\d+)([A-Za-z_])', trampoline):
            name = trampoline[m.start(2):m.start(2) + int(m.group(1))]
            if re.fullmatch(r'[a-z_0-9]+', name) and name not in SKIP and name != 'bp':
                return name
    for name in re.findall(r'bp::(?:\(anonymous namespace\)::)?([a-z_0-9]+)[<(]', trampoline):
        if name not in SKIP:
            return name
    return trampoline[:60]


def is_trampoline(name):
    if name is None:
        return False
    if name.startswith('_ZZN2bp14parallel_tasks'):
        return '_FUNE' in name
    return name.startswith('bp::parallel_tasks<') and '_FUN(void*, unsigned long)' in name


def summarise(path):
    self_cost, edges = parse(path)
    total = sum(self_cost.values())
    tasks = collections.defaultdict(lambda: [0, 0])  # kernel -> [task calls, instructions]
    jobs = collections.Counter()  # kernel -> run_tasks calls (jobs)
    pool_inclusive = 0
    for (caller, callee), (calls, cost) in edges.items():
        if is_trampoline(callee) and not is_trampoline(caller):
            t = tasks[kernel_of(callee)]
            t[0] += calls
            t[1] += cost
        if callee is not None and callee.startswith('bp::run_tasks'):
            pool_inclusive += cost
            jobs[kernel_of(caller or '')] += calls
    is_worker = any('Pool::start' in (fn or '') for fn in self_cost)
    return {'total': total, 'tasks': tasks, 'jobs': jobs, 'pool_inclusive': pool_inclusive, 'worker': is_worker}


def main():
    args = sys.argv[1:]
    model = args[0] if args else 'mlp'
    batch = int(args[1]) if len(args) > 1 else 128
    warm = int(args[2]) if len(args) > 2 else 3
    steps = int(args[3]) if len(args) > 3 else 10
    threads = int(args[4]) if len(args) > 4 else 2
    dist = args[5:6]
    tmp = os.environ.get('THREAD_PROFILE_DIR') or tempfile.mkdtemp(prefix='thread-profile-')
    out = os.path.join(tmp, 'callgrind.out')
    if not os.environ.get('THREAD_PROFILE_DIR'):
        record(tmp, out, model, batch, warm, steps, threads, dist)
    report(out, model, batch, warm, steps, threads, tmp)


def record(tmp, out, model, batch, warm, steps, threads, dist):
    control = os.path.join(tmp, 'callgrind-control.node')
    subprocess.run(['gcc', '-O2', '-shared', '-fPIC', '-I/usr/include/node', os.path.join(HERE, 'callgrind-control.c'),
                    '-o', control], check=True)
    subprocess.run(['valgrind', '--tool=callgrind', '--separate-threads=yes', '--instr-atstart=no',
                    f'--callgrind-out-file={out}', 'node', os.path.join(HERE, 'thread-profile.mjs'), model,
                    str(batch), str(warm), str(steps), control, *dist],
                   env=dict(os.environ, BACKPROP_THREADS=str(threads)), check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def report(out, model, batch, warm, steps, threads, tmp):
    summaries = {f: summarise(f) for f in sorted(glob.glob(out + '-*'))}
    main_s = summaries[out + '-01']
    workers = [s for s in summaries.values() if s['worker']]
    other = sum(s['total'] for f, s in summaries.items() if not s['worker'] and s is not main_s)

    rows = []
    parallel = single = 0.0
    for k in sorted(set(main_s['tasks']) | {k for w in workers for k in w['tasks']}):
        calls = main_s['tasks'][k][0] + sum(w['tasks'][k][0] for w in workers)
        cost = main_s['tasks'][k][1] + sum(w['tasks'][k][1] for w in workers)
        job_count = main_s['jobs'][k]
        if job_count > 0 and calls / job_count < 1.5:
            single += cost
        else:
            parallel += cost
        rows.append((cost, k, job_count, calls, main_s['tasks'][k][1]))
    main_tasks = sum(main_s['tasks'][k][1] for k in main_s['tasks'])
    serial = main_s['total'] - main_s['pool_inclusive']
    worker_total = sum(w['total'] for w in workers)
    worker_tasks = sum(t[1] for w in workers for t in w['tasks'].values())
    serial_all = serial + single
    work = serial_all + parallel
    per = steps * 1e6
    print(f'{model}, batch {batch}, BACKPROP_THREADS={threads}: instructions per batch (millions), '
          f'{steps} batches after {warm}')
    print(f'{"kernel (its tasks)":28} {"jobs":>7} {"tasks":>7} {"all":>9} {"on main":>9}')
    for cost, k, job_count, calls, main_cost in sorted(rows, reverse=True):
        print(f'{k:28} {job_count / steps:7.1f} {calls / steps:7.1f} {cost / per:9.3f} {main_cost / per:9.3f}')
    print(f'main thread total              {main_s["total"] / per:9.3f}')
    print(f'  in tasks                     {main_tasks / per:9.3f}')
    print(f'  pool, not in tasks           {(main_s["pool_inclusive"] - main_tasks) / per:9.3f}'
          '  (spinning under valgrind: not a real cost)')
    print(f'  serial (outside the pool)    {serial / per:9.3f}')
    print(f'pool workers total             {worker_total / per:9.3f}  (in tasks {worker_tasks / per:.3f})')
    print(f'other threads (V8, libuv)      {other / per:9.3f}')
    print(f'S: serial + jobs of one task   {serial_all / per:9.3f}  ({100 * serial_all / work:.1f} % of S + P)')
    print(f'P: tasks of split jobs         {parallel / per:9.3f}')
    print(f'Amdahl bound for 2 threads     {work / (serial_all + parallel / 2):9.2f}x')
    print(f'(callgrind files in {tmp})')


if __name__ == '__main__':
    main()
