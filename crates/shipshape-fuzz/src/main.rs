//! `shipshape-fuzz`: run seeded mutations of real infrastructure files through shipshape and check
//! the oracles (see `oracle.rs`); time and memory are watched here.
//!
//! ```text
//! shipshape-fuzz [--seed N] [--inputs N] [--time SECS] [--corpus DIR]... [--out DIR] [--jobs N]
//!                [--shard I/N] [--ci] [--git-every N] [--timeout SECS] [--memory-mb N] [--keep N]
//!                [--progress FILE] [--start INDEX]
//! shipshape-fuzz --seed N --replay INDEX [--out DIR]      regenerate one input, save and check it
//! shipshape-fuzz --check CASE_DIR|FILE [--name NAME]      check one saved input
//! shipshape-fuzz --minimize CASE_DIR|FILE [--name NAME] [--out DIR]   shrink a failing input
//! ```
//! Exit codes: 0 no failure, 1 failures, 2 usage or setup error, 3 aborted by the watchdog.
// This crate owns the disk; domain crates read through the SourceTree (see clippy.toml).
#![allow(clippy::disallowed_methods)]

use shipshape_fuzz::minimize::minimize;
use shipshape_fuzz::mutate::{Input, generate};
use shipshape_fuzz::oracle::{Failure, GitCheck, Harness, Oracle, Setup, Verdict};
use shipshape_fuzz::rng::fnv1a;
use shipshape_fuzz::seeds::{self, Seeds};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

#[derive(Debug)]
struct Args {
    seed: u64,
    inputs: Option<u64>,
    time: Option<f64>,
    corpus: Vec<PathBuf>,
    out: PathBuf,
    jobs: usize,
    shard: (u64, u64),
    git_every: u64,
    timeout: f64,
    memory_mb: u64,
    keep: usize,
    replay: Option<u64>,
    check: Option<PathBuf>,
    minimize: Option<PathBuf>,
    minimize_secs: f64,
    progress: Option<PathBuf>,
    start: u64,
    name: Option<String>,
}

const USAGE: &str = "usage: shipshape-fuzz [--seed N] [--inputs N] [--time SECS] [--corpus DIR]... [--out DIR] [--jobs N]
                      [--shard I/N] [--ci] [--git-every N] [--timeout SECS] [--memory-mb N] [--keep N]
                      [--progress FILE] [--start INDEX]
       shipshape-fuzz --seed N --replay INDEX [--out DIR]
       shipshape-fuzz --check CASE_DIR|FILE [--name NAME]
       shipshape-fuzz --minimize CASE_DIR|FILE [--name NAME] [--out DIR] [--minimize-secs SECS]";

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        seed: 1,
        inputs: None,
        time: None,
        corpus: Vec::new(),
        out: PathBuf::from("target/fuzz"),
        jobs: 1,
        shard: (0, 1),
        git_every: 0,
        timeout: 10.0,
        memory_mb: 1024,
        keep: 3,
        replay: None,
        check: None,
        minimize: None,
        minimize_secs: 300.0,
        progress: None,
        start: 0,
        name: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        fn num<T: std::str::FromStr>(flag: &str, v: String) -> Result<T, String> {
            v.parse().map_err(|_| format!("{flag}: not a number: {v}"))
        }
        match flag.as_str() {
            "--seed" => a.seed = num(&flag, value(&flag)?)?,
            "--inputs" => a.inputs = Some(num(&flag, value(&flag)?)?),
            "--time" => a.time = Some(num(&flag, value(&flag)?)?),
            "--corpus" => a.corpus.push(PathBuf::from(value(&flag)?)),
            "--out" => a.out = PathBuf::from(value(&flag)?),
            "--jobs" => a.jobs = num::<usize>(&flag, value(&flag)?)?.max(1),
            "--shard" => {
                let v = value(&flag)?;
                let (i, n) = v.split_once('/').ok_or("--shard takes I/N")?;
                let (i, n): (u64, u64) = (num(&flag, i.to_owned())?, num(&flag, n.to_owned())?);
                if n == 0 || i >= n {
                    return Err(format!("--shard {v}: need 0 <= I < N"));
                }
                a.shard = (i, n);
            }
            "--ci" => a.git_every = 50,
            "--git-every" => a.git_every = num(&flag, value(&flag)?)?,
            "--timeout" => a.timeout = num(&flag, value(&flag)?)?,
            "--memory-mb" => a.memory_mb = num(&flag, value(&flag)?)?,
            "--keep" => a.keep = num(&flag, value(&flag)?)?,
            "--replay" => a.replay = Some(num(&flag, value(&flag)?)?),
            "--check" => a.check = Some(PathBuf::from(value(&flag)?)),
            "--minimize" => a.minimize = Some(PathBuf::from(value(&flag)?)),
            "--minimize-secs" => a.minimize_secs = num(&flag, value(&flag)?)?,
            "--progress" => a.progress = Some(PathBuf::from(value(&flag)?)),
            "--start" => a.start = num(&flag, value(&flag)?)?,
            "--name" => a.name = Some(value(&flag)?),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if a.corpus.is_empty() {
        a.corpus.push(seeds::default_corpus());
    }
    Ok(a)
}

fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

fn note(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                note(&format!("shipshape-fuzz: {e}"));
            }
            note(USAGE);
            return ExitCode::from(2);
        }
    };
    shipshape_fuzz::oracle::install_panic_hook();
    let result = if let Some(dir) = &args.check {
        check_case(dir, &args)
    } else if let Some(dir) = &args.minimize {
        minimize_case(dir, &args)
    } else {
        fuzz(&args)
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            note(&format!("shipshape-fuzz: {e}"));
            ExitCode::from(2)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Memory: the process's peak resident set (VmHWM), reset after each reading so every input is
// measured on its own (`/proc/self/clear_refs` "5", Linux ≥ 4.0).

fn vm_hwm_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn reset_hwm() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

// ---------------------------------------------------------------------------------------------
// Failures: grouped by signature, the first few inputs of each saved.

#[derive(Default)]
struct Group {
    oracle: Option<Oracle>,
    count: u64,
    examples: Vec<PathBuf>,
}

struct Recorder {
    out: PathBuf,
    keep: usize,
    groups: Mutex<BTreeMap<String, Group>>,
    /// Failing inputs per oracle (an input counts once per oracle).
    by_oracle: Mutex<BTreeMap<Oracle, u64>>,
    failing_inputs: AtomicU64,
}

impl Recorder {
    fn new(out: PathBuf, keep: usize) -> Self {
        Self {
            out,
            keep,
            groups: Mutex::default(),
            by_oracle: Mutex::default(),
            failing_inputs: AtomicU64::new(0),
        }
    }

    fn record(&self, input: &Input, failures: &[Failure]) {
        if failures.is_empty() {
            return;
        }
        self.failing_inputs.fetch_add(1, Ordering::Relaxed);
        let mut oracles: Vec<Oracle> = failures.iter().map(|f| f.oracle).collect();
        oracles.sort();
        oracles.dedup();
        for o in oracles {
            *lock(&self.by_oracle).entry(o).or_default() += 1;
        }
        // One folder per oracle an input fails, holding every failure of that oracle; saved when
        // one of its signatures still wants an example.
        for o in Oracle::ALL {
            let mine: Vec<&Failure> = failures.iter().filter(|f| f.oracle == o).collect();
            if mine.is_empty() {
                continue;
            }
            let wanting: Vec<String> = {
                let mut groups = lock(&self.groups);
                mine.iter()
                    .filter_map(|f| {
                        let g = groups.entry(f.signature.clone()).or_default();
                        g.oracle = Some(f.oracle);
                        g.count += 1;
                        (g.examples.len() < self.keep).then(|| f.signature.clone())
                    })
                    .collect()
            };
            if wanting.is_empty() {
                continue;
            }
            match save_case(&self.out, input, &mine) {
                Ok(dir) => {
                    let mut groups = lock(&self.groups);
                    for sig in wanting {
                        if let Some(g) = groups.get_mut(&sig) {
                            g.examples.push(dir.clone());
                        }
                    }
                }
                Err(e) => note(&format!("cannot save a failing input under {}: {e}", self.out.display())),
            }
        }
    }
}

/// Quote for a POSIX shell.
fn sh(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// `--out DIR/<oracle>-<hash>/<name>` and its `reason.txt`, for failures of one oracle.
fn save_case(out: &Path, input: &Input, failures: &[&Failure]) -> std::io::Result<PathBuf> {
    let dir = out.join(format!("{}-{:016x}", failures[0].oracle.as_str(), fnv1a(&input.bytes)));
    let signatures: Vec<&str> = failures.iter().map(|f| f.signature.as_str()).collect();
    let details: Vec<&str> = failures.iter().map(|f| f.detail.as_str()).collect();
    write_case(&dir, input, &signatures, &details.join("\n"))?;
    Ok(dir)
}

/// The input under its name, and `reason.txt`: its failures' signatures (the first is what
/// `--minimize` keeps), how it was made, and how to reproduce it.
fn write_case(dir: &Path, input: &Input, signatures: &[&str], detail: &str) -> std::io::Result<()> {
    let file = dir.join(&input.name);
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&file, &input.bytes)?;
    let mut r = String::new();
    for signature in signatures {
        r.push_str(&format!("signature: {signature}\n"));
    }
    r.push_str(&format!("name: {}\n", input.name));
    r.push_str(&format!("origin: {}\n", input.origin));
    if let Some((seed, index)) = input.id {
        r.push_str(&format!(
            "seed: {seed}\nindex: {index}\nreplay: shipshape-fuzz --seed {seed} --replay {index}\n"
        ));
    }
    r.push_str(&format!("check: shipshape-fuzz --check {}\n", sh(&dir.display().to_string())));
    // Standard input shows the diff (or, without fixes, the findings); a file on disk is fixed in
    // place and then rendered, so that form works on a copy.
    r.push_str(&format!(
        "cli: shipshape check --no-config --select ALL --unsafe-fixes --diff --stdin-filename {name} - < {file}\n\
         cli: shipshape check --no-config --select ALL --format human --stdin-filename {name} - < {file}\n\
         cli: cp -r {dir} /tmp/case && (cd /tmp/case && shipshape check --no-config --select ALL --fix --unsafe-fixes --format human {name})\n",
        name = sh(&input.name),
        file = sh(&file.display().to_string()),
        dir = sh(&dir.display().to_string()),
    ));
    for m in &input.mutations {
        r.push_str(&format!("mutation: {m}\n"));
    }
    for p in &input.planted {
        r.push_str(&format!("planted: {}\n", serde_json::Value::String(p.clone())));
    }
    if let Ok(before) = std::str::from_utf8(&input.before)
        && !before.is_empty()
        && before.len() <= 4096
    {
        r.push_str(&format!("before: {}\n", serde_json::Value::String(before.to_owned())));
    }
    r.push_str("detail:\n");
    for l in detail.lines() {
        r.push_str(&format!("  {l}\n"));
    }
    std::fs::write(dir.join("reason.txt"), r)
}

// ---------------------------------------------------------------------------------------------
// The run.

/// Worker `w`'s scratch git repository for `git apply` checks.
fn git_scratch_dir(w: usize) -> PathBuf {
    std::env::temp_dir().join(format!("shipshape-fuzz-{}-{w}", std::process::id()))
}

/// What each worker is running now, for the watchdog.
struct Running {
    started: Instant,
    input: Arc<Input>,
    /// The worker thread's `/proc/self/task/<tid>/stat` and its CPU time when the input started: a
    /// busy machine stretches wall time, not CPU time.
    stat: Option<PathBuf>,
    cpu_at_start: Option<Duration>,
}

/// This thread's stat file (`/proc/thread-self` names it).
fn thread_stat() -> Option<PathBuf> {
    let link = std::fs::read_link("/proc/thread-self").ok()?;
    Some(Path::new("/proc").join(link).join("stat"))
}

/// User + system CPU time from a `stat` file (in clock ticks of 1/100 s, Linux's USER_HZ).
fn cpu_time(stat: &Path) -> Option<Duration> {
    let s = std::fs::read_to_string(stat).ok()?;
    // The command name may hold spaces: fields are counted after its closing parenthesis.
    let rest = &s[s.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

#[derive(Default)]
struct Totals {
    inputs: u64,
    fixed: u64,
    git_checked: u64,
    /// Planted secrets still in their input, by kind: (count, reported as secret, not reported
    /// but shown in an output).
    planted: BTreeMap<&'static str, (u64, u64, u64)>,
    peak_kb: u64,
    /// The input that set `peak_kb` (exact with one worker: the peak is reset after each input).
    peak_input: String,
    /// The slowest inputs by CPU time: (CPU seconds, wall seconds, name, seed, index).
    slowest: Vec<(f64, f64, String, u64, u64)>,
}

impl Totals {
    fn add_slow(&mut self, cpu: f64, wall: f64, input: &Input) {
        let (seed, index) = input.id.unwrap_or_default();
        self.slowest.push((cpu, wall, input.name.clone(), seed, index));
        self.slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
        self.slowest.truncate(5);
    }
}

fn load_seeds(args: &Args) -> Result<Seeds, String> {
    let mut s = Seeds::default();
    for dir in &args.corpus {
        if !dir.is_dir() {
            note(&format!("fuzz: corpus {} not found; going on without it", dir.display()));
            continue;
        }
        let n = s.add_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        note(&format!("fuzz: {n} seeds from {}", dir.display()));
    }
    let n = s.add_rule_docs();
    note(&format!("fuzz: {n} seeds from the rules' documentation"));
    let dir = seeds::regressions_dir();
    let n = s.add_cases(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    note(&format!("fuzz: {n} seeds from {}", dir.display()));
    if s.is_empty() {
        return Err("no seeds".into());
    }
    Ok(s)
}

fn fuzz(args: &Args) -> Result<ExitCode, String> {
    let seeds = load_seeds(args)?;
    if let Some(index) = args.replay {
        return replay(&seeds, index, args);
    }
    let limit = args.inputs.unwrap_or(if args.time.is_some() { u64::MAX } else { 1000 });
    let deadline = args.time.map(|t| Instant::now() + Duration::from_secs_f64(t));
    let start = Instant::now();
    let recorder = Recorder::new(args.out.clone(), args.keep);
    let (shard, shards) = args.shard;
    // `--start I`: resume at input I (after a restart), skipping this shard's earlier ones.
    let next = AtomicU64::new(args.start.saturating_sub(shard).div_ceil(shards));
    let stop = AtomicBool::new(false);
    let slots: Vec<Mutex<Option<Running>>> = (0..args.jobs).map(|_| Mutex::new(None)).collect();
    let totals = Mutex::new(Totals::default());
    let done = AtomicU64::new(0);
    let memory_limit_kb = args.memory_mb * 1024;
    let timeout = Duration::from_secs_f64(args.timeout);
    note(&format!(
        "fuzz: {} seeds; seed {}, shard {shard}/{shards}, {} worker(s), {}{}",
        seeds.len(),
        args.seed,
        args.jobs,
        if limit == u64::MAX {
            "no input limit".to_owned()
        } else {
            format!("inputs < {limit}")
        },
        args.time.map(|t| format!(", at most {t} s")).unwrap_or_default()
    ));

    std::thread::scope(|scope| -> Result<(), String> {
        // The watchdog: an input over the time limit is saved, then the process ends.
        scope.spawn(|| {
            let mut last_progress = Instant::now();
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
                for slot in &slots {
                    let guard = lock(slot);
                    let Some(r) = guard.as_ref() else { continue };
                    let elapsed = r.started.elapsed();
                    let cpu = match (&r.stat, r.cpu_at_start) {
                        (Some(stat), Some(at_start)) => cpu_time(stat).map(|now| now.saturating_sub(at_start)),
                        _ => None,
                    };
                    // CPU time decides (a loaded machine stretches wall time, not CPU time); wall
                    // time only catches an input that blocks (30x the limit).
                    if cpu.unwrap_or(elapsed) > timeout || elapsed > timeout * 30 {
                        let f = Failure {
                            oracle: Oracle::Timeout,
                            signature: format!("timeout: over {} s", args.timeout),
                            detail: format!(
                                "one input ran for {:.1} s ({} CPU); the watchdog ended the run",
                                elapsed.as_secs_f64(),
                                cpu.map_or("unknown".into(), |c| format!("{:.1} s", c.as_secs_f64()))
                            ),
                        };
                        recorder.record(&r.input, std::slice::from_ref(&f));
                        let mut t = lock(&totals);
                        t.add_slow(cpu.unwrap_or(elapsed).as_secs_f64(), elapsed.as_secs_f64(), &r.input);
                        summary(&t, &recorder, start.elapsed(), args.jobs);
                        note(&format!(
                            "fuzz: aborted: input {:?} of {} ran over {} s",
                            r.input.id, r.input.name, args.timeout
                        ));
                        // `exit` runs no destructor: remove the workers' scratch git repositories here.
                        for w in 0..args.jobs {
                            let _ = std::fs::remove_dir_all(git_scratch_dir(w));
                        }
                        std::process::exit(3);
                    }
                }
                if last_progress.elapsed() > Duration::from_secs(30) {
                    last_progress = Instant::now();
                    let n = done.load(Ordering::Relaxed);
                    note(&format!(
                        "fuzz: {n} inputs, {:.0}/s, {} failing",
                        n as f64 / start.elapsed().as_secs_f64(),
                        recorder.failing_inputs.load(Ordering::Relaxed)
                    ));
                }
            }
        });
        let workers: Vec<_> = (0..args.jobs)
            .map(|w| {
                let (seeds, recorder, next, stop, slot, totals, done) = (&seeds, &recorder, &next, &stop, &slots[w], &totals, &done);
                scope.spawn(move || -> Result<(), String> {
                    let setup = Setup::new()?;
                    let mut harness = Harness::new(&setup);
                    let stat = thread_stat();
                    let progress = match &args.progress {
                        None => None,
                        Some(p) => {
                            let p = if args.jobs > 1 {
                                PathBuf::from(format!("{}.{w}", p.display()))
                            } else {
                                p.clone()
                            };
                            Some(std::fs::File::create(&p).map_err(|e| format!("{}: {e}", p.display()))?)
                        }
                    };
                    if args.git_every > 0 {
                        harness.git = Some(GitCheck::new(git_scratch_dir(w), args.git_every)?);
                    }
                    loop {
                        if stop.load(Ordering::Relaxed) || deadline.is_some_and(|d| Instant::now() >= d) {
                            break;
                        }
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        let Some(index) = k.checked_mul(shards).and_then(|i| i.checked_add(shard)) else {
                            break;
                        };
                        if index >= limit {
                            break;
                        }
                        let input = Arc::new(generate(seeds, args.seed, index));
                        if let Some(f) = &progress {
                            // Fixed width, rewritten in place: what a killed process was running.
                            use std::os::unix::fs::FileExt;
                            let _ = f.write_at(format!("{:<20} {:<20}\n", args.seed, index).as_bytes(), 0);
                        }
                        let started = Instant::now();
                        let cpu_at_start = stat.as_deref().and_then(cpu_time);
                        *lock(slot) = Some(Running {
                            started,
                            input: Arc::clone(&input),
                            cpu_at_start,
                            stat: stat.clone(),
                        });
                        let mut verdict = harness.check(&input);
                        let secs = started.elapsed().as_secs_f64();
                        let cpu = match (stat.as_deref().and_then(cpu_time), cpu_at_start) {
                            (Some(now), Some(then)) => now.saturating_sub(then).as_secs_f64(),
                            _ => secs,
                        };
                        *lock(slot) = None;
                        let hwm = vm_hwm_kb();
                        if let Some(kb) = hwm {
                            if kb > memory_limit_kb {
                                verdict.failures.push(Failure {
                                    oracle: Oracle::Memory,
                                    signature: format!("memory: over {} MiB", args.memory_mb),
                                    detail: format!(
                                        "peak resident set {} MiB while running it{}",
                                        kb / 1024,
                                        if args.jobs > 1 {
                                            " (other workers share the process: run with --jobs 1 to be sure)"
                                        } else {
                                            ""
                                        }
                                    ),
                                });
                            }
                            reset_hwm();
                        }
                        {
                            let mut t = lock(totals);
                            if let Some(kb) = hwm.filter(|kb| *kb > t.peak_kb) {
                                t.peak_kb = kb;
                                let (seed, index) = input.id.unwrap_or_default();
                                t.peak_input = format!("{} (seed {seed} index {index})", input.name);
                            }
                            account(&mut t, &verdict, cpu, secs, &input);
                        }
                        recorder.record(&input, &verdict.failures);
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                    Ok(())
                })
            })
            .collect();
        let mut result = Ok(());
        for w in workers {
            let r = w.join().unwrap_or_else(|_| Err("a worker panicked outside the oracles".into()));
            if result.is_ok() {
                result = r;
            }
        }
        stop.store(true, Ordering::Relaxed);
        result
    })?;
    let totals = lock(&totals);
    summary(&totals, &recorder, start.elapsed(), args.jobs);
    Ok(if recorder.failing_inputs.load(Ordering::Relaxed) > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn account(t: &mut Totals, v: &Verdict, cpu: f64, wall: f64, input: &Input) {
    t.inputs += 1;
    t.fixed += u64::from(v.fixed);
    t.git_checked += u64::from(v.git_checked);
    for (kind, reported, shown) in &v.planted {
        let e = t.planted.entry(kind).or_default();
        e.0 += 1;
        e.1 += u64::from(*reported);
        e.2 += u64::from(!reported && *shown);
    }
    if t.slowest.len() < 5 || cpu > t.slowest.last().map_or(0.0, |s| s.0) {
        t.add_slow(cpu, wall, input);
    }
}

fn summary(t: &Totals, recorder: &Recorder, elapsed: Duration, jobs: usize) {
    let secs = elapsed.as_secs_f64();
    let by = lock(&recorder.by_oracle);
    let counts: Vec<String> = Oracle::ALL
        .iter()
        .map(|o| format!("{} {}", o.plural(), by.get(o).copied().unwrap_or(0)))
        .collect();
    let slowest = t
        .slowest
        .first()
        .map(|(cpu, wall, name, seed, index)| format!("{cpu:.2} s CPU ({wall:.2} s wall) {name} (seed {seed} index {index})"))
        .unwrap_or_else(|| "-".into());
    let groups = lock(&recorder.groups);
    for (sig, g) in groups.iter() {
        let example = g.examples.first().map(|p| p.display().to_string()).unwrap_or_default();
        say(&format!("fuzz: FAIL x{:<6} {sig}  [{example}]", g.count));
    }
    for (cpu, wall, name, seed, index) in t.slowest.iter().skip(1) {
        say(&format!(
            "fuzz: slow {cpu:.2} s CPU ({wall:.2} s wall) {name} (seed {seed} index {index})"
        ));
    }
    let planted: Vec<String> = t
        .planted
        .iter()
        .map(|(kind, (n, reported, shown))| format!("{kind} {reported}/{n} ({shown} others shown)"))
        .collect();
    say(&format!(
        "fuzz: {} fixed, {} diffs checked with git; planted secrets reported as secret (of the others, shown in an output): {}",
        t.fixed,
        t.git_checked,
        if planted.is_empty() { "-".to_owned() } else { planted.join(", ") }
    ));
    say(&format!(
        "fuzz: {} inputs in {secs:.0} s ({:.1}/s per worker, {jobs} worker(s)), {} failures ({}); slowest {slowest}; peak RSS {} MB {}",
        t.inputs,
        t.inputs as f64 / secs.max(1e-9) / jobs as f64,
        recorder.failing_inputs.load(Ordering::Relaxed),
        counts.join(", "),
        t.peak_kb / 1024,
        t.peak_input
    ));
}

// ---------------------------------------------------------------------------------------------
// One input: replay, check, minimize.

fn print_verdict(input: &Input, v: &Verdict, secs: f64) {
    say(&format!(
        "fuzz: {} ({} bytes): {:.3} s, {} failure(s), fixed: {}",
        input.name,
        input.bytes.len(),
        secs,
        v.failures.len(),
        v.fixed
    ));
    for f in &v.failures {
        say(&format!("  {}\n    {}", f.signature, f.detail.replace('\n', "\n    ")));
    }
}

fn run_one(input: &Input, args: &Args) -> Result<(Verdict, f64), String> {
    let setup = Setup::new()?;
    let mut harness = Harness::new(&setup);
    let stat = thread_stat();
    let cpu_at_start = stat.as_deref().and_then(cpu_time);
    let started = Instant::now();
    let mut v = harness.check(input);
    let secs = started.elapsed().as_secs_f64();
    let cpu = match (stat.as_deref().and_then(cpu_time), cpu_at_start) {
        (Some(now), Some(then)) => now.saturating_sub(then).as_secs_f64(),
        _ => secs,
    };
    if cpu > args.timeout {
        v.failures.push(Failure {
            oracle: Oracle::Timeout,
            signature: format!("timeout: over {} s", args.timeout),
            detail: format!("ran for {secs:.1} s ({cpu:.1} s CPU)"),
        });
    }
    if let Some(kb) = vm_hwm_kb()
        && kb > args.memory_mb * 1024
    {
        v.failures.push(Failure {
            oracle: Oracle::Memory,
            signature: format!("memory: over {} MiB", args.memory_mb),
            detail: format!("peak resident set {} MiB", kb / 1024),
        });
    }
    Ok((v, secs))
}

fn replay(seeds: &Seeds, index: u64, args: &Args) -> Result<ExitCode, String> {
    let input = generate(seeds, args.seed, index);
    let dir = args.out.join(format!("replay-{}-{index}", args.seed));
    // Saved before it runs: it may be the input that kills the process.
    let save =
        |signatures: &[&str], detail: &str| write_case(&dir, &input, signatures, detail).map_err(|e| format!("{}: {e}", dir.display()));
    save(&["(not run yet)"], "")?;
    say(&format!("fuzz: saved {}", dir.display()));
    let (v, secs) = run_one(&input, args)?;
    let signatures: Vec<&str> = v.failures.iter().map(|f| f.signature.as_str()).collect();
    let detail: Vec<&str> = v.failures.iter().map(|f| f.detail.as_str()).collect();
    save(if signatures.is_empty() { &["none"] } else { &signatures }, &detail.join("\n"))?;
    print_verdict(&input, &v, secs);
    Ok(if v.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// A case folder, or a single file (named `--name`, else by its file name).
fn read_input(dir: &Path, args: &Args) -> Result<Input, String> {
    if dir.is_file() {
        let bytes = std::fs::read(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let name = match &args.name {
            Some(n) => n.clone(),
            None => dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        };
        return Ok(Input::plain(name, bytes, dir.display().to_string(), Vec::new()));
    }
    let case = seeds::read_case(dir).map_err(|e| e.to_string())?;
    let mut input = Input::plain(case.name, case.bytes, case.origin, case.planted);
    input.before = case.before;
    Ok(input)
}

fn check_case(dir: &Path, args: &Args) -> Result<ExitCode, String> {
    let input = read_input(dir, args)?;
    let (v, secs) = run_one(&input, args)?;
    print_verdict(&input, &v, secs);
    Ok(if v.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn minimize_case(dir: &Path, args: &Args) -> Result<ExitCode, String> {
    let input = read_input(dir, args)?;
    let (v, secs) = run_one(&input, args)?;
    let wanted = std::fs::read_to_string(dir.join("reason.txt"))
        .ok()
        .and_then(|r| r.lines().find_map(|l| l.strip_prefix("signature: ").map(str::to_owned)));
    let Some(target) = v
        .failures
        .iter()
        .find(|f| wanted.as_ref().is_none_or(|w| *w == f.signature))
        .or(v.failures.first())
        .cloned()
    else {
        print_verdict(&input, &v, secs);
        return Err(format!("{}: the input does not fail now; nothing to minimize", dir.display()));
    };
    say(&format!(
        "fuzz: minimizing {} ({} bytes) for `{}`",
        input.name,
        input.bytes.len(),
        target.signature
    ));
    let setup = Setup::new()?;
    let mut harness = Harness::new(&setup);
    let slow = Duration::from_secs_f64((secs / 2.0).max(1.0));
    let mut tests = 0u64;
    let mut still_fails = |candidate: &Input| -> bool {
        tests += 1;
        let started = Instant::now();
        let v = harness.check(candidate);
        match target.oracle {
            Oracle::Timeout => started.elapsed() >= slow,
            Oracle::Memory => {
                let over = vm_hwm_kb().is_some_and(|kb| kb > args.memory_mb * 1024);
                reset_hwm();
                over
            }
            _ => v.failures.iter().any(|f| f.signature == target.signature),
        }
    };
    let deadline = Instant::now() + Duration::from_secs_f64(args.minimize_secs);
    let min = minimize(&input, &mut still_fails, deadline);
    let out = args.out.join(format!("min-{}-{:016x}", target.oracle.as_str(), fnv1a(&min.bytes)));
    let (v, _) = run_one(&min, args)?;
    let detail = v
        .failures
        .iter()
        .find(|f| f.signature == target.signature)
        .map_or(target.detail.clone(), |f| f.detail.clone());
    write_case(&out, &min, &[&target.signature], &detail).map_err(|e| format!("{}: {e}", out.display()))?;
    say(&format!(
        "fuzz: {} -> {} bytes in {tests} tests; saved {}",
        input.bytes.len(),
        min.bytes.len(),
        out.display()
    ));
    say(&format!("fuzz: minimized input: {:?}", String::from_utf8_lossy(&min.bytes)));
    Ok(ExitCode::SUCCESS)
}
