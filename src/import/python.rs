//! Python check scripts (parsed by tree-sitter-python) into drafts.
//!
//! The verdict is the exit status: `sys.exit(N)`, an uncaught exception (1), or 0. Requests
//! (`requests`, `httpx`, `urllib.request.urlopen`), sockets and subprocesses become probes;
//! what the script then checks of them — `status_code`, `ok`, `raise_for_status()`, `.json()`,
//! `.text`, `returncode` — becomes their expectations. A statement this reading does not
//! understand keeps the whole script as one command probe: Python's control flow (exceptions,
//! early returns) makes fragments unsafe, and the suite must give the script's verdict.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use tree_sitter::Node;

use super::draft::{
    ANY_STATUS, BELOW_400, Check, Draft, Findings, ITEM, OptionArg, Piece, Text, Warning, Yaml,
    positional_name,
};
use super::naming::{
    credential, credential_var, disk_name, http_name, is_secret_header, password_var, seconds,
    slug, unique_name,
};
use crate::suite::env::Trim;

#[derive(Clone, Debug)]
enum Val {
    Text(Text),
    List(Vec<Text>),
    Num(f64),
    /// A response, connection or process: the draft it made.
    Probe(usize),
    /// One of the script's functions handed to another as an argument (`wait_for("db",
    /// connect_db)`): a call of the parameter is a call of the function.
    Function,
    /// `urllib.request.Request(url, headers={…}, method=…)`, before `urlopen` sends it.
    Request {
        url: Text,
        headers: Vec<(String, Text)>,
        method: Option<String>,
        /// `data=`: what it sends (urllib then POSTs).
        body: Option<Text>,
    },
    /// `ssl._create_unverified_context()`: certificates are not checked.
    Unverified,
    /// `ssl.create_default_context()`, and what the script set of it since: whether it checks
    /// the certificate (`verify_mode`) and the host name (`check_hostname`).
    TlsContext {
        verify: bool,
        hostname: bool,
    },
    /// A test kept in a variable (`ok = r.status == 200`): the bytes of its expression.
    Condition(usize, usize),
    /// The result of checks made where the script assigned it (`ok = check_port(h, p)`),
    /// which the suite requires to pass.
    Verdict,
    /// The results of checks kept together: a list (`results = [check_db(), check_api()]`,
    /// `results.append(check_db())` to `[]`) or a dict's values (`{"db": check_db()}`,
    /// `results["db"] = check_db()` to `{}`; `true`). Each check is made where the script puts
    /// it there, and the suite requires it to pass: the script reads them only as
    /// `all(results)` (`all(results.values())` of a dict), a verdict as [`Val::Verdict`] is.
    /// A dict's keys are kept: a key written again would replace a check's result, which the
    /// suite would still require.
    Verdicts(Option<Vec<String>>),
    /// `sys.argv[1:]` handed to a function, which only gives it to `parse_args`: the caller's
    /// words, as argparse reads them without it.
    Argv,
    /// argparse's parsed arguments handed to a function (`main(parser.parse_args())`):
    /// `args.url` in it reads the suite argument, as after `args = parser.parse_args()`.
    Namespace,
    /// A count or list of failures the script keeps (`errors += 1`, `failed.append(url)`),
    /// which the suite requires to stay empty: zero or `[]` where the script tests it.
    Tally,
    /// A dictionary written in the script: `CODES = {"OK": 0, "CRITICAL": 2}`.
    Dict(Vec<(String, Val)>),
    /// An attribute of a response read into a variable: `status = r.status`.
    Attr(usize, String),
    /// `time.time()` plus these seconds: a loop's start or deadline.
    Clock(f64),
    /// `time.time()` plus seconds the caller gives (`int(os.environ.get("TIMEOUT", "60"))`):
    /// a deadline read when the probe runs.
    LateClock(Text),
    /// `urllib.request.build_opener()` without handlers that change what is checked (a
    /// `ProxyHandler({})` only turns off proxies, which probes do not use).
    Opener,
    /// A value read from a response's JSON body (`status = data["status"]`): the draft, the
    /// path, and whether reading it raises when the path is missing (a subscript does,
    /// `.get()` gives None).
    Json(usize, String, bool),
    /// `status = data.get("status", "unknown")`: as [`Val::Json`] read by `.get()`, except
    /// that a missing key gives this string: only compared with other strings.
    JsonOr(usize, String, String),
    /// A path on the machine (`Path("/tmp/heartbeat")`).
    Path(Text),
    /// A path found from the script's own (`Path(__file__).resolve().parents[1]`,
    /// `os.path.dirname(os.path.abspath(__file__))`), which the suite does not know: good for
    /// what changes no verdict (`sys.path.insert(0, str(ROOT))`, `load_dotenv(ROOT / ".env")`)
    /// and nothing else.
    OwnPath,
    /// What `stat` says of a path (`p.stat()`, `os.stat(p)`).
    Stat(Text),
    /// A path's modification time (`os.path.getmtime(p)`, `p.stat().st_mtime`).
    Mtime(Text),
    /// The seconds since a path was modified (`time.time() - p.stat().st_mtime`).
    Age(Text),
    /// A path's modification time as a `datetime`: `datetime.fromtimestamp(p.stat().st_mtime)`,
    /// in UTC (`utcfromtimestamp`) or not.
    MtimeDate(Text, bool),
    /// The time since a path was modified as a `timedelta`: `datetime.now() -
    /// datetime.fromtimestamp(…)`, both read in the same zone.
    AgeDelta(Text),
    /// A `timedelta` written in the script (`timedelta(minutes=5)`), in seconds.
    Delta(f64),
    /// `socket.socket(AF_INET, SOCK_STREAM)` before it connects, with its `settimeout`.
    Socket(Option<String>),
    /// A file opened for reading (`with open("/proc/1/cmdline") as fh:`).
    Opened(Text),
    /// `sqlalchemy.create_engine(URL)`: a database it connects to when asked.
    Engine(Text),
    /// `url.replace("postgresql+asyncpg://", "postgresql://")`: a database URL without its
    /// SQLAlchemy driver, which a database probe does not read anyway (the URL itself), and
    /// nothing else: used as anything but a driver's URL it is a value computed at run time.
    DbUrl(Text),
    /// `host, port = os.environ["ADDR"].split(":")`: one half (0, the host; 1, the port) of an
    /// address the caller gives whole, which a connection to `(host, int(port))` reads as
    /// that address.
    AddressHalf(Text, usize),
    /// `urlparse(os.environ["DATABASE_URL"])`: the parts of a URL the caller gives, which a
    /// connection made of all of them (`host=u.hostname, port=u.port, user=u.username, …`)
    /// reads as the URL itself.
    UrlParts(Text),
    /// A dictionary entry that is a part of such a URL (`{"host": u.hostname, "database":
    /// u.path[1:]}`), as written: spread into a connection (`**settings`), all of them
    /// together are the URL, as keywords written in the call are.
    UrlPart(String),
    /// `http.client.HTTPConnection(host, port, timeout=…)` (httplib's too): where it
    /// connects, and the request `conn.request(METHOD, PATH, headers=…)` made on it.
    Connection {
        base: Text,
        timeout: Option<String>,
        insecure: bool,
        request: Option<PendingRequest>,
    },
    /// Whether an environment variable is set and not empty, and nothing else:
    /// `bool(os.environ.get("X", False))`, `os.environ.get("X", None)` (only tested, never text).
    Truth(Text),
    /// A file's whole content as the script read it (`fh.read()`, `.decode()`), and whether
    /// it was stripped (`.strip()`).
    Content(Text, bool),
    /// A measure of the machine (`psutil.disk_usage("/").percent`, `os.getloadavg()[0]`): the
    /// probe kind, the measure, its unit's sign, and the path of a disk.
    Machine {
        kind: &'static str,
        key: &'static str,
        unit: &'static str,
        path: Option<Text>,
    },
    /// `int(open(P).read())`: the process id a pidfile holds, for `os.kill(pid, 0)`.
    Pid(Text),
    /// What `shutil.disk_usage(P)` (or psutil's) returns: `.free`, `.total`, of the
    /// filesystem holding the path.
    DiskUsage(Text),
    /// One field of what `shutil.disk_usage(P)` returns, unpacked (`total, used, free =
    /// shutil.disk_usage("/")`): the path and the measure it is (`size`, `used_bytes`, `free`).
    DiskPart(Text, &'static str),
    /// Rows of values written in the script (`[(url, 200), (url2, 204)]`), for a loop that
    /// unpacks them.
    Rows(Vec<Vec<Val>>),
    /// A flag a wait loop sets when its checks pass (`connected = True; break`): true on every
    /// path that goes on after the loop, as the suite's probes require.
    Passed,
    /// What a wait loop's handler keeps of the last failure (`error = e`), which its passing
    /// attempt clears (`error = ''; break`): false on every path that goes on after the loop.
    Cleared,
    /// A redis client (`redis.Redis(host=…)`, `redis.from_url(…)`): it connects when asked
    /// something, so only its `ping()` is a probe.
    Redis(RedisClient),
    /// `pymongo.MongoClient(…)`: it connects only when a command asks.
    Mongo(MongoClient),
    /// `class Status(Enum): OK = 0 …`: the members and their values; an `IntEnum`'s members
    /// are their numbers. `plain` for a class that only holds constants (`class Codes: OK =
    /// 0`) and an instance of it: its attributes are their values, without `.value`.
    /// `(2, "CRITICAL")`, a member of a class of constants: its values, numbers kept as numbers
    /// (`sys.exit(state[0])`).
    Tuple(Vec<Val>),
    Enum {
        int: bool,
        plain: bool,
        members: Vec<(String, Val)>,
    },
    /// The standard output of a command probe as the script holds it: as text or bytes, and
    /// whether stripped (`subprocess.check_output(argv).decode().strip()`).
    Output {
        probe: usize,
        text: bool,
        stripped: bool,
    },
    /// The rows a query returned (`row = cur.fetchone()`) where the query is one any login
    /// answers (`SELECT 1`): shown by a report, never tested.
    Answer,
}

/// How a subprocess call hands back its standard output: `check_output` returns it, `run`
/// with `capture_output=True` (or `stdout=PIPE`) holds it in `.stdout`; as text with
/// `text=True` (`universal_newlines`, `encoding`), as bytes otherwise.
#[derive(Clone, Copy, Debug)]
struct Captured {
    returned: bool,
    text: bool,
}

/// `b"UP"`: the text of a bytes literal of printable ASCII without escapes.
fn plain_bytes(raw: &str) -> Option<&str> {
    let q = raw.strip_prefix('b')?;
    // (`b"""{}"""`: a triple quote, not quotes in the text.)
    if q.starts_with("\"\"\"") || q.starts_with("'''") {
        return None;
    }
    let inner = q
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .or_else(|| q.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))?;
    // (`b"o" b"k"`: two literals joined, whose quotes the text holds.)
    let quote = q.chars().next()?;
    (inner.chars().all(|c| c.is_ascii_graphic() || c == ' ') && !inner.contains(['\\', quote]))
        .then_some(inner)
}

/// The name of UTF-8 as `.decode(…)` is given it (`"utf-8"`, `'utf8'`, `"UTF-8"`).
fn utf8_name(arg: &str) -> bool {
    matches!(
        arg,
        "\"utf-8\"" | "'utf-8'" | "\"utf8\"" | "'utf8'" | "\"UTF-8\"" | "'UTF-8'"
    )
}

/// A call that runs a command: `subprocess.run(…)` and the like.
fn is_subprocess_call(callee: &str) -> bool {
    matches!(
        callee,
        "subprocess.run" | "subprocess.check_call" | "subprocess.check_output" | "subprocess.call"
    )
}

/// Where a redis client connects, and as whom.
/// `conn.request("GET", "/health", headers={…})`, before `conn.getresponse()`.
#[derive(Clone, Debug)]
struct PendingRequest {
    method: String,
    path: Text,
    headers: Vec<(String, Text)>,
}

#[derive(Clone, Debug)]
struct RedisClient {
    address: Text,
    password: Option<Text>,
    database: Option<Text>,
    timeout: Option<String>,
}

/// What a `pymongo.MongoClient(…)` connects to, and how.
#[derive(Clone, Debug)]
struct MongoClient {
    address: Text,
    user: Option<Text>,
    password: Option<Text>,
    /// Where the login runs (`authSource`).
    auth_db: Option<Text>,
    /// `serverSelectionTimeoutMS`, or pymongo's 30 s.
    timeout: String,
    /// `directConnection=True`: the command goes to this server, primary or not; otherwise
    /// pymongo discovers a replica set and sends it to the primary.
    direct: bool,
    /// The address is a URL the environment gives, read when the probe runs.
    url_from_environment: bool,
}

/// Where a statement leaves the script's passing path: it goes on, or the script has
/// passed (`sys.exit(0)`, `return 0` from the main function) and nothing after it runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flow {
    Continue,
    Passed,
}

struct Py<'a> {
    src: &'a str,
    vars: HashMap<String, Val>,
    /// Parameters bound to a whole number by the call being read (`wait_for_db(5 * 60)`):
    /// Python's `int`, which `range()` takes, where `vars` holds a number of either kind.
    int_params: HashMap<String, i64>,
    functions: HashMap<String, Node<'a>>,
    /// Functions a retry decorator wraps (tenacity's, retrying's, backoff's `@…`): how often
    /// their checks are tried ([`Retried`]).
    retried: HashMap<String, Retried>,
    /// The script's argparse arguments, in the order it declares them: `args.url` is whatever
    /// the caller passes, read as the suite argument of the same name.
    arguments: Vec<PyArg>,
    /// The highest `sys.argv[N]` read, and the count of arguments a `len(sys.argv)` test
    /// requires: the suite's positional arguments `arg1`…
    argv: std::cell::Cell<usize>,
    /// The line that first reads `sys.argv` or tests its length.
    argv_line: std::cell::Cell<usize>,
    /// Timeouts the caller gives (`timeout=args.timeout`), read as their default: what to
    /// say about each, on its line.
    late_timeouts: std::cell::RefCell<Vec<Warning>>,
    /// The highest `sys.argv[N]` read only where it is given (`sys.argv[1] if len(sys.argv) >
    /// 1 else DEFAULT`): optional positional arguments.
    optional_argv: std::cell::Cell<usize>,
    /// `elif len(sys.argv) > 2: sys.exit(1)`: the most arguments the script takes, and the
    /// line that says so. The suite refuses an argument beyond those it declares, so it
    /// declares exactly that many.
    argv_at_most: std::cell::Cell<Option<(usize, usize)>>,
    /// Reading the target of a request or a connection: an option without a default read
    /// there fails the script when the caller does not give it (a URL `None/health`, a host
    /// `None`), so the suite requires it ([`Py::target_options`]).
    in_target: std::cell::Cell<bool>,
    /// The options a target reads, which the suite requires.
    target_options: std::cell::RefCell<Vec<String>>,
    /// Names last assigned a number the caller gives (`t = int(os.environ.get("T", "60"))`).
    numbers: BTreeSet<String>,
    /// Parameters bound to a number the caller gives (`wait(host, port, args.timeout)`),
    /// among [`Py::numbers`] while the call is read.
    param_numbers: BTreeSet<String>,
    /// Parameters bound to an option without a default (`check(args.url)`): None where the
    /// caller does not give it, which only a request's target may take (the suite then
    /// requires the option, [`Py::target_options`]).
    optional_params: HashMap<String, String>,
    /// `os.environ.get("X", "d")`: each variable read with a default, and the first line.
    env_defaults: std::cell::RefCell<BTreeMap<String, usize>>,
    /// Lines of python-decouple's `config(…)`, which reads a `.env` file too.
    decouple_reads: std::cell::RefCell<BTreeSet<usize>>,
    /// Credentials written in the script that the suite reads from the environment.
    secrets: Vec<String>,
    /// Names that hold only what the script reports (`started = datetime.now()` read in a
    /// message): computed without failing, and read by nothing else.
    reported_only: BTreeSet<String>,
    /// The names [`Py::reported_value`] is deciding about whose value is a number of
    /// [`Py::seconds`]: what formats them as numbers (`{ms:.0f}`) is a report of a number.
    deciding: std::cell::RefCell<Vec<String>>,
    /// The names [`Py::reported_seconds`] is reading, innermost last.
    seconds_reading: std::cell::RefCell<Vec<String>>,
    drafts: Vec<Draft>,
    /// Names whose assignment was left out as a report of a number of [`Py::seconds`] where
    /// the reading passed it (`took = time.time() - start` in a `try` whose handlers exit).
    seconds_names: BTreeSet<String>,
    /// The drafts of httpx requests, whose `raise_for_status()` raises on 3xx too.
    httpx: BTreeSet<usize>,
    /// The drafts of requests' and httpx's requests, whose response has `.elapsed` (urllib's
    /// and http.client's have not).
    timed: BTreeSet<usize>,
    /// `socket.setdefaulttimeout(5)` before the checks: the timeout of every connection
    /// Python's sockets make without one of their own (urllib, http.client, socket; not
    /// requests, whose urllib3 sets none on its sockets unless given one).
    socket_timeout: Option<String>,
    /// The command probes whose standard output the script reads ([`Captured`]).
    captured: HashMap<usize, Captured>,
    /// The status a tally raised to a constant holds once marked (`result = 2` from `result =
    /// 0`; `failed = True` from `False` is 1), for `sys.exit(result)`.
    tally_codes: std::cell::RefCell<HashMap<String, i64>>,
    warnings: Vec<Warning>,
    names: BTreeSet<String>,
    /// `return N` ends the script with N (main called as `sys.exit(main())`).
    returns_exit: bool,
    /// With `returns_exit`, inside a function that tells whether the script is healthy
    /// ([`Py::verdict_function`]): `return False` fails the script, and its last `return
    /// True` goes on after the call.
    returns_truth: bool,
    /// A verdict function's `return True` inside its `if`s ([`Py::nested_truth`]) was read:
    /// the [`Flow::Passed`] it gave ends the function, not the script.
    returned_true: bool,
    /// Inside a function called as the script's last statement (`main()` with nothing after
    /// it): a `return` ends the script, which passes.
    returns_pass: bool,
    /// What the next [`Py::call_function`] sets `returns_pass` to.
    pending_returns_pass: bool,
    /// What the next [`Py::call_function`] sets `returns_exit` to: a function's returns are
    /// the exit status only where the script exits with them (`sys.exit(main())`), not in the
    /// functions it calls in turn.
    pending_returns_exit: bool,
    /// The clock variables (`deadline`, `start`) a wait loop reads, with the loop's position and
    /// the call it was read in: a second loop on the same clock (or the same loop at a second
    /// call) has only what the first left of it, which a probe's own `wait.until` cannot say.
    clocks_used: std::cell::RefCell<HashMap<String, (usize, usize)>>,
    /// Each reading of a function at a call, numbered (0: the script's top level): a loop
    /// read again at another call measures from a clock the first call already spent.
    call_id: usize,
    calls_read: usize,
    /// Sockets `connect` was read for since they were made.
    connected: HashSet<String>,
    /// The loop bodies read so far one item at a time (see [`MAX_UNROLLED_READS`]).
    unrolled_reads: usize,
    /// The number of drafts made when each clock variable was read: a wait made since (a
    /// retry loop, another wait) spends the clock's time, which a probe's own `wait.until`,
    /// counted from when it starts, does not.
    clock_bound_at: HashMap<String, usize>,
    /// The methods of the script's plain classes (`class Checker: def __init__(self, url): …
    /// def check(self): …`), by class.
    classes: HashMap<String, Vec<(String, Node<'a>)>>,
    /// Inside the `try` of a wait loop: `break` and a bare `return` leave the loop.
    in_wait: bool,
    /// The flag of a wait loop written `while not ready:` (or `while keep_going:`): its
    /// statement `ready = True` is the loop's `break` ([`Py::loop_flag`]).
    flag_break: Option<String>,
    /// With `flag_break`, the loop's flag holds the connection its attempt makes (`conn =
    /// None` then `while conn is None:`): the statement that sets it is the attempt's check,
    /// run, then the loop's `break`; `conn = None` in a handler only says it is still unset.
    flag_holds_check: bool,
    /// The depth of [`Py::continuation`] where the attempt of the wait loop being read begins.
    attempt_depth: usize,
    /// The counter of the bounded loop being read (`retries -= 1`): its updates only count
    /// the attempts, which the suite's retries do.
    counter: Option<String>,
    /// Inside a loop over alternatives: `continue` tries the next one.
    in_alternatives: bool,
    /// Inside an attempt of a counted retry loop ([`Py::repeat`]), whose pauses (wherever they
    /// are in the attempt) space the suite's retries.
    in_attempt: bool,
    /// Names a wait loop's handler gave the clock's reading (`now = time.time()`), with what
    /// they held before, put back when the loop has been read.
    clock_names: Vec<(String, Option<Val>)>,
    /// The loop being read has an `else:` that fails once its attempts ran out.
    exhaustion_fails: bool,
    /// What runs after the statement being read, innermost block first: the rest of each
    /// enclosing block, up to the end of the script or of a main function whose end passes.
    continuation: Vec<Continuation<'a>>,
    /// The module, to find a kept test's expression again.
    root: Option<Node<'a>>,
    /// What the script's imports bind, by the name the script uses: `sleep` is `time.sleep`
    /// after `from time import sleep`, `r` is `requests` after `import requests as r`.
    imports: HashMap<String, String>,
    /// How the tests of the environment this reading goes through come out (see [`Fork`]).
    assume: HashMap<String, bool>,
    /// The first test of the environment the reading needed and had no answer for.
    fork: std::cell::RefCell<Option<Fork>>,
    /// Checks whose result the script keeps in a variable (`ok = check_port(h, p)`, `all_ok =
    /// all_ok and ok`), made where the script makes them; the suite requires them to pass,
    /// which is the script only once it tests the variable so. The variable and its line.
    verdicts: Vec<(String, usize)>,
    /// Inside a function whose value the script assigns (`data = get_json(url)`, see
    /// [`Py::value_function`]): its one `return` (the node's id) assigns the value to this
    /// name, and the reading goes on after the call.
    returns_into: Option<(usize, String)>,
    /// That `return` was read.
    returned_into: bool,
    /// The functions [`Py::assign_from_function`] and [`Py::call_function`] are reading,
    /// innermost last: one that calls itself is not read again.
    inlining: Vec<usize>,
    /// `os.chdir(ROOT)` to a directory found from the script's own path, at this line: left
    /// out where every probe gives the same answer in any directory.
    own_dir: Option<usize>,
    /// The call each function was last read for (by its node's id): where an error it raises
    /// goes on to ([`Py::escaping_after_sent`]).
    call_sites: HashMap<usize, Node<'a>>,
}

/// A test of what is settled before the script starts (`if os.environ.get("API_KEY"):`,
/// `"https" if os.environ.get("TLS") else "http"`): the script is read once for each way it
/// can come out, and each reading's probes wait for a gate open on its side
/// ([`super::formula::gated`]).
#[derive(Clone, Debug)]
struct Fork {
    /// The test's words, as one key.
    key: String,
    /// `test` and the words that make the test; `printf %s VALUE` for a test of text.
    argv: Vec<Text>,
    /// The regex the value printed must match, for a test of text.
    matches: Option<String>,
    line: usize,
}

/// Whether text reads `os.environ[…]`: what raises where the variable is missing.
/// A call that makes a request or asks a server (`requests.get`, `urlopen`, `r.ping()`).
fn is_request_call(f: &str) -> bool {
    f.starts_with("requests.")
        || f.starts_with("httpx.")
        || f.ends_with("urlopen")
        || f == "socket.create_connection"
        || f.ends_with(".ping")
        || f.ends_with(".server_info")
        || f.ends_with(".command")
}

fn reads_missing(text: &str) -> bool {
    // (`sys.argv[1]` is a positional argument the suite requires where a probe reads it.)
    text.contains("os.environ[")
}

/// Whether a call raises nothing of its own: a report, an exit, closing, reading the
/// environment (with or without a default).
/// A request that asks nothing of its answer but the status: what urllib's `HTTPError`, taken
/// as an answer, widens to any status.
/// The statuses a draft asks for, as ranges: `None` where it names none (or one that is no
/// range, as a caller's code).
fn status_ranges(d: &Draft) -> Option<Vec<(u16, u16)>> {
    d.expect
        .iter()
        .find(|(k, _)| k == "status")
        .and_then(|(_, y)| super::formula::yaml_ranges(y))
}

fn asks_status_only(d: &Draft) -> bool {
    matches!(d.check, Check::Http { .. }) && d.expect.iter().all(|(k, _)| k == "status")
}

fn raises_nothing(callee: &str) -> bool {
    callee.ends_with(".close")
        || exits_or_logs(callee)
        || matches!(callee, "print" | "os.environ.get" | "os.getenv")
}

/// Whether a branch's messages report a failure (`print("database down")`, `logger.error(…)`).
fn failure_message(text: &str) -> bool {
    static WORDS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"\b(error|errors|fail|failed|failure|fails|down|unable|cannot|can't|could not|couldn't|not ready|not reachable|not available|not running|unreachable|unavailable|unhealthy|refused|timeout|timed out|critical|ko|nok|invalid|bad)\b|\.error\(|\.critical\(|\.exception\(",
        )
        .expect("a valid pattern")
    });
    WORDS.is_match(&text.to_lowercase())
}

/// Whether a branch's messages report success (`print("OK")`, `print("database is up")`).
fn success_message(text: &str) -> bool {
    static WORDS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"\b(ok|okay|success|successful|successfully|ready|up|healthy|alive|reachable|available|running|connected|accessible|passed)\b",
        )
        .expect("a valid pattern")
    });
    WORDS.is_match(&text.to_lowercase()) && !failure_message(text)
}

/// Whether an `if` has `elif` or `else` clauses.
/// Database drivers' `connect`, whose connection object is true (none defines `__bool__`).
const DB_CONNECTIONS: [&str; 5] = [
    "psycopg2.connect",
    "psycopg.connect",
    "pymysql.connect",
    "MySQLdb.connect",
    "mysql.connector.connect",
];

/// Whether a `return` gives `False`, `None` or nothing.
fn returns_falsy(ret: Node) -> bool {
    named(ret)
        .first()
        .is_none_or(|v| matches!(v.kind(), "false" | "none"))
}

/// Whether an expression of this kind is a test, whose value is `True` or `False`.
fn is_test(kind: &str) -> bool {
    matches!(kind, "comparison_operator" | "not_operator")
}

/// Whether a block ends in a `return` on every path: its last statement is one, or an `if` with
/// an `else` whose every branch ends so.
fn always_returns(block: Node) -> bool {
    let Some(last) = named(block).into_iter().rfind(|s| s.kind() != "comment") else {
        return false;
    };
    match last.kind() {
        "return_statement" => true,
        "if_statement" => {
            let parts = named(last);
            parts.iter().any(|c| c.kind() == "else_clause")
                && parts.iter().all(|c| match c.kind() {
                    "block" => always_returns(*c),
                    "elif_clause" | "else_clause" => c
                        .child_by_field_name("consequence")
                        .or_else(|| c.child_by_field_name("body"))
                        .is_some_and(always_returns),
                    _ => true,
                })
        }
        _ => false,
    }
}

/// A value an `except` gives a name in place of what its `try` would have
/// ([`Py::falsifies_the_test`]).
#[derive(Clone, Copy)]
enum Fallback {
    False,
    None,
    Int(i64),
}

impl Fallback {
    fn truthy(self) -> bool {
        matches!(self, Fallback::Int(i) if i != 0)
    }
}

/// The `elif` and `else` clauses of an `if`.
fn other_branches(n: Node) -> Vec<Node> {
    named(n)
        .into_iter()
        .filter(|c| matches!(c.kind(), "elif_clause" | "else_clause"))
        .collect()
}

fn has_other_branches(n: Node) -> bool {
    named(n)
        .iter()
        .any(|c| matches!(c.kind(), "elif_clause" | "else_clause"))
}

/// The key a [`Fork`] is settled under: its `test` words.
/// The numbers of arguments a `len(sys.argv)` test lets through.
#[derive(Clone, Copy)]
enum ArgCount {
    AtLeast(usize),
    AtMost(usize),
}

fn fork_key(argv: &[Text]) -> String {
    argv.iter()
        .map(Text::render)
        .collect::<Vec<_>>()
        .join("\u{0}")
}

/// How the warning about defaults Python takes only where a variable is unset begins.
const UNSET_DEFAULTS: &str = "the script takes the default of ";

/// Why a reading stopped: it needs to know how a [`Fork`] comes out.
const FORK: &str = "\u{0}a test of the environment";

/// The most tests of the environment a script is read through (2ⁿ readings).
const MAX_FORKS: usize = 3;

/// The unit of a disk's share written as a fraction (`du.free / du.total`), which a
/// comparison turns into percent; no probe reads it as it is.
const FRACTION: &str = "\u{0}fraction";

/// A `"…".format(…)` on written text ([`Py::format_call`]).
struct FormatCall<'a> {
    /// The values given by position.
    positional: usize,
    /// The names of the values given by keyword.
    keywords: Vec<&'a str>,
    /// `*args` or `**kwargs` among the values.
    splat: bool,
    /// Each field's text between its braces, in order (the last unclosed where the text ends
    /// first).
    fields: Vec<String>,
    /// Every `{` closed, and no `}` alone.
    balanced: bool,
}

/// The most items a loop over values read when the script runs is read for, once each.
const MAX_UNROLLED: usize = 20;

/// The bodies a script's loops over items may be read for in all, one item at a time: loops
/// nested in one another multiply their items.
const MAX_UNROLLED_READS: usize = 64;

/// Marks the reason of a reading under settled tests that reached a failing exit before any
/// check: that way of the test fails the script whatever it would observe.
const FAILS_FIRST: &str = "\u{1}";

/// What libpq's `sslmode` setting makes of a connection the probe makes in the clear: nothing
/// to say for `disable`, a warning for `prefer` (libpq's default, also when none is given) and
/// `allow`, and for a mode the caller gives, what the probe does with one that asks for TLS.
/// `require` and the modes that verify are refused: the probe would not use TLS.
fn sslmode_warning(mode: Option<&Text>, line: usize) -> Result<Option<String>, Unsupported> {
    const CLEAR: [&str; 3] = ["disable", "allow", "prefer"];
    let prefer = "the driver uses TLS when the server offers it (sslmode=prefer); the probe connects in the clear: add `tls: true` if the server requires TLS";
    let Some(mode) = mode else {
        return Ok(Some(prefer.into()));
    };
    match (mode.as_literal().as_deref(), mode.0.as_slice()) {
        (Some("disable"), _) => Ok(None),
        (Some("allow" | "prefer"), _) => Ok(Some(prefer.into())),
        (None, [Piece::Var(name, Some(default))]) if CLEAR.contains(&default.as_str()) => {
            Ok(Some(format!(
                "`sslmode` is `${{{name}}}` (`{default}` unless set): the probe connects in the clear; where it asks for TLS (`require`, `verify-ca`, `verify-full`), add `tls: true`; a value libpq does not know (or an empty one) fails the script's connection, not the probe's"
            )))
        }
        _ => Err(format!("line {line}: an `sslmode` probekit does not read")),
    }
}

/// An argument declared with `parser.add_argument(…)`.
#[derive(Clone, Debug)]
struct PyArg {
    dest: String,
    /// `-u`, `--url`; empty for a positional argument.
    flags: Vec<String>,
    /// The literal default; `None` for `None` or none written; empty with `late_default`.
    default: Option<String>,
    /// A default read from the environment (`default=os.environ.get("BASE_URL",
    /// "http://127.0.0.1:8000")`), of text (argparse converts a default written as text with
    /// the argument's `type`): the suite's `${base_url:-${BASE_URL:-http://127.0.0.1:8000}}`.
    late_default: Option<Text>,
    /// `required=True`, or a positional argument without `nargs="?"`.
    required: bool,
    /// Takes no value: `store_true`, `store_false`, `count`, `store_const`.
    switch: bool,
    /// A switch whose value is true exactly when it is given (`store_true`, `count`).
    true_when_given: bool,
    line: usize,
    /// Why a suite cannot take this argument as the script does (`nargs="+"`, `append`).
    unsupported: Option<String>,
    /// `type=int` or `type=float`: the script reads a number.
    numeric: bool,
    /// `type=int`: a whole number.
    integer: bool,
}

/// How often a loop repeats its checks.
/// The rounds a loop is read with when its count is read when the script runs: the probes it
/// makes then get `attempts` with that count instead of these.
const LATE_ROUNDS: i64 = 2;

#[derive(Clone, Debug)]
enum Repeat {
    /// At most this many attempts.
    Attempts(i64),
    /// Until this many seconds have passed: a number, or the caller's (`args.timeout`).
    Until(Deadline),
}

/// The seconds a wait loop allows.
#[derive(Clone, Debug, PartialEq)]
enum Deadline {
    Secs(f64),
    /// A value the caller gives (an argument, the environment), read when the probe runs.
    Late(Text),
}

impl Deadline {
    /// As a suite's `wait.until`: `60s`, `${timeout}s`.
    fn until(&self) -> String {
        match self {
            Deadline::Secs(t) => seconds(&t.to_string()),
            Deadline::Late(t) => format!("{}s", t.render()),
        }
    }
}

#[derive(Clone, Debug)]
enum Continuation<'a> {
    Statements(Vec<Node<'a>>),
    /// The end of `main()` in `sys.exit(main())`: falling off it returns None, a pass.
    EndPasses,
}

type Unsupported = String;

/// Whether a reading keeps the script whole.
fn whole(f: &Findings) -> bool {
    f.drafts
        .iter()
        .any(|d| matches!(d.check, Check::WholeScript { .. }))
}

/// With `PROBEKIT_SEMA_DEBUG`, why a reading (`how` it was rewritten) kept the script.
fn debug(how: &str, f: &Findings) {
    if std::env::var_os("PROBEKIT_SEMA_DEBUG").is_some() {
        for d in &f.drafts {
            eprintln!("{how}: {}", d.kept.as_deref().unwrap_or_default());
        }
    }
}

pub fn analyze(src: &str) -> Result<Findings, String> {
    // Handlers no exception reaches (`except HTTPError` after `except URLError`), read as the
    // program they are not part of; the script as written where that reading keeps it whole.
    if let Some((live, dead)) = super::pyhandlers::without_dead_handlers(src) {
        let mut found = analyze_handled(&live)?;
        if !whole(&found) {
            found.warnings.extend(dead);
            return Ok(found);
        }
        debug("without the handlers no exception reaches", &found);
    }
    analyze_handled(src)
}

/// [`analyze`], each handler of the script one that some exception may reach.
fn analyze_handled(src: &str) -> Result<Findings, String> {
    // Coroutines run one after the other are read as plain calls; where that reading keeps
    // the script, it keeps it as written, for the reason the script as written gives.
    let sync = super::pyasync::as_sync(src);
    if let Some(sync) = &sync
        && let Some(found) = reading(sync, "as plain calls")?
    {
        return Ok(found);
    }
    let findings = analyze_text(src)?;
    if !whole(&findings) {
        return Ok(findings);
    }
    if let Some(found) = rewritten(src, sync.as_deref().unwrap_or(src), "")? {
        return Ok(found);
    }
    // A client made for one request (`with httpx.Client(timeout=5) as c: c.get(URL)`), read
    // as the module's call; then with the rewritings above.
    // (Not in a script with coroutines: an `async with` of a plain client, or a request not
    // awaited, raises there, which its plain reading would not.)
    if sync.is_none()
        && let Some(plain) = super::pysessions::plain_requests(src)
    {
        let how = "a client's request as the module's";
        if let Some(found) = reading(&plain, &format!("with {how}"))? {
            return Ok(found);
        }
        if let Some(found) = rewritten(&plain, &plain, &format!(", {how}"))? {
            return Ok(found);
        }
    }
    // A verdict returned with a report (`return ok, detail`, `ok, detail = check(url)`),
    // read as returned alone; then with the rewritings above.
    if let Some(alone) = super::pytuples::first_of_tuples(sync.as_deref().unwrap_or(src)) {
        let how = "verdicts returned alone";
        if let Some(found) = reading(&alone, &format!("with {how}"))? {
            return Ok(found);
        }
        if let Some(found) = rewritten(&alone, &alone, &format!(", {how}"))? {
            return Ok(found);
        }
    }
    Ok(findings)
}

/// `text` read: its findings where they do not keep the script whole; `None` (said, for
/// `PROBEKIT_SEMA_DEBUG`, as the reading `how`) where they do.
fn reading(text: &str, how: &str) -> Result<Option<Findings>, String> {
    let found = analyze_text(text)?;
    if !whole(&found) {
        return Ok(Some(found));
    }
    debug(how, &found);
    Ok(None)
}

/// `src` read with a result kept in a name only to be used at once written as used directly,
/// and `helped` (the same program, maybe with its coroutines as plain calls) with its small
/// value helpers written out where they are called, or its early returns written as one; the
/// first reading that does not keep the script whole. `how` says, for `PROBEKIT_SEMA_DEBUG`,
/// what was rewritten before.
fn rewritten(src: &str, helped: &str, how: &str) -> Result<Option<Findings>, String> {
    // A result kept in a name only to be used at once (`rc = wait(…)`, `sys.exit(rc)`), where
    // the script as written is kept: read as used directly.
    if let Some(inlined) = super::pyexit::inline_exit_codes(src)
        && let Some(found) = reading(&inlined, &format!("with the result used directly{how}"))?
    {
        return Ok(Some(found));
    }
    // `text`, rewritten as `what` says; then with a result used directly too.
    let and_used_directly = |text: &str, what: &str| -> Result<Option<Findings>, String> {
        if let Some(found) = reading(text, &format!("with {what}{how}"))? {
            return Ok(Some(found));
        }
        match super::pyexit::inline_exit_codes(text) {
            Some(inlined) => reading(
                &inlined,
                &format!("with {what} and the result used directly{how}"),
            ),
            None => Ok(None),
        }
    };
    // Small helpers that compute a value (`_env("DB_HOST", "localhost")`), written out where
    // they are called.
    if let Some(written) = super::pyhelpers::inline_value_helpers(helped)
        && let Some(found) = and_used_directly(&written, "value helpers written out")?
    {
        return Ok(Some(found));
    }
    // A function that returns early (`if url: return url` before `return DEFAULT`), written
    // with one `return` at its end.
    if let Some(single) = super::pyreturns::one_return(helped)
        && let Some(found) = and_used_directly(&single, "one return")?
    {
        return Ok(Some(found));
    }
    Ok(None)
}

fn analyze_text(src: &str) -> Result<Findings, String> {
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .map_err(|e| format!("the Python grammar did not load: {e}"))?;
    let tree = parser.parse(src, None).ok_or("the Python parser gave up")?;
    Ok(analyze_assuming(src, tree.root_node(), &HashMap::new()))
}

/// The script read with these tests of the environment settled; a test it meets unsettled
/// makes a reading for each way it comes out, gated.
fn analyze_assuming(src: &str, root: Node, assume: &HashMap<String, bool>) -> Findings {
    let (findings, fork) = read(src, root, assume);
    let Some(fork) = fork else {
        return findings;
    };
    // The reading that stopped at the test, its reason said in words.
    let kept_because = |reason: String| {
        let mut findings = findings.clone();
        for d in &mut findings.drafts {
            if d.kept.as_deref().is_some_and(|k| k.contains(FORK)) {
                d.kept = Some(reason.clone());
            }
        }
        findings
    };
    if assume.len() >= MAX_FORKS {
        return kept_because(format!(
            "line {}: more than {MAX_FORKS} tests of the environment decide the result",
            fork.line
        ));
    }
    let mut sides = Vec::new();
    let mut fails = [false, false];
    for (k, value) in [true, false].into_iter().enumerate() {
        let mut assume = assume.clone();
        assume.insert(fork.key.clone(), value);
        let mut side = analyze_assuming(src, root, &assume);
        // `if not args.host: print(USAGE); sys.exit(3)`: this way fails before any check.
        let failing = side.drafts.iter().find_map(|d| {
            d.kept
                .as_deref()
                .and_then(|k| k.strip_prefix(FAILS_FIRST))
                .map(str::to_string)
        });
        match failing {
            Some(_) if k == 0 || !fails[0] => {
                fails[k] = true;
                side.drafts.clear();
            }
            Some(reason) => {
                // Both ways fail: the script does, whatever the test says.
                for d in &mut side.drafts {
                    d.kept = Some(reason.clone());
                }
                return side;
            }
            None if whole(&side) => return side,
            None => {}
        }
        sides.push(side);
    }
    let f = sides.pop().expect("two sides");
    let t = sides.pop().expect("two sides");
    let test = Draft::new(
        "test",
        fork.line,
        Check::Command {
            argv: fork.argv.clone(),
            timeout: None,
            stdin: None,
            merge_stderr: false,
            words: Vec::new(),
        },
    );
    let (when_name, unless_name) = match &fork.matches {
        Some(_) => super::formula::matches_gate_names(fork.argv.get(2)),
        None => super::formula::gate_names(&test),
    };
    let mut when = test.clone();
    when.name = when_name;
    let mut unless = test;
    unless.name = unless_name;
    match &fork.matches {
        // The value printed matches where the test holds, and does not where it fails.
        Some(re) => {
            let rule = |key: &str| Yaml::Flow(vec![(key.into(), Yaml::str(re.clone()))]);
            when.expect.push(("stdout".into(), rule("matches")));
            unless.expect.push(("stdout".into(), rule("not_matches")));
        }
        None => unless
            .expect
            .push(("exit_code".into(), Yaml::str("nonzero"))),
    }
    let side = |f: &Findings, fails: bool| match f.drafts.is_empty() {
        true if fails => super::formula::Side::Fails,
        true => super::formula::Side::Passes,
        false => super::formula::Side::Probes(f.drafts.clone()),
    };
    match super::formula::gated(when, unless, side(&t, fails[0]), side(&f, fails[1])) {
        Some(drafts) => {
            let mut merged = t;
            // (The defaults taken only where unset, said once: a side's names that the other
            // side's warning names already add nothing.)
            let names = |m: &str| -> Vec<String> {
                m.strip_prefix(UNSET_DEFAULTS)
                    .and_then(|rest| rest.split(" only when").next())
                    .map(|list| list.split(", ").map(str::to_string).collect())
                    .unwrap_or_default()
            };
            for w in f.warnings {
                let said = !names(&w.message).is_empty()
                    && merged.warnings.iter().any(|m| {
                        let theirs = names(&m.message);
                        names(&w.message).iter().all(|n| theirs.contains(n))
                    });
                if !merged.warnings.contains(&w) && !said {
                    merged.warnings.push(w);
                }
            }
            // The arguments either way reads (a side with no probe declares none).
            for o in f.options {
                if !merged.options.iter().any(|m| m.name == o.name) {
                    merged.options.push(o);
                }
            }
            merged.positional = merged.positional.max(f.positional);
            merged.ignores_args |= f.ignores_args;
            merged.drafts = drafts;
            merged
        }
        None => kept_because(format!(
            "line {}: the ways a test of the environment opens are not probes probekit can gate",
            fork.line
        )),
    }
}

/// One reading of the script, and the test of the environment it stopped at, if any.
fn read(src: &str, root: Node, assume: &HashMap<String, bool>) -> (Findings, Option<Fork>) {
    let mut py = Py {
        src,
        vars: HashMap::new(),
        int_params: HashMap::new(),
        functions: HashMap::new(),
        retried: HashMap::new(),
        arguments: Vec::new(),
        argv: std::cell::Cell::new(0),
        argv_line: std::cell::Cell::new(0),
        late_timeouts: std::cell::RefCell::new(Vec::new()),
        optional_argv: std::cell::Cell::new(0),
        argv_at_most: std::cell::Cell::new(None),
        in_target: std::cell::Cell::new(false),
        target_options: std::cell::RefCell::new(Vec::new()),
        env_defaults: std::cell::RefCell::new(BTreeMap::new()),
        decouple_reads: std::cell::RefCell::new(BTreeSet::new()),
        secrets: Vec::new(),
        reported_only: BTreeSet::new(),
        deciding: Default::default(),
        seconds_reading: Default::default(),
        numbers: BTreeSet::new(),
        param_numbers: BTreeSet::new(),
        optional_params: HashMap::new(),
        drafts: Vec::new(),
        httpx: BTreeSet::new(),
        seconds_names: BTreeSet::new(),
        timed: BTreeSet::new(),
        socket_timeout: None,
        captured: HashMap::new(),
        tally_codes: Default::default(),
        warnings: Vec::new(),
        names: BTreeSet::new(),
        returns_exit: false,
        returns_truth: false,
        returned_true: false,
        returns_pass: false,
        pending_returns_pass: false,
        pending_returns_exit: false,
        clocks_used: Default::default(),
        call_id: 0,
        calls_read: 0,
        connected: HashSet::new(),
        unrolled_reads: 0,
        clock_bound_at: HashMap::new(),
        classes: HashMap::new(),
        in_wait: false,
        flag_break: None,
        flag_holds_check: false,
        attempt_depth: 0,
        counter: None,
        in_alternatives: false,
        in_attempt: false,
        clock_names: Vec::new(),
        exhaustion_fails: false,
        continuation: Vec::new(),
        root: Some(root),
        imports: imports(root, src),
        assume: assume.clone(),
        fork: std::cell::RefCell::new(None),
        verdicts: Vec::new(),
        returns_into: None,
        returned_into: false,
        inlining: Vec::new(),
        own_dir: None,
        call_sites: HashMap::new(),
    };
    let outcome = if root.has_error() {
        Err(format!(
            "the Python parser cannot read line {}",
            super::first_error(root).map_or(1, |n| n.start_position().row + 1)
        ))
    } else if let Some((line, what)) = refused_by_python3(root, src) {
        Err(format!(
            "line {line}: {what}, which python3 refuses (SyntaxError): the script fails wherever it runs, so it is kept whole"
        ))
    } else if let Some((line, what)) = python2_syntax(root, src) {
        // Read as Python 2 meant it, the suite would pass where python3, which refuses the
        // file, fails every time: the script is kept as it runs.
        Err(format!(
            "line {line}: {what} is Python 2, which python3 refuses (SyntaxError): the script fails wherever python3 runs it, so it is kept whole; ported to Python 3, it imports declaratively"
        ))
    } else {
        py.collect_argparse(root);
        py.block(root)
    };
    if outcome.is_ok() {
        for d in &mut py.drafts {
            prune_implied_json_rules(d);
        }
    }
    let outcome = outcome.and_then(|flow| match py.verdicts.first() {
        // A check whose result the script never tests as passing: the suite's probe would
        // require what the script does not.
        Some((name, line)) => Err(format!(
            "line {line}: the result of the check kept in `{name}` is not tested where the script ends"
        )),
        None => Ok(flow),
    });
    let outcome = outcome.and_then(|flow| {
        // A suite takes the script's arguments as the script does, or it is not the script.
        match py.arguments.iter().find_map(|a| a.unsupported.clone()) {
            Some(reason) if !py.drafts.is_empty() => Err(reason),
            _ => Ok(flow),
        }
    });
    let outcome = outcome.and_then(|flow| {
        // The suite refuses an argument beyond those it declares: the script's bound is the
        // suite's where it declares that many, no fewer (an argument the script takes and
        // never reads) and no more.
        let declared = py.argv.get().max(py.optional_argv.get());
        match py.argv_at_most.get() {
            Some((most, line)) if most != declared && !py.drafts.is_empty() => Err(format!(
                "line {line}: the script refuses more than {most} argument{}, where it reads {declared}",
                if most == 1 { "" } else { "s" }
            )),
            _ => Ok(flow),
        }
    });
    let outcome = outcome.and_then(|flow| match py.own_dir {
        // A probe that reads a path of its own, or runs a command, would read it elsewhere.
        Some(line) if !py.drafts.iter().all(Draft::reads_no_directory) => Err(format!(
            "line {line}: `os.chdir` to the script's own directory, where a probe reads a relative path or runs a command"
        )),
        Some(line) => {
            py.warnings.push(Warning {
                line,
                message: "the script changes to a directory next to its own file here; no probe depends on the directory it runs in, so this is left out".into(),
            });
            Ok(flow)
        }
        None => Ok(flow),
    });
    let mut warnings = py.warnings;
    let late_timeouts = if outcome.is_ok() {
        py.late_timeouts.into_inner()
    } else {
        Vec::new()
    };
    for w in late_timeouts {
        if !warnings
            .iter()
            .any(|x| x.line == w.line && x.message == w.message)
        {
            warnings.push(w);
        }
    }
    let mut findings = Findings {
        warnings,
        secrets: std::mem::take(&mut py.secrets),
        ..Findings::default()
    };
    if outcome.is_ok() && !py.drafts.is_empty() {
        for a in &py.arguments {
            if let Some(late) = &a.late_default {
                findings.warnings.push(Warning {
                    line: a.line,
                    message: format!(
                        "`{} \"\"` (given, empty) is the empty value to the script, where the suite takes it as not given and reads `{}`",
                        a.flags.first().unwrap_or(&a.dest),
                        late.render()
                    ),
                });
            }
            if a.default.is_none() && !a.required && py.target_options.borrow().contains(&a.dest) {
                findings.warnings.push(Warning {
                    line: a.line,
                    message: format!(
                        "`{}` has no default: without it the script's request goes to `None`, and fails, so the suite requires it",
                        a.flags.first().unwrap_or(&a.dest)
                    ),
                });
            }
        }
        findings.options = py
            .arguments
            .iter()
            .map(|a| OptionArg {
                name: a.dest.clone(),
                flags: a.flags.clone(),
                // (`required=True` wins over a default: argparse exits 2 without the option.)
                default: match &a.default {
                    _ if a.switch || a.required => None,
                    Some(d) => Some(d.clone()),
                    None if py.target_options.borrow().contains(&a.dest) => None,
                    None => Some(String::new()),
                },
                switch: a.switch,
                line: a.line,
            })
            .collect();
        let required = py.argv.get();
        findings.options.extend(
            (1..=required.max(py.optional_argv.get())).map(|k| OptionArg {
                name: positional_name(k),
                flags: Vec::new(),
                default: (k > required).then(String::new),
                switch: false,
                line: py.argv_line.get(),
            }),
        );
    }
    if outcome.is_ok() && !py.drafts.is_empty() {
        findings.warnings.extend(application_modules(root, src));
        if let Some(line) = py.decouple_reads.borrow().first() {
            findings.warnings.push(Warning {
                line: *line,
                message: "decouple's `config` also reads a `.env` or `settings.ini` file beside the script where the environment does not set a variable; the suite reads the environment alone".into(),
            });
        }
        // Python takes the default only when the variable is unset; `${X:-d}` also when it
        // is empty (as a compose file's `X=${X}` leaves it).
        let read: Vec<(String, usize)> = py
            .env_defaults
            .borrow()
            .iter()
            // (A test of the environment this reading settled reads it too: its gate does.)
            .filter(|(name, _)| {
                py.drafts.iter().any(|d| d.reads_var(name))
                    || assume.keys().any(|k| k.contains(&format!("${{{name}:-")))
            })
            .map(|(name, line)| (name.clone(), *line))
            .collect();
        if let Some((_, line)) = read.iter().min_by_key(|(_, line)| *line) {
            let names: Vec<String> = read.iter().map(|(n, _)| format!("`{n}`")).collect();
            findings.warnings.push(Warning {
                line: *line,
                message: format!(
                    "{UNSET_DEFAULTS}{} only when the variable is unset; the suite's `${{NAME:-default}}` also when it is set but empty, where the script would use the empty value",
                    names.join(", ")
                ),
            });
        }
    }
    // A way of a test of the environment that fails before it checks anything (a usage
    // error): the fork makes the test a requirement.
    let outcome = match outcome {
        Err(reason)
            if !assume.is_empty()
                && py.drafts.is_empty()
                && reason.ends_with("the script always fails here") =>
        {
            Err(format!("{FAILS_FIRST}{reason}"))
        }
        other => other,
    };
    // `p = os.environ["ENV_FILE"]` read by no probe: the script fails where the variable is
    // unset (KeyError), which no probe would.
    let outcome = match outcome {
        Ok(flow) if !py.drafts.is_empty() => {
            let subscript =
                regex::Regex::new(r#"environ\[\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*\]"#)
                    .expect("a valid regex");
            let unread = subscript.captures_iter(src).find(|m| {
                let name = &m[1];
                !py.drafts.iter().any(|d| d.reads_var(name))
            });
            match unread {
                Some(m) => {
                    let at = m.get(0).map_or(0, |g| g.start());
                    let line = src[..at].matches('\n').count() + 1;
                    Err(format!(
                        "line {line}: `os.environ[\"{}\"]` fails the script where the variable is unset, which no probe reads",
                        &m[1]
                    ))
                }
                None => Ok(flow),
            }
        }
        other => other,
    };
    match outcome {
        Ok(_) if !py.drafts.is_empty() => findings.drafts = py.drafts,
        Ok(_) => {}
        Err(reason) => {
            let mut d = Draft::new(
                "script",
                1,
                Check::WholeScript {
                    text: src.to_string(),
                },
            );
            d.kept = Some(reason);
            findings.drafts.push(d);
        }
    }
    let fork = py.fork.into_inner();
    (findings, fork)
}

/// `from network_utils import …`: modules of the application, which the suite does not load
/// (the script fails where one is missing; the suite does not).
fn application_modules(root: Node, src: &str) -> Vec<Warning> {
    let mut out = Vec::new();
    for n in named(root) {
        let modules: Vec<Node> = match n.kind() {
            "import_statement" => named(n)
                .into_iter()
                .map(|c| c.child_by_field_name("name").unwrap_or(c))
                .collect(),
            "import_from_statement" => n.child_by_field_name("module_name").into_iter().collect(),
            _ => continue,
        };
        for m in modules {
            let name = &src[m.byte_range()];
            // `from . import x`: the script's own package.
            if m.kind() != "dotted_name" || super::pymodules::known(name) {
                continue;
            }
            out.push(Warning {
                line: n.start_position().row + 1,
                message: format!(
                    "the script imports `{name}`, a module of its application: the suite does not load it, so where it is missing the script fails and the suite does not"
                ),
            });
        }
    }
    out
}

/// The status a constant of the standard library or of requests names (`HTTPStatus.OK`,
/// `http.client.NO_CONTENT`, `httplib.FOUND`, `requests.codes.ok`).
fn http_status_constant(path: &str) -> Option<u16> {
    let (module, name) = path.rsplit_once('.')?;
    let standard = matches!(
        module,
        "HTTPStatus" | "http.HTTPStatus" | "http.client" | "httplib" | "client"
    );
    let requests = matches!(module, "requests.codes" | "codes");
    let code = match name {
        "OK" | "ok" | "okay" | "all_ok" | "all_good" => 200,
        "CREATED" | "created" => 201,
        "ACCEPTED" | "accepted" => 202,
        "NO_CONTENT" | "no_content" => 204,
        "MOVED_PERMANENTLY" | "moved_permanently" | "moved" => 301,
        "FOUND" | "found" => 302,
        "NOT_MODIFIED" | "not_modified" => 304,
        "UNAUTHORIZED" | "unauthorized" => 401,
        "FORBIDDEN" | "forbidden" => 403,
        "NOT_FOUND" | "not_found" => 404,
        "SERVICE_UNAVAILABLE" | "service_unavailable" => 503,
        _ => return None,
    };
    // requests' names are lower case, the standard library's upper case.
    let upper = name.chars().all(|c| c.is_ascii_uppercase() || c == '_');
    ((standard && upper) || (requests && !upper)).then_some(code)
}

/// A call's arguments, and those of them that are positional.
/// The ordering comparison (`<`, `<=`, `>`, `>=`) that holds where the script's `op` has the
/// truth `holds`: `op` itself, or its opposite (`>` failing is `<=`).
fn order_held(op: &str, holds: bool) -> Option<&'static str> {
    let (same, opposite) = match op {
        "<" => ("<", ">="),
        "<=" => ("<=", ">"),
        ">" => (">", "<="),
        ">=" => (">=", "<"),
        _ => return None,
    };
    Some(if holds { same } else { opposite })
}

/// The JSONPath of member `key` under `base` (`checks.db`): a key that is not a plain name
/// (`jira.pandoc_install`, `x-y`) in brackets (`checks['jira.pandoc_install']`).
fn json_member(base: &str, key: &str) -> Option<String> {
    if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Some(if base.is_empty() {
            key.to_string()
        } else {
            format!("{base}.{key}")
        });
    }
    if key.is_empty() || key.contains(['\'', '\\']) || key.chars().any(char::is_control) {
        return None;
    }
    Some(if base.is_empty() {
        format!("$['{key}']")
    } else {
        format!("{base}['{key}']")
    })
}

/// How a retry decorator tries the function it wraps: a count of tries or a time, the pause
/// between them, and what the report says of the difference.
#[derive(Clone, Debug)]
struct Retried {
    attempts: Option<i64>,
    every: f64,
    until: Option<f64>,
    note: Option<String>,
}

fn call_arguments(call: Node) -> (Vec<Node>, Vec<Node>) {
    let args = call
        .child_by_field_name("arguments")
        .map(named)
        .unwrap_or_default();
    let positional = args
        .iter()
        .copied()
        .filter(|a| a.kind() != "keyword_argument")
        .collect();
    (args, positional)
}

/// The value of the `name=value` argument among a call's `args` (`src` the script).
fn keyword_arg<'n>(src: &str, args: &[Node<'n>], name: &str) -> Option<Node<'n>> {
    args.iter().find_map(|a| {
        (a.kind() == "keyword_argument"
            && a.child_by_field_name("name").map(|k| &src[k.byte_range()]) == Some(name))
        .then(|| a.child_by_field_name("value"))
        .flatten()
    })
}

/// The innermost loop around `n` in the same function, if any.
fn enclosing_loop(n: Node) -> Option<Node> {
    let mut up = n.parent();
    while let Some(p) = up {
        match p.kind() {
            "while_statement" | "for_statement" => return Some(p),
            "function_definition" | "class_definition" => return None,
            _ => up = p.parent(),
        }
    }
    None
}

/// The first construct only Python 2 reads (`print "…"`, `except E, e:`, `exec code`, `<>`,
/// backquotes, `0777`, `10L`), which makes python3 refuse the whole file: its line and words.
fn python2_syntax(root: Node, src: &str) -> Option<(usize, &'static str)> {
    let mut found: Option<(usize, &'static str)> = None;
    walk(root, &mut |n| {
        if found.is_some() {
            return;
        }
        let text = &src[n.byte_range()];
        let what = match n.kind() {
            "print_statement" => Some("`print` as a statement"),
            "exec_statement" => Some("`exec` as a statement"),
            // `except E, e:` (Python 3 writes `except E as e:`).
            "except_clause" => {
                let mut c = n.walk();
                n.children(&mut c)
                    .any(|t| t.kind() == ",")
                    .then_some("`except E, name:`")
            }
            "comparison_operator" => {
                let mut c = n.walk();
                n.children(&mut c)
                    .any(|t| t.kind() == "<>")
                    .then_some("the `<>` operator")
            }
            "string" if text.starts_with('`') => Some("a backquoted expression"),
            // `ur'…'`: Python 3 has no `ur` prefix.
            "string" if text.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("ur")) => {
                Some("a `ur'…'` string")
            }
            // `def f((a, b)):`, a parameter unpacked where it is declared.
            "parameters"
                if named(n).iter().any(|p| {
                    matches!(
                        p.kind(),
                        "tuple_pattern" | "tuple" | "parenthesized_expression"
                    )
                }) =>
            {
                Some("a parameter that unpacks a tuple")
            }
            "integer" => {
                let digits = text.replace('_', "");
                let octal = digits.len() > 1
                    && digits.starts_with('0')
                    && digits.bytes().all(|b| b.is_ascii_digit())
                    && digits.bytes().any(|b| b != b'0');
                (octal || digits.ends_with(['l', 'L']))
                    .then_some("an integer written as Python 2 wrote it (`0777`, `10L`)")
            }
            _ => None,
        };
        if let Some(what) = what {
            found = Some((n.start_position().row + 1, what));
        }
    });
    found
}

/// The script parsed by the Python grammar; `None` where the grammar does not load or gives up.
pub(super) fn parse(src: &str) -> Option<tree_sitter::Tree> {
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .ok()?;
    parser.parse(src, None)
}

/// `src` with each edit (start byte, end byte, new text) made, from the last one back; `None`
/// for no edit.
pub(super) fn apply_edits(src: &str, mut edits: Vec<(usize, usize, String)>) -> Option<String> {
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = src.to_string();
    for (start, end, with) in edits {
        out.replace_range(start..end, &with);
    }
    Some(out)
}

/// A text's lines as a rewriting that keeps them sees them: each line, where it starts, and
/// its indent.
pub(super) struct SourceLines<'s> {
    pub(super) lines: Vec<&'s str>,
    starts: Vec<usize>,
}

impl<'s> SourceLines<'s> {
    pub(super) fn new(src: &'s str) -> SourceLines<'s> {
        let lines: Vec<&str> = src.split('\n').collect();
        let starts = lines
            .iter()
            .scan(0, |at, l| {
                let start = *at;
                *at += l.len() + 1;
                Some(start)
            })
            .collect();
        SourceLines { lines, starts }
    }

    /// The byte where line `row` (0-based) starts.
    pub(super) fn start(&self, row: usize) -> usize {
        self.starts[row]
    }

    /// The blanks that begin line `row`.
    pub(super) fn indent(&self, row: usize) -> &'s str {
        let l = self.lines[row];
        &l[..l.len() - l.trim_start().len()]
    }
}

/// Whether a text under `n` that starts on line `from` or later spans lines, where indenting
/// its lines would change it.
pub(super) fn text_over_lines(n: Node, from: usize) -> bool {
    let mut found = false;
    walk(n, &mut |t| {
        found |= matches!(t.kind(), "string" | "concatenated_string")
            && t.start_position().row >= from
            && t.end_position().row != t.start_position().row;
    });
    found
}

/// Calls `f` on `n` and every named node below it.
pub(super) fn walk<'t>(n: Node<'t>, f: &mut impl FnMut(Node<'t>)) {
    f(n);
    for c in named(n) {
        walk(c, f);
    }
}

/// The named children of `n` but its comments.
pub(super) fn named(n: Node) -> Vec<Node> {
    let mut c = n.walk();
    n.named_children(&mut c)
        .filter(|c| c.kind() != "comment")
        .collect()
}

/// What the imports of a script bind (see [`imports`]), for readers of the script's text.
pub(super) fn import_bindings(src: &str) -> HashMap<String, String> {
    let mut parser = tree_sitter::Parser::new();
    if parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .is_err()
    {
        return HashMap::new();
    }
    parser
        .parse(src, None)
        .map(|t| imports(t.root_node(), src))
        .unwrap_or_default()
}

/// A dotted name with its first part replaced by what an import bound to it.
pub(super) fn qualify(bound: &HashMap<String, String>, name: &str) -> String {
    let (head, rest) = match name.find('.') {
        Some(at) => name.split_at(at),
        None => (name, ""),
    };
    match bound.get(head) {
        Some(path) => format!("{path}{rest}"),
        None => name.to_string(),
    }
}

/// The names a module's imports bind (anywhere in it: scripts import inside functions too),
/// each with the dotted path it stands for. `import a.b` binds `a`, which is its own path, and
/// `from m import *` binds names no reader can list: neither is recorded.
/// Whether a test of the interpreter's version holds on Python 3, which runs what a suite keeps:
/// `sys.version_info.major == 2`, `sys.version_info[0] < 3`, `sys.version_info >= (3, 0)`,
/// `six.PY3`, `six.PY2`. `None` for any other text.
fn holds_on_python3(test: &str) -> Option<bool> {
    let t: String = test.chars().filter(|c| !c.is_whitespace()).collect();
    match t.as_str() {
        "six.PY3" | "PY3" => return Some(true),
        "six.PY2" | "PY2" => return Some(false),
        _ => {}
    }
    for op in ["==", "!=", "<=", ">=", "<", ">"] {
        let Some((left, right)) = t.split_once(op) else {
            continue;
        };
        if right.starts_with('=') {
            continue;
        }
        if matches!(left, "sys.version_info.major" | "sys.version_info[0]") {
            let n: i64 = right.parse().ok()?;
            return Some(match op {
                "==" => 3 == n,
                "!=" => 3 != n,
                "<" => 3 < n,
                "<=" => 3 <= n,
                ">" => 3 > n,
                _ => 3 >= n,
            });
        }
        if left == "sys.version_info" && matches!(right, "(3,)" | "(3,0)") {
            return Some(matches!(op, ">=" | ">" | "!="));
        }
        return None;
    }
    None
}

/// The exception classes a fallback import handles: `except ImportError:`,
/// `ModuleNotFoundError`, or both in a tuple.
fn handles_import_errors(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(rest) = t.strip_prefix("except") else {
        return false;
    };
    let head = rest.split(':').next().unwrap_or_default();
    let head = head.split("as").next().unwrap_or(head);
    let names = head.trim_matches(['(', ')']);
    !names.is_empty()
        && names
            .split(',')
            .filter(|n| !n.is_empty())
            .all(|n| matches!(n, "ImportError" | "ModuleNotFoundError"))
}

pub(super) fn imports(root: Node, src: &str) -> HashMap<String, String> {
    let text = |n: Node| src[n.byte_range()].to_string();
    let mut bound = HashMap::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        match n.kind() {
            // `if sys.version_info[0] < 3: import urllib2 … else: import urllib.request …`:
            // only the imports Python 3 makes.
            "if_statement"
                if let Some(cond) = n.child_by_field_name("condition")
                    && let Some(py3) = holds_on_python3(&text(cond)) =>
            {
                for c in named(n) {
                    match c.kind() {
                        "block" if py3 && Some(c) == n.child_by_field_name("consequence") => {
                            stack.push(c)
                        }
                        "else_clause" if !py3 => stack.push(c),
                        _ => {}
                    }
                }
            }
            // `except ImportError: from urllib2 import urlopen`: the fallback Python 3 never
            // takes.
            "except_clause" if handles_import_errors(&text(n)) => {}
            "import_statement" => {
                for c in named(n) {
                    if c.kind() == "aliased_import"
                        && let (Some(name), Some(alias)) = (
                            c.child_by_field_name("name"),
                            c.child_by_field_name("alias"),
                        )
                    {
                        bound.insert(text(alias), text(name));
                    }
                }
            }
            "import_from_statement" => {
                let Some(module) = n.child_by_field_name("module_name") else {
                    continue;
                };
                if module.kind() != "dotted_name" {
                    continue; // `from . import x`: the script's own package
                }
                let module = text(module);
                let mut c = n.walk();
                for name in n.children_by_field_name("name", &mut c) {
                    let (path, alias) = match name.kind() {
                        "aliased_import" => match (
                            name.child_by_field_name("name"),
                            name.child_by_field_name("alias"),
                        ) {
                            (Some(p), Some(a)) => (text(p), text(a)),
                            _ => continue,
                        },
                        _ => (text(name), text(name)),
                    };
                    bound.insert(alias, format!("{module}.{path}"));
                }
            }
            _ => stack.extend(named(n)),
        }
    }
    bound
}

impl<'a> Py<'a> {
    fn text(&self, n: Node) -> &'a str {
        &self.src[n.byte_range()]
    }

    /// A called name as the library spells it (`sleep` → `time.sleep` after `from time import
    /// sleep`); unchanged where its first part is not bound by an import, or is a variable or
    /// function of the script's own.
    fn qualified(&self, f: Node) -> String {
        let text = self.text(f);
        let head = text.split('.').next().unwrap_or(text);
        if self.vars.contains_key(head) || self.functions.contains_key(head) {
            return text.to_string();
        }
        qualify(&self.imports, text)
    }

    /// The function a call calls, qualified (see [`Py::qualified`]).
    fn callee(&self, call: Node) -> String {
        call.child_by_field_name("function")
            .map(|f| self.qualified(f))
            .unwrap_or_default()
    }

    fn line(&self, n: Node) -> usize {
        n.start_position().row + 1
    }

    fn unique_name(&mut self, base: &str) -> String {
        unique_name(&mut self.names, base)
    }

    /// The arguments of `parser.add_argument("-u", "--url", …)` / `("url")` anywhere in the
    /// script, in order.
    fn collect_argparse(&mut self, n: Node) {
        if n.kind() == "call"
            && let Some(f) = n.child_by_field_name("function")
            && (self.text(f).ends_with(".add_argument") || self.text(f).ends_with(".add_option"))
            && let Some(args) = n.child_by_field_name("arguments")
        {
            let arg = self.argparse_argument(named(args), self.line(n));
            self.arguments.push(arg);
        }
        for c in named(n) {
            self.collect_argparse(c);
        }
    }

    /// One `add_argument(…)`, as argparse reads its names and keywords.
    fn argparse_argument(&self, args: Vec<Node>, line: usize) -> PyArg {
        let mut names = Vec::new();
        let mut unsupported = None;
        let mut keyword = HashMap::new();
        for a in args {
            if a.kind() == "keyword_argument" {
                if let (Some(k), Some(v)) = (
                    a.child_by_field_name("name"),
                    a.child_by_field_name("value"),
                ) {
                    keyword.insert(self.text(k), v);
                }
            } else {
                match self.value(a).ok().and_then(|v| v.as_literal()) {
                    Some(name) => names.push(name),
                    None => {
                        unsupported = Some(format!("line {line}: an argument named by a value"))
                    }
                }
            }
        }
        let flags: Vec<String> = names
            .iter()
            .filter(|n| n.starts_with('-'))
            .cloned()
            .collect();
        let literal = |k: &str| -> Option<String> {
            keyword
                .get(k)
                .and_then(|v| self.value(*v).ok())
                .and_then(|t| t.as_literal())
        };
        // argparse's destination: `dest=`, else the first long flag, else the first flag.
        let dest = literal("dest")
            .or_else(|| flags.iter().find(|f| f.starts_with("--")).cloned())
            .or_else(|| names.first().cloned())
            .unwrap_or_default()
            .trim_start_matches('-')
            .replace('-', "_");
        let action = literal("action");
        let switch = matches!(
            action.as_deref(),
            Some("store_true" | "store_false" | "count" | "store_const")
        );
        if let Some(a) = action.as_deref().filter(|a| !switch && *a != "store") {
            unsupported = Some(format!("line {line}: an argument with `action={a:?}`"));
        }
        let nargs = keyword
            .get("nargs")
            .map(|v| self.text(*v).trim_matches(['"', '\'']));
        let optional_positional = flags.is_empty() && nargs == Some("?");
        if nargs.is_some() && !optional_positional {
            unsupported = Some(format!(
                "line {line}: an argument that takes several values"
            ));
        }
        if let Some(f) = flags
            .iter()
            .find(|f| !crate::suite::args::is_option_flag(f))
        {
            unsupported = Some(format!(
                "line {line}: the option `{f}`, which is not `-x` or `--name`"
            ));
        }
        let valid = dest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && dest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            unsupported.get_or_insert_with(|| format!("line {line}: an argument named `{dest}`"));
        }
        // argparse refuses a value outside `choices` (exit 2), and passes every value, the
        // default given as text too, through `type`: neither is the suite's.
        if keyword.contains_key("choices") {
            unsupported.get_or_insert_with(|| format!("line {line}: an argument with `choices`"));
        }
        // (optparse names its types: `type="int"`.)
        if let Some(t) = keyword.get("type")
            && !matches!(
                self.text(*t).trim_matches(['"', '\'']),
                "int" | "float" | "str" | "string"
            )
        {
            unsupported.get_or_insert_with(|| {
                format!(
                    "line {line}: an argument converted by `type={}`",
                    self.text(*t)
                )
            });
        }
        let numeric = keyword
            .get("type")
            .is_some_and(|t| matches!(self.text(*t), "int" | "float"));
        let mut late_default = None;
        let default = match keyword.get("default") {
            Some(v) if matches!(v.kind(), "none") => None,
            Some(v) => match self
                .value(*v)
                .ok()
                .and_then(|t| t.as_literal())
                .or_else(|| self.module_constant(*v))
            {
                Some(d) => Some(d),
                // `default=os.environ.get("BASE_URL", "http://…")`: a variable with a default.
                None if !numeric
                    && !switch
                    && keyword
                        .get("required")
                        .is_none_or(|r| self.text(*r) != "True")
                    && let Ok(t) = self.value(*v)
                    && matches!(t.0.as_slice(), [Piece::Var(_, Some(_))]) =>
                {
                    late_default = Some(t);
                    Some(String::new())
                }
                None => {
                    unsupported.get_or_insert_with(|| {
                        format!("line {line}: a default computed when the script runs")
                    });
                    None
                }
            },
            None => None,
        };
        let required = if flags.is_empty() {
            !optional_positional
        } else {
            keyword
                .get("required")
                .is_some_and(|v| self.text(*v) == "True")
        };
        PyArg {
            dest,
            flags,
            default,
            late_default,
            required,
            switch,
            true_when_given: matches!(action.as_deref(), Some("store_true" | "count")),
            line,
            unsupported,
            numeric,
            integer: keyword.get("type").is_some_and(|t| self.text(*t) == "int"),
        }
    }

    /// `args.expected` of an argument declared `type=int`: the suite argument, when the suite
    /// can give the value the script reads.
    fn int_argument(&self, n: Node) -> Option<Text> {
        if n.kind() != "attribute" {
            return None;
        }
        let attr = self.text(n.child_by_field_name("attribute")?);
        let arg = self.arguments.iter().find(|a| a.dest == attr)?;
        if !arg.integer {
            return None;
        }
        self.argument_value(attr, n)?.ok()
    }

    /// `args.url`: the suite argument that stands for it, when the suite can give the value
    /// the script reads.
    fn argument_value(&self, attr: &str, n: Node) -> Option<Result<Text, Unsupported>> {
        let base = n.child_by_field_name("object")?;
        if !matches!(self.vars.get(self.text(base)), None | Some(Val::Namespace)) {
            return None;
        }
        self.argument_of(attr, base, n)
    }

    /// `args["url"]` or `args.get("url")` on `args = vars(parser.parse_args())`: the suite
    /// argument, as [`Py::argument_value`] gives it for `args.url`. `base` is `args`, `key`
    /// its key node.
    fn argument_in_dict(
        &self,
        base: Node,
        key: Node,
        n: Node,
    ) -> Option<Result<Text, Unsupported>> {
        if !matches!(self.vars.get(self.text(base)), Some(Val::Namespace)) {
            return None;
        }
        let key = self.string(key)?.as_literal()?;
        self.argument_of(&key, base, n)
    }

    fn argument_of(&self, attr: &str, base: Node, n: Node) -> Option<Result<Text, Unsupported>> {
        let arg = self.arguments.iter().find(|a| a.dest == attr)?;
        if base.kind() != "identifier" {
            return None;
        }
        Some(if arg.switch {
            Err(format!(
                "line {}: `{}` is a switch the script tests",
                self.line(n),
                self.text(n)
            ))
        } else if self.may_be_none(arg) && !self.in_target.get() {
            Err(format!(
                "line {}: `{}` is None when the caller does not give it",
                self.line(n),
                self.text(n)
            ))
        } else {
            if arg.default.is_none() && !arg.required && self.in_target.get() {
                self.target_options.borrow_mut().push(arg.dest.clone());
            }
            let late = arg.late_default.as_ref().map(|t| t.render());
            Ok(Text(vec![Piece::Var(arg.dest.clone(), late)]))
        })
    }

    /// The value of a request's URL or a connection's host: see [`Py::in_target`].
    /// Only an option that begins the target, or is its host after `scheme://`, is required
    /// so: one elsewhere in it (`?verbose={args.verbose}`) is `None` there, which the request
    /// may well take.
    fn target_value(&self, n: Node) -> Result<Text, Unsupported> {
        let before = self.target_options.borrow().len();
        self.in_target.set(true);
        let v = self.value(n);
        self.in_target.set(false);
        let made: Vec<String> = self.target_options.borrow_mut().split_off(before);
        let v = v?;
        for dest in made {
            let at =
                v.0.iter()
                    .position(|p| matches!(p, Piece::Var(name, None) if *name == dest));
            let leads = match at {
                Some(0) => true,
                Some(i) => {
                    let head: String = v.0[..i]
                        .iter()
                        .map(|p| match p {
                            Piece::Lit(s) => s.as_str(),
                            _ => "\u{0}",
                        })
                        .collect();
                    (head.is_empty() || head.ends_with("://")) && !head.contains('\u{0}')
                }
                None => false,
            };
            if !leads {
                return Err(format!(
                    "line {}: `{dest}` is None when the caller does not give it",
                    self.line(n)
                ));
            }
            self.target_options.borrow_mut().push(dest);
        }
        Ok(v)
    }

    /// The statements of a block in order, until one ends the script with a pass.
    fn block(&mut self, n: Node<'a>) -> Result<Flow, Unsupported> {
        let stmts = named(n);
        for (i, stmt) in stmts.iter().enumerate() {
            if let Some(flow) = self.alternatives_in_turn(&stmts[i..])? {
                return Ok(flow);
            }
            self.continuation
                .push(Continuation::Statements(stmts[i + 1..].to_vec()));
            let flow = self.statement(*stmt);
            self.continuation.pop();
            if flow? == Flow::Passed {
                return Ok(Flow::Passed);
            }
        }
        Ok(Flow::Continue)
    }

    /// `if probe(A): return 0`, `if probe(B): return 0`, then a failure: the script passes when
    /// one of the tests passes, tried in order — an `any_of` probe with one alternative per
    /// test. Only where no test can raise (each calls a function of the script that turns
    /// every error into `False`), so that each is tried whatever the one before did. `None`
    /// when `stmts` does not start so.
    fn alternatives_in_turn(&mut self, stmts: &[Node<'a>]) -> Result<Option<Flow>, Unsupported> {
        if self.in_wait || self.in_alternatives {
            return Ok(None);
        }
        let tests = stmts
            .iter()
            .take_while(|s| self.passes_if_safe_test(**s))
            .count();
        if tests < 2 {
            return Ok(None);
        }
        let rest = stmts[tests..].to_vec();
        let fails_next = rest
            .iter()
            .find(|s| !self.is_inert_statement(**s) && s.kind() != "comment")
            .is_some_and(|s| self.fails_statement(*s));
        if !fails_next {
            return Ok(None);
        }
        let line = self.line(stmts[0]);
        let cannot = || format!("line {line}: alternatives probekit cannot express");
        let before = self.drafts.len();
        let mut outcome = Ok(());
        self.in_alternatives = true;
        for test in &stmts[..tests] {
            // Each test as if the failure came right after it.
            self.continuation
                .push(Continuation::Statements(rest.clone()));
            let made = self.drafts.len();
            let flow = self.statement(*test);
            self.continuation.pop();
            outcome = self.one_alternative(flow, made, &cannot);
            if outcome.is_err() {
                break;
            }
        }
        self.in_alternatives = false;
        outcome?;
        self.any_of_since(before).ok_or_else(cannot)?;
        Ok(Some(Flow::Passed))
    }

    /// One alternative read (`flow`, with the drafts made since `made`): it must pass the script
    /// with exactly one probe.
    fn one_alternative(
        &self,
        flow: Result<Flow, Unsupported>,
        made: usize,
        cannot: &dyn Fn() -> Unsupported,
    ) -> Result<(), Unsupported> {
        match flow? {
            Flow::Passed if self.drafts.len() == made + 1 => Ok(()),
            _ => Err(cannot()),
        }
    }

    /// The drafts made since `before`, one per alternative, as one `any_of` probe; `None` when
    /// one of them retries, waits or repeats (which an alternative of `any_of` cannot).
    fn any_of_since(&mut self, before: usize) -> Option<()> {
        if self.drafts[before..]
            .iter()
            .any(|d| d.retries.is_some() || d.wait.is_some() || d.for_each.is_some())
        {
            return None;
        }
        let alternatives: Vec<Draft> = self.drafts.drain(before..).collect();
        let name = self.unique_name(&format!("{}-any", alternatives.first()?.name));
        let line = alternatives[0].line;
        self.drafts
            .push(Draft::new(name, line, Check::AnyOf(alternatives)));
        Some(())
    }

    /// `if probe(url): return 0` (or `sys.exit(0)`), without `elif` or `else`, where `probe` is
    /// a function of the script that cannot raise ([`Py::never_raises`]).
    fn passes_if_safe_test(&self, s: Node<'a>) -> bool {
        if s.kind() != "if_statement"
            || named(s)
                .iter()
                .any(|c| matches!(c.kind(), "elif_clause" | "else_clause"))
        {
            return false;
        }
        let (Some(cond), Some(body)) = (
            s.child_by_field_name("condition"),
            s.child_by_field_name("consequence"),
        ) else {
            return false;
        };
        let acting: Vec<Node> = named(body)
            .into_iter()
            .filter(|c| !self.is_inert_statement(*c) && c.kind() != "comment")
            .collect();
        cond.kind() == "call"
            && self.predicate_function(cond).is_some_and(|(func, _, _)| {
                self.never_raises(func, cond) && self.all_in_catch_all(func)
            })
            && matches!(acting.as_slice(), [exit] if self.exit_of(*exit) == Some(Some(0)))
    }

    fn statement(&mut self, n: Node<'a>) -> Result<Flow, Unsupported> {
        let go_on = |r: Result<(), Unsupported>| r.map(|()| Flow::Continue);
        if self.only_reports(n) {
            self.warnings.push(Warning {
                line: self.line(n),
                message: format!(
                    "lines {}-{} only report what they find: nothing in them can fail the script or change what it checks after, so the suite leaves them out",
                    self.line(n),
                    n.end_position().row + 1
                ),
            });
            return Ok(Flow::Continue);
        }
        if matches!(n.kind(), "for_statement" | "while_statement")
            && let Some(flow) = self.check_loop(n)?
        {
            return Ok(flow);
        }
        match n.kind() {
            "import_statement"
            | "import_from_statement"
            | "future_import_statement"
            | "pass_statement"
            // Python 2's `print "…"`: a report.
            | "print_statement" => Ok(Flow::Continue),
            // (`async def`: calling it makes a coroutine and runs nothing; such a call is not
            // read as the function's body.)
            "function_definition" if self.text(n).starts_with("async") => Ok(Flow::Continue),
            "function_definition" => {
                let name = n
                    .child_by_field_name("name")
                    .map(|c| self.text(c).to_string())
                    .unwrap_or_default();
                self.functions.insert(name, n);
                Ok(Flow::Continue)
            }
            "class_definition" => self.class_definition(n).map(|()| Flow::Continue),
            // `@retry(stop=stop_after_attempt(5), wait=wait_fixed(2))` over a `def`: the
            // function, and how often a call tries its checks.
            "decorated_definition"
                if let Some(def) = n.child_by_field_name("definition")
                    && def.kind() == "function_definition"
                    && !self.text(def).starts_with("async")
                    && let Some(retried) = self.retry_decorators(n) =>
            {
                let name = def
                    .child_by_field_name("name")
                    .map(|c| self.text(c).to_string())
                    .unwrap_or_default();
                self.functions.insert(name.clone(), def);
                self.retried.insert(name, retried);
                Ok(Flow::Continue)
            }
            "expression_statement" => {
                let Some(e) = named(n).into_iter().next() else {
                    return Ok(Flow::Continue);
                };
                // `print(f"{(ok := True)}")`: a name bound inside an expression.
                let mut binds = false;
                walk(e, &mut |c| binds |= c.kind() == "named_expression");
                if binds {
                    return Err(format!(
                        "line {}: a name bound inside an expression (`:=`)",
                        self.line(n)
                    ));
                }
                match e.kind() {
                    _ if self.updates_counter(e) => Ok(Flow::Continue),
                    // `ready = True` of `while not ready:`: as `break` (see `wait_loop`).
                    "assignment"
                        if self.in_wait
                            && self.flag_break.as_deref() == Some(self.text(e).trim()) =>
                    {
                        if self.flag_holds_check {
                            return go_on(self.assignment(e));
                        }
                        Ok(Flow::Continue)
                    }
                    // `code = probe()` then `return code` (main called as `sys.exit(main())`) or
                    // `sys.exit(code)`: the function's returns are the exit status.
                    "assignment" if let Some(call) = self.status_then_exit(e) => {
                        self.call_statement_returning(call)
                    }
                    "assignment" => go_on(self.assignment(e)),
                    // `ok &= wait_for_service(…)`, `ok` true so far: as `ok = ok and …`.
                    "augmented_assignment" if self.and_into_verdict(e)? => Ok(Flow::Continue),
                    "call" => self.call_statement(e),
                    "string" => Ok(Flow::Continue), // a docstring
                    _ => Err(format!(
                        "line {}: an expression probekit does not read",
                        self.line(n)
                    )),
                }
            }
            // `if attempt < retries - 1: time.sleep(delay)`: the pause between attempts.
            "if_statement" if let Some(sleep) = self.between_rounds_sleep(n) => {
                self.statement(sleep)
            }
            "if_statement" => self.if_statement(n),
            "with_statement" => self.with_statement(n),
            "assert_statement" => {
                let cond = named(n).into_iter().next().ok_or("an empty assert")?;
                go_on(self.requirement(cond, true, n))
            }
            "for_statement" => match self.retry_loop(n)? {
                Some(flow) => Ok(flow),
                None => match self.alternatives_loop(n)? {
                    Some(flow) => Ok(flow),
                    None => go_on(self.for_statement(n)),
                },
            },
            "continue_statement" if self.in_alternatives => Ok(Flow::Continue),
            "while_statement" => match self.bounded_while(n)? {
                Some(flow) => Ok(flow),
                None => self.wait_loop(n),
            },
            // The one `return` of a function whose value the script assigns: the value, in the
            // caller's name.
            "return_statement"
                if let Some((id, name)) = self.returns_into.clone()
                    && id == n.id() =>
            {
                let value = named(n).into_iter().next().ok_or("a return")?;
                self.returns_into = None;
                self.returned_into = true;
                go_on(self.assign(name, value))
            }
            // Leaving a wait loop once its check passed (see `wait_loop`).
            "break_statement" if self.in_wait => Ok(Flow::Continue),
            "return_statement" if self.in_wait && self.returns_a_pass(n) => Ok(Flow::Continue),
            // `return` in `main()`, the script's last statement: the end, a pass.
            "return_statement" if self.returns_pass && !self.returns_exit && self.plain_return(n) => {
                Ok(Flow::Passed)
            }
            "try_statement" => self.try_statement(n),
            "raise_statement" if self.raised_exit(n).is_some() => {
                let call = self.raised_exit(n).ok_or("a raise")?;
                self.call_statement(call)
            }
            // `raise ValueError("MYSQL_HOST is not set")` that nothing catches: the script
            // ends there with a traceback and status 1.
            "raise_statement" if self.uncaught_raise(n) => {
                Err(format!("line {}: the script always fails here", self.line(n)))
            }
            // `return sys.exit(0)`: the exit, wherever it is.
            "return_statement" if self.exit_of(n).is_some() && !self.returns_exit => {
                let call = named(n)[0];
                self.call_statement(call)
            }
            "return_statement"
                if self.returns_exit
                    && named(n)
                        .first()
                        .is_some_and(|e| e.kind() == "conditional_expression") =>
            {
                self.conditional_exit(named(n)[0])
            }
            // A verdict function's last `return True`: on after its call. In its loop
            // ([`Py::truth_in_loop`]), the pass that ends the attempts. Its `return TEST`: as
            // `if TEST: return True` and `return False` (not in a loop).
            "return_statement"
                if self.returns_truth
                    && named(n)
                        .first()
                        .is_some_and(|v| v.kind() == "true" || is_test(v.kind())) =>
            {
                let value = named(n)[0];
                let in_loop = std::iter::successors(n.parent(), |p| p.parent())
                    .take_while(|p| p.kind() != "function_definition")
                    .any(|p| matches!(p.kind(), "for_statement" | "while_statement"));
                if value.kind() != "true" {
                    if in_loop {
                        return Err(format!(
                            "line {}: a test returned in a loop",
                            self.line(n)
                        ));
                    }
                    self.requirement(value, true, n)?;
                }
                let nested = std::iter::successors(n.parent(), |p| p.parent())
                    .find(|p| p.kind() == "function_definition")
                    .and_then(|f| f.child_by_field_name("body"))
                    .is_some_and(|body| self.nested_truth(n, body));
                Ok(if in_loop {
                    Flow::Passed
                } else if nested {
                    // The rest of the function is not read: it runs only where an `if`
                    // around this did not hold, which the reading required.
                    self.returned_true = true;
                    Flow::Passed
                } else {
                    Flow::Continue
                })
            }
            // A verdict function's `return False`: the script fails wherever it is reached.
            "return_statement" if self.returns_truth && returns_falsy(n) =>
            {
                Err(format!("line {}: the script always fails here", self.line(n)))
            }
            "return_statement" if self.returns_truth => Err(format!(
                "line {}: the script fails here in some paths",
                self.line(n)
            )),
            "return_statement" if self.returns_exit => match self.exit_value(n) {
                Some(0) => Ok(Flow::Passed),
                Some(_) => Err(format!("line {}: the script always fails here", self.line(n))),
                None => Err(format!(
                    "line {}: the script fails here in some paths",
                    self.line(n)
                )),
            },
            _ => Err(format!(
                "line {}: a `{}` probekit cannot express",
                self.line(n),
                n.kind().replace('_', " ")
            )),
        }
    }

    /// The classes a check script defines for its own use: an exception to raise
    /// (`class HealthError(Exception): …`, whatever its methods: raised, it fails the script
    /// as any exception does) and constants (`class Status(Enum): OK = 0`). Any other class
    /// is code probekit does not follow.
    fn class_definition(&mut self, n: Node<'a>) -> Result<(), Unsupported> {
        let line = self.line(n);
        let cannot = || format!("line {line}: a `class definition` probekit cannot express");
        let name = self.text(n.child_by_field_name("name").ok_or_else(cannot)?);
        let bases: Vec<String> = n
            .child_by_field_name("superclasses")
            .map(named)
            .unwrap_or_default()
            .iter()
            .map(|b| self.text(*b).to_string())
            .collect();
        let base_name = |b: &String| b.rsplit('.').next().unwrap_or(b).to_string();
        let body = n.child_by_field_name("body").ok_or_else(cannot)?;
        let statements: Vec<Node> = named(body)
            .into_iter()
            .filter(|s| {
                s.kind() != "comment" && s.kind() != "pass_statement" && !self.is_docstring(*s)
            })
            .collect();
        if bases.iter().map(base_name).any(|b| {
            b == "Exception"
                || b == "BaseException"
                || b.ends_with("Error")
                || b.ends_with("Exception")
        }) {
            // Its methods shape the message only: `raise HealthError(…)` fails the script.
            // (An attribute runs when the class is defined: `limit = int(os.environ["X"])`
            // can fail the script there.)
            return if statements.iter().all(|s| s.kind() == "function_definition") {
                Ok(())
            } else {
                Err(cannot())
            };
        }
        // `class Codes: OK = 0 …` (or `(object)`): a namespace of constants, whose attributes
        // are their values.
        let (int, plain) = match bases.iter().map(base_name).collect::<Vec<_>>().as_slice() {
            [b] if b == "Enum" => (false, false),
            [b] if b == "IntEnum" => (true, false),
            [] => (true, true),
            [b] if b == "object" => (true, true),
            _ => return Err(cannot()),
        };
        let mut members = Vec::new();
        let mut methods = Vec::new();
        for s in statements {
            // A plain class's methods: read where an instance's method is called.
            if plain && s.kind() == "function_definition" && !self.text(s).starts_with("async") {
                let method = s.child_by_field_name("name").ok_or_else(cannot)?;
                methods.push((self.text(method).to_string(), s));
                continue;
            }
            let Some(a) = named(s)
                .first()
                .copied()
                .filter(|e| s.kind() == "expression_statement" && e.kind() == "assignment")
            else {
                return Err(cannot());
            };
            let (Some(left), Some(right)) = (
                a.child_by_field_name("left"),
                a.child_by_field_name("right"),
            ) else {
                return Err(cannot());
            };
            let literal = |n: Node| {
                matches!(
                    n.kind(),
                    "integer" | "string" | "float" | "true" | "false" | "none"
                )
            };
            // `0.0` is no exit status (`sys.exit(0.0)` prints it and exits 1): a float member
            // is kept as its text.
            let member = |n: Node| -> Result<Val, Unsupported> {
                if n.kind() == "float" {
                    Ok(Val::Text(Text::lit(self.text(n))))
                } else {
                    self.value_any(n)
                }
            };
            if left.kind() != "identifier"
                || !(literal(right)
                    || (plain
                        && right.kind() == "tuple"
                        && named(right).iter().all(|c| literal(*c))))
            {
                return Err(cannot());
            }
            let value = if right.kind() == "tuple" {
                Val::Tuple(
                    named(right)
                        .iter()
                        .map(|c| member(*c))
                        .collect::<Result<_, _>>()
                        .map_err(|_| cannot())?,
                )
            } else if plain {
                member(right).map_err(|_| cannot())?
            } else {
                self.value_any(right).map_err(|_| cannot())?
            };
            if int && !plain && !matches!(value, Val::Num(_)) {
                return Err(cannot());
            }
            // A second name for a value is an alias of the first member (its `.name` is the
            // first's, and the two are one member).
            if !plain
                && members
                    .iter()
                    .any(|(_, v): &(String, Val)| format!("{v:?}") == format!("{value:?}"))
            {
                return Err(cannot());
            }
            members.push((self.text(left).to_string(), value));
        }
        if !methods.is_empty() {
            self.classes.insert(name.to_string(), methods);
        }
        self.vars.insert(
            name.to_string(),
            Val::Enum {
                int,
                plain,
                members,
            },
        );
        Ok(())
    }

    /// `checker = Checker(url, timeout=5)` of a plain class with methods: the instance, its
    /// attributes those `__init__` sets (`self.url = url`, nothing else in it) and the class's
    /// constants; its methods become the script's functions `checker.NAME`, read with `self`
    /// bound to it. `None` for another value.
    fn instance(&mut self, name: &str, right: Node<'a>) -> Result<Option<Val>, Unsupported> {
        if right.kind() != "call" {
            return Ok(None);
        }
        let Some(class) = right
            .child_by_field_name("function")
            .filter(|f| f.kind() == "identifier")
            .map(|f| self.text(f))
        else {
            return Ok(None);
        };
        let Some(methods) = self.classes.get(class).cloned() else {
            return Ok(None);
        };
        let line = self.line(right);
        let cannot = || format!("line {line}: an instance of `{class}` probekit cannot follow");
        let Some(Val::Enum { mut members, .. }) = self.vars.get(class).cloned() else {
            return Err(cannot());
        };
        if let Some((_, init)) = methods.iter().find(|(m, _)| m == "__init__") {
            let body = init.child_by_field_name("body").ok_or_else(cannot)?;
            let mut saved = self.bind_parameters(*init, right)?;
            // (`self` as the caller had it, where an instance is made inside a method.)
            saved.push(("self".into(), self.vars.get("self").cloned()));
            let mut outcome = Ok(());
            for st in named(body) {
                if st.kind() == "comment" || st.kind() == "pass_statement" || self.is_docstring(st)
                {
                    continue;
                }
                // `self.url = url`: an attribute of the instance.
                let set = named(st)
                    .first()
                    .copied()
                    .filter(|a| st.kind() == "expression_statement" && a.kind() == "assignment");
                let target = set.and_then(|a| {
                    let left = a.child_by_field_name("left")?;
                    (left.kind() == "attribute"
                        && left
                            .child_by_field_name("object")
                            .is_some_and(|o| self.text(o) == "self"))
                    .then(|| left.child_by_field_name("attribute"))
                    .flatten()
                });
                let (Some(a), Some(attr)) = (set, target) else {
                    outcome = Err(cannot());
                    break;
                };
                let value = a
                    .child_by_field_name("right")
                    .ok_or_else(cannot)
                    .and_then(|r| self.value_any(r).map_err(|_| cannot()));
                match value {
                    Ok(v) => {
                        let attr = self.text(attr).to_string();
                        members.retain(|(m, _)| *m != attr);
                        members.push((attr, v));
                        // Later lines of `__init__` read what earlier ones set.
                        self.vars.insert(
                            "self".into(),
                            Val::Enum {
                                int: true,
                                plain: true,
                                members: members.clone(),
                            },
                        );
                    }
                    Err(e) => {
                        outcome = Err(e);
                        break;
                    }
                }
            }
            self.unbind(saved);
            outcome?;
        } else if right
            .child_by_field_name("arguments")
            .is_some_and(|a| !named(a).is_empty())
        {
            return Err(cannot());
        }
        for (method, node) in methods {
            if method != "__init__" {
                self.functions.insert(format!("{name}.{method}"), node);
            }
        }
        Ok(Some(Val::Enum {
            int: true,
            plain: true,
            members,
        }))
    }

    /// `parser.parse_args()`, not `parse_args(["--url", X])`, which parses what the script
    /// gives.
    fn parses_argv(&self, call: Node) -> bool {
        self.parses_argv_from(call, None)
    }

    /// [`Self::parses_argv`], or `parser.parse_args(argv)` where `argv` is the parameter
    /// `param`, which the caller gives `sys.argv[1:]`: the same words.
    fn parses_argv_from(&self, call: Node, param: Option<&str>) -> bool {
        self.callee(call).ends_with(".parse_args")
            && call.child_by_field_name("arguments").is_some_and(|a| {
                match (named(a).as_slice(), param) {
                    ([], _) => true,
                    ([x], Some(p)) => x.kind() == "identifier" && self.text(*x) == p,
                    _ => false,
                }
            })
    }

    /// Whether `call` calls a function of the script that only builds its argument parser
    /// and returns it or what it parses: `parser = argparse.ArgumentParser(…)`,
    /// `parser.add_argument(…)`, `return parser.parse_args()`.
    fn builds_parser_only(&self, call: Node) -> bool {
        let Some(func) = call
            .child_by_field_name("function")
            .filter(|f| f.kind() == "identifier")
            .and_then(|f| self.functions.get(self.text(f)))
        else {
            return false;
        };
        let Some(body) = func.child_by_field_name("body") else {
            return false;
        };
        // `def parse_arguments(args): … return parser.parse_args(args)` called with
        // `sys.argv[1:]`, its only parameter read only there.
        let params: Vec<Node> = func
            .child_by_field_name("parameters")
            .map(named)
            .unwrap_or_default();
        let given: Vec<Node> = call
            .child_by_field_name("arguments")
            .map(named)
            .unwrap_or_default();
        // (`argv: Sequence[str]`: the parameter's name; `argv or sys.argv[1:]` of a command
        // line handed down, the same words.)
        let param_name = |p: Node| match p.kind() {
            "identifier" => Some(self.text(p)),
            "typed_parameter" => named(p)
                .into_iter()
                .find(|c| c.kind() == "identifier")
                .map(|c| self.text(c)),
            _ => None,
        };
        let command_line = |g: Node| {
            self.text(g).replace(' ', "") == "sys.argv[1:]"
                || self
                    .argv_or_rest(g)
                    .is_some_and(|l| matches!(self.vars.get(self.text(l)), Some(Val::Argv)))
        };
        let param = match (params.as_slice(), given.as_slice()) {
            ([p], [g]) if param_name(*p).is_some() && command_line(*g) => {
                let name = param_name(*p).unwrap_or_default();
                match self.names_in(body).iter().filter(|n| **n == name).count() {
                    // Not read: the helper parses the words itself, as before.
                    0 => None,
                    1 => Some(name),
                    _ => return false,
                }
            }
            _ => None,
        };
        let mut builds = false;
        let ok = named(body).iter().all(|s| {
            if s.kind() == "comment" || self.is_docstring(*s) {
                return true;
            }
            let inner = named(*s).first().copied();
            match (s.kind(), inner.map(|e| e.kind())) {
                ("expression_statement", Some("assignment")) => {
                    let right = inner.and_then(|a| a.child_by_field_name("right"));
                    // `host_help = 'Host to check'`: text for the parser's help.
                    let literal = right.is_some_and(|r| {
                        matches!(
                            r.kind(),
                            "string" | "concatenated_string" | "integer" | "float"
                        )
                    }) && inner
                        .and_then(|a| a.child_by_field_name("left"))
                        .is_some_and(|l| l.kind() == "identifier");
                    literal
                        || right.is_some_and(|r| {
                            r.kind() == "call" && {
                                let f = self.callee(r);
                                let parser = matches!(
                                    f.as_str(),
                                    "argparse.ArgumentParser" | "optparse.OptionParser"
                                );
                                builds |= parser;
                                parser || self.parses_argv_from(r, param)
                            }
                        })
                }
                ("expression_statement", Some("call")) => {
                    let f = self.callee(inner.unwrap_or(*s));
                    f.ends_with(".add_argument")
                        || f.ends_with(".add_option")
                        || f.ends_with(".set_defaults")
                }
                ("return_statement", _) => inner.is_some_and(|r| {
                    r.kind() == "identifier"
                        || (r.kind() == "call" && self.parses_argv_from(r, param))
                }),
                _ => false,
            }
        });
        ok && builds
    }

    /// `Status.OK` (a member: an `IntEnum`'s is its number, an `Enum`'s only equals itself),
    /// `Status.OK.value` and `Status.OK.name`.
    fn enum_member(&self, n: Node) -> Option<Val> {
        let object = n.child_by_field_name("object")?;
        let attr = self.text(n.child_by_field_name("attribute")?);
        if object.kind() == "identifier"
            && let Some(Val::Enum { int, members, .. }) = self.vars.get(self.text(object))
        {
            let value = members.iter().find(|(m, _)| m == attr)?.1.clone();
            return Some(if *int {
                value
            } else {
                Val::Text(Text::lit(format!("{}.{attr}", self.text(object))))
            });
        }
        if object.kind() == "attribute" {
            let class = object.child_by_field_name("object")?;
            let member = self.text(object.child_by_field_name("attribute")?);
            let Some(Val::Enum {
                members,
                plain: false,
                ..
            }) = self.vars.get(self.text(class))
            else {
                return None;
            };
            let value = members.iter().find(|(m, _)| m == member)?.1.clone();
            return match attr {
                "value" => Some(value),
                "name" => Some(Val::Text(Text::lit(member))),
                _ => None,
            };
        }
        None
    }

    /// `with urlopen(url) as r:` (or `opener.open(…)`, `requests.get(…)`): `r` is the response
    /// while the body runs.
    fn with_statement(&mut self, n: Node<'a>) -> Result<Flow, Unsupported> {
        self.with_bindings(n)?;
        let flow = self.block(n.child_by_field_name("body").ok_or("a with")?);
        // A socket the `with` made is closed after its body: nothing connects it again.
        let sockets: Vec<String> = self
            .vars
            .iter()
            .filter(|(_, v)| matches!(v, Val::Socket(_)))
            .map(|(k, _)| k.clone())
            .filter(|k| self.with_binds(n, k))
            .collect();
        for name in sockets {
            self.drop_socket(&name);
        }
        flow
    }

    /// `name` made a socket, not yet connected.
    fn bind_socket(&mut self, name: String) {
        self.connected.remove(&name);
        self.vars.insert(name, Val::Socket(None));
    }

    /// `name`'s socket closed: nothing connects it again.
    fn drop_socket(&mut self, name: &str) {
        self.vars.remove(name);
        self.connected.remove(name);
    }

    /// Whether `with … as name:` binds `name`.
    fn with_binds(&self, n: Node, name: &str) -> bool {
        named(n)
            .into_iter()
            .filter(|c| c.kind() == "with_clause")
            .flat_map(named)
            .filter_map(|item| item.child_by_field_name("value"))
            .filter(|v| v.kind() == "as_pattern")
            .filter_map(|v| v.child_by_field_name("alias"))
            .any(|a| self.text(a) == name)
    }

    /// What `with … as name:` binds while its body runs: a response or a client.
    fn with_bindings(&mut self, n: Node<'a>) -> Result<(), Unsupported> {
        let line = self.line(n);
        let clause = named(n)
            .into_iter()
            .find(|c| c.kind() == "with_clause")
            .ok_or("a with")?;
        for item in named(clause) {
            let value = item.child_by_field_name("value").ok_or("a with")?;
            let (expr, alias) = if value.kind() == "as_pattern" {
                let parts = named(value);
                let alias = value
                    .child_by_field_name("alias")
                    .map(|a| self.text(a).to_string());
                (parts.first().copied().ok_or("a with")?, alias)
            } else {
                (value, None)
            };
            // `with open("/proc/1/cmdline", "rb") as fh:`: a file read whole, later.
            if let Some(path) = self.opened(expr) {
                if let Some(alias) = alias {
                    self.vars.insert(alias, Val::Opened(path));
                }
                continue;
            }
            // `with redis.Redis.from_url(u) as c:`: the client, which connects when asked.
            if let Some(client) = self.redis_client(expr)? {
                if let Some(alias) = alias {
                    self.vars.insert(alias, Val::Redis(client));
                }
                continue;
            }
            if let Some(client) = self.mongo_client(expr)? {
                if let Some(alias) = alias {
                    self.vars.insert(alias, Val::Mongo(client));
                }
                continue;
            }
            // `with socket.socket(AF_INET, SOCK_STREAM) as s:`, as `s = socket.socket(…)` (closed
            // after the body, which the probe's connection is too).
            if self.tcp_socket(expr)? {
                if let Some(alias) = alias {
                    self.bind_socket(alias);
                }
                continue;
            }
            // `with conn.cursor() as cur:` on a login: the login, queried through it (as `cur =
            // conn.cursor()`).
            let probe = if let Some(i) = self.cursor_of_login(expr) {
                Some(i)
            } else if expr.kind() == "call" {
                self.probe_call(expr)?
            } else {
                None
            };
            let Some(i) = probe else {
                return Err(format!(
                    "line {line}: a `with` over something other than a request"
                ));
            };
            if let Some(alias) = alias {
                self.vars.insert(alias, Val::Probe(i));
            }
        }
        Ok(())
    }

    /// `socket.socket(socket.AF_INET, socket.SOCK_STREAM)`: a TCP socket (the default too),
    /// not yet connected; the family and type written as the module's names (IPv4, a stream),
    /// the protocol 0 or TCP. An error for any other socket or setting.
    fn tcp_socket(&self, call: Node) -> Result<bool, Unsupported> {
        if !self.is_call_to(call, &["socket.socket"]) {
            return Ok(false);
        }
        let args = call
            .child_by_field_name("arguments")
            .map(named)
            .unwrap_or_default();
        // (An IPv6 socket refuses an IPv4 address, which the probe would connect to.)
        let allowed = [
            &["AF_INET"][..],
            &["SOCK_STREAM"][..],
            &["0", "IPPROTO_TCP"][..],
        ];
        let name_of = |a: Node| {
            let t = self.text(a);
            t.strip_prefix("socket.").unwrap_or(t).to_string()
        };
        let mut at = 0;
        let mut fine = args.len() <= 3;
        for a in &args {
            let (slot, value) = match a.kind() {
                "keyword_argument" => {
                    let key = a.child_by_field_name("name").map(|k| self.text(k));
                    let slot = match key {
                        Some("family") => 0,
                        Some("type") => 1,
                        Some("proto") => 2,
                        _ => {
                            fine = false;
                            break;
                        }
                    };
                    match a.child_by_field_name("value") {
                        Some(v) => (slot, v),
                        None => {
                            fine = false;
                            break;
                        }
                    }
                }
                _ => {
                    at += 1;
                    (at - 1, *a)
                }
            };
            fine &= allowed
                .get(slot)
                .is_some_and(|names| names.contains(&name_of(value).as_str()));
        }
        if !fine {
            return Err(format!(
                "line {}: a socket other than a plain TCP one",
                self.line(call)
            ));
        }
        Ok(true)
    }

    fn assignment(&mut self, a: Node<'a>) -> Result<(), Unsupported> {
        let left = a.child_by_field_name("left").ok_or("an assignment")?;
        let right = a.child_by_field_name("right").ok_or("an assignment")?;
        // `elapsed = int(time.time() - start)`, only reported: nothing the checks read. (A
        // clock read itself is kept: a loop may measure from it.)
        let name = self.text(left).to_string();
        self.seconds_names.remove(&name);
        if !(right.kind() == "call" && self.reads_the_clock(right)) && self.reported_assignment(a) {
            if left.kind() == "identifier" && self.seconds(right) {
                self.seconds_names.insert(name);
            }
            return Ok(());
        }
        // `env_file = os.path.join(os.path.dirname(__file__), ".env")` read by nothing but
        // `load_dotenv(env_file)`: a path worked out from text, for the file's variables.
        if left.kind() == "identifier"
            && right.kind() == "call"
            && self.callee(right).starts_with("os.path.")
            && self.cannot_raise(right)
            && self.read_only_by_dotenv(&name, left)
        {
            return Ok(());
        }
        // `print = functools.partial(print, flush=True)`: print still only reports.
        if name == "print"
            && right.kind() == "call"
            && matches!(self.callee(right).as_str(), "functools.partial" | "partial")
            && right
                .child_by_field_name("arguments")
                .map(named)
                .is_some_and(|args| {
                    args.first().is_some_and(|f| self.text(*f) == "print")
                        && args[1..].iter().all(|k| {
                            k.kind() == "keyword_argument"
                                && k.child_by_field_name("name").is_some_and(|n| {
                                    matches!(self.text(n), "flush" | "sep" | "end")
                                })
                                && k.child_by_field_name("value")
                                    .is_some_and(|v| self.cannot_raise(v))
                        })
                })
        {
            return Ok(());
        }
        // optparse's `(options, args) = parser.parse_args()`: `options.host` reads an option;
        // the rest of the words (`args`) stay unknown. So argparse's `args, unknown =
        // parser.parse_known_args()`.
        if matches!(left.kind(), "pattern_list" | "tuple_pattern")
            && right.kind() == "call"
            && right.child_by_field_name("function").is_some_and(|f| {
                let f = self.text(f);
                f.ends_with(".parse_args") || f.ends_with(".parse_known_args")
            })
        {
            if self.text(right).contains(".parse_known_args") {
                self.warnings.push(Warning {
                    line: self.line(right),
                    message: "the script ignores options it does not know; the suite refuses them"
                        .into(),
                });
            }
            return Ok(());
        }
        // `args = vars(parser.parse_args())`: the options as a dict, `args["url"]` and
        // `args.get("url")` reading them.
        if left.kind() == "identifier"
            && right.kind() == "call"
            && right
                .child_by_field_name("function")
                .is_some_and(|f| self.text(f) == "vars")
            && let [inner] =
                named(right.child_by_field_name("arguments").ok_or("a call")?).as_slice()
            && inner.kind() == "call"
            && self.parses_argv(*inner)
        {
            self.vars.insert(name, Val::Namespace);
            return Ok(());
        }
        // `options = parser.parse_args()[0]`: optparse's options alone.
        if left.kind() == "identifier"
            && right.kind() == "subscript"
            && right
                .child_by_field_name("subscript")
                .is_some_and(|i| self.text(i) == "0")
            && right
                .child_by_field_name("value")
                .is_some_and(|v| v.kind() == "call" && self.parses_argv(v))
        {
            return Ok(());
        }
        // `args = parse_args()` (or `parser = build_parser()`) where the function only builds
        // the parser: `args.url` reads the option, as after `parser.parse_args()` itself.
        if matches!(left.kind(), "identifier" | "pattern_list" | "tuple_pattern")
            && right.kind() == "call"
            && self.builds_parser_only(right)
        {
            return Ok(());
        }
        // `host, port = os.environ["KAFKA"].split(":")`: the halves of an address.
        if matches!(left.kind(), "pattern_list" | "tuple_pattern")
            && let [host, port] = named(left).as_slice()
            && host.kind() == "identifier"
            && port.kind() == "identifier"
            && let Some(whole) = self.split_address(right)
        {
            for n in [host, port] {
                self.rebinding(self.text(*n), a)?;
            }
            self.vars.insert(
                self.text(*host).to_string(),
                Val::AddressHalf(whole.clone(), 0),
            );
            self.vars
                .insert(self.text(*port).to_string(), Val::AddressHalf(whole, 1));
            self.warnings.push(Warning {
                line: self.line(a),
                message: SPLIT_ADDRESS.into(),
            });
            return Ok(());
        }
        // `host = os.getenv("KAFKA", "kafka:9092").split(":")[0]` and `port =
        // int(….split(":")[1])`: one half each, read whole where both make one address.
        if left.kind() == "identifier"
            && let Some((whole, k)) = self.address_half(right)
        {
            self.rebinding(&name, a)?;
            self.vars.insert(name, Val::AddressHalf(whole, k));
            if !self.warnings.iter().any(|w| w.message == SPLIT_ADDRESS) {
                self.warnings.push(Warning {
                    line: self.line(a),
                    message: SPLIT_ADDRESS.into(),
                });
            }
            return Ok(());
        }
        // `total, used, free = shutil.disk_usage("/")` (psutil's has a fourth, `percent`): each
        // name one field.
        if matches!(left.kind(), "pattern_list" | "tuple_pattern")
            && let Some(Val::DiskUsage(path)) = self.machine_value(right)
            && right.kind() == "call"
        {
            let names = named(left);
            let fields: &[&str] = match self.callee(right).as_str() {
                "shutil.disk_usage" => &["total", "used", "free"],
                _ => &["total", "used", "free", "percent"],
            };
            if names.len() != fields.len() || names.iter().any(|n| n.kind() != "identifier") {
                return Err(format!("line {}: an assignment to `{name}`", self.line(a)));
            }
            for n in &names {
                self.rebinding(self.text(*n), a)?;
            }
            for (n, field) in names.iter().zip(fields) {
                let v = match disk_part(field) {
                    Some(part) => Val::DiskPart(path.clone(), part),
                    None => Val::Machine {
                        kind: "disk",
                        key: "used",
                        unit: "%",
                        path: Some(path.clone()),
                    },
                };
                self.vars.insert(self.text(*n).to_string(), v);
            }
            return Ok(());
        }
        // `host, port = "localhost", 8080`: each name its value, all read before any is set.
        if matches!(left.kind(), "pattern_list" | "tuple_pattern")
            && matches!(right.kind(), "expression_list" | "tuple")
        {
            let (names, values) = (named(left), named(right));
            if names.len() != values.len() || names.iter().any(|n| n.kind() != "identifier") {
                return Err(format!("line {}: an assignment to `{name}`", self.line(a)));
            }
            // `ok, detail = check(url), None` (see `pytuples`): where no value reads a name
            // the assignment sets, it is one assignment after the other, each read as such.
            let set: Vec<&str> = names.iter().map(|n| self.text(*n)).collect();
            let mut reads_set = false;
            for v in &values {
                walk(*v, &mut |c| {
                    reads_set |= c.kind() == "identifier" && set.contains(&self.text(c));
                });
            }
            if !reads_set && values.iter().any(|v| v.kind() == "call") {
                for (n, v) in names.iter().zip(&values) {
                    self.rebinding(self.text(*n), a)?;
                    self.assign(self.text(*n).to_string(), *v)?;
                }
                return Ok(());
            }
            let read: Vec<Val> = values
                .iter()
                .map(|v| self.value_any(*v))
                .collect::<Result<_, _>>()?;
            for n in &names {
                self.rebinding(self.text(*n), a)?;
            }
            for (n, v) in names.iter().zip(read) {
                self.vars.insert(self.text(*n).to_string(), v);
            }
            return Ok(());
        }
        // A second name for a TLS context is the same object: a setting made through one
        // changes what the other checks.
        if right.kind() == "identifier"
            && matches!(
                self.vars.get(self.text(right)),
                Some(Val::TlsContext { .. })
            )
        {
            return Err(format!(
                "line {}: a second name for a TLS context",
                self.line(a)
            ));
        }
        // `ctx.check_hostname = False`, `ctx.verify_mode = ssl.CERT_NONE` on a default
        // context: what it checks from now on. Python refuses CERT_NONE while the host name
        // is checked (`ValueError`), so the order is the script's own. Not in a loop, which
        // may not run.
        if left.kind() == "attribute"
            && let Some(object) = left
                .child_by_field_name("object")
                .filter(|o| o.kind() == "identifier")
            && let Some(Val::TlsContext { verify, hostname }) =
                self.vars.get(self.text(object)).cloned()
            && let Some(field) = left.child_by_field_name("attribute").map(|f| self.text(f))
        {
            if enclosing_loop(a).is_some() {
                return Err(format!(
                    "line {}: a setting of a TLS context in a loop",
                    self.line(a)
                ));
            }
            let setting = self.text(right).trim_start_matches("ssl.");
            let (verify, hostname) = match (field, setting) {
                ("check_hostname", "False") => (verify, false),
                ("check_hostname", "True") if verify => (verify, true),
                ("verify_mode", "CERT_NONE") if !hostname => (false, hostname),
                ("verify_mode", "CERT_REQUIRED") => (true, hostname),
                _ => {
                    return Err(format!(
                        "line {}: a setting of a TLS context probekit cannot read",
                        self.line(a)
                    ));
                }
            };
            self.vars.insert(
                self.text(object).to_string(),
                Val::TlsContext { verify, hostname },
            );
            return Ok(());
        }
        // `results["db"] = check_db()`: a check's result put with others.
        if left.kind() == "subscript"
            && let Some(base) = left.child_by_field_name("value")
            && let Some(key) = left
                .child_by_field_name("subscript")
                .filter(|k| k.kind() == "string")
                .and_then(|k| self.string(k))
                .and_then(|k| k.as_literal())
            && self.put_into_verdicts(base, Some(key), right, a)?
        {
            return Ok(());
        }
        // `headers["Authorization"] = f"Bearer {token}"` on a table the script wrote: the
        // entry set (or replaced) for the requests made after it.
        if left.kind() == "subscript"
            && let Some(base) = left
                .child_by_field_name("value")
                .filter(|b| b.kind() == "identifier")
            && matches!(self.vars.get(self.text(base)), Some(Val::Dict(_)))
            && let Some(key) = left
                .child_by_field_name("subscript")
                .and_then(|k| self.value(k).ok())
                .and_then(|k| k.as_literal())
        {
            let value = self.value_any(right)?;
            if let Some(Val::Dict(entries)) = self.vars.get_mut(self.text(base)) {
                match entries.iter_mut().find(|(k, _)| *k == key) {
                    Some(entry) => entry.1 = value,
                    None => entries.push((key, value)),
                }
            }
            return Ok(());
        }
        if left.kind() != "identifier" {
            return Err(format!("line {}: an assignment to `{name}`", self.line(a)));
        }
        // `user = u.username`, `port = u.port or 5432` of `u = urlparse(os.environ["DATABASE_URL"])`:
        // a part of the URL, which a connection made of all of them reads as the URL itself.
        if let Some(part) = self.url_part(right) {
            self.numbers.remove(&name);
            self.vars.insert(name, part);
            return Ok(());
        }
        let assigned = self.assign(name.clone(), right);
        match assigned {
            // `content = r.text[:200] if r.text else "none"` that only reports read: what it
            // holds changes no verdict, and computing it cannot fail.
            Err(_) if self.only_reported(&name, left) && self.cannot_raise(right) => {
                self.reported_only.insert(name);
                Ok(())
            }
            // `SessionLocal = sessionmaker(bind=engine)` that nothing reads: no check asks
            // anything of it. Said where it is, since the call could still raise.
            Err(_)
                if right.kind() == "call"
                    && self.builds_an_object(right)
                    && !self.read_elsewhere(&name, left) =>
            {
                self.warnings.push(Warning {
                    line: self.line(a),
                    message: format!(
                        "`{name} = …` is never read: not converted (the suite does not make the call, which the script makes and could fail on)"
                    ),
                });
                Ok(())
            }
            other => other,
        }
    }

    /// Whether every other place that reads `name` is an argument of a report (`print`,
    /// `logging.…`), an f-string's inside one included.
    fn only_reported(&self, name: &str, at: Node) -> bool {
        self.only_reported_within(name, at, 3)
    }

    /// [`Self::only_reported`], where a value computed from it for a report (`took =
    /// datetime.now() - started`, `took` only printed) is a report too, `depth` such steps
    /// deep.
    fn only_reported_within(&self, name: &str, at: Node, depth: usize) -> bool {
        self.every_read_of(name, at, &|c| {
            self.in_report(c) || (depth > 0 && self.feeds_a_report(c, depth - 1))
        })
    }

    /// Whether every place but `at` that reads `name` is one `read` accepts (another
    /// assignment of it, `now = …` in the handler too, is read as this one is).
    fn every_read_of(&self, name: &str, at: Node, read: &dyn Fn(Node) -> bool) -> bool {
        let Some(root) = self.root else { return false };
        let mut all = true;
        walk(root, &mut |c| {
            if c.kind() != "identifier"
                || c.id() == at.id()
                || self.text(c) != name
                || is_attribute_name(c)
            {
                return;
            }
            if c.parent().is_some_and(|p| {
                p.kind() == "assignment"
                    && p.child_by_field_name("left")
                        .is_some_and(|l| l.id() == c.id())
            }) {
                return;
            }
            all &= read(c);
        });
        all
    }

    /// Whether every other read of `name` is the argument of a `load_dotenv` call.
    fn read_only_by_dotenv(&self, name: &str, at: Node) -> bool {
        let Some(root) = self.root else { return false };
        let mut all = true;
        walk(root, &mut |c| {
            if c.kind() != "identifier" || c.id() == at.id() || self.text(c) != name {
                return;
            }
            all &= c
                .parent()
                .filter(|p| p.kind() == "argument_list")
                .and_then(|p| p.parent())
                .is_some_and(|call| call.kind() == "call" && loads_dotenv(&self.callee(call)));
        });
        all
    }

    /// Whether `c` is read in the value of an assignment to a name that is only reported.
    fn feeds_a_report(&self, c: Node, depth: usize) -> bool {
        let mut up = c.parent();
        while let Some(p) = up {
            if p.kind() == "assignment" {
                let (Some(left), Some(right)) = (
                    p.child_by_field_name("left"),
                    p.child_by_field_name("right"),
                ) else {
                    return false;
                };
                return left.kind() == "identifier"
                    && right.start_byte() <= c.start_byte()
                    && c.end_byte() <= right.end_byte()
                    && self.only_reported_within(self.text(left), left, depth);
            }
            if p.kind().ends_with("statement") || matches!(p.kind(), "block" | "module") {
                return false;
            }
            up = p.parent();
        }
        false
    }

    /// Whether `c` is an argument of a report (`print`, `logging.…`), an f-string's inside one
    /// included.
    fn in_report(&self, c: Node) -> bool {
        let mut up = c.parent();
        // Whether the way up went through text (`f"… {last_error}"`).
        let mut in_text = false;
        while let Some(p) = up {
            // `"failed: " + str(e)`: `str()` or `repr()` of anything, joined to text, is text.
            if p.kind() == "call" && matches!(self.callee(p).as_str(), "str" | "repr") {
                in_text = true;
                up = p.parent();
                continue;
            }
            // (`"took %.1f s (%s)" % (elapsed, code)`: the values of a format, below.)
            if p.kind() == "tuple"
                && p.parent()
                    .is_some_and(|b| self.operands(b, "%").is_some_and(|(_, r)| r.id() == p.id()))
            {
                up = p.parent();
                continue;
            }
            // (`{waited_ms / 1000:.2f}`: a number worked out of numbers.)
            if p.kind() == "binary_operator" && self.seconds(p) {
                up = p.parent();
                continue;
            }
            // (`"took %.1f s" % elapsed`: text too, where the format's fields are filled.)
            if p.kind() == "binary_operator" {
                if !self.joins_text(p) && !self.percent_formats(p, false) {
                    return false;
                }
                in_text = true;
                up = p.parent();
                continue;
            }
            // `"Waiting for {} {}...".format(interval, unit)`: text, where the literal's fields
            // are plain and as many as the values given (a missing one raises).
            if p.kind() == "call" && self.formats(p, false) {
                in_text = true;
                up = p.parent();
                continue;
            }
            if p.kind() == "call" {
                // `raise RuntimeError(f"… {last_error}")`: the message of an error that ends
                // the script with status 1 whatever it says (not `SystemExit`, whose
                // argument is the status).
                let callee = self.callee(p);
                let raised_error = p.parent().is_some_and(|r| r.kind() == "raise_statement")
                    && callee != "SystemExit"
                    && (callee.ends_with("Error") || callee.ends_with("Exception"));
                // `raise SystemExit(f"not ready: {last_error}")`, `sys.exit(f"…")`: text
                // given as the status is printed, and the status is 1 whatever it says.
                let exit_text = in_text
                    && matches!(callee.as_str(), "SystemExit" | "sys.exit")
                    && p.child_by_field_name("arguments")
                        .is_some_and(|a| named(a).len() == 1);
                return raised_error || exit_text || self.is_report(&callee);
            }
            // `f"{ms:.0f}"`: a field whose spec takes what it is given ([`Py::fits`]).
            if p.kind() == "interpolation"
                && let Some(field) = self.interpolation_field(p)
                && !field.is_some_and(|(f, value)| self.fits(f.takes, value))
            {
                return false;
            }
            in_text |= matches!(p.kind(), "interpolation" | "string" | "concatenated_string");
            // `{took.seconds}` of a time taken (a `timedelta`'s fields never raise).
            let field = p.kind() == "attribute"
                && p.child_by_field_name("attribute")
                    .is_some_and(|a| matches!(self.text(a), "seconds" | "days" | "microseconds"));
            if !field
                && !matches!(
                    p.kind(),
                    "argument_list"
                        | "interpolation"
                        | "string"
                        | "format_expression"
                        | "concatenated_string"
                        | "parenthesized_expression"
                )
            {
                return false;
            }
            up = p.parent();
        }
        false
    }

    /// `"… {} {0} {name:>8}".format(…)` on written text (no interpolation): its values and
    /// its fields, each field's text between its braces (`{{` and `}}` are no field).
    fn format_call(&self, call: Node<'a>) -> Option<FormatCall<'a>> {
        let function = call.child_by_field_name("function")?;
        let object = function.child_by_field_name("object")?;
        let attr = function.child_by_field_name("attribute")?;
        if call.kind() != "call"
            || function.kind() != "attribute"
            || self.text(attr) != "format"
            || object.kind() != "string"
            || named(object).iter().any(|c| c.kind() == "interpolation")
        {
            return None;
        }
        let args = call
            .child_by_field_name("arguments")
            .map(named)
            .unwrap_or_default();
        let mut fc = FormatCall {
            positional: 0,
            keywords: Vec::new(),
            splat: false,
            fields: Vec::new(),
            balanced: true,
        };
        for a in &args {
            match a.kind() {
                "list_splat" | "dictionary_splat" => fc.splat = true,
                "keyword_argument" => fc
                    .keywords
                    .extend(a.child_by_field_name("name").map(|x| self.text(x))),
                _ => fc.positional += 1,
            }
        }
        let body = self
            .text(object)
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .trim_matches(|c| c == '"' || c == '\'');
        let mut chars = body.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' | '}' if chars.peek() == Some(&c) => {
                    chars.next();
                }
                '{' => {
                    let mut field = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(x) => field.push(x),
                            None => {
                                fc.balanced = false;
                                break;
                            }
                        }
                    }
                    fc.fields.push(field);
                }
                '}' => fc.balanced = false,
                _ => {}
            }
        }
        Some(fc)
    }

    /// Whether a `"…".format(…)` of a written text under `n` surely raises: more automatic
    /// fields than values, an index or a name not given, or both kinds of numbering.
    fn formats_wrongly(&self, n: Node<'a>) -> bool {
        let mut wrong = false;
        walk(n, &mut |c| {
            let Some(fc) = self.format_call(c).filter(|fc| !fc.splat) else {
                return;
            };
            let (mut auto, mut numbered) = (0, false);
            for field in &fc.fields {
                // (A nested field in a spec, `{:{width}}`, is not read.)
                if field.contains('{') {
                    return;
                }
                let name = field
                    .split(['!', ':'])
                    .next()
                    .unwrap_or("")
                    .split(['.', '['])
                    .next()
                    .unwrap_or("");
                if name.is_empty() {
                    auto += 1;
                    wrong |= auto > fc.positional;
                } else if let Ok(k) = name.parse::<usize>() {
                    numbered = true;
                    wrong |= k >= fc.positional;
                } else {
                    wrong |= !fc.keywords.contains(&name);
                }
            }
            wrong |= auto > 0 && numbered;
        });
        wrong
    }

    /// `"… {} {0:.1f}".format(…)` on a literal without interpolation: text that cannot fail
    /// to be made where its fields ([`brace_field`]) are numbered one way only, each given a
    /// positional value, a number's field a number ([`Self::seconds`]), and no keyword values.
    /// With `values`, each value given to a field of text must not raise either.
    fn formats(&self, call: Node<'a>, values: bool) -> bool {
        let Some(fc) = self.format_call(call) else {
            return false;
        };
        let fields: Option<Vec<Field>> = fc.fields.iter().map(|f| brace_field(f)).collect();
        let args = call
            .child_by_field_name("arguments")
            .map(named)
            .unwrap_or_default();
        !fc.splat
            && fc.keywords.is_empty()
            && fc.balanced
            && fields.is_some_and(|f| self.fills_fields(&f, &args, values))
    }

    /// The values on the right of `FORMAT % …`: a tuple's items, or the one value. None for a
    /// name that holds a tuple, a list or a dict (spread over the fields, or a mapping).
    fn percent_values<'n>(&self, r: Node<'n>) -> Option<Vec<Node<'n>>> {
        match r.kind() {
            "tuple" | "parenthesized_expression" => Some(named(r)),
            "identifier"
                if matches!(
                    self.vars.get(self.text(r)),
                    Some(Val::Tuple(_) | Val::List(_) | Val::Rows(_) | Val::Dict(_))
                ) =>
            {
                None
            }
            _ => Some(vec![r]),
        }
    }

    /// `"took %.1f s (%s)" % (elapsed, r.status_code)`: as [`Self::formats`], for a `%` format
    /// ([`percent_fields`]).
    fn percent_formats(&self, n: Node, values: bool) -> bool {
        let Some((l, r)) = self.operands(n, "%") else {
            return false;
        };
        if l.kind() != "string" {
            return false;
        }
        let Some(given) = self.percent_values(r) else {
            return false;
        };
        self.string(l)
            .and_then(|f| f.as_literal())
            .and_then(|f| percent_fields(&f))
            .is_some_and(|f| self.fills_fields(&f, &given, values))
    }

    /// The two sides of `n` where it is `LEFT op RIGHT` with this operator (`+`, `/`).
    fn operands<'n>(&self, n: Node<'n>, op: &str) -> Option<(Node<'n>, Node<'n>)> {
        if n.kind() != "binary_operator"
            || n.child_by_field_name("operator").map(|o| self.text(o)) != Some(op)
        {
            return None;
        }
        Some((
            n.child_by_field_name("left")?,
            n.child_by_field_name("right")?,
        ))
    }

    /// `A + B` of text alone (literal text, f-strings, `str(…)`, `repr(…)`, and such sums),
    /// which cannot raise where its parts do not.
    fn joins_text(&self, n: Node) -> bool {
        match n.kind() {
            "string" | "concatenated_string" => true,
            "parenthesized_expression" => n.named_child(0).is_some_and(|e| self.joins_text(e)),
            "call" => matches!(self.callee(n).as_str(), "str" | "repr"),
            "binary_operator" => self
                .operands(n, "+")
                .is_some_and(|(l, r)| self.joins_text(l) && self.joins_text(r)),
            _ => false,
        }
    }

    /// Whether computing `n` cannot raise: text written in the script, a response's text or
    /// status, sliced, stripped, in `str()`/`len()`, or chosen by a conditional of such parts.
    fn cannot_raise(&self, n: Node) -> bool {
        if matches!(n.kind(), "binary_operator" | "call" | "identifier") && self.seconds(n) {
            return true;
        }
        match n.kind() {
            "integer" | "float" | "true" | "false" | "none" | "comment" => true,
            // `f"{free_mb:.0f} MB free"` of a number the script measured: a number's format.
            "interpolation" if named(n).iter().any(|c| c.kind() == "format_specifier") => {
                let parts = named(n);
                let [value, spec] = parts.as_slice() else {
                    return false;
                };
                let number = (value.kind() == "identifier"
                    && matches!(
                        self.vars.get(self.text(*value)),
                        Some(Val::Machine { .. } | Val::Num(_))
                    ))
                    || self.seconds(*value);
                // (A field takes what it is given: `{n:d}` a whole number.)
                number
                    && spec.kind() == "format_specifier"
                    && brace_field(self.text(*spec)).is_some_and(|f| self.fits(f.takes, *value))
            }
            "string"
            | "concatenated_string"
            | "interpolation"
            | "parenthesized_expression"
            | "conditional_expression"
            | "string_content"
            | "escape_sequence"
            | "string_start"
            | "string_end" => named(n).into_iter().all(|c| self.cannot_raise(c)),
            // `check_interval == 1`: equality of values that cannot raise (a script that
            // defines its own `__eq__` aside) is true or false, whatever their types.
            "comparison_operator" => {
                let mut c = n.walk();
                let equality = n
                    .children(&mut c)
                    .filter(|x| !x.is_named())
                    .all(|op| matches!(self.text(op), "==" | "!=" | "is" | "not"));
                equality
                    && !self.src.contains("def __eq__")
                    && !self.src.contains("def __ne__")
                    && named(n).into_iter().all(|c| self.cannot_raise(c))
            }
            // (`f"unreachable: {e}"` of the error a handler caught: its text, which a
            // library's errors give without raising; not in a script that defines how some
            // object prints.)
            "identifier" => {
                self.vars.contains_key(self.text(n))
                    || self.reported_only.contains(self.text(n))
                    || (self.is_caught_error(n)
                        && n.parent().is_some_and(|p| p.kind() == "interpolation")
                        && !["def __str__", "def __repr__", "def __format__"]
                            .iter()
                            .any(|d| self.src.contains(d)))
            }
            "attribute" => {
                let (Some(object), Some(attr)) = (
                    n.child_by_field_name("object"),
                    n.child_by_field_name("attribute"),
                ) else {
                    return false;
                };
                // `type(exc).__name__`, `exc.__class__.__name__` of the error a handler caught.
                let class_of_caught = |x: Node| match x.kind() {
                    "call" => {
                        self.callee(x) == "type"
                            && x.child_by_field_name("arguments")
                                .map(named)
                                .is_some_and(|a| a.len() == 1 && self.is_caught_error(a[0]))
                    }
                    "attribute" => {
                        x.child_by_field_name("attribute")
                            .is_some_and(|a| self.text(a) == "__class__")
                            && x.child_by_field_name("object")
                                .is_some_and(|o| self.is_caught_error(o))
                    }
                    _ => false,
                };
                if self.text(attr) == "__name__" && class_of_caught(object) {
                    return true;
                }
                matches!(self.vars.get(self.text(object)), Some(Val::Probe(i)) if self.drafts.get(*i).is_some_and(|d| d.check_is_http()))
                    && matches!(
                        self.text(attr),
                        "text" | "status_code" | "status" | "reason" | "url" | "ok" | "content"
                    )
            }
            "subscript" => {
                let parts = named(n);
                parts.len() == 2
                    && parts[1].kind() == "slice"
                    && named(parts[1]).iter().all(|b| b.kind() == "integer")
                    && self.cannot_raise(parts[0])
            }
            // `datetime.utcnow().isoformat() + "Z"`: text joined to text.
            "binary_operator" => {
                let (Some(l), Some(r)) = (
                    n.child_by_field_name("left"),
                    n.child_by_field_name("right"),
                ) else {
                    return false;
                };
                // `datetime.now() - started` of a start only reported: the time taken.
                let clock = |x: Node| {
                    (x.kind() == "call" && self.reads_the_clock(x))
                        || (x.kind() == "identifier" && self.reported_only.contains(self.text(x)))
                };
                match n.child_by_field_name("operator").map(|o| self.text(o)) {
                    Some("+") => {
                        self.is_text(l)
                            && self.is_text(r)
                            && self.cannot_raise(l)
                            && self.cannot_raise(r)
                    }
                    Some("-") => clock(l) && clock(r),
                    // `"took %.1f s (%s)" % (elapsed, r.status_code)`.
                    Some("%") => self.percent_formats(n, true),
                    _ => false,
                }
            }
            "call" if self.reads_the_clock(n) => true,
            // `os.path.join(os.path.dirname(__file__), "..", ".env")`: a path worked out from
            // text, which touches no file.
            "call"
                if matches!(
                    self.callee(n).as_str(),
                    "os.path.join"
                        | "os.path.dirname"
                        | "os.path.realpath"
                        | "os.path.abspath"
                        | "os.path.basename"
                ) =>
            {
                n.child_by_field_name("arguments")
                    .map(named)
                    .unwrap_or_default()
                    .into_iter()
                    .all(|a| {
                        (a.kind() == "identifier" && self.text(a) == "__file__")
                            || self.cannot_raise(a)
                    })
            }
            "call" => {
                let f = n.child_by_field_name("function");
                let args: Vec<Node> = n
                    .child_by_field_name("arguments")
                    .map(named)
                    .unwrap_or_default();
                match f.map(|f| (f.kind(), f)) {
                    Some(("identifier", f)) => {
                        matches!(self.text(f), "str" | "len")
                            && args.len() == 1
                            && self.cannot_raise(args[0])
                    }
                    // `"took {:.1f} s ({})".format(elapsed, r.status_code)`.
                    Some(("attribute", _)) if self.format_call(n).is_some() => {
                        self.formats(n, true)
                    }
                    Some(("attribute", f)) => {
                        args.is_empty()
                            && f.child_by_field_name("attribute").is_some_and(|a| {
                                matches!(self.text(a), "strip" | "lower" | "upper")
                            })
                            && f.child_by_field_name("object")
                                .is_some_and(|o| self.cannot_raise(o))
                    }
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// Whether a value is what a format's field takes ([`Takes`]): a number of
    /// [`Self::seconds`], a whole one of [`Self::whole_seconds`].
    fn fits(&self, takes: Takes, v: Node) -> bool {
        // A response's or a process's status, a length: whole numbers too.
        let whole = || match v.kind() {
            "call" => self.callee(v) == "len",
            "attribute" => {
                v.child_by_field_name("attribute").is_some_and(|a| {
                    matches!(
                        self.text(a),
                        "status_code" | "status" | "code" | "returncode"
                    )
                }) && v
                    .child_by_field_name("object")
                    .is_some_and(|o| matches!(self.vars.get(self.text(o)), Some(Val::Probe(_))))
            }
            "identifier" => matches!(
                self.vars.get(self.text(v)),
                Some(Val::Attr(_, a)) if matches!(a.as_str(), "status" | "code" | "status_code" | "returncode" | "connect_ex")
            ),
            _ => false,
        };
        // A measure of the machine (`share` of `used / total * 100`), a number the script holds.
        let measured = || {
            v.kind() == "identifier"
                && matches!(
                    self.vars.get(self.text(v)),
                    Some(Val::Machine { .. } | Val::Num(_) | Val::DiskPart(..))
                )
        };
        // A number the caller gives, read as one (`float(os.environ.get("T", "5"))`, an
        // argparse option of `type=float` or `type=int`), which the script has converted.
        let given = |integer: bool| match v.kind() {
            "identifier" => !integer && self.numbers.contains(self.text(v)),
            // (An option left out is None unless it has a default; `type=int` converts a
            // default written as text, not `default=3.5`.)
            "attribute" => {
                let namespace = v.child_by_field_name("object").is_some_and(|o| {
                    o.kind() == "identifier"
                        && matches!(self.vars.get(self.text(o)), None | Some(Val::Namespace))
                });
                namespace
                    && v.child_by_field_name("attribute").is_some_and(|a| {
                        self.arguments.iter().any(|arg| {
                            arg.dest == self.text(a)
                                && arg.numeric
                                && arg.unsupported.is_none()
                                && (arg.required
                                    || arg.default.as_deref().is_some_and(|d| {
                                        if integer || arg.integer {
                                            d.parse::<i64>().is_ok()
                                        } else {
                                            d.parse::<f64>().is_ok()
                                        }
                                    }))
                                && (arg.integer || !integer)
                        })
                    })
            }
            _ => false,
        };
        let number = || self.seconds(v) || whole() || given(false) || measured();
        match takes {
            Takes::Any => true,
            Takes::Plain => number() || self.surely_text(v),
            Takes::Text => self.surely_text(v),
            Takes::Number => number(),
            Takes::Integer => self.whole_seconds(v) || whole() || given(true),
        }
    }

    /// A value that is text: written (an f-string too), `str(…)` or `repr(…)`, a response's
    /// `.text`, `.reason` or `.url`, a name holding text the script wrote or read from the
    /// environment with a default.
    fn surely_text(&self, v: Node) -> bool {
        match v.kind() {
            "string" | "concatenated_string" => true,
            "call" => matches!(self.callee(v).as_str(), "str" | "repr"),
            "attribute" => {
                v.child_by_field_name("attribute")
                    .is_some_and(|a| matches!(self.text(a), "text" | "reason" | "url"))
                    && v.child_by_field_name("object").is_some_and(|o| {
                        matches!(self.vars.get(self.text(o)), Some(Val::Probe(i)) if self.timed.contains(i))
                    })
            }
            // (Not one converted to a number: `float(os.environ.get("T", "1"))`.)
            "identifier" if self.numbers.contains(self.text(v)) => false,
            "identifier" => matches!(
                self.vars.get(self.text(v)),
                Some(Val::Text(t)) if t.0.iter().all(|p| match p {
                    Piece::Var(_, d) => d.is_some(),
                    _ => true,
                })
            ),
            _ => false,
        }
    }

    /// Whether a report's formatting (`"%.1f" % x`, `"{:d}".format(x)`, `f"{x:.2f}"`) gives a
    /// number's field a value not surely a number ([`Self::fits`]), which raises where the
    /// script reaches it.
    fn formats_a_number_wrongly(&self, call: Node<'a>) -> bool {
        let mut wrong = false;
        walk(call, &mut |c| {
            let pairs: Vec<(Field, Node)> = match c.kind() {
                "call" if self.format_call(c).is_some() => {
                    let Some(fc) = self.format_call(c) else {
                        return;
                    };
                    let args = c
                        .child_by_field_name("arguments")
                        .map(named)
                        .unwrap_or_default();
                    let positional: Vec<Node> = args
                        .iter()
                        .copied()
                        .filter(|a| a.kind() != "keyword_argument")
                        .collect();
                    let keyword = |k: &str| {
                        args.iter().find_map(|a| {
                            (a.kind() == "keyword_argument"
                                && a.child_by_field_name("name")
                                    .is_some_and(|n| self.text(n) == k))
                            .then(|| a.child_by_field_name("value"))
                            .flatten()
                        })
                    };
                    let mut next = 0;
                    let mut pairs = Vec::new();
                    for f in &fc.fields {
                        let Some(field) = brace_field(f) else {
                            wrong = true;
                            return;
                        };
                        // (A value not given is [`Self::formats_wrongly`]'s to say.)
                        let value = match &field.key {
                            Key::Next => {
                                next += 1;
                                positional.get(next - 1).copied()
                            }
                            Key::Index(i) => positional.get(*i).copied(),
                            Key::Name(k) => keyword(k),
                        };
                        if let Some(v) = value {
                            pairs.push((field, v));
                        }
                    }
                    pairs
                }
                "binary_operator" => {
                    let Some((l, r)) = self.operands(c, "%") else {
                        return;
                    };
                    if l.kind() != "string" {
                        return;
                    }
                    let Some(fields) = self
                        .string(l)
                        .and_then(|t| t.as_literal())
                        .and_then(|f| percent_fields(&f))
                    else {
                        wrong = true;
                        return;
                    };
                    let Some(values) = self.percent_values(r) else {
                        wrong = true;
                        return;
                    };
                    // Too few values or too many raise.
                    if values.len() != fields.len() {
                        wrong = true;
                        return;
                    }
                    fields.into_iter().zip(values).collect()
                }
                "interpolation" => match self.interpolation_field(c) {
                    None => return,
                    Some(Some(pair)) => vec![pair],
                    Some(None) => {
                        wrong = true;
                        return;
                    }
                },
                _ => return,
            };
            wrong |= pairs.iter().any(|(f, v)| !self.fits(f.takes, *v));
        });
        wrong
    }

    /// An f-string's `{value!conv:spec}` that has a spec: its field ([`brace_field`], the
    /// conversion with it) and its value, or `Some(None)` where the spec is not one that field
    /// reads. `None` without a spec.
    fn interpolation_field<'n>(&self, p: Node<'n>) -> Option<Option<(Field, Node<'n>)>> {
        let parts = named(p);
        let spec = parts.iter().find(|x| x.kind() == "format_specifier")?;
        let conversion = parts
            .iter()
            .find(|x| x.kind() == "type_conversion")
            .map_or("", |t| self.text(*t));
        Some(brace_field(&format!("{conversion}{}", self.text(*spec))).zip(parts.first().copied()))
    }

    /// A whole number of [`Self::seconds`]: an integer written, `int(…)` or `round(…)` (one
    /// argument) of such a number.
    fn whole_seconds(&self, n: Node) -> bool {
        match n.kind() {
            "integer" => true,
            "parenthesized_expression" => {
                matches!(named(n).as_slice(), [x] if self.whole_seconds(*x))
            }
            "call" => {
                let args: Vec<Node> = n
                    .child_by_field_name("arguments")
                    .map(named)
                    .unwrap_or_default();
                matches!(self.callee(n).as_str(), "int" | "round")
                    && matches!(args.as_slice(), [x] if self.seconds(*x))
            }
            _ => false,
        }
    }

    /// Whether values fill a format's fields without raising: as many values as fields (each
    /// field taking the next, or the one it numbers), none a keyword or a splat, each what its
    /// field takes ([`Self::fits`]), and with `text`, each a value that cannot raise.
    fn fills_fields(&self, fields: &[Field], values: &[Node], text: bool) -> bool {
        if values.iter().any(|v| {
            matches!(
                v.kind(),
                "keyword_argument" | "list_splat" | "dictionary_splat"
            )
        }) {
            return false;
        }
        // Fields numbered and not in one text raise; a named one takes a keyword, not read here.
        let numbered = fields.iter().any(|f| matches!(f.key, Key::Index(_)));
        if (numbered && fields.iter().any(|f| f.key == Key::Next))
            || fields.iter().any(|f| matches!(f.key, Key::Name(_)))
        {
            return false;
        }
        let mut next = 0;
        let mut used = vec![false; values.len()];
        for field in fields {
            let at = match field.key {
                Key::Index(i) => i,
                _ => {
                    next += 1;
                    next - 1
                }
            };
            let Some(v) = values.get(at) else {
                return false;
            };
            used[at] = true;
            let ok = self.fits(field.takes, *v) && (!text || self.cannot_raise(*v));
            if !ok {
                return false;
            }
        }
        // `%` raises for a value left over ("not all arguments converted").
        used.iter().all(|u| *u) || numbered
    }

    /// `datetime.now()`, `datetime.utcnow().isoformat()`, `time.time()`, `time.strftime("%H:%M")`:
    /// the clock, read or written as text, which raises for nothing.
    fn reads_the_clock(&self, call: Node) -> bool {
        let args: Vec<Node> = call
            .child_by_field_name("arguments")
            .map(named)
            .unwrap_or_default();
        let f = self.callee(call);
        let plain_format = |args: &[Node]| match args {
            [] => true,
            [one] => one.kind() == "string" && self.cannot_raise(*one),
            _ => false,
        };
        if matches!(
            f.as_str(),
            "datetime.datetime.now"
                | "datetime.datetime.utcnow"
                | "datetime.now"
                | "datetime.utcnow"
                | "time.time"
                | "time.monotonic"
                | "time.perf_counter"
                | "time.ctime"
                | "time.asctime"
                | "time.strftime"
        ) {
            return plain_format(&args);
        }
        // A method of such a value: `.isoformat()`, `.strftime("%F")`.
        self.clock_as_text(call) && plain_format(&args)
    }

    /// `.isoformat()`, `.strftime(…)`, `.ctime()` of the clock read (`datetime.now()`): the
    /// clock written as text (its format not checked).
    fn clock_as_text(&self, call: Node) -> bool {
        self.text_method(call)
            && call
                .child_by_field_name("function")
                .and_then(|m| m.child_by_field_name("object"))
                .is_some_and(|o| o.kind() == "call" && (self.reads_the_clock(o) || self.utc_now(o)))
    }

    /// `datetime.now(timezone.utc)` (or `tz=timezone.utc`): the clock in UTC, which is only
    /// read as text here (`.isoformat()`): against a clock without a zone it raises.
    fn utc_now(&self, call: Node) -> bool {
        let args: Vec<Node> = call
            .child_by_field_name("arguments")
            .map(named)
            .unwrap_or_default();
        let utc = |a: &Node| {
            let t = self.text(*a).replace(' ', "");
            let t = t.strip_prefix("tz=").unwrap_or(&t);
            matches!(
                qualify(&self.imports, t).as_str(),
                "datetime.timezone.utc" | "datetime.UTC"
            )
        };
        matches!(
            self.callee(call).as_str(),
            "datetime.datetime.now" | "datetime.now"
        ) && matches!(args.as_slice(), [one] if utc(one))
    }

    /// Whether a call is `X.isoformat()`, `X.strftime(…)` or `X.ctime()`, which write a time
    /// as text.
    fn text_method(&self, call: Node) -> bool {
        call.child_by_field_name("function")
            .filter(|f| f.kind() == "attribute")
            .and_then(|f| f.child_by_field_name("attribute"))
            .is_some_and(|a| matches!(self.text(a), "isoformat" | "strftime" | "ctime"))
    }

    /// Whether an expression is text for sure: a string, or the clock written as text.
    fn is_text(&self, n: Node) -> bool {
        match n.kind() {
            "string" | "concatenated_string" => true,
            "call" => self.reads_the_clock(n) && self.text_method(n),
            _ => false,
        }
    }

    /// A call that only builds an object (a class, `sessionmaker`), from plain values: it
    /// connects to nothing and reads nothing until asked.
    fn builds_an_object(&self, call: Node) -> bool {
        let f = self.callee(call);
        let last = f.rsplit('.').next().unwrap_or(&f);
        let constructor = last.starts_with(|c: char| c.is_ascii_uppercase())
            || matches!(last, "sessionmaker" | "scoped_session");
        let mut plain = true;
        if let Some(args) = call.child_by_field_name("arguments") {
            walk(args, &mut |c| {
                if matches!(c.kind(), "call" | "subscript" | "await") {
                    plain = false;
                }
            });
        }
        constructor && plain
    }

    /// Whether the script names `name` anywhere but at `at`.
    fn read_elsewhere(&self, name: &str, at: Node) -> bool {
        let Some(root) = self.root else { return true };
        let mut seen = false;
        walk(root, &mut |c| {
            if c.kind() == "identifier" && c.id() != at.id() && self.text(c) == name {
                seen = true;
            }
        });
        seen
    }

    /// `requests.get(url).status_code`, `urlopen(url).getcode()`: the request is made where
    /// it is read; its response is known by the call's text, as a variable would be.
    fn inline_probe(&mut self, n: Node<'a>) -> Result<(), Unsupported> {
        // `json.load(urlopen(url))`, `json.loads(urlopen(url).read().decode())`.
        if n.kind() == "call"
            && self.is_call_to(n, &["json.loads", "json.load"])
            && let Some(arg) = n
                .child_by_field_name("arguments")
                .and_then(|a| named(a).into_iter().next())
            && let Some(inner) = self.read_body_of(n, arg)
            && inner.kind() == "call"
            && !self.vars.contains_key(self.text(inner))
            && let Some(i) = self.probe_call(inner)?
        {
            self.vars
                .insert(self.text(inner).to_string(), Val::Probe(i));
            return Ok(());
        }
        // `requests.get(url).status_code`, `requests.get(url).json()["status"]`,
        // `requests.get(url).json().get("status")`: the request at the bottom of the chain.
        let mut at = n;
        loop {
            let object = match at.kind() {
                "call" => at
                    .child_by_field_name("function")
                    .filter(|f| f.kind() == "attribute")
                    .and_then(|a| a.child_by_field_name("object")),
                "attribute" => at.child_by_field_name("object"),
                "subscript" => at.child_by_field_name("value"),
                _ => None,
            };
            let Some(object) = object else {
                break;
            };
            if object.kind() == "call"
                && !self.vars.contains_key(self.text(object))
                && let Some(i) = self.probe_call(object)?
            {
                self.vars
                    .insert(self.text(object).to_string(), Val::Probe(i));
                return Ok(());
            }
            at = object;
        }
        // `"UP" in subprocess.check_output(argv).decode().strip()`
        self.inline_output(n)
    }

    /// `name = right`.
    fn assign(&mut self, name: String, right: Node<'a>) -> Result<(), Unsupported> {
        if let Some(instance) = self.instance(&name, right)? {
            self.numbers.remove(&name);
            self.vars.insert(name, instance);
            return Ok(());
        }
        if self.reads_number(right) {
            self.numbers.insert(name.clone());
        } else {
            self.numbers.remove(&name);
        }
        // `ok = check_port(host, port)` (a function of the script that tells whether
        // something holds), `all_ok = all_ok and ok`: the check is made here, and passes once
        // the script tests `ok` as passing.
        if self.verdict(&name, right)? {
            return Ok(());
        }
        if self.verdicts_together(&name, right)? {
            return Ok(());
        }
        self.rebinding(&name, right)?;
        // `status = get_status(url)` with `def get_status(u): return requests.get(u)…`: the
        // function's one `return`, its parameters bound.
        if let Some((func, call, ret, any_status)) = self.returning_function(right) {
            let saved = self.bind_parameters(func, call)?;
            let r = self.assign(name.clone(), ret);
            self.unbind(saved);
            r?;
            // `except HTTPError as e: return e.code`: a response of any status is a value.
            if any_status {
                match self.vars.get(&name) {
                    Some(Val::Attr(i, attr)) if matches!(attr.as_str(), "status" | "code") => {
                        let i = *i;
                        set_expect(&mut self.drafts[i], "status", Yaml::statuses(&ANY_STATUS));
                    }
                    _ => {
                        return Err(format!(
                            "line {}: `{}` is computed when the script runs",
                            self.line(right),
                            self.text(right)
                        ));
                    }
                }
            }
            return Ok(());
        }
        // `data = get_json(url)` with `def get_json(u): r = requests.get(u, timeout=5);
        // r.raise_for_status(); return r.json()`: the function's statements, read where it is
        // called, then its value.
        if let Some((func, ret)) = self.value_function(right) {
            return self.assign_from_function(name, func, right, ret);
        }
        if let Some(url) = self.driverless_url(right) {
            self.numbers.remove(&name);
            self.vars.insert(name, Val::DbUrl(url));
            return Ok(());
        }
        // `out = subprocess.check_output(argv).decode().strip()`, `out = r.stdout.strip()`.
        if matches!(right.kind(), "call" | "attribute")
            && !(right.kind() == "call" && is_subprocess_call(&self.callee(right)))
        {
            self.inline_output(right)?;
            if let Some((probe, text, stripped)) = self.output(right) {
                self.vars.insert(
                    name,
                    Val::Output {
                        probe,
                        text,
                        stripped,
                    },
                );
                return Ok(());
            }
        }
        if right.kind() == "call"
            && let Some(i) = self.probe_call(right)?
        {
            // `rc = os.system(cmd)`, `rc = subprocess.call([...])`: the exit status itself.
            let callee = self.callee(right);
            if callee.ends_with(".connect_ex") {
                self.vars.insert(name, Val::Attr(i, "connect_ex".into()));
                return Ok(());
            }
            let status = matches!(callee.as_str(), "os.system" | "subprocess.call");
            let v = if status {
                Val::Attr(i, "returncode".into())
            } else {
                Val::Probe(i)
            };
            self.vars.insert(name, v);
            return Ok(());
        }
        // `cur = conn.cursor()`: the connection's login, queried through it.
        if let Some(i) = self.cursor_of_login(right) {
            self.vars.insert(name, Val::Probe(i));
            return Ok(());
        }
        // `row = cur.fetchone()`: what a query any login answers returned (the query itself
        // was read where the script sent it), which only a report may show.
        if self.fetched_answer(right) && !self.read_in_part(right, &name) {
            self.vars.insert(name, Val::Answer);
            return Ok(());
        }
        if matches!(right.kind(), "attribute" | "call") {
            self.inline_probe(right)?;
        }
        if let Some((i, decoded)) = self.read_body(right) {
            // `body = r.read()`: the body's bytes (`b"UP" in body`, `body == b"ok"`,
            // `json.loads(body)`); `text = body.decode()`, `r.read().decode()`: its text.
            let attr = if decoded { "text" } else { "bytes" };
            self.vars.insert(name, Val::Attr(i, attr.into()));
            return Ok(());
        }
        if let Some(i) = self.method_on_probe(right)? {
            // `data = r.json()`: later tests on `data` read the response's body.
            let method = right
                .child_by_field_name("function")
                .and_then(|f| f.child_by_field_name("attribute"))
                .filter(|_| right.kind() == "call")
                .map(|a| self.text(a));
            let text = method == Some("decode");
            // `urlopen(url).read()`: the body's bytes, which have no status (of a response
            // no name holds: read nowhere else).
            let bytes = method == Some("read")
                && right
                    .child_by_field_name("arguments")
                    .is_some_and(|a| named(a).is_empty())
                && right
                    .child_by_field_name("function")
                    .and_then(|f| f.child_by_field_name("object"))
                    .is_some_and(|o| o.kind() == "call");
            // `r.json()`, `json.loads(r.text)`: a body that is not JSON raises.
            if method == Some("json") || self.is_call_to(right, &["json.loads", "json.load"]) {
                push_json_rule(&mut self.drafts[i], "$", "exists", Yaml::Bool(true));
            }
            self.vars.insert(
                name,
                if text {
                    Val::Attr(i, "text".into())
                } else if bytes {
                    Val::Attr(i, "bytes".into())
                } else {
                    Val::Probe(i)
                },
            );
            return Ok(());
        }
        if let Some(v) = self.path_value(right) {
            // `hb = Path("/tmp/hb")`, `age = time.time() - hb.stat().st_mtime`
            self.vars.insert(name, v);
            return Ok(());
        }
        if let Some((i, path)) = self.json_path(right)
            && !path.is_empty()
        {
            // `status = data["status"]`: a later test reads the body there.
            let strict = self.strict_json(right);
            if strict {
                push_json_rule(&mut self.drafts[i], &path, "exists", Yaml::Bool(true));
            }
            self.vars.insert(name, Val::Json(i, path, strict));
            return Ok(());
        }
        if let Some((i, path, default)) = self.json_get_or(right) {
            self.vars.insert(name, Val::JsonOr(i, path, default));
            return Ok(());
        }
        if let Some((i, attr)) = self.probe_attribute(right) {
            // `status = r.status`, `code = r.getcode()`: a later test reads the response.
            self.vars.insert(name, Val::Attr(i, attr));
            return Ok(());
        }
        if self.is_opener(right) {
            self.vars.insert(name, Val::Opener);
            return Ok(());
        }
        // `start = time.time()`, `deadline = time.monotonic() + 60`: what a loop measures.
        if let Some(clock @ (Val::Clock(_) | Val::LateClock(_))) = self.clock(right) {
            // A clock read anew is a new one for the loops that measure from it.
            self.clocks_used.borrow_mut().remove(&name);
            self.clock_bound_at.insert(name.clone(), self.drafts.len());
            self.vars.insert(name, clock);
            return Ok(());
        }
        if let Some(client) = self.redis_client(right)? {
            self.vars.insert(name, Val::Redis(client));
            return Ok(());
        }
        if let Some(client) = self.mongo_client(right)? {
            self.vars.insert(name, Val::Mongo(client));
            return Ok(());
        }
        if self.tcp_socket(right)? {
            self.bind_socket(name);
            return Ok(());
        }
        if self.is_call_to(
            right,
            &[
                "urllib.request.Request",
                "six.moves.urllib.request.Request",
                "urllib2.Request",
            ],
        ) {
            let request = self.request(right)?;
            self.vars.insert(name, request);
            return Ok(());
        }
        // `url = os.environ.get("URL") or "http://localhost"`: text, not a test.
        if let Some(t) = self.env_or(right) {
            self.numbers.remove(&name);
            self.vars.insert(name, Val::Text(t));
            return Ok(());
        }
        // `ok = (status == 200)`: the test inside.
        let mut right = right;
        while right.kind() == "parenthesized_expression"
            && let [inner] = named(right).as_slice()
        {
            right = *inner;
        }
        if matches!(
            right.kind(),
            "comparison_operator" | "boolean_operator" | "not_operator"
        ) || self.all_or_any(right).is_some()
        {
            // Kept as its text, a test that reads its own name (`ok = ok and r.ok`) would
            // read itself again when tested.
            let mut own = false;
            walk(right, &mut |n| {
                own |= n.kind() == "identifier" && self.text(n) == name
            });
            if own {
                return Err(format!(
                    "line {}: `{name}` is computed from itself",
                    self.line(right)
                ));
            }
            // A name the script sets only further on raises `NameError` here.
            if let Some(later) = self.set_only_later(right) {
                return Err(format!(
                    "line {}: `{later}` is read before the script sets it",
                    self.line(right)
                ));
            }
            // The test is evaluated here: a key of a response's JSON it reads by subscript
            // must be there (`KeyError`), whatever later reads the name.
            if !self.require_json_reads(right, false) {
                return Err(format!(
                    "line {}: a test that reads a key of the answer only where another part of it holds",
                    self.line(right)
                ));
            }
            self.vars
                .insert(name, Val::Condition(right.start_byte(), right.end_byte()));
            return Ok(());
        }
        match self.value_any(right) {
            Ok(v) => {
                self.vars.insert(name, v);
                Ok(())
            }
            Err(_) if right.kind() == "call" && self.is_harmless_call(right) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// A name `n` reads that is not set yet on the way the reading follows, and that an
    /// assignment after `n` sets.
    fn set_only_later(&self, n: Node) -> Option<String> {
        let root = self.root?;
        let mut read = Vec::new();
        walk(n, &mut |x| {
            let plain = x.kind() == "identifier"
                && !x.parent().is_some_and(|p| {
                    (p.kind() == "attribute" && p.child_by_field_name("attribute") == Some(x))
                        || (p.kind() == "keyword_argument"
                            && p.child_by_field_name("name") == Some(x))
                });
            if plain && !self.vars.contains_key(self.text(x)) {
                read.push(self.text(x).to_string());
            }
        });
        let mut later = None;
        walk(root, &mut |x| {
            if later.is_none()
                && x.kind() == "assignment"
                && x.start_byte() >= n.end_byte()
                && let Some(left) = x.child_by_field_name("left")
                && left.kind() == "identifier"
                && read.iter().any(|r| r == self.text(left))
            {
                later = Some(self.text(left).to_string());
            }
        });
        later
    }

    /// Whether the script may give a builtin's name another meaning: a `def` or `class` of it
    /// at any depth, any other use of the name than a call of it (an assignment, a
    /// parameter, `import … as`), or a `from … import *`.
    fn rebinds_builtin(&self, name: &str) -> bool {
        let Some(root) = self.root else {
            return true;
        };
        let mut rebound = false;
        walk(root, &mut |n| {
            rebound |= match n.kind() {
                "wildcard_import" => true,
                "function_definition" | "class_definition" => n
                    .child_by_field_name("name")
                    .is_some_and(|x| self.text(x) == name),
                "identifier" if self.text(n) == name => !n.parent().is_some_and(|p| {
                    p.kind() == "call" && p.child_by_field_name("function") == Some(n)
                }),
                _ => false,
            };
        });
        rebound
    }

    /// `all([a, b, …])` (`true`) or `any((a, b, …))` (`false`) of a list or tuple written out,
    /// each item a name, a test, or a call of one of the script's checks (`all([check_db(),
    /// check_api()])` makes every call where `and` stops at the first false one, as the
    /// suite runs every probe): the items, which hold together as `a and b` or `a or b` do.
    fn all_or_any(&self, n: Node<'a>) -> Option<(bool, Vec<Node<'a>>)> {
        if n.kind() != "call" {
            return None;
        }
        let every = match self.callee(n).as_str() {
            "all" => true,
            "any" => false,
            _ => return None,
        };
        if self.rebinds_builtin(if every { "all" } else { "any" }) {
            return None;
        }
        let [list] = named(n.child_by_field_name("arguments")?)[..] else {
            return None;
        };
        if !matches!(list.kind(), "list" | "tuple") {
            return None;
        }
        let items = named(list);
        let plain = |item: &Node| {
            if self.is_predicate_call(*item) {
                return true;
            }
            let mut calls = false;
            walk(*item, &mut |x| calls |= x.kind() == "call");
            !calls && item.kind() != "list_splat"
        };
        (!items.is_empty() && items.iter().all(plain)).then_some((every, items))
    }

    /// A call to a predicate function of the script ([`Self::predicate_function`]) that says
    /// so by what it returns: a test, or `True`/`False` literally.
    fn is_predicate_call(&self, n: Node<'a>) -> bool {
        if n.kind() != "call" {
            return false;
        }
        let Some((func, _, returned)) = self.predicate_function(n) else {
            // `ok = wait_for_db()` of a function whose loop returns True on the attempt
            // that passes and False once they are spent.
            return self.verdict_function(n).is_some();
        };
        let body = func
            .child_by_field_name("body")
            .map_or("", |b| self.text(b));
        matches!(
            returned.kind(),
            "comparison_operator" | "not_operator" | "boolean_operator"
        ) || body.contains("return True")
            || body.contains("return False")
    }

    /// `name = CHECK(…)` or `name = name and X` (X a check, or a variable holding one), with
    /// `name` true before: the checks made here, `name` a verdict the script must test as
    /// passing. `false` for another assignment.
    fn verdict(&mut self, name: &str, right: Node<'a>) -> Result<bool, Unsupported> {
        let line = self.line(right);
        let checks: Vec<Node<'a>> = if self.is_predicate_call(right) {
            // (`ok = check_db()` then `ok = check_api()`: the first result is thrown away.)
            self.rebinding(name, right)?;
            vec![right]
        } else if let Some(kept) = self.all_of_verdicts(right) {
            // `healthy = all(results.values())`: read into `healthy`, whose test is theirs.
            self.rebinding(name, right)?;
            self.verdicts.retain(|(n, _)| *n != kept);
            self.record_verdict(name, line);
            return Ok(true);
        } else if right.kind() == "boolean_operator"
            && right
                .child_by_field_name("operator")
                .is_some_and(|o| self.text(o) == "and")
        {
            let (Some(l), Some(r)) = (
                right.child_by_field_name("left"),
                right.child_by_field_name("right"),
            ) else {
                return Ok(false);
            };
            // The accumulator on either side, true so far (`True`, or checks that passed).
            let other = match (self.text(l) == name, self.text(r) == name) {
                (true, false) => r,
                (false, true) => l,
                _ => return Ok(false),
            };
            let so_far = self.true_so_far(name);
            if !so_far || !self.is_check_result(other) {
                return Ok(false);
            }
            vec![other]
        } else {
            return Ok(false);
        };
        for c in checks {
            if c.kind() == "identifier" {
                // Read into the accumulator: its test is the accumulator's.
                let read = self.text(c);
                self.verdicts.retain(|(n, _)| n != read);
            } else {
                self.requirement(c, true, right)?;
            }
        }
        self.record_verdict(name, line);
        Ok(true)
    }

    /// A call of one of the script's checks, or a name holding the verdict of one
    /// ([`Val::Verdict`]).
    fn is_check_result(&self, n: Node<'a>) -> bool {
        self.is_predicate_call(n)
            || (n.kind() == "identifier"
                && matches!(self.vars.get(self.text(n)), Some(Val::Verdict)))
    }

    /// `name` now holds the verdict of checks made at `line`, which the script must test as
    /// passing (in place of what it held before).
    fn record_verdict(&mut self, name: &str, line: usize) {
        if let Some(k) = self.verdicts.iter().position(|(n, _)| n == name) {
            self.verdicts.remove(k);
        }
        self.vars.insert(name.to_string(), Val::Verdict);
        self.verdicts.push((name.to_string(), line));
    }

    /// `results = [check_db(), check_api()]` (a list or a tuple), `results = {"db":
    /// check_db(), "api": check_api()}`: each item a call of one of the script's checks or a
    /// verdict already kept, made here, `results` a [`Val::Verdicts`]. `false` for another
    /// assignment.
    fn verdicts_together(&mut self, name: &str, right: Node<'a>) -> Result<bool, Unsupported> {
        let mut keys = Vec::new();
        let dict = match right.kind() {
            "list" | "tuple" => false,
            "dictionary" => true,
            _ => return Ok(false),
        };
        let mut items = Vec::new();
        for item in named(right) {
            let value = if dict {
                let (Some(key), Some(value)) = (
                    item.child_by_field_name("key"),
                    item.child_by_field_name("value"),
                ) else {
                    return Ok(false);
                };
                // Keys the same for every run, each once: a key written again replaces the
                // value, which the suite would still require.
                let Some(k) = (item.kind() == "pair" && key.kind() == "string")
                    .then(|| self.string(key).and_then(|t| t.as_literal()))
                    .flatten()
                else {
                    return Ok(false);
                };
                if keys.contains(&k) {
                    return Ok(false);
                }
                keys.push(k);
                value
            } else {
                item
            };
            if !self.is_check_result(value) {
                return Ok(false);
            }
            items.push(value);
        }
        if items.is_empty() {
            return Ok(false);
        }
        self.rebinding(name, right)?;
        for item in items {
            self.put_verdict(item, right)?;
        }
        self.record_verdict(name, self.line(right));
        self.vars
            .insert(name.to_string(), Val::Verdicts(dict.then_some(keys)));
        Ok(true)
    }

    /// A check's result put with others ([`Val::Verdicts`]): the check made here, or a verdict
    /// read into them.
    fn put_verdict(&mut self, item: Node<'a>, at: Node<'a>) -> Result<(), Unsupported> {
        if item.kind() == "identifier" {
            let read = self.text(item);
            self.verdicts.retain(|(n, _)| n != read);
            Ok(())
        } else {
            self.requirement(item, true, at)
        }
    }

    /// `results.append(check_db())` to a list the script wrote empty or keeps checks' results
    /// in, `results["db"] = check_db()` to such a dict: the check made here. `false` for
    /// anything else.
    fn put_into_verdicts(
        &mut self,
        base: Node<'a>,
        key: Option<String>,
        item: Node<'a>,
        at: Node<'a>,
    ) -> Result<bool, Unsupported> {
        let name = self.text(base).to_string();
        let mut keys = match (self.vars.get(&name), &key) {
            (Some(Val::Verdicts(None)), None) => None,
            (Some(Val::List(items)), None) if items.is_empty() => None,
            (Some(Val::Verdicts(Some(keys))), Some(k)) if !keys.contains(k) => Some(keys.clone()),
            (Some(Val::Dict(entries)), Some(_)) if entries.is_empty() => Some(Vec::new()),
            _ => return Ok(false),
        };
        if base.kind() != "identifier" || !self.is_check_result(item) {
            return Ok(false);
        }
        self.put_verdict(item, at)?;
        self.record_verdict(&name, self.line(at));
        if let (Some(keys), Some(k)) = (&mut keys, key) {
            keys.push(k);
        }
        self.vars.insert(name, Val::Verdicts(keys));
        Ok(true)
    }

    /// `all(results)` of a list of checks' results, `all(results.values())` of a dict of them
    /// ([`Val::Verdicts`]): the name that keeps them.
    fn all_of_verdicts(&self, n: Node<'a>) -> Option<String> {
        if n.kind() != "call" || self.callee(n) != "all" || self.rebinds_builtin("all") {
            return None;
        }
        let [arg] = named(n.child_by_field_name("arguments")?)[..] else {
            return None;
        };
        let (base, dict) = if arg.kind() == "call" {
            let f = arg.child_by_field_name("function")?;
            if f.kind() != "attribute"
                || f.child_by_field_name("attribute").map(|a| self.text(a)) != Some("values")
                || !named(arg.child_by_field_name("arguments")?).is_empty()
            {
                return None;
            }
            (f.child_by_field_name("object")?, true)
        } else {
            (arg, false)
        };
        (base.kind() == "identifier"
            && matches!(self.vars.get(self.text(base)), Some(Val::Verdicts(keys)) if keys.is_some() == dict))
        .then(|| self.text(base).to_string())
    }

    /// `ok &= CHECK(…)` with `ok` true so far ([`Self::true_so_far`]) and CHECK a predicate
    /// function of the script that returns a bool on every way out and never falls off its end
    /// (`True & None` raises): the check made here, `ok` a verdict as after `ok = ok and
    /// CHECK(…)`. `false` for another augmented assignment.
    fn and_into_verdict(&mut self, e: Node<'a>) -> Result<bool, Unsupported> {
        let (Some(left), Some(right), Some(op)) = (
            e.child_by_field_name("left"),
            e.child_by_field_name("right"),
            e.child_by_field_name("operator"),
        ) else {
            return Ok(false);
        };
        let name = self.text(left).to_string();
        if self.text(op) != "&="
            || left.kind() != "identifier"
            || !self.true_so_far(&name)
            || !self.is_predicate_call(right)
        {
            return Ok(false);
        }
        // Every `return` a bool (`True & "up"` raises too).
        let body = self
            .functions
            .get(self.text(right.child_by_field_name("function").ok_or("a call")?))
            .and_then(|f| f.child_by_field_name("body"));
        let Some(body) = body else { return Ok(false) };
        let ends_in_return = never_falls_off(body);
        let mut bools = true;
        walk(body, &mut |n| {
            if n.kind() == "return_statement" {
                bools &= named(n).first().is_some_and(|v| {
                    matches!(
                        v.kind(),
                        "true" | "false" | "comparison_operator" | "not_operator"
                    )
                });
            }
        });
        if !ends_in_return || !bools {
            return Ok(false);
        }
        self.requirement(right, true, right)?;
        self.record_verdict(&name, self.line(e));
        Ok(true)
    }

    /// The statuses of probe `i` narrowed to those where `inside` is `holds` (and to any the
    /// probe already requires).
    fn status_within(&mut self, i: usize, inside: impl Fn(u16) -> bool, holds: bool) -> Option<()> {
        let mut ranges: Vec<(u16, u16)> = Vec::new();
        for c in 100u16..=599 {
            if inside(c) == holds {
                match ranges.last_mut() {
                    Some((_, hi)) if *hi + 1 == c => *hi = c,
                    _ => ranges.push((c, c)),
                }
            }
        }
        let d = &mut self.drafts[i];
        if let Some((_, y)) = d.expect.iter().find(|(k, _)| k == "status") {
            ranges = super::formula::intersect(&ranges, &super::formula::yaml_ranges(y)?);
        }
        let yaml = super::formula::status_yaml(&ranges)?;
        set_expect(d, "status", yaml);
        Some(())
    }

    /// Whether `name` is a flag true so far: `True`, or checks that passed
    /// ([`Val::Verdict`]).
    fn true_so_far(&self, name: &str) -> bool {
        match self.vars.get(name) {
            Some(Val::Text(t)) => t.as_literal().as_deref() == Some("True"),
            Some(Val::Verdict) => true,
            _ => false,
        }
    }

    /// A block that only reports and marks a failure in the script's own tally (`ok = False`
    /// with `ok` true so far, `errors += 1` from 0, `failed.append(x)` to `[]`): the names it
    /// marks. `None` for any other block.
    fn marks(&self, block: Node) -> Option<Vec<String>> {
        let mut marked = Vec::new();
        for st in named(block) {
            if st.kind() == "comment" {
                continue;
            }
            if let Some(name) = self.mark(st) {
                marked.push(name);
            } else if !self.is_inert_statement(st) {
                return None;
            }
        }
        (!marked.is_empty()).then_some(marked)
    }

    /// The name a statement marks a failure in, if it is such a statement.
    fn mark(&self, st: Node) -> Option<String> {
        let e = (st.kind() == "expression_statement")
            .then(|| named(st).first().copied())
            .flatten()
            .unwrap_or(st);
        let count_so_far = |name: &str| {
            matches!(self.vars.get(name), Some(Val::Tally))
                || matches!(self.vars.get(name), Some(Val::Num(n)) if *n == 0.0)
        };
        let list_so_far = |name: &str| {
            matches!(self.vars.get(name), Some(Val::Tally))
                || matches!(self.vars.get(name), Some(Val::List(items)) if items.is_empty())
        };
        match e.kind() {
            "assignment" => {
                let left = e.child_by_field_name("left")?;
                let right = e.child_by_field_name("right")?;
                let name = self.text(left);
                if left.kind() != "identifier" {
                    return None;
                }
                // `ok = False`
                if right.kind() == "false" && self.true_so_far(name) {
                    return Some(name.to_string());
                }
                // `failed = True` from `failed = False`; `result = 2` from `result = 0` (the
                // same status wherever it is raised, `sys.exit(result)` exiting with it).
                let code = match right.kind() {
                    "true" => 1,
                    "integer" => self
                        .text(right)
                        .parse::<i64>()
                        .ok()
                        .filter(|c| (1..=255).contains(c))?,
                    _ => 0,
                };
                if code > 0 {
                    let unmarked = match self.vars.get(name) {
                        Some(Val::Text(t)) => {
                            right.kind() == "true" && t.as_literal().as_deref() == Some("False")
                        }
                        Some(Val::Num(n)) => right.kind() == "integer" && *n == 0.0,
                        _ => false,
                    };
                    let mut codes = self.tally_codes.borrow_mut();
                    let again = matches!(self.vars.get(name), Some(Val::Tally))
                        && codes.get(name) == Some(&code);
                    if unmarked || again {
                        codes.insert(name.to_string(), code);
                        return Some(name.to_string());
                    }
                    return None;
                }
                // `errors = errors + 1`
                let sum = self.text(right).replace(' ', "");
                (sum == format!("{name}+1") && count_so_far(name)).then(|| name.to_string())
            }
            "augmented_assignment" => {
                let left = e.child_by_field_name("left")?;
                let right = e.child_by_field_name("right")?;
                let op = e.child_by_field_name("operator").map(|o| self.text(o));
                let name = self.text(left);
                let positive = right.kind() == "integer"
                    && self.text(right).parse::<i64>().is_ok_and(|n| n > 0);
                (left.kind() == "identifier" && op == Some("+=") && positive && count_so_far(name))
                    .then(|| name.to_string())
            }
            // `failed.append(url)`, of what cannot raise.
            "call" => {
                let f = e.child_by_field_name("function")?;
                let object = f.child_by_field_name("object")?;
                let method = f.child_by_field_name("attribute")?;
                let args = named(e.child_by_field_name("arguments")?);
                (f.kind() == "attribute"
                    && object.kind() == "identifier"
                    && self.text(method) == "append"
                    && args.len() == 1
                    && self.cannot_raise(args[0])
                    && list_so_far(self.text(object)))
                .then(|| self.text(object).to_string())
            }
            _ => None,
        }
    }

    /// Marks failures in `names` (see [`Self::marks`]): each now a verdict the script must
    /// test as clean.
    fn apply_marks(&mut self, names: &[String], at: Node) {
        let line = self.line(at);
        for name in names {
            // `ok = False` on a flag true so far: a verdict that must stay true. (`failed =
            // True` on one false so far is a tally that must stay empty.)
            let flag = self.true_so_far(name);
            self.vars
                .insert(name.clone(), if flag { Val::Verdict } else { Val::Tally });
            if !self.verdicts.iter().any(|(n, _)| n == name) {
                self.verdicts.push((name.clone(), line));
            }
        }
    }

    /// `name` is bound anew: an error where it held a check's result the script has not
    /// tested (the suite would require what the script threw away).
    fn rebinding(&mut self, name: &str, at: Node) -> Result<(), Unsupported> {
        match self.verdicts.iter().find(|(n, _)| n == name) {
            Some((_, line)) => Err(format!(
                "line {}: `{name}` is bound again before the check of line {line} is tested",
                self.line(at)
            )),
            None => Ok(()),
        }
    }

    /// Whether `scope` binds `name`: an assignment to it, or a `with … as name`.
    fn bound_inside(&self, scope: Node, name: &str) -> bool {
        let mut found = false;
        walk(scope, &mut |n| {
            let target = match n.kind() {
                "assignment" => n.child_by_field_name("left"),
                "as_pattern" => n.child_by_field_name("alias"),
                _ => None,
            };
            found |= target.is_some_and(|t| self.text(t) == name);
        });
        found
    }

    /// `while True: try: s.connect(a); s.close(); break` with `s` made before the loop and no
    /// timeout: a refused or failed connection leaves a blocking socket free to connect again
    /// (Linux), and the loop ends as soon as one is made. Only so when `s` appears nowhere else
    /// in the loop but that `close()`, and what follows the connection in its block cannot
    /// raise before the loop ends (a timeout would leave a connection under way, which the
    /// next try cannot make again).
    fn reconnects_safely(&self, round: Node, call: Node, object: &str) -> bool {
        let Some(stmt) = call.parent().filter(|p| p.kind() == "expression_statement") else {
            return false;
        };
        let Some(block) = stmt.parent() else {
            return false;
        };
        let stmts = named(block);
        let Some(at) = stmts.iter().position(|s| s.id() == stmt.id()) else {
            return false;
        };
        let close = format!("{object}.close()");
        let mut ends = false;
        let mut closes = 0;
        for s in &stmts[at + 1..] {
            if matches!(s.kind(), "break_statement" | "return_statement") {
                ends = true;
                break;
            }
            if self.text(*s).replace(' ', "") == close {
                closes += 1;
            } else if !self.is_inert_statement(*s) {
                return false;
            }
        }
        let mut uses = 0;
        walk(round, &mut |n| {
            if n.kind() == "identifier" && self.text(n) == object {
                uses += 1;
            }
        });
        ends && uses == 1 + closes
    }

    /// Whether `n` calls one of `names`.
    fn is_call_to(&self, n: Node, names: &[&str]) -> bool {
        n.kind() == "call" && names.contains(&self.callee(n).as_str())
    }

    /// `urllib.request.build_opener()` with no handler, or only `ProxyHandler({})`.
    fn is_opener(&self, n: Node) -> bool {
        if n.kind() != "call" {
            return false;
        }
        if !matches!(
            self.callee(n).as_str(),
            "urllib.request.build_opener" | "urllib2.build_opener"
        ) {
            return false;
        }
        n.child_by_field_name("arguments")
            .map(named)
            .unwrap_or_default()
            .iter()
            .all(|a| {
                let t: String = self.text(*a).split_whitespace().collect();
                t.ends_with("ProxyHandler({})")
            })
    }

    /// A report that adds to text a number (`"status " + r.status_code`, `"took " + r.elapsed`,
    /// `"n=" + len(items)`), which raises `TypeError` where the script reaches it, or a value
    /// looked up (`"v" + r.headers["X-Version"]`, `"s=" + data["status"]`, `"x" +
    /// d.get("x")`), which may be missing (`KeyError`) or not text.
    fn adds_to_text_what_may_fail(&self, call: Node) -> bool {
        let number = |n: Node| match n.kind() {
            "integer" | "float" => true,
            // (A key of the body joined to text is required to be text: [`Py::report_requires`].)
            "subscript" => {
                let headers = n.child_by_field_name("value").is_some_and(|b| {
                    b.kind() == "attribute"
                        && b.child_by_field_name("attribute")
                            .is_some_and(|a| self.text(a) == "headers")
                });
                let body = self.json_path(n).is_some_and(|(_, p)| !p.is_empty());
                headers || body && !self.strict_json(n)
            }
            "call" if self.callee(n).ends_with(".get") => true,
            "call" => matches!(
                self.callee(n).as_str(),
                "len" | "int" | "float" | "round" | "time.time" | "time.monotonic"
            ),
            "attribute" => n.child_by_field_name("attribute").is_some_and(|a| {
                matches!(
                    self.text(a),
                    "status_code" | "status" | "code" | "elapsed" | "returncode" | "ok"
                )
            }),
            "identifier" => {
                matches!(
                    self.vars.get(self.text(n)),
                    Some(Val::Num(_) | Val::Probe(_) | Val::Verdict)
                ) || matches!(
                    self.vars.get(self.text(n)),
                    Some(Val::Attr(_, a)) if matches!(a.as_str(), "status" | "code" | "status_code" | "returncode")
                )
            }
            _ => false,
        };
        let mut adds = false;
        walk(call, &mut |n| {
            if let Some((l, r)) = self.operands(n, "+") {
                adds |= (self.joins_text(l) && number(r)) || (number(l) && self.joins_text(r));
            }
        });
        adds
    }

    /// In `except … as e:`, a report that raises on the exception itself: `"failed: " + e`
    /// (`TypeError`: an exception is not text), `e.pgcode.lower()` (an attribute that may be
    /// `None`, or missing on another class of error).
    fn misuses_the_error(&self, call: Node) -> bool {
        let Some(caught) = self.caught_around(call) else {
            return false;
        };
        let is_caught = |n: Node| n.kind() == "identifier" && self.text(n) == caught;
        let mut misused = false;
        walk(call, &mut |n| match n.kind() {
            "binary_operator" => {
                misused |= self
                    .operands(n, "+")
                    .is_some_and(|(l, r)| is_caught(l) || is_caught(r));
            }
            // `e.pgcode.lower()`: a method of an attribute of the error.
            "call" => {
                misused |= n
                    .child_by_field_name("function")
                    .filter(|f| f.kind() == "attribute")
                    .and_then(|f| f.child_by_field_name("object"))
                    .filter(|o| o.kind() == "attribute")
                    .and_then(|o| o.child_by_field_name("object"))
                    .is_some_and(is_caught);
            }
            _ => {}
        });
        misused
    }

    /// `argparse.ArgumentParser(…)`, `parser.parse_args()`, `logging.…`, `print(…)`, writes to
    /// stdout and stderr: no verdict.
    fn is_harmless_call(&self, call: Node) -> bool {
        // `print(f"{(ok := True)}")`: a report that binds a name.
        let mut binds = false;
        walk(call, &mut |c| binds |= c.kind() == "named_expression");
        if binds {
            return false;
        }
        let f = self.callee(call);
        // `print(0 if urlopen(url).getcode() == 200 else 1)`: the report makes a request,
        // which fails the script when it raises; `print(os.environ["ONCALL"])` raises where
        // the variable is unset.
        // `print("ready" if wait_ready(url) else "not")`: a call of the script's own functions
        // in the report runs their checks (and exits).
        if self.is_report(&f)
            && (!self.requests_in(call).is_empty()
                || reads_missing(self.text(call))
                || self.misuses_the_error(call)
                || self.adds_to_text_what_may_fail(call)
                || self.formats_a_number_wrongly(call)
                || self.own_function_in(call).is_some())
        {
            return false;
        }
        // `parse_args()` reads the command line; `parse_args(argv)` what `argv` holds, the
        // command line only where the caller handed it `sys.argv[1:]`.
        let parses_the_command_line = || {
            call.child_by_field_name("arguments")
                .is_some_and(|a| match named(a).as_slice() {
                    [] => true,
                    [x] => {
                        x.kind() == "identifier"
                            && matches!(self.vars.get(self.text(*x)), Some(Val::Argv))
                    }
                    _ => false,
                })
        };
        f.starts_with("argparse.")
            || (f.ends_with(".parse_args") && parses_the_command_line())
            || f.ends_with(".add_argument")
            || f.ends_with(".add_option")
            || f.starts_with("optparse.")
            || f.ends_with(".add_argument_group")
            || f.ends_with(".add_mutually_exclusive_group")
            || f.starts_with("logging.")
            // A pause of a length probekit cannot read is not harmless: it spaces attempts.
            || (f.starts_with("time.")
                && (f != "time.sleep" || self.sleep_call_seconds(call).is_some()))
            || f == "print"
            || f.starts_with("log.")
            || f.starts_with("logger.")
            || f.starts_with("sys.stderr.write")
            || f.starts_with("sys.stdout.write")
            || f.ends_with("disable_warnings")
            || f == "sys.path.insert"
            || f == "sys.path.append"
            || f.ends_with(".setFormatter")
            || f.ends_with(".addHandler")
            || f.ends_with(".setLevel")
            || f == "warnings.filterwarnings"
            || self.makes_a_directory(call)
    }

    /// `os.makedirs(LOG_DIR, exist_ok=True)` (`Path(…).mkdir(parents=True, exist_ok=True)`):
    /// a directory made for the script's own files (its log), which exists afterwards whether
    /// it did before or not; the suite makes none (said where it stands).
    fn makes_a_directory(&self, call: Node) -> bool {
        let f = self.callee(call);
        if f != "os.makedirs" && !f.ends_with(".mkdir") {
            return false;
        }
        let keywords: Vec<String> = call
            .child_by_field_name("arguments")
            .map(named)
            .unwrap_or_default()
            .into_iter()
            .filter(|a| a.kind() == "keyword_argument")
            .map(|a| self.text(a).replace(' ', ""))
            .collect();
        let has = |k: &str| keywords.iter().any(|w| w == k);
        // (Not of a path written empty, which raises.)
        let empty_path = call
            .child_by_field_name("arguments")
            .map(named)
            .and_then(|a| a.first().copied())
            .and_then(|p| self.value(p).ok())
            .and_then(|t| t.as_literal())
            .is_some_and(|p| p.is_empty());
        !empty_path
            && ((f == "os.makedirs" && has("exist_ok=True"))
                || (f.ends_with(".mkdir") && has("exist_ok=True") && has("parents=True")))
    }

    /// `print(data["status"])`: a report that reads the body's JSON where a missing key
    /// raises requires the key, as the script does by failing there (not what it reads only
    /// sometimes: behind `if … else`, `and`, `or`, a lambda or a comprehension).
    fn report_requires(&mut self, call: Node) {
        let mut found = Vec::new();
        // `"status: " + data["status"]`: a key joined to text, which must be text.
        let mut texts = Vec::new();
        let mut objects: Vec<(usize, String)> = Vec::new();
        let mut stack = vec![call];
        while let Some(n) = stack.pop() {
            if let Some((l, r)) = self.operands(n, "+") {
                for (a, b) in [(l, r), (r, l)] {
                    if a.kind() == "subscript"
                        && self.joins_text(b)
                        && self.strict_json(a)
                        && let Some((i, path)) = self.json_path(a)
                        && !path.is_empty()
                    {
                        texts.push((i, path));
                    }
                }
            }
            if n.kind() == "subscript"
                && self.strict_json(n)
                && let Some((i, path)) = self.json_path(n)
                && !path.is_empty()
            {
                found.push((i, path));
                continue;
            }
            // `print(data.get("score"))`: `.get` of what is not an object raises.
            if n.kind() == "call"
                && let Some(f) = n.child_by_field_name("function")
                && f.kind() == "attribute"
                && f.child_by_field_name("attribute")
                    .is_some_and(|a| self.text(a) == "get")
                && let Some((i, path)) = f
                    .child_by_field_name("object")
                    .and_then(|o| self.json_path(o))
            {
                objects.push((i, if path.is_empty() { "$".into() } else { path }));
            }
            // `print(r.json())`: a body that is not JSON raises.
            if n.kind() == "call"
                && n.child_by_field_name("function").is_some_and(|f| {
                    f.kind() == "attribute"
                        && f.child_by_field_name("attribute")
                            .is_some_and(|a| self.text(a) == "json")
                })
                && let Ok(Some(i)) = self.method_on_probe(n)
            {
                found.push((i, "$".into()));
                continue;
            }
            if matches!(
                n.kind(),
                "conditional_expression"
                    | "boolean_operator"
                    | "lambda"
                    | "list_comprehension"
                    | "generator_expression"
                    | "dictionary_comprehension"
                    | "set_comprehension"
            ) {
                continue;
            }
            stack.extend(named(n));
        }
        for (i, path) in found {
            push_json_rule(&mut self.drafts[i], &path, "exists", Yaml::Bool(true));
        }
        for (i, path) in texts {
            push_json_rule(&mut self.drafts[i], &path, "type", Yaml::str("string"));
        }
        for (i, path) in objects {
            push_json_rule(&mut self.drafts[i], &path, "type", Yaml::str("object"));
        }
    }

    /// A call that only reports: `print`, a logger, a write to stdout or stderr.
    fn is_report(&self, f: &str) -> bool {
        reports(f)
    }

    /// The calls under `n` that make a request or a connection, and whether each is made
    /// whatever else happens (not behind `if … else`, `and`, `or`, a lambda or a comprehension).
    fn requests_in(&self, n: Node<'a>) -> Vec<(Node<'a>, bool)> {
        let mut out = Vec::new();
        let mut stack = vec![(n, true)];
        while let Some((x, sure)) = stack.pop() {
            if x.kind() == "call" && x.id() != n.id() {
                // `print(r.ping())`, `print(client.server_info())`: a database's answer
                // printed (a call probekit cannot read as a client's is refused after).
                if is_request_call(&self.callee(x)) {
                    out.push((x, sure));
                }
            }
            for (i, c) in named(x).into_iter().enumerate() {
                let sure = sure
                    && match x.kind() {
                        "conditional_expression" => i == 1,
                        "boolean_operator" => i == 0,
                        "lambda"
                        | "list_comprehension"
                        | "generator_expression"
                        | "dictionary_comprehension"
                        | "set_comprehension" => false,
                        _ => true,
                    };
                stack.push((c, sure));
            }
        }
        out.sort_by_key(|(c, _)| c.start_byte());
        out
    }

    fn call_statement(&mut self, call: Node<'a>) -> Result<Flow, Unsupported> {
        let f = self.callee(call);
        // `results.append(check_db())`: a check's result put with others.
        if let Some(function) = call.child_by_field_name("function")
            && function.kind() == "attribute"
            && function
                .child_by_field_name("attribute")
                .map(|m| self.text(m))
                == Some("append")
            && let Some(base) = function.child_by_field_name("object")
            && let Some([item]) = call.child_by_field_name("arguments").map(named).as_deref()
            && self.put_into_verdicts(base, None, *item, call)?
        {
            return Ok(Flow::Continue);
        }
        if self.is_report(&f) {
            // What the report says is output; the requests it makes are checks.
            for (request, sure) in self.requests_in(call) {
                if !sure {
                    return Err(format!(
                        "line {}: a request a report makes only sometimes",
                        self.line(request)
                    ));
                }
                if self.probe_call(request)?.is_none() {
                    return Err(format!(
                        "line {}: a request probekit cannot read",
                        self.line(request)
                    ));
                }
            }
        }
        // `print("up" if wait_ready(url) else "down")`: the report runs the script's own
        // function, its checks and its exits, which output alone would drop.
        if self.is_report(&f)
            && let Some(name) = self.own_function_in(call)
        {
            return Err(format!(
                "line {}: a report that calls `{name}`, a function of the script",
                self.line(call)
            ));
        }
        // `print("paging", os.environ["ONCALL"])`: the report fails the script where the
        // variable (or the argument) is missing, which no probe of the suite says.
        if self.is_report(&f) && reads_missing(self.text(call)) {
            return Err(format!(
                "line {}: a report that reads `os.environ[…]`, which fails the script where the variable is unset",
                self.line(call)
            ));
        }
        // `"{} answered {} {}".format(url, code)`: text that raises, not a report.
        if self.is_report(&f) && self.formats_wrongly(call) {
            return Err(format!(
                "line {}: a report whose `str.format` fields and values do not match, which raises",
                self.line(call)
            ));
        }
        if self.is_report(&f) && self.formats_a_number_wrongly(call) {
            return Err(format!(
                "line {}: a report whose format fields may not take the values given (a number's field, a width of None), which raises",
                self.line(call)
            ));
        }
        if self.is_report(&f)
            && let Some(name) = self.unbound_name_in(call)
        {
            return Err(format!(
                "line {}: a report that reads `{name}`, which the script never sets (NameError)",
                self.line(call)
            ));
        }
        if self.is_report(&f) && self.adds_to_text_what_may_fail(call) {
            return Err(format!(
                "line {}: a report that adds a number or a looked-up value to text, which may raise where the script reaches it",
                self.line(call)
            ));
        }
        if self.is_harmless_call(call) || self.is_report(&f) {
            if self.is_report(&f) {
                self.report_requires(call);
            }
            if self.makes_a_directory(call) {
                self.warnings.push(Warning {
                    line: self.line(call),
                    message: format!(
                        "`{}` makes a directory for the script's own files, which the suite does not: where it cannot (a read-only file system, no permission) the script fails there",
                        self.text(call)
                    ),
                });
            }
            // `time.sleep(10)` before anything is checked (a start-up grace): the suite checks
            // at once, which the user should know where the target is still starting.
            if f == "time.sleep"
                && self.drafts.is_empty()
                && !self.in_wait
                && !self.in_attempt
                && self.counter.is_none()
                && self.sleep_call_seconds(call).is_some()
                && !self
                    .warnings
                    .iter()
                    .any(|w| w.message.contains("before the checks"))
            {
                self.warnings.push(Warning {
                    line: self.line(call),
                    message: format!(
                        "`{}` before the checks is not converted: the suite checks at once",
                        self.text(call)
                    ),
                });
            }
            return Ok(Flow::Continue);
        }
        // `os.chdir(ROOT)`, ROOT found from the script's own path, at the module's top: left
        // out where no probe depends on the directory ([`Py::own_dir`]).
        if f == "os.chdir"
            && self.own_dir.is_none()
            && call
                .parent()
                .and_then(|s| s.parent())
                .is_some_and(|m| m.kind() == "module")
            && let [dir] = named(call.child_by_field_name("arguments").ok_or("a call")?)[..]
            && self.own_path(dir)
        {
            self.own_dir = Some(self.line(call));
            return Ok(Flow::Continue);
        }
        // `load_dotenv()`: variables from a `.env` file, where the environment has none of
        // them; the suite reads the environment alone.
        // (`load_dotenv(os.environ["ENV_FILE"])` raises where the variable is unset.)
        if loads_dotenv(&f) && !self.text(call).contains("environ[") {
            self.warnings.push(Warning {
                line: self.line(call),
                message: "the script reads a `.env` file into its environment where a variable is not set; the suite reads the environment alone: set the file's variables where the suite runs".into(),
            });
            return Ok(Flow::Continue);
        }
        if matches!(
            f.as_str(),
            "sys.exit" | "exit" | "SystemExit" | "os._exit" | "quit"
        ) {
            let arg = call
                .child_by_field_name("arguments")
                .and_then(|a| named(a).into_iter().next());
            // `sys.exit(r.returncode)`, `sys.exit(rc)` after `rc = os.system(…)`: the script
            // ends with the command's status, and passes when it does.
            if let Some((i, attr)) = arg.and_then(|a| self.probe_attribute(a))
                && attr == "returncode"
            {
                set_expect(&mut self.drafts[i], "exit_code", Yaml::Int(0));
                return Ok(Flow::Passed);
            }
            match arg {
                // `sys.exit(main())`: main's returns are the exit status.
                Some(arg) if arg.kind() == "call" => return self.call_statement_returning(arg),
                Some(arg) if arg.kind() == "conditional_expression" => {
                    return self.conditional_exit(arg);
                }
                // `sys.exit(not ok)`, `sys.exit(r.status != 200)`: `True` exits 1, `False` 0.
                // `sys.exit(result)` of a tally: 0 where nothing marked it, else its status
                // (in a Nagios plugin, 1 would be a WARNING, which passes: not read there).
                Some(arg)
                    if matches!(arg.kind(), "not_operator" | "comparison_operator")
                        || (arg.kind() == "identifier"
                            && matches!(
                                self.vars.get(self.text(arg)),
                                Some(Val::Condition(..) | Val::Verdict)
                            ))
                        || (arg.kind() == "identifier"
                            && matches!(self.vars.get(self.text(arg)), Some(Val::Tally))
                            && !super::fallback::nagios_plugin(self.src)) =>
                {
                    self.requirement(arg, false, call)?;
                    return Ok(Flow::Passed);
                }
                _ => {}
            }
            return match self.exit_value(call) {
                Some(0) => Ok(Flow::Passed),
                Some(_) => Err(format!(
                    "line {}: the script always fails here",
                    self.line(call)
                )),
                None => Err(format!(
                    "line {}: an exit status probekit cannot read",
                    self.line(call)
                )),
            };
        }
        if self.functions.contains_key(f.as_str()) {
            // `wait_for_db()` whose True or False nothing reads: its checks only warn.
            if !self.returns_exit && !self.in_wait && self.unread_verdict(call) {
                return Ok(Flow::Continue);
            }
            self.pending_returns_pass = !self.returns_exit
                && !self.in_wait
                && self.nothing_after()
                && self.ends_where_called(call);
            return self.call_function(call);
        }
        // `s.settimeout(3)` on a socket not yet connected: the probe's timeout.
        if let Some(object) = f.strip_suffix(".settimeout")
            && matches!(self.vars.get(object), Some(Val::Socket(_)))
        {
            let t = call
                .child_by_field_name("arguments")
                .and_then(|a| named(a).into_iter().next())
                .and_then(|t| self.duration(t))
                .ok_or_else(|| {
                    format!("line {}: a timeout probekit cannot read", self.line(call))
                })?;
            self.vars.insert(object.to_string(), Val::Socket(Some(t)));
            return Ok(Flow::Continue);
        }
        // `conn.request("GET", "/health", headers={…})` on an http.client connection: the
        // request its `getresponse()` answers.
        if let Some(object) = f.strip_suffix(".request")
            && matches!(self.vars.get(object), Some(Val::Connection { .. }))
        {
            let line = self.line(call);
            let (args, positional) = call_arguments(call);
            let [method, path] = positional.as_slice() else {
                return Err(format!("line {line}: a request probekit cannot read"));
            };
            let method = self
                .string(*method)
                .and_then(|m| m.as_literal())
                .ok_or_else(|| format!("line {line}: a method computed when the script runs"))?;
            let path = self.value(*path)?;
            let mut headers = Vec::new();
            for a in args.iter().filter(|a| a.kind() == "keyword_argument") {
                let key = a
                    .child_by_field_name("name")
                    .map(|k| self.text(k))
                    .unwrap_or("");
                match (key, a.child_by_field_name("value")) {
                    ("headers", Some(h)) => headers = self.headers(h, line)?,
                    _ => return Err(format!("line {line}: a request probekit cannot read")),
                }
            }
            if let Some(Val::Connection { request, .. }) = self.vars.get_mut(object) {
                *request = Some(PendingRequest {
                    method: method.to_uppercase(),
                    path,
                    headers,
                });
            }
            return Ok(Flow::Continue);
        }
        // `req.add_header("X-API-Key", key)` on a request not yet sent: one of its headers.
        if let Some(object) = f.strip_suffix(".add_header")
            && matches!(self.vars.get(object), Some(Val::Request { .. }))
        {
            let line = self.line(call);
            let args = call
                .child_by_field_name("arguments")
                .map(named)
                .unwrap_or_default();
            let [name, value] = args.as_slice() else {
                return Err(format!("line {line}: a header probekit cannot read"));
            };
            let (Some(name), Ok(value)) = (self.string(*name), self.value(*value)) else {
                return Err(format!("line {line}: a header probekit cannot read"));
            };
            let name = name.as_literal().ok_or_else(|| {
                format!("line {line}: a header name computed when the script runs")
            })?;
            if let Some(Val::Request { headers, .. }) = self.vars.get_mut(object) {
                // urllib capitalizes the name as it stores it; a second add replaces the first.
                headers.retain(|(k, _)| !k.eq_ignore_ascii_case(&name));
                headers.push((name, value));
            }
            return Ok(Flow::Continue);
        }
        // `socket.setdefaulttimeout(5)`, in the script's own order (not under a condition or
        // in a loop, where its being set would depend on the path).
        if f == "socket.setdefaulttimeout" {
            let line = self.line(call);
            let args = call
                .child_by_field_name("arguments")
                .map(named)
                .unwrap_or_default();
            let unconditional = std::iter::successors(call.parent(), |p| p.parent())
                .take_while(|p| !matches!(p.kind(), "function_definition" | "module"))
                .all(|p| matches!(p.kind(), "expression_statement" | "block"));
            match args.as_slice() {
                [t] if unconditional && self.text(*t) == "None" => self.socket_timeout = None,
                [t] if unconditional => {
                    let t = self
                        .duration(*t)
                        .ok_or_else(|| format!("line {line}: a timeout probekit cannot read"))?;
                    self.socket_timeout = Some(t);
                }
                _ => {
                    return Err(format!(
                        "line {line}: a default timeout set on some paths only"
                    ));
                }
            }
            return Ok(Flow::Continue);
        }
        // `r.raise_for_status()`, `requests.get(…).raise_for_status()`
        if f.ends_with(".raise_for_status") {
            let object = call
                .child_by_field_name("function")
                .and_then(|f| f.child_by_field_name("object"))
                .ok_or("raise_for_status")?;
            let i = match object.kind() {
                "call" => self.probe_call(object)?,
                _ => match self.vars.get(self.text(object)) {
                    Some(Val::Probe(i)) => Some(*i),
                    _ => None,
                },
            }
            .ok_or_else(|| {
                format!(
                    "line {}: raise_for_status on something else",
                    self.line(call)
                )
            })?;
            // httpx raises on anything but 2xx (a redirect it did not follow too).
            let statuses: &[&str] = if self.httpx.contains(&i) {
                &["2xx"]
            } else {
                &BELOW_400
            };
            set_expect(&mut self.drafts[i], "status", Yaml::statuses(statuses));
            return Ok(Flow::Continue);
        }
        // `cur.execute("SELECT 1")`, `conn.cursor().execute(…)`, `cur.fetchone()`: a query any
        // login answers, and reading its answer, check nothing beyond the login.
        if let Some((object, method)) = f.rsplit_once('.')
            && matches!(method, "execute" | "fetchone" | "fetchall")
            && let Some(target) = call
                .child_by_field_name("function")
                .and_then(|f| f.child_by_field_name("object"))
            && self
                .cursor_of_login(target)
                .or_else(|| match self.vars.get(object) {
                    Some(Val::Probe(i)) if self.drafts[*i].logs_in() => Some(*i),
                    _ => None,
                })
                .is_some()
        {
            let args = call
                .child_by_field_name("arguments")
                .map(named)
                .unwrap_or_default();
            let trivial = match (method, args.as_slice()) {
                ("execute", [sql]) => self.trivial_sql(*sql),
                ("execute", _) => false,
                (_, []) => true,
                _ => false,
            };
            if trivial {
                return Ok(Flow::Continue);
            }
        }
        // asyncpg's `await conn.fetchval("SELECT 1")` (`fetchrow`, `fetch`) on a connection
        // only asyncpg binds: a query any login answers, read and not looked at.
        if let Some((object, method)) = f.rsplit_once('.')
            && matches!(method, "fetchval" | "fetchrow" | "fetch")
            && matches!(self.vars.get(object), Some(Val::Probe(i)) if self.drafts[*i].logs_in())
            && self.bound_only_by(object, "asyncpg.connect")
            && !self.closed_before(object, call)
            && let Some([sql]) = call.child_by_field_name("arguments").map(named).as_deref()
            && self.trivial_sql(*sql)
        {
            return Ok(Flow::Continue);
        }
        // `s.shutdown(socket.SHUT_RDWR)` after `s.connect(…)`: the connection made is ended.
        if f.ends_with(".shutdown")
            && let Some(object) = call
                .child_by_field_name("function")
                .and_then(|f| f.child_by_field_name("object"))
            && matches!(self.vars.get(self.text(object)), Some(Val::Socket(_)))
        {
            return Ok(Flow::Continue);
        }
        // `socket.create_connection(…).close()`, `conn.close()`: what was opened is closed.
        if f.ends_with(".close")
            && let Some(object) = call
                .child_by_field_name("function")
                .and_then(|f| f.child_by_field_name("object"))
        {
            let opened = match object.kind() {
                "call" => self.probe_call(object)?.is_some(),
                // (A redis or MongoDB client's `close()` ends its pool, raising nothing.)
                _ => matches!(
                    self.vars.get(self.text(object)),
                    Some(Val::Probe(_) | Val::Socket(_) | Val::Mongo(_) | Val::Redis(_))
                ),
            };
            if opened {
                // A closed socket connects no more (`connect` raises): it is gone.
                let name = self.text(object).to_string();
                if matches!(self.vars.get(&name), Some(Val::Socket(_))) {
                    self.drop_socket(&name);
                }
                return Ok(Flow::Continue);
            }
        }
        if self.probe_call(call)?.is_some() {
            return Ok(Flow::Continue);
        }
        // `urlopen(url, timeout=2).read()`, `r.read()` alone: the body read whole and dropped,
        // as the probe reads it (a read that fails fails both).
        if let Some(response) = self.body_read_alone(call)
            && match response.kind() {
                "call" => self.probe_call(response)?,
                _ => match self.vars.get(self.text(response)) {
                    Some(Val::Probe(i)) => Some(*i),
                    _ => None,
                },
            }
            .is_some_and(|i| self.drafts[i].check_is_http())
        {
            return Ok(Flow::Continue);
        }
        Err(format!(
            "line {}: a call to `{f}` probekit does not read",
            self.line(call)
        ))
    }

    /// `X.read()`: the response `X` whose body it reads.
    fn body_read_alone(&self, call: Node<'a>) -> Option<Node<'a>> {
        let method = |c: Node<'a>| -> Option<(String, Node<'a>, Vec<Node<'a>>)> {
            let f = c
                .child_by_field_name("function")
                .filter(|f| c.kind() == "call" && f.kind() == "attribute")?;
            Some((
                self.text(f.child_by_field_name("attribute")?).to_string(),
                f.child_by_field_name("object")?,
                named(c.child_by_field_name("arguments")?),
            ))
        };
        // (Not `.decode()`: a body that is not UTF-8 raises there, which the probe's read
        // does not.)
        let (name, object, args) = method(call)?;
        (name == "read" && args.is_empty() && matches!(object.kind(), "call" | "identifier"))
            .then_some(object)
    }

    /// `sys.exit(0 if COND else 1)`, `return 0 if r.status == 200 else 1`: the script ends here,
    /// passing exactly when the branch that gives 0 is taken.
    fn conditional_exit(&mut self, e: Node<'a>) -> Result<Flow, Unsupported> {
        let parts = named(e);
        let line = self.line(e);
        let [a, cond, b] = parts.as_slice() else {
            return Err(format!("line {line}: an exit status probekit cannot read"));
        };
        match (self.exit_number(Some(*a)), self.exit_number(Some(*b))) {
            (Some(0), Some(x)) if x != 0 => self.requirement(*cond, true, e)?,
            (Some(x), Some(0)) if x != 0 => self.requirement(*cond, false, e)?,
            _ => return Err(format!("line {line}: an exit status probekit cannot read")),
        }
        Ok(Flow::Passed)
    }

    /// A function of the script, run with its parameters bound: the call's arguments, else
    /// the parameters' defaults (`def main(url=URL)` called as `main()`).
    fn call_function(&mut self, call: Node<'a>) -> Result<Flow, Unsupported> {
        let returns_exit = std::mem::take(&mut self.pending_returns_exit);
        let f = call
            .child_by_field_name("function")
            .map(|f| self.text(f).to_string())
            .unwrap_or_default();
        let func = self
            .functions
            .get(f.as_str())
            .copied()
            .ok_or_else(|| format!("the exit status comes from `{f}`"))?;
        if self.inlining.contains(&func.id()) {
            return Err(format!(
                "`{f}` calls itself: a loop written as recursion, which no statement read alone follows"
            ));
        }
        let returns_pass = std::mem::take(&mut self.pending_returns_pass);
        let saved = self.bind_parameters(func, call)?;
        let body = func.child_by_field_name("body").ok_or("a function")?;
        // A wait of its own, called before more of the script (`def wait(): while …: try:
        // connect(…); return …; raise SystemExit(…)`): its loop's `return` is read as the
        // `return` of a function called last, a pass, which here goes on after the call.
        let returns_to_caller = !returns_pass && !returns_exit && self.wait_function(body);
        let returns_pass = returns_pass || returns_to_caller;
        // The names the function binds are its own (but those it declares `global`): after the
        // call, the caller's are as they were.
        let locals: Vec<(String, Option<Val>)> = self
            .local_names(func)
            .into_iter()
            .map(|name| {
                let v = self.vars.get(&name).cloned();
                (name, v)
            })
            .collect();
        let outer = std::mem::replace(&mut self.returns_pass, returns_pass);
        let made = self.drafts.len();
        self.inlining.push(func.id());
        self.calls_read += 1;
        let outer_call = std::mem::replace(&mut self.call_id, self.calls_read);
        let outer_exit = std::mem::replace(&mut self.returns_exit, returns_exit);
        let outer_truth = std::mem::take(&mut self.returns_truth);
        let flow = self.block(body);
        self.returns_exit = outer_exit;
        self.returns_truth = outer_truth;
        self.call_id = outer_call;
        self.inlining.pop();
        self.returns_pass = outer;
        self.unbind(saved);
        self.unbind(locals);
        let flow = match flow {
            Ok(Flow::Passed) if returns_to_caller => Ok(Flow::Continue),
            other => other,
        };
        // A function its decorator calls again when it raises: each check it makes, tried
        // as often.
        if flow.is_ok()
            && let Some(retried) = self.retried.get(&f).cloned()
        {
            let line = self.line(call);
            for d in &mut self.drafts[made..] {
                let tried = match retried.until {
                    Some(until) if retried.attempts.is_none() && retried.every > 0.0 => {
                        d.wait = Some((
                            seconds(&until.to_string()),
                            seconds(&retried.every.to_string()),
                        ));
                        true
                    }
                    _ => d.tried(retried.attempts.unwrap_or(1), retried.every),
                };
                if !tried {
                    return Err(format!(
                        "line {line}: a retry decorator probekit cannot count"
                    ));
                }
            }
            if let Some(message) = retried.note {
                self.warnings.push(Warning { line, message });
            }
        }
        flow
    }

    /// The retry decorators over a function (tenacity's `@retry(stop=stop_after_attempt(5),
    /// wait=wait_fixed(2))`, retrying's `@retry(stop_max_attempt_number=5, wait_fixed=2000)`,
    /// `@backoff.on_exception(backoff.constant, Exc, max_tries=5, interval=2)`), as one count
    /// or time of tries and the pause between them; `None` for any other decorator, or values
    /// the script computes.
    fn retry_decorators(&self, n: Node) -> Option<Retried> {
        let decorators: Vec<Node> = named(n)
            .into_iter()
            .filter(|d| d.kind() == "decorator")
            .collect();
        let [decorator] = decorators.as_slice() else {
            return None;
        };
        let call = named(*decorator).into_iter().next()?;
        if call.kind() != "call" {
            return None;
        }
        let callee = self.callee(call);
        let (args, positional) = call_arguments(call);
        let src = self.src;
        let kw = |name: &str| keyword_arg(src, &args, name);
        let number = |n: Node| -> Option<f64> {
            self.value(n)
                .ok()?
                .as_literal()?
                .parse::<f64>()
                .ok()
                .filter(|v| *v >= 0.0)
        };
        // The one argument of `stop_after_attempt(5)`, `wait_fixed(2)`.
        let inner = |n: Node, names: &[&str]| -> Option<f64> {
            if n.kind() != "call" || !names.contains(&self.callee(n).as_str()) {
                return None;
            }
            let (a, p) = call_arguments(n);
            match (a.len(), p.as_slice()) {
                (1, [v]) => number(*v),
                _ => None,
            }
        };
        let keywords: Vec<&str> = args
            .iter()
            .filter(|a| a.kind() == "keyword_argument")
            .filter_map(|a| a.child_by_field_name("name").map(|k| self.text(k)))
            .collect();
        let mut r = Retried {
            attempts: None,
            every: 0.0,
            until: None,
            note: None,
        };
        match callee.as_str() {
            "tenacity.retry" if positional.is_empty() => {
                for k in &keywords {
                    match *k {
                        "stop" => {
                            let s = kw("stop")?;
                            if let Some(a) = inner(s, &["tenacity.stop_after_attempt"]) {
                                r.attempts = Some(a as i64);
                            } else {
                                r.until = Some(inner(s, &["tenacity.stop_after_delay"])?);
                            }
                        }
                        "wait" => r.every = inner(kw("wait")?, &["tenacity.wait_fixed"])?,
                        // Which failures are tried again, and what is logged or raised at
                        // the end: the checks' verdicts are the same.
                        "retry"
                        | "reraise"
                        | "before"
                        | "after"
                        | "before_sleep"
                        | "retry_error_callback" => {}
                        _ => return None,
                    }
                }
            }
            "retrying.retry" if positional.is_empty() => {
                for k in &keywords {
                    match *k {
                        "stop_max_attempt_number" => {
                            r.attempts = Some(number(kw(k)?)? as i64);
                        }
                        "stop_max_delay" => r.until = Some(number(kw(k)?)? / 1000.0),
                        "wait_fixed" => r.every = number(kw(k)?)? / 1000.0,
                        "retry_on_exception" | "retry_on_result" | "wrap_exception" => {}
                        _ => return None,
                    }
                }
            }
            "backoff.on_exception" => {
                let wait = self.qualified(*positional.first()?);
                for k in &keywords {
                    match *k {
                        "max_tries" => r.attempts = Some(number(kw(k)?)? as i64),
                        "max_time" => r.until = Some(number(kw(k)?)?),
                        "interval" if wait == "backoff.constant" => r.every = number(kw(k)?)?,
                        "jitter" | "giveup" | "on_backoff" | "on_giveup" | "raise_on_giveup"
                        | "logger" => {}
                        _ => return None,
                    }
                }
                match wait.as_str() {
                    // `interval` defaults to a second.
                    "backoff.constant" if !keywords.contains(&"interval") => r.every = 1.0,
                    "backoff.constant" => {}
                    "backoff.expo" | "backoff.fibo" => {
                        r.every = 1.0;
                        r.note = Some(
                            "backoff waits longer after each failure (with random jitter); the probe retries every second: where the service takes long to come up, raise `retries`"
                                .into(),
                        );
                    }
                    _ => return None,
                }
            }
            _ => return None,
        }
        // A count of tries, or a time with a pause to count by: a decorator that tries
        // forever is not read.
        if r.attempts.is_none() && (r.until.is_none() || r.every <= 0.0) {
            return None;
        }
        // Both a count and a time: the count, where it ends first.
        if let (Some(a), Some(t)) = (r.attempts, r.until)
            && r.every > 0.0
            && (a as f64 - 1.0) * r.every > t
        {
            r.attempts = None;
        }
        Some(r)
    }

    /// The names a function binds for itself: its parameters and [`Py::local_names`].
    fn own_names(&self, func: Node) -> BTreeSet<String> {
        let mut names = self.local_names(func);
        for p in func
            .child_by_field_name("parameters")
            .map(named)
            .unwrap_or_default()
        {
            let name = match p.kind() {
                "identifier" => Some(p),
                "default_parameter" | "typed_default_parameter" => p.child_by_field_name("name"),
                _ => named(p).into_iter().find(|c| c.kind() == "identifier"),
            };
            names.extend(name.map(|n| self.text(n).to_string()));
        }
        names
    }

    /// The names a function reads without binding them (not an attribute's name, nor a
    /// keyword's): Python looks them up where the function was defined, the module.
    fn free_names(&self, func: Node) -> BTreeSet<String> {
        let own = self.own_names(func);
        let mut free = BTreeSet::new();
        let Some(body) = func.child_by_field_name("body") else {
            return free;
        };
        walk(body, &mut |n| {
            let named_field = n.parent().is_some_and(|p| {
                (p.kind() == "attribute"
                    && p.child_by_field_name("attribute")
                        .is_some_and(|a| a.id() == n.id()))
                    || (p.kind() == "keyword_argument"
                        && p.child_by_field_name("name")
                            .is_some_and(|a| a.id() == n.id()))
            });
            if n.kind() == "identifier" && !named_field && !own.contains(self.text(n)) {
                free.insert(self.text(n).to_string());
            }
        });
        free
    }

    /// The names a function's body assigns (`x = …`, `x += …`, `for x in`, `as x`), without
    /// those it declares `global` or `nonlocal`, nor those of functions inside it.
    fn local_names(&self, func: Node) -> BTreeSet<String> {
        let mut bound = BTreeSet::new();
        let mut global = BTreeSet::new();
        let Some(body) = func.child_by_field_name("body") else {
            return bound;
        };
        let mut stack = named(body);
        while let Some(n) = stack.pop() {
            match n.kind() {
                "function_definition" | "class_definition" | "lambda" => continue,
                "global_statement" | "nonlocal_statement" => {
                    for c in named(n) {
                        global.insert(self.text(c).to_string());
                    }
                }
                "assignment" | "augmented_assignment" | "for_statement" => {
                    let target = n.child_by_field_name("left");
                    // `x`, `a, b`, `(a, [b, c])`; not `d["k"]` nor `o.attr`, which change
                    // what the name holds without binding it.
                    let mut targets: Vec<Node> = target.into_iter().collect();
                    while let Some(t) = targets.pop() {
                        match t.kind() {
                            "identifier" => {
                                bound.insert(self.text(t).to_string());
                            }
                            "pattern_list"
                            | "tuple_pattern"
                            | "list_pattern"
                            | "parenthesized_expression" => targets.extend(named(t)),
                            _ => {}
                        }
                    }
                }
                "as_pattern_target" => {
                    walk(n, &mut |c| {
                        if c.kind() == "identifier" {
                            bound.insert(self.text(c).to_string());
                        }
                    });
                }
                _ => {}
            }
            stack.extend(named(n));
        }
        bound.retain(|b| !global.contains(b));
        bound
    }

    /// A call to a function of the script whose body is one `return` (after a docstring), or
    /// `try: return urlopen(…).status  except HTTPError as e: return e.code`: the function,
    /// the call, the returned expression, and whether an HTTP error's status is returned too.
    fn returning_function(&self, call: Node<'a>) -> Option<(Node<'a>, Node<'a>, Node<'a>, bool)> {
        if call.kind() != "call" {
            return None;
        }
        let f = self.text(call.child_by_field_name("function")?);
        let func = *self.functions.get(f)?;
        let body: Vec<Node> = named(func.child_by_field_name("body")?)
            .into_iter()
            .filter(|s| !self.is_docstring(*s))
            .collect();
        let returned = |block: Node<'a>| -> Option<Node<'a>> {
            match named(block).as_slice() {
                [ret] if ret.kind() == "return_statement" => named(*ret).first().copied(),
                _ => None,
            }
        };
        match body.as_slice() {
            [ret] if ret.kind() == "return_statement" => {
                Some((func, call, *named(*ret).first()?, false))
            }
            [attempt] if attempt.kind() == "try_statement" => {
                let expr = returned(attempt.child_by_field_name("body")?)?;
                let clauses = named(*attempt);
                let [_, handler] = clauses.as_slice() else {
                    return None;
                };
                let caught: Vec<Node> = named(*handler);
                let (Some(what), Some(block)) = (caught.first(), caught.last()) else {
                    return None;
                };
                // `HTTPError as e` (or `urllib.error.HTTPError as e`), returning `e.code`.
                let t = self.text(*what);
                let (class, alias) = t.split_once(" as ")?;
                let code = returned(*block)?;
                let http_error = matches!(
                    class.trim(),
                    "HTTPError"
                        | "urllib.error.HTTPError"
                        | "error.HTTPError"
                        | "urllib2.HTTPError"
                );
                let returns_code = matches!(
                    self.text(code).strip_prefix(alias.trim()),
                    Some(".code" | ".status" | ".getcode()")
                );
                (handler.kind() == "except_clause" && http_error && returns_code)
                    .then_some((func, call, expr, true))
            }
            _ => None,
        }
    }

    /// A call to a function of the script whose value is its one `return`, which every way
    /// through it reaches or ends the script before: the last statement of its body, or of
    /// the `with` (the `try`, whose handlers each fail the script) that ends it. The
    /// function and that `return`. Not one with `yield`, `nonlocal` or a retry decorator.
    fn value_function(&self, call: Node<'a>) -> Option<(Node<'a>, Node<'a>)> {
        if call.kind() != "call" {
            return None;
        }
        let f = call.child_by_field_name("function")?;
        if f.kind() != "identifier" || self.retried.contains_key(self.text(f)) {
            return None;
        }
        let func = *self.functions.get(self.text(f))?;
        if self.inlining.contains(&func.id()) || self.inlining.len() >= 8 {
            return None;
        }
        let body = func.child_by_field_name("body")?;
        let mut returns = Vec::new();
        let mut other = false;
        let mut stack = named(body);
        while let Some(n) = stack.pop() {
            match n.kind() {
                "function_definition" | "class_definition" | "lambda" => continue,
                "return_statement" => returns.push(n),
                "yield" | "nonlocal_statement" | "global_statement" | "await" => other = true,
                _ => {}
            }
            stack.extend(named(n));
        }
        let [ret] = returns.as_slice() else {
            return None;
        };
        if other || named(*ret).is_empty() || !self.ends_in(body, *ret) {
            return None;
        }
        // The names it reads but does not bind are the module's, where the reading would find
        // the caller's own of the same name (`BASE` bound in `main()` too).
        // (Each function around the call: a name bound in any of them hides the module's.)
        for caller in std::iter::successors(call.parent(), |p| p.parent())
            .filter(|p| p.kind() == "function_definition")
        {
            let own = self.local_names(func);
            let theirs = self.local_names(caller);
            let mut params = BTreeSet::new();
            for p in [func, caller] {
                if let Some(list) = p.child_by_field_name("parameters") {
                    walk(list, &mut |i| {
                        if i.kind() == "identifier" {
                            params.insert((p.id(), self.text(i)));
                        }
                    });
                }
            }
            let mut shadowed = false;
            walk(body, &mut |i| {
                let name = self.text(i);
                shadowed |= i.kind() == "identifier"
                    && !own.contains(name)
                    && !params.contains(&(func.id(), name))
                    && (theirs.contains(name) || params.contains(&(caller.id(), name)));
            });
            if shadowed {
                return None;
            }
        }
        Some((func, *ret))
    }

    /// Whether `ret` ends `block` on every way through it ([`Py::value_function`]).
    fn ends_in(&self, block: Node, ret: Node) -> bool {
        let Some(last) = named(block).into_iter().rfind(|s| s.kind() != "comment") else {
            return false;
        };
        match last.kind() {
            "return_statement" => last.id() == ret.id(),
            "with_statement" => last
                .child_by_field_name("body")
                .is_some_and(|b| self.ends_in(b, ret)),
            "try_statement" => {
                let Some(b) = last.child_by_field_name("body") else {
                    return false;
                };
                self.ends_in(b, ret)
                    && named(last).iter().skip(1).all(|clause| {
                        clause.kind() == "except_clause"
                            && named(*clause)
                                .last()
                                .is_some_and(|handler| self.handler_fails(*handler))
                    })
            }
            _ => false,
        }
    }

    /// [`Py::value_function`]'s statements read where it is called, its parameters bound to
    /// the call's arguments and its own names its own, then its value assigned to `name` (which
    /// keeps the value where the function has a name of its own so spelt: `data = get(url)`
    /// of `def get(u): data = …; return data`).
    fn assign_from_function(
        &mut self,
        name: String,
        func: Node<'a>,
        call: Node<'a>,
        ret: Node<'a>,
    ) -> Result<(), Unsupported> {
        let saved = self.bind_parameters(func, call)?;
        let locals: Vec<(String, Option<Val>)> = self
            .local_names(func)
            .into_iter()
            .filter(|local| *local != name)
            .map(|local| {
                let v = self.vars.get(&local).cloned();
                (local, v)
            })
            .collect();
        if saved.iter().any(|(param, _)| *param == name) {
            self.unbind(saved);
            return Err(format!(
                "line {}: `{}` is computed when the script runs",
                self.line(call),
                self.text(call)
            ));
        }
        let body = func.child_by_field_name("body").ok_or("a function")?;
        let outer = (
            self.returns_into.replace((ret.id(), name)),
            std::mem::take(&mut self.returned_into),
            std::mem::take(&mut self.returns_exit),
            std::mem::take(&mut self.returns_truth),
            std::mem::take(&mut self.returns_pass),
            std::mem::take(&mut self.in_wait),
        );
        self.inlining.push(func.id());
        let flow = self.block(body);
        self.inlining.pop();
        let returned = self.returned_into;
        (
            self.returns_into,
            self.returned_into,
            self.returns_exit,
            self.returns_truth,
            self.returns_pass,
            self.in_wait,
        ) = outer;
        self.unbind(saved);
        self.unbind(locals);
        match flow? {
            Flow::Continue if returned => Ok(()),
            _ => Err(format!(
                "line {}: `{}` is computed when the script runs",
                self.line(call),
                self.text(call)
            )),
        }
    }

    /// A call to a function of the script that tells whether something holds: its body (a
    /// docstring aside) is statements that end in `return CONDITION`, or in `if CONDITION:
    /// return True` then `return False`, maybe inside a `try` whose handlers all return
    /// False (`except Exception: return False`): a failure anywhere makes it false. The
    /// function, the statements before the return, and the condition.
    fn predicate_function(&self, call: Node<'a>) -> Option<(Node<'a>, Vec<Node<'a>>, Node<'a>)> {
        let f = self.text(call.child_by_field_name("function")?);
        let func = *self.functions.get(f)?;
        let mut body: Vec<Node<'a>> = named(func.child_by_field_name("body")?)
            .into_iter()
            .filter(|s| !self.is_docstring(*s) && s.kind() != "comment")
            .collect();
        // A `try` whose handlers all return False: what it tries, read as the function's own
        // statements (a failure anywhere makes the function false).
        let falsy_try = |attempt: Node<'a>| -> Option<Vec<Node<'a>>> {
            if !self.fails_into_false(attempt) {
                return None;
            }
            let tried = named(attempt.child_by_field_name("body")?);
            Some(
                tried
                    .into_iter()
                    .filter(|s| s.kind() != "comment")
                    .collect(),
            )
        };
        // A `try` whose handlers only report (`except Exception: pass`), right before the
        // last statement, `return False`: a failure in it goes on to that `return False`, as
        // its own end does; read as its statements.
        let falls_to_false = |k: usize, attempt: Node<'a>| -> Option<Vec<Node<'a>>> {
            let last = body.get(k + 1).filter(|_| k + 2 == body.len())?;
            let false_after = last.kind() == "return_statement"
                && named(*last)
                    .first()
                    .is_some_and(|v| matches!(self.text(*v), "False" | "None" | "0"));
            if !false_after || !self.handlers_only_report(attempt) {
                return None;
            }
            Some(
                named(attempt.child_by_field_name("body")?)
                    .into_iter()
                    .filter(|s| s.kind() != "comment")
                    .collect(),
            )
        };
        let mut flat = Vec::new();
        for (k, st) in body.iter().enumerate() {
            match falsy_try(*st) {
                // Only the last statement's `try` may hold the return.
                Some(inner)
                    if k + 1 == body.len()
                        || !inner.iter().any(|s| s.kind() == "return_statement") =>
                {
                    flat.extend(inner)
                }
                _ => match falls_to_false(k, *st) {
                    Some(inner) => flat.extend(inner),
                    None => flat.push(*st),
                },
            }
        }
        body = flat;
        // `with socket.create_connection((h, p), timeout=2): return True`: the `with` is
        // entered, then its body read as the function's.
        let mut entered = Vec::new();
        while let Some(last) = body.last().copied()
            && last.kind() == "with_statement"
        {
            entered.push(last.id());
            body.extend(
                named(last.child_by_field_name("body")?)
                    .into_iter()
                    .filter(|s| s.kind() != "comment"),
            );
        }
        let (last, rest) = body.split_last()?;
        let returned = |ret: Node<'a>| -> Option<Node<'a>> {
            (ret.kind() == "return_statement")
                .then(|| named(ret).first().copied())
                .flatten()
        };
        // The statements of a branch that returns `value` at its end and nowhere else: those
        // before the return (only reports, where `reports`).
        let then_returns = |block: Node<'a>, value: &str, reports: bool| {
            let stmts: Vec<Node<'a>> = named(block)
                .into_iter()
                .filter(|s| s.kind() != "comment")
                .collect();
            let (ret, before) = stmts.split_last()?;
            let leaves = before.iter().any(|s| {
                let mut found = false;
                walk(*s, &mut |c| {
                    found |= matches!(c.kind(), "return_statement" | "raise_statement")
                        || (c.kind() == "call" && self.callee(c).ends_with("exit"));
                });
                found
            });
            (returned(*ret).map(|v| self.text(v)) == Some(value)
                && !leaves
                && (!reports || before.iter().all(|s| self.is_inert_statement(*s))))
            .then(|| before.to_vec())
        };
        // `if CONDITION: return True` then `return False`; or `if CONDITION: return True
        // else: return False`. What comes before `return True` runs where the condition holds;
        // where it fails or raises (`print(r.json())` of a body that is not JSON, `models =
        // r.json()["models"]`) the function is false, as where the condition fails: the
        // function holds where both do, read as the statements before the condition.
        let if_returns = |cond_if: Node<'a>, prelude: &[Node<'a>]| {
            let cond = cond_if.child_by_field_name("condition")?;
            let then = cond_if.child_by_field_name("consequence")?;
            let after = then_returns(then, "True", false)?;
            // What runs after the condition must not change what it read (`r = requests.get(
            // DEEP)` after testing `r`): read before it, it would be tested instead.
            let read = self.named_identifiers(cond);
            let mut rebinds = false;
            for s in &after {
                walk(*s, &mut |n| {
                    if matches!(
                        n.kind(),
                        "assignment" | "augmented_assignment" | "for_statement"
                    ) && let Some(left) = n.child_by_field_name("left")
                    {
                        rebinds |= self
                            .named_identifiers(left)
                            .iter()
                            .any(|name| read.contains(name));
                    }
                });
            }
            if rebinds {
                return None;
            }
            let mut before = prelude.to_vec();
            before.extend(after);
            Some((func, before, cond))
        };
        // (Reports between the `if` and `return False` run only where it is false.)
        let reported = rest
            .iter()
            .rev()
            .take_while(|s| self.is_inert_statement(**s))
            .count();
        if let Some(v) = returned(*last)
            && self.text(v) == "False"
            && let Some((cond_if, prelude)) = rest[..rest.len() - reported].split_last()
            && cond_if.kind() == "if_statement"
            && named(*cond_if).len() == 2
        {
            return if_returns(*cond_if, prelude);
        }
        if last.kind() == "if_statement"
            && let [_, _, otherwise] = named(*last).as_slice()
            && otherwise.kind() == "else_clause"
            && then_returns(otherwise.child_by_field_name("body")?, "False", true).is_some()
        {
            return if_returns(*last, rest);
        }
        let v = returned(*last)?;
        // `return True if CONDITION else False`.
        let v = if v.kind() == "conditional_expression" {
            let parts = named(v);
            match parts.as_slice() {
                [t, c, f] if self.text(*t) == "True" && self.text(*f) == "False" => *c,
                _ => return None,
            }
        } else {
            v
        };
        // A `return` among the statements before (`if r.status != 200: return False`) is a
        // way out this reading does not follow (a verdict function's).
        let returns_early = rest.iter().filter(|s| !entered.contains(&s.id())).any(|s| {
            let mut found = false;
            walk(*s, &mut |c| found |= c.kind() == "return_statement");
            found
        });
        if returns_early {
            return None;
        }
        Some((func, rest.to_vec(), v))
    }

    fn is_docstring(&self, s: Node) -> bool {
        s.kind() == "expression_statement" && named(s).first().is_some_and(|c| c.kind() == "string")
    }

    /// `**config` of a dictionary the script writes once, as a literal whose keys are plain
    /// strings and whose values are text, numbers or the environment's (`os.getenv("HOST",
    /// "db")`), and that nothing changes or reads but splats and reports: its entries.
    fn splat_entries(&self, splat: Node<'a>) -> Option<Vec<(&'a str, Node<'a>)>> {
        let parts = named(splat);
        let [name] = parts.as_slice() else {
            return None;
        };
        if name.kind() != "identifier" || !self.only_splatted(self.text(*name)) {
            return None;
        }
        self.constant_entries(self.text(*name))
    }

    /// `settings["host"]` of a dictionary the script writes once (see
    /// [`Self::constant_entries`]): the entry's value, as the script reads it when it runs.
    /// `None` for another subscript, or a key the dictionary lacks (which raises).
    fn constant_entry(&self, n: Node<'a>) -> Option<Node<'a>> {
        let (base, key) = (
            n.child_by_field_name("value")?,
            n.child_by_field_name("subscript")?,
        );
        if base.kind() != "identifier" || key.kind() != "string" {
            return None;
        }
        let key = plain_key(self.text(key))?;
        self.constant_entries(self.text(base))?
            .into_iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v)
    }

    /// The entries of the dictionary `name`, which the script writes once, as a literal whose
    /// keys are plain strings and whose values are text, numbers or the environment's
    /// (`os.getenv("HOST", "db")`), and which nothing changes: every other use splats it,
    /// reports it or reads an entry by a written key (`settings["host"]`).
    fn constant_entries(&self, name: &str) -> Option<Vec<(&'a str, Node<'a>)>> {
        let root = self.root?;
        let mut literals = Vec::new();
        let mut bindings = 0;
        walk(root, &mut |n| {
            if n.kind() == "assignment"
                && n.child_by_field_name("left")
                    .is_some_and(|l| self.text(l) == name)
            {
                bindings += 1;
                if let Some(r) = n.child_by_field_name("right") {
                    literals.push(r);
                }
            }
        });
        let [dict] = literals.as_slice() else {
            return None;
        };
        if bindings != 1 || dict.kind() != "dictionary" {
            return None;
        }
        // Nothing but its binding, splats, reports and reads of an entry names it: an entry
        // set later (`settings["port"] = …`) would change what it gives.
        let mut only_read = true;
        walk(root, &mut |n| {
            if n.kind() != "identifier" || self.text(n) != name {
                return;
            }
            let parent = n.parent();
            let binding = parent.is_some_and(|p| {
                p.kind() == "assignment"
                    && p.child_by_field_name("left")
                        .is_some_and(|l| l.id() == n.id())
            });
            let splatted = parent.is_some_and(|p| p.kind() == "dictionary_splat");
            let entry_read = parent.is_some_and(|p| {
                p.kind() == "subscript"
                    && p.child_by_field_name("value")
                        .is_some_and(|v| v.id() == n.id())
                    && p.child_by_field_name("subscript")
                        .is_some_and(|k| k.kind() == "string")
                    && p.parent().is_none_or(|a| {
                        !matches!(
                            a.kind(),
                            "assignment" | "augmented_assignment" | "delete_statement"
                        ) || a
                            .child_by_field_name("right")
                            .is_some_and(|r| r.id() == p.id())
                    })
            });
            only_read &= binding || splatted || entry_read || self.in_report(n);
        });
        if !only_read {
            return None;
        }
        let plain_value = |v: Node| match v.kind() {
            "string" | "integer" | "float" | "true" | "false" => {
                !self.text(v).starts_with(['f', 'F'])
            }
            // With a default: without one the value is None where the variable is unset.
            "call" => self.env_get_args(v).is_some_and(|args| {
                args.len() == 2
                    && args
                        .iter()
                        .all(|x| x.kind() == "string" && !self.text(*x).starts_with(['f', 'F']))
            }),
            _ => false,
        };
        let mut out = Vec::new();
        for pair in named(*dict) {
            if pair.kind() == "comment" {
                continue;
            }
            let (key, value) = (
                pair.child_by_field_name("key")?,
                pair.child_by_field_name("value")?,
            );
            let k = plain_key(self.text(key))?;
            if pair.kind() != "pair"
                || !k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                || !plain_value(value)
                || out.iter().any(|(seen, _)| *seen == k)
            {
                return None;
            }
            out.push((k, value));
        }
        Some(out)
    }

    /// The `name=value` arguments among `args`, by name.
    fn keyword_values<'n>(&self, args: &[Node<'n>]) -> Vec<(&'a str, Node<'n>)> {
        args.iter()
            .filter(|a| a.kind() == "keyword_argument")
            .filter_map(|a| {
                Some((
                    self.text(a.child_by_field_name("name")?),
                    a.child_by_field_name("value")?,
                ))
            })
            .collect()
    }

    /// How a call's arguments meet a function's parameters: whether the function takes a
    /// leading `self` (left out), and each other parameter's name with the argument it takes —
    /// the positional one at its place, else the keyword of its name (`check(url,
    /// description=d)`), else its default; `None` where there is none.
    #[allow(clippy::type_complexity)]
    fn matched_arguments(
        &self,
        func: Node<'a>,
        call: Node<'a>,
    ) -> Result<(bool, Vec<(&'a str, Option<Node<'a>>)>), Unsupported> {
        let f = call
            .child_by_field_name("function")
            .map_or("", |f| self.text(f));
        let line = self.line(call);
        let (keywords, args): (Vec<Node>, Vec<Node>) = call
            .child_by_field_name("arguments")
            .map(named)
            .unwrap_or_default()
            .into_iter()
            .filter(|a| a.kind() != "comment")
            .partition(|a| a.kind() == "keyword_argument");
        let (splats, args): (Vec<Node>, Vec<Node>) = args
            .into_iter()
            .partition(|a| a.kind() == "dictionary_splat");
        let mut given = self.keyword_values(&keywords);
        // `db_ready(**config)` with `config = {"host": os.getenv("DB_HOST", "db"), …}`: the
        // dictionary's entries as keywords.
        for splat in splats {
            let entries = self.splat_entries(splat).ok_or_else(|| {
                format!(
                    "line {line}: `{}` is computed when the script runs",
                    self.text(splat)
                )
            })?;
            // A keyword given twice raises (TypeError).
            if entries
                .iter()
                .any(|(k, _)| given.iter().any(|(g, _)| g == k))
            {
                return Err(format!("line {line}: a keyword given twice to `{f}`"));
            }
            given.extend(entries);
        }
        let mut params = func
            .child_by_field_name("parameters")
            .map(named)
            .unwrap_or_default();
        let takes_self = params
            .first()
            .is_some_and(|p| p.kind() == "identifier" && self.text(*p) == "self");
        if takes_self {
            params.remove(0);
        }
        // `def check(url, *, timeout)`: the parameters after `*` take keywords only; `def
        // f(a, /, b)`: those before `/` take positions only.
        let keywords_only = params.iter().position(|p| p.kind() == "keyword_separator");
        let positions_only = params
            .iter()
            .position(|p| p.kind() == "positional_separator");
        params.retain(|p| !matches!(p.kind(), "keyword_separator" | "positional_separator"));
        let keywords_only =
            keywords_only.map(|k| k - usize::from(positions_only.is_some_and(|p| p < k)));
        if keywords_only.is_some_and(|k| args.len() > k) {
            return Err(format!(
                "line {line}: `{f}` called with more positional arguments than it takes"
            ));
        }
        let names: Vec<&'a str> = params
            .iter()
            .map(|param| match param.kind() {
                "identifier" => Some(*param),
                "default_parameter" | "typed_default_parameter" | "typed_parameter" => param
                    .child_by_field_name("name")
                    .or_else(|| named(*param).into_iter().next()),
                _ => None,
            })
            .map(|n| n.map(|n| self.text(n)))
            .collect::<Option<_>>()
            .ok_or_else(|| format!("line {line}: parameters probekit cannot read"))?;
        // A keyword names a parameter no positional argument took (else Python raises), and
        // not one that takes positions only.
        for (given, _) in &given {
            let at = names.iter().position(|n| n == given);
            if at.is_none_or(|k| k < args.len() || positions_only.is_some_and(|p| k < p)) {
                return Err(format!(
                    "line {line}: a keyword argument `{f}` has no free parameter for"
                ));
            }
        }
        if args.len() > params.len() {
            return Err(format!(
                "line {line}: `{f}` called with more arguments than it takes"
            ));
        }
        let mut matched = Vec::new();
        for (k, (param, name)) in params.iter().zip(names).enumerate() {
            let given = args
                .get(k)
                .copied()
                .or_else(|| given.iter().find(|(n, _)| *n == name).map(|(_, v)| *v));
            let default = param.child_by_field_name("value");
            // A default is computed where the function is defined: a name it reads that the
            // script binds again may hold something else by the time of the call.
            if given.is_none()
                && let Some(d) = default
                && let Some(root) = self.root
            {
                let mut rebound = false;
                walk(d, &mut |i| {
                    rebound |=
                        i.kind() == "identifier" && self.bindings_of(root, self.text(i)).len() > 1
                });
                if rebound {
                    return Err(format!(
                        "line {line}: the default of `{name}` reads a name the script binds again"
                    ));
                }
            }
            matched.push((name, given.or(default)));
        }
        Ok((takes_self, matched))
    }

    /// Binds a function's parameters to a call's arguments (else their defaults); what they
    /// hid, to restore with [`Self::unbind`].
    fn bind_parameters(
        &mut self,
        func: Node<'a>,
        call: Node<'a>,
    ) -> Result<Vec<(String, Option<Val>)>, Unsupported> {
        let f = self
            .text(call.child_by_field_name("function").ok_or("a call")?)
            .to_string();
        let line = self.line(call);
        // Called from inside another function read here, `func` must not read a name that
        // one binds for itself: the reading would take that binding, Python the module's.
        let free = if self.inlining.is_empty() {
            BTreeSet::new()
        } else {
            self.free_names(func)
        };
        for id in &self.inlining {
            if let Some(outer) = self.functions.values().find(|o| o.id() == *id)
                && let Some(name) = self.own_names(*outer).intersection(&free).next()
            {
                return Err(format!(
                    "line {line}: `{f}` reads the module's `{name}`, which the function calling it binds for itself"
                ));
            }
        }
        self.call_sites.insert(func.id(), call);
        let (takes_self, params) = self.matched_arguments(func, call)?;
        // A method (`checker.check()`, `Checker(url)`'s `__init__`): `self` is the instance,
        // or nothing yet; the call's arguments are the other parameters'.
        let mut own = None;
        if takes_self {
            let function = call.child_by_field_name("function").ok_or("a call")?;
            own = match function.kind() {
                "attribute" => function
                    .child_by_field_name("object")
                    .and_then(|o| self.vars.get(self.text(o)).cloned())
                    .filter(|v| matches!(v, Val::Enum { plain: true, .. })),
                "identifier" if self.classes.contains_key(self.text(function)) => None,
                _ => return Err(format!("line {line}: `{f}` takes `self`")),
            };
        }
        let mut bound = Vec::new();
        for (name, value_node) in params {
            let value_node = value_node
                .ok_or_else(|| format!("line {line}: `{f}` called without an argument"))?;
            let name = name.to_string();
            // `def main(argv=None): … parser.parse_args(argv)` called as `main()`: argparse
            // reads the command line for None, as for `sys.argv[1:]`.
            let parsed_none = value_node.kind() == "none" && self.only_parsed(func, &name);
            // `parse_args(argv or sys.argv[1:])` of such an `argv`: the command line too.
            let passed_on = self
                .argv_or_rest(value_node)
                .is_some_and(|l| matches!(self.vars.get(self.text(l)), Some(Val::Argv)));
            if parsed_none || passed_on || self.text(value_node).replace(' ', "") == "sys.argv[1:]"
            {
                self.int_params.remove(&name);
                bound.push((name, Val::Argv));
                continue;
            }
            if value_node.kind() == "call"
                && (self.parses_argv(value_node) || self.builds_parser_only(value_node))
            {
                self.int_params.remove(&name);
                bound.push((name, Val::Namespace));
                continue;
            }
            match self.int_const(value_node) {
                Some(v) => self.int_params.insert(name.clone(), v),
                None => self.int_params.remove(&name),
            };
            // `timeout` of `wait(h, p, args.timeout)` with `type=int`: a number.
            if self.reads_number(value_node) && self.numbers.insert(name.clone()) {
                self.param_numbers.insert(name.clone());
            }
            // `check(args.url)` of an option without a default: None where not given, read
            // where the function uses it.
            if let Some(dest) = self.optional_option(value_node) {
                self.optional_params.insert(name.clone(), dest.clone());
                bound.push((name, Val::Text(Text(vec![Piece::Var(dest, None)]))));
                continue;
            }
            self.optional_params.remove(&name);
            // `args = parser.parse_args()`, then `main(args)`: the options, as where the call
            // is given itself.
            if value_node.kind() == "identifier"
                && !self.vars.contains_key(self.text(value_node))
                && self.only_parsed_options(self.text(value_node), value_node)
            {
                self.int_params.remove(&name);
                bound.push((name, Val::Namespace));
                continue;
            }
            if value_node.kind() == "identifier"
                && let Some(def) = self.functions.get(self.text(value_node)).copied()
                && !self.functions.contains_key(&name)
                && !self.vars.contains_key(self.text(value_node))
            {
                self.functions.insert(name.clone(), def);
                bound.push((name, Val::Function));
                continue;
            }
            bound.push((name, self.value_any(value_node)?));
        }
        if let Some(instance) = own {
            bound.push(("self".to_string(), instance));
        }
        Ok(bound
            .into_iter()
            .map(|(name, v)| {
                let old = self.vars.insert(name.clone(), v);
                (name, old)
            })
            .collect())
    }

    /// Whether `name` is bound anywhere in the script only by assignments of what the
    /// command line parses to (`args = parser.parse_args()`, `ARGS = commandline(sys.argv[1:])`
    /// of a function that only builds its parser), and by at least one.
    fn only_parsed_options(&self, name: &str, at: Node) -> bool {
        // The scope the name is read in: its function (parameters included), or the module.
        let scope = std::iter::successors(at.parent(), |p| p.parent())
            .find(|p| p.kind() == "function_definition")
            .or(self.root);
        let Some(scope) = scope else { return false };
        let mut parsed = 0;
        let mut other = false;
        let mut stack = vec![scope];
        let mut nodes = Vec::new();
        while let Some(x) = stack.pop() {
            nodes.push(x);
            for c in named(x) {
                // Another function's, class's or lambda's own names are not this scope's.
                if !matches!(
                    c.kind(),
                    "function_definition" | "class_definition" | "lambda"
                ) {
                    stack.push(c);
                }
            }
        }
        nodes.into_iter().for_each(|n| match n.kind() {
            "assignment" | "augmented_assignment"
                if n.child_by_field_name("left")
                    .is_some_and(|l| self.names_in(l).contains(&name)) =>
            {
                let plain = n.kind() == "assignment"
                    && n.child_by_field_name("left")
                        .is_some_and(|l| l.kind() == "identifier")
                    && n.child_by_field_name("right").is_some_and(|r| {
                        r.kind() == "call" && (self.parses_argv(r) || self.builds_parser_only(r))
                    });
                if plain {
                    parsed += 1;
                } else {
                    other = true;
                }
            }
            "for_statement" | "with_item" | "as_pattern" | "global_statement"
            | "nonlocal_statement" | "named_expression" | "parameters" | "lambda_parameters" => {
                other |= self.names_in(n).contains(&name);
            }
            _ => {}
        });
        parsed > 0 && !other
    }

    /// Whether every read of the name in the function is as the one argument of a
    /// `.parse_args(…)` call.
    fn only_parsed(&self, func: Node, name: &str) -> bool {
        let Some(body) = func.child_by_field_name("body") else {
            return false;
        };
        let mut reads = 0;
        let mut parsed = 0;
        walk(body, &mut |n| {
            // (`sys.argv` names an attribute, not the parameter.)
            if n.kind() == "identifier" && self.text(n) == name && !is_attribute_name(n) {
                reads += 1;
                // (`argv or sys.argv[1:]`, handed to `parse_args` or to a function of the
                // script, which binds it as the command line.)
                let given = n
                    .parent()
                    .filter(|o| self.argv_or_rest(*o).is_some_and(|l| l.id() == n.id()));
                let call = given
                    .unwrap_or(n)
                    .parent()
                    .filter(|a| a.kind() == "argument_list" && named(*a).len() == 1)
                    .and_then(|a| a.parent());
                if call.is_some_and(|c| {
                    c.kind() == "call"
                        && (self.callee(c).ends_with(".parse_args")
                            || (given.is_some() && self.functions.contains_key(&self.callee(c))))
                }) {
                    parsed += 1;
                }
            }
        });
        reads > 0 && reads == parsed
    }

    /// `argv or sys.argv[1:]`: the name on the left.
    fn argv_or_rest<'n>(&self, n: Node<'n>) -> Option<Node<'n>> {
        let (l, r) = (
            n.child_by_field_name("left")?,
            n.child_by_field_name("right")?,
        );
        (n.kind() == "boolean_operator"
            && n.child_by_field_name("operator").map(|o| self.text(o)) == Some("or")
            && l.kind() == "identifier"
            && self.text(r).replace(' ', "") == "sys.argv[1:]")
            .then_some(l)
    }

    /// `args.url` of an argparse option without a default, not required and not known to be
    /// given: its `dest`.
    fn optional_option(&self, n: Node) -> Option<String> {
        if n.kind() != "attribute" {
            return None;
        }
        let base = n.child_by_field_name("object")?;
        let attr = self.text(n.child_by_field_name("attribute")?);
        // (The namespace is unbound where it was read whole: `args = parser.parse_args()`.)
        if base.kind() != "identifier"
            || !matches!(self.vars.get(self.text(base)), None | Some(Val::Namespace))
        {
            return None;
        }
        let arg = self.arguments.iter().find(|a| a.dest == attr)?;
        (!arg.switch && arg.unsupported.is_none() && self.may_be_none(arg))
            .then(|| arg.dest.clone())
    }

    /// Whether an option is None where the caller does not give it: no default, not
    /// required, and not known to be given on this reading's way.
    fn may_be_none(&self, arg: &PyArg) -> bool {
        arg.default.is_none() && !arg.required && !self.assumed_given(&arg.dest)
    }

    fn unbind(&mut self, saved: Vec<(String, Option<Val>)>) {
        for (name, old) in saved {
            if matches!(self.vars.get(&name), Some(Val::Function)) {
                self.functions.remove(&name);
            }
            self.optional_params.remove(&name);
            self.int_params.remove(&name);
            if self.param_numbers.remove(&name) {
                self.numbers.remove(&name);
            }
            match old {
                Some(v) => self.vars.insert(name, v),
                None => self.vars.remove(&name),
            };
        }
    }

    fn call_statement_returning(&mut self, call: Node<'a>) -> Result<Flow, Unsupported> {
        let saved = self.returns_exit;
        self.returns_exit = true;
        self.pending_returns_exit = true;
        self.continuation.push(Continuation::EndPasses);
        // A function that ends without `return` returns None: exit status 0.
        let r = self.call_function(call).map(|_| Flow::Passed);
        self.continuation.pop();
        self.returns_exit = saved;
        r
    }

    /// The number given to `sys.exit(…)` / `return …` (1 for a message string).
    fn exit_value(&self, n: Node) -> Option<i64> {
        let arg = match n.kind() {
            "call" => n
                .child_by_field_name("arguments")
                .and_then(|a| named(a).into_iter().next()),
            _ => named(n).into_iter().next(),
        };
        // `os._exit()` wants a number: without one it raises (1).
        if n.kind() == "call"
            && self.callee(n) == "os._exit"
            && arg.is_none_or(|a| a.kind() == "none")
        {
            return Some(1);
        }
        self.exit_number(arg)
    }

    /// The status `sys.exit(arg)` or `return arg` gives: 0 for none, `None` or `False`, 1 for
    /// `True` or a message, else the number the script wrote (`CODES["OK"]`, `STATE_CRITICAL`).
    fn exit_number(&self, arg: Option<Node>) -> Option<i64> {
        let Some(a) = arg else { return Some(0) };
        match a.kind() {
            "none" | "false" => Some(0),
            "true" | "string" => Some(1),
            "integer" => self.text(a).parse().ok(),
            "attribute" if self.text(a) == "os.EX_OK" => Some(0),
            // `0 if lenient else 1`: a status only where both give the same.
            "conditional_expression" => match named(a).as_slice() {
                [yes, _, no] => {
                    let (yes, no) = (self.exit_number(Some(*yes))?, self.exit_number(Some(*no))?);
                    (yes == no).then_some(yes)
                }
                _ => None,
            },
            "parenthesized_expression" => self.exit_number(named(a).first().copied()),
            // `sys.exit("failed: " + str(e))`: text, whatever it says.
            "binary_operator" | "call" if self.joins_text(a) => Some(1),
            _ => match self.value_any(a) {
                Ok(Val::Num(v)) if v.fract() == 0.0 => Some(v as i64),
                Ok(Val::Text(t)) => t.as_literal().map(|_| 1),
                _ => None,
            },
        }
    }

    /// The status a statement ends the script with: `sys.exit(N)`, `exit(N)`, `os._exit(N)`,
    /// `raise` (1), `return N` from main; `Some(None)` when it ends it with a status not read.
    /// Whether `raise` (of an exception, not `SystemExit`) ends the script: no `try` around
    /// it, nor around any call of the function it is in (followed up to three calls out),
    /// nor a `with` that might suppress it.
    fn uncaught_raise(&self, n: Node) -> bool {
        let Some(raised) = named(n).first().copied() else {
            // A bare `raise` re-raises what a handler caught.
            return false;
        };
        let class = match raised.kind() {
            "call" => raised
                .child_by_field_name("function")
                .map_or("", |f| self.text(f)),
            _ => self.text(raised),
        };
        let class = class.rsplit('.').next().unwrap_or(class);
        if !class.ends_with("Error") && !class.ends_with("Exception")
            || class.contains("SystemExit")
        {
            return false;
        }
        let Some(root) = self.root else {
            return false;
        };
        let mut frontier = vec![n];
        for _ in 0..4 {
            let mut callers = Vec::new();
            for at in frontier {
                let mut func = None;
                for a in std::iter::successors(at.parent(), |p| p.parent()) {
                    match a.kind() {
                        "try_statement" | "with_statement" | "lambda" | "class_definition" => {
                            return false;
                        }
                        "function_definition" => {
                            func = Some(a);
                            break;
                        }
                        _ => {}
                    }
                }
                let Some(func) = func else { continue };
                let Some(name) = func.child_by_field_name("name").map(|x| self.text(x)) else {
                    return false;
                };
                // Every mention of the function is a call of it (not a callback, a thread's
                // target or a decorator's argument).
                let mut mentions = 0;
                let mut calls = Vec::new();
                walk(root, &mut |c| {
                    if c.kind() == "identifier" && self.text(c) == name {
                        mentions += 1;
                        if let Some(p) = c.parent()
                            && p.kind() == "call"
                            && p.child_by_field_name("function").map(|f| f.id()) == Some(c.id())
                        {
                            calls.push(p);
                        }
                    }
                });
                // (The definition's own name is one mention.)
                if mentions != calls.len() + 1 || self.text(func).contains("@") {
                    return false;
                }
                callers.extend(calls);
            }
            if callers.is_empty() {
                return true;
            }
            frontier = callers;
        }
        false
    }

    fn exit_of(&self, s: Node) -> Option<Option<i64>> {
        match s.kind() {
            "expression_statement" => named(s).first().and_then(|c| {
                if c.kind() != "call" {
                    return None;
                }
                if matches!(self.callee(*c).as_str(), "sys.exit" | "exit" | "os._exit") {
                    return Some(self.exit_value(*c));
                }
                self.helper_exit(*c).map(Some)
            }),
            // `raise SystemExit(main())`: sys.exit's.
            "raise_statement" => match self.raised_exit(s) {
                Some(call) => Some(self.exit_value(call)),
                // `raise SystemExit`: no status, 0.
                None if named(s)
                    .first()
                    .is_some_and(|e| self.text(*e) == "SystemExit") =>
                {
                    Some(Some(0))
                }
                None => Some(Some(1)),
            },
            // `return sys.exit(1)`: the exit, wherever it is.
            "return_statement"
                if named(s).first().is_some_and(|c| {
                    c.kind() == "call" && matches!(self.callee(*c).as_str(), "sys.exit" | "exit")
                }) =>
            {
                Some(self.exit_value(named(s)[0]))
            }
            "return_statement" if self.returns_truth => match named(s).first().map(|v| v.kind()) {
                Some("true") => Some(Some(0)),
                None | Some("false" | "none") => Some(Some(1)),
                _ => Some(None),
            },
            "return_statement" if self.returns_exit => Some(self.exit_value(s)),
            "return_statement" if self.returns_pass && self.plain_return(s) => Some(Some(0)),
            _ => None,
        }
    }

    /// Whether the script ends once the statement of `call` is over: no `try` (whose `else`,
    /// `finally` or handlers would run next), loop (whose `else` or next round would) or `with`
    /// around it.
    fn ends_where_called(&self, call: Node) -> bool {
        let mut at = call.parent();
        while let Some(n) = at {
            if matches!(
                n.kind(),
                "try_statement"
                    | "for_statement"
                    | "while_statement"
                    | "with_statement"
                    | "lambda"
                    | "decorated_definition"
            ) {
                return false;
            }
            at = n.parent();
        }
        true
    }

    /// Whether a class an `except` names is urllib's `HTTPError`: written in full, or imported
    /// from `urllib.error` (`urllib2`) and not defined by the script.
    /// A database probe of a URL the caller gives, which gives the user, password and database
    /// (postgres warned about TLS, which the driver uses when the server offers it).
    fn url_database_probe(
        &mut self,
        engine: &'static str,
        url: Text,
        timeout: Option<String>,
        line: usize,
    ) -> usize {
        if engine == "postgres" {
            self.warnings.push(Warning {
                line,
                message: "the driver uses TLS when the server offers it (sslmode=prefer); the probe connects in the clear: add `tls: true` if the server requires TLS".into(),
            });
        }
        let name = self.unique_name(&format!("{engine}-url"));
        self.drafts.push(Draft::new(
            name,
            line,
            Check::Database {
                engine,
                address: url,
                user: None,
                password: None,
                database: None,
                timeout,
                tls_prefer: false,
            },
        ));
        self.drafts.len() - 1
    }

    /// The URL a connection's keywords all come from: host, port, user, password and the
    /// database each the matching part of one `urlparse` of a URL the caller gives (the port
    /// may fall back on the engine's default, `u.port or 5432`; the database is `u.path[1:]`
    /// or `u.path.lstrip("/")`), and nothing else but `connect_timeout`.
    fn connected_by_url(&self, args: &[Node<'a>], engine: &str) -> Option<Text> {
        self.connected_by_url_parts(args, &[], engine)
    }

    /// [`Self::connected_by_url`] of keywords and a dictionary's entries spread beside them,
    /// each entry a part of the URL ([`Val::UrlPart`]) or the timeout.
    fn connected_by_url_parts(
        &self,
        args: &[Node<'a>],
        splatted: &[(String, Val)],
        engine: &str,
    ) -> Option<Text> {
        let mut pairs = Vec::new();
        for a in args {
            (a.kind() == "keyword_argument").then_some(())?;
            let name = self.text(a.child_by_field_name("name")?);
            let value = a.child_by_field_name("value")?;
            // `user=user` of `user = u.username`: the part the name holds.
            let part = match self.vars.get(self.text(value)) {
                Some(Val::UrlPart(text)) if value.kind() == "identifier" => text.clone(),
                _ => self.text(value).to_string(),
            };
            pairs.push((name, part));
        }
        for (key, value) in splatted {
            match value {
                Val::UrlPart(text) => pairs.push((key.as_str(), text.clone())),
                _ if key == "connect_timeout" => {}
                _ => return None,
            }
        }
        self.url_of_parts(&pairs, engine)
    }

    /// [`Self::connected_by_url`] of a connection's settings as `(keyword, expression)`, the
    /// expression as written.
    fn url_of_parts(&self, pairs: &[(&str, String)], engine: &str) -> Option<Text> {
        let default_port = if engine == "postgres" { "5432" } else { "3306" };
        let mut url: Option<Text> = None;
        let mut seen = Vec::new();
        for (name, value) in pairs {
            let part = match *name {
                "connect_timeout" => continue,
                "host" => "hostname",
                "port" => "port",
                "user" => "username",
                "password" | "passwd" => "password",
                "dbname" | "database" | "db" => "path",
                _ => return None,
            };
            let text = value.replace(' ', "");
            // The parts: `u.hostname`; `u.port`, `u.port or 5432`, `int(u.port or 5432)`;
            // `u.path[1:]`, `u.path.lstrip("/")`, `u.path.lstrip('/')`.
            let base = match part {
                "port" => text
                    .strip_prefix("int(")
                    .and_then(|t| t.strip_suffix(')'))
                    .unwrap_or(&text)
                    .split_once(".port")
                    .filter(|(_, rest)| rest.is_empty() || *rest == format!("or{default_port}"))
                    .map(|(b, _)| b.to_string()),
                // (`u.path[1:] if u.path else None`: without a path, no database is named,
                // as in the URL; a condition on anything else names none where the URL names
                // one, and is refused.)
                "path" => {
                    let (text, guard) = match text
                        .strip_suffix("elseNone")
                        .and_then(|t| t.rsplit_once("if"))
                    {
                        Some((value, cond)) => (value, Some(cond.strip_suffix(".path")?)),
                        None => (text.as_str(), None),
                    };
                    ["[1:]", ".lstrip(\"/\")", ".lstrip('/')"]
                        .iter()
                        .find_map(|tail| text.strip_suffix(&format!(".path{tail}")))
                        .filter(|b| guard.is_none_or(|g| g == *b))
                        .map(str::to_string)
                }
                _ => text.strip_suffix(&format!(".{part}")).map(str::to_string),
            }?;
            let Some(Val::UrlParts(u)) = self.vars.get(&base) else {
                return None;
            };
            if url.as_ref().is_some_and(|x| x != u) {
                return None;
            }
            url = Some(u.clone());
            seen.push(part);
        }
        ["hostname", "port", "username", "password", "path"]
            .iter()
            .all(|p| seen.contains(p))
            .then_some(url)
            .flatten()
    }

    /// `u.hostname`, `u.port or 5432`, `u.path[1:]`…: an attribute of a `urlparse` of a URL
    /// the caller gives, read apart from a connection's keywords (a dictionary's entry).
    fn url_part(&self, n: Node) -> Option<Val> {
        let text = self.text(n).replace(' ', "");
        let base = text
            .split(['.', '('])
            .find(|w| !w.is_empty() && *w != "int")?;
        let rest = &text[text.find(base)? + base.len()..];
        let known = [".hostname", ".port", ".username", ".password", ".path"];
        (matches!(self.vars.get(base), Some(Val::UrlParts(_)))
            && known.iter().any(|k| rest.starts_with(k)))
        .then(|| Val::UrlPart(self.text(n).to_string()))
    }

    /// `except HTTPError as e: code = e.code` (or `e.status`, `e.getcode()`), with reports
    /// beside it: the name it sets.
    fn status_of_http_error(&self, clause: Node<'a>, block: Node<'a>) -> Option<String> {
        if !self.is_urllib_http_error(self.caught_classes(clause)?) {
            return None;
        }
        let alias = self.caught_name(clause)?;
        let mut set = None;
        for s in named(block) {
            if self.is_inert_statement(s) {
                continue;
            }
            let a = named(s)
                .into_iter()
                .next()
                .filter(|a| a.kind() == "assignment")?;
            let (left, right) = (
                a.child_by_field_name("left")?,
                a.child_by_field_name("right")?,
            );
            let value = self.text(right).strip_prefix(alias)?;
            if left.kind() != "identifier"
                || !matches!(value, ".code" | ".status" | ".getcode()")
                || set.is_some()
            {
                return None;
            }
            set = Some(self.text(left).to_string());
        }
        set
    }

    fn is_urllib_http_error(&self, class: &str) -> bool {
        let imported = |module: &str| {
            self.src.lines().any(|l| {
                let l = l.trim();
                l.starts_with(&format!("from {module} import")) && l.contains("HTTPError")
            })
        };
        let defined = self
            .src
            .lines()
            .any(|l| l.trim().starts_with("class HTTPError"));
        match class {
            "urllib.error.HTTPError" | "urllib2.HTTPError" => true,
            "error.HTTPError" => imported("urllib") && !defined,
            "HTTPError" => (imported("urllib.error") || imported("urllib2")) && !defined,
            _ => false,
        }
    }

    /// A `return` whose value is nothing to evaluate: bare, a literal or a name.
    fn plain_return(&self, s: Node) -> bool {
        named(s).first().is_none_or(|v| {
            matches!(
                v.kind(),
                "none" | "true" | "false" | "integer" | "string" | "identifier"
            )
        })
    }

    /// `code = check()` of a function of the script, the next statement but reports that
    /// cannot raise being `return code` (inside `sys.exit(main())`) or `sys.exit(code)`: the
    /// call, whose returns end the script.
    fn status_then_exit(&self, a: Node<'a>) -> Option<Node<'a>> {
        let (left, right) = (
            a.child_by_field_name("left")?,
            a.child_by_field_name("right")?,
        );
        if left.kind() != "identifier" || right.kind() != "call" {
            return None;
        }
        let f = right.child_by_field_name("function")?;
        if f.kind() != "identifier" || !self.functions.contains_key(self.text(f)) {
            return None;
        }
        let name = self.text(left);
        let Some(Continuation::Statements(rest)) = self.continuation.last() else {
            return None;
        };
        let next = rest
            .iter()
            .find(|s| !self.is_inert_statement(**s) || self.may_raise(vec![**s]))?;
        let ends = match next.kind() {
            "return_statement" => {
                self.returns_exit && named(*next).first().is_some_and(|v| self.text(*v) == name)
            }
            "expression_statement" => named(*next).first().is_some_and(|c| {
                c.kind() == "call"
                    && matches!(self.callee(*c).as_str(), "sys.exit" | "exit" | "SystemExit")
                    && c.child_by_field_name("arguments")
                        .map(named)
                        .is_some_and(|args| matches!(args.as_slice(), [x] if self.text(*x) == name))
            }),
            "raise_statement" => {
                self.text(*next).replace(' ', "") == format!("raiseSystemExit({name})")
            }
            _ => false,
        };
        ends.then_some(right)
    }

    /// Whether nothing but reports follows the statement being read, up to the end of the
    /// script.
    fn nothing_after(&self) -> bool {
        // (`elapsed = time.monotonic() - started` then its `print`: a report too.)
        self.nothing_after_but(|s| {
            self.is_inert_statement(s)
                || s.kind() == "comment"
                || (s.kind() == "expression_statement"
                    && named(s)
                        .first()
                        .is_some_and(|a| a.kind() == "assignment" && self.reported_assignment(*a)))
        })
    }

    /// Whether every statement that follows the one being read, up to the end of the script
    /// (or of a main function whose end passes), is one `allowed` takes.
    fn nothing_after_but(&self, allowed: impl Fn(Node<'a>) -> bool) -> bool {
        for level in self.continuation.iter().rev() {
            match level {
                Continuation::EndPasses => return true,
                Continuation::Statements(rest) => {
                    if !rest.iter().all(|s| allowed(*s)) {
                        return false;
                    }
                }
            }
        }
        true
    }

    /// A function of the script that tells whether the service is healthy by returning
    /// `True` or `False` alone: every `return` gives `False` (or nothing), but the last
    /// statement of its body, `return True` — or of a `try`/`with` that ends its body. The
    /// function; `None` for another function.
    fn verdict_function(&self, call: Node<'a>) -> Option<Node<'a>> {
        if call.kind() != "call" {
            return None;
        }
        let f = call.child_by_field_name("function")?;
        if !matches!(f.kind(), "identifier" | "attribute") {
            return None;
        }
        let func = *self.functions.get(self.text(f))?;
        let body = func.child_by_field_name("body")?;
        let looped = self.truth_in_loop(func);
        // The `return True` statements allowed: the tail of the body, through a `try` or a
        // `with` that ends it.
        let mut tails = Vec::new();
        let mut block = body;
        loop {
            let last = named(block).into_iter().rfind(|s| s.kind() != "comment")?;
            match last.kind() {
                "return_statement" => {
                    tails.push(last.id());
                    break;
                }
                // `while True:` whose rounds return True or False ([`Py::truth_in_loop`]).
                "while_statement" if looped && block.id() == body.id() => break,
                "try_statement" | "with_statement" => {
                    block = last.child_by_field_name("body")?;
                }
                // `if percent_free < 20: print(…); return False` / `else: print(…); return
                // True`: the `if` returns, and the `else` is the tail.
                "if_statement" => {
                    let parts = named(last);
                    let [_, then, otherwise] = parts.as_slice() else {
                        return None;
                    };
                    // (A `then` that fails is not read: it must only report.)
                    let fails = named(*then)
                        .into_iter()
                        .rfind(|s| s.kind() != "comment")
                        .is_some_and(|s| {
                            s.kind() == "return_statement"
                                && named(s).first().is_none_or(|v| v.kind() != "true")
                        });
                    if otherwise.kind() != "else_clause"
                        || !always_returns(*then)
                        || (fails && !self.fails_quietly(*then))
                    {
                        return None;
                    }
                    block = otherwise.child_by_field_name("body")?;
                }
                _ => return None,
            }
        }
        let mut ok = true;
        let mut stack = vec![body];
        while let Some(n) = stack.pop() {
            match n.kind() {
                "function_definition" | "lambda" | "class_definition" => continue,
                "yield" | "await" => ok = false,
                "return_statement" => {
                    let value = named(n).first().map(|v| v.kind());
                    ok &= match value {
                        Some("true") => {
                            tails.contains(&n.id()) || looped || self.nested_truth(n, body)
                        }
                        // `return data.get("status") == "healthy"`: `True` where the test
                        // holds, `False` elsewhere.
                        Some(k) if is_test(k) => {
                            tails.contains(&n.id()) || self.nested_truth(n, body)
                        }
                        None | Some("false") => true,
                        _ => false,
                    };
                }
                _ => {}
            }
            stack.extend(named(n));
        }
        ok.then_some(func)
    }

    /// `if r.status_code == 200: data = r.json(); if data["status"] == "UP": return True`
    /// before the function's `return False`: a `return True` last in the body of `if`s (no
    /// `elif` or `else`), each of them last in the body of the one around it, the outermost
    /// standing in the function's body (or in the body of a `try` or `with` that ends it).
    /// Read as the `if`s' conditions required, in turn, and the function's pass there.
    fn nested_truth(&self, ret: Node, body: Node) -> bool {
        // The blocks the function's last statements stand in: its body, then the body of a
        // `try` or `with` that ends it, and so on.
        let mut tails = vec![body.id()];
        let mut block = body;
        while let Some(last) = named(block).into_iter().rfind(|s| s.kind() != "comment") {
            match last
                .child_by_field_name("body")
                .filter(|_| matches!(last.kind(), "try_statement" | "with_statement"))
            {
                Some(inner) => {
                    tails.push(inner.id());
                    block = inner;
                }
                None => break,
            }
        }
        let last_in = |s: Node, block: Node| {
            named(block)
                .into_iter()
                .rfind(|x| x.kind() != "comment")
                .is_some_and(|x| x.id() == s.id())
        };
        let mut at = ret;
        loop {
            let Some(block) = at.parent().filter(|b| b.kind() == "block") else {
                return false;
            };
            if tails.contains(&block.id()) {
                // (A tail's own last statement is read elsewhere.)
                return at.id() != ret.id();
            }
            if !last_in(at, block) {
                return false;
            }
            // (`else: print(…); return False` fails where the `if` does not hold, as the
            // function's `return False` after it would.)
            let Some(owner) = block.parent().filter(|o| {
                o.kind() == "if_statement"
                    && (!has_other_branches(*o) || self.else_fails(*o))
                    && o.child_by_field_name("consequence").map(|c| c.id()) == Some(block.id())
            }) else {
                return false;
            };
            at = owner;
        }
    }

    /// An `if` whose one other branch is an `else` that fails quietly
    /// ([`Py::fails_quietly`]).
    fn else_fails(&self, n: Node) -> bool {
        let others = other_branches(n);
        let [e] = others.as_slice() else {
            return false;
        };
        e.kind() == "else_clause"
            && e.child_by_field_name("body")
                .is_some_and(|b| self.fails_quietly(b))
    }

    /// A verdict function's block that ends in `return False` (or `None`, or nothing) after
    /// statements that only report: a branch read as the function's failure, whose other
    /// statements are not read (an `if maintenance: sys.exit(0)` among them would pass the
    /// script).
    fn fails_quietly(&self, block: Node) -> bool {
        let stmts: Vec<Node> = named(block)
            .into_iter()
            .filter(|s| s.kind() != "comment")
            .collect();
        let Some((last, before)) = stmts.split_last() else {
            return false;
        };
        last.kind() == "return_statement"
            && returns_falsy(*last)
            && before.iter().all(|s| self.is_inert_statement(*s))
    }

    /// `while True:` (or `while 1:`) with no `break` of its own: left only by a `return`, a
    /// raise or the script's exit.
    fn endless_without_break(&self, n: Node) -> bool {
        if n.kind() != "while_statement"
            || n.child_by_field_name("alternative").is_some()
            || !n.child_by_field_name("condition").is_some_and(|c| {
                matches!(
                    self.text(c)
                        .trim_matches(|c: char| c == '(' || c == ')' || c.is_whitespace()),
                    "True" | "1"
                )
            })
        {
            return false;
        }
        let mut breaks = false;
        let mut stack: Vec<Node> = n.child_by_field_name("body").into_iter().collect();
        while let Some(x) = stack.pop() {
            match x.kind() {
                "break_statement" => breaks = true,
                // A `break` there leaves that loop, not this one.
                "for_statement"
                | "while_statement"
                | "function_definition"
                | "lambda"
                | "class_definition" => {}
                _ => stack.extend(named(x)),
            }
        }
        !breaks
    }

    /// A verdict function whose `return True` ends the attempts of its one loop: `for _ in
    /// range(3): try: … if r.status == 200: return True … except …: pass` then `return
    /// False`. Its loop is read as the script's retried check with `return True` for the exit
    /// that passes, so the reading of its body passes where the function returns True, and
    /// goes on after the call there. Only so when every `return True` is inside that loop
    /// (not in a function or loop within it), the body ends with the failure after it, and
    /// nothing in the function ends the script itself (whose pass would not go on).
    fn truth_in_loop(&self, func: Node) -> bool {
        let Some(body) = func.child_by_field_name("body") else {
            return false;
        };
        // (A report between the loop and its `return False`, `print("gave up")`, is no
        // statement of the verdict's.)
        let statements: Vec<Node> = named(body)
            .into_iter()
            .filter(|s| {
                s.kind() != "comment"
                    && !self.is_docstring(*s)
                    && !(s.kind() == "expression_statement"
                        && named(*s)
                            .first()
                            .is_some_and(|c| c.kind() == "call" && self.is_harmless_call(*c)))
            })
            .collect();
        // The loop, then the failure when its rounds run out; or a `while True:` the function
        // leaves only by its returns (a give-up in the round: `if time.time() - start >
        // timeout: return False`), whose end nothing reaches.
        let (the_loop, fails) = match statements.as_slice() {
            [.., the_loop, tail] if tail.kind() == "return_statement" => {
                (the_loop, returns_falsy(*tail))
            }
            [.., the_loop] => (the_loop, self.endless_without_break(*the_loop)),
            [] => return false,
        };
        if !fails || !matches!(the_loop.kind(), "for_statement" | "while_statement") {
            return false;
        }
        let mut inside = 0;
        let mut ok = true;
        let mut stack = vec![body];
        while let Some(n) = stack.pop() {
            match n.kind() {
                "function_definition" | "lambda" | "class_definition" if n.id() != func.id() => {
                    continue;
                }
                "for_statement" | "while_statement" if n.id() != the_loop.id() => {
                    // A `return True` in a loop within the loop would leave both.
                    let mut nested = false;
                    walk(n, &mut |c| {
                        nested |= c.kind() == "return_statement"
                            && named(c).first().is_some_and(|v| v.kind() == "true")
                    });
                    ok &= !nested;
                }
                "return_statement" if named(n).first().is_some_and(|v| v.kind() == "true") => {
                    let within = std::iter::successors(n.parent(), |p| p.parent())
                        .take_while(|p| p.id() != body.id())
                        .any(|p| p.id() == the_loop.id());
                    ok &= within;
                    inside += 1;
                }
                "expression_statement" | "raise_statement" => {
                    ok &= self.exit_of(n).is_none();
                }
                _ => {}
            }
            stack.extend(named(n));
        }
        ok && inside > 0
    }

    /// A call of the script's function that reports and then ends the script, with a status
    /// its arguments give: `def finish(state, msg): print(msg); sys.exit(state)` called as
    /// `finish(2, "down")`, or with a constant `(2, "CRITICAL")` and `sys.exit(state[0])`.
    /// The status; `None` for another function, or a status probekit cannot read.
    fn helper_exit(&self, call: Node) -> Option<i64> {
        let function = call.child_by_field_name("function")?;
        let func = *self.functions.get(self.text(function))?;
        let body: Vec<Node> = named(func.child_by_field_name("body")?)
            .into_iter()
            .filter(|s| s.kind() != "comment" && !self.is_docstring(*s))
            .collect();
        let (last, before) = body.split_last()?;
        let reports_only = |s: &Node| {
            self.is_inert_statement(*s)
                || (s.kind() == "if_statement"
                    && s.child_by_field_name("condition")
                        .is_some_and(|c| !self.may_raise(vec![c]))
                    && named(*s).iter().all(|c| match c.kind() {
                        "block" => self.is_inert(*c),
                        "elif_clause" | "else_clause" => c
                            .child_by_field_name("body")
                            .is_some_and(|b| self.is_inert(b)),
                        _ => true,
                    }))
        };
        if !before.iter().all(reports_only) {
            return None;
        }
        let exit = named(*last).first().copied().filter(|c| {
            last.kind() == "expression_statement"
                && c.kind() == "call"
                && matches!(self.callee(*c).as_str(), "sys.exit" | "exit")
        })?;
        let arg = named(exit.child_by_field_name("arguments")?)
            .into_iter()
            .next();
        // The parameter the status comes from, and an index into it (`state[0]`).
        let (param, index) = match arg {
            None => return Some(0),
            Some(a) if a.kind() == "identifier" => (self.text(a), None),
            Some(a) if a.kind() == "subscript" => {
                let base = a.child_by_field_name("value")?;
                let index: usize = self
                    .text(a.child_by_field_name("subscript")?)
                    .parse()
                    .ok()?;
                (self.text(base), Some(index))
            }
            // A literal status, or a constant of the script's.
            Some(a) => return self.exit_number(Some(a)),
        };
        if named(call.child_by_field_name("arguments")?)
            .iter()
            .any(|a| {
                matches!(
                    a.kind(),
                    "list_splat" | "dictionary_splat" | "parenthesized_list_splat"
                )
            })
        {
            return None;
        }
        // (A method's `self` is the instance it is called on, not the first argument.)
        let (takes_self, params) = self.matched_arguments(func, call).ok()?;
        if takes_self && function.kind() != "attribute" {
            return None;
        }
        let Some((_, given)) = params.iter().find(|(name, _)| *name == param) else {
            // Not a parameter: a constant of the script's (`sys.exit(CRITICAL)`).
            return if index.is_none() {
                self.exit_number(arg)
            } else {
                None
            };
        };
        let value = (*given)?;
        match index {
            None => self.exit_number(Some(value)),
            Some(i) => match self.value_any(value).ok()? {
                Val::Tuple(items) => match items.get(i)? {
                    Val::Num(v) if v.fract() == 0.0 => Some(*v as i64),
                    _ => None,
                },
                _ => None,
            },
        }
    }

    /// `raise SystemExit(…)`: the call, which ends the script as `sys.exit(…)` does.
    fn raised_exit(&self, s: Node<'a>) -> Option<Node<'a>> {
        named(s)
            .first()
            .copied()
            .filter(|c| c.kind() == "call" && self.callee(*c) == "SystemExit")
    }

    /// Whether a block ends the script with a failure: `sys.exit(N≠0)`, `raise`, `return N≠0`.
    /// Whether every way through an `except` block fails the script: its first statement that
    /// exits (or raises) does so with a known failing code, and nothing before it may end the
    /// script or the function otherwise (`if e.code == 500: sys.exit(0)`).
    fn handler_fails(&self, block: Node) -> bool {
        for s in named(block) {
            if let Some(status) = self.exit_of(s) {
                return status.is_some_and(|c| c != 0);
            }
            let mut ends = false;
            walk(s, &mut |x| {
                ends |= x.kind() == "return_statement"
                    || self
                        .exit_of(x)
                        .is_some_and(|status| status.is_none_or(|c| c == 0));
            });
            if ends {
                return false;
            }
        }
        false
    }

    fn fails(&self, block: Node) -> bool {
        named(block).iter().any(|s| self.fails_statement(*s))
    }

    /// Whether a statement ends the script with a failure it states (`sys.exit(2)`, `raise`);
    /// not one whose status is computed (`sys.exit(0 if ok else 1)`), which may pass.
    fn fails_statement(&self, s: Node) -> bool {
        matches!(self.exit_of(s), Some(Some(status)) if status != 0)
    }

    /// An `if` without other branches that tests whether a name's text starts with (or holds)
    /// a literal, and whose body is only `NAME = NAME.replace(THAT, OTHER)`: the same as the
    /// replacement alone. (`startswith` where the text sits later in the value, and only
    /// there, would differ: a URL's scheme is at its start.)
    fn replaces_what_it_tests(&self, n: Node, cond: Node, body: Node) -> bool {
        if has_other_branches(n) {
            return false;
        }
        let (name, tested) = match cond.kind() {
            "call" => match self.method_call(cond, "startswith") {
                Some((object, args))
                    if object.kind() == "identifier"
                        && matches!(args.as_slice(), [arg] if arg.kind() == "string") =>
                {
                    (self.text(object), self.text(args[0]))
                }
                _ => return false,
            },
            "comparison_operator" if self.operator_of(cond) == "in" => match named(cond).as_slice()
            {
                [needle, hay] if needle.kind() == "string" && hay.kind() == "identifier" => {
                    (self.text(*hay), self.text(*needle))
                }
                _ => return false,
            },
            _ => return false,
        };
        let statements = named(body);
        let [st] = statements.as_slice() else {
            return false;
        };
        let Some(a) = named(*st)
            .into_iter()
            .next()
            .filter(|a| a.kind() == "assignment")
        else {
            return false;
        };
        let (Some(left), Some(right)) = (
            a.child_by_field_name("left"),
            a.child_by_field_name("right"),
        ) else {
            return false;
        };
        st.kind() == "expression_statement"
            && self.text(left) == name
            && self.method_call(right, "replace").is_some_and(|(object, args)| {
                self.text(object) == name
                    && matches!(args.as_slice(), [from, to] if self.text(*from) == tested && to.kind() == "string")
            })
    }

    /// `if`/`elif`/`else`: every branch but one fails the script, so the script requires the
    /// conditions that lead to that one (and the others' negations, in order), then goes on
    /// with it; or no branch goes on at all and each condition is forbidden.
    fn if_statement(&mut self, n: Node<'a>) -> Result<Flow, Unsupported> {
        let cond = n.child_by_field_name("condition").ok_or("an if")?;
        let body = n.child_by_field_name("consequence").ok_or("an if")?;
        // `if __name__ == "__main__":` runs its body.
        if self.text(cond).replace('\'', "\"") == "__name__ == \"__main__\"" {
            return self.block(body);
        }
        // `if sys.version_info[0] < 3: … else: …`: what Python 3 runs (a kept script runs on
        // python3), the other branch never.
        if let Some(py3) = self.python3_test(cond) {
            let clauses = other_branches(n);
            match (py3, clauses.as_slice()) {
                (true, _) => return self.block(body),
                (false, []) => return Ok(Flow::Continue),
                (false, [e]) if e.kind() == "else_clause" => {
                    return self.block(e.child_by_field_name("body").ok_or("an else")?);
                }
                _ => {}
            }
        }
        // `if url.startswith("postgresql+asyncpg://"): url = url.replace("postgresql+asyncpg://",
        // "postgresql://")`: where the text is not there, replacing it changes nothing.
        if self.replaces_what_it_tests(n, cond, body) {
            return self.block(body);
        }
        // In a wait loop, `if CHECK: break` as the attempt's last word: an attempt passes
        // exactly when CHECK holds; otherwise the loop goes round again.
        if self.in_wait
            && self.last_in_attempt()
            && (self.breaks_here(body) || self.returns_from_wait(body))
        {
            let otherwise = other_branches(n);
            let inert_else = match otherwise.as_slice() {
                [] => true,
                [e] if e.kind() == "else_clause" => e
                    .child_by_field_name("body")
                    .is_some_and(|b| self.is_inert(b)),
                _ => false,
            };
            if inert_else {
                self.requirement(cond, true, n)?;
                return self.block(body);
            }
        }
        if self.default_filled(n, cond, body) {
            return Ok(Flow::Continue);
        }
        // `if db_host:` with `db_host = os.getenv("DB_HOST", "")`: the checks inside run only
        // where the variable is set, behind a gate.
        if let Some(flow) = self.environment_gate(n, cond, body)? {
            return Ok(flow);
        }
        if let Some(flow) = self.marker_gate(n, cond, body)? {
            return Ok(flow);
        }
        // `if os.path.exists("/tmp/booting.flag"): sys.exit(0)` before the checks: a marker
        // file that passes the script, read once for each way it comes out behind a gate of
        // `test -e PATH` (probed before anything else, as the script tests it first).
        if self.drafts.is_empty()
            && !named(n)
                .iter()
                .any(|c| matches!(c.kind(), "elif_clause" | "else_clause"))
            && self.passes(body)
            && self.nothing_fails_before(n)
            && let Some(holds) = self.settled_file_test(cond)?
        {
            return if holds {
                self.block(body)
            } else {
                Ok(Flow::Continue)
            };
        }
        // A test of the environment with other branches: this reading's way.
        if let Some(holds) = self.settled_test(cond)? {
            if holds {
                return self.block(body);
            }
            for clause in named(n) {
                match clause.kind() {
                    "elif_clause" => {
                        let c = clause.child_by_field_name("condition").ok_or("an elif")?;
                        let b = clause.child_by_field_name("consequence").ok_or("an elif")?;
                        match self.settled_test(c)? {
                            Some(true) => return self.block(b),
                            Some(false) => {}
                            None => {
                                return Err(format!(
                                    "line {}: an `elif` after a test of the environment",
                                    self.line(clause)
                                ));
                            }
                        }
                    }
                    "else_clause" => {
                        return self.block(clause.child_by_field_name("body").ok_or("an else")?);
                    }
                    _ => {}
                }
            }
            return Ok(Flow::Continue);
        }
        // `if not client.ping(): …`: a redis ping returns True or raises, so only the branch
        // of a true ping runs (after the probe).
        if let Some(truthy) = self.redis_ping_test(cond)? {
            let otherwise = named(n)
                .into_iter()
                .find(|c| matches!(c.kind(), "elif_clause" | "else_clause"));
            return match (truthy, otherwise) {
                (true, _) => self.block(body),
                (false, None) => Ok(Flow::Continue),
                (false, Some(e)) if e.kind() == "else_clause" => {
                    self.block(e.child_by_field_name("body").ok_or("an else")?)
                }
                (false, Some(e)) => Err(format!(
                    "line {}: an `elif` after a redis ping",
                    self.line(e)
                )),
            };
        }
        let mut branches: Vec<(Option<Node<'a>>, Node<'a>)> = vec![(Some(cond), body)];
        for clause in named(n) {
            match clause.kind() {
                "elif_clause" => branches.push((
                    clause.child_by_field_name("condition"),
                    clause.child_by_field_name("consequence").ok_or("an elif")?,
                )),
                // An `else` that only reports (and counts a loop's attempts) changes nothing.
                "else_clause" => {
                    let body = clause.child_by_field_name("body").ok_or("an else")?;
                    if !self.is_inert(body) {
                        branches.push((None, body));
                    }
                }
                _ => {}
            }
        }
        let has_else = branches.last().is_some_and(|(c, _)| c.is_none());
        // `if r.status != 200: print(…); failed.append(url)`: the branch marks a failure the
        // script tests later, which is to say it fails where that test does.
        let marking: Vec<Option<Vec<String>>> =
            branches.iter().map(|(_, b)| self.marks(*b)).collect();
        for (k, m) in marking.iter().enumerate() {
            if let Some(names) = m {
                self.apply_marks(names, branches[k].1);
            }
        }
        let going_on: Vec<usize> = (0..branches.len())
            .filter(|&k| !self.fails(branches[k].1) && marking[k].is_none())
            .collect();
        let line = self.line(n);
        let unsupported =
            move || format!("line {line}: an `if` whose branches probekit cannot express");
        let last = branches.len() - 1;
        match (going_on.as_slice(), has_else) {
            // Every branch fails and none is an `else`: no condition may hold.
            ([], false) => {
                for (c, _) in &branches {
                    self.requirement(c.ok_or_else(unsupported)?, false, n)?;
                }
                Ok(Flow::Continue)
            }
            // Without an `else`, not entering any branch goes on too: the one branch that goes
            // on must be the last, and only report.
            ([k], false) if *k == last && self.is_inert(branches[last].1) => {
                for (c, _) in &branches[..last] {
                    self.requirement(c.ok_or_else(unsupported)?, false, n)?;
                }
                // Its own test only decides what the script prints: a check the suite makes
                // as a warning, where that can be read; else a call in it may raise. A key it
                // reads of a response's JSON must be there all the same (`KeyError`).
                if let Some(c) = branches[last].0
                    && !self.require_json_reads(c, true)
                {
                    return Err(format!(
                        "line {line}: a test that reads a key of the answer only where another part of it holds"
                    ));
                }
                if let Some(c) = branches[last].0
                    && !self.reported_check(n, c)
                {
                    // A function that also changes the machine (writes a file a later test
                    // reads) cannot be left uncalled.
                    if let Some(f) = self.changing_call(c) {
                        return Err(format!(
                            "line {line}: `{f}` only decides what the script prints, and it changes the machine too (writes, removes or runs something), which the suite would not do"
                        ));
                    }
                    self.warn_unmade_calls(c);
                }
                Ok(Flow::Continue)
            }
            // Without an `else`, a branch that passes the script when what follows the `if`
            // always fails: the script passes exactly through that branch. (Through an `if`
            // of its own too: `if r.status_code == 200: data = r.json(); if data["status"] ==
            // "UP": return 0` before `return 1`, whose inner test is read the same way.)
            ([k], false) if self.may_pass(branches[*k].1) && self.fails_afterwards() => {
                let k = *k;
                for (c, _) in &branches[..k] {
                    self.requirement(c.ok_or_else(unsupported)?, false, n)?;
                }
                self.requirement(branches[k].0.ok_or_else(unsupported)?, true, n)?;
                self.block(branches[k].1)
            }
            // With an `else`, one branch goes on: the earlier conditions must not hold, and its
            // own must.
            ([k], true) => {
                let k = *k;
                for (c, _) in &branches[..k] {
                    self.requirement(c.ok_or_else(unsupported)?, false, n)?;
                }
                if let Some(c) = branches[k].0 {
                    self.requirement(c, true, n)?;
                }
                self.block(branches[k].1)
            }
            _ => Err(unsupported()),
        }
    }

    /// `if X:` / `if not X:` (no `elif`/`else`) where X is text from the environment: a gate
    /// (`test -n X`, or `-z`) that the body's probes depend on, which count as passed when it
    /// is closed. A known text picks the branch. `None` for another `if`.
    fn environment_gate(
        &mut self,
        n: Node<'a>,
        cond: Node<'a>,
        body: Node<'a>,
    ) -> Result<Option<Flow>, Unsupported> {
        if has_other_branches(n) {
            return Ok(None);
        }
        let (subject, set) = match cond.kind() {
            "not_operator" => match cond.child_by_field_name("argument") {
                Some(a) => (a, false),
                None => return Ok(None),
            },
            _ => (cond, true),
        };
        if !matches!(subject.kind(), "identifier" | "call" | "subscript") {
            return Ok(None);
        }
        let Ok(Val::Text(value)) = self.value_any(subject) else {
            return Ok(None);
        };
        if let Some(known) = value.as_literal() {
            // Python's truth of a string: not empty.
            return Ok(Some(if known.is_empty() != set {
                self.block(body)?
            } else {
                Flow::Continue
            }));
        }
        let before = self.drafts.len();
        let drafts_before = self.drafts.clone();
        let outer = self.vars.clone();
        let seen = |vars: &HashMap<String, Val>| {
            // (A request made where it is tested is kept under its call's text.)
            vars.iter()
                .filter(|(k, _)| !k.contains('('))
                .map(|(k, v)| (k.clone(), format!("{v:?}")))
                .collect::<std::collections::BTreeMap<_, _>>()
        };
        let flow = match self.block(body) {
            Ok(flow) => flow,
            // `if not url: print(USAGE); sys.exit(1)` before the checks: read once for each
            // way (a fork on the test), the failing one making the test a requirement.
            Err(_) if self.drafts.len() == before => {
                self.vars = outer;
                self.drafts = drafts_before;
                return Ok(None);
            }
            Err(e) => return Err(e),
        };
        // `if api_key: request.add_header(…)` changes what the rest sees, `if strict:
        // r.raise_for_status()` what is asked of an earlier request: not a gate, a reading of
        // each way (`settled_test`).
        if seen(&self.vars) != seen(&outer) || self.drafts[..before] != drafts_before[..] {
            self.vars = outer;
            self.drafts = drafts_before;
            return Ok(None);
        }
        if flow != Flow::Continue {
            // `if not url: sys.exit(0)` before the checks: read once for each way (a fork
            // on the test), which the other readings of such tests do.
            if self.drafts.len() == before {
                self.vars = outer;
                self.drafts = drafts_before;
                return Ok(None);
            }
            return Err(format!(
                "line {}: an `if` on the environment that ends the script",
                self.line(n)
            ));
        }
        if self.drafts.len() == before {
            return Ok(Some(Flow::Continue));
        }
        let name = self.unique_name("environment-gate");
        let mut gate = Draft::new(
            name.clone(),
            self.line(n),
            Check::Command {
                argv: vec![
                    Text::lit("test"),
                    Text::lit(if set { "-n" } else { "-z" }),
                    value,
                ],
                timeout: None,
                stdin: None,
                merge_stderr: false,
                words: Vec::new(),
            },
        );
        gate.gate = true;
        for d in &mut self.drafts[before..] {
            d.depends_on.push(name.clone());
        }
        self.drafts.insert(before, gate);
        Ok(Some(Flow::Continue))
    }

    /// `DEFAULT_URL` where the module assigns it a literal once (`DEFAULT_URL =
    /// "http://…"`) and nothing else assigns it: the literal, for what is read before the
    /// module's statements run (argparse's defaults).
    fn module_constant(&self, n: Node) -> Option<String> {
        if n.kind() != "identifier" {
            return None;
        }
        let name = self.text(n);
        let root = self.root?;
        let mut found = None;
        let mut assigned = 0;
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            if matches!(node.kind(), "assignment" | "augmented_assignment")
                && node
                    .child_by_field_name("left")
                    .is_some_and(|l| self.text(l).split(',').any(|w| w.trim() == name))
            {
                assigned += 1;
                let top = node
                    .parent()
                    .and_then(|p| p.parent())
                    .is_some_and(|g| g.id() == root.id());
                if top && node.kind() == "assignment" {
                    found = node
                        .child_by_field_name("right")
                        .filter(|r| matches!(r.kind(), "string" | "integer" | "float"))
                        .and_then(|r| self.value(r).ok())
                        .and_then(|t| t.as_literal());
                }
            }
            stack.extend(named(node));
        }
        (assigned == 1).then_some(found).flatten()
    }

    /// Whether this reading is the one where the caller gave the option `dest` (`if
    /// args.token:` came out true), so that its value is the caller's, not None.
    fn assumed_given(&self, dest: &str) -> bool {
        let argv = [
            Text::lit("test"),
            Text::lit("-n"),
            Text(vec![Piece::Var(dest.to_string(), None)]),
        ];
        self.assume.get(&fork_key(&argv)) == Some(&true)
    }

    /// How a test of the environment or the arguments comes out in this reading: `None`
    /// when `cond` is not one; an error that asks for a reading of each way when it is not
    /// settled yet.
    fn settled_test(&self, cond: Node) -> Result<Option<bool>, Unsupported> {
        if let Some((value, re, positive)) = self.env_text_test(cond) {
            let argv = vec![Text::lit("printf"), Text::lit("%s"), value];
            return self.settle_text(argv, Some(re), positive, cond);
        }
        let Some((argv, positive)) = self.env_test(cond) else {
            return Ok(None);
        };
        self.settle(argv, positive, cond)
    }

    /// Whether `n` is text of the environment that is never None and never raises where a
    /// variable is unset: `os.environ.get("X", "default")` (or `os.getenv`), `… or "default"`,
    /// or a name bound only to such values.
    fn text_of_environment(&self, n: Node) -> bool {
        let with_default = |v: Node| -> bool {
            match v.kind() {
                "call" => self
                    .env_get_args(v)
                    .is_some_and(|args| matches!(args.as_slice(), [_, d] if d.kind() == "string")),
                "boolean_operator" => {
                    v.child_by_field_name("operator")
                        .is_some_and(|o| self.text(o) == "or")
                        && v.child_by_field_name("right")
                            .is_some_and(|r| r.kind() == "string")
                }
                _ => false,
            }
        };
        match n.kind() {
            "identifier" => {
                let Some(root) = self.root else { return false };
                let bindings = self.bindings_of(root, self.text(n));
                !bindings.is_empty()
                    && bindings.iter().all(|b| {
                        b.kind() == "assignment"
                            && b.child_by_field_name("left")
                                .is_some_and(|l| l.kind() == "identifier")
                            && b.child_by_field_name("right").is_some_and(with_default)
                    })
            }
            _ => with_default(n),
        }
    }

    /// `url.startswith("postgres://")`, `url.endswith("/")`, `":" in host`, `"sslmode=require"
    /// in url.lower()` (`not …` too), of a value of the environment: the value, the regex its
    /// whole text matches where the test holds, and whether the condition holds then.
    fn env_text_test(&self, cond: Node) -> Option<(Text, String, bool)> {
        // The value, and whether the script lowered it first (the literal then lowercase
        // ASCII: the regex ignores case).
        let value = |n: Node| -> Option<(Text, bool)> {
            let (n, lowered) = match n.kind() {
                "call"
                    if named(n.child_by_field_name("arguments")?).is_empty()
                        && n.child_by_field_name("function").is_some_and(|f| {
                            f.kind() == "attribute"
                                && f.child_by_field_name("attribute")
                                    .is_some_and(|a| self.text(a) == "lower")
                        }) =>
                {
                    let f = n.child_by_field_name("function")?;
                    (f.child_by_field_name("object")?, true)
                }
                _ => (n, false),
            };
            if !self.text_of_environment(n) {
                return None;
            }
            match self.value_any(n) {
                Ok(Val::Text(t)) if t.as_literal().is_none() => Some((t, lowered)),
                _ => None,
            }
        };
        // A plain literal: no escape (`"\x77"` is what Python decodes, not its spelling), and
        // printable ASCII, lowercase where the value was lowered.
        let literal = |n: Node, lowered: bool| -> Option<String> {
            if n.kind() != "string" || self.text(n).contains('\\') {
                return None;
            }
            let t = self.string(n)?.as_literal()?;
            (!t.is_empty()
                && t.chars().all(|c| c.is_ascii() && !c.is_ascii_control())
                && (!lowered || !t.chars().any(|c| c.is_ascii_uppercase())))
            .then_some(t)
        };
        // The literal as a regex on the value: each ASCII letter of it either case where the
        // value was lowered, and the two other characters `str.lower()` makes ASCII letters of:
        // the Kelvin sign (`k`), and `İ` (`i` then a combining dot, so only as the literal's
        // last letter, and not where the value must end there).
        let pattern = |lit: &str, lowered: bool, ends: bool| -> String {
            let chars: Vec<char> = lit.chars().collect();
            let mut out = String::from("(?s)");
            for (k, c) in chars.iter().enumerate() {
                if !lowered || !c.is_ascii_alphabetic() {
                    out.push_str(&regex::escape(&c.to_string()));
                    continue;
                }
                out.push('[');
                out.push(*c);
                out.push(c.to_ascii_uppercase());
                if *c == 'k' {
                    out.push_str(r"\x{212A}");
                }
                if *c == 'i' && k + 1 == chars.len() && !ends {
                    out.push_str(r"\x{130}");
                }
                out.push(']');
            }
            out
        };
        match cond.kind() {
            "not_operator" => self
                .env_text_test(cond.child_by_field_name("argument")?)
                .map(|(v, re, p)| (v, re, !p)),
            "parenthesized_expression" => self.env_text_test(*named(cond).first()?),
            // `"x" in VALUE`, `"x" not in VALUE`.
            "comparison_operator" => {
                let [needle, haystack] = named(cond).try_into().ok()?;
                let op = self.operator_of(cond);
                if !matches!(op.as_str(), "in" | "not in") {
                    return None;
                }
                let (v, lowered) = value(haystack)?;
                let lit = literal(needle, lowered)?;
                Some((v, pattern(&lit, lowered, false), op == "in"))
            }
            // `VALUE.startswith("x")`, `VALUE.endswith("x")`: one literal argument.
            "call" => {
                let f = cond.child_by_field_name("function")?;
                let method = self.text(f.child_by_field_name("attribute")?);
                let [arg] = named(cond.child_by_field_name("arguments")?)
                    .try_into()
                    .ok()?;
                let (v, lowered) = value(f.child_by_field_name("object")?)?;
                let lit = literal(arg, lowered)?;
                let re = match method {
                    "startswith" => pattern(&lit, lowered, false).replacen("(?s)", r"(?s)\A", 1),
                    "endswith" => pattern(&lit, lowered, true) + r"\z",
                    _ => return None,
                };
                Some((v, re, true))
            }
            _ => None,
        }
    }

    /// How the test `argv` (holding where `cond` does, or the other way) comes out in this
    /// reading, or an error that asks for a reading of each way.
    fn settle(
        &self,
        argv: Vec<Text>,
        positive: bool,
        cond: Node,
    ) -> Result<Option<bool>, Unsupported> {
        self.settle_text(argv, None, positive, cond)
    }

    /// [`Py::settle`] of a test whose command's output must match `matches` too.
    fn settle_text(
        &self,
        argv: Vec<Text>,
        matches: Option<String>,
        positive: bool,
        cond: Node,
    ) -> Result<Option<bool>, Unsupported> {
        let mut key = fork_key(&argv);
        if let Some(re) = &matches {
            key.push('\u{0}');
            key.push_str(re);
        }
        if let Some(v) = self.assume.get(&key) {
            return Ok(Some(*v == positive));
        }
        let mut fork = self.fork.borrow_mut();
        if fork.is_none() {
            *fork = Some(Fork {
                key,
                argv,
                matches,
                line: self.line(cond),
            });
        }
        Err(FORK.into())
    }

    /// Whether nothing the script runs before `n` may end it: `n` at the module's top level (or
    /// under `if __name__ == "__main__":`), after imports, definitions, docstrings and names
    /// bound to literals or to `os.environ.get(…)` (`os.environ["X"]` raises where X is unset,
    /// `int(…)` where it is not a number).
    fn nothing_fails_before(&self, n: Node) -> bool {
        let literal = |x: Node| {
            matches!(
                x.kind(),
                "string" | "integer" | "float" | "true" | "false" | "none" | "concatenated_string"
            ) && !self.text(x).contains('{')
        };
        let quiet = |x: Node| {
            literal(x)
                || (x.kind() == "call"
                    && matches!(self.callee(x).as_str(), "os.environ.get" | "os.getenv")
                    && x.child_by_field_name("arguments")
                        .is_some_and(|a| named(a).into_iter().all(literal)))
        };
        let settled = |st: Node| match st.kind() {
            "import_statement"
            | "import_from_statement"
            | "future_import_statement"
            | "function_definition"
            | "class_definition"
            | "decorated_definition"
            | "comment"
            | "pass_statement" => true,
            "expression_statement" => named(st).into_iter().all(|e| match e.kind() {
                "string" => true,
                "assignment" => {
                    e.child_by_field_name("left")
                        .is_some_and(|l| l.kind() == "identifier")
                        && e.child_by_field_name("right").is_some_and(quiet)
                }
                _ => false,
            }),
            _ => false,
        };
        let mut at = n;
        loop {
            let mut before = at.prev_sibling();
            while let Some(b) = before {
                if b.is_named() && !settled(b) {
                    return false;
                }
                before = b.prev_sibling();
            }
            let Some(parent) = at.parent() else {
                return true;
            };
            match parent.kind() {
                "module" => return true,
                "block" => at = parent,
                "if_statement"
                    if parent
                        .child_by_field_name("condition")
                        .is_some_and(|c| self.text(c).contains("__name__")) =>
                {
                    at = parent
                }
                _ => return false,
            }
        }
    }

    /// [`Self::settled_test`] of a file's test (`os.path.isfile(P)`, `Path(P).exists()`, `not
    /// …`) as `test -f P`, `-e`, `-d`: where the script names the path nowhere else (it does
    /// not make or remove the file itself).
    fn settled_file_test(&self, cond: Node) -> Result<Option<bool>, Unsupported> {
        let (call, positive) = match cond.kind() {
            "not_operator" => match cond.child_by_field_name("argument") {
                Some(a) => (a, false),
                None => return Ok(None),
            },
            _ => (cond, true),
        };
        if call.kind() != "call" {
            return Ok(None);
        }
        let Some((path, what)) = self.file_test(call) else {
            return Ok(None);
        };
        let Some(literal) = path.as_literal() else {
            return Ok(None);
        };
        if literal.is_empty() || self.src.matches(literal.as_str()).count() != 1 {
            return Ok(None);
        }
        let flag = match what {
            "file" => "-f",
            "directory" => "-d",
            _ => "-e",
        };
        self.settle(
            vec![Text::lit("test"), Text::lit(flag), path],
            positive,
            cond,
        )
    }

    /// `os.environ.get("X")` (true when set and not empty), `X == "v"`, `X != "v"`, `X in
    /// ("a", "b")`, `not …`, on a value of the environment: the `test` words that tell, and
    /// whether the condition holds when they pass.
    fn env_test(&self, cond: Node) -> Option<(Vec<Text>, bool)> {
        let env = |n: Node| match self.value_any(n) {
            Ok(Val::Text(t)) if t.as_literal().is_none() => Some(t),
            _ => None,
        };
        // `if TESTING:` with `TESTING = bool(os.environ.get("TESTING", False))`.
        if let Ok(Val::Truth(t)) = self.value_any(cond) {
            return Some((vec![Text::lit("test"), Text::lit("-n"), t], true));
        }
        // `if args.insecure:` (`store_true`: the suite's `${insecure}` is `true` when given),
        // `if args.token:` (no default: None, which is false, when not given; a required one
        // is what the caller gave, which may be empty).
        if cond.kind() == "attribute"
            && let Some(attr) = cond.child_by_field_name("attribute").map(|a| self.text(a))
            && let Some(arg) = self.arguments.iter().find(|a| a.dest == attr)
            && self.argument_value(attr, cond).is_some()
        {
            let late = arg.late_default.as_ref().map(|t| t.render());
            let value = Text(vec![Piece::Var(arg.dest.clone(), late)]);
            return if arg.switch {
                arg.true_when_given.then(|| {
                    (
                        vec![Text::lit("test"), value, Text::lit("="), Text::lit("true")],
                        true,
                    )
                })
            } else if arg.default.is_none() || arg.late_default.is_some() {
                // (With a default from the environment, `${token:-${TOKEN:-}}`.)
                Some((vec![Text::lit("test"), Text::lit("-n"), value], true))
            } else {
                None
            };
        }
        // A string, or a name the script bound to one (`== BOOTS_WITH_DEBUGGER`). Not a
        // number: the environment's text never equals one (`os.getenv("PORT", 9000) ==
        // 9000` holds only where the variable is unset).
        let lit = |n: Node| match n.kind() {
            "identifier" if !self.numbers.contains(self.text(n)) => {
                self.value(n).ok().and_then(|t| t.as_literal())
            }
            "string" | "concatenated_string" => self.string(n).and_then(|t| t.as_literal()),
            _ => None,
        };
        match cond.kind() {
            "not_operator" => self
                .env_test(cond.child_by_field_name("argument")?)
                .map(|(argv, p)| (argv, !p)),
            "parenthesized_expression" => self.env_test(*named(cond).first()?),
            // `not host or not port`: `test -n H -a -n P` that fails; `a and b`, `a or b`
            // of tests that hold in the same sense, each one `test`'s own three-word or
            // four-word expression (no `-o` of its own, which binds looser than `-a`).
            "boolean_operator" => {
                let op = self.text(cond.child_by_field_name("operator")?);
                let (left, p) = self.env_test(cond.child_by_field_name("left")?)?;
                let (right, q) = self.env_test(cond.child_by_field_name("right")?)?;
                let simple = |argv: &[Text]| {
                    matches!(argv.len(), 3 | 4)
                        && argv[1..]
                            .iter()
                            .all(|w| !matches!(w.as_literal().as_deref(), Some("-o" | "-a")))
                };
                if p != q || !simple(&left) || !simple(&right) {
                    return None;
                }
                // Both in the sense they hold (p), or both negated: ¬A ∨ ¬B is ¬(A ∧ B).
                let joined = match (op, p) {
                    ("and", true) | ("or", false) => "-a",
                    ("or", true) | ("and", false) => "-o",
                    _ => return None,
                };
                let mut argv = left;
                argv.push(Text::lit(joined));
                argv.extend(right.into_iter().skip(1));
                Some((argv, p))
            }
            "comparison_operator" => {
                let parts = named(cond);
                let [left, right] = parts.as_slice() else {
                    return None;
                };
                let op = self.operator_of(cond);
                let value = env(*left)?;
                let test = Text::lit("test");
                match op.as_str() {
                    "==" | "!=" => Some((
                        vec![test, value, Text::lit("="), Text::lit(lit(*right)?)],
                        op == "==",
                    )),
                    "in" | "not in" => {
                        let words: Vec<String> = match right.kind() {
                            "tuple" | "list" | "set" => {
                                named(*right).into_iter().map(lit).collect::<Option<_>>()?
                            }
                            _ => return None,
                        };
                        let mut argv = vec![test];
                        for (k, w) in words.into_iter().enumerate() {
                            if k > 0 {
                                argv.push(Text::lit("-o"));
                            }
                            argv.extend([value.clone(), Text::lit("="), Text::lit(w)]);
                        }
                        (argv.len() > 1).then_some((argv, op == "in"))
                    }
                    _ => None,
                }
            }
            "identifier" | "call" | "attribute" | "subscript" => {
                Some((vec![Text::lit("test"), Text::lit("-n"), env(cond)?], true))
            }
            _ => None,
        }
    }

    /// `if check_db(host): print("ok") else: print("database down")` where the `if` only
    /// decides what the script prints: the check as a probe that only warns, failing where
    /// the script reports a failure (the branch whose message says so). `false` (and nothing
    /// read) where the test is not a call of the script's own function that catches what it
    /// raises, or the messages do not say which side is the failure.
    fn reported_check(&mut self, n: Node<'a>, cond: Node<'a>) -> bool {
        let mut c = cond;
        let mut negated = false;
        loop {
            match c.kind() {
                "not_operator" => match c.child_by_field_name("argument") {
                    Some(inner) => {
                        negated = !negated;
                        c = inner;
                    }
                    None => return false,
                },
                "parenthesized_expression" => match named(c).first() {
                    Some(inner) => c = *inner,
                    None => return false,
                },
                _ => break,
            }
        }
        if c.kind() != "call"
            || !self
                .predicate_function(c)
                .is_some_and(|(func, _, _)| self.never_raises(func, c))
        {
            return false;
        }
        let then = n
            .child_by_field_name("consequence")
            .map_or(String::new(), |b| self.text(b).to_string());
        let otherwise = named(n)
            .into_iter()
            .find(|e| e.kind() == "else_clause")
            .map_or(String::new(), |e| self.text(e).to_string());
        if named(n).iter().any(|e| e.kind() == "elif_clause") {
            return false;
        }
        // Which side of the test reports the failure: the check must hold on the other.
        let holds = match (failure_message(&then), failure_message(&otherwise)) {
            (true, false) => negated,
            (false, true) => !negated,
            (false, false) if otherwise.is_empty() && success_message(&then) => !negated,
            _ => return false,
        };
        self.warning_requirement(c, holds, n)
    }

    /// `wait_for_db(**config)` as a statement, of a function of the script that says True or
    /// False, which nothing reads: the script goes on either way, and its checks only warn —
    /// where the function cannot raise instead ([`Self::never_raises`]). `false` (and nothing
    /// read) otherwise.
    fn unread_verdict(&mut self, call: Node<'a>) -> bool {
        let func = self
            .verdict_function(call)
            .or_else(|| self.predicate_function(call).map(|(f, _, _)| f));
        if !func.is_some_and(|f| self.never_raises(f, call))
            || self.changing_call(call).is_some()
            || call
                .parent()
                .is_none_or(|p| p.kind() != "expression_statement")
        {
            return false;
        }
        self.warning_requirement(call, true, call)
    }

    /// Whether a call of one of the script's functions ends without raising, whatever its
    /// checks meet (a hung or reset server too): each call the function makes is a report, a
    /// sleep, a read of the environment or a close, or is tried where everything its library
    /// raises is caught; its defaults are plain values; and nothing on the way converts what
    /// may not convert — an argument (`int(port)`, `os.environ["X"]`, `sys.argv[2]`), or a
    /// setting the function reads that the environment gives as text where the script's
    /// default is a number (`os.getenv("TIMEOUT", 30)`, compared with a number).
    fn never_raises(&self, func: Node<'a>, call: Node<'a>) -> bool {
        let plain_defaults = func.child_by_field_name("parameters").is_none_or(|p| {
            named(p).iter().all(|d| {
                !matches!(d.kind(), "default_parameter" | "typed_default_parameter")
                    || d.child_by_field_name("value").is_some_and(|v| {
                        matches!(
                            v.kind(),
                            "string" | "integer" | "float" | "true" | "false" | "none"
                        )
                    })
            })
        });
        if !plain_defaults {
            return false;
        }
        let arguments = call
            .child_by_field_name("arguments")
            .map_or("", |a| self.text(a));
        if ["int(", "float(", "environ[", "argv["]
            .iter()
            .any(|t| arguments.contains(t))
            || self.named_identifiers(call).iter().any(|name| {
                self.numbers.contains(name.as_str())
                    || !matches!(
                        self.vars.get(name.as_str()),
                        None | Some(
                            Val::Text(_)
                                | Val::Num(_)
                                | Val::Dict(_)
                                | Val::TlsContext { .. }
                                | Val::Unverified
                        )
                    )
                    || self.assigned_by_conversion(name)
            })
        {
            return false;
        }
        let Some(body) = func.child_by_field_name("body") else {
            return false;
        };
        if self
            .named_identifiers(body)
            .iter()
            .any(|name| self.assigned_mixed_number(name))
        {
            return false;
        }
        // `os.getenv("X")` without a default is None where X is unset, which the suite reads
        // as empty text (`"Bearer " + None` raises).
        let bare_env = |n: Node| {
            let mut found = false;
            walk(n, &mut |c| {
                found |= self.env_get_args(c).is_some_and(|args| args.len() < 2);
            });
            found
        };
        if bare_env(body) || bare_env(call) {
            return false;
        }
        let mut ok = true;
        walk(body, &mut |n| {
            if !ok {
                return;
            }
            // `os.environ["URL"]`, `data["status"]`, `e.response.status_code`: a subscript
            // raises where the key is missing, only caught in a `try`.
            if n.kind() == "subscript" {
                ok &= self.inside_catching_try(n, func);
                return;
            }
            if n.kind() != "call" {
                return;
            }
            let callee = self.callee(n);
            // `socket.socket(socket.AF_INET, socket.SOCK_STREAM)` makes a socket, connecting
            // nothing (it raises only where the process has no descriptor left).
            if callee == "socket.socket"
                && n.child_by_field_name("arguments").is_some_and(|a| {
                    named(a).iter().all(|x| {
                        let t = self.text(*x);
                        let t = t.strip_prefix("socket.").unwrap_or(t);
                        matches!(t, "AF_INET" | "AF_INET6" | "SOCK_STREAM" | "SOCK_DGRAM")
                    })
                })
            {
                return;
            }
            let quiet = raises_nothing(&callee)
                || callee.starts_with("time.")
                || matches!(
                    self.imports.get(callee.as_str()).map(String::as_str),
                    Some("time.sleep" | "time.time" | "time.monotonic")
                )
                || matches!(
                    callee.as_str(),
                    "str" | "repr" | "vars" | "range" | "len" | "enumerate" | "bool" | "isinstance"
                );
            // A report or a sleep raises nothing of its own; its arguments may, where they
            // read what may be unbound or missing (`r.status_code` after a `try` that failed,
            // `"%d" % url`, `time.sleep(os.getenv("DELAY", 1))`): only plain values then.
            if quiet {
                if !self.inside_catching_try(n, func) {
                    ok &= self.plain_arguments(n, func, call);
                }
                return;
            }
            ok &= self.inside_catching_try(n, func);
        });
        ok
    }

    /// Whether the nearest `try` whose body holds `n`, within `func`, catches all its library
    /// raises ([`Self::try_catches_failures`]).
    fn inside_catching_try(&self, n: Node<'a>, func: Node<'a>) -> bool {
        let mut up = n;
        while let Some(p) = up.parent() {
            if p.id() == func.id() {
                return false;
            }
            if p.kind() == "try_statement"
                && p.child_by_field_name("body")
                    .is_some_and(|b| b.id() == up.id())
            {
                return self.try_catches_failures(p);
            }
            up = p;
        }
        false
    }

    /// Whether every assignment of `name` in `func` is a whole number written (`n = 0`) or a
    /// step by one (`n += 1`, `n -= 1`): a count, which a report reads without raising.
    fn only_counted(&self, name: &str, func: Node) -> bool {
        let mut ok = true;
        walk(func, &mut |x| {
            let target = |side: &str| {
                x.child_by_field_name(side)
                    .is_some_and(|l| l.kind() == "identifier" && self.text(l) == name)
            };
            match x.kind() {
                "assignment" if target("left") => {
                    ok &= x
                        .child_by_field_name("right")
                        .is_some_and(|r| r.kind() == "integer");
                }
                "augmented_assignment" if target("left") => {
                    ok &= x
                        .child_by_field_name("right")
                        .is_some_and(|r| r.kind() == "integer")
                        && x.child_by_field_name("operator")
                            .is_some_and(|o| matches!(self.text(o), "+=" | "-="));
                }
                "for_statement" | "with_statement" | "global_statement" | "nonlocal_statement"
                    if self.text(x).contains(name) =>
                {
                    // Bound by a loop or a `with`, or shared with the module: not only a count.
                    let mut binds = false;
                    for side in ["left", "alias"] {
                        if let Some(l) = x.child_by_field_name(side) {
                            walk(l, &mut |y| {
                                binds |= y.kind() == "identifier" && self.text(y) == name
                            });
                        }
                    }
                    ok &= !binds && !matches!(x.kind(), "global_statement" | "nonlocal_statement");
                }
                _ => {}
            }
        });
        ok
    }

    /// Whether the arguments of a report or a sleep in `func` are plain: text without
    /// formatting of anything but the function's parameters, numbers, and parameters the
    /// call gives a literal (a sleep's number, a message's text).
    fn plain_arguments(&self, report: Node<'a>, func: Node<'a>, call: Node<'a>) -> bool {
        let Ok((_, bound)) = self.matched_arguments(func, call) else {
            return false;
        };
        let literal = |n: Node| {
            matches!(n.kind(), "integer" | "float" | "true" | "false" | "none")
                || (n.kind() == "string" && !self.text(n).contains('{'))
        };
        // Always bound where a report reads them: the parameters, an enclosing `for`'s names
        // and an enclosing handler's `as` name.
        let mut always: Vec<&str> = bound.iter().map(|(p, _)| *p).collect();
        let mut up = report;
        while let Some(p) = up.parent() {
            if p.id() == func.id() {
                break;
            }
            match p.kind() {
                "for_statement" => {
                    if let Some(l) = p.child_by_field_name("left") {
                        walk(l, &mut |x| {
                            if x.kind() == "identifier" {
                                always.push(self.text(x));
                            }
                        });
                    }
                }
                "except_clause" => {
                    if let Some(name) = self.caught_name(p) {
                        always.push(name);
                    }
                }
                _ => {}
            }
            up = p;
        }
        // Counts the function binds before the report: `attempt = 0` (then only `attempt +=
        // 1`), `max_attempts = 30`.
        if let Some(body) = func.child_by_field_name("body") {
            for st in named(body) {
                if st.start_byte() >= report.start_byte() {
                    break;
                }
                if let Some(a) = named(st).first().filter(|a| a.kind() == "assignment")
                    && let (Some(l), Some(r)) = (
                        a.child_by_field_name("left"),
                        a.child_by_field_name("right"),
                    )
                    && l.kind() == "identifier"
                    && r.kind() == "integer"
                    && self.only_counted(self.text(l), func)
                {
                    always.push(self.text(l));
                }
            }
        }
        let parameter = |name: &str| always.contains(&name);
        // `{attempt + 1}` of a loop's count, `{str(e)}` of the error caught.
        let simple = |e: Node| {
            match e.kind() {
            "identifier" => parameter(self.text(e)),
            "binary_operator" => named(e).iter().all(|x| {
                (x.kind() == "identifier" && parameter(self.text(*x))) || x.kind() == "integer"
            }),
            "call" if matches!(self.callee(e).as_str(), "str" | "repr") => e
                .child_by_field_name("arguments")
                .map(named)
                .is_some_and(|a| {
                    matches!(a.as_slice(), [x] if x.kind() == "identifier" && parameter(self.text(*x)))
                }),
            _ => false,
        }
        };
        let literal_parameter = |name: &str| {
            bound
                .iter()
                .any(|(p, v)| *p == name && v.is_some_and(&literal))
        };
        let sleep = self.callee(report).ends_with("sleep");
        report.child_by_field_name("arguments").is_some_and(|a| {
            named(a).iter().all(|x| {
                let x = match x.kind() {
                    "keyword_argument" => match x.child_by_field_name("value") {
                        Some(v) => v,
                        None => return false,
                    },
                    _ => *x,
                };
                match x.kind() {
                    "identifier" if sleep => literal_parameter(self.text(x)),
                    "identifier" => parameter(self.text(x)),
                    // `'%d is open' % port`: each value a parameter given a literal its
                    // conversion takes (`%d` an integer, `%s` anything).
                    "binary_operator" if !sleep => self.formats_literals(x, &bound),
                    // `f"waiting for {url}"`: each interpolation a parameter.
                    "string" if !sleep => named(x).iter().all(|part| {
                        part.kind() != "interpolation"
                            || named(*part).first().is_some_and(|e| simple(*e))
                    }),
                    _ => literal(x),
                }
            })
        })
    }

    /// `'%d of %s' % (n, name)` whose values are parameters the call gives literals that
    /// their conversions take: it cannot raise.
    fn formats_literals(&self, e: Node<'a>, bound: &[(&str, Option<Node<'a>>)]) -> bool {
        let (Some(left), Some(right)) = (
            e.child_by_field_name("left"),
            e.child_by_field_name("right"),
        ) else {
            return false;
        };
        if self.operator_of(e) != "%"
            || left.kind() != "string"
            || named(left).iter().any(|p| p.kind() == "interpolation")
        {
            return false;
        }
        let values: Vec<Node> = match right.kind() {
            "tuple" | "parenthesized_expression" => named(right),
            _ => vec![right],
        };
        let Some(text) = plain_key(self.text(left)) else {
            return false;
        };
        // The conversions, in order: `%%` is none; flags, width and precision are digits,
        // `-`, `+`, ` `, `#`, `0` and `.`.
        let mut conversions = Vec::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                continue;
            }
            let conv = chars.by_ref().find(|c| !"-+ #0123456789.".contains(*c));
            match conv {
                Some('%') => {}
                Some(c) => conversions.push(c),
                None => return false,
            }
        }
        conversions.len() == values.len()
            && conversions.iter().zip(&values).all(|(conv, v)| {
                let given = (v.kind() == "identifier")
                    .then(|| bound.iter().find(|(p, _)| *p == self.text(*v)))
                    .flatten()
                    .and_then(|(_, value)| *value);
                let Some(given) = given else {
                    return false;
                };
                match conv {
                    's' | 'r' => matches!(
                        given.kind(),
                        "integer" | "float" | "true" | "false" | "none" | "string"
                    ),
                    'd' | 'i' => given.kind() == "integer",
                    'f' | 'g' | 'e' => matches!(given.kind(), "integer" | "float"),
                    _ => false,
                }
            })
    }

    /// Whether a name is assigned the environment's text with a default that is a number
    /// (`timeout = os.getenv("TIMEOUT", 30)`): a number only where the variable is unset.
    fn assigned_mixed_number(&self, name: &str) -> bool {
        self.assigned_as(name, |r| {
            self.env_get_args(r).is_some_and(|args| {
                args.get(1)
                    .is_some_and(|d| matches!(d.kind(), "integer" | "float"))
            })
        })
    }

    /// The arguments of `os.getenv(…)` or `os.environ.get(…)`, where `n` is such a call.
    fn env_get_args(&self, n: Node<'a>) -> Option<Vec<Node<'a>>> {
        (n.kind() == "call" && matches!(self.callee(n).as_str(), "os.getenv" | "os.environ.get"))
            .then(|| n.child_by_field_name("arguments").map(named))
            .flatten()
    }

    /// Whether an assignment to `name` anywhere in the script has a value `matches` takes.
    fn assigned_as(&self, name: &str, matches: impl Fn(Node) -> bool) -> bool {
        let Some(root) = self.root else { return false };
        let mut found = false;
        walk(root, &mut |n| {
            if n.kind() == "assignment"
                && n.child_by_field_name("left")
                    .is_some_and(|l| self.text(l) == name)
                && n.child_by_field_name("right").is_some_and(&matches)
            {
                found = true;
            }
        });
        found
    }

    /// The check `c` required to hold as `holds` says, each probe it makes only a warning:
    /// `false`, and nothing read, where the reading fails.
    fn warning_requirement(&mut self, c: Node<'a>, holds: bool, at: Node<'a>) -> bool {
        let (drafts, warnings, vars, names) = (
            self.drafts.len(),
            self.warnings.len(),
            self.vars.clone(),
            self.names.clone(),
        );
        match self.requirement(c, holds, at) {
            Ok(()) if self.drafts.len() > drafts => {
                for d in &mut self.drafts[drafts..] {
                    d.warning = true;
                }
                true
            }
            _ => {
                self.drafts.truncate(drafts);
                self.warnings.truncate(warnings);
                self.vars = vars;
                self.names = names;
                false
            }
        }
    }

    /// A call in `cond` of one of the script's functions whose body changes the machine: writes
    /// or removes a file, runs a program. Its text.
    fn changing_call(&self, cond: Node) -> Option<String> {
        const CHANGES: &[&str] = &[
            ".write(",
            ".write_text(",
            ".write_bytes(",
            ".touch(",
            "os.remove(",
            "os.unlink(",
            "os.rename(",
            "os.replace(",
            "os.makedirs(",
            "os.mkdir(",
            "os.system(",
            "shutil.",
            "subprocess.",
            "json.dump(",
            "pickle.dump(",
        ];
        let mut found = None;
        walk(cond, &mut |n| {
            if found.is_none()
                && n.kind() == "call"
                && let Some(name) = n.child_by_field_name("function").map(|f| self.text(f))
                && let Some(def) = self.functions.get(name)
            {
                let body = self.text(*def);
                if CHANGES.iter().any(|c| body.contains(c)) {
                    found = Some(self.text(n).to_string());
                }
            }
        });
        found
    }

    /// Whether a `try` catches everything (`except:`, `except Exception`), or what the library
    /// of each call it makes raises on any failure: requests' `RequestException` around
    /// requests' calls; psycopg2's, PyMySQL's or MySQLdb's `Error`, `DatabaseError` or
    /// `OperationalError` around `connect` and `close` — a hung, reset or garbled server too,
    /// where urllib's `URLError` or `OSError` let some through.
    fn try_catches_failures(&self, attempt: Node) -> bool {
        if self.catches_all(attempt) {
            return true;
        }
        let caught: Vec<String> = named(attempt)
            .into_iter()
            .filter(|c| c.kind() == "except_clause")
            .filter_map(|c| self.caught_classes(c))
            .flat_map(|classes| class_names(classes).map(str::to_string).collect::<Vec<_>>())
            .collect();
        let Some(tried) = attempt.child_by_field_name("body") else {
            return false;
        };
        // The calls tried, and whether each `connect` among them is given keywords alone.
        let mut calls = Vec::new();
        let mut keywords_only = true;
        walk(tried, &mut |n| {
            if n.kind() != "call" {
                return;
            }
            let callee = self.callee(n);
            if callee.ends_with(".connect")
                && n.child_by_field_name("arguments")
                    .is_some_and(|a| named(a).iter().any(|x| x.kind() != "keyword_argument"))
            {
                keywords_only = false;
            }
            calls.push(callee);
        });
        let requests = calls
            .iter()
            .all(|c| c.starts_with("requests.") || raises_nothing(c))
            && calls.iter().any(|c| c.starts_with("requests."))
            && caught.iter().any(|c| c == "RequestException");
        // A driver's base class catches all it raises; `OperationalError` a failed connection,
        // not a malformed connection string (psycopg2's `ProgrammingError`): only around
        // `connect` given keywords alone.
        let database = calls.iter().all(|c| {
            matches!(
                c.as_str(),
                "psycopg2.connect" | "pymysql.connect" | "MySQLdb.connect"
            ) || raises_nothing(c)
        }) && calls.iter().any(|c| c.ends_with(".connect"))
            && caught.iter().any(|c| {
                matches!(c.as_str(), "Error" | "DatabaseError" | "MySQLError")
                    || (c == "OperationalError" && keywords_only)
            });
        requests || database
    }

    /// The names a node reads (`check(host, port)`: `check`, `host`, `port`), the callee's too.
    fn named_identifiers(&self, n: Node) -> Vec<String> {
        let mut out = Vec::new();
        walk(n, &mut |x| {
            if x.kind() == "identifier" {
                out.push(self.text(x).to_string());
            }
        });
        out
    }

    /// Whether a name is assigned a conversion that may raise (`port = int(…)`).
    fn assigned_by_conversion(&self, name: &str) -> bool {
        self.assigned_as(name, |r| {
            let t = self.text(r);
            ["int(", "float(", "environ[", "argv[", "json.load"]
                .iter()
                .any(|x| t.contains(x))
        })
    }

    /// A test the suite does not make (it only decides what the script prints): each call in
    /// it that may raise, which would fail the script, is said.
    /// Whether a request's TLS context leaves the certificate unchecked (`insecure: true`):
    /// `ssl._create_unverified_context()`, or a default context whose host name check and
    /// certificate check were both turned off; a default context as created checks both, as
    /// a probe does. A context that checks one and not the other is another trust.
    fn insecure_context(&self, c: Node, line: usize) -> Result<bool, Unsupported> {
        match self.value_any(c) {
            Ok(Val::Unverified)
            | Ok(Val::TlsContext {
                verify: false,
                hostname: false,
            }) => Ok(true),
            Ok(Val::TlsContext {
                verify: true,
                hostname: true,
            }) => Ok(false),
            Ok(Val::TlsContext { .. }) => Err(format!(
                "line {line}: a TLS context that checks the certificate but not the host name, which probekit cannot write"
            )),
            _ => Err(format!("line {line}: a TLS context probekit cannot read")),
        }
    }

    /// The keys of a response's JSON a test reads by subscript (`data["checks"]["status"] ==
    /// "ok"`): each must be there, or the test raises `KeyError` and the script fails. `false`
    /// (and nothing required) where the test reads one only where another part of it holds
    /// (the right of an `and`, the third operand of `0 <= a < b`), which the suite cannot say.
    /// With `gets`, where the test's own raising would change the verdict (a test that only
    /// decides what is printed), each `.get` needs an object under it too.
    fn require_json_reads(&mut self, cond: Node, gets: bool) -> bool {
        let mut always = Vec::new();
        let mut sometimes = Vec::new();
        // `data.get("status")`: `.get` raises on what is not an object.
        let mut objects = Vec::new();
        let mut stack = vec![(cond, true)];
        while let Some((n, surely)) = stack.pop() {
            if n.kind() == "subscript"
                && let Some((i, path)) = self.json_path(n)
                && !path.is_empty()
                && self.strict_json(n)
            {
                if surely {
                    always.push((i, path));
                } else {
                    sometimes.push(path);
                }
                continue;
            }
            // `body.get("status", "").lower()`, `len(body.get("errors", []))`: what `.get`
            // gives used further, which raises where the value is `null` or of another type.
            if gets
                && n.kind() == "call"
                && n.child_by_field_name("function").is_some_and(|f| {
                    f.kind() == "attribute"
                        && f.child_by_field_name("attribute")
                            .is_some_and(|a| self.text(a) == "get")
                })
                && (n.parent().is_some_and(|p| {
                    matches!(p.kind(), "attribute" | "subscript" | "argument_list")
                }) || n
                    .child_by_field_name("function")
                    .and_then(|f| f.child_by_field_name("object"))
                    // `(body or {}).get("status")`: on a list body, `.get` raises.
                    .is_some_and(|o| {
                        matches!(o.kind(), "parenthesized_expression" | "boolean_operator")
                    }))
            {
                return false;
            }
            if gets
                && n.kind() == "call"
                && let Some(f) = n.child_by_field_name("function")
                && f.kind() == "attribute"
                && f.child_by_field_name("attribute")
                    .is_some_and(|a| self.text(a) == "get")
                && let Some(object) = f.child_by_field_name("object")
                && let Some((i, base)) = self.json_path(object)
            {
                if !surely {
                    sometimes.push(base);
                    continue;
                }
                objects.push((
                    i,
                    if base.is_empty() {
                        "$".to_string()
                    } else {
                        base
                    },
                ));
            }
            let children = named(n);
            match n.kind() {
                // The right side is read only where the left does not decide.
                "boolean_operator" => {
                    let left = n.child_by_field_name("left");
                    for c in children {
                        stack.push((c, surely && Some(c) == left));
                    }
                }
                // `0 <= a < b` reads `b` only where `0 <= a` holds.
                "comparison_operator" => {
                    for (k, c) in children.into_iter().enumerate() {
                        stack.push((c, surely && k < 2));
                    }
                }
                "conditional_expression"
                | "lambda"
                | "list_comprehension"
                | "generator_expression"
                | "set_comprehension"
                | "dictionary_comprehension" => {
                    stack.extend(children.into_iter().map(|c| (c, false)));
                }
                _ => stack.extend(children.into_iter().map(|c| (c, surely))),
            }
        }
        if !sometimes.is_empty() {
            return false;
        }
        for (i, path) in always {
            push_json_rule(&mut self.drafts[i], &path, "exists", Yaml::Bool(true));
        }
        for (i, path) in objects {
            push_json_rule(&mut self.drafts[i], &path, "type", Yaml::str("object"));
        }
        true
    }

    fn warn_unmade_calls(&mut self, cond: Node) {
        let mut stack = vec![cond];
        while let Some(n) = stack.pop() {
            if n.kind() == "call" {
                let callee = self.callee(n);
                let quiet = matches!(
                    callee.as_str(),
                    "len"
                        | "bool"
                        | "str"
                        | "isinstance"
                        | "hasattr"
                        | "os.getenv"
                        | "os.environ.get"
                        | "os.path.exists"
                        | "os.path.isfile"
                        | "os.path.isdir"
                );
                // A function of the script that catches everything returns instead.
                let caught = self
                    .predicate_function(n)
                    .is_some_and(|(func, _, _)| self.catches_everything(func));
                if !quiet && !caught {
                    self.warnings.push(Warning {
                        line: self.line(n),
                        message: format!(
                            "`{}` only decides what the script prints, so the suite does not call it; the script fails where it raises",
                            self.text(n)
                        ),
                    });
                    continue;
                }
            }
            stack.extend(named(n));
        }
    }

    /// `try: … except E: [reports] return False` (or None, 0), every clause a handler of that
    /// kind: a failure inside makes the function return something false.
    /// A `try` whose handlers do nothing but report (`except Exception: pass`, a `print`),
    /// with no `else` and no `finally` that does more than close: a failure in it goes on
    /// after the `try`.
    fn handlers_only_report(&self, n: Node) -> bool {
        self.handlers_all(n, &|b| self.is_inert(b))
    }

    /// A `try` with at least one handler, each of whose blocks passes `handler`, and no
    /// `else` nor a `finally` that does more than close what is bound whenever it runs.
    fn handlers_all(&self, n: Node, handler: &dyn Fn(Node) -> bool) -> bool {
        if n.kind() != "try_statement" {
            return false;
        }
        let mut handlers = 0;
        for clause in named(n).into_iter().skip(1) {
            match clause.kind() {
                "except_clause" if named(clause).last().is_some_and(|b| handler(*b)) => {
                    handlers += 1;
                }
                // `finally: s.close()` of a socket made before the `try`, or by its first
                // statement where that cannot fail (`conn = HTTPConnection(…)`): what it does
                // changes nothing of the result (one made where its making may fail is unbound
                // then, and the `finally` raises instead).
                "finally_clause"
                    if named(clause).last().is_some_and(|b| {
                        n.child_by_field_name("body")
                            .is_some_and(|body| self.closes_what_is_bound(*b, n, body))
                    }) => {}
                "comment" => {}
                _ => return false,
            }
        }
        handlers > 0
    }

    /// `"A" in body or "B" in body` where it holds (or `"A" not in body and "B" not in body`
    /// where it does not), each side a literal word in the same body, as written (no
    /// `.lower()`): the draft and the words.
    fn any_word_in_body(&self, cond: Node, op: &str, holds: bool) -> Option<(usize, Vec<String>)> {
        let mut leaves = Vec::new();
        let mut stack = vec![cond];
        while let Some(n) = stack.pop() {
            let n = if n.kind() == "parenthesized_expression" {
                *named(n).first()?
            } else {
                n
            };
            if n.kind() == "boolean_operator"
                && n.child_by_field_name("operator")
                    .is_some_and(|o| self.text(o) == op)
            {
                stack.push(n.child_by_field_name("right")?);
                stack.push(n.child_by_field_name("left")?);
                continue;
            }
            leaves.push(n);
        }
        let wanted = if holds { "in" } else { "not in" };
        let mut found: Option<usize> = None;
        let mut words = Vec::new();
        for leaf in leaves {
            if leaf.kind() != "comparison_operator" {
                return None;
            }
            let parts = named(leaf);
            let [left, right] = parts.as_slice() else {
                return None;
            };
            let operator: String = self
                .text(leaf)
                .get(left.end_byte() - leaf.start_byte()..right.start_byte() - leaf.start_byte())?
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if operator != wanted {
                return None;
            }
            let (i, fold) = self.body_text(*right)?;
            if fold.is_some() || found.is_some_and(|f| f != i) {
                return None;
            }
            found = Some(i);
            words.push(self.value(*left).ok()?.as_literal()?);
        }
        Some((found?, words))
    }

    fn fails_into_false(&self, n: Node) -> bool {
        if n.kind() != "try_statement" {
            return false;
        }
        let returns_false = |block: Node| {
            let stmts: Vec<Node> = named(block)
                .into_iter()
                .filter(|s| s.kind() != "comment" && !self.is_inert_statement(*s))
                .collect();
            matches!(stmts.as_slice(), [ret] if ret.kind() == "return_statement"
                && named(*ret).first().is_none_or(|v| matches!(self.text(*v), "False" | "None" | "0")))
        };
        self.handlers_all(n, &returns_false)
    }

    /// Whether a `finally` block only reports and closes what is bound whenever it runs: made
    /// before the `try`, or by the first statement of its body where that cannot raise
    /// (`s = socket.socket()`); a name bound by a statement that may fail is unbound there,
    /// and `close()` raises instead (a Nagios plugin's CRITICAL would become exit 1).
    fn closes_what_is_bound(&self, block: Node, try_node: Node, body: Node) -> bool {
        let first = named(body).into_iter().find(|s| s.kind() != "comment");
        let safe_first = first.and_then(|s| {
            let a = named(s)
                .into_iter()
                .next()
                .filter(|a| a.kind() == "assignment")?;
            let right = a.child_by_field_name("right")?;
            // Making a socket or a connection object connects nothing.
            let left = a.child_by_field_name("left")?;
            let callee = self.callee(right);
            (right.kind() == "call"
                && (matches!(callee.as_str(), "socket.socket" | "socket")
                    || callee.ends_with("HTTPConnection")
                    || callee.ends_with("HTTPSConnection")))
            .then(|| self.text(left))
        });
        self.only_closes(block, |name| {
            safe_first == Some(name) || self.bound_before(try_node, name)
        })
    }

    /// `"conn" in locals()` (or `vars()`): the name it asks about.
    fn tested_local(&self, cond: Node) -> Option<&'a str> {
        let sides = named(cond);
        let [name, scope] = sides.as_slice() else {
            return None;
        };
        if cond.kind() != "comparison_operator"
            || self.operator_of(cond) != "in"
            || !matches!(self.text(*scope), "locals()" | "vars()")
            || name.kind() != "string"
        {
            return None;
        }
        let quoted = self.text(*name);
        plain_key(quoted).filter(|n| n.chars().all(|c| c.is_alphanumeric() || c == '_'))
    }

    /// Whether one of the statements before `n` in its block assigns `name`, or a `try`
    /// before it does in its body, where none of its handlers goes on past it (`try: conn =
    /// connect(…)` / `except Exception: return False`).
    fn bound_before(&self, n: Node, name: &str) -> bool {
        let assigns = |s: Node| {
            named(s).first().is_some_and(|a| {
                a.kind() == "assignment"
                    && a.child_by_field_name("left")
                        .is_some_and(|l| self.text(l) == name)
            })
        };
        let mut at = n.prev_named_sibling();
        while let Some(s) = at {
            if assigns(s) {
                return true;
            }
            if s.kind() == "try_statement"
                && s.child_by_field_name("body")
                    .is_some_and(|b| named(b).into_iter().any(assigns))
                && named(s).iter().all(|c| match c.kind() {
                    "block" => true,
                    "except_clause" => named(*c)
                        .into_iter()
                        .rfind(|b| b.kind() == "block")
                        .and_then(|b| named(b).last().copied())
                        .is_some_and(|last| {
                            matches!(
                                last.kind(),
                                "return_statement"
                                    | "raise_statement"
                                    | "continue_statement"
                                    | "break_statement"
                            ) || self.exit_of(last).is_some()
                        }),
                    _ => false,
                })
            {
                return true;
            }
            at = s.prev_named_sibling();
        }
        // The `else:` of a `try` whose body assigns it: the `else` runs only where the body
        // ran to its end.
        n.parent()
            .filter(|b| b.kind() == "block")
            .and_then(|b| b.parent())
            .filter(|e| e.kind() == "else_clause")
            .and_then(|e| e.parent())
            .filter(|t| t.kind() == "try_statement")
            .and_then(|t| t.child_by_field_name("body"))
            .is_some_and(|body| named(body).into_iter().any(assigns))
    }

    /// Whether a block only reports and closes (`sock.close()`) names that `bound` holds are
    /// bound when it runs.
    /// `with suppress(Exception):` (contextlib's, of `Exception` or `BaseException`), and
    /// nothing else in the `with`.
    fn suppresses_all(&self, with: Node) -> bool {
        let Some(clause) = named(with).into_iter().find(|c| c.kind() == "with_clause") else {
            return false;
        };
        let [item] = named(clause)[..] else {
            return false;
        };
        item.child_by_field_name("value").is_some_and(|v| {
            v.kind() == "call"
                && matches!(self.callee(v).as_str(), "suppress" | "contextlib.suppress")
                && v.child_by_field_name("arguments").is_some_and(|a| {
                    named(a)
                        .iter()
                        .any(|c| matches!(self.text(*c), "Exception" | "BaseException"))
                })
        })
    }

    fn only_closes(&self, block: Node, bound: impl Fn(&str) -> bool) -> bool {
        self.only_closes_by(block, &bound)
    }

    fn only_closes_by(&self, block: Node, bound: &dyn Fn(&str) -> bool) -> bool {
        named(block).iter().all(|s| {
            // `if "conn" in locals(): conn.close()`: bound where it runs.
            if s.kind() == "if_statement"
                && !has_other_branches(*s)
                && let Some(name) = s
                    .child_by_field_name("condition")
                    .and_then(|c| self.tested_local(c))
            {
                return s
                    .child_by_field_name("consequence")
                    .is_some_and(|b| self.only_closes_by(b, &|n: &str| n == name || bound(n)));
            }
            // `try: conn.close() except Exception: pass`: whatever the close raises (a name
            // not bound too) is caught.
            if s.kind() == "try_statement"
                && self.catches_all(*s)
                && named(*s).iter().all(|c| match c.kind() {
                    "block" => self.only_closes_by(*c, &|_| true),
                    "except_clause" => named(*c)
                        .last()
                        .is_some_and(|b| named(*b).iter().all(|x| self.is_inert_statement(*x))),
                    "comment" => true,
                    _ => false,
                })
            {
                return true;
            }
            // `with suppress(Exception): conn.close()`: as a `try` that catches all.
            if s.kind() == "with_statement"
                && self.suppresses_all(*s)
                && s.child_by_field_name("body")
                    .is_some_and(|b| self.only_closes_by(b, &|_| true))
            {
                return true;
            }
            // `if conn is not None: conn.close()`, `if sock: sock.close()`.
            let guarded = s.kind() == "if_statement"
                && !has_other_branches(*s)
                && s.child_by_field_name("condition").is_some_and(|c| {
                    let t = self.text(c);
                    let name = t.strip_suffix(" is not None").unwrap_or(t);
                    name.chars().all(|ch| ch.is_alphanumeric() || ch == '_') && bound(name)
                })
                && s.child_by_field_name("consequence")
                    .is_some_and(|b| self.only_closes_by(b, bound));
            guarded || self.is_inert_statement(*s) || self.is_close(*s, bound)
        })
    }

    /// `conn.close()` of a name `bound` holds is bound.
    fn is_close(&self, s: Node, bound: &dyn Fn(&str) -> bool) -> bool {
        s.kind() == "expression_statement"
            && named(s).first().is_some_and(|c| {
                c.kind() == "call"
                    && c.child_by_field_name("arguments")
                        .is_some_and(|a| named(a).is_empty())
                    && c.child_by_field_name("function").is_some_and(|f| {
                        f.kind() == "attribute"
                            && f.child_by_field_name("object")
                                .is_some_and(|o| o.kind() == "identifier" && bound(self.text(o)))
                            && f.child_by_field_name("attribute")
                                .is_some_and(|a| self.text(a) == "close")
                    })
            })
    }

    /// Whether a function may raise: a call outside a `try` whose handlers return False,
    /// other than a conversion or a report.
    fn raises_outside_try(&self, func: Node) -> bool {
        let Some(body) = func.child_by_field_name("body") else {
            return true;
        };
        self.may_raise(named(body))
    }

    /// Whether any of these statements may raise: a call outside a `try` whose handlers
    /// return False, other than a conversion or a report.
    fn may_raise(&self, statements: Vec<Node>) -> bool {
        self.may_raise_but(statements, &|_| false)
    }

    /// As [`Py::may_raise`], where the calls `allowed` names do not count.
    fn may_raise_but(&self, statements: Vec<Node>, allowed: &dyn Fn(&str) -> bool) -> bool {
        let mut stack = statements;
        while let Some(n) = stack.pop() {
            if self.fails_into_false(n) {
                continue;
            }
            if n.kind() == "call"
                && !allowed(&self.callee(n))
                && !matches!(
                    self.callee(n).as_str(),
                    "len"
                        | "int"
                        | "str"
                        | "float"
                        | "bool"
                        | "print"
                        | "isinstance"
                        | "time.sleep"
                        | "logging.info"
                        | "logging.debug"
                        | "logging.warning"
                )
                && !self.is_harmless_call(n)
            {
                return true;
            }
            stack.extend(named(n));
        }
        false
    }

    /// Whether a check among these statements may raise out of them, ending the script where a
    /// retry would try again: a call outside a `try` that catches a failed connection, other
    /// than a conversion, a report or an exit.
    fn raises_out_of(&self, statements: Vec<Node>) -> bool {
        let mut stack = statements;
        while let Some(n) = stack.pop() {
            if n.kind() == "try_statement" && self.catches_connection_errors(n) {
                continue;
            }
            if n.kind() == "call"
                && !exits_or_logs(&self.callee(n))
                && !quiet_when_refused(&self.callee(n))
                && self.may_raise(vec![n])
            {
                return true;
            }
            stack.extend(named(n));
        }
        false
    }

    /// Whether a `try` has a handler for a failed connection: every exception, or one of the
    /// classes a refused or timed-out request raises.
    fn catches_connection_errors(&self, attempt: Node) -> bool {
        // pymongo raises its own errors (ServerSelectionTimeoutError is neither an OSError nor
        // the builtin ConnectionError).
        let mut mongo = false;
        // A database driver's connect raises its own errors (psycopg2's OperationalError is no
        // OSError); asyncpg raises OSError for a refused connection but its own for a server
        // starting up or a refused login: only a handler for every exception takes them all.
        let mut driver = None;
        walk(attempt, &mut |n| {
            mongo |= n.kind() == "call" && matches!(self.mongo_command(n), Ok(Some(_)));
            if n.kind() == "call" {
                let callee = self.callee(n);
                if matches!(
                    callee.as_str(),
                    "psycopg2.connect"
                        | "psycopg.connect"
                        | "pymysql.connect"
                        | "MySQLdb.connect"
                        | "mysql.connector.connect"
                        | "asyncpg.connect"
                        | "pg8000.connect"
                ) {
                    driver = Some(callee);
                }
            }
        });
        named(attempt).into_iter().any(|c| {
            if c.kind() != "except_clause" {
                return false;
            }
            let Some(classes) = self.caught_classes(c) else {
                return true;
            };
            if let Some(driver) = &driver {
                // asyncpg's own errors and the builtin one of a refused connection together.
                let names: Vec<&str> = class_names(classes).collect();
                if driver == "asyncpg.connect"
                    && names.contains(&"PostgresError")
                    && names.contains(&"OSError")
                {
                    return true;
                }
                return class_names(classes).any(|class| {
                    matches!(class, "Exception" | "BaseException")
                        || (driver != "asyncpg.connect"
                            && matches!(
                                class,
                                "Error" | "DatabaseError" | "OperationalError" | "MySQLError"
                            ))
                        || (driver == "mysql.connector.connect" && class == "InterfaceError")
                });
            }
            if mongo {
                return class_names(classes).any(|class| {
                    matches!(
                        class,
                        "Exception"
                            | "BaseException"
                            | "PyMongoError"
                            | "ConnectionFailure"
                            | "AutoReconnect"
                            | "ServerSelectionTimeoutError"
                    )
                });
            }
            class_names(classes).any(|class| {
                matches!(
                        class,
                        "Exception"
                            | "BaseException"
                            | "RequestException"
                            | "OSError"
                            | "IOError"
                            | "error"
                            | "TransportError"
                            | "OperationalError"
                            | "DatabaseError"
                            | "InterfaceError"
                            | "Error"
                            | "ServerSelectionTimeoutError"
                            // redis-py's, pymongo's, PyMySQL's and SQLAlchemy's base classes.
                            | "RedisError"
                            | "PyMongoError"
                            | "ConnectionFailure"
                            | "MySQLError"
                            | "DBAPIError"
                    ) || (class == "HTTPError" && classes.contains("httpx"))
                        // urlopen wraps a refused connection in URLError, not a dropped one
                        // (`RemoteDisconnected`) or a read that times out (`TimeoutError`),
                        // which end the loop: its probe gives up on them (`give_up_on`).
                        || ((class == "URLError" || class.ends_with(".URLError"))
                            && !self.defines_class("URLError"))
                        // A library's (`requests.ConnectionError`, redis-py's), or the builtin
                        // one around sockets: not around urlopen (which raises URLError) or
                        // requests (whose errors are not the builtin's).
                        || (matches!(class, "ConnectionError" | "ConnectionRefusedError")
                            // This class written through a library's module (`requests.…`),
                            // not another class of the handler's (`urllib.error.HTTPError`
                            // beside the builtin `ConnectionRefusedError`).
                            && (written_classes(classes).any(|w| {
                                    w.contains('.')
                                        && w.rsplit('.').next() == Some(class)
                                        && !w.starts_with("builtins.")
                                        && !w.starts_with("socket.")
                                })
                                || self
                                    .imports
                                    .get(class)
                                    .is_some_and(|full| full.starts_with("requests"))
                                || !(self.text(attempt).contains("urlopen")
                                    || self.text(attempt).contains("requests.")))
                            // requests' ConnectionError is not its ReadTimeout: a request
                            // with a timeout may raise past it, which its probe gives up on.
                            )
            })
        })
    }

    /// Whether a function's body is one `try` with a handler for every exception (`except:`,
    /// `except Exception`).
    fn catches_everything(&self, func: Node) -> bool {
        self.only_try(func)
            .is_some_and(|attempt| self.catches_all(attempt))
    }

    /// Whether a `try` has a handler for every exception (`except:`, `except Exception`).
    fn catches_all(&self, attempt: Node) -> bool {
        named(attempt).iter().any(|c| {
            c.kind() == "except_clause"
                && self
                    .caught_classes(*c)
                    .is_none_or(|class| matches!(class, "Exception" | "BaseException"))
        })
    }

    /// A function whose body (a docstring aside) is one `try`: that statement.
    fn only_try(&self, func: Node<'a>) -> Option<Node<'a>> {
        let stmts: Vec<Node<'a>> = named(func.child_by_field_name("body")?)
            .into_iter()
            .filter(|s| !self.is_docstring(*s) && s.kind() != "comment")
            .collect();
        match stmts.as_slice() {
            [attempt] if attempt.kind() == "try_statement" => Some(*attempt),
            _ => None,
        }
    }

    /// `if not os.path.exists(MARKER): CHECKS; Path(MARKER).touch()`: once the checks passed,
    /// the script trusts the marker. A gate open while the marker is absent, the checks behind
    /// it, and `touch` as a command after them. `None` for another shape.
    fn marker_gate(
        &mut self,
        n: Node<'a>,
        cond: Node<'a>,
        body: Node<'a>,
    ) -> Result<Option<Flow>, Unsupported> {
        if has_other_branches(n) || cond.kind() != "not_operator" {
            return Ok(None);
        }
        let Some(test) = cond.child_by_field_name("argument") else {
            return Ok(None);
        };
        let mut test = test;
        while test.kind() == "parenthesized_expression" {
            match named(test).first() {
                Some(t) => test = *t,
                None => return Ok(None),
            }
        }
        let Some((path, "exists" | "file")) = self.file_test(test) else {
            return Ok(None);
        };
        let stmts: Vec<Node<'a>> = named(body)
            .into_iter()
            .filter(|s| s.kind() != "comment" && !self.is_inert_statement(*s))
            .collect();
        let Some((last, checks)) = stmts.split_last() else {
            return Ok(None);
        };
        if self.touched(*last).as_ref() != Some(&path) || checks.is_empty() {
            return Ok(None);
        }
        let line = self.line(n);
        let made = self.drafts.len();
        for s in checks {
            if self.statement(*s)? != Flow::Continue {
                return Err(format!(
                    "line {line}: a marker's checks that end the script"
                ));
            }
        }
        if self.drafts.len() == made {
            return Err(format!("line {line}: a marker set without a check"));
        }
        let gate_name = self.unique_name(&format!("unless-{}", slug(&path.for_name())));
        let mut gate = Draft::new(gate_name.clone(), line, Check::File { path: path.clone() });
        gate.expect.push(("exists".into(), Yaml::Bool(false)));
        gate.gate = true;
        let checks: Vec<String> = self.drafts[made..].iter().map(|d| d.name.clone()).collect();
        for d in &mut self.drafts[made..] {
            d.depends_on.push(gate_name.clone());
        }
        let mut touch = Draft::new(
            self.unique_name("touch"),
            self.line(*last),
            Check::Command {
                argv: vec![Text::lit("touch"), path],
                timeout: None,
                stdin: None,
                merge_stderr: false,
                words: Vec::new(),
            },
        );
        touch.depends_on = checks;
        touch.depends_on.push(gate_name);
        self.drafts.insert(made, gate);
        self.drafts.push(touch);
        Ok(Some(Flow::Continue))
    }

    /// `Path(p).touch()`, `pathlib.Path(p).touch()`, `open(p, "w").close()`: the path a
    /// statement creates.
    fn touched(&self, s: Node) -> Option<Text> {
        let call = named(s).into_iter().next().filter(|c| c.kind() == "call")?;
        let f = call.child_by_field_name("function")?;
        if f.kind() != "attribute"
            || !call
                .child_by_field_name("arguments")
                .is_some_and(|a| named(a).is_empty())
        {
            return None;
        }
        let object = f.child_by_field_name("object")?;
        match self.text(f.child_by_field_name("attribute")?) {
            "touch" => match self.path_value(object)? {
                Val::Path(p) => Some(p),
                _ => None,
            },
            "close"
                if object.kind() == "call"
                    && matches!(self.callee(object).as_str(), "open" | "io.open") =>
            {
                let args = named(object.child_by_field_name("arguments")?);
                let [p, mode] = args.as_slice() else {
                    return None;
                };
                matches!(self.string(*mode)?.as_literal()?.as_str(), "w" | "a")
                    .then(|| self.path_of(*p))
                    .flatten()
            }
            _ => None,
        }
    }

    /// Whether nothing but reports follows the current statement in the attempt being read.
    fn last_in_attempt(&self) -> bool {
        self.continuation
            .get(self.attempt_depth..)
            .is_some_and(|levels| {
                levels.iter().all(|c| match c {
                    Continuation::Statements(rest) => {
                        rest.iter().all(|s| self.is_inert_statement(*s))
                    }
                    Continuation::EndPasses => false,
                })
            })
    }

    /// Whether `block` leaves the loop being read with `break` (not one of a loop inside it).
    /// `return`, `return None` or `return True`: how a wait's function says it is done.
    fn returns_a_pass(&self, ret: Node) -> bool {
        named(ret)
            .first()
            .is_none_or(|v| matches!(self.text(*v), "True" | "None"))
    }

    /// Whether `block` ends with the `return` of a wait's function that says it is done
    /// (`return`, `return True`), after reports.
    fn returns_from_wait(&self, block: Node) -> bool {
        let statements: Vec<Node> = named(block);
        let Some((last, before)) = statements.split_last() else {
            return false;
        };
        last.kind() == "return_statement"
            && self.returns_a_pass(*last)
            && before.iter().all(|s| self.is_inert_statement(*s))
    }

    /// Whether a handler's block only reports and then leaves the wait as a passed attempt
    /// does: `break`, or `return` (nothing, `None` or `True`) in the function of the loop.
    fn ends_the_wait(&self, block: Node) -> bool {
        let statements: Vec<Node> = named(block)
            .into_iter()
            .filter(|s| s.kind() != "comment")
            .collect();
        let Some((last, before)) = statements.split_last() else {
            return false;
        };
        let leaves = match last.kind() {
            "break_statement" => true,
            "return_statement" => self.returns_a_pass(*last),
            _ => false,
        };
        leaves
            && before.iter().all(|s| self.is_inert_statement(*s))
            && !self.may_raise(before.to_vec())
    }

    fn breaks_here(&self, block: Node) -> bool {
        named(block).iter().any(|s| match s.kind() {
            "break_statement" => true,
            "expression_statement"
                if self
                    .flag_break
                    .as_deref()
                    .is_some_and(|f| self.text(*s).trim() == f) =>
            {
                true
            }
            "for_statement" | "while_statement" | "function_definition" => false,
            _ => self.breaks_here(*s),
        })
    }

    /// `X == True`, `X is False`, `X != True` … where `X` is a redis ping's answer (`r.ping()`,
    /// or a name it was kept in): `X`, and whether the comparison holds when `X` is true.
    fn ping_compared(&self, cond: Node<'a>) -> Option<(Node<'a>, bool)> {
        if cond.kind() != "comparison_operator" {
            return None;
        }
        let parts = named(cond);
        let [left, right] = parts.as_slice() else {
            return None;
        };
        let literal = |x: Node| match x.kind() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        };
        let (x, word) = match (literal(*left), literal(*right)) {
            (None, Some(w)) => (*left, w),
            (Some(w), None) => (*right, w),
            _ => return None,
        };
        let equal = match self.operator_of(cond).as_str() {
            "==" | "is" => true,
            "!=" | "is not" => false,
            _ => return None,
        };
        let ping = match x.kind() {
            "identifier" => matches!(self.vars.get(self.text(x)), Some(Val::Probe(i))
                if self.is_redis(*i)),
            _ => self.is_redis_ping(x),
        };
        ping.then_some((x, word == equal))
    }

    /// `client.ping()` of a redis client.
    fn is_redis_ping(&self, c: Node) -> bool {
        c.kind() == "call"
            && self.callee(c).ends_with(".ping")
            && c.child_by_field_name("function")
                .and_then(|f| f.child_by_field_name("object"))
                .is_some_and(|o| self.redis_client(o).is_ok_and(|r| r.is_some()))
    }

    /// Whether the draft `i` asks a redis server (its ping answers True, or raises).
    fn is_redis(&self, i: usize) -> bool {
        matches!(
            self.drafts[i].check,
            Check::Database {
                engine: "redis",
                ..
            }
        )
    }

    /// `client.ping()` (Some(true)) or `not client.ping()` (Some(false)) for a redis client,
    /// its probe made; `None` for another condition.
    fn redis_ping_test(&mut self, cond: Node<'a>) -> Result<Option<bool>, Unsupported> {
        let mut c = cond;
        let mut truthy = true;
        loop {
            match c.kind() {
                "not_operator" => {
                    truthy = !truthy;
                    c = c.child_by_field_name("argument").ok_or("a not")?;
                }
                "parenthesized_expression" => {
                    c = named(c).into_iter().next().ok_or("a test")?;
                }
                _ => break,
            }
        }
        if !self.is_redis_ping(c) {
            return Ok(None);
        }
        self.probe_call(c)?;
        Ok(Some(truthy))
    }

    /// A block that only reports (print, logging, pass): which way it goes changes nothing.
    fn is_inert(&self, block: Node) -> bool {
        named(block).iter().all(|s| self.is_inert_statement(*s))
    }

    fn is_inert_statement(&self, s: Node) -> bool {
        match s.kind() {
            "pass_statement" | "print_statement" => true,
            "continue_statement" => self.in_alternatives,
            "expression_statement" => named(s).first().is_some_and(|c| match c.kind() {
                _ if self.updates_counter(*c) => true,
                "string" => true,
                "call" => self.is_harmless_call(*c),
                "assignment" => self.keeps_the_error(s, *c) || self.reported_assignment(*c),
                _ => false,
            }),
            // `if dots % 30 == 0: elapsed = int(time.time() - start); print(…)`: a report
            // made only sometimes, on a test that cannot raise.
            "if_statement" => {
                let mut tests = Vec::new();
                let mut blocks = Vec::new();
                for c in named(s) {
                    match c.kind() {
                        "block" => blocks.push(c),
                        "elif_clause" | "else_clause" => {
                            tests.extend(c.child_by_field_name("condition"));
                            blocks.extend(named(c).into_iter().filter(|b| b.kind() == "block"));
                        }
                        "comment" => {}
                        _ => tests.push(c),
                    }
                }
                !blocks.is_empty()
                    && tests.iter().all(|t| self.numeric_test(*t))
                    && blocks.iter().flat_map(|b| named(*b)).all(|st| {
                        st.kind() == "comment"
                            || self.is_inert_statement(st)
                            || self.throttle_assignment(st)
                    })
            }
            _ => false,
        }
    }

    /// An assignment's two sides, and the script's root (to look for the name elsewhere).
    fn assignment_in_script<'n>(&self, a: Node<'n>) -> Option<(Node<'n>, Node<'n>, Node<'a>)> {
        Some((
            a.child_by_field_name("left")?,
            a.child_by_field_name("right")?,
            self.root?,
        ))
    }

    /// `last_log = now` in `if now - last_log > 5: print(…); last_log = now`: the time of the
    /// last report, a name only ever read in the tests of `if`s, given a number or the clock.
    fn throttle_assignment(&self, s: Node) -> bool {
        let Some(a) = named(s)
            .into_iter()
            .next()
            .filter(|a| s.kind() == "expression_statement" && a.kind() == "assignment")
        else {
            return false;
        };
        let Some((left, right, root)) = self.assignment_in_script(a) else {
            return false;
        };
        if left.kind() != "identifier" || !(self.numeric_test(right) || self.clock(right).is_some())
        {
            return false;
        }
        let name = self.text(left);
        let mut only_tested = true;
        walk(root, &mut |c| {
            if c.kind() != "identifier" || self.text(c) != name {
                return;
            }
            let assigned = c.parent().is_some_and(|p| {
                p.kind() == "assignment"
                    && p.child_by_field_name("left")
                        .is_some_and(|l| l.id() == c.id())
            });
            let mut up = c.parent();
            let mut tested = false;
            while let Some(p) = up {
                if p.kind() == "if_statement" {
                    tested = p.child_by_field_name("condition").is_some_and(|t| {
                        t.start_byte() <= c.start_byte() && c.end_byte() <= t.end_byte()
                    });
                    break;
                }
                if p.kind().ends_with("statement") {
                    break;
                }
                up = p.parent();
            }
            only_tested &= assigned || tested;
        });
        only_tested
    }

    /// `elapsed = int(time.time() - start)` where the script only reports `elapsed`: a value
    /// for a report, computed from what cannot raise.
    fn reported_assignment(&self, a: Node) -> bool {
        self.reported_value(a, 2)
    }

    /// [`Self::reported_assignment`]: the name is read, and only in reports or in the value
    /// of another such assignment (`depth` deep). (A name never read is no report: it may
    /// stand for what a call made.)
    fn reported_value(&self, a: Node, depth: usize) -> bool {
        let Some((left, right, root)) = self.assignment_in_script(a) else {
            return false;
        };
        if left.kind() != "identifier" {
            return false;
        }
        let name = self.text(left);
        let number = self.seconds(right);
        if number {
            self.deciding.borrow_mut().push(name.to_string());
        }
        let mut reads = 0;
        let mut all = true;
        walk(root, &mut |c| {
            if c.kind() != "identifier" || c.id() == left.id() || self.text(c) != name {
                return;
            }
            // (`r.elapsed` names an attribute, not the variable `elapsed`.)
            if is_attribute_name(c) {
                return;
            }
            let assigned = c.parent().is_some_and(|p| {
                p.kind() == "assignment"
                    && p.child_by_field_name("left")
                        .is_some_and(|l| l.id() == c.id())
            });
            if assigned {
                return;
            }
            if !self.bound_at(name, c) {
                all = false;
                return;
            }
            reads += 1;
            if self.in_report(c) {
                return;
            }
            // In the value of `b = …` that is itself only reported.
            let mut up = c.parent();
            while let Some(p) = up {
                if p.kind() == "assignment" {
                    all &= depth > 0
                        && p.child_by_field_name("right").is_some_and(|r| {
                            r.start_byte() <= c.start_byte() && c.end_byte() <= r.end_byte()
                        })
                        && self.reported_value(p, depth - 1);
                    return;
                }
                if p.kind().ends_with("statement") || matches!(p.kind(), "block" | "module") {
                    break;
                }
                up = p.parent();
            }
            all = false;
        });
        if number {
            self.deciding.borrow_mut().pop();
        }
        if reads == 0 || !all {
            return false;
        }
        let mut value = right;
        // `int(…)`, `round(…)` of a time taken: a number of a number.
        if value.kind() == "call"
            && matches!(self.callee(value).as_str(), "int" | "round" | "float")
            && let Some([inner]) = value.child_by_field_name("arguments").map(named).as_deref()
        {
            value = *inner;
        }
        self.cannot_raise(value) || self.time_taken(value) || self.seconds(right)
    }

    /// A number of seconds (or any plain number) worked out so that nothing raises: a
    /// literal, the clock (`time.perf_counter()`) or a start read from it, a number the
    /// script holds, a response's `r.elapsed.total_seconds()` (requests', httpx's), and
    /// `+`, `-`, `*` of such numbers, `/` or `//` by a literal that is not zero, `round`,
    /// `int`, `float`, `abs` of one: `ms = (time.perf_counter() - start) * 1000`. (A
    /// `datetime` is not one: `round(datetime.now() - started)` raises.)
    fn seconds(&self, n: Node) -> bool {
        match n.kind() {
            "integer" | "float" => true,
            "parenthesized_expression" => matches!(named(n).as_slice(), [x] if self.seconds(*x)),
            "unary_operator" => {
                n.child_by_field_name("operator")
                    .is_some_and(|o| matches!(self.text(o), "-" | "+"))
                    && n.child_by_field_name("argument")
                        .is_some_and(|a| self.seconds(a))
            }
            "identifier" => {
                matches!(
                    self.vars.get(self.text(n)),
                    Some(Val::Clock(_) | Val::Num(_))
                ) || ((self.deciding.borrow().iter().any(|d| d == self.text(n))
                    || self.seconds_names.contains(self.text(n)))
                    && self.only_numbers_assigned(self.text(n)))
                    || self.reported_seconds(n)
            }
            "binary_operator" => {
                let (Some(l), Some(r), Some(op)) = (
                    n.child_by_field_name("left"),
                    n.child_by_field_name("right"),
                    n.child_by_field_name("operator"),
                ) else {
                    return false;
                };
                let nonzero_literal = matches!(r.kind(), "integer" | "float")
                    && self
                        .text(r)
                        .replace('_', "")
                        .parse::<f64>()
                        .is_ok_and(|x| x != 0.0);
                match self.text(op) {
                    "+" | "-" | "*" => self.seconds(l) && self.seconds(r),
                    "/" | "//" => self.seconds(l) && nonzero_literal,
                    _ => false,
                }
            }
            "call" => {
                let args: Vec<Node> = n
                    .child_by_field_name("arguments")
                    .map(named)
                    .unwrap_or_default();
                let f = self.callee(n);
                if matches!(
                    f.as_str(),
                    "time.time" | "time.monotonic" | "time.perf_counter"
                ) {
                    return args.is_empty();
                }
                match (f.as_str(), args.as_slice()) {
                    ("round", [x, digits]) => digits.kind() == "integer" && self.seconds(*x),
                    ("round" | "int" | "float" | "abs", [x]) => self.seconds(*x),
                    _ => args.is_empty() && self.elapsed_seconds(n),
                }
            }
            _ => false,
        }
    }

    /// Whether the assignment `a` has run wherever `read` is reached: `a` comes first, in a
    /// block around `read`, or in the body of a `try` (itself so placed) whose handlers all
    /// end the script. (Assigned in a branch the reading may not have taken, the name would
    /// be unbound: `NameError`, exit 1.)
    fn binds_before(&self, a: Node, read: Node) -> bool {
        let Some(mut block) = a
            .parent()
            .filter(|s| s.kind() == "expression_statement")
            .and_then(|s| s.parent())
        else {
            return false;
        };
        if a.end_byte() > read.start_byte() {
            return false;
        }
        loop {
            if block.start_byte() <= read.start_byte() && read.end_byte() <= block.end_byte() {
                return true;
            }
            let Some(t) = block.parent().filter(|t| {
                t.kind() == "try_statement"
                    && t.child_by_field_name("body")
                        .is_some_and(|b| b.id() == block.id())
            }) else {
                return false;
            };
            let handlers_end = named(t).into_iter().all(|c| match c.kind() {
                "block" | "else_clause" => true,
                "except_clause" => named(c)
                    .into_iter()
                    .rfind(|b| b.kind() == "block")
                    .and_then(|b| named(b).into_iter().last())
                    .is_some_and(|last| self.exit_of(last).is_some()),
                _ => false,
            });
            match t.parent() {
                Some(outer) if handlers_end && matches!(outer.kind(), "block" | "module") => {
                    block = outer;
                }
                _ => return false,
            }
        }
    }

    /// A name `n` reads that nothing in the script binds, nor Python: every other place it is
    /// written is a plain read too (`print("at", stamp)` of a `stamp` set nowhere raises
    /// `NameError`). Conservative: a name written anywhere else, a builtin's, or a script
    /// that binds names by other means (`import *`, `exec`, `globals()`) is not named.
    fn unbound_name_in(&self, n: Node) -> Option<String> {
        let root = self.root?;
        if [
            "import *",
            "exec(",
            "globals()",
            "locals()",
            "__builtins__",
            "setattr(",
        ]
        .iter()
        .any(|t| self.src.contains(t))
        {
            return None;
        }
        let mut names = Vec::new();
        walk(n, &mut |c| {
            if c.kind() == "identifier" && plain_read(c) && !maybe_builtin(self.text(c)) {
                names.push(self.text(c));
            }
        });
        if names.is_empty() {
            return None;
        }
        // (Read at the module's level, a name bound only inside functions or classes is not
        // bound there either, unless a function declares it `global`.)
        let module_level = nested_scope(n).is_none();
        let mut bound: HashSet<&str> = HashSet::new();
        walk(root, &mut |c| {
            if c.kind() != "identifier" || plain_read(c) || !names.contains(&self.text(c)) {
                return;
            }
            // (An attribute's name, `Cfg.url`, and a keyword's, `get(url, timeout=t)`, bind
            // nothing.)
            let keyword = c.parent().is_some_and(|p| {
                p.kind() == "keyword_argument"
                    && p.child_by_field_name("name")
                        .is_some_and(|k| k.id() == c.id())
            });
            if is_attribute_name(c) || keyword {
                return;
            }
            let global = c.parent().is_some_and(|p| p.kind() == "global_statement");
            if !module_level || global || nested_scope(c).is_none() {
                bound.insert(self.text(c));
            }
        });
        names
            .into_iter()
            .find(|name| !bound.contains(name))
            .map(str::to_string)
    }

    /// Whether `name` is bound where `read` is reached: by an assignment that
    /// [`Self::binds_before`] it, or by anything else that binds it (a parameter, a loop's
    /// name, `as`, `global`), which is not judged.
    fn bound_at(&self, name: &str, read: Node) -> bool {
        let Some((assignments, others)) = self.bindings(name, Some(read)) else {
            return true;
        };
        // (`del` and `:=` are not read as binding here.)
        others
            .iter()
            .any(|k| !matches!(*k, "named_expression" | "delete_statement"))
            || assignments.iter().any(|a| self.binds_before(*a, read))
    }

    /// Where the script binds `name` (but at `except`): its plain assignments (`name = …`), and
    /// the kinds of node that bind it otherwise (a parameter, a loop's name, `as`, `global`,
    /// `+=`, unpacking, `:=`, `del`, an import).
    fn bindings(
        &self,
        name: &str,
        except: Option<Node>,
    ) -> Option<(Vec<Node<'a>>, Vec<&'static str>)> {
        const OTHER: [&str; 18] = [
            "parameters",
            "default_parameter",
            "typed_parameter",
            "typed_default_parameter",
            "for_statement",
            "for_in_clause",
            "as_pattern_target",
            "as_pattern",
            "global_statement",
            "nonlocal_statement",
            "pattern_list",
            "tuple_pattern",
            "augmented_assignment",
            "aliased_import",
            "dotted_name",
            "except_clause",
            "named_expression",
            "delete_statement",
        ];
        let root = self.root?;
        let mut assignments = Vec::new();
        let mut others = Vec::new();
        walk(root, &mut |c| {
            if c.kind() != "identifier"
                || self.text(c) != name
                || except.is_some_and(|e| e.id() == c.id())
            {
                return;
            }
            let Some(p) = c.parent() else { return };
            if p.kind() == "assignment"
                && p.child_by_field_name("left")
                    .is_some_and(|l| l.id() == c.id())
            {
                assignments.push(p);
            } else if let Some(k) = OTHER.iter().find(|k| **k == p.kind()) {
                others.push(*k);
            }
        });
        Some((assignments, others))
    }

    /// `r.elapsed.total_seconds()` of a response of requests or httpx.
    fn elapsed_seconds(&self, call: Node) -> bool {
        let Some(f) = call.child_by_field_name("function") else {
            return false;
        };
        let elapsed = f.child_by_field_name("object");
        f.kind() == "attribute"
            && f.child_by_field_name("attribute")
                .is_some_and(|a| self.text(a) == "total_seconds")
            && elapsed.is_some_and(|e| {
                e.kind() == "attribute"
                    && e.child_by_field_name("attribute")
                        .is_some_and(|a| self.text(a) == "elapsed")
                    && e.child_by_field_name("object").is_some_and(|o| {
                        matches!(self.vars.get(self.text(o)), Some(Val::Probe(i)) if self.timed.contains(i))
                    })
            })
    }

    /// Whether the script assigns `name`, every assignment gives it a number of
    /// [`Self::seconds`], and nothing else binds it (a branch that gives it text or None makes
    /// a number's format raise there).
    fn only_numbers_assigned(&self, name: &str) -> bool {
        // (A name whose value is worked out of itself, or of a name worked out of it, is not
        // read again.)
        if self.seconds_reading.borrow().iter().any(|r| r == name) {
            return false;
        }
        let Some((assignments, others)) = self.bindings(name, None) else {
            return false;
        };
        if assignments.is_empty() || !others.is_empty() {
            return false;
        }
        self.seconds_reading.borrow_mut().push(name.to_string());
        let numbers = assignments.iter().all(|a| {
            a.child_by_field_name("right")
                .is_some_and(|r| self.seconds(r))
        });
        self.seconds_reading.borrow_mut().pop();
        numbers
    }

    /// A name the script assigns only numbers of [`Self::seconds`]
    /// ([`Self::only_numbers_assigned`]), bound where it is read ([`Self::bound_at`]): `ms` of
    /// `ms = (time.perf_counter() - start) * 1000` then `print(f"{ms:.0f}")`.
    fn reported_seconds(&self, n: Node) -> bool {
        let name = self.text(n);
        self.only_numbers_assigned(name) && self.bound_at(name, n)
    }

    /// `time.time() - start` of a `start = time.time()`: seconds, which raise for nothing.
    fn time_taken(&self, n: Node) -> bool {
        let clock = |x: Node| match x.kind() {
            "call" => self.reads_the_clock(x),
            "identifier" => {
                matches!(self.vars.get(self.text(x)), Some(Val::Clock(_)))
                    || self.reported_only.contains(self.text(x))
            }
            "parenthesized_expression" => named(x).first().is_some_and(|y| self.time_taken(*y)),
            _ => false,
        };
        n.kind() == "binary_operator"
            && n.child_by_field_name("operator").map(|o| self.text(o)) == Some("-")
            && n.child_by_field_name("left").is_some_and(clock)
            && n.child_by_field_name("right").is_some_and(clock)
    }

    /// A test of numbers the script holds that cannot raise: `dots % 30 == 0`, `n > 5 and
    /// verbose`.
    /// Whether the name `n` is the variable of a `for NAME in range(…)` it is inside, which
    /// nothing in the loop assigns.
    fn range_counter(&self, n: Node) -> bool {
        let name = self.text(n);
        let mut at = n.parent();
        while let Some(p) = at {
            if p.kind() == "for_statement"
                && p.child_by_field_name("left").map(|l| self.text(l)) == Some(name)
            {
                // (`range_rounds` reads only a `range` whose name the loop leaves alone.)
                return self.range_rounds(p).is_some();
            }
            if p.kind() == "function_definition" {
                return false;
            }
            at = p.parent();
        }
        false
    }

    fn numeric_test(&self, n: Node) -> bool {
        match n.kind() {
            "integer" | "float" | "true" | "false" => true,
            // (A reading of the clock is a number too: `now - last_log > 5`; so is the name a
            // `for … in range(…)` around it counts with.)
            "identifier" => {
                matches!(
                    self.vars.get(self.text(n)),
                    Some(Val::Num(_) | Val::Truth(_) | Val::Clock(_))
                ) || self.range_counter(n)
            }
            "parenthesized_expression" | "not_operator" | "boolean_operator" => {
                named(n).into_iter().all(|c| self.numeric_test(c))
            }
            "comparison_operator" => {
                let ops = self.operator_of(n);
                ops.split(' ')
                    .all(|o| matches!(o, "<" | "<=" | ">" | ">=" | "==" | "!="))
                    && named(n).into_iter().all(|c| self.numeric_test(c))
            }
            "binary_operator" => {
                let (Some(l), Some(r)) = (
                    n.child_by_field_name("left"),
                    n.child_by_field_name("right"),
                ) else {
                    return false;
                };
                let op = n
                    .child_by_field_name("operator")
                    .map_or("", |o| self.text(o));
                let nonzero_literal = r.kind() == "integer" && self.text(r) != "0";
                match op {
                    "+" | "-" | "*" => self.numeric_test(l) && self.numeric_test(r),
                    "%" | "//" => self.numeric_test(l) && nonzero_literal,
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// `last_error = e` (or `str(e)`, `repr(e)`) in `except … as e:`, where the script only
    /// reports `last_error`: the message of its failure, nothing the verdict reads.
    fn keeps_the_error(&self, s: Node, assignment: Node) -> bool {
        let (Some(left), Some(right)) = (
            assignment.child_by_field_name("left"),
            assignment.child_by_field_name("right"),
        ) else {
            return false;
        };
        let Some(caught) = self.caught_around(s) else {
            return false;
        };
        let value = match right.kind() {
            "identifier" => Some(right),
            "call" if matches!(self.callee(right).as_str(), "str" | "repr") => {
                match right.child_by_field_name("arguments").map(named).as_deref() {
                    Some([one]) => Some(*one),
                    _ => None,
                }
            }
            _ => None,
        };
        // `raise error` where nothing catches it ends the script with 1 as a report does not,
        // but as whatever it stands in does (the failure after the tries ran out): the
        // exception a handler of `Exception` or narrower caught, or `None` (a `TypeError`).
        let raised_fails = self.handler_around(s).is_some_and(|h| {
            self.caught_classes(h).is_some_and(|c| {
                !c.is_empty()
                    && !c
                        .split(|ch: char| !(ch.is_alphanumeric() || ch == '_' || ch == '.'))
                        .any(|w| matches!(w, "BaseException" | "SystemExit" | "KeyboardInterrupt"))
            })
        });
        left.kind() == "identifier"
            && value.is_some_and(|v| v.kind() == "identifier" && self.text(v) == caught)
            && (self.only_reported(self.text(left), left)
                || (raised_fails && self.only_reported_or_raised(self.text(left), left)))
    }

    /// The `except` clause `n` is in, within its function.
    fn handler_around(&self, n: Node<'a>) -> Option<Node<'a>> {
        let mut up = n.parent();
        while let Some(p) = up {
            match p.kind() {
                "except_clause" => return Some(p),
                "function_definition" => return None,
                _ => up = p.parent(),
            }
        }
        None
    }

    /// [`Self::only_reported`], where `raise NAME` outside any `try` (which ends the script
    /// with 1) counts too, once a failing branch is where it stands.
    fn only_reported_or_raised(&self, name: &str, at: Node) -> bool {
        self.every_read_of(name, at, &|c| {
            let raised = c.parent().is_some_and(|p| {
                p.kind() == "raise_statement"
                    && named(p).len() == 1
                    && std::iter::successors(p.parent(), |q| q.parent())
                        .all(|q| q.kind() != "try_statement")
            });
            raised || self.in_report(c) || self.feeds_a_report(c, 2)
        })
    }

    /// Whether the script ends after the statement being read, with nothing after it but
    /// comments and `pass`.
    fn nothing_afterwards(&self) -> bool {
        for level in self.continuation.iter().rev() {
            match level {
                Continuation::EndPasses => return true,
                Continuation::Statements(rest) => {
                    if rest
                        .iter()
                        .any(|s| !matches!(s.kind(), "comment" | "pass_statement"))
                    {
                        return false;
                    }
                }
            }
        }
        true
    }

    /// Whether what runs after the current statement ends the script with a failure whatever
    /// happened before: reports first, then `sys.exit(N≠0)`, `raise`, or `return N≠0` from
    /// main. The end of the script, or of main, is a pass.
    fn fails_afterwards(&self) -> bool {
        for level in self.continuation.iter().rev() {
            match level {
                Continuation::EndPasses => return false,
                Continuation::Statements(rest) => {
                    if let Some(s) = rest.iter().find(|s| !self.is_inert_statement(**s)) {
                        return self.fails_statement(*s);
                    }
                }
            }
        }
        false
    }

    /// A statement that cannot raise and changes nothing a check reads: `pass`, a comment, a
    /// sleep of so many seconds, a counter's step, a print of text that interpolates nothing
    /// but names (`f"waiting: {e}"`), or an `if` on a count whose body is all such.
    /// `"connected: {}".format(conn)`: text whose only fields are `{}`, one for each name
    /// given (more fields than values raise `IndexError`).
    fn names_formatted(&self, n: Node) -> bool {
        let Some((object, args)) = self.method_call(n, "format") else {
            return false;
        };
        let Some(template) = (object.kind() == "string")
            .then(|| self.string(object))
            .flatten()
            .and_then(|t| t.as_literal())
        else {
            return false;
        };
        // (A name an `except … as` binds is deleted after its handler: reading it later raises
        // `NameError`.)
        let caught: Vec<&str> = self
            .root
            .map(|root| {
                let mut names = Vec::new();
                walk(root, &mut |c| {
                    if c.kind() == "except_clause"
                        && let Some(name) = self.caught_name(c)
                    {
                        names.push(name);
                    }
                });
                names
            })
            .unwrap_or_default();
        let fields = template.matches("{}").count();
        template.matches('{').count() == fields
            && template.matches('}').count() == fields
            && args.len() == fields
            && args
                .iter()
                .all(|a| a.kind() == "identifier" && !caught.contains(&self.text(*a)))
    }

    fn harmless(&self, st: Node) -> bool {
        match st.kind() {
            "pass_statement" | "comment" => true,
            "if_statement" => {
                let parts = named(st);
                let [cond, body] = parts.as_slice() else {
                    return false;
                };
                cond.kind() == "comparison_operator"
                    && named(*cond)
                        .iter()
                        .all(|x| matches!(x.kind(), "identifier" | "integer"))
                    && named(*body).into_iter().all(|x| self.harmless(x))
            }
            "expression_statement" => {
                let Some(e) = named(st).into_iter().next() else {
                    return false;
                };
                if self.counted_step(e).is_some() {
                    return true;
                }
                if e.kind() != "call" {
                    return false;
                }
                let f = self.callee(e);
                let args: Vec<Node> = e
                    .child_by_field_name("arguments")
                    .map(named)
                    .unwrap_or_default();
                match f.as_str() {
                    // `time.sleep(2)`, or of a name the script gave a number (`RETRY_INTERVAL = 2`).
                    "time.sleep" | "sleep" => matches!(args.as_slice(), [a]
                        if matches!(a.kind(), "integer" | "float")
                            || (a.kind() == "identifier"
                                && self.num_const(*a).is_some_and(|x| x >= 0.0))),
                    _ if reports(&f) => args.iter().all(|a| {
                        let text = match a.kind() {
                            "keyword_argument" => return self.text(*a).ends_with("flush=True"),
                            _ => *a,
                        };
                        (text.kind() == "string"
                            && named(text).iter().all(|part| match part.kind() {
                                "interpolation" => named(*part)
                                    .first()
                                    .is_some_and(|x| x.kind() == "identifier"),
                                _ => true,
                            }))
                            || self.names_formatted(text)
                    }),
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// Whether a block ends the script with a pass: `sys.exit(0)`, or `return 0` from main.
    fn passes(&self, block: Node) -> bool {
        named(block)
            .iter()
            .any(|s| self.exit_of(*s) == Some(Some(0)))
    }

    /// Whether a block passes the script, or an `if` in it (at any depth of `if`s) has a
    /// branch that does.
    fn may_pass(&self, block: Node) -> bool {
        self.passes(block)
            // A verdict function's `return TEST`.
            || (self.returns_truth
                && named(block).iter().any(|s| {
                    s.kind() == "return_statement"
                        && named(*s).first().is_some_and(|v| is_test(v.kind()))
                }))
            || named(block).iter().any(|s| {
                s.kind() == "if_statement"
                    && if_branch_blocks(*s).is_some_and(|b| b.iter().any(|b| self.may_pass(*b)))
            })
    }

    /// A condition the script requires (`holds`) or forbids on a response or process.
    fn requirement(&mut self, cond: Node<'a>, holds: bool, at: Node) -> Result<(), Unsupported> {
        let line = self.line(at);
        let unsupported = move || format!("line {line}: a test probekit cannot express");
        // `all(results)` of checks' results kept together, required: each passes.
        if let Some(kept) = self.all_of_verdicts(cond) {
            if !holds {
                return Err(unsupported());
            }
            self.verdicts.retain(|(n, _)| *n != kept);
            return Ok(());
        }
        // `results` itself (`if not results or not all(results)`): checks' results kept
        // together are never empty, so true.
        if cond.kind() == "identifier"
            && matches!(self.vars.get(self.text(cond)), Some(Val::Verdicts(_)))
        {
            return if holds { Ok(()) } else { Err(unsupported()) };
        }
        // `all([a, b])` required is `a and b` required; `any([a, b])` failing, `a or b`
        // failing: each of them.
        if let Some((every, items)) = self.all_or_any(cond) {
            if every != holds {
                return Err(unsupported());
            }
            for item in items {
                self.requirement(item, holds, at)?;
            }
            return Ok(());
        }
        // `requests.get(url).ok`, `urlopen(url).status`: the request is made where it is
        // tested; its response is known by the call's text, as a variable would be.
        if cond.kind() == "attribute" {
            self.inline_probe(cond)?;
        }
        // `s.connect_ex(addr) != 0`: the connection's error number, known by the call's text.
        if cond.kind() == "comparison_operator"
            && let Some(call) = named(cond).first().copied()
            && call.kind() == "call"
            && self.callee(call).ends_with(".connect_ex")
            && !self.vars.contains_key(self.text(call))
            && let Some(i) = self.probe_call(call)?
        {
            self.vars.insert(
                self.text(call).to_string(),
                Val::Attr(i, "connect_ex".into()),
            );
        }
        // `def main(args): if not args: raise SystemExit(usage)` called with `sys.argv[1:]`:
        // the script stops without an argument; the suite requires it.
        if let Some(count) = self.argv_words_needed(cond, holds) {
            self.require_argv(count, cond);
            return Ok(());
        }
        // `if args.host is None: parser.error(…)`, `if not args.host or not args.port:
        // sys.exit(3)`: the script stops without the option; the suite requires it.
        if let Some((dest, given_when)) = self.option_given(cond) {
            if given_when != holds {
                return Err(unsupported());
            }
            let arg = self
                .arguments
                .iter_mut()
                .find(|a| a.dest == dest)
                .ok_or_else(unsupported)?;
            arg.required = true;
            return Ok(());
        }
        // `if conn:`, `if conn.is_connected():` on a database login: the login raises where
        // it fails, and the connection it gives holds (mysql-connector's `is_connected()`
        // asks the server again, which just answered).
        if self.login_tested(cond).is_some() {
            return if holds { Ok(()) } else { Err(unsupported()) };
        }
        // `res = client.admin.command("ping")` then `if res["ok"] != 1:` or `if res is None:`:
        // pymongo returns a command's reply only when it says ok (else it raises), never None.
        if let Some(always) = self.mongo_reply_test(cond) {
            return if always == holds {
                Ok(())
            } else {
                Err(unsupported())
            };
        }
        // `status = r.ping()` … `if status == True:`: a redis ping answers True (or raises),
        // so comparing it with True or False is testing it.
        if let Some((ping, same)) = self.ping_compared(cond) {
            return self.requirement(ping, holds == same, at);
        }
        // `if sys.version_info.major != 3: sys.exit(1)`: what is kept runs on python3.
        if let Some(python3) = self.python3_test(cond) {
            return if python3 == holds {
                Ok(())
            } else {
                Err(format!("line {line}: the script fails on Python 3"))
            };
        }
        match cond.kind() {
            // `if data.get("ready"):`, `if not body["ok"]: sys.exit(1)`: the JSON value's truth.
            "subscript" | "call" | "identifier" if self.json_truth(cond).is_some() => {
                let (i, path) = self.json_truth(cond).ok_or_else(unsupported)?;
                let at_path = if path.is_empty() { "$" } else { path.as_str() };
                if !holds {
                    // False passes where nothing is there: a subscript raises there, and
                    // `.get` where the body is not an object (on a key of a missing parent,
                    // too: no one rule says that).
                    // (`data.get("db-status")` is `$['db-status']`: of the body itself.)
                    let of_the_body = cond.kind() == "call"
                        && cond
                            .child_by_field_name("function")
                            .and_then(|f| f.child_by_field_name("object"))
                            .and_then(|o| self.json_path(o))
                            .is_some_and(|(_, base)| base.is_empty());
                    if self.strict_json(cond) {
                        push_json_rule(&mut self.drafts[i], at_path, "exists", Yaml::Bool(true));
                    } else if path.contains(['.', '[']) && !of_the_body {
                        return Err(unsupported());
                    } else if !path.is_empty() {
                        push_json_rule(&mut self.drafts[i], "$", "type", Yaml::str("object"));
                    }
                }
                push_json_rule(&mut self.drafts[i], at_path, "truthy", Yaml::Bool(holds));
                Ok(())
            }
            "not_operator" => {
                let inner = cond
                    .child_by_field_name("argument")
                    .ok_or_else(unsupported)?;
                self.requirement(inner, !holds, at)
            }
            "parenthesized_expression" => {
                let inner = named(cond).into_iter().next().ok_or_else(unsupported)?;
                self.requirement(inner, holds, at)
            }
            "boolean_operator" => {
                // `a or b` failing = both required not; `a and b` required = both required.
                let op = self.text(
                    cond.child_by_field_name("operator")
                        .ok_or_else(unsupported)?,
                );
                let (l, r) = (
                    cond.child_by_field_name("left").ok_or_else(unsupported)?,
                    cond.child_by_field_name("right").ok_or_else(unsupported)?,
                );
                if (op == "and" && holds) || (op == "or" && !holds) {
                    self.requirement(l, holds, at)?;
                    self.requirement(r, holds, at)
                } else if let Some((i, words)) = self.any_word_in_body(cond, op, holds) {
                    // `"A" in body or "B" in body` required (`"A" not in body and "B" not in
                    // body` failing): one of the words.
                    let alternatives: Vec<String> =
                        words.iter().map(|w| regex::escape(w)).collect();
                    push_body(
                        &mut self.drafts[i],
                        (
                            "matches".into(),
                            Yaml::str(format!("(?:{})", alternatives.join("|"))),
                        ),
                    );
                    Ok(())
                } else {
                    Err(unsupported())
                }
            }
            "attribute" => {
                // `r.ok`
                let (i, attr) = self.probe_attribute(cond).ok_or_else(unsupported)?;
                if attr == "ok" && holds {
                    set_expect(
                        &mut self.drafts[i],
                        "status",
                        Yaml::statuses(&["1xx", "2xx", "3xx"]),
                    );
                    Ok(())
                } else {
                    Err(unsupported())
                }
            }
            // `errors > 0`, `len(failed) == 0`: the tally against zero.
            "comparison_operator" if self.tally_compared(cond).is_some() => {
                let (name, empty_when) = self.tally_compared(cond).ok_or_else(unsupported)?;
                if empty_when != holds {
                    return Err(unsupported());
                }
                self.verdicts.retain(|(n, _)| *n != name);
                Ok(())
            }
            "call" if self.tally_of_len(cond).is_some() && !holds => {
                let name = self.tally_of_len(cond).ok_or_else(unsupported)?;
                self.verdicts.retain(|(n, _)| *n != name);
                Ok(())
            }
            "comparison_operator" if self.text(cond).starts_with("len(sys.argv)") => {
                // `if len(sys.argv) < 3: usage(); sys.exit(3)`: the suite requires the
                // arguments (a usage error, exit 2, without them).
                let count = self.argv_needed(cond, holds).ok_or_else(unsupported)?;
                self.require_argv(count, cond);
                Ok(())
            }
            "comparison_operator" => {
                // `requests.get(url).status_code != 200`, `requests.get(url).json()["status"]
                // == "UP"`: the request is made where it is tested.
                for side in named(cond) {
                    if matches!(side.kind(), "attribute" | "call" | "subscript") {
                        self.inline_probe(side)?;
                    }
                }
                self.comparison(cond, holds).ok_or_else(unsupported)
            }
            // `Path(p).is_file()`, `os.path.exists(p)`: a file probe.
            "call" if self.file_test(cond).is_some() => {
                let (path, test) = self.file_test(cond).ok_or_else(unsupported)?;
                let i = self.file_probe(path, line);
                let expect: &[(&str, Yaml)] = match (test, holds) {
                    ("exists", true) => &[],
                    ("exists", false) => &[("exists", Yaml::Bool(false))],
                    ("file", true) => &[("type", Yaml::str("file"))],
                    ("directory", true) => &[("type", Yaml::str("directory"))],
                    // Absent, or of another type: no one expectation.
                    _ => return Err(unsupported()),
                };
                let d = &mut self.drafts[i];
                let absent = d.expect.iter().any(|(k, _)| k == "exists");
                if absent || (!holds && !d.expect.is_empty()) {
                    return Err(unsupported());
                }
                d.expect
                    .extend(expect.iter().map(|(k, v)| (k.to_string(), v.clone())));
                Ok(())
            }
            // `if check_port(port): …` where `def check_port(port): try: …; return result
            // == 0  except OSError: return False`: what the function returns, after what it
            // does to get there.
            "call" if holds && self.predicate_function(cond).is_some() => {
                let (func, prelude, returned) =
                    self.predicate_function(cond).ok_or_else(unsupported)?;
                let outer = self.vars.clone();
                let saved = self.bind_parameters(func, cond)?;
                let r = (|| {
                    for s in prelude {
                        // `with socket.create_connection(…):` around the return: entered.
                        if s.kind() == "with_statement" {
                            self.with_bindings(s)?;
                        } else if self.statement(s)? != Flow::Continue {
                            return Err(unsupported());
                        }
                    }
                    self.requirement(returned, true, at)
                })();
                self.unbind(saved);
                self.vars = outer;
                r
            }
            // `if not check_health(): sys.exit(1)` with `def check_health(): … if r.status !=
            // 200: return False … return True`: the function's body, each `return False` a
            // failure of the script, then on after the call.
            "call" if holds && self.verdict_function(cond).is_some() => {
                let func = self.verdict_function(cond).ok_or_else(unsupported)?;
                let body = func.child_by_field_name("body").ok_or_else(unsupported)?;
                // The function's own names are its own: what it binds is gone after the call.
                let outer = self.vars.clone();
                let saved = self.bind_parameters(func, cond)?;
                let flags = (self.returns_exit, self.returns_truth, self.returns_pass);
                (self.returns_exit, self.returns_truth, self.returns_pass) = (true, true, false);
                let outer_returned = std::mem::take(&mut self.returned_true);
                let flow = self.block(body);
                let returned = std::mem::replace(&mut self.returned_true, outer_returned);
                (self.returns_exit, self.returns_truth, self.returns_pass) = flags;
                self.unbind(saved);
                self.vars = outer;
                match flow? {
                    Flow::Continue => Ok(()),
                    // A `return True` inside its `if`s: on after the call.
                    Flow::Passed if returned => Ok(()),
                    // The loop's `return True` ([`Py::truth_in_loop`]): on after the call.
                    Flow::Passed if self.truth_in_loop(func) => Ok(()),
                    Flow::Passed => Err(unsupported()),
                }
            }
            // `isinstance(data, dict)`, `isinstance(data.get("jobs"), list)` on the body's
            // JSON: the value there has that type (an `int` or `float` is not one JSON type:
            // `True` is an int, `1.0` no int).
            "call" if holds && self.json_type_test(cond).is_some() => {
                let (i, path, kind) = self.json_type_test(cond).ok_or_else(unsupported)?;
                let path = if path.is_empty() {
                    "$".to_string()
                } else {
                    path
                };
                push_json_rule(&mut self.drafts[i], &path, "type", Yaml::str(kind));
                Ok(())
            }
            "true" if holds => Ok(()),
            // `if not client.ping(): …`: a redis ping is true, or raises.
            "call" if holds => match self.probe_call(cond)? {
                Some(i) if self.is_redis(i) => Ok(()),
                _ => Err(unsupported()),
            },
            "identifier" => match self.vars.get(self.text(cond)) {
                // `if failed: sys.exit(2)`: the tally must stay empty.
                Some(Val::Tally) if !holds => {
                    let name = self.text(cond);
                    self.verdicts.retain(|(n, _)| n != name);
                    Ok(())
                }
                Some(Val::Passed) if holds => Ok(()),
                Some(Val::Cleared) if !holds => Ok(()),
                // `status = r.ping()` … `if status == True`: a redis ping is true, or raises.
                Some(Val::Probe(i)) if holds && self.is_redis(*i) => Ok(()),
                Some(Val::Verdict) if holds => {
                    let name = self.text(cond);
                    self.verdicts.retain(|(n, _)| n != name);
                    Ok(())
                }
                Some(Val::Condition(start, end)) => {
                    let (start, end) = (*start, *end);
                    let kept = self
                        .root
                        .and_then(|r| r.descendant_for_byte_range(start, end))
                        .filter(|k| k.start_byte() == start && k.end_byte() == end)
                        .ok_or_else(unsupported)?;
                    self.requirement(kept, holds, at)
                }
                _ => Err(unsupported()),
            },
            _ => Err(unsupported()),
        }
    }

    /// A comparison's operator words, `not in` and `is not` as two: `"<"`, `"not in"`.
    fn operator_of(&self, cond: Node) -> String {
        let mut c = cond.walk();
        cond.children(&mut c)
            .filter(|k| !k.is_named())
            .map(|k| self.text(k))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// `len(failed)` of a tally: its name.
    fn tally_of_len(&self, n: Node) -> Option<String> {
        if n.kind() != "call" || self.callee(n) != "len" {
            return None;
        }
        let args = named(n.child_by_field_name("arguments")?);
        let [x] = args.as_slice() else { return None };
        (x.kind() == "identifier" && matches!(self.vars.get(self.text(*x)), Some(Val::Tally)))
            .then(|| self.text(*x).to_string())
    }

    /// `errors > 0`, `len(failed) != 0`, `errors == 0`: the tally's name, and whether the
    /// comparison holds exactly when the tally is empty.
    fn tally_compared(&self, cond: Node) -> Option<(String, bool)> {
        let parts = named(cond);
        let [left, right] = parts.as_slice() else {
            return None;
        };
        let name = match left.kind() {
            "identifier" if matches!(self.vars.get(self.text(*left)), Some(Val::Tally)) => {
                self.text(*left).to_string()
            }
            "call" => self.tally_of_len(*left)?,
            _ => return None,
        };
        let op = self.operator_of(cond);
        let bound = self.text(*right);
        let empty_when = match (op.as_str(), bound) {
            (">" | "!=", "0") | (">=", "1") => false,
            ("==" | "<=", "0") | ("<", "1") => true,
            _ => return None,
        };
        Some((name, empty_when))
    }

    /// The script reads (or requires) its first `k` arguments.
    fn read_argv(&self, k: usize, at: Node) {
        self.argv.set(self.argv.get().max(k));
        if self.argv_line.get() == 0 {
            self.argv_line.set(self.line(at));
        }
    }

    /// `args.host` (true when given), `args.host is None`, `args.host == None` (true when
    /// not): an option without a default the script tests for, and whether the test holds
    /// when the caller gives it.
    fn option_given(&self, cond: Node) -> Option<(String, bool)> {
        let option = |n: Node| -> Option<String> {
            if n.kind() != "attribute" {
                return None;
            }
            let attr = self.text(n.child_by_field_name("attribute")?);
            let base = n.child_by_field_name("object")?;
            if base.kind() != "identifier"
                || !matches!(self.vars.get(self.text(base)), None | Some(Val::Namespace))
            {
                return None;
            }
            let arg = self.arguments.iter().find(|a| a.dest == attr)?;
            (arg.default.is_none() && !arg.switch && arg.unsupported.is_none())
                .then(|| attr.to_string())
        };
        match cond.kind() {
            "attribute" => Some((option(cond)?, true)),
            "comparison_operator" => {
                let parts = named(cond);
                let [left, right] = parts.as_slice() else {
                    return None;
                };
                if right.kind() != "none" {
                    return None;
                }
                let op: String = self.operator_of(cond);
                let given = match op.as_str() {
                    "is" | "==" => false,
                    "is not" | "!=" => true,
                    _ => return None,
                };
                Some((option(*left)?, given))
            }
            _ => None,
        }
    }

    /// `sys.version_info.major != 3`, `sys.version_info[0] < 3`, `sys.version_info < (3,)`:
    /// whether the test holds on Python 3 (what runs a kept script is python3).
    fn python3_test(&self, cond: Node) -> Option<bool> {
        // `PY3 = sys.version_info >= (3, 0)` at module level, then `if PY3:`; `six.PY3`.
        if matches!(cond.kind(), "identifier" | "attribute") {
            let name = self.text(cond);
            if let Some(v) = holds_on_python3(name) {
                return Some(v);
            }
            return holds_on_python3(self.module_assignment(name)?);
        }
        if cond.kind() == "not_operator" {
            return self
                .python3_test(cond.child_by_field_name("argument")?)
                .map(|v| !v);
        }
        if cond.kind() != "comparison_operator" {
            return None;
        }
        holds_on_python3(self.text(cond))
    }

    /// The arguments a test of their count requires (at least, or at most, that many).
    fn require_argv(&self, count: ArgCount, cond: Node) {
        match count {
            ArgCount::AtLeast(needed) => self.read_argv(needed, cond),
            ArgCount::AtMost(most) => {
                let line = self.line(cond);
                let tighter = match self.argv_at_most.get() {
                    Some((m, l)) if m <= most => (m, l),
                    _ => (most, line),
                };
                self.argv_at_most.set(Some(tighter));
            }
        }
    }

    /// [`Self::argv_needed`] of a parameter that holds `sys.argv[1:]`: `args` (true with an
    /// argument), `len(args) OP N`.
    fn argv_words_needed(&self, cond: Node, holds: bool) -> Option<ArgCount> {
        let argv = |n: Node| {
            n.kind() == "identifier" && matches!(self.vars.get(self.text(n)), Some(Val::Argv))
        };
        if argv(cond) {
            return Some(if holds {
                ArgCount::AtLeast(1)
            } else {
                ArgCount::AtMost(0)
            });
        }
        let [left, right] = named(cond)[..] else {
            return None;
        };
        let counted = cond.kind() == "comparison_operator"
            && left.kind() == "call"
            && self.callee(left) == "len"
            && left
                .child_by_field_name("arguments")
                .is_some_and(|a| matches!(named(a)[..], [x] if argv(x)));
        if !counted {
            return None;
        }
        let n: i64 = self.text(right).parse().ok()?;
        self.argv_count(self.text(cond.child(1)?), n, 0, holds)
    }

    /// The numbers of arguments for which `len(sys.argv) OP N` is `holds`, when that is "at
    /// least m" (or exactly m, which the suite's declared arguments bound from above), or "at
    /// most m".
    fn argv_needed(&self, cond: Node, holds: bool) -> Option<ArgCount> {
        let parts = named(cond);
        let [_, right] = parts.as_slice() else {
            return None;
        };
        let n: i64 = self.text(*right).parse().ok()?;
        self.argv_count(self.text(cond.child(1)?), n, 1, holds)
    }

    /// The numbers of arguments c for which `c + before OP n` is `holds` (`before` the words
    /// ahead of the arguments: 1 for `sys.argv`'s program name), as [`ArgCount`].
    fn argv_count(&self, op: &str, n: i64, before: i64, holds: bool) -> Option<ArgCount> {
        let value = |c: i64| -> Option<bool> {
            let len = c + before;
            Some(match op {
                "<" => len < n,
                "<=" => len <= n,
                ">" => len > n,
                ">=" => len >= n,
                "==" => len == n,
                "!=" => len != n,
                _ => return None,
            })
        };
        let fits: Vec<i64> = (0..=9).filter(|c| value(*c) == Some(holds)).collect();
        let first = *fits.first()?;
        let last = *fits.last()?;
        if fits.iter().copied().eq(first..=9) || fits == [first] {
            Some(ArgCount::AtLeast(first as usize))
        } else if first == 0 && last < 9 && fits.iter().copied().eq(0..=last) {
            Some(ArgCount::AtMost(last as usize))
        } else {
            None
        }
    }

    /// `r.status_code == 200`, `!= 200`, `in (200, 204)`, `r.json()["status"] == "UP"`,
    /// `"UP" in r.text`, `p.returncode == 0`.
    fn comparison(&mut self, cond: Node<'a>, holds: bool) -> Option<()> {
        let parts = named(cond);
        // `body.get("database") == body.get("cache") == "ok"` required: each equals the word.
        if let [a, b, word] = parts.as_slice()
            && holds
            && self.operator_of(cond) == "== =="
            && self.string(*word).and_then(|t| t.as_literal()).is_some()
        {
            self.compare_two(cond, *a, "==".into(), *word, true)?;
            return self.compare_two(cond, *b, "==".into(), *word, true);
        }
        // `200 <= r.status_code < 300`
        if let [low, middle, high] = parts.as_slice() {
            let ops = self.operator_of(cond);
            let ops: Vec<&str> = ops.split(' ').collect();
            let (i, attr) = self.probe_attribute(*middle)?;
            let (lo, hi): (u16, u16) = (
                self.text(*low).parse().ok()?,
                self.text(*high).parse().ok()?,
            );
            if !matches!(attr.as_str(), "status_code" | "status" | "code") {
                return None;
            }
            let cmp = |op: &str, a: u16, b: u16| match op {
                "<" => Some(a < b),
                "<=" => Some(a <= b),
                _ => None,
            };
            let (first, second) = (*ops.first()?, *ops.get(1)?);
            cmp(first, 0, 0)?;
            cmp(second, 0, 0)?;
            let inside =
                |s: u16| cmp(first, lo, s) == Some(true) && cmp(second, s, hi) == Some(true);
            return self.status_within(i, inside, holds);
        }
        if parts.len() != 2 {
            return None;
        }
        let op = self.operator_of(cond);
        self.compare_two(cond, parts[0], op, parts[1], holds)
    }

    /// `isinstance(X, dict)` (or `list`, `str`, `bool`) where X is the body's JSON or a value
    /// in it: the response, the path and the JSON type.
    fn json_type_test(&self, call: Node) -> Option<(usize, String, &'static str)> {
        if !self.is_call_to(call, &["isinstance"]) {
            return None;
        }
        let args = named(call.child_by_field_name("arguments")?);
        let [value, class] = args.as_slice() else {
            return None;
        };
        let kind = match self.text(*class) {
            "dict" => "object",
            "list" => "array",
            "str" => "string",
            "bool" => "boolean",
            _ => return None,
        };
        let (i, path) = self.json_path(*value)?;
        Some((i, path, kind))
    }

    /// `data.get("status", "unknown")`, the default a string: the draft, the path of the key
    /// (of the body's root or of a value under it) and the default.
    fn json_get_or(&self, n: Node) -> Option<(usize, String, String)> {
        let f = n.child_by_field_name("function")?;
        if n.kind() != "call" || self.text(f.child_by_field_name("attribute")?) != "get" {
            return None;
        }
        let (i, base) = self.json_path(f.child_by_field_name("object")?)?;
        let [key, default] = named(n.child_by_field_name("arguments")?)[..] else {
            return None;
        };
        if default.kind() != "string" {
            return None;
        }
        let key = self.value(key).ok()?.as_literal()?;
        let default = self.value(default).ok()?.as_literal()?;
        Some((i, json_member(&base, &key)?, default))
    }

    /// `left op right` of the comparison `cond`, required to hold or not.
    fn compare_two(
        &mut self,
        cond: Node<'a>,
        left: Node<'a>,
        op: String,
        right: Node<'a>,
        holds: bool,
    ) -> Option<()> {
        // `status == "green"` of `status = data.get("status", "unknown")`: the default is what
        // a missing key gives, and a test against strings that are not it reads the key as
        // `.get("status")` does (None where it is missing, which equals no string).
        if let Some(Val::JsonOr(i, path, default)) = self.vars.get(self.text(left)).cloned() {
            let strings = match right.kind() {
                "string" => vec![right],
                "tuple" | "list" | "set" if op.ends_with("in") => named(right),
                _ => return None,
            };
            let differ = strings.iter().all(|s| {
                s.kind() == "string"
                    && self
                        .value(*s)
                        .ok()
                        .and_then(|v| v.as_literal())
                        .is_some_and(|v| v != default)
            });
            if !differ || !matches!(op.as_str(), "==" | "!=" | "in" | "not in") {
                return None;
            }
            let name = self.text(left).to_string();
            self.vars
                .insert(name.clone(), Val::Json(i, path.clone(), false));
            let made = self.compare_two(cond, left, op, right, holds);
            self.vars.insert(name, Val::JsonOr(i, path, default));
            return made;
        }
        // `"scraper" in cmdline`, `status == "ok"` on a file's content: the file's `content`.
        let content = |n: Node| match self.value_any(n) {
            Ok(Val::Content(p, stripped)) => Some((p, stripped)),
            _ => None,
        };
        let word = |n: Node| self.string(n).and_then(|t| t.as_literal());
        let rule = match (op.as_str(), content(left), content(right)) {
            ("in" | "not in", None, Some((p, _))) => {
                let w = word(left)?;
                let contains = (op == "in") == holds;
                Some((p, if contains { "contains" } else { "not_contains" }, w))
            }
            ("==", Some((p, stripped)), None) if holds => {
                Some((p, if stripped { "trimmed" } else { "equals" }, word(right)?))
            }
            _ => None,
        };
        if let Some((path, key, w)) = rule {
            let line = self.line(cond);
            let i = self.file_probe(path, line);
            let d = &mut self.drafts[i];
            if d.expect
                .iter()
                .any(|(k, v)| k == "exists" && *v == Yaml::Bool(false))
            {
                return None;
            }
            d.expect.retain(|(k, _)| k != "content");
            d.expect.push((
                "content".into(),
                Yaml::Flow(vec![(key.to_string(), Yaml::str(w))]),
            ));
            return Some(());
        }
        // `"PONG" in out`, `out != "active"` on a command's output (`check_output(…).decode()`).
        if let Some(()) = self.output_comparison(&op, left, right, holds) {
            return Some(());
        }
        // `psutil.disk_usage("/").percent > 90`, `os.getloadavg()[0] >= 8`
        if let Some(Val::Machine {
            kind,
            key,
            unit,
            path,
        }) = self.machine_value(left)
        {
            let (limit, unit) = match (self.measure_limit(right)?, unit) {
                // `0.1` of a fraction is 10%: rounded past the float's last digits.
                (Ok(n), FRACTION) => (((n * 100.0 * 1e9).round() / 1e9).to_string(), "%"),
                (Err(_), FRACTION) => return None,
                (Ok(n), unit) => (n.to_string(), unit),
                (Err(late), unit) => (late.render(), unit),
            };
            let mark = if limit.contains("${") {
                super::draft::LATE
            } else {
                ""
            };
            let op = order_held(&op, holds)?;
            let line = self.line(cond);
            let i = self.machine_probe(kind, path, line);
            let d = &mut self.drafts[i];
            if d.expect.iter().any(|(k, _)| k == key) {
                return None;
            }
            d.expect
                .push((key.into(), Yaml::str(format!("{mark}{op} {limit}{unit}"))));
            if unit == "%" && !matches!(key, "free_share" | "used_share") {
                self.warnings.push(Warning {
                    line,
                    message: "psutil rounds the percentage to one decimal; the probe compares the figure itself".into(),
                });
            }
            return Some(());
        }
        // `time.time() - p.stat().st_mtime > 60`, `datetime.now() - modified >
        // timedelta(minutes=1)`
        let age = match self.path_value(left) {
            Some(Val::Age(path)) => Some((path, self.measure_limit(right)?, None)),
            Some(Val::AgeDelta(path)) => match self.value_any(right).ok()? {
                Val::Delta(d) => Some((path, Ok(d), self.local_dates(left))),
                _ => None,
            },
            _ => None,
        };
        // (A limit below zero holds for a file dated in the future, which an age cannot say.)
        if let Some((path, limit, local)) = age
            && !matches!(limit, Ok(l) if l < 0.0)
        {
            if local == Some(true) {
                self.warnings.push(Warning {
                    line: self.line(cond),
                    message: "the script reads both times as the machine's local time: across a change of daylight saving time its age is an hour off, the probe's is not".into(),
                });
            }
            let op = order_held(&op, holds)?;
            let line = self.line(cond);
            let i = self.file_probe(path, line);
            let d = &mut self.drafts[i];
            if d.expect
                .iter()
                .any(|(k, v)| k == "age" || (k == "exists" && *v == Yaml::Bool(false)))
            {
                return None;
            }
            let limit = match limit {
                Ok(n) => seconds(&n.to_string()),
                Err(late) => format!("{}s", late.render()),
            };
            let mark = if limit.contains("${") {
                super::draft::LATE
            } else {
                ""
            };
            d.expect
                .push(("age".into(), Yaml::str(format!("{mark}{op} {limit}"))));
            return Some(());
        }
        // `== True` holds for JSON's `1` and `1.0` too, and `== 1` for `true` (Python's `True`
        // is 1): no JSON rule says that. `is True` is the boolean alone.
        let numeric_truth = match right.kind() {
            "true" | "false" => true,
            "integer" => matches!(self.text(right), "0" | "1"),
            _ => false,
        };
        if matches!(op.as_str(), "==" | "!=") && numeric_truth && self.json_path(left).is_some() {
            // `healthy == True` required: the boolean, with a warning for the numbers.
            if op == "==" && holds && matches!(right.kind(), "true" | "false") {
                let (i, path) = self.json_path(left)?;
                let value = right.kind() == "true";
                push_body(
                    &mut self.drafts[i],
                    ("json".into(), Yaml::Flow(vec![(path, Yaml::Bool(value))])),
                );
                self.warnings.push(Warning {
                    line: self.line(cond),
                    message: format!(
                        "`== {}` also holds for the JSON number {}, which the probe's `{}` does not take",
                        self.text(right),
                        u8::from(value),
                        value
                    ),
                });
                return Some(());
            }
            return None;
        }
        // `r.status_code < 300`, `>= 200`: a range of statuses, narrowed by any the probe
        // already requires.
        if matches!(op.as_str(), "<" | "<=" | ">" | ">=")
            && let Some((i, attr)) = self.probe_attribute(left)
            && matches!(attr.as_str(), "status_code" | "status" | "code")
            && right.kind() == "integer"
            && let Ok(bound) = self.text(right).parse::<u16>()
        {
            let inside = |c: u16| match op.as_str() {
                "<" => c < bound,
                "<=" => c <= bound,
                ">" => c > bound,
                _ => c >= bound,
            };
            return self.status_within(i, inside, holds);
        }
        let positive = match op.as_str() {
            "==" | "in" => holds,
            "!=" | "not in" => !holds,
            // `x is True`: the boolean itself.
            "is" if matches!(right.kind(), "true" | "false") => holds,
            "is not" if matches!(right.kind(), "true" | "false") => !holds,
            _ => return None,
        };
        let op = match op.as_str() {
            "is" => "==".to_string(),
            "is not" => "!=".to_string(),
            _ => op,
        };
        // `"UP" in r.text`, `"error" not in r.text.lower()`: a word in the body, or not.
        if op.ends_with("in")
            && let Some((i, fold)) = self.body_text(right)
        {
            let needle = self.value(left).ok()?;
            let rule = if positive { "contains" } else { "not_contains" };
            let rule = match fold {
                None => {
                    let needle = match needle.as_literal() {
                        Some(literal) => literal,
                        // A word the caller gives (`args.word in r.text`) is read when the
                        // probe runs.
                        None => format!("{}{}", super::draft::LATE, needle.render()),
                    };
                    (rule.to_string(), Yaml::str(needle))
                }
                // `.lower()`: the word, in any case; one with a capital is never in it.
                Some(upper) => {
                    let needle = needle.as_literal().filter(|w| !w.is_empty())?;
                    let folded = if upper {
                        needle.to_uppercase()
                    } else {
                        needle.to_lowercase()
                    };
                    if folded != needle || !needle.is_ascii() {
                        return None;
                    }
                    let key = if positive { "matches" } else { "not_matches" };
                    (
                        key.to_string(),
                        Yaml::str(format!("(?i){}", regex::escape(&needle))),
                    )
                }
            };
            push_body(&mut self.drafts[i], rule);
            return Some(());
        }
        if !positive {
            // `data["status"] != "red"` as a requirement, or `== "red"` as a failure: a
            // subscript raises where the path is missing and `.json()` where the body is not
            // JSON, so the value must be there and be another. Any other test that accepts
            // everything but one value has no single expectation.
            if !matches!(op.as_str(), "!=" | "==") {
                return None;
            }
            let strict = self.strict_json(left);
            let (i, path) = self.json_path(left)?;
            // `data.get("worker_running") is False` as a failure: a key that is missing gives
            // None, which passes; `.get` itself raises on what is not an object. Only for a key
            // of the body itself (a `.get` on a missing parent raises).
            if !strict && (path.is_empty() || path.contains(['.', '['])) {
                return None;
            }
            let value = self.json_scalar(right)?;
            if strict {
                push_json_rule(&mut self.drafts[i], &path, "exists", Yaml::Bool(true));
            } else {
                push_json_rule(&mut self.drafts[i], "$", "type", Yaml::str("object"));
            }
            push_json_rule(&mut self.drafts[i], &path, "not_equals", value);
            return Some(());
        }
        // `b"UP" in reply.read()`, `b"UP" in body` (`body = r.read()`): the body's bytes, and
        // text of ASCII alone.
        if op.ends_with("in")
            && let Some((i, false)) = self.read_body(right)
        {
            let needle = plain_bytes(self.text(left)).filter(|t| !t.is_empty())?;
            push_body(&mut self.drafts[i], ("contains".into(), Yaml::str(needle)));
            return Some(());
        }
        // `r.read() != b"ok"`, `r.read().decode() == "ok"`: the whole body. Bytes never equal
        // text in Python 3 (`r.read() == "ok"` is always false): such a test is kept.
        if matches!(op.as_str(), "==" | "!=")
            && let Some((i, limit)) = self.read_prefix(left)
        {
            let want = plain_bytes(self.text(right)).filter(|w| w.len() < limit)?;
            push_body(&mut self.drafts[i], ("equals".into(), Yaml::str(want)));
            return Some(());
        }
        if matches!(op.as_str(), "==" | "!=")
            && let Some((i, decoded)) = self.read_body(left)
        {
            let want = if decoded {
                (right.kind() == "string" && !self.text(right).starts_with(['b', 'B']))
                    .then(|| self.value(right).ok()?.as_literal())??
            } else {
                plain_bytes(self.text(right))?.to_string()
            };
            push_body(&mut self.drafts[i], ("equals".into(), Yaml::str(want)));
            return Some(());
        }
        // `"UP" in r.text`, `"UP" in body` (`body = r.read().decode()`)
        if op.ends_with("in")
            && (right.kind() == "attribute"
                || (right.kind() == "identifier"
                    && matches!(self.probe_attribute(right), Some((_, a)) if a == "text")))
        {
            let (i, attr) = self.probe_attribute(right)?;
            if attr != "text" && attr != "content" {
                return None;
            }
            // A word the caller gives (`args.word in r.text`) is read when the probe runs.
            let needle = self.value(left).ok()?;
            let needle = match needle.as_literal() {
                Some(literal) => literal,
                None => format!("{}{}", super::draft::LATE, needle.render()),
            };
            push_body(&mut self.drafts[i], ("contains".into(), Yaml::str(needle)));
            return Some(());
        }
        if let Some((i, attr)) = self.probe_attribute(left) {
            match attr.as_str() {
                "status_code" | "status" | "code" => {
                    // The status is an int: `== "200"` never holds, nor `in ("200", "204")`.
                    let text = |n: Node| {
                        matches!(n.kind(), "string" | "concatenated_string")
                            || (n.kind() == "identifier"
                                && self.module_assignment(self.text(n)).is_some_and(|v| {
                                    v.trim_start_matches(['f', 'r', 'b'])
                                        .starts_with(['"', '\''])
                                        // `OK = ("200", "204")`, `{"200"}`: texts held in a name.
                                        || (v.trim_start().starts_with(['(', '[', '{'])
                                            && v.contains(['"', '\'']))
                                }))
                    };
                    if text(right)
                        || (matches!(right.kind(), "list" | "tuple" | "set")
                            && named(right).into_iter().any(text))
                    {
                        return None;
                    }
                    // What the request can answer at all (urlopen raises on all but a 2xx;
                    // `raise_for_status()` on a 4xx or 5xx): a code outside it never reaches
                    // the test.
                    let answers = status_ranges(&self.drafts[i]);
                    let reachable = |c: i64| {
                        answers.as_ref().is_none_or(|r| {
                            r.iter()
                                .any(|(lo, hi)| i64::from(*lo) <= c && c <= i64::from(*hi))
                        })
                    };
                    let every = (100..=599).all(reachable);
                    let number = |t: &Text| t.as_literal()?.parse::<i64>().ok();
                    let status = if op.ends_with("in") {
                        // `in (200, 204)`, `in GOOD_CODES`, `in [HTTPStatus.OK, …]`
                        let codes: Option<Vec<i64>> = match self.value_any(right).ok()? {
                            Val::List(items) => items.iter().map(number).collect(),
                            _ => None,
                        };
                        let codes: Vec<Yaml> = codes?
                            .into_iter()
                            .filter(|c| reachable(*c))
                            .map(Yaml::Int)
                            .collect();
                        if codes.is_empty() {
                            return None;
                        }
                        Yaml::List(codes)
                    } else if let Some(late) = self.int_argument(right) {
                        // `== args.expected` (`type=int`): the caller's code, read when the
                        // probe runs (only where any answer reaches the test).
                        if !every {
                            return None;
                        }
                        Yaml::str(format!("{}{}", crate::import::draft::LATE, late.render()))
                    } else {
                        let code = number(&self.value(right).ok()?)?;
                        if !reachable(code) {
                            return None;
                        }
                        Yaml::Int(code)
                    };
                    set_expect(&mut self.drafts[i], "status", status);
                    return Some(());
                }
                // `s.connect_ex(addr) == 0`: connected, which the tcp probe requires.
                // (`positive`: the script goes on where it equals 0.)
                "connect_ex" if matches!(op.as_str(), "==" | "!=") && self.text(right) == "0" => {
                    self.drafts[i].warning = false;
                    return Some(());
                }
                "returncode" if !op.ends_with("in") => {
                    let code: i64 = self.text(right).parse().ok()?;
                    set_expect(&mut self.drafts[i], "exit_code", Yaml::Int(code));
                    return Some(());
                }
                "text" if !op.ends_with("in") => {
                    let v = self.value(right).ok()?.as_literal()?;
                    push_body(&mut self.drafts[i], ("equals".into(), Yaml::str(v)));
                    return Some(());
                }
                _ => return None,
            }
        }
        // `r.json()["status"] == "UP"`, `data["checks"]["db"] == "UP"`, `.get("status")`
        let (i, path) = self.json_path(left)?;
        if op.ends_with("in") {
            // `data.get("status") in ["green", "yellow"]`: one of these strings (a value of
            // another type is in no list of strings).
            let Ok(Val::List(items)) = self.value_any(right) else {
                return None;
            };
            let words: Vec<String> = items
                .iter()
                .map(|t| t.as_literal())
                .collect::<Option<_>>()?;
            let strings = named(right).iter().all(|n| n.kind() == "string");
            if words.is_empty() || !strings {
                return None;
            }
            let alternatives: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
            push_json_rule(
                &mut self.drafts[i],
                &path,
                "matches",
                Yaml::str(format!(r"\A(?:{})\z", alternatives.join("|"))),
            );
            return Some(());
        }
        let value = self.json_scalar(right)?;
        push_body(
            &mut self.drafts[i],
            ("json".into(), Yaml::Flow(vec![(path, value)])),
        );
        Some(())
    }

    /// `psutil.disk_usage(P).percent`, `psutil.virtual_memory().percent`, `os.getloadavg()[N]`
    /// (or a name holding one): a measure a `disk`, `memory` or `load` probe reads the same
    /// way (used of what unprivileged users may have; total less available; the kernel's
    /// averages).
    fn machine_value(&self, n: Node) -> Option<Val> {
        // `du.free`, `du.free / 2**30`, `100 * du.free / du.total`: a disk's free space (or
        // size) in a unit, or its free share of the size.
        if (matches!(n.kind(), "binary_operator" | "attribute")
            || matches!(self.vars.get(self.text(n)), Some(Val::DiskPart(..))))
            && let Some((path, key, factor)) = self.disk_arithmetic(n)
        {
            // Bytes in use have no measure of their own: only their share of the size.
            if key == "used_bytes" {
                return None;
            }
            let near = |x: f64| (factor - x).abs() <= x * 1e-9;
            // (A share as a fraction, `du.free / du.total < 0.1`: compared in percent.)
            let unit = if matches!(key, "free_share" | "used_share") {
                if near(100.0) {
                    "%"
                } else if near(1.0) {
                    FRACTION
                } else {
                    return None;
                }
            } else if near(1.0) {
                "B"
            } else if near(1.0 / 1024.0) {
                "KiB"
            } else if near(1.0 / 1048576.0) {
                "MiB"
            } else if near(1.0 / 1073741824.0) {
                "GiB"
            } else if near(1e-3) {
                "KB"
            } else if near(1e-6) {
                "MB"
            } else if near(1e-9) {
                "GB"
            } else {
                return None;
            };
            return Some(Val::Machine {
                kind: "disk",
                key,
                unit,
                path: Some(path),
            });
        }
        match n.kind() {
            "identifier" => match self.vars.get(self.text(n))? {
                v @ (Val::Machine { .. } | Val::DiskUsage(_)) => Some(v.clone()),
                _ => None,
            },
            "parenthesized_expression" => self.machine_value(*named(n).first()?),
            "call" => {
                let args = named(n.child_by_field_name("arguments")?);
                match (self.callee(n).as_str(), args.as_slice()) {
                    ("shutil.disk_usage" | "psutil.disk_usage", [p]) => {
                        Some(Val::DiskUsage(self.value(*p).ok()?))
                    }
                    _ => None,
                }
            }
            "attribute" => {
                let object = n.child_by_field_name("object")?;
                if self.text(n.child_by_field_name("attribute")?) != "percent"
                    || object.kind() != "call"
                {
                    return None;
                }
                let args = named(object.child_by_field_name("arguments")?);
                match (self.callee(object).as_str(), args.as_slice()) {
                    ("psutil.disk_usage", [p]) => Some(Val::Machine {
                        kind: "disk",
                        key: "used",
                        unit: "%",
                        path: Some(self.value(*p).ok()?),
                    }),
                    ("psutil.virtual_memory", []) => Some(Val::Machine {
                        kind: "memory",
                        key: "used",
                        unit: "%",
                        path: None,
                    }),
                    _ => None,
                }
            }
            "subscript" => {
                let value = n.child_by_field_name("value")?;
                if value.kind() != "call" || self.callee(value) != "os.getloadavg" {
                    return None;
                }
                let key = match self.text(n.child_by_field_name("subscript")?) {
                    "0" => "load1",
                    "1" => "load5",
                    "2" => "load15",
                    _ => return None,
                };
                Some(Val::Machine {
                    kind: "load",
                    key,
                    unit: "",
                    path: None,
                })
            }
            _ => None,
        }
    }

    /// Arithmetic on what `shutil.disk_usage(P)` returns: the path, the measure (`free`,
    /// `size`, or `free_share` for free / total) and the factor it is multiplied by. True
    /// division and products with constants only (`//` rounds, which a measure does not).
    fn disk_arithmetic(&self, n: Node) -> Option<(Text, &'static str, f64)> {
        match n.kind() {
            "parenthesized_expression" => self.disk_arithmetic(*named(n).first()?),
            "identifier" => match self.vars.get(self.text(n))? {
                Val::DiskPart(path, part) => Some((path.clone(), *part, 1.0)),
                _ => None,
            },
            "attribute" => {
                let Val::DiskUsage(path) = self.machine_value(n.child_by_field_name("object")?)?
                else {
                    return None;
                };
                Some((
                    path,
                    disk_part(self.text(n.child_by_field_name("attribute")?))?,
                    1.0,
                ))
            }
            "binary_operator" => {
                let left = n.child_by_field_name("left")?;
                let right = n.child_by_field_name("right")?;
                let op = self.text(n.child_by_field_name("operator")?);
                let constant = |x: Node| -> Option<f64> {
                    match x.kind() {
                        "integer" | "float" => self.text(x).replace('_', "").parse().ok(),
                        _ => self.int_arithmetic(x).map(|v| v as f64),
                    }
                };
                match op {
                    "*" => match (self.disk_arithmetic(left), self.disk_arithmetic(right)) {
                        (Some((p, k, f)), None) => Some((p, k, f * constant(right)?)),
                        (None, Some((p, k, f))) => Some((p, k, f * constant(left)?)),
                        _ => None,
                    },
                    "/" => {
                        let (p, k, f) = self.disk_arithmetic(left)?;
                        match self.disk_arithmetic(right) {
                            Some((q, "size", g)) if k == "free" && q == p => {
                                Some((p, "free_share", f / g))
                            }
                            Some((q, "size", g)) if k == "used_bytes" && q == p => {
                                Some((p, "used_share", f / g))
                            }
                            Some(_) => None,
                            None => {
                                let c = constant(right)?;
                                (c != 0.0).then(|| (p, k, f / c))
                            }
                        }
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The probe of a machine measure's kind (and disk path), made once.
    fn machine_probe(&mut self, kind: &'static str, path: Option<Text>, line: usize) -> usize {
        let check = match path {
            Some(path) => Check::Disk { path },
            None => Check::Host { kind },
        };
        if let Some(i) = self.drafts.iter().position(|d| d.check == check) {
            return i;
        }
        let base = match &check {
            Check::Disk { path } => disk_name(path),
            _ => kind.to_string(),
        };
        let name = self.unique_name(&base);
        self.drafts.push(Draft::new(name, line, check));
        self.drafts.len() - 1
    }

    /// Whether `n` is a path found from the script's own ([`Val::OwnPath`]): `__file__` (or a
    /// name holding such a path) through `Path(…)`, `.resolve()`, `.absolute()`, `.parent`,
    /// `.parents[N]`, `/ "text"`, `os.path.abspath`, `realpath`, `dirname` and `join` with
    /// text.
    fn own_path(&self, n: Node) -> bool {
        let literal = |n: Node| n.kind() == "string" && !self.text(n).starts_with(['f', 'F']);
        match n.kind() {
            "identifier" if self.text(n) == "__file__" => true,
            "identifier" => matches!(self.vars.get(self.text(n)), Some(Val::OwnPath)),
            "parenthesized_expression" => named(n).first().is_some_and(|e| self.own_path(*e)),
            "attribute" => {
                n.child_by_field_name("attribute")
                    .is_some_and(|a| self.text(a) == "parent")
                    && n.child_by_field_name("object")
                        .is_some_and(|o| self.own_path(o))
            }
            "subscript" => {
                let value = n.child_by_field_name("value");
                value.is_some_and(|v| {
                    v.kind() == "attribute"
                        && v.child_by_field_name("attribute")
                            .is_some_and(|a| self.text(a) == "parents")
                        && v.child_by_field_name("object")
                            .is_some_and(|o| self.own_path(o))
                }) && n
                    .child_by_field_name("subscript")
                    .is_some_and(|i| i.kind() == "integer")
            }
            "binary_operator" => self
                .operands(n, "/")
                .is_some_and(|(l, r)| self.own_path(l) && literal(r)),
            "call" => {
                let Some(args) = n.child_by_field_name("arguments").map(named) else {
                    return false;
                };
                let f = self.callee(n);
                match (f.as_str(), args.as_slice()) {
                    (
                        "pathlib.Path" | "os.path.abspath" | "os.path.realpath" | "os.path.dirname",
                        [p],
                    ) => self.own_path(*p),
                    ("os.path.join", [first, rest @ ..]) => {
                        self.own_path(*first) && rest.iter().all(|r| literal(*r))
                    }
                    (_, []) => n
                        .child_by_field_name("function")
                        .filter(|f| f.kind() == "attribute")
                        .is_some_and(|f| {
                            f.child_by_field_name("attribute")
                                .is_some_and(|a| matches!(self.text(a), "resolve" | "absolute"))
                                && f.child_by_field_name("object")
                                    .is_some_and(|o| self.own_path(o))
                        }),
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// A path (`Path("/x")`, a variable that holds one), its `stat()`, its modification time,
    /// or the seconds since then; `None` for anything else.
    fn path_value(&self, n: Node) -> Option<Val> {
        match n.kind() {
            "identifier" => match self.vars.get(self.text(n))? {
                v @ (Val::Path(_)
                | Val::Stat(_)
                | Val::Mtime(_)
                | Val::Age(_)
                | Val::MtimeDate(..)
                | Val::AgeDelta(_)) => Some(v.clone()),
                _ => None,
            },
            "parenthesized_expression" => self.path_value(*named(n).first()?),
            "call" => {
                let f = self.callee(n);
                let args = named(n.child_by_field_name("arguments")?);
                match (f.as_str(), args.as_slice()) {
                    ("pathlib.Path" | "pathlib.PosixPath", [p]) => {
                        Some(Val::Path(self.value(*p).ok()?))
                    }
                    ("os.stat", [p]) => Some(Val::Stat(self.path_of(*p)?)),
                    ("os.path.getmtime", [p]) => Some(Val::Mtime(self.path_of(*p)?)),
                    // `int(p.stat().st_mtime)`: whole seconds, as `int(time.time())` beside it.
                    ("int" | "float", [x]) => match self.path_value(*x)? {
                        v @ (Val::Mtime(_) | Val::Age(_)) => Some(v),
                        _ => None,
                    },
                    (
                        "datetime.datetime.fromtimestamp"
                        | "datetime.fromtimestamp"
                        | "datetime.datetime.utcfromtimestamp"
                        | "datetime.utcfromtimestamp",
                        [x],
                    ) => match self.path_value(*x)? {
                        Val::Mtime(p) => Some(Val::MtimeDate(p, f.ends_with("utcfromtimestamp"))),
                        _ => None,
                    },
                    // `(datetime.now() - modified).total_seconds()`
                    (_, []) if f.ends_with(".total_seconds") => {
                        let object = n
                            .child_by_field_name("function")?
                            .child_by_field_name("object")?;
                        match self.path_value(object)? {
                            Val::AgeDelta(p) => Some(Val::Age(p)),
                            _ => None,
                        }
                    }
                    (_, []) if f.ends_with(".stat") => {
                        let object = n
                            .child_by_field_name("function")?
                            .child_by_field_name("object")?;
                        Some(Val::Stat(self.path_of(object)?))
                    }
                    _ => None,
                }
            }
            "attribute" => {
                let object = n.child_by_field_name("object")?;
                let attr = self.text(n.child_by_field_name("attribute")?);
                match (self.path_value(object)?, attr) {
                    (Val::Stat(p), "st_mtime") => Some(Val::Mtime(p)),
                    _ => None,
                }
            }
            "binary_operator" => {
                let op = self.text(n.child_by_field_name("operator")?);
                let left = n.child_by_field_name("left")?;
                let right = n.child_by_field_name("right")?;
                if op == "-"
                    && let Some(utc) = self.date_now(left)
                {
                    return match self.path_value(right)? {
                        Val::MtimeDate(p, zone) if zone == utc => Some(Val::AgeDelta(p)),
                        _ => None,
                    };
                }
                // (The wall clock only: `time.monotonic()` counts from no fixed time.)
                match (op, self.clock(left)?, self.path_value(right)?) {
                    ("-", Val::Clock(0.0), Val::Mtime(p)) if self.wall_clock(left) => {
                        Some(Val::Age(p))
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// `TEXT.split(SEP)[0]` (also with a count, `split(SEP, 1)`) and `TEXT.split(SEP)[-1]`: of
    /// written text the part itself, of a variable the caller gives the suite's removal of what
    /// follows the first separator (`${HOSTS%%,*}`) or comes before the last (`${PATH##*/}`),
    /// which gives the whole value where it has no separator, as `split` does. `None` for other
    /// subscripts.
    fn split_element(&self, n: Node) -> Result<Option<Text>, Unsupported> {
        let (Some(call), Some(index)) = (
            n.child_by_field_name("value"),
            n.child_by_field_name("subscript"),
        ) else {
            return Ok(None);
        };
        let Some(object) = call
            .child_by_field_name("function")
            .filter(|f| {
                call.kind() == "call"
                    && f.kind() == "attribute"
                    && f.child_by_field_name("attribute")
                        .is_some_and(|a| self.text(a) == "split")
            })
            .and_then(|f| f.child_by_field_name("object"))
        else {
            return Ok(None);
        };
        let args = named(call.child_by_field_name("arguments").ok_or("a call")?);
        let (sep, count) = match args.as_slice() {
            [sep] => (*sep, None),
            [sep, count] if count.kind() == "integer" => (*sep, Some(self.text(*count))),
            _ => return Ok(None),
        };
        let Some(sep) = self.string(sep).and_then(|t| t.as_literal()) else {
            return Ok(None);
        };
        // (`[-1]` of `split(SEP, 1)` is what follows the first separator: not read.)
        let trim = match (self.text(index), count) {
            ("0", _) => Trim::LongestEnd,
            ("-1", None) => Trim::LongestStart,
            _ => return Ok(None),
        };
        if sep.is_empty() || count.is_some_and(|c| c == "0" || c.starts_with('-')) {
            return Ok(None);
        }
        let whole = self.value(object)?;
        // The separator as the suite's pattern: text, its `*`, `?` and `\\` taken as they are;
        // one the suite does not take in a pattern only where the text is written.
        if whole.as_literal().is_none()
            && (sep.contains(['[', '$', '{', '}']) || sep.contains(":-"))
        {
            return Ok(None);
        }
        let mut escaped = String::new();
        for c in sep.chars() {
            if matches!(c, '*' | '?' | '\\') {
                escaped.push('\\');
            }
            escaped.push(c);
        }
        let pattern = if trim == Trim::LongestEnd {
            format!("{escaped}*")
        } else {
            format!("*{escaped}")
        };
        Ok(whole.removal(trim, &pattern))
    }

    /// Whether an age as datetimes (`datetime.now() - datetime.fromtimestamp(…)`, or a name
    /// set to one) reads local times, which daylight saving time moves.
    fn local_dates(&self, n: Node) -> Option<bool> {
        let text = match n.kind() {
            "identifier" => self.text(self.assigned_values(self.text(n)).last().copied()??),
            _ => self.text(n),
        };
        Some(!text.contains("utcnow") && !text.contains("utcfromtimestamp"))
    }

    /// What each `name = VALUE` of the script gives `name`, in the script's order (`None` for
    /// an annotation without a value).
    pub(super) fn assigned_values(&self, name: &str) -> Vec<Option<Node<'a>>> {
        let mut out = Vec::new();
        if let Some(root) = self.root {
            walk(root, &mut |c| {
                if c.kind() == "assignment"
                    && c.child_by_field_name("left")
                        .is_some_and(|l| self.text(l) == name)
                {
                    out.push(c.child_by_field_name("right"));
                }
            });
        }
        out
    }

    /// `time.time()` (or `int(time.time())`), directly or in a name only ever set to it: the
    /// seconds since the epoch, as a file's modification time is.
    fn wall_clock(&self, n: Node) -> bool {
        let now = |c: Node| {
            let inner = if self.is_call_to(c, &["int", "float"]) {
                c.child_by_field_name("arguments")
                    .and_then(|a| named(a).into_iter().next())
            } else {
                Some(c)
            };
            inner.is_some_and(|i| i.kind() == "call" && self.is_call_to(i, &["time.time"]))
        };
        match n.kind() {
            "call" => now(n),
            "identifier" => {
                let values = self.assigned_values(self.text(n));
                !values.is_empty() && values.iter().all(|v| v.is_some_and(now))
            }
            _ => false,
        }
    }

    /// `datetime.now()` (false) or `datetime.utcnow()` (true): the time now as a `datetime`,
    /// in the machine's zone or in UTC.
    fn date_now(&self, n: Node) -> Option<bool> {
        match self.callee(n).as_str() {
            _ if n.kind() != "call"
                || n.child_by_field_name("arguments")
                    .is_some_and(|a| !named(a).is_empty()) =>
            {
                None
            }
            "datetime.datetime.now" | "datetime.now" => Some(false),
            "datetime.datetime.utcnow" | "datetime.utcnow" => Some(true),
            _ => None,
        }
    }

    /// `timedelta(minutes=5)`, `datetime.timedelta(0, 90)`: its seconds, every argument a
    /// number written in the script.
    fn timedelta(&self, n: Node) -> Option<f64> {
        if n.kind() != "call"
            || !matches!(
                self.callee(n).as_str(),
                "datetime.timedelta" | "timedelta" | "datetime.datetime.timedelta"
            )
        {
            return None;
        }
        const UNITS: [(&str, f64); 7] = [
            ("days", 86400.0),
            ("seconds", 1.0),
            ("microseconds", 1e-6),
            ("milliseconds", 1e-3),
            ("minutes", 60.0),
            ("hours", 3600.0),
            ("weeks", 604800.0),
        ];
        let mut total = 0.0;
        for (i, a) in named(n.child_by_field_name("arguments")?)
            .into_iter()
            .enumerate()
        {
            let (unit, value) = if a.kind() == "keyword_argument" {
                let name = self.text(a.child_by_field_name("name")?);
                let unit = UNITS.iter().find(|(u, _)| *u == name)?.1;
                (unit, a.child_by_field_name("value")?)
            } else {
                (UNITS.get(i)?.1, a)
            };
            match self.value_any(value).ok()? {
                Val::Num(v) => total += v * unit,
                _ => return None,
            }
        }
        Some(total)
    }

    /// `bool(os.environ.get("X"[, FALSY]))` and `os.environ.get("X", False|None)`: the
    /// variable, whose being set and not empty is the value's truth (a falsy default keeps
    /// `${X:-}` exact).
    fn truth(&self, n: Node) -> Option<Text> {
        let args = named(n.child_by_field_name("arguments")?);
        match (self.callee(n).as_str(), args.as_slice()) {
            ("bool", [inner]) if inner.kind() == "call" => {
                self.truth(*inner).or_else(|| match self.value(*inner) {
                    Ok(t)
                        if matches!(
                            self.callee(*inner).as_str(),
                            "os.environ.get" | "os.getenv"
                        ) && t
                            .0
                            .iter()
                            .all(|p| matches!(p, Piece::Var(_, d) if d.as_deref() == Some(""))) =>
                    {
                        Some(t)
                    }
                    _ => None,
                })
            }
            ("os.environ.get" | "os.getenv", [name, default])
                if matches!(self.text(*default), "False" | "None") =>
            {
                let name = self.string(*name)?.as_literal()?;
                Some(Text(vec![Piece::Var(name, Some(String::new()))]))
            }
            _ => None,
        }
    }

    /// `http.client.HTTPConnection("localhost", 8080, timeout=5)`, `HTTPSConnection(host,
    /// context=ssl._create_unverified_context())`, httplib's: the connection, before any request.
    fn connection(&self, n: Node) -> Option<Result<Val, Unsupported>> {
        let f = self.callee(n);
        let tls = match f.as_str() {
            "http.client.HTTPConnection" | "httplib.HTTPConnection" => false,
            "http.client.HTTPSConnection" | "httplib.HTTPSConnection" => true,
            _ => return None,
        };
        let line = self.line(n);
        let (args, positional) = call_arguments(n);
        let src = self.src;
        let kw = |name: &str| keyword_arg(src, &args, name);
        Some((|| {
            if let Some(other) = args
                .iter()
                .filter(|a| a.kind() == "keyword_argument")
                .find_map(|a| {
                    let k = self.text(a.child_by_field_name("name")?);
                    (!matches!(k, "host" | "port" | "timeout" | "context")).then_some(k)
                })
            {
                return Err(format!(
                    "line {line}: the connection setting `{other}` probekit does not read"
                ));
            }
            let host = match (positional.first().copied(), kw("host")) {
                (Some(h), _) | (None, Some(h)) => self.value(h)?,
                _ => return Err(format!("line {line}: a connection without a host")),
            };
            let port = match (positional.get(1).copied(), kw("port")) {
                (Some(p), _) | (None, Some(p)) => Some(self.value(p)?),
                _ => None,
            };
            if positional.len() > 2 {
                return Err(format!(
                    "line {line}: connection settings probekit does not read"
                ));
            }
            let timeout = match kw("timeout").or_else(|| positional.get(2).copied()) {
                Some(t) => Some(
                    self.duration(t)
                        .ok_or_else(|| format!("line {line}: a timeout probekit cannot read"))?,
                ),
                None => self.socket_timeout.clone(),
            };
            let insecure = match kw("context") {
                None => false,
                Some(c) if tls => self.insecure_context(c, line)?,
                Some(_) => return Err(format!("line {line}: a TLS context on a plain connection")),
            };
            let mut base = Text::lit(if tls { "https://" } else { "http://" });
            match port {
                Some(p) => base.append(Text::address(host, p)),
                None => base.append(host),
            }
            Ok(Val::Connection {
                base,
                timeout,
                insecure,
                request: None,
            })
        })())
    }

    /// `open(PATH)` or `open(PATH, "rb")`, for reading: the path.
    fn opened(&self, n: Node) -> Option<Text> {
        // `Path("/run/app.pid").open()`: the path's.
        if n.kind() == "call"
            && let Some(f) = n.child_by_field_name("function")
            && f.kind() == "attribute"
            && f.child_by_field_name("attribute")
                .is_some_and(|a| self.text(a) == "open")
            && let Some(Val::Path(p)) = f
                .child_by_field_name("object")
                .and_then(|o| self.path_value(o))
        {
            let args = named(n.child_by_field_name("arguments")?);
            let reads = match args.as_slice() {
                [] => true,
                [mode] => matches!(self.string(*mode)?.as_literal()?.as_str(), "r" | "rt"),
                _ => false,
            };
            return (reads && p.as_literal().is_none_or(|l| l.starts_with('/'))).then_some(p);
        }
        if n.kind() != "call" || !matches!(self.callee(n).as_str(), "open" | "io.open") {
            return None;
        }
        let args = named(n.child_by_field_name("arguments")?);
        let path = match args.as_slice() {
            [p] => p,
            [p, mode]
                if matches!(
                    self.string(*mode)?.as_literal()?.as_str(),
                    "r" | "rb" | "rt"
                ) =>
            {
                p
            }
            _ => return None,
        };
        let path = self.value(*path).ok()?;
        // A relative path is read from where the script runs, not the probe.
        path.as_literal()
            .is_none_or(|l| l.starts_with('/'))
            .then_some(path)
    }

    /// A test of a command's output ([`Py::output`]) against a string written in the script,
    /// as a rule on the probe's `stdout`: `in` and `not in`, `==` and `!=` (`trimmed` where
    /// the script stripped it).
    fn output_comparison(&mut self, op: &str, left: Node, right: Node, holds: bool) -> Option<()> {
        let (output, word_node) = match (self.output(left), self.output(right)) {
            (Some(o), None) if !op.ends_with("in") => (o, right),
            (None, Some(o)) if op.ends_with("in") || matches!(op, "==" | "!=") => (o, left),
            _ => return None,
        };
        let (i, text, stripped) = output;
        // The word as the script compares it: a string with text, a `b"…"` literal with bytes
        // (a string against bytes is never equal, and `in` raises).
        let word = if text {
            match word_node.kind() {
                "string" => self.string(word_node)?.as_literal()?,
                "identifier" => {
                    let v = self.module_assignment(self.text(word_node))?;
                    if !v.starts_with(['"', '\'']) {
                        return None;
                    }
                    self.value(word_node).ok()?.as_literal()?
                }
                _ => return None,
            }
        } else {
            plain_bytes(self.text(word_node))?.to_string()
        };
        // Text mode reads `\r\n` as `\n`: a word with a line break in it may match the text
        // the script reads and not the bytes the probe does.
        if text && word.contains(['\n', '\r']) {
            return None;
        }
        // What `.strip()` removes: whitespace, Unicode's for text, ASCII's for bytes.
        let space = if text { r"\s" } else { r"[ \t\n\r\x0b\x0c]" };
        let exact = regex::escape(&word);
        let rule = match op {
            "in" | "not in" => {
                if word.is_empty() || (stripped && word.trim() != word) {
                    return None;
                }
                let contains = (op == "in") == holds;
                (
                    if contains { "contains" } else { "not_contains" },
                    Yaml::str(word),
                )
            }
            _ if stripped && word.trim() != word => return None,
            "==" | "!=" if (op == "==") == holds && !stripped => ("equals", Yaml::str(word)),
            "==" | "!=" if (op == "==") == holds => (
                "matches",
                Yaml::str(format!(r"\A{space}*{exact}{space}*\z")),
            ),
            "==" | "!=" => {
                let pattern = if stripped {
                    format!(r"\A{space}*{exact}{space}*\z")
                } else {
                    format!(r"\A{exact}\z")
                };
                ("not_matches", Yaml::str(pattern))
            }
            _ => return None,
        };
        let d = &mut self.drafts[i];
        if !matches!(d.check, Check::Command { .. }) {
            return None;
        }
        match d.expect.iter_mut().find(|(k, _)| k == "stdout") {
            Some((_, Yaml::Flow(rules))) => {
                if rules.iter().any(|(k, _)| k == rule.0) {
                    return None;
                }
                rules.push((rule.0.to_string(), rule.1));
            }
            Some(_) => return None,
            None => d.expect.push((
                "stdout".into(),
                Yaml::Flow(vec![(rule.0.to_string(), rule.1)]),
            )),
        }
        Some(())
    }

    /// Whether the script names `name` only where it binds it (`d = {…}`, `d["k"] = v`) and
    /// where it spreads it into a call (`**d`): no other name or function may change it.
    fn only_splatted(&self, name: &str) -> bool {
        let Some(root) = self.root else { return false };
        let mut ok = true;
        walk(root, &mut |n| {
            if n.kind() != "identifier" || self.text(n) != name {
                return;
            }
            let Some(parent) = n.parent() else { return };
            let binds = |a: Node, child: Node| {
                a.kind() == "assignment"
                    && a.child_by_field_name("left")
                        .is_some_and(|l| l.id() == child.id())
            };
            ok &= match parent.kind() {
                "dictionary_splat" => true,
                "assignment" => binds(parent, n),
                "subscript"
                    if parent
                        .child_by_field_name("value")
                        .is_some_and(|v| v.id() == n.id()) =>
                {
                    parent.parent().is_some_and(|a| binds(a, parent))
                        // `logger.info(f"… {settings['host']}")`: an entry the dictionary
                        // has, reported.
                        || (self.in_report(parent)
                            && parent
                                .child_by_field_name("subscript")
                                .and_then(|k| self.value(k).ok())
                                .and_then(|k| k.as_literal())
                                .is_some_and(|k| {
                                    matches!(self.vars.get(name), Some(Val::Dict(entries)) if entries.iter().any(|(e, _)| *e == k))
                                }))
                }
                _ => false,
            };
        });
        ok
    }

    /// A command's standard output as the script holds it: `subprocess.check_output(argv)`,
    /// `r.stdout` of `subprocess.run(argv, capture_output=True)`, a variable holding either,
    /// with `.decode()` and `.strip()` after. The probe, whether it is text, and whether it
    /// was stripped.
    fn output(&self, n: Node) -> Option<(usize, bool, bool)> {
        let probe = |n: Node| match self.vars.get(self.text(n)) {
            Some(Val::Probe(i)) => Some(*i),
            _ => None,
        };
        match n.kind() {
            "identifier" => match self.vars.get(self.text(n))? {
                Val::Output {
                    probe,
                    text,
                    stripped,
                } => Some((*probe, *text, *stripped)),
                Val::Probe(i) => {
                    let c = self.captured.get(i)?;
                    c.returned.then_some((*i, c.text, false))
                }
                _ => None,
            },
            "parenthesized_expression" => self.output(*named(n).first()?),
            "attribute" => {
                let object = n.child_by_field_name("object")?;
                let i = probe(object)?;
                let c = self.captured.get(&i)?;
                (!c.returned && self.text(n.child_by_field_name("attribute")?) == "stdout")
                    .then_some((i, c.text, false))
            }
            "call" => {
                if let Some(i) = probe(n) {
                    let c = self.captured.get(&i)?;
                    return c.returned.then_some((i, c.text, false));
                }
                let f = n.child_by_field_name("function")?;
                if f.kind() != "attribute" {
                    return None;
                }
                let object = f.child_by_field_name("object")?;
                let args = named(n.child_by_field_name("arguments")?);
                let (i, text, stripped) = self.output(object)?;
                match self.text(f.child_by_field_name("attribute")?) {
                    "decode" if !text && args.iter().all(|a| utf8_name(self.text(*a))) => {
                        Some((i, true, stripped))
                    }
                    "strip" if args.is_empty() => Some((i, text, true)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Makes the probe of a subprocess call inside `n` (`subprocess.check_output(argv)
    /// .decode().strip()`), under the call's own text, as [`Py::inline_probe`] does one level
    /// down.
    fn inline_output(&mut self, n: Node<'a>) -> Result<(), Unsupported> {
        let mut at = n;
        loop {
            if at.kind() == "call" {
                if !self.vars.contains_key(self.text(at))
                    && is_subprocess_call(&self.callee(at))
                    && let Some(i) = self.probe_call(at)?
                {
                    self.vars.insert(self.text(at).to_string(), Val::Probe(i));
                    return Ok(());
                }
                match at.child_by_field_name("function") {
                    Some(f) if f.kind() == "attribute" => at = f,
                    _ => return Ok(()),
                }
            }
            match at.child_by_field_name("object") {
                Some(o) if at.kind() == "attribute" => at = o,
                _ => return Ok(()),
            }
        }
    }

    /// `fh.read()`, `open(p).read()`, with `.decode(…)` or `.strip()` after: the file and
    /// whether it was stripped.
    fn content(&self, n: Node) -> Option<(Text, bool)> {
        let f = n.child_by_field_name("function")?;
        if f.kind() != "attribute" {
            return None;
        }
        let object = f.child_by_field_name("object")?;
        let method = self.text(f.child_by_field_name("attribute")?);
        let args = named(n.child_by_field_name("arguments")?);
        match method {
            "read" if args.is_empty() => match self.vars.get(self.text(object)) {
                Some(Val::Opened(p)) => Some((p.clone(), false)),
                _ => self.opened(object).map(|p| (p, false)),
            },
            "decode" if object.kind() == "call" => self.content(object),
            "strip" if args.is_empty() && object.kind() == "call" => {
                self.content(object).map(|(p, _)| (p, true))
            }
            "strip" if args.is_empty() => match self.vars.get(self.text(object)) {
                Some(Val::Content(p, _)) => Some((p.clone(), true)),
                _ => None,
            },
            _ => None,
        }
    }

    /// The path `n` names: a `Path`, or a string for `os.path` functions.
    fn path_of(&self, n: Node) -> Option<Text> {
        match self.path_value(n) {
            Some(Val::Path(p)) => Some(p),
            Some(_) => None,
            None => {
                let t = self.value(n).ok()?;
                // A relative path is read from where the script runs, not the probe.
                t.as_literal()
                    .is_none_or(|l| l.starts_with('/'))
                    .then_some(t)
            }
        }
    }

    /// `p.exists()`, `p.is_file()`, `p.is_dir()`, `os.path.exists(p)`, `os.path.isfile(p)`,
    /// `os.path.isdir(p)`: the path, and what is asked (`exists`, `file`, `directory`).
    fn file_test(&self, call: Node) -> Option<(Text, &'static str)> {
        let f = self.callee(call);
        let args = named(call.child_by_field_name("arguments")?);
        let test = |name: &str| match name {
            "exists" => Some("exists"),
            "is_file" | "isfile" => Some("file"),
            "is_dir" | "isdir" => Some("directory"),
            _ => None,
        };
        if let Some(name) = f.strip_prefix("os.path.") {
            let [p] = args.as_slice() else { return None };
            return Some((self.path_of(*p)?, test(name)?));
        }
        let function = call.child_by_field_name("function")?;
        let method = self.text(function.child_by_field_name("attribute")?);
        let object = function.child_by_field_name("object")?;
        match (self.path_value(object)?, args.is_empty()) {
            (Val::Path(p), true) => Some((p, test(method)?)),
            _ => None,
        }
    }

    /// The file probe of `path`: the one made already, or a new one.
    fn file_probe(&mut self, path: Text, line: usize) -> usize {
        if let Some(i) = self
            .drafts
            .iter()
            .position(|d| matches!(&d.check, Check::File { path: p } if *p == path))
        {
            return i;
        }
        let base = format!("file-{}", slug(&path.for_name()));
        let name = self.unique_name(&base);
        self.drafts
            .push(Draft::new(name, line, Check::File { path }));
        self.drafts.len() - 1
    }

    /// A literal a JSON value is compared with: a string, an integer, True or False.
    fn json_scalar(&self, n: Node) -> Option<Yaml> {
        Some(match n.kind() {
            "string" => Yaml::str(self.value(n).ok()?.as_literal()?),
            "integer" => Yaml::Int(self.text(n).parse().ok()?),
            "true" => Yaml::Bool(true),
            "false" => Yaml::Bool(false),
            _ => return None,
        })
    }

    /// A JSON value of a response tested for its truth (`data.get("ready")`, `body["ok"]`,
    /// `ready` bound to one): the response and the path. Not a response itself (`if r:` is
    /// requests' `r.ok`).
    fn json_truth(&self, n: Node) -> Option<(usize, String)> {
        match n.kind() {
            "identifier" if !matches!(self.vars.get(self.text(n)), Some(Val::Json(..))) => None,
            "subscript" | "call" | "identifier" => self.json_path(n),
            _ => None,
        }
    }

    /// Whether reading the JSON value `n` raises where its path is missing: subscripts all
    /// the way (`data["a"]["b"]`, or a variable that holds one), no `.get()`.
    fn strict_json(&self, n: Node) -> bool {
        match n.kind() {
            "identifier" => match self.vars.get(self.text(n)) {
                Some(Val::Json(_, _, strict)) => *strict,
                _ => false,
            },
            "subscript" => n.child_by_field_name("value").is_some_and(|v| {
                self.strict_json(v) || self.json_path(v).is_some_and(|(_, p)| p.is_empty())
            }),
            _ => false,
        }
    }

    /// A urllib response's body read whole: `r.read()` or a name holding it (its bytes,
    /// `false`), or that decoded as UTF-8 (`r.read().decode()`, `body.decode("utf-8")`, a
    /// name holding it: its text, `true`).
    fn read_body(&self, n: Node) -> Option<(usize, bool)> {
        match n.kind() {
            "identifier" => match self.vars.get(self.text(n))? {
                Val::Attr(i, a) if a == "bytes" => Some((*i, false)),
                Val::Attr(i, a) if a == "text" => Some((*i, true)),
                _ => None,
            },
            "call" => {
                let f = n
                    .child_by_field_name("function")
                    .filter(|f| f.kind() == "attribute")?;
                let object = f.child_by_field_name("object")?;
                let args = named(n.child_by_field_name("arguments")?);
                match self.text(f.child_by_field_name("attribute")?) {
                    "read" if args.is_empty() => self.read_once(object).map(|i| (i, false)),
                    "decode" if args.iter().all(|a| utf8_name(self.text(*a))) => {
                        match self.read_body(object)? {
                            (i, false) => Some((i, true)),
                            _ => None,
                        }
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The response `object` names, where the script reads its body in one place: a second
    /// `r.read()` gets what the first left, nothing.
    fn read_once(&self, object: Node) -> Option<usize> {
        let Some(Val::Probe(i)) = self.vars.get(self.text(object)) else {
            return None;
        };
        if object.kind() != "identifier" || !self.drafts[*i].check_is_http() {
            return None;
        }
        // Every use of the name in the script: bound once, its body read once, and otherwise
        // only what does not read or close it (its status, headers, address).
        let name = self.text(object);
        // Within the `with` that binds it where there is one (the response is closed at its
        // end), else the whole script.
        let with = std::iter::successors(object.parent(), |p| p.parent()).find(|w| {
            w.kind() == "with_statement" && {
                let mut binds = false;
                walk(w.child(1).unwrap_or(*w), &mut |t| {
                    binds |= t.kind() == "as_pattern_target" && self.text(t) == name
                });
                binds
            }
        });
        let (mut bound, mut reads, mut other) = (Vec::new(), 0, false);
        walk(with.or(self.root)?, &mut |n| {
            if n.kind() != "identifier" || self.text(n) != name {
                return;
            }
            let Some(parent) = n.parent() else { return };
            match parent.kind() {
                "attribute"
                    if parent
                        .child_by_field_name("object")
                        .is_some_and(|o| o.id() == n.id()) =>
                {
                    match parent
                        .child_by_field_name("attribute")
                        .map(|a| self.text(a))
                    {
                        Some("read") => reads += 1,
                        Some(
                            "status" | "code" | "getcode" | "reason" | "headers" | "url" | "geturl"
                            | "info" | "getheader" | "msg",
                        ) => {}
                        _ => other = true,
                    }
                }
                "as_pattern_target" => bound.push(parent),
                "assignment"
                    if parent
                        .child_by_field_name("left")
                        .is_some_and(|l| l.id() == n.id()) =>
                {
                    bound.push(parent)
                }
                _ => other = true,
            }
        });
        // (`with urlopen(…) as r:` … `r.read()` after the block: closed, found by the
        // script-wide count, where the `with` binds it.)
        let [binding] = bound[..] else { return None };
        if other || reads != 1 || with.is_none() && binding.kind() == "as_pattern_target" {
            return None;
        }
        // `for u in urls: r = urlopen(u)` then `r.read()` after the loop: the last answer
        // only. The read in the loop that binds it, or in none.
        let innermost_loop = |n: Node| {
            std::iter::successors(n.parent(), |p| p.parent())
                .find(|p| matches!(p.kind(), "for_statement" | "while_statement"))
                .map(|l| l.id())
        };
        if innermost_loop(binding) != innermost_loop(object) {
            return None;
        }
        Some(*i)
    }

    /// `r.read(16) == b"ok"`: the first N bytes of the body, which equal text shorter than N
    /// only where the body is that text.
    fn read_prefix(&self, n: Node) -> Option<(usize, usize)> {
        let f = n
            .child_by_field_name("function")
            .filter(|f| n.kind() == "call" && f.kind() == "attribute")?;
        if self.text(f.child_by_field_name("attribute")?) != "read" {
            return None;
        }
        let [limit] = named(n.child_by_field_name("arguments")?)[..] else {
            return None;
        };
        let limit = self.text(limit).parse::<usize>().ok()?;
        Some((self.read_once(f.child_by_field_name("object")?)?, limit))
    }

    /// The text of a response's body as a test reads it: `r.text` (or a name holding it),
    /// and the same with `.lower()` or `.upper()`, with which (`Some(true)` for upper).
    fn body_text(&self, n: Node) -> Option<(usize, Option<bool>)> {
        let text = |n: Node| match n.kind() {
            "attribute" | "identifier" => match self.probe_attribute(n)? {
                (i, a) if a == "text" => Some(i),
                _ => None,
            },
            _ => None,
        };
        if let Some(i) = text(n) {
            return Some((i, None));
        }
        if n.kind() != "call" || !named(n.child_by_field_name("arguments")?).is_empty() {
            return None;
        }
        let f = n.child_by_field_name("function")?;
        if f.kind() != "attribute" {
            return None;
        }
        let upper = match self.text(f.child_by_field_name("attribute")?) {
            "lower" | "casefold" => false,
            "upper" => true,
            _ => return None,
        };
        Some((text(f.child_by_field_name("object")?)?, Some(upper)))
    }

    /// `r.status_code` → (draft of r, "status_code"); `r.getcode()` → (draft, "status"); a
    /// variable that holds one of them.
    fn probe_attribute(&self, n: Node) -> Option<(usize, String)> {
        match n.kind() {
            "attribute" => {
                let object = n.child_by_field_name("object")?;
                let attr = self.text(n.child_by_field_name("attribute")?).to_string();
                match self.vars.get(self.text(object)) {
                    Some(Val::Probe(i)) => Some((*i, attr)),
                    _ => None,
                }
            }
            "call"
                if n.child_by_field_name("arguments")
                    .is_some_and(|a| named(a).is_empty()) =>
            {
                let (i, method) = self.probe_attribute(n.child_by_field_name("function")?)?;
                (method == "getcode").then(|| (i, "status".to_string()))
            }
            // `getattr(resp, "status", 200)` of a urllib response, which always has it (a
            // requests response has no `status`: the default would be read).
            "call" if self.callee(n) == "getattr" => {
                let args = named(n.child_by_field_name("arguments")?);
                let [object, attr, _default] = args.as_slice() else {
                    return None;
                };
                let attr = self.string(*attr)?.as_literal()?;
                if self.rebinds_builtin("getattr") {
                    return None;
                }
                let urllib_only = self.src.contains("urlopen")
                    && ![
                        "requests",
                        "httpx",
                        "aiohttp",
                        "http.client",
                        "HTTPConnection",
                    ]
                    .iter()
                    .any(|other| self.src.contains(other));
                if !urllib_only || !matches!(attr.as_str(), "status" | "code") {
                    return None;
                }
                match self.vars.get(self.text(*object)) {
                    Some(Val::Probe(i)) if self.drafts[*i].check_is_http() => Some((*i, attr)),
                    _ => None,
                }
            }
            "identifier" | "call" => match self.vars.get(self.text(n)) {
                Some(Val::Attr(i, attr)) => Some((*i, attr.clone())),
                _ => None,
            },
            _ => None,
        }
    }

    /// `r.json()["a"]["b"]`, `data["a"]`, `r.json().get("a")` → (draft, "a.b").
    fn json_path(&self, n: Node) -> Option<(usize, String)> {
        match n.kind() {
            "subscript" => {
                let (i, base) = self.json_path(n.child_by_field_name("value")?)?;
                let sub = n.child_by_field_name("subscript")?;
                // `items[0]`: an index of an array, not a member named "0".
                let index = match sub.kind() {
                    "integer" => Some(self.text(sub).parse::<u64>().ok()?),
                    "identifier" => match self.vars.get(self.text(sub)) {
                        Some(Val::Num(k)) if *k >= 0.0 && k.fract() == 0.0 => Some(*k as u64),
                        Some(Val::Text(_)) => None,
                        _ => return None,
                    },
                    "string" | "concatenated_string" => None,
                    _ => return None,
                };
                if let Some(k) = index {
                    return Some((i, format!("{base}[{k}]")));
                }
                let key = self.value(sub).ok()?.as_literal()?;
                Some((i, json_member(&base, &key)?))
            }
            "call" => {
                // `r.read()`, `r.read().decode()`: the body as bytes or text, not JSON.
                if self.read_body(n).is_some() {
                    return None;
                }
                if let Ok(Some(i)) = self.method_on_probe(n) {
                    // `json.load(r)`, `r.json()`: the body's root.
                    return Some((i, String::new()));
                }
                let f = n.child_by_field_name("function")?;
                let method = self.text(f.child_by_field_name("attribute")?);
                let object = f.child_by_field_name("object")?;
                match method {
                    "json" => match self.vars.get(self.text(object)) {
                        Some(Val::Probe(i)) => Some((*i, String::new())),
                        _ => None,
                    },
                    "get" => {
                        let (i, base) = self.json_path(object)?;
                        let args = named(n.child_by_field_name("arguments")?);
                        // `.get("checks", {})`: an empty object where the key is missing, which
                        // a further `.get` reads as None, compares equal to no text or number
                        // and is false, as None is; `.get(k, None)` is `.get(k)`.
                        let default_like_none = |d: Node| {
                            d.kind() == "none" || (d.kind() == "dictionary" && named(d).is_empty())
                        };
                        match args.as_slice() {
                            [_] => {}
                            [_, d] if default_like_none(*d) => {}
                            _ => return None,
                        }
                        let key = self.value(args[0]).ok()?.as_literal()?;
                        Some((i, json_member(&base, &key)?))
                    }
                    _ => None,
                }
            }
            "identifier" => match self.vars.get(self.text(n)) {
                Some(Val::Probe(i)) if self.drafts[*i].check_is_http() => Some((*i, String::new())),
                Some(Val::Json(i, path, _)) => Some((*i, path.clone())),
                _ => None,
            },
            _ => None,
        }
    }

    /// `max_retries = 30` among the first statements of the function `n` is read in, before
    /// `n`, and the name bound nowhere else in the function: that whole number.
    fn function_constant(&self, n: Node) -> Option<i64> {
        let name = self.text(n);
        let func = std::iter::successors(n.parent(), |p| p.parent())
            .find(|p| p.kind() == "function_definition")?;
        let body = func.child_by_field_name("body")?;
        let [c] = self.bindings_of(body, name)[..] else {
            return None;
        };
        let written = c.kind() == "assignment"
            && c.child_by_field_name("left")
                .is_some_and(|t| t.kind() == "identifier")
            && c.parent()
                .and_then(|e| e.parent())
                .is_some_and(|b| b.id() == body.id())
            && c.end_byte() <= n.start_byte();
        let v = c
            .child_by_field_name("right")
            .filter(|v| written && v.kind() == "integer")?;
        self.text(v).replace('_', "").parse::<i64>().ok()
    }

    /// The statements and clauses in `scope` that bind `name`: assignments (`+=` too), `for`
    /// targets (a comprehension's too), `:=`, `as`, and `global`/`nonlocal`.
    fn bindings_of<'n>(&self, scope: Node<'n>, name: &str) -> Vec<Node<'n>> {
        let mut found = Vec::new();
        walk(scope, &mut |c| {
            let target = match c.kind() {
                "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause" => {
                    c.child_by_field_name("left")
                }
                "named_expression" => c.child_by_field_name("name"),
                "as_pattern" => c.child_by_field_name("alias"),
                "global_statement" | "nonlocal_statement" => Some(c),
                _ => None,
            };
            let Some(t) = target else { return };
            let mut binds = false;
            walk(t, &mut |i| {
                binds |= i.kind() == "identifier" && self.text(i) == name
            });
            if binds {
                found.push(c);
            }
        });
        found
    }

    /// A whole number the script writes as a constant expression, as Python computes it:
    /// `300`, `5 * 60`, `MAX_RETRIES + 1`, `-(2 ** 3)` (a name bound once, at module level, or
    /// among its function's first statements, to a whole number).
    fn int_const(&self, n: Node) -> Option<i64> {
        match n.kind() {
            "integer" => self.text(n).replace('_', "").parse().ok(),
            "parenthesized_expression" => self.int_const(named(n).into_iter().next()?),
            // A parameter still holding the whole number it was called with.
            "identifier"
                if self.int_params.get(self.text(n)).is_some_and(
                    |v| matches!(self.vars.get(self.text(n)), Some(Val::Num(x)) if *x == *v as f64),
                ) =>
            {
                self.int_params.get(self.text(n)).copied()
            }
            "identifier" => match self.function_constant(n) {
                Some(v) => Some(v),
                None => self
                    .module_assignment(self.text(n))?
                    .replace('_', "")
                    .parse()
                    .ok(),
            },
            "unary_operator" => {
                let arg = self.int_const(n.child_by_field_name("argument")?)?;
                match self.text(n.child_by_field_name("operator")?) {
                    "-" => arg.checked_neg(),
                    "+" => Some(arg),
                    _ => None,
                }
            }
            "binary_operator" => {
                let l = self.int_const(n.child_by_field_name("left")?)?;
                let r = self.int_const(n.child_by_field_name("right")?)?;
                match self.text(n.child_by_field_name("operator")?) {
                    "+" => l.checked_add(r),
                    "-" => l.checked_sub(r),
                    "*" => l.checked_mul(r),
                    // Python's `//` and `%` round towards negative infinity.
                    "//" if r != 0 => {
                        Some(l.div_euclid(r) - i64::from(r < 0 && l.rem_euclid(r) != 0))
                    }
                    "%" if r != 0 => Some(((l % r) + r) % r),
                    "**" if (0..64).contains(&r) => l.checked_pow(r as u32),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A number known before the script runs: a literal, a name bound to one (a module's
    /// constant, a parameter's default), arithmetic of such, `int()`, `float()` or `round()`
    /// of one.
    fn num_const(&self, n: Node) -> Option<f64> {
        if let Some(v) = self.int_const(n) {
            return Some(v as f64);
        }
        match n.kind() {
            "float" => self.text(n).replace('_', "").parse().ok(),
            "parenthesized_expression" => self.num_const(*named(n).first()?),
            "identifier" => match self.value_any(n) {
                Ok(Val::Num(v)) => Some(v),
                _ => self.module_assignment(self.text(n))?.parse().ok(),
            },
            "binary_operator" => {
                let l = self.num_const(n.child_by_field_name("left")?)?;
                let r = self.num_const(n.child_by_field_name("right")?)?;
                match self.text(n.child_by_field_name("operator")?) {
                    "+" => Some(l + r),
                    "-" => Some(l - r),
                    "*" => Some(l * r),
                    "/" if r != 0.0 => Some(l / r),
                    _ => None,
                }
            }
            "call" => {
                let args = named(n.child_by_field_name("arguments")?);
                let [x] = args.as_slice() else { return None };
                let x = self.num_const(*x)?;
                match self.callee(n).as_str() {
                    "int" => Some(x.trunc()),
                    "float" => Some(x),
                    // Python rounds halves to even.
                    "round" => Some(x.round_ties_even()),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// [`Py::int_const`] of arithmetic (an operator or parentheses), which the readers of a
    /// single literal or name do not see.
    fn int_arithmetic(&self, n: Node) -> Option<i64> {
        match n.kind() {
            "binary_operator" | "unary_operator" | "parenthesized_expression" => self.int_const(n),
            _ => None,
        }
    }

    /// `os.environ.get("A") or "d"` (also `os.getenv("A", "")`, `os.getenv("A", None)`, and
    /// a chain `… or os.getenv("B") or "d"`): `${A:-d}`, whose default is taken where the
    /// variable is unset or empty, as Python's `or` takes its right side.
    fn env_or(&self, n: Node) -> Option<Text> {
        let mut n = n;
        while n.kind() == "parenthesized_expression" {
            n = *named(n).first()?;
        }
        if n.kind() != "boolean_operator"
            || n.child_by_field_name("operator").map(|o| self.text(o)) != Some("or")
        {
            return None;
        }
        let left = n.child_by_field_name("left")?;
        let right = n.child_by_field_name("right")?;
        let literal = |n: Node| self.string(n).and_then(|t| t.as_literal());
        let name = match self.env_get_args(left)?.as_slice() {
            [name] => literal(*name)?,
            [name, empty]
                if self.text(*empty) == "None" || literal(*empty).as_deref() == Some("") =>
            {
                literal(*name)?
            }
            // `os.environ.get("A", "d") or "d"`: `d` where A is unset or empty alike.
            [name, same] if literal(*same).is_some() && literal(*same) == literal(right) => {
                literal(*name)?
            }
            _ => return None,
        };
        let default = match self.env_or(right) {
            Some(Text(pieces)) => match pieces.as_slice() {
                [Piece::Var(inner, Some(d))] => format!("${{{inner}:-{d}}}"),
                _ => return None,
            },
            None => {
                let mut r = right;
                while r.kind() == "parenthesized_expression" {
                    r = *named(r).first()?;
                }
                // `os.environ.get("A") or os.environ.get("B", "8501")`: B's value, or its
                // default, where A is unset or empty.
                // (A default written: without one the value is `None` where B is unset.)
                if r.kind() == "call"
                    && self.env_get_args(r).is_some_and(|args| args.len() == 2)
                    && let Ok(Text(pieces)) = self.value(r)
                    && let [Piece::Var(inner, Some(d))] = pieces.as_slice()
                {
                    return (!d.contains('}'))
                        .then(|| Text(vec![Piece::Var(name, Some(format!("${{{inner}:-{d}}}")))]));
                }
                // `int(os.getenv("T") or 3)`, `float(os.getenv("T") or 2.5)`: the number as
                // Python writes it, where the call turns text and number alike into one (used
                // as it is, the number is no text: `"…:" + (os.getenv("P") or 80)` raises).
                let t = match r.kind() {
                    "integer" | "float" if self.converted_by(n, r.kind()) => self.value(r).ok()?,
                    _ => self.string(r)?,
                };
                if !t
                    .0
                    .iter()
                    .all(|p| matches!(p, Piece::Lit(_) | Piece::Var(..)))
                {
                    return None;
                }
                match t.as_literal() {
                    // A `$` would read as a variable of the suite's.
                    Some(d) if d.contains('$') => return None,
                    Some(d) => d,
                    // `os.getenv("DATABASE_URL") or f"postgresql://{user}@{host}/app"`: the
                    // text the caller's values make, in probekit's form.
                    None => t.render(),
                }
            }
        };
        // A `}` in the default, or in a default inside it, would end it early.
        let value = Text(vec![Piece::Var(name, Some(default))]);
        writable(&value).then_some(value)
    }

    /// Whether `n` is the one argument of `int(…)` (for an `integer` literal in it) or
    /// `float(…)` (`integer` or `float`).
    fn converted_by(&self, n: Node, literal: &str) -> bool {
        let mut at = n;
        while let Some(p) = at
            .parent()
            .filter(|p| p.kind() == "parenthesized_expression")
        {
            at = p;
        }
        let Some(call) = at
            .parent()
            .filter(|a| a.kind() == "argument_list" && named(*a).len() == 1)
            .and_then(|a| a.parent())
        else {
            return false;
        };
        match call.child_by_field_name("function").map(|f| self.text(f)) {
            Some("int") => literal == "integer",
            Some("float") => true,
            _ => false,
        }
    }

    /// `port = os.getenv("API_PORT")` and right after it `if port is None: port = 9000` (or
    /// `if not port:`): `port` is the variable with that default, as `os.getenv("API_PORT",
    /// 9000)` (or `… or 9000`) reads it. True where the `if` is that, its value set.
    fn default_filled(&mut self, n: Node<'a>, cond: Node<'a>, body: Node<'a>) -> bool {
        if !other_branches(n).is_empty() {
            return false;
        }
        let (name, unset_only) = match cond.kind() {
            "comparison_operator" => match named(cond).as_slice() {
                [l, r]
                    if l.kind() == "identifier"
                        && self.text(*r) == "None"
                        && self.operator_of(cond) == "is" =>
                {
                    (self.text(*l), true)
                }
                _ => return false,
            },
            "not_operator" => match cond.child_by_field_name("argument") {
                Some(a) if a.kind() == "identifier" => (self.text(a), false),
                _ => return false,
            },
            _ => return false,
        };
        // The one statement of the branch: `port = 9000`.
        let assigned = |stmt: Node<'a>| -> Option<Node<'a>> {
            let [a] = named(stmt).try_into().ok()?;
            (stmt.kind() == "expression_statement"
                && a.kind() == "assignment"
                && a.child_by_field_name("left").map(|l| self.text(l)) == Some(name))
            .then(|| a.child_by_field_name("right"))
            .flatten()
        };
        let statements: Vec<Node> = named(body)
            .into_iter()
            .filter(|c| c.kind() != "comment")
            .collect();
        let Some(value) = (match statements.as_slice() {
            [stmt] => assigned(*stmt),
            _ => None,
        }) else {
            return false;
        };
        // The statement before the `if`: `port = os.getenv("API_PORT")`.
        let mut prev = n.prev_named_sibling();
        while let Some(p) = prev.filter(|p| p.kind() == "comment") {
            prev = p.prev_named_sibling();
        }
        let literal = |n: Node| self.string(n).and_then(|t| t.as_literal());
        let Some(variable) =
            prev.and_then(assigned)
                .and_then(|read| match self.env_get_args(read)?.as_slice() {
                    [v] => literal(*v),
                    [v, none] if self.text(*none) == "None" => literal(*v),
                    _ => None,
                })
        else {
            return false;
        };
        // Text written in the script, with nothing the suite would read as its own; or a
        // number where the name is only ever written into an f-string (`f"…:{port}/"`): the
        // script's value is a number where the variable is unset and text where it is set,
        // which `+`, `{port:d}` or `==` tell apart.
        let default = match value.kind() {
            // (As Python writes it: `18_200` and `0x4718` are 18200.)
            "integer" if self.only_interpolated(name, &[n, prev.unwrap_or(n)]) => {
                python_int(self.text(value)).map(|v| v.to_string())
            }
            "string" => literal(value),
            _ => None,
        };
        let Some(default) = default.filter(|d| !d.contains(['$', '}'])) else {
            return false;
        };
        if unset_only && !default.is_empty() {
            self.env_defaults
                .borrow_mut()
                .entry(variable.clone())
                .or_insert(self.line(n));
        }
        let name = name.to_string();
        self.numbers.remove(&name);
        self.vars.insert(
            name,
            Val::Text(Text(vec![Piece::Var(variable, Some(default))])),
        );
        true
    }

    /// Whether every use of `name` outside the statements `skip` is a plain f-string field
    /// (`{name}`, without a format or a conversion).
    fn only_interpolated(&self, name: &str, skip: &[Node]) -> bool {
        let Some(root) = self.root else {
            return false;
        };
        let inside = |n: Node| {
            skip.iter()
                .any(|s| s.start_byte() <= n.start_byte() && n.end_byte() <= s.end_byte())
        };
        let mut ok = true;
        walk(root, &mut |n| {
            if n.kind() == "identifier" && self.text(n) == name && !inside(n) {
                ok &= n
                    .parent()
                    .is_some_and(|p| p.kind() == "interpolation" && named(p).len() == 1);
            }
        });
        ok
    }

    /// `${NAME:-default}` for a variable the script reads from the environment, its default
    /// noted for the warning on unset-only defaults.
    fn environment_value(
        &self,
        name: String,
        default: Option<String>,
        n: Node,
    ) -> Result<Text, Unsupported> {
        if default.as_ref().is_some_and(|d| !d.is_empty()) {
            self.env_defaults
                .borrow_mut()
                .entry(name.clone())
                .or_insert(self.line(n));
        }
        let value = Text(vec![Piece::Var(name, default)]);
        // A default whose `}` would end it early (`os.getenv("P", "x}y")`): not writable.
        if !writable(&value) {
            return Err(format!(
                "line {}: a default probekit cannot write in `${{NAME:-…}}` (it has a `}}`)",
                self.line(n)
            ));
        }
        Ok(value)
    }

    /// The text of the one assignment to `name` at the module's top level (`RETRIES = 5`).
    fn module_assignment(&self, name: &str) -> Option<&str> {
        let mut found = self.src.lines().filter_map(|l| {
            let (left, right) = l.split_once('=')?;
            // `TIMEOUT = 300  # 5 minutes`: the value without its comment (where no quote
            // comes before the `#`, which would make it text).
            let right = match right.split_once('#') {
                Some((value, _)) if !value.contains(['"', '\'']) => value,
                _ => right,
            };
            (left.trim_end() == name && !right.starts_with('=')).then(|| right.trim())
        });
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// What `json.load(X)` or `json.loads(X)` (`call`) reads the body of: the response `X`
    /// for `json.load`, the `r` of `r.read()` or `r.read().decode()` (`"utf-8"`) for
    /// `json.loads`; any other form raises.
    fn read_body_of<'n>(&self, call: Node, arg: Node<'n>) -> Option<Node<'n>> {
        let loads = self.is_call_to(call, &["json.loads"]);
        let mut x = arg;
        let mut read = false;
        for step in ["decode", "read"] {
            let call = x;
            let Some(f) = call
                .child_by_field_name("function")
                .filter(|f| call.kind() == "call" && f.kind() == "attribute")
            else {
                continue;
            };
            if f.child_by_field_name("attribute").map(|a| self.text(a)) != Some(step) {
                continue;
            }
            let args = named(call.child_by_field_name("arguments")?);
            let plain = match (step, args.as_slice()) {
                (_, []) => true,
                ("decode", [a]) => matches!(
                    self.text(*a)
                        .trim_matches(['"', '\''])
                        .to_ascii_lowercase()
                        .as_str(),
                    "utf-8" | "utf8"
                ),
                _ => false,
            };
            if !plain {
                return None;
            }
            read |= step == "read";
            x = f.child_by_field_name("object")?;
        }
        (read == loads).then_some(x)
    }

    /// `data = r.json()`.
    fn method_on_probe(&self, n: Node) -> Result<Option<usize>, Unsupported> {
        if n.kind() != "call" {
            return Ok(None);
        }
        // `json.load(urlopen(url))`: the request made inline ([`Self::inline_probe`]).
        if self.is_call_to(n, &["json.loads", "json.load"])
            && let Some(arg) = n
                .child_by_field_name("arguments")
                .and_then(|a| named(a).into_iter().next())
            && let Some(inner) = self.read_body_of(n, arg)
            && inner.kind() == "call"
            && let Some(Val::Probe(i)) = self.vars.get(self.text(inner))
        {
            return Ok(Some(*i));
        }
        // `json.loads(resp.read().decode("utf-8"))`, `json.load(resp)`
        if self.is_call_to(n, &["json.loads", "json.load"])
            && let Some(arg) = n
                .child_by_field_name("arguments")
                .and_then(|a| named(a).into_iter().next())
        {
            let text = self.text(arg);
            let object = text.split('.').next().unwrap_or("");
            // `json.load(r)` reads the response; `json.loads(r.text)` (requests, httpx),
            // `json.loads(r.content)` (its bytes, which json takes as UTF-8) and
            // `json.loads(r.read())` its body's text. The other way round raises.
            let loads = self.is_call_to(n, &["json.loads"]);
            let reads = (text == object && !loads)
                || ((text == format!("{object}.text") || text == format!("{object}.content"))
                    && loads)
                || loads
                    && text.starts_with(&format!("{object}.read()"))
                    && matches!(
                        &text[object.len() + 7..],
                        "" | ".decode()"
                            | ".decode(\"utf-8\")"
                            | ".decode('utf-8')"
                            | ".decode(\"utf8\")"
                    );
            if reads && let Some(Val::Probe(i)) = self.vars.get(object) {
                return Ok(Some(*i));
            }
            // `json.loads(body)` (`body = r.read()`, or its text): json takes either.
            if loads && let Some((i, _)) = self.read_body(arg) {
                return Ok(Some(i));
            }
        }
        let Some(f) = n.child_by_field_name("function") else {
            return Ok(None);
        };
        // `r.read().decode()` (`"utf-8"`): the body as text.
        if f.kind() == "attribute"
            && f.child_by_field_name("attribute").map(|a| self.text(a)) == Some("decode")
            && let Some(inner) = f.child_by_field_name("object")
            && inner.kind() == "call"
            && named(n.child_by_field_name("arguments").ok_or("a call")?)
                .iter()
                .all(|a| utf8_name(self.text(*a)))
        {
            let read = inner
                .child_by_field_name("function")
                .and_then(|g| g.child_by_field_name("attribute"))
                .is_some_and(|a| self.text(a) == "read");
            if read {
                return self.method_on_probe(inner);
            }
        }
        // `r.json()`, and `r.read()`: the body, which later tests read.
        if f.kind() != "attribute"
            || !matches!(
                f.child_by_field_name("attribute").map(|a| self.text(a)),
                Some("json" | "read")
            )
        {
            return Ok(None);
        }
        let object = f
            .child_by_field_name("object")
            .map(|o| self.text(o))
            .unwrap_or("");
        Ok(match self.vars.get(object) {
            Some(Val::Probe(i)) => Some(*i),
            _ => None,
        })
    }

    fn for_statement(&mut self, n: Node<'a>) -> Result<(), Unsupported> {
        let left = n.child_by_field_name("left").ok_or("a for")?;
        let right = n.child_by_field_name("right").ok_or("a for")?;
        let body = n.child_by_field_name("body").ok_or("a for")?;
        if self.reports_verdicts(n, left, right, body) {
            return Ok(());
        }
        if matches!(left.kind(), "pattern_list" | "tuple_pattern") {
            return self.unpacking_loop(n, left, right, body);
        }
        if left.kind() != "identifier" || named(n).iter().any(|c| c.kind() == "else_clause") {
            return Err(format!(
                "line {}: a loop probekit cannot express",
                self.line(n)
            ));
        }
        // A body that waits or pauses (a retry loop per port) makes its rounds one after the
        // other, each item's tries after the last item's: read once per item, the probes
        // waiting on one another, where one probe per item would run them all at once.
        let waits = self.waits_within(body, 4);
        let items: Vec<String> = match self.value_any(right)? {
            Val::List(items) => match items.iter().map(Text::as_literal).collect() {
                Some(literal) if !waits => literal,
                // `[BASE + "/health", BASE + "/ready"]` with BASE from the environment: the
                // body once per item, each check a probe of its own.
                _ if items.len() <= MAX_UNROLLED => {
                    let var = self.text(left).to_string();
                    let mut saved = None;
                    for item in items {
                        self.unrolled_reads += 1;
                        if self.unrolled_reads > MAX_UNROLLED_READS {
                            return Err(format!(
                                "line {}: loops over items, nested, with more items in all than probekit reads one by one",
                                self.line(n)
                            ));
                        }
                        let old = self.vars.insert(var.clone(), Val::Text(item));
                        saved.get_or_insert(old);
                        let r = self.block(body);
                        if r.is_err() {
                            self.unbind(vec![(var, saved.flatten())]);
                            return r.map(|_| ());
                        }
                    }
                    // After the loop the name holds the last item, as Python leaves it.
                    return Ok(());
                }
                _ => {
                    return Err(format!(
                        "line {}: a loop over more than {MAX_UNROLLED} values from the environment, or that waits",
                        self.line(n)
                    ));
                }
            },
            _ => {
                return Err(format!(
                    "line {}: a loop over something other than a list",
                    self.line(n)
                ));
            }
        };
        let var = self.text(left).to_string();
        let before = self.drafts.len();
        let saved = self.vars.insert(var.clone(), Val::Text(Text::lit(ITEM)));
        let r = self.block(body);
        // After the loop the name holds the last item, as Python leaves it (an empty list
        // leaves it as it was).
        match items.last() {
            Some(last) => {
                self.vars.insert(var, Val::Text(Text::lit(last)));
            }
            None => self.unbind(vec![(var, saved)]),
        }
        r?;
        for i in before..self.drafts.len() {
            let d = &mut self.drafts[i];
            d.for_each = Some(items.clone());
            if !d.name.contains(ITEM) {
                let base = d.name.clone();
                self.names.remove(&base);
                let name = self.unique_name(&format!("{base}-{ITEM}"));
                self.drafts[i].name = name;
            }
        }
        Ok(())
    }

    /// `for name, ok in results.items(): print(f"{name}: {'OK' if ok else 'FAIL'}")` over
    /// checks' results kept together ([`Val::Verdicts`]): a loop that only says what they were.
    /// Its names (the loop's, and those its body sets) appear nowhere else in the script, so
    /// nothing the suite does not have is read after it, and nothing it needs is hidden.
    fn reports_verdicts(
        &mut self,
        n: Node<'a>,
        left: Node<'a>,
        right: Node<'a>,
        body: Node<'a>,
    ) -> bool {
        // What the loop goes over, and how many names each round binds: one, or two (a
        // dict's items, `enumerate`).
        let kept = |name: Node| match self.vars.get(self.text(name)) {
            Some(Val::Verdicts(keys)) if name.kind() == "identifier" => Some(keys.is_some()),
            _ => None,
        };
        let args = right
            .child_by_field_name("arguments")
            .map(named)
            .unwrap_or_default();
        let function = right
            .child_by_field_name("function")
            .filter(|_| right.kind() == "call");
        let width = match function {
            None => kept(right).map(|_| 1),
            Some(f) if f.kind() == "attribute" => {
                let dict = f.child_by_field_name("object").and_then(kept) == Some(true);
                match f.child_by_field_name("attribute").map(|m| self.text(m)) {
                    _ if !dict || !args.is_empty() => None,
                    Some("items") => Some(2),
                    Some("values" | "keys") => Some(1),
                    _ => None,
                }
            }
            Some(f) if self.text(f) == "enumerate" && !self.rebinds_builtin("enumerate") => {
                matches!(args.as_slice(), [a] if kept(*a) == Some(false)).then_some(2)
            }
            _ => None,
        };
        let targets = match left.kind() {
            "identifier" => vec![left],
            "pattern_list" | "tuple_pattern" => named(left),
            _ => return false,
        };
        let shaped = match width {
            Some(1) => left.kind() == "identifier",
            Some(w) => left.kind() != "identifier" && targets.len() == w,
            None => false,
        };
        if !shaped
            || named(n).iter().any(|c| c.kind() == "else_clause")
            || targets.iter().any(|t| t.kind() != "identifier")
        {
            return false;
        }
        let mut names: Vec<String> = targets.iter().map(|t| self.text(*t).to_string()).collect();
        let mut bound = names.clone();
        if !self.only_says(body, &mut bound, &mut names) {
            return false;
        }
        let Some(root) = self.root else { return false };
        let mut elsewhere = false;
        walk(root, &mut |c| {
            elsewhere |= c.kind() == "identifier"
                && (c.start_byte() < n.start_byte() || c.end_byte() > n.end_byte())
                && names.iter().any(|name| name == self.text(c));
        });
        if elsewhere {
            return false;
        }
        for name in names {
            self.vars.remove(&name);
            self.numbers.remove(&name);
        }
        true
    }

    /// Whether a module-level `import NAME` (not aliased) binds `name`.
    fn imports_plainly(&self, name: &str) -> bool {
        self.root.is_some_and(|root| {
            named(root).into_iter().any(|st| {
                st.kind() == "import_statement"
                    && named(st)
                        .iter()
                        .any(|m| m.kind() == "dotted_name" && self.text(*m) == name)
            })
        })
    }

    /// Whether a block only prints what names, strings and tests of them say (`print`,
    /// `logging`, an `if ok:` between reports, `icon = "✓" if ok else "✗"`), which cannot
    /// raise: each name it reads is bound, in `set` (the loop's names, and those the block
    /// set before it, or each branch of an `if … else` before it) or known to the reader. The
    /// names bound after it are added to `set`, and every name it binds to `all`.
    fn only_says(&self, block: Node<'a>, set: &mut Vec<String>, all: &mut Vec<String>) -> bool {
        // An expression that cannot raise and calls nothing: bound names, strings (f-strings
        // of such expressions), and `a if t else b`, `not`, `and`, `or` of them.
        fn plain(n: Node, text: &dyn Fn(Node) -> String, bound: &dyn Fn(&str) -> bool) -> bool {
            match n.kind() {
                "identifier" => bound(&text(n)),
                "true" | "false" | "none" | "integer" | "string_start" | "string_content"
                | "string_end" | "escape_sequence" | "comment" => true,
                // `==`, `!=`, `is`, `is not`: no type makes them raise (`<` and `in` may).
                "comparison_operator" => {
                    let mut c = n.walk();
                    let ops: Vec<String> = n
                        .children(&mut c)
                        .filter(|x| !x.is_named())
                        .map(text)
                        .collect();
                    ops.iter()
                        .all(|o| matches!(o.as_str(), "==" | "!=" | "is" | "not"))
                        && {
                            let mut c = n.walk();
                            n.named_children(&mut c).all(|x| plain(x, text, bound))
                        }
                }
                "string"
                | "concatenated_string"
                | "interpolation"
                | "conditional_expression"
                | "not_operator"
                | "boolean_operator"
                | "parenthesized_expression" => {
                    let mut ok = true;
                    let mut c = n.walk();
                    for child in n.named_children(&mut c) {
                        ok &= plain(child, text, bound);
                    }
                    // `{x!r}`, `{x:>10}`: a conversion or a format spec (which may raise).
                    ok && !(n.kind() == "interpolation"
                        && (text(n).contains('!') || text(n).contains(':')))
                }
                _ => false,
            }
        }
        let text = |n: Node| self.text(n).to_string();
        for st in named(block) {
            let known = set.clone();
            let bound =
                |name: &str| known.iter().any(|k| k == name) || self.vars.contains_key(name);
            let plain = |n: Node| plain(n, &text, &bound);
            let says = match st.kind() {
                "comment" | "pass_statement" => true,
                "expression_statement" => named(st).first().is_some_and(|e| match e.kind() {
                    "call" => {
                        let f = self.callee(*e);
                        let args = e
                            .child_by_field_name("arguments")
                            .map(named)
                            .unwrap_or_default();
                        let print = f == "print" && !self.rebinds_builtin("print");
                        let logging = matches!(
                            f.as_str(),
                            "logging.debug"
                                | "logging.info"
                                | "logging.warning"
                                | "logging.error"
                                | "logging.critical"
                        ) && self.imports_plainly("logging");
                        (print || logging)
                            && args.iter().all(|a| match a.kind() {
                                // `print(…, file=sys.stderr, flush=True, sep=" ")`
                                "keyword_argument" if print => {
                                    let (Some(k), Some(v)) = (
                                        a.child_by_field_name("name"),
                                        a.child_by_field_name("value"),
                                    ) else {
                                        return false;
                                    };
                                    match self.text(k) {
                                        "file" => {
                                            matches!(self.text(v), "sys.stderr" | "sys.stdout")
                                                && self.imports_plainly("sys")
                                        }
                                        "flush" => matches!(v.kind(), "true" | "false"),
                                        "sep" | "end" => v.kind() == "string" && plain(v),
                                        _ => false,
                                    }
                                }
                                "keyword_argument" | "list_splat" | "dictionary_splat" => false,
                                _ => plain(*a),
                            })
                    }
                    "assignment" => {
                        let (Some(l), Some(r)) = (
                            e.child_by_field_name("left"),
                            e.child_by_field_name("right"),
                        ) else {
                            return false;
                        };
                        let fresh =
                            l.kind() == "identifier" && !self.vars.contains_key(self.text(l));
                        if fresh && e.child_by_field_name("type").is_none() && plain(r) {
                            set.push(self.text(l).to_string());
                            all.push(self.text(l).to_string());
                            true
                        } else {
                            false
                        }
                    }
                    _ => false,
                }),
                // Each branch on its own; a name is bound after the `if` where every branch
                // binds it and there is an `else`.
                "if_statement" => {
                    let mut branches: Vec<Vec<String>> = Vec::new();
                    let mut otherwise = false;
                    let mut fine = true;
                    for c in named(st) {
                        match c.kind() {
                            "block" => {
                                let mut mine = set.clone();
                                fine &= self.only_says(c, &mut mine, all);
                                branches.push(mine);
                            }
                            "elif_clause" | "else_clause" => {
                                otherwise |= c.kind() == "else_clause";
                                for x in named(c) {
                                    if x.kind() == "block" {
                                        let mut mine = set.clone();
                                        fine &= self.only_says(x, &mut mine, all);
                                        branches.push(mine);
                                    } else {
                                        fine &= plain(x);
                                    }
                                }
                            }
                            "comment" => {}
                            _ => fine &= plain(c),
                        }
                    }
                    if fine && otherwise {
                        let first = branches.first().cloned().unwrap_or_default();
                        for name in first {
                            if !set.contains(&name) && branches.iter().all(|b| b.contains(&name)) {
                                set.push(name);
                            }
                        }
                    }
                    fine
                }
                _ => false,
            };
            if !says {
                return false;
            }
        }
        true
    }

    /// `for url, code in CHECKS:`, `for name, url in URLS.items():` over rows the script
    /// writes: the body's checks once per row, each a probe of its own.
    fn unpacking_loop(
        &mut self,
        n: Node<'a>,
        left: Node<'a>,
        right: Node<'a>,
        body: Node<'a>,
    ) -> Result<(), Unsupported> {
        let line = self.line(n);
        let cannot = || format!("line {line}: a loop probekit cannot express");
        let names: Vec<String> = named(left)
            .iter()
            .map(|v| (v.kind() == "identifier").then(|| self.text(*v).to_string()))
            .collect::<Option<_>>()
            .ok_or_else(cannot)?;
        let items = right.kind() == "call"
            && right
                .child_by_field_name("function")
                .and_then(|f| f.child_by_field_name("attribute"))
                .is_some_and(|a| self.text(a) == "items");
        let rows: Vec<Vec<Val>> = if items {
            let object = right
                .child_by_field_name("function")
                .and_then(|f| f.child_by_field_name("object"))
                .ok_or_else(cannot)?;
            match self.value_any(object)? {
                Val::Dict(entries) => entries
                    .into_iter()
                    .map(|(k, v)| vec![Val::Text(Text::lit(k)), v])
                    .collect(),
                _ => return Err(cannot()),
            }
        } else {
            match self.value_any(right)? {
                Val::Rows(rows) => rows,
                _ => return Err(cannot()),
            }
        };
        let text = self.text(body);
        if rows.is_empty()
            || rows.len() > 50
            || rows.iter().any(|r| r.len() != names.len())
            || named(n).iter().any(|c| c.kind() == "else_clause")
            || ["break", "continue", "return", "yield"]
                .iter()
                .any(|w| text.contains(w))
        {
            return Err(cannot());
        }
        let saved: Vec<(String, Option<Val>)> = names
            .iter()
            .map(|k| (k.clone(), self.vars.get(k).cloned()))
            .collect();
        let mut outcome = Ok(());
        for row in rows {
            for (k, v) in names.iter().zip(row) {
                self.vars.insert(k.clone(), v);
            }
            let known: BTreeSet<String> = self.vars.keys().cloned().collect();
            match self.block(body) {
                Ok(Flow::Continue) => {}
                Ok(Flow::Passed) => outcome = Err(cannot()),
                Err(e) => outcome = Err(e),
            }
            // A request made where it is tested is known by its text, which is the same in
            // every row: the next row makes its own.
            self.vars
                .retain(|k, _| known.contains(k) || !k.contains('('));
            if outcome.is_err() {
                break;
            }
        }
        self.unbind(saved);
        outcome
    }

    /// `try: … except …: sys.exit(N)` is the same verdict as no try at all. A handler that lets
    /// the script go on is the same too when the body passes the script (`sys.exit(0)`) and
    /// what follows the `try` always fails: only the body's path passes.
    fn try_statement(&mut self, n: Node<'a>) -> Result<Flow, Unsupported> {
        let body = n.child_by_field_name("body").ok_or("a try")?;
        // `try: from urllib.request import urlopen  except ImportError: from urllib2 import
        // urlopen`: the imports Python 3 makes (read before the script, as all imports are).
        let imports_only = |b: Node| {
            named(b).iter().all(|s| {
                matches!(
                    s.kind(),
                    "import_statement" | "import_from_statement" | "comment" | "pass_statement"
                )
            })
        };
        if imports_only(body)
            && named(n).into_iter().all(|c| match c.kind() {
                "block" => true,
                "except_clause" => {
                    handles_import_errors(self.text(c))
                        && named(c)
                            .into_iter()
                            .filter(|b| b.kind() == "block")
                            .all(imports_only)
                }
                _ => false,
            })
        {
            return Ok(Flow::Continue);
        }
        if let Some(flow) = self.status_either_way(n, body)? {
            return Ok(flow);
        }
        let mut lenient = None;
        // Whether every handler that goes on catches only urllib's `HTTPError`: an answer of
        // any status.
        let mut lenient_http_only = true;
        // A handler before it (`except Exception`, `except URLError`) would take an
        // `HTTPError` first.
        let mut handlers_before = false;
        let mut otherwise: Option<Node<'a>> = None;
        // `except HTTPError as e: code = e.code` after `code = urlopen(url).getcode()`: the
        // name that holds the status of any answer.
        let mut any_status: Option<String> = None;
        // A first handler that raises `SystemExit` again (see [`Self::reraises_exit`]).
        let mut exits_pass = false;
        for clause in named(n) {
            match clause.kind() {
                // `except KeyboardInterrupt: pass`: what a Ctrl-C at a terminal raises, which
                // no check does; a run of the suite is stopped by its own signals.
                "except_clause" if self.caught_classes(clause) == Some("KeyboardInterrupt") => {}
                // `except SystemExit: raise`: the body's exit goes on out, whatever handler
                // follows (a bare `except:` then takes every other error).
                "except_clause" if !handlers_before && self.reraises_exit(clause) => {
                    exits_pass = true;
                }
                "except_clause" => {
                    let block = named(clause)
                        .into_iter()
                        .find(|c| c.kind() == "block")
                        .ok_or("an except")?;
                    if !handlers_before
                        && any_status.is_none()
                        && let Some(name) = self.status_of_http_error(clause, block)
                    {
                        any_status = Some(name);
                        handlers_before = true;
                        continue;
                    }
                    // A bare `except:` (or BaseException, SystemExit) also catches the
                    // `sys.exit()` of the body: its verdict is the handler's, whatever the body
                    // decided. Kept whole rather than guessed.
                    if !exits_pass && self.catches_exit(clause) && self.may_exit(Some(body), 0) {
                        return Err(format!(
                            "line {}: an `except` that also catches the `sys.exit()` of its `try`",
                            self.line(clause)
                        ));
                    }
                    // `except OSError as e: print(e); failed.append(url)`: a failure the
                    // script tests later, which makes the handler fail where that test does.
                    if !self.handler_fails(block)
                        && let Some(names) = self.marks(block)
                    {
                        self.apply_marks(&names, block);
                        handlers_before = true;
                        continue;
                    }
                    // `except (URLError, ValueError): healthy = False` after a body whose last
                    // word is `healthy = response.status == 200 …`, and a script that fails on
                    // a false `healthy` next: an error fails the test, as it fails a probe.
                    if !self.handler_fails(block) && self.falsifies_the_test(block, body) {
                        handlers_before = true;
                        continue;
                    }
                    if !self.handler_fails(block) {
                        // In an attempt that fails only by raising, `if attempt < MAX_RETRIES:
                        // time.sleep(2)` only spaces the attempts, which the retries' delay does.
                        let spaces_attempts = (self.in_attempt || self.in_wait)
                            && self.passes_unless_it_raises(body)
                            && named(block)
                                .into_iter()
                                .all(|s| self.is_inert_statement(s) || self.pauses(s));
                        if !self.is_inert(block) && !spaces_attempts {
                            return Err(format!(
                                "line {}: an `except` that does more than report",
                                self.line(clause)
                            ));
                        }
                        // `print(e.args[0])`: a handler that goes on, but raises itself for
                        // some errors of its class.
                        if !self.reads_the_error_safely(clause, block) {
                            return Err(format!(
                                "line {}: an `except` that reads of the error what not every error of its class has",
                                self.line(clause)
                            ));
                        }
                        lenient_http_only &= !handlers_before
                            && self
                                .caught_classes(clause)
                                .is_some_and(|c| self.is_urllib_http_error(c));
                        lenient.get_or_insert(clause);
                    }
                    handlers_before = true;
                }
                "block" => {}
                // `finally: conn.close()`: what runs whatever happened, when it only closes and
                // reports.
                "finally_clause"
                    if named(clause)
                        .into_iter()
                        .find(|c| c.kind() == "block")
                        .is_some_and(|b| self.closes_what_is_bound(b, n, body)) => {}
                // `else: print("OK"); sys.exit(0)`: what runs after the body passed, when it
                // only reports and exits (nothing in it raises into the handlers, which do not
                // cover it anyway).
                "else_clause"
                    if named(clause)
                        .into_iter()
                        .find(|c| c.kind() == "block")
                        .is_some_and(|b| {
                            named(b).iter().all(|s| {
                                self.is_inert_statement(*s)
                                    || self.exit_of(*s).is_some()
                                    || self.leaves_wait(*s)
                            })
                        }) =>
                {
                    otherwise = named(clause).into_iter().find(|c| c.kind() == "block");
                }
                // `else: if r.status_code == 200: sys.exit(0) …` after handlers that all fail:
                // the body then the `else`, as long as nothing in the `else` raises (its
                // exceptions are not the handlers', and end the script with 1).
                "else_clause"
                    if named(n).iter().all(|c| {
                        c.kind() != "except_clause"
                            || named(*c)
                                .into_iter()
                                .find(|b| b.kind() == "block")
                                .is_some_and(|b| self.handler_fails(b))
                    }) && named(clause)
                        .into_iter()
                        .find(|c| c.kind() == "block")
                        .is_some_and(|b| !self.may_raise_but(named(b), &exits_or_logs)) =>
                {
                    otherwise = named(clause).into_iter().find(|c| c.kind() == "block");
                }
                _ => {
                    return Err(format!(
                        "line {}: a `try` with `else` or `finally`",
                        self.line(clause)
                    ));
                }
            }
        }
        let first = self.drafts.len();
        let mut flow = self.block(body)?;
        if let Some(name) = &any_status {
            // The body's one request gave the name its status; an error status gives it too.
            let request = match self.vars.get(name) {
                Some(Val::Attr(i, attr))
                    if *i >= first
                        && self.drafts.len() == first + 1
                        && matches!(attr.as_str(), "status" | "code")
                        && matches!(self.drafts[*i].check, Check::Http { .. }) =>
                {
                    *i
                }
                _ => {
                    return Err(format!(
                        "line {}: an `except` that sets what its `try` did not",
                        self.line(n)
                    ));
                }
            };
            if flow != Flow::Continue {
                return Err(format!(
                    "line {}: a `try` that ends the script before its status is read",
                    self.line(n)
                ));
            }
            set_expect(
                &mut self.drafts[request],
                "status",
                Yaml::statuses(&ANY_STATUS),
            );
        }
        if let (Flow::Continue, Some(o)) = (flow, otherwise) {
            flow = self.block(o)?;
        }
        let Some(clause) = lenient else {
            return Ok(flow);
        };
        if flow == Flow::Passed && self.fails_afterwards() {
            return Ok(flow);
        }
        // The handler goes on into a name only the body binds: the script dies of a NameError
        // there, a failure as the body's own would have been.
        if self.next_reads_unbound(n, body) {
            return Ok(flow);
        }
        // `try: urlopen(url) except HTTPError: pass` (other errors failing): any answer, 4xx
        // and 5xx included, is what the script waits for. Only where the body makes the
        // requests and nothing after reads what they answered.
        let acting: Vec<Node> = named(body)
            .into_iter()
            .filter(|s| !self.is_inert_statement(*s) && s.kind() != "comment")
            .collect();
        if lenient_http_only
            && flow == Flow::Continue
            && self.drafts.len() == first + 1
            && matches!(acting.as_slice(), [one] if one.kind() == "expression_statement"
                && self.text(*one).contains("urlopen("))
            && !self.read_after(n, body)
            && self.drafts[first..].iter().all(asks_status_only)
        {
            for d in &mut self.drafts[first..] {
                set_expect(d, "status", Yaml::statuses(&ANY_STATUS));
            }
            return Ok(flow);
        }
        // The body only observes, and its handlers only report whatever that raises: the
        // script goes on either way, and its probes only warn.
        // (Not where a probe reads a variable without a default that the `try` does not read
        // itself: where it is unset, the script fails reading it before, and a warning would
        // pass.)
        let body_text = self.text(body);
        if flow == Flow::Continue
            && self.drafts.len() > first
            && self.only_observes(body)
            && self.reports_everything(n)
            && !self.read_after(n, body)
            && self.drafts[first..].iter().all(|d| {
                d.vars_without_default().iter().all(|v| {
                    body_text.contains(&format!("\"{v}\"")) || body_text.contains(&format!("'{v}'"))
                })
            })
        {
            for d in &mut self.drafts[first..] {
                d.warning = true;
            }
            return Ok(flow);
        }
        Err(format!(
            "line {}: an `except` that lets the script go on",
            self.line(clause)
        ))
    }

    /// `try: r = urlopen(url); sys.exit(0 if r.status == 200 else 1)  except HTTPError as e:
    /// sys.exit(0 if e.code == 503 else 1)  except Exception: sys.exit(1)`: urllib answers
    /// a status below 400 to the body and raises `HTTPError` for the others, and the script
    /// decides on each in its own place. The body read with its one request, the handler read
    /// with the error as that request's answer of 400 and above, each ending the script on the
    /// status alone: the request's statuses are those either way passes. `None` where the
    /// `try` is not of that form (the reader then takes it as any other).
    fn status_either_way(
        &mut self,
        n: Node<'a>,
        body: Node<'a>,
    ) -> Result<Option<Flow>, Unsupported> {
        let clauses: Vec<Node<'a>> = named(n)
            .into_iter()
            .filter(|c| c.kind() != "block")
            .collect();
        let Some((first_clause, rest)) = clauses.split_first() else {
            return Ok(None);
        };
        let block_of = |c: Node<'a>| named(c).into_iter().find(|b| b.kind() == "block");
        let Some(handler) = block_of(*first_clause) else {
            return Ok(None);
        };
        // A block that ends the script, passing on some paths: its last statement an exit
        // (inside the `with` that holds it).
        let deciding = |s: &Self, b: Node<'a>| {
            let mut last = named(b).into_iter().rev().find(|x| x.kind() != "comment");
            while let Some(w) = last.filter(|x| x.kind() == "with_statement") {
                last = w
                    .child_by_field_name("body")
                    .and_then(|wb| named(wb).into_iter().rev().find(|x| x.kind() != "comment"));
            }
            last.is_some_and(|l| s.exit_of(l).is_some()) && !s.handler_fails(b)
        };
        // The first handler urllib's `HTTPError` alone, bound to a name, ending the script on
        // a status it computes; every other handler failing; no `else` or `finally`.
        let Some(alias) = self.caught_name(*first_clause) else {
            return Ok(None);
        };
        if first_clause.kind() != "except_clause"
            || !self
                .caught_classes(*first_clause)
                .is_some_and(|c| self.is_urllib_http_error(c))
            || !deciding(self, handler)
            || !deciding(self, body)
            || !rest.iter().all(|c| {
                c.kind() == "except_clause"
                    && !self.catches_exit(*c)
                    && block_of(*c).is_some_and(|b| self.handler_fails(b))
            })
            || !self.text(body).contains("urlopen(")
            || ["requests.", "httpx.", "aiohttp", "urllib3"]
                .iter()
                .any(|m| self.text(body).contains(m))
        {
            return Ok(None);
        }
        // The handler reads the error, not what the body bound (`r`, which is unbound or
        // another object there).
        let mut bound = Vec::new();
        walk(body, &mut |x| {
            let target = match x.kind() {
                "assignment" | "augmented_assignment" => x.child_by_field_name("left"),
                "as_pattern_target" => Some(x),
                _ => None,
            };
            if let Some(t) = target {
                walk(t, &mut |i| {
                    if i.kind() == "identifier" {
                        bound.push(self.text(i).to_string());
                    }
                });
            }
        });
        let mut reads_body = false;
        walk(handler, &mut |x| {
            reads_body |= x.kind() == "identifier" && bound.iter().any(|b| b == self.text(x));
        });
        if reads_body {
            return Ok(None);
        }
        let first = self.drafts.len();
        let flow = self.block(body)?;
        let below = match self.drafts.get(first) {
            Some(d)
                if self.drafts.len() == first + 1
                    && flow == Flow::Passed
                    && asks_status_only(d) =>
            {
                status_ranges(d)
            }
            _ => None,
        };
        let Some(below) = below else {
            return Err(format!(
                "line {}: a `try` whose `HTTPError` handler decides on another request than its body's one",
                self.line(n)
            ));
        };
        let handler_line = self.line(*first_clause);
        let cannot = move || {
            format!(
                "line {handler_line}: an `HTTPError` handler that decides on more than the status"
            )
        };
        // The handler, its name the answer of an error status: every final status but 2xx
        // (a 304, a redirect without `Location` too).
        let mut answer = self.drafts[first].clone();
        answer.expect.retain(|(k, _)| k != "status");
        answer.expect.push((
            "status".into(),
            super::formula::status_yaml(&[(300, 599)]).ok_or_else(cannot)?,
        ));
        self.drafts.push(answer);
        let j = first + 1;
        let saved = self.vars.insert(alias.to_string(), Val::Probe(j));
        let read = self.block(handler);
        match saved {
            Some(v) => self.vars.insert(alias.to_string(), v),
            None => self.vars.remove(alias),
        };
        let handled = read?;
        let above = match self.drafts.get(j) {
            Some(d)
                if self.drafts.len() == j + 1 && handled == Flow::Passed && asks_status_only(d) =>
            {
                status_ranges(d)
            }
            _ => None,
        };
        self.drafts.truncate(j);
        let above = above.ok_or_else(cannot)?;
        // A redirect urllib gives up on (a loop, too many) raises with its 3xx code, where the
        // probe's own limit fails it: a handler that passes such a code is not read.
        if [301, 302, 303, 307, 308]
            .iter()
            .any(|c| above.iter().any(|(lo, hi)| lo <= c && c <= hi))
        {
            return Err(format!(
                "line {handler_line}: an `HTTPError` handler that passes a redirect's status, which urllib raises for a redirect it gives up on"
            ));
        }
        let mut either: Vec<(u16, u16)> = super::formula::intersect(&below, &[(200, 299)]);
        either.extend(super::formula::intersect(&above, &[(300, 599)]));
        let yaml = super::formula::status_yaml(&either)
            .ok_or_else(|| format!("line {}: a status test no answer can pass", self.line(n)))?;
        set_expect(&mut self.drafts[first], "status", yaml);
        Ok(Some(flow))
    }

    /// Whether an `except` block only reports and sets to `False`, `None` or a number the name
    /// the last statement of the `try`'s `body` binds (inside its `with` blocks), and the
    /// script's next statement fails on that value (`healthy = False` before `if not
    /// healthy: sys.exit(1)`, `code = 0` before `exit(code != 200)`): the handler's verdict is
    /// that of the test failing, which is what an error does to a probe.
    fn falsifies_the_test(&self, block: Node, body: Node) -> bool {
        let mut falsified = None;
        for st in named(block) {
            let assigned = named(st)
                .first()
                .filter(|a| st.kind() == "expression_statement" && a.kind() == "assignment")
                .and_then(|a| {
                    Some((
                        a.child_by_field_name("left")?,
                        a.child_by_field_name("right")?,
                    ))
                })
                .filter(|(l, _)| l.kind() == "identifier")
                .and_then(|(l, r)| Some((l, self.fallback_of(r)?)));
            match assigned {
                Some((left, value)) if falsified.is_none() => {
                    falsified = Some((self.text(left), value));
                }
                _ if self.is_inert_statement(st) || st.kind() == "comment" => {}
                _ => return false,
            }
        }
        let Some((name, value)) = falsified else {
            return false;
        };
        // The body's last statement, through the `with` blocks that hold it.
        let mut last = named(body)
            .into_iter()
            .rev()
            .find(|s| s.kind() != "comment");
        while let Some(w) = last.filter(|s| s.kind() == "with_statement") {
            last = w
                .child_by_field_name("body")
                .and_then(|b| named(b).into_iter().rev().find(|s| s.kind() != "comment"));
        }
        let binds = last
            .filter(|s| s.kind() == "expression_statement")
            .and_then(|s| named(s).first().copied())
            .filter(|a| a.kind() == "assignment")
            .and_then(|a| a.child_by_field_name("left"))
            .is_some_and(|l| l.kind() == "identifier" && self.text(l) == name);
        if !binds {
            return false;
        }
        let Some(Continuation::Statements(rest)) = self.continuation.last() else {
            return false;
        };
        rest.iter()
            .find(|s| !self.is_inert_statement(**s) && s.kind() != "comment")
            .is_some_and(|s| self.fails_with(*s, name, value))
    }

    /// The value of a literal an `except` may give a name: `False`, `None`, a whole number.
    fn fallback_of(&self, r: Node) -> Option<Fallback> {
        match r.kind() {
            "false" => Some(Fallback::False),
            "none" => Some(Fallback::None),
            "integer" => self.text(r).parse().ok().map(Fallback::Int),
            "unary_operator" => self
                .text(r)
                .replace(' ', "")
                .parse()
                .ok()
                .map(Fallback::Int),
            _ => None,
        }
    }

    /// What the test `e` of `name` alone is where `name` holds `v`: `ok`, `not ok`, `code !=
    /// 200`, `200 == code`, joined by `and`/`or` (as Python reads them, left first). `None`
    /// for another test, or one that raises (`None < 400`).
    fn truth_with(&self, e: Node, name: &str, v: Fallback) -> Option<bool> {
        match e.kind() {
            "identifier" if self.text(e) == name => Some(v.truthy()),
            "parenthesized_expression" => self.truth_with(*named(e).first()?, name, v),
            "not_operator" => {
                Some(!self.truth_with(e.child_by_field_name("argument")?, name, v)?)
            }
            "boolean_operator" => {
                let op = self.text(e.child_by_field_name("operator")?);
                let left = self.truth_with(e.child_by_field_name("left")?, name, v)?;
                match (op, left) {
                    ("and", false) => Some(false),
                    ("or", true) => Some(true),
                    ("and" | "or", _) => self.truth_with(e.child_by_field_name("right")?, name, v),
                    _ => None,
                }
            }
            "comparison_operator" => {
                let [a, b] = named(e)[..] else { return None };
                let mut ops = Vec::new();
                let mut c = e.walk();
                for x in e.children(&mut c).filter(|x| !x.is_named()) {
                    ops.push(self.text(x));
                }
                let [op] = ops[..] else { return None };
                let number = |x: Node| {
                    (x.kind() == "integer")
                        .then(|| self.text(x).parse::<i64>().ok())
                        .flatten()
                };
                let is_name = |x: Node| x.kind() == "identifier" && self.text(x) == name;
                // (`k OP code` is `code OP' k`.)
                let (k, op) = match (is_name(a), is_name(b)) {
                    (true, false) => (number(b)?, op),
                    (false, true) => {
                        let flipped = match op {
                            "<" => ">",
                            "<=" => ">=",
                            ">" => "<",
                            ">=" => "<=",
                            o => o,
                        };
                        (number(a)?, flipped)
                    }
                    _ => return None,
                };
                // `False` is 0 to a comparison; `None` equals no number, and an order of it
                // raises.
                let x = match v {
                    Fallback::Int(i) => Some(i),
                    Fallback::False => Some(0),
                    Fallback::None => None,
                };
                match (op, x) {
                    ("==", Some(x)) => Some(x == k),
                    ("!=", Some(x)) => Some(x != k),
                    ("<", Some(x)) => Some(x < k),
                    ("<=", Some(x)) => Some(x <= k),
                    (">", Some(x)) => Some(x > k),
                    (">=", Some(x)) => Some(x >= k),
                    ("==", None) => Some(false),
                    ("!=", None) => Some(true),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Whether `s` fails the script when `name` holds `v` ([`Self::truth_with`]): `return 0 if
    /// ok else 1` (a function whose returns are the exit status), `return ok` (one whose
    /// returns are the verdict), `sys.exit(0 if ok else 1)`, `exit(code != 200)`, `if not ok:
    /// sys.exit(1)`, `if ok: … else: sys.exit(1)`.
    fn fails_with(&self, s: Node<'a>, name: &str, v: Fallback) -> bool {
        // The branch of `A if test else B` the value takes.
        let chosen = |e: Node<'a>| -> Option<Node<'a>> {
            if e.kind() != "conditional_expression" {
                return None;
            }
            match named(e).as_slice() {
                [then, cond, other] => Some(if self.truth_with(*cond, name, v)? {
                    *then
                } else {
                    *other
                }),
                _ => None,
            }
        };
        let failing_status =
            |v: Node| v.kind() == "integer" && self.text(v).parse::<i64>().is_ok_and(|c| c != 0);
        let first_fails = |b: Option<Node>| {
            b.and_then(|b| {
                named(b)
                    .into_iter()
                    .find(|s| !self.is_inert_statement(*s) && s.kind() != "comment")
            })
            .is_some_and(|s| self.fails_statement(s))
        };
        match s.kind() {
            "return_statement" => {
                let Some(r) = named(s).first().copied() else {
                    return false;
                };
                match (self.returns_truth, chosen(r)) {
                    (true, Some(o)) => matches!(o.kind(), "false" | "none"),
                    (true, None) => self.truth_with(r, name, v) == Some(false),
                    (false, o) => self.returns_exit && o.is_some_and(failing_status),
                }
            }
            // `sys.exit(1 if …)`, and `exit(code != 200)`: `exit(True)` is a status of 1.
            // (`os._exit` takes only a number.)
            "expression_statement" => named(s)
                .first()
                .filter(|c| {
                    c.kind() == "call"
                        && matches!(self.callee(**c).as_str(), "sys.exit" | "exit" | "os._exit")
                })
                .and_then(|c| {
                    let plain = self.callee(*c) != "os._exit";
                    match named(c.child_by_field_name("arguments")?).as_slice() {
                        [one] => Some(match chosen(*one) {
                            Some(o) => failing_status(o),
                            None => plain && self.truth_with(*one, name, v) == Some(true),
                        }),
                        _ => None,
                    }
                })
                .unwrap_or(false),
            "if_statement" => {
                let Some(cond) = s.child_by_field_name("condition") else {
                    return false;
                };
                match (self.truth_with(cond, name, v), other_branches(s).as_slice()) {
                    (Some(true), _) => first_fails(s.child_by_field_name("consequence")),
                    (Some(false), [e]) if e.kind() == "else_clause" => {
                        first_fails(e.child_by_field_name("body"))
                    }
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// Whether a `try`'s body, run to its end, passes: straight statements (through `with`
    /// blocks) ending in `return True`, `sys.exit(0)` or the `break` out of the attempts; an
    /// attempt of it fails only by raising.
    fn passes_unless_it_raises(&self, body: Node) -> bool {
        let stmts: Vec<Node> = named(body)
            .into_iter()
            .filter(|s| s.kind() != "comment")
            .collect();
        let Some((last, before)) = stmts.split_last() else {
            return false;
        };
        let straight = before
            .iter()
            .all(|s| s.kind() == "expression_statement" || self.is_inert_statement(*s));
        straight
            && match last.kind() {
                "with_statement" => last
                    .child_by_field_name("body")
                    .is_some_and(|b| self.passes_unless_it_raises(b)),
                "break_statement" => true,
                _ => self.exit_of(*last) == Some(Some(0)),
            }
    }

    /// Whether an attempt (a `try`'s body) may fail without raising, past its handlers: a test
    /// in it of what it read (`if r.status_code == 200: sys.exit(0)`, `if r.ok: break`), whose
    /// other way goes on. A test of a call alone (`if cache.ping(): break`, which answers True
    /// or raises) is not counted.
    fn fails_without_raising(&self, body: Node) -> bool {
        let mut tested = false;
        walk(body, &mut |c| {
            if matches!(c.kind(), "if_statement" | "elif_clause" | "while_statement")
                && let Some(cond) = c.child_by_field_name("condition")
            {
                tested |= cond.kind() != "call";
            }
        });
        tested
    }

    /// A pause between attempts that cannot raise: `time.sleep(N)` of a number (a literal, or a
    /// name bound to one), alone or in every round but the last ([`Py::between_rounds_sleep`]:
    /// `if attempt < MAX: time.sleep(N)`).
    fn pauses(&self, s: Node<'a>) -> bool {
        match s.kind() {
            "expression_statement" => named(s).first().is_some_and(|c| {
                c.kind() == "call"
                    && matches!(self.callee(*c).as_str(), "time.sleep" | "sleep")
                    && c.child_by_field_name("arguments").is_some_and(|a| {
                        matches!(named(a).as_slice(),
                            [x] if x.kind() != "string" && self.num_const(*x).is_some())
                    })
            }),
            "if_statement" => self
                .between_rounds_sleep(s)
                .is_some_and(|sleep| self.pauses(sleep)),
            _ => false,
        }
    }

    /// Whether a function's body is one `try` (after its docstring) with a handler for every
    /// exception (`except Exception`, `except BaseException`, a bare `except`), all of whose
    /// handlers return `False`: nothing it does raises out of it, a `KeyError` of a reply it
    /// reads included.
    fn all_in_catch_all(&self, func: Node<'a>) -> bool {
        self.only_try(func)
            .is_some_and(|attempt| self.catches_all(attempt) && self.fails_into_false(attempt))
    }

    /// Whether the statements after `try_node` (in its block) read, before anything else can
    /// happen, a name that only its `body` binds; not in a loop, where an earlier round may
    /// have bound it.
    fn next_reads_unbound(&self, try_node: Node, body: Node) -> bool {
        let mut scope = try_node;
        while let Some(p) = scope.parent() {
            match p.kind() {
                "for_statement" | "while_statement" => return false,
                "function_definition" | "module" => {
                    scope = p;
                    break;
                }
                _ => scope = p,
            }
        }
        // Only what the body's last statement binds: whatever raised before or in it, the
        // name is unbound (`r = get(u); r.raise_for_status()` leaves `r` bound on a 503).
        let Some(left) = named(body)
            .last()
            .and_then(|last| named(*last).first().copied())
            .filter(|a| a.kind() == "assignment")
            .and_then(|a| a.child_by_field_name("left"))
            .filter(|l| l.kind() == "identifier")
        else {
            return false;
        };
        let bound = self.text(left);
        // A name seen before the `try` (assigned, a parameter, `global`) may be bound.
        let mut seen_before = false;
        walk(scope, &mut |c| {
            if c.kind() == "identifier"
                && c.end_byte() <= try_node.start_byte()
                && self.text(c) == bound
            {
                seen_before = true;
            }
        });
        if seen_before {
            return false;
        }
        let Some(Continuation::Statements(rest)) = self.continuation.last() else {
            return false;
        };
        for s in rest {
            let part = match s.kind() {
                "if_statement" => s.child_by_field_name("condition"),
                "expression_statement" | "return_statement" => Some(*s),
                _ => None,
            };
            let Some(part) = part else { return false };
            let part = match named(part).first() {
                Some(a) if a.kind() == "assignment" => a.child_by_field_name("right"),
                _ => Some(part),
            };
            if part.is_some_and(|p| self.reads_surely(p, bound)) {
                return true;
            }
            if !self.is_inert_statement(*s) {
                return false;
            }
        }
        false
    }

    /// Whether the script names, after `try_node`, anything its `body` binds: a later test of
    /// what the body fetched (`status = r.status_code` … `if status != 200: sys.exit(1)`).
    fn read_after(&self, try_node: Node, body: Node) -> bool {
        let mut bound = BTreeSet::new();
        walk(body, &mut |c| {
            if c.kind() == "assignment"
                && let Some(left) = c.child_by_field_name("left")
            {
                walk(left, &mut |i| {
                    if i.kind() == "identifier" {
                        bound.insert(self.text(i).to_string());
                    }
                });
            }
        });
        let Some(root) = self.root else { return true };
        let mut read = false;
        walk(root, &mut |c| {
            if c.kind() == "identifier"
                && c.start_byte() >= try_node.end_byte()
                && bound.contains(self.text(c))
            {
                read = true;
            }
        });
        read
    }

    /// Whether evaluating `n` surely reads `name` (not behind `and`, `or`, `if … else`, a
    /// lambda or a comprehension).
    fn reads_surely(&self, n: Node, name: &str) -> bool {
        if n.kind() == "identifier" {
            return self.text(n) == name;
        }
        match n.kind() {
            "boolean_operator" => n
                .child_by_field_name("left")
                .is_some_and(|l| self.reads_surely(l, name)),
            "conditional_expression"
            | "lambda"
            | "list_comprehension"
            | "generator_expression"
            | "dictionary_comprehension"
            | "set_comprehension" => false,
            // `r.status`: the attribute's name is not a read.
            "attribute" => n
                .child_by_field_name("object")
                .is_some_and(|o| self.reads_surely(o, name)),
            "keyword_argument" => n
                .child_by_field_name("value")
                .is_some_and(|v| self.reads_surely(v, name)),
            _ => named(n).iter().any(|c| self.reads_surely(*c, name)),
        }
    }

    /// Whether a `try` body only makes requests and reports: assignments, the requests, the close
    /// of a connection it made, inert statements and `if`s whose branches are inert; nothing
    /// that exits or raises.
    fn only_observes(&self, body: Node) -> bool {
        named(body).iter().all(|s| match s.kind() {
            // `conn.close()` of a connection the body made: what it raises is caught as the
            // connection's own errors are.
            "expression_statement"
                if self.is_close(*s, &|name: &str| self.bound_before(*s, name)) =>
            {
                true
            }
            "if_statement" => {
                if_branch_blocks(*s).is_some_and(|b| b.iter().all(|b| self.is_inert(*b)))
            }
            "expression_statement" => {
                self.is_inert_statement(*s)
                    || named(*s).first().is_some_and(|c| {
                        c.kind() == "assignment"
                            || (c.kind() == "call"
                                && (self.callee(*c).ends_with(".raise_for_status")
                                    || is_request_call(&self.callee(*c))
                                    || self.reports_an_answer(*c)))
                    })
            }
            _ => self.is_inert_statement(*s),
        })
    }

    /// `print("Redis ping:", r.ping())`: a report of what a request answered, calling
    /// nothing else (what the request raises is the body's).
    fn reports_an_answer(&self, call: Node) -> bool {
        if !self.is_report(&self.callee(call)) || self.requests_in(call).is_empty() {
            return false;
        }
        let requests: Vec<usize> = self.requests_in(call).iter().map(|(r, _)| r.id()).collect();
        let mut only = true;
        walk(call, &mut |c| {
            if c.kind() == "call"
                && c.id() != call.id()
                && !requests.contains(&c.id())
                && !self.is_harmless_call(c)
            {
                only = false;
            }
        });
        only
    }

    /// Whether a block calls only what `kind` names (`Some(true)`, at least one such call;
    /// `Some(false)`, allowed) and harmless functions, and reads no subscript (`KeyError`).
    fn only_calls(&self, block: Node, kind: &dyn Fn(&str) -> Option<bool>) -> bool {
        let mut only = true;
        let mut found = false;
        walk(block, &mut |c| match c.kind() {
            "call" => match kind(&self.callee(c)) {
                Some(true) => found = true,
                Some(false) => {}
                None => only &= self.is_harmless_call(c),
            },
            "subscript" => only = false,
            _ => {}
        });
        only && found
    }

    /// Whether the handlers of a `try` only report, and together catch whatever its requests
    /// raise: every exception (`except:`, `Exception`, Python 2's `StandardError`), or every
    /// error of `requests` (`RequestException`) when the body's requests are `requests`'.
    fn reports_everything(&self, try_node: Node) -> bool {
        let body = try_node.child_by_field_name("body");
        // Nothing in the body can raise but a request: its calls are `requests`' and
        // reports, and it reads no subscript (`KeyError`) of what came back.
        let only_requests = body.is_some_and(|b| {
            self.only_calls(b, &|f: &str| {
                if f.starts_with("requests.") {
                    Some(true)
                } else {
                    f.ends_with(".raise_for_status").then_some(false)
                }
            })
        });
        let mut all = false;
        for clause in named(try_node) {
            if clause.kind() != "except_clause" {
                continue;
            }
            let Some(block) = named(clause).into_iter().find(|c| c.kind() == "block") else {
                return false;
            };
            if !self.is_inert(block) || !self.reads_the_error_safely(clause, block) {
                return false;
            }
            let Some(class) = self.caught_classes(clause) else {
                all = true;
                continue;
            };
            match class.rsplit('.').next().unwrap_or(class) {
                "Exception" | "BaseException" | "StandardError" => all = true,
                "RequestException" if only_requests => all = true,
                _ => {}
            }
        }
        all
    }

    /// Whether a handler reads of the error it caught only what every error of its class has:
    /// `e` itself (`print(e)`, `str(e)`, `f"{e!r}"`), `e.args`, an `HTTPError`'s `code`,
    /// `reason`, `status`, `msg` and `headers`, a `URLError`'s `reason`, an `OSError`'s
    /// `errno` and `strerror`. `e.reason` under `except Exception` raises where the error is
    /// another (a dropped connection's `RemoteDisconnected`), as `e.args[1]` does where it has
    /// fewer arguments: the script fails there.
    fn reads_the_error_safely(&self, clause: Node, block: Node) -> bool {
        let Some(caught) = self.caught_name(clause) else {
            return true;
        };
        // urllib's classes by their module (`requests.exceptions.HTTPError` has no `code`).
        let written = self.caught_classes(clause).unwrap_or("");
        let qualified = qualify(&self.imports, written);
        let class = match qualified.rsplit_once('.') {
            Some(("urllib.error" | "urllib2" | "urllib.request", name)) => name,
            Some((_, "HTTPError" | "URLError")) => "",
            Some((_, name)) => name,
            None if matches!(written, "HTTPError" | "URLError") => "",
            None => written,
        };
        // `"{0.reason}".format(e)`: an attribute read in a template.
        let mut templated = false;
        walk(block, &mut |n| {
            if n.kind() == "call"
                && self.text(n).contains(".format(")
                && n.child_by_field_name("arguments")
                    .is_some_and(|a| named(a).iter().any(|x| self.text(*x) == caught))
            {
                let t = self.text(n);
                templated |= t.split('{').skip(1).any(|field| {
                    field
                        .split('}')
                        .next()
                        .is_some_and(|f| f.contains(['.', '[']))
                });
            }
        });
        if templated {
            return false;
        }
        let is_caught = |n: Node| n.kind() == "identifier" && self.text(n) == caught;
        let mut safe = true;
        walk(block, &mut |n| match n.kind() {
            "attribute" if n.child_by_field_name("object").is_some_and(is_caught) => {
                let attr = n
                    .child_by_field_name("attribute")
                    .map(|a| self.text(a))
                    .unwrap_or("");
                let has = match class {
                    "HTTPError" => matches!(attr, "code" | "reason" | "status" | "msg" | "headers"),
                    "URLError" => attr == "reason",
                    "OSError"
                    | "IOError"
                    | "error"
                    | "ConnectionError"
                    | "ConnectionRefusedError"
                    | "TimeoutError"
                    | "socket.error" => {
                        matches!(attr, "errno" | "strerror")
                    }
                    _ => false,
                };
                let args_whole =
                    attr == "args" && n.parent().is_none_or(|p| p.kind() != "subscript");
                // Every object has its class (`e.__class__.__name__`).
                safe &= has || args_whole || attr == "__class__";
            }
            "subscript" if n.child_by_field_name("value").is_some_and(is_caught) => safe = false,
            _ => {}
        });
        safe && !named(block).iter().any(|s| {
            let mut misused = false;
            walk(*s, &mut |c| {
                misused |= c.kind() == "call" && self.misuses_the_error(c)
            });
            misused
        })
    }

    /// `while True:` around one attempt of the script's checks: the script waits for them.
    /// See [`Py::attempt_loop`]; without a deadline or a count that ends it, each check is
    /// retried for about half a minute, with a warning naming the loop.
    fn wait_loop(&mut self, n: Node<'a>) -> Result<Flow, Unsupported> {
        let line = self.line(n);
        let unsupported = || format!("line {line}: a `while` loop probekit cannot express");
        let cond = n.child_by_field_name("condition").ok_or_else(unsupported)?;
        let forever = self
            .text(cond)
            .trim_matches(|c: char| c == '(' || c == ')' || c.is_whitespace());
        let body = n.child_by_field_name("body").ok_or_else(unsupported)?;
        let (flag, holds_check) = match self.loop_flag(n, cond, body) {
            Some((f, holds)) => (Some(f), holds),
            None => (None, false),
        };
        if !(matches!(forever, "True" | "1") || flag.is_some()) || self.in_wait {
            return Err(unsupported());
        }
        let outer = std::mem::replace(&mut self.flag_break, flag.clone());
        let outer_holds = std::mem::replace(&mut self.flag_holds_check, holds_check);
        let read = self.attempt_loop(n, body, None);
        self.flag_break = outer;
        self.flag_holds_check = outer_holds;
        if let Some(stop) = &flag
            && !holds_check
            && let Some((name, _)) = stop.split_once(" = ")
        {
            // After the loop the flag is a boolean this reading does not hold: a test of it
            // is not read.
            self.vars.remove(name);
        }
        read.map_err(|e| e.unwrap_or_else(unsupported))
    }

    /// `ready = False` then `while not ready:` (or `keep_going = True` then `while
    /// keep_going:`) whose body sets the flag once, `ready = True`, as the last statement
    /// of the `try` that makes its attempt but for reports: the loop is `while True:` with
    /// that statement its `break` (what follows it in the round only reports). The
    /// statement as written (`ready = True`). Also `conn = None` then `while conn is None:`
    /// (or `while not conn:`) whose `try` ends by `conn = psycopg2.connect(…)`, the flag
    /// then that statement ([`Py::flag_holds_check`]); a handler may set it to `None` again.
    /// With whether the flag holds the check so.
    fn loop_flag(&self, n: Node<'a>, cond: Node<'a>, body: Node<'a>) -> Option<(String, bool)> {
        // A `while … else:` runs its `else` when the condition ends the loop, as the flag does.
        if n.child_by_field_name("alternative").is_some() {
            return None;
        }
        let is_none = |c: Node| {
            c.kind() == "comparison_operator"
                && named(c).len() == 2
                && named(c)[0].kind() == "identifier"
                && named(c)[1].kind() == "none"
                && self.text(c).split_whitespace().collect::<Vec<_>>()[1..] == ["is", "None"]
        };
        let (name, stop) = match cond.kind() {
            "not_operator" => {
                let arg = cond.child_by_field_name("argument")?;
                (arg.kind() == "identifier").then(|| (self.text(arg), "True"))?
            }
            "identifier" => (self.text(cond), "False"),
            _ if is_none(cond) => (self.text(named(cond)[0]), "None"),
            _ => return None,
        };
        let start = if stop == "True" { "False" } else { "True" };
        // Set to the value that runs the loop by the statement right before it.
        let before = n.prev_named_sibling()?;
        let before = self.text(before).trim();
        let holds = stop == "None" || (stop == "True" && before == format!("{name} = None"));
        let set_before = if holds {
            format!("{name} = None")
        } else {
            format!("{name} = {start}")
        };
        if before != set_before {
            return None;
        }
        let wanted = format!("{name} = {stop}");
        // One assignment of the flag in the loop, that one; the last statement of the `try`'s
        // body but for reports. Where it holds the check, the others put `None` back.
        // (`conn = None` only in a handler of the attempt's `try`: elsewhere, in its `else:`
        // say, it would undo a connection that passed.)
        let in_handler = |c: Node| {
            c.parent()
                .filter(|p| p.kind() == "expression_statement")
                .and_then(|p| p.parent())
                .filter(|b| b.kind() == "block")
                .and_then(|b| b.parent())
                .is_some_and(|h| {
                    h.kind() == "except_clause" && h.parent().and_then(|t| t.parent()) == Some(body)
                })
        };
        let mut assignments = Vec::new();
        walk(body, &mut |c| {
            if c.kind() == "assignment"
                && c.child_by_field_name("left")
                    .is_some_and(|l| self.text(l) == name)
                && !(holds && self.text(c).trim() == format!("{name} = None") && in_handler(c))
            {
                assignments.push(c);
            }
        });
        let [a] = assignments.as_slice() else {
            return None;
        };
        let a_check = a
            .child_by_field_name("right")
            .is_some_and(|r| r.kind() == "call" && !self.is_harmless_call(r));
        if (holds && !a_check) || (!holds && self.text(*a).trim() != wanted) {
            return None;
        }
        let wanted = if holds {
            self.text(*a).trim().to_string()
        } else {
            wanted
        };
        let statement = a.parent().filter(|p| p.kind() == "expression_statement")?;
        let block = statement.parent().filter(|b| b.kind() == "block")?;
        let attempt = block.parent().filter(|t| t.kind() == "try_statement")?;
        if attempt.parent() != Some(body) {
            return None;
        }
        let siblings = named(block);
        let at = siblings.iter().position(|s| s.id() == statement.id())?;
        // What follows only reports, and cannot raise (a failure after the flag is set would
        // end the loop all the same, where `break` would not have been reached).
        let after: Vec<Node> = siblings[at + 1..]
            .iter()
            .copied()
            .filter(|s| s.kind() != "comment")
            .collect();
        (after.iter().all(|s| self.is_inert_statement(*s)) && !self.may_raise(after))
            .then_some((wanted, holds))
    }

    /// A loop whose body is one attempt: statements that only prepare it (assignments of
    /// known values), then `try: CHECKS … except E: HANDLER [else: …]`, then reports. An
    /// attempt passes by `break` or `sys.exit(0)`; a failed one reaches the handler, which
    /// may only report, sleep, count the attempts and give up (`if attempt >= 5: sys.exit(1)`,
    /// `if time.time() > deadline: sys.exit(1)`). `bound` is the count of a `for … in
    /// range(N)`, whose end the script must answer with a failure: either what follows fails,
    /// or the attempt sets a flag before its `break` (`ok = True`) that the next statement
    /// tests (`if not ok: sys.exit(1)`).
    ///
    /// `Err(None)` when the loop has another shape.
    fn attempt_loop(
        &mut self,
        n: Node<'a>,
        body: Node<'a>,
        repeat: Option<Repeat>,
    ) -> Result<Flow, Option<Unsupported>> {
        let outer = std::mem::take(&mut self.clock_names);
        let warned = self.warnings.len();
        let read = self.attempt_loop_read(n, body, repeat);
        // (What a reading that failed warned of is not the script's.)
        if read.is_err() {
            self.warnings.truncate(warned);
        }
        for (name, before) in std::mem::replace(&mut self.clock_names, outer)
            .into_iter()
            .rev()
        {
            match before {
                Some(v) => self.vars.insert(name, v),
                None => self.vars.remove(&name),
            };
        }
        read
    }

    /// [`Self::attempt_loop`], the names the clock was read into still set.
    fn attempt_loop_read(
        &mut self,
        n: Node<'a>,
        body: Node<'a>,
        repeat: Option<Repeat>,
    ) -> Result<Flow, Option<Unsupported>> {
        // A count of rounds (`for … in range(N)`), or a deadline in the loop's condition
        // (`while time.time() - start < T`), both of which the script must answer with a
        // failure when they run out.
        let (bound, deadline) = match repeat {
            Some(Repeat::Attempts(k)) => (Some(k), None),
            Some(Repeat::Until(t)) => (None, Some(t)),
            None => (None, None),
        };
        let ends = bound.is_some() || deadline.is_some();
        let statements: Vec<Node<'a>> = named(body);
        let at = statements
            .iter()
            .position(|s| s.kind() == "try_statement")
            .ok_or(None)?;
        let attempt = statements[at];
        // A handler that does not take a failed connection (`except ValueError:`) lets a
        // refused one end the script at the first round.
        if !self.catches_connection_errors(attempt)
            && try_body_of(attempt).is_some_and(|b| self.raises_out_of(named(b)))
        {
            return Err(None);
        }
        // `r.raise_for_status()` (or `assert`) in the attempt, whose failure no handler takes
        // (`except requests.ConnectionError:`): a wrong status ends the script at once, where
        // the probe would try again.
        if !self.catches_check_failures(attempt) {
            return Err(None);
        }
        let (before, after) = (&statements[..at], &statements[at + 1..]);
        // `attempt += 1` before the `try`: a count of the rounds, stepped before the test.
        let stepped_before: Vec<(String, f64)> = before
            .iter()
            .filter_map(|s| named(*s).first().and_then(|e| self.counted_step(*e)))
            .collect();
        if before.iter().any(|s| {
            !self.is_prelude(*s)
                && named(*s)
                    .first()
                    .is_none_or(|e| self.counted_step(*e).is_none())
        }) {
            return Err(None);
        }
        // After the `try`, where only a failed attempt gets: reports, sleeps, and a deadline
        // (`if time.time() - start > 600: sys.exit(1)`).
        let mut after_until = None;
        for s in after {
            if self.is_inert_statement(*s)
                || matches!(s.kind(), "comment")
                || self.between_rounds_sleep(*s).is_some()
            {
                continue;
            }
            match self.gives_up_after(*s, &[]) {
                Some(d) if after_until.is_none() => after_until = Some(d),
                _ => return Err(None),
            }
        }
        let mut delay = 0.0;
        let mut until = after_until;
        // `if attempt >= 5: sys.exit(1)` and `attempt += 1` in the handler, in their order.
        let mut give_up: Option<(String, String, f64, usize)> = None;
        let mut steps: Vec<(String, f64, usize)> = Vec::new();
        let mut elapsed_names: Vec<&str> = Vec::new();
        // `error = e` in a handler: the last failure, tested after the loop.
        let mut failure_vars: Vec<&str> = Vec::new();
        let mut handler_count = 0;
        let mut try_body = None;
        let mut otherwise = None;
        // `for attempt in range(1, 31)` with `if attempt == 30: sys.exit(1)` (or `if attempt
        // < 30: time.sleep(1) else: return False`) in the handler: the round at which the
        // script gives up, counted from 1, and the sleep of the rounds that go on.
        let rounds = self.range_rounds(n);
        let mut last_round: Option<i64> = None;
        let mut going_on_sleep = 0.0;
        // `except HTTPError as e: print(e.code); return` first: urlopen's answer of an error
        // status ends the waiting as its 2xx does, so any answer passes.
        let mut any_answer = false;
        for clause in named(attempt) {
            match clause.kind() {
                "block" => try_body = Some(clause),
                "else_clause" => {
                    otherwise = named(clause).into_iter().find(|c| c.kind() == "block");
                    // `else: if b"ready" not in r.read(): sys.exit(1)`: a check the script
                    // gives up on at once, which the attempt's retries would try again.
                    if otherwise.is_some_and(|o| self.fails_inside(o)) {
                        return Err(None);
                    }
                }
                "except_clause"
                    if handler_count == 0
                        && !any_answer
                        && self
                            .caught_classes(clause)
                            .is_some_and(|c| self.is_urllib_http_error(c))
                        && named(clause)
                            .into_iter()
                            .find(|c| c.kind() == "block")
                            .is_some_and(|b| self.ends_the_wait(b)) =>
                {
                    any_answer = true;
                }
                "except_clause" => {
                    // A bare `except:` would catch the exit of a check that passed, where the
                    // attempt has one.
                    if self.catches_exit(clause) && self.may_exit(try_body_of(attempt), 0) {
                        return Err(None);
                    }
                    // `except HTTPError: sys.exit(2)` before `except URLError: sleep(1)`: an
                    // error the script gives up on at once, where the retries would go on. (Not
                    // behind a handler that goes on for every failure that may pass later:
                    // `except OperationalError: sleep(2)` then `except Exception: sys.exit(1)`
                    // around psycopg2's connect leaves the second only a malformed address.)
                    let gives_up = |c: Node| {
                        named(c)
                            .into_iter()
                            .find(|b| b.kind() == "block")
                            .is_some_and(|b| {
                                named(b).into_iter().any(|st| {
                                    self.exit_of(st).is_some_and(|v| v != Some(0))
                                        || (st.kind() == "raise_statement"
                                            && self.raised_exit(st).is_none())
                                })
                            })
                    };
                    let covered_before = named(attempt)
                        .into_iter()
                        .take_while(|c| c.id() != clause.id())
                        .filter(|c| c.kind() == "except_clause")
                        .any(|c| !gives_up(c) && self.goes_on_for_what_may_pass(c, attempt));
                    if gives_up(clause) && !covered_before {
                        return Err(None);
                    }
                    let block = named(clause)
                        .into_iter()
                        .find(|c| c.kind() == "block")
                        .ok_or(None)?;
                    // `print(e.reason)` under `except Exception`: the handler itself raises for
                    // some errors, which ends the wait.
                    if !self.reads_the_error_safely(clause, block) {
                        return Err(None);
                    }
                    let caught = self.caught_name(clause);
                    // `except Exception as e: print(e); return False` after the handler that
                    // takes a failed connection: any other error ends the script at once,
                    // where the probe tries again (the same verdict, sooner).
                    if handler_count > 0
                        && self.fails(block)
                        && self.catches_connection_errors(attempt)
                        && named(block)
                            .iter()
                            .all(|s| self.is_inert_statement(*s) || self.fails_statement(*s))
                    {
                        self.warnings.push(Warning {
                            line: self.line(clause),
                            message: "this handler ends the script at the first error that is not a failed connection; the probe tries again after any failure".into(),
                        });
                        continue;
                    }
                    handler_count += 1;
                    for (k, s) in named(block).into_iter().enumerate() {
                        if let Some(name) = self.elapsed_assignment(s) {
                            elapsed_names.push(name);
                        } else if let Some(name) = self.clock_assignment(s) {
                            // `now = time.time()`, then `if now - start > TIMEOUT: raise`:
                            // the clock, read where the name is (nothing sleeps between).
                            let before = self.vars.insert(name.to_string(), Val::Clock(0.0));
                            self.clock_names.push((name.to_string(), before));
                        } else if named(s).first().is_some_and(|a| {
                            a.kind() == "assignment" && self.keeps_the_error(s, *a)
                        }) {
                            // `last_error = e`, only ever reported.
                        } else if let Some(name) = self.failure_kept(s, caught) {
                            failure_vars.push(name);
                        } else if let Some(d) = self.gives_up_after(s, &elapsed_names) {
                            until = Some(d);
                        } else if let Some((var, start, stop, late)) = &rounds
                            && let Some((round, sleep)) =
                                self.gives_up_in_round(s, var, *start, *stop, late.as_ref())
                        {
                            // Two handlers (`except Error:`, `except Exception:`) may each
                            // give up in the same round, after the same sleep.
                            if last_round.is_some_and(|r| r != round)
                                || (last_round.is_some() && going_on_sleep != sleep)
                            {
                                return Err(None);
                            }
                            last_round = Some(round);
                            going_on_sleep = sleep;
                        } else if let Some((counter, op, limit)) = self.gives_up_at(s) {
                            give_up = Some((counter, op, limit, k));
                        } else if let Some((counter, op, limit, sleep)) = self.gives_up_or_sleeps(s)
                            && going_on_sleep == 0.0
                        {
                            give_up = Some((counter, op, limit, k));
                            going_on_sleep = sleep;
                        } else if let Some((counter, step)) =
                            named(s).first().and_then(|e| self.counted_step(*e))
                        {
                            steps.push((counter, step, k));
                        } else if self.flag_holds_check
                            && self.flag_break.as_ref().is_some_and(|f| {
                                f.split_once(" = ")
                                    .map(|(name, _)| format!("{name} = None"))
                                    == Some(self.text(s).trim().to_string())
                            })
                        {
                            // `conn = None`: the flag still unset, the loop goes on.
                        } else if s.kind() == "continue_statement"
                            && named(block)
                                .iter()
                                .skip(k + 1)
                                .all(|c| c.kind() == "comment")
                            && after.iter().all(|c| c.kind() == "comment")
                        {
                            // The handler's last word, with nothing after the `try` for it to
                            // skip: the loop goes round, as it would without it.
                        } else if !self.is_inert_statement(s) {
                            return Err(None);
                        }
                    }
                }
                _ => return Err(None),
            }
        }
        let try_body = try_body.ok_or(None)?;
        // The sleeps every failed round makes space the attempts: those of the loop's body,
        // of the `try` (before its check passes or fails) and of the handler, each at their
        // block's level (a sleep under an `if` may not run).
        let handlers: Vec<Node> = named(attempt)
            .into_iter()
            .filter(|c| c.kind() == "except_clause")
            .filter_map(|c| named(c).into_iter().find(|b| b.kind() == "block"))
            .collect();
        // A handler's pause spaces only the attempts that raise: every failed one must
        // (`requests` answers a 503 without raising, and its next attempt follows at once).
        // Under a deadline (`while time.time() < deadline:`) the verdict is the same when the
        // suite tries as often as the shortest pause says: the loop passes once a try passes
        // and fails when the time is up.
        let handler_pauses = handlers
            .iter()
            .flat_map(|b| named(*b))
            .any(|st| self.sleep_seconds(st).is_some());
        let uneven = handler_pauses && self.fails_without_raising(try_body);
        // The shortest pause of a handler that goes on, where others are tried again at once.
        let mut paused = None;
        for st in named(body) {
            delay += self.sleep_seconds(st).unwrap_or(0.0);
        }
        // One handler runs for a failed attempt: those that go on must pause alike (not one
        // that ends the loop: `except HTTPError: return`).
        let ends_loop = |b: Node| {
            named(b).iter().any(|st| {
                matches!(
                    st.kind(),
                    "return_statement" | "break_statement" | "raise_statement"
                ) || self.exit_of(*st).is_some()
            })
        };
        let going_on: Vec<Node> = handlers
            .iter()
            .copied()
            .filter(|b| !ends_loop(*b))
            .collect();
        let mut pauses = going_on
            .iter()
            .map(|b| {
                named(*b)
                    .into_iter()
                    .map(|st| self.sleep_seconds(st).unwrap_or(0.0))
                    .sum::<f64>()
            })
            .collect::<Vec<f64>>();
        pauses.dedup();
        match pauses.as_slice() {
            [] => {}
            [pause] if !uneven => delay += pause,
            // Counted attempts keep the script's patience for what raises (a target not up
            // yet): the suite pauses after every failed attempt, and says so.
            [pause] if deadline.is_none() => {
                delay += pause;
                self.raising_pause(self.line(attempt), *pause);
            }
            _ if deadline.is_some() => {
                let shortest = pauses.iter().copied().fold(f64::INFINITY, f64::min);
                if uneven {
                    paused = Some(shortest).filter(|p| *p > 0.0);
                } else {
                    delay += shortest;
                }
            }
            _ => return Err(None),
        }
        delay += going_on_sleep;
        // In the `try`, what sleeps after the check has passed (`s.connect(a); time.sleep(2);
        // break`) does not space failed attempts.
        for st in named(try_body) {
            match self.sleep_seconds(st) {
                Some(s) => delay += s,
                None if self.is_inert_statement(st) => {}
                None => break,
            }
        }
        // `while n < 3:` counts the failed rounds in its handlers: one that goes on without
        // counting lets its failures repeat without end, which retries cannot say.
        if n.kind() == "while_statement" && !steps.is_empty() && steps.len() < going_on.len() {
            return Err(None);
        }
        // `n += 1` in each of two handlers (`except OperationalError:`, `except Exception:`):
        // one count of the failed rounds.
        if give_up.is_none() && handler_count > 1 {
            let first = steps.first().map(|(c, k, _)| (c.clone(), *k));
            if steps.len() == handler_count
                && steps.iter().all(|(c, k, _)| Some((c.clone(), *k)) == first)
            {
                steps.truncate(1);
            }
        }
        let start_of = |counter: &str| match self.vars.get(counter) {
            Some(Val::Num(start)) => Some(*start),
            _ => None,
        };
        let attempts = match (&give_up, steps.as_slice(), stepped_before.as_slice()) {
            (None, [], []) => None,
            (Some((counter, op, limit, check_at)), [(stepped, step, step_at)], [])
                if counter == stepped =>
            {
                let start = start_of(counter).ok_or(None)?;
                Some(count_attempts(start, *step, op, *limit, step_at < check_at).ok_or(None)?)
            }
            (Some((counter, op, limit, _)), [], [(stepped, step)]) if counter == stepped => {
                let start = start_of(counter).ok_or(None)?;
                Some(count_attempts(start, *step, op, *limit, true).ok_or(None)?)
            }
            // A count that never ends the loop is only reported (`Attempt %d failed`).
            (None, [_], []) | (None, [], [_]) => None,
            _ => return Err(None),
        };
        let until = match (until, deadline) {
            (Some(d), None) => Some(d),
            (None, d) => d,
            (Some(_), Some(_)) => return Err(None),
        };
        if attempts.is_some() && until.is_some() {
            return Err(None);
        }
        let leaves = self.breaks_here(try_body)
            || otherwise.is_some_and(|o| self.breaks_here(o))
            || self.passes_somewhere(try_body)
            || otherwise.is_some_and(|o| self.passes_somewhere(o));
        if !leaves && (ends || attempts.is_some()) {
            return Err(None);
        }
        // A flag the passing attempt sets before `break`, which the script tests after the
        // loop.
        let flag = self
            .flag_before_break(try_body)
            .or_else(|| otherwise.and_then(|o| self.flag_before_break(o)));
        // `error = ''; break` in the attempt, `error = e` in its handler, `if error: exit(1)`
        // after the loop. Every handler must keep its failure there: one that does not
        // (`except Timeout: pass`) lets the variable hold what an earlier round, or nothing,
        // left.
        let cleared = failure_vars.iter().copied().find(|v| {
            failure_vars.iter().filter(|w| *w == v).count() == handler_count
                && self.cleared_before_break(try_body, v)
                && self.tested_next(v, false)
        });
        if failure_vars.iter().any(|v| Some(*v) != cleared) {
            return Err(None);
        }
        let mut only_warns = false;
        if ends {
            let answered = match &flag {
                _ if self.exhaustion_fails => true,
                // The handler fails the script at its last round.
                _ if last_round.is_some() => true,
                // `if attempt >= 30: sys.exit(1)` in the handler, at the loop's last round or
                // before it.
                _ if give_up.is_some()
                    && attempts.is_some_and(|a| bound.is_none_or(|b| a <= b)) =>
                {
                    true
                }
                _ if cleared.is_some() => true,
                Some(f) => self.flag_tested_next(f),
                None => !self.breaks_here(body) && self.fails_afterwards(),
            };
            // `while elapsed < 30: try: CHECK; break …` with nothing after the loop: the
            // script passes whether or not a try did, and the tries only warn. (Not where
            // a try reads `os.environ[…]`, whose `KeyError` no handler takes.)
            only_warns = !answered
                && flag.is_none()
                && cleared.is_none()
                && self.nothing_after_but(|s| self.harmless(s))
                && self.catches_all(attempt)
                && !self.text(try_body).contains("environ[")
                && named(attempt)
                    .into_iter()
                    .filter(|c| c.kind() == "except_clause")
                    .filter_map(|c| named(c).into_iter().find(|b| b.kind() == "block"))
                    .flat_map(named)
                    .all(|st| self.harmless(st));
            if !answered && !only_warns {
                return Err(None);
            }
        }
        for s in before {
            // The count of rounds was read above.
            if named(*s)
                .first()
                .is_some_and(|e| self.counted_step(*e).is_some())
            {
                continue;
            }
            self.statement(*s).map_err(Some)?;
        }
        let made = self.drafts.len();
        self.in_wait = true;
        self.attempt_depth = self.continuation.len();
        let mut flow = self.block(try_body);
        if let (Ok(Flow::Continue), Some(o)) = (&flow, otherwise) {
            flow = self.block(o);
        }
        self.in_wait = false;
        let mut flow = flow.map_err(Some)?;
        // A verdict function's `return True` (or the `return` of the `main()` that ends the
        // script) leaves the loop and the function with a pass: what follows the loop runs
        // only once the attempts are spent.
        if flow == Flow::Continue
            && (self.returns_truth || (self.returns_pass && self.fails_afterwards()))
            && !self.breaks_here(try_body)
            && otherwise.is_none_or(|o| !self.breaks_here(o))
            && (self.passes_somewhere(try_body)
                || otherwise.is_some_and(|o| self.passes_somewhere(o)))
        {
            flow = Flow::Passed;
        }
        if self.drafts.len() == made {
            return Err(None);
        }
        if any_answer {
            // One request, urlopen's, that asks nothing of its answer but the status.
            let urlopen = self.text(try_body).contains("urlopen(");
            let [d] = &mut self.drafts[made..] else {
                return Err(None);
            };
            if !urlopen || !asks_status_only(d) {
                return Err(None);
            }
            set_expect(d, "status", Yaml::statuses(&ANY_STATUS));
        }
        if let Some(f) = flag {
            self.vars.insert(f, Val::Passed);
        }
        if let Some(v) = cleared {
            self.vars.insert(v.to_string(), Val::Cleared);
        }
        // What a counter holds after the loop depends on the attempts made.
        for (counter, ..) in &steps {
            self.vars.remove(counter);
        }
        let line = self.line(n);
        for d in &mut self.drafts[made..] {
            // (The loop's count and the handler's, where it has one: the fewer.)
            let bound = match (bound, attempts) {
                (Some(b), Some(a)) => Some(b.min(a)),
                (b, a) => b.or(a),
            };
            if let Some(tries) = last_round.or(bound) {
                if !d.tried(tries, delay) {
                    return Err(None);
                }
            } else {
                let until = until.as_ref().map(Deadline::until);
                let paused = paused.filter(|_| until.is_some());
                self.warnings
                    .extend(super::formula::wait_for(d, until, delay, paused, line));
            }
            d.warning |= only_warns;
        }
        if only_warns {
            self.warnings.push(Warning {
                line,
                message: "the script goes on when its tries run out, and passes: each probe of the loop only warns".into(),
            });
        }
        Ok(flow)
    }

    /// Whether the handlers of `attempt` take what its checks raise when they fail: requests'
    /// `raise_for_status()` an `HTTPError`, `assert` an `AssertionError`.
    fn catches_check_failures(&self, attempt: Node) -> bool {
        let Some(body) = try_body_of(attempt) else {
            return true;
        };
        let mut raises: Vec<&[&str]> = Vec::new();
        walk(body, &mut |c| {
            if c.kind() == "assert_statement" {
                raises.push(&["AssertionError"]);
            }
            if c.kind() == "call" && self.text(c).ends_with(".raise_for_status()") {
                raises.push(&["HTTPError", "RequestException"]);
            }
            // `json.load(r)`, `r.json()` on a page that is not JSON; `data["status"]` where
            // the key is missing.
            if c.kind() == "call"
                && (matches!(self.callee(c).as_str(), "json.load" | "json.loads")
                    || self.text(c).ends_with(".json()"))
            {
                raises.push(&["ValueError", "JSONDecodeError", "RequestException"]);
            }
            if c.kind() == "subscript" && self.json_path(c).is_some() {
                raises.push(&["KeyError", "LookupError", "IndexError"]);
            }
        });
        let handlers: Vec<Option<&str>> = named(attempt)
            .into_iter()
            .filter(|c| c.kind() == "except_clause")
            .map(|c| self.caught_classes(c))
            .collect();
        raises.iter().all(|classes| {
            handlers.iter().any(|h| match h {
                None => true,
                Some(t) => t
                    .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
                    .map(|w| w.rsplit('.').next().unwrap_or(w))
                    .any(|w| matches!(w, "Exception" | "BaseException") || classes.contains(&w)),
            })
        })
    }

    /// `except E as e:`: the name the exception is bound to.
    /// The name the `except` that `n` is in binds its exception to (in the same function).
    fn caught_around(&self, n: Node) -> Option<&'a str> {
        let mut up = n.parent();
        while let Some(p) = up {
            match p.kind() {
                "except_clause" => return self.caught_name(p),
                "function_definition" => return None,
                _ => up = p.parent(),
            }
        }
        None
    }

    fn caught_name(&self, clause: Node) -> Option<&'a str> {
        let bound = named(clause)
            .into_iter()
            .find(|c| c.kind() == "as_pattern")?;
        let target = bound.child_by_field_name("alias")?;
        let name = named(target).into_iter().next().unwrap_or(target);
        (name.kind() == "identifier").then(|| self.text(name))
    }

    /// `error = e` (the caught exception), `error = True` or a message in a handler: the
    /// variable that keeps the failure, which is true after it (not `str(e)`, which may be
    /// empty).
    fn failure_kept(&self, s: Node<'a>, caught: Option<&str>) -> Option<&'a str> {
        let a = named(s)
            .into_iter()
            .next()
            .filter(|a| s.kind() == "expression_statement" && a.kind() == "assignment")?;
        let left = a
            .child_by_field_name("left")
            .filter(|l| l.kind() == "identifier")?;
        let right = a.child_by_field_name("right")?;
        let value = self.text(right);
        let exception = caught.is_some_and(|e| value == e);
        let message = matches!(right.kind(), "string" | "concatenated_string")
            && matches!(self.value_any(right), Ok(Val::Text(t)) if t.as_literal().is_some_and(|l| !l.is_empty()));
        (exception || value == "True" || message).then(|| self.text(left))
    }

    /// Whether `block` sets `name` to a false value (`''`, `None`, `False`, `0`) in the
    /// statement right before a `break` (at any depth but a loop of its own).
    fn cleared_before_break(&self, block: Node, name: &str) -> bool {
        let stmts = named(block);
        let falsy = |s: Node| {
            named(s).into_iter().next().is_some_and(|a| {
                a.kind() == "assignment"
                    && a.child_by_field_name("left")
                        .is_some_and(|l| self.text(l) == name)
                    && a.child_by_field_name("right").is_some_and(|r| {
                        matches!(self.text(r), "''" | "\"\"" | "None" | "False" | "0")
                    })
            })
        };
        // The assignment, then statements that do not read or set it, then `break`.
        let direct = stmts
            .iter()
            .position(|s| s.kind() == "break_statement")
            .is_some_and(|b| {
                stmts[..b].iter().rposition(|s| falsy(*s)).is_some_and(|k| {
                    stmts[k + 1..b]
                        .iter()
                        .all(|s| !self.text(*s).contains(name))
                })
            });
        direct
            || stmts.iter().any(|s| match s.kind() {
                "for_statement" | "while_statement" | "function_definition" => false,
                _ => named(*s)
                    .into_iter()
                    .filter(|c| matches!(c.kind(), "block" | "else_clause" | "elif_clause"))
                    .any(|c| self.cleared_before_break(c, name)),
            })
    }

    /// Whether the statement after the loop being read is `if NAME: … sys.exit(N≠0)`
    /// (`truthy`), or `if not NAME: …` (not `truthy`), with no other branch.
    fn tested_next(&self, name: &str, negated: bool) -> bool {
        let Some(Continuation::Statements(rest)) = self.continuation.last() else {
            return false;
        };
        let Some(next) = rest.iter().find(|s| !self.is_inert_statement(**s)) else {
            return false;
        };
        let expected: Vec<&str> = if negated {
            vec!["not", name]
        } else {
            vec![name]
        };
        if next.kind() != "if_statement" {
            return false;
        }
        let condition = next.child_by_field_name("condition");
        let words = |c: Node| -> Vec<&str> { self.text(c).split_whitespace().collect() };
        // `if not ok: sys.exit(1)`.
        if !has_other_branches(*next)
            && condition.is_some_and(|c| words(c) == expected)
            && next
                .child_by_field_name("consequence")
                .is_some_and(|c| self.fails(c))
        {
            return true;
        }
        // `if ok: print("ready") else: sys.exit(1)`: the test the other way round, a report
        // where it holds and the failure in its `else`.
        let opposite: Vec<&str> = if negated {
            vec![name]
        } else {
            vec!["not", name]
        };
        let branches = other_branches(*next);
        let [otherwise] = branches.as_slice() else {
            return false;
        };
        otherwise.kind() == "else_clause"
            && condition.is_some_and(|c| words(c) == opposite)
            && next
                .child_by_field_name("consequence")
                .is_some_and(|c| named(c).into_iter().all(|s| self.harmless(s)))
            && otherwise
                .child_by_field_name("body")
                .is_some_and(|b| self.fails(b))
    }

    /// A statement that only prepares an attempt: an assignment of a known value, or a report.
    fn is_prelude(&self, s: Node) -> bool {
        if self.is_inert_statement(s) {
            return true;
        }
        s.kind() == "expression_statement"
            && named(s).first().is_some_and(|a| {
                a.kind() == "assignment"
                    && a.child_by_field_name("left")
                        .is_some_and(|l| l.kind() == "identifier")
                    && a.child_by_field_name("right").is_some_and(|r| {
                        matches!(
                            r.kind(),
                            "string"
                                | "integer"
                                | "float"
                                | "true"
                                | "false"
                                | "concatenated_string"
                        )
                    })
            })
    }

    /// `if LEFT OP RIGHT: … sys.exit(N≠0)` with no `elif` or `else`: its two sides and the
    /// operator.
    fn failing_comparison<'n>(&self, s: Node<'n>) -> Option<(Node<'n>, &'a str, Node<'n>)> {
        if s.kind() != "if_statement"
            || has_other_branches(s)
            || !self.fails(s.child_by_field_name("consequence")?)
        {
            return None;
        }
        let cond = s.child_by_field_name("condition")?;
        let parts = named(cond);
        let [left, right] = parts.as_slice() else {
            return None;
        };
        if cond.kind() != "comparison_operator" {
            return None;
        }
        Some((*left, self.text(cond.child(1)?), *right))
    }

    /// A whole number the script writes or binds (`5`, `RETRIES` set to 5, a parameter given
    /// 5).
    fn whole_number(&self, a: Node) -> Option<i64> {
        self.int_const(a).or_else(|| match self.value_any(a) {
            Ok(Val::Num(v)) if v.fract() == 0.0 => Some(v as i64),
            _ => None,
        })
    }

    /// `for VAR in range(A, B)` (or `range(B)`) with numbers the script writes: VAR and the
    /// values it takes, from A to B - 1. With a count the script reads when it runs
    /// (`range(1, RETRIES + 1)`, see [`Self::range_count`]): VAR, its first value, the
    /// [`LATE_ROUNDS`] that stand for the count, and the count.
    fn range_rounds(&self, n: Node) -> Option<(String, i64, i64, Option<Text>)> {
        if n.kind() != "for_statement" {
            return None;
        }
        let var = n.child_by_field_name("left")?;
        if var.kind() != "identifier" {
            return None;
        }
        let right = n.child_by_field_name("right")?;
        if right.kind() != "call"
            || right.child_by_field_name("function").map(|f| self.text(f)) != Some("range")
        {
            return None;
        }
        let args = named(right.child_by_field_name("arguments")?);
        // `attempt += 1` in the body: the round's value is not the range's.
        let name = self.text(var);
        let body = n.child_by_field_name("body")?;
        let mut assigned = false;
        walk(body, &mut |x| {
            if matches!(x.kind(), "assignment" | "augmented_assignment")
                && x.child_by_field_name("left")
                    .is_some_and(|l| self.names_in(l).contains(&name))
            {
                assigned = true;
            }
        });
        if assigned {
            return None;
        }
        if let Some((rounds, Some(count))) = self.range_count(n) {
            let start = match args.as_slice() {
                [_] => 0,
                [low, _] => self.text(*low).parse::<i64>().ok()?,
                _ => return None,
            };
            return Some((
                self.text(var).to_string(),
                start,
                start + rounds,
                Some(count),
            ));
        }
        let (start, stop) = match args.as_slice() {
            [stop] => (0, self.whole_number(*stop)?),
            [start, stop] => (self.whole_number(*start)?, self.whole_number(*stop)?),
            _ => return None,
        };
        (stop > start && stop - start <= 10_000)
            .then(|| (self.text(var).to_string(), start, stop, None))
    }

    /// In a handler of a `for VAR in range(start, stop)` loop: `if VAR OP X: <fails>`, or `if
    /// VAR OP X: <sleeps and reports> else: <fails>`, a test of the round alone. The round
    /// (from 1) at which the script gives up there, and the seconds the rounds that go on
    /// sleep under the test. `None` for any other statement, or a test that never gives up.
    ///
    /// With a count read when the script runs (`late`, VAR from `start` over the [`LATE_ROUNDS`]
    /// that stand for it), only a test that gives up in the count's last round and in no other
    /// (`attempt == RETRIES` of `range(1, RETRIES + 1)`, `i + 1 >= RETRIES` of `range(RETRIES)`)
    /// is read: the last of those rounds.
    fn gives_up_in_round(
        &self,
        s: Node,
        var: &str,
        start: i64,
        stop: i64,
        late: Option<&Text>,
    ) -> Option<(i64, f64)> {
        if s.kind() != "if_statement" {
            return None;
        }
        let cond = s.child_by_field_name("condition")?;
        let consequence = s.child_by_field_name("consequence")?;
        let clauses = other_branches(s);
        // Which way of the test fails, and the sleep of the other.
        let (fails_when, sleep) = match clauses.as_slice() {
            [] if self.fails(consequence) => (true, 0.0),
            [e] if e.kind() == "else_clause" => {
                let other = e.child_by_field_name("body")?;
                let idle = |b: Node| {
                    named(b)
                        .iter()
                        .all(|st| self.is_inert_statement(*st) || self.sleep_seconds(*st).is_some())
                };
                let slept = |b: Node| -> f64 {
                    named(b)
                        .iter()
                        .filter_map(|st| self.sleep_seconds(*st))
                        .sum()
                };
                if self.fails(other) && idle(consequence) {
                    (false, slept(consequence))
                } else if self.fails(consequence) && idle(other) {
                    (true, slept(other))
                } else {
                    return None;
                }
            }
            _ => return None,
        };
        if cond.kind() != "comparison_operator" {
            return None;
        }
        let parts = named(cond);
        let [left, right] = parts.as_slice() else {
            return None;
        };
        let op = self.operator_of(cond);
        // `attempt == retries`, `i == retries - 1`, `i + 1 >= retries`: VAR plus a number.
        let (offset, limit_node) = match left.kind() {
            "identifier" if self.text(*left) == var => (0, *right),
            "binary_operator" => {
                let l = left.child_by_field_name("left")?;
                let r = left.child_by_field_name("right")?;
                let sign = match self.text(left.child_by_field_name("operator")?) {
                    "+" => 1,
                    "-" => -1,
                    _ => return None,
                };
                if l.kind() != "identifier" || self.text(l) != var {
                    return None;
                }
                (sign * self.int_const(r)?, *right)
            }
            _ => return None,
        };
        if let Some(count) = late {
            return self
                .gives_up_in_late_round(op.as_str(), offset, limit_node, start, count, fails_when)
                .then_some((stop - start, sleep));
        }
        let limit = self
            .int_const(limit_node)
            .or_else(|| match self.value_any(limit_node) {
                Ok(Val::Num(v)) if v.fract() == 0.0 => Some(v as i64),
                _ => None,
            })?;
        let holds = |v: i64| {
            let x = v + offset;
            match op.as_str() {
                "==" => Some(x == limit),
                "!=" => Some(x != limit),
                "<" => Some(x < limit),
                "<=" => Some(x <= limit),
                ">" => Some(x > limit),
                ">=" => Some(x >= limit),
                _ => None,
            }
        };
        for v in start..stop {
            if holds(v)? == fails_when {
                return Some((v - start + 1, sleep));
            }
        }
        None
    }

    /// [`Self::gives_up_in_round`] of a count read when the script runs: whether `VAR + offset
    /// OP limit` (the limit being the count plus a number) comes out as `fails_when` in the
    /// count's last round and the other way in every round before it, whatever the count. VAR
    /// runs from `start`, so in round `count - j` the two sides differ by `start - 1 + offset
    /// - k - j` for a limit of `count + k`.
    fn gives_up_in_late_round(
        &self,
        op: &str,
        offset: i64,
        limit: Node,
        start: i64,
        count: &Text,
        fails_when: bool,
    ) -> bool {
        let is_count = |n: Node| matches!(self.value_any(n), Ok(Val::Text(t)) if t == *count);
        let k = if is_count(limit) {
            0
        } else if limit.kind() == "binary_operator"
            && let (Some(l), Some(r), Some(o)) = (
                limit.child_by_field_name("left"),
                limit.child_by_field_name("right"),
                limit.child_by_field_name("operator"),
            )
            && is_count(l)
            && let Some(k) = self.int_const(r)
        {
            match self.text(o) {
                "+" => k,
                "-" => -k,
                _ => return false,
            }
        } else {
            return false;
        };
        let last = start - 1 + offset - k;
        let holds = |diff: i64| match op {
            "==" => Some(diff == 0),
            "!=" => Some(diff != 0),
            "<" => Some(diff < 0),
            "<=" => Some(diff <= 0),
            ">" => Some(diff > 0),
            ">=" => Some(diff >= 0),
            _ => None,
        };
        holds(last) == Some(fails_when)
            && [1, 2, 3, 1_000_000]
                .iter()
                .all(|j| holds(last - j) == Some(!fails_when))
    }

    /// `if COUNTER OP LIMIT: … sys.exit(N≠0)` (no `elif`/`else`) with a number for LIMIT.
    fn gives_up_at(&self, s: Node) -> Option<(String, String, f64)> {
        let (left, op, right) = self.failing_comparison(s)?;
        if left.kind() != "identifier" {
            return None;
        }
        let op = op.to_string();
        match self.value_any(right).ok()? {
            Val::Num(limit) => Some((self.text(left).to_string(), op, limit)),
            _ => None,
        }
    }

    /// `if attempt < MAX: <reports and sleeps> else: <reports and fails>` (after `attempt +=
    /// 1`): the failing test [`Self::gives_up_at`] reads, `attempt >= MAX`, and the seconds the
    /// rounds that go on sleep.
    fn gives_up_or_sleeps(&self, s: Node) -> Option<(String, String, f64, f64)> {
        if s.kind() != "if_statement" {
            return None;
        }
        let [otherwise] = other_branches(s).try_into().ok()?;
        let failing = (otherwise.kind() == "else_clause")
            .then(|| otherwise.child_by_field_name("body"))
            .flatten()?;
        let going_on = s.child_by_field_name("consequence")?;
        let mut sleep = 0.0;
        for st in named(going_on) {
            match self.sleep_seconds(st) {
                Some(secs) => sleep += secs,
                None if self.is_inert_statement(st) || st.kind() == "comment" => {}
                None => return None,
            }
        }
        if !self.fails(failing)
            || !named(failing).iter().all(|st| {
                self.is_inert_statement(*st) || self.fails_statement(*st) || st.kind() == "comment"
            })
        {
            return None;
        }
        let cond = s.child_by_field_name("condition")?;
        let [left, right] = named(cond).try_into().ok()?;
        if cond.kind() != "comparison_operator" || left.kind() != "identifier" {
            return None;
        }
        let op = match self.text(cond.child(1)?) {
            "<" => ">=",
            "<=" => ">",
            ">" => "<=",
            ">=" => "<",
            "==" => "!=",
            "!=" => "==",
            _ => return None,
        };
        match self.value_any(right).ok()? {
            Val::Num(limit) => Some((self.text(left).to_string(), op.to_string(), limit, sleep)),
            _ => None,
        }
    }

    /// `n += 1`, `n = n - 1`: the name and the step.
    fn counted_step(&self, e: Node) -> Option<(String, f64)> {
        let left = e.child_by_field_name("left")?;
        if left.kind() != "identifier" {
            return None;
        }
        let name = self.text(left);
        self.counter_step(e, name).map(|k| (name.to_string(), k))
    }

    /// `FLAG = True` right before a `break` in `block` or a block under it (not in a loop of
    /// its own): the flag's name.
    fn flag_before_break(&self, block: Node) -> Option<String> {
        let stmts = named(block);
        let nested = stmts.iter().find_map(|s| match s.kind() {
            "for_statement" | "while_statement" | "function_definition" => None,
            _ => named(*s)
                .into_iter()
                .filter(|c| matches!(c.kind(), "block" | "else_clause" | "elif_clause"))
                .find_map(|c| self.flag_before_break(c)),
        });
        if nested.is_some() {
            return nested;
        }
        stmts.windows(2).find_map(|w| {
            let a = named(w[0]).into_iter().next()?;
            // `ok = True`, or `conn = psycopg2.connect(…)`: a connection, which is true.
            (w[1].kind() == "break_statement"
                && a.kind() == "assignment"
                && a.child_by_field_name("right").is_some_and(|r| {
                    self.text(r) == "True"
                        || (r.kind() == "call" && DB_CONNECTIONS.contains(&self.callee(r).as_str()))
                }))
            .then(|| a.child_by_field_name("left"))
            .flatten()
            .filter(|l| l.kind() == "identifier")
            .map(|l| self.text(l).to_string())
        })
    }

    /// Whether the statement after the loop being read is `if not FLAG: … sys.exit(N≠0)`,
    /// with FLAG false before the loop.
    fn flag_tested_next(&self, flag: &str) -> bool {
        let unset = match self.vars.get(flag) {
            Some(Val::Text(t)) => matches!(t.as_literal().as_deref(), Some("False" | "None")),
            Some(Val::Num(v)) => *v == 0.0,
            _ => false,
        };
        unset && self.tested_next(flag, true)
    }

    /// `NAME = …` of a reading of the clock: the name and what [`Self::clock`] makes of it.
    fn clock_named(&self, s: Node<'a>) -> Option<(&'a str, Val)> {
        let a = named(s)
            .into_iter()
            .next()
            .filter(|a| a.kind() == "assignment")?;
        let left = a
            .child_by_field_name("left")
            .filter(|l| l.kind() == "identifier")?;
        Some((
            self.text(left),
            self.clock(a.child_by_field_name("right")?)?,
        ))
    }

    /// `elapsed = time.time() - start`: the name that holds the seconds since the start.
    fn elapsed_assignment(&self, s: Node<'a>) -> Option<&'a str> {
        match self.clock_named(s)? {
            (name, Val::Num(0.0)) => Some(name),
            _ => None,
        }
    }

    /// `now = time.time()`: the name that holds the clock's reading, where nothing but reports
    /// and tests of it come between that statement and the end of its block.
    fn clock_assignment(&self, s: Node<'a>) -> Option<&'a str> {
        let (name, Val::Clock(0.0)) = self.clock_named(s)? else {
            return None;
        };
        // Until the block's first sleep, nothing takes time; after it, the name would hold an
        // earlier reading than the clock.
        let mut at = s.next_named_sibling();
        let mut slept = false;
        while let Some(t) = at {
            if slept && self.names_in(t).contains(&name) {
                return None;
            }
            slept |= self.text(t).contains("sleep");
            at = t.next_named_sibling();
        }
        Some(name)
    }

    /// `if elapsed >= 60: … sys.exit(1)`, `if time.time() > deadline: … sys.exit(1)`: the
    /// seconds after which a wait loop gives up.
    fn gives_up_after(&self, s: Node, elapsed_names: &[&str]) -> Option<Deadline> {
        if !self.claim_clocks(s) {
            return None;
        }
        let (left, op, right) = self.failing_comparison(s)?;
        if !matches!(op, ">" | ">=") {
            return None;
        }
        let since_start = elapsed_names.contains(&self.text(left))
            || matches!(self.clock(left), Some(Val::Num(v)) if v == 0.0);
        match (since_start, self.clock(left), self.value_any(right).ok()?) {
            (true, _, Val::Num(t)) if t > 0.0 => Some(Deadline::Secs(t)),
            // `elapsed >= timeout`, the caller's seconds read as a number.
            (true, _, Val::Text(t))
                if matches!(t.0.as_slice(), [Piece::Var(..)]) && self.reads_number(right) =>
            {
                Some(Deadline::Late(t))
            }
            (false, Some(Val::Clock(now)), Val::Clock(t)) if now == 0.0 && t > 0.0 => {
                Some(Deadline::Secs(t))
            }
            (false, Some(Val::Clock(0.0)), Val::LateClock(t)) => Some(Deadline::Late(t)),
            _ => None,
        }
    }

    /// `for attempt in range(N): … if CHECK: sys.exit(0) … time.sleep(S)` followed by a
    /// failure: the script passes when one of N attempts does. One attempt is read as the
    /// script's checks, retried N-1 times S seconds apart. `None` when the loop is not over a
    /// `range`.
    fn retry_loop(&mut self, n: Node<'a>) -> Result<Option<Flow>, Unsupported> {
        let line = self.line(n);
        let (Some(right), Some(body)) = (
            n.child_by_field_name("right"),
            n.child_by_field_name("body"),
        ) else {
            return Ok(None);
        };
        // `for … else: sys.exit(1)`: the `else` runs when the attempts ran out, and must fail.
        let otherwise = named(n)
            .into_iter()
            .find(|c| c.kind() == "else_clause")
            .and_then(|e| e.child_by_field_name("body"));
        let exhausted_fails = otherwise.is_some_and(|o| self.fails_once_exhausted(o));
        if right.kind() != "call"
            || right.child_by_field_name("function").map(|f| self.text(f)) != Some("range")
            || (otherwise.is_some() && !exhausted_fails)
        {
            return Ok(None);
        }
        let (attempts, late) = self
            .range_count(n)
            .ok_or_else(|| format!("line {line}: a `range` probekit cannot count"))?;
        if self.in_wait {
            return Err(format!("line {line}: a retry loop probekit cannot express"));
        }
        if let Some(count) = late {
            let before = self.drafts.len();
            // `ok = True; break` tested after the loop (`if not ok: sys.exit(1)`): with no
            // round, the flag is still false there, and the script fails.
            let flag_fails = self
                .flag_before_break(body)
                .is_some_and(|f| self.flag_tested_next(&f));
            let flow = self.retry_loop_counted(n, body, exhausted_fails, attempts)?;
            return self
                .late_attempts(n, before, count, line, flag_fails)
                .map(|()| Some(flow));
        }
        self.retry_loop_counted(n, body, exhausted_fails, attempts)
            .map(Some)
    }

    /// [`Self::retry_loop`] once its count is known.
    fn retry_loop_counted(
        &mut self,
        n: Node<'a>,
        body: Node<'a>,
        exhausted_fails: bool,
        attempts: i64,
    ) -> Result<Flow, Unsupported> {
        // `try: CHECK … else: ok = True; break`: an attempt that leaves the loop, or passes
        // the script (`sys.exit(0)`, `return` from the `main()` that ends it, `return True`
        // from a verdict function).
        if self.breaks_here(body) || self.passes_somewhere(body) {
            self.exhaustion_fails = exhausted_fails;
            let attempt = self.attempt_loop(n, body, Some(Repeat::Attempts(attempts)));
            self.exhaustion_fails = false;
            match attempt {
                Ok(flow) => return Ok(flow),
                Err(Some(e)) => return Err(e),
                Err(None) => {}
            }
        }
        self.repeat(n, body, Repeat::Attempts(attempts))
    }

    /// After a loop read with [`LATE_ROUNDS`] rounds standing for a count the script reads
    /// when it runs: each probe it made tries that many times (`attempts: "${RETRIES:-5}"`),
    /// or, when the loop became anything else, an error.
    fn late_attempts(
        &mut self,
        n: Node<'a>,
        before: usize,
        count: Text,
        line: usize,
        flag_fails: bool,
    ) -> Result<(), Unsupported> {
        let made = &mut self.drafts[before..];
        if made.is_empty()
            || made
                .iter()
                .any(|d| d.retries != Some(LATE_ROUNDS as u32 - 1) || d.wait.is_some())
        {
            return Err(format!(
                "line {line}: a loop whose count the script reads when it runs, in a form probekit cannot write"
            ));
        }
        for d in made.iter_mut() {
            d.retries = None;
            d.attempts = Some(count.clone());
        }
        // A count of 0 or less runs no round, and the script goes on after the loop (its
        // `else:` first). Where that fails, so does the probe that cannot count; where nothing
        // follows, the script passes: a gate `test COUNT -gt 0` whose 1 (no round) skips the
        // loop's probes and passes, and whose 2 (not a number, which `int()` refuses) lets
        // them run and fail on it. Anything else after it (a report that reads the loop's
        // name, which no round bound) is not read.
        let otherwise = named(n)
            .into_iter()
            .find(|c| c.kind() == "else_clause")
            .and_then(|e| e.child_by_field_name("body"));
        let fails_after = match otherwise {
            Some(o) => self.fails(o),
            None => flag_fails || self.fails_afterwards(),
        };
        if !fails_after && (otherwise.is_some() || !self.nothing_afterwards()) {
            return Err(format!(
                "line {line}: a loop whose count the script reads when it runs, followed by what a count of 0 would run"
            ));
        }
        if !fails_after {
            let mut gate = Draft::new(
                self.unique_name("rounds"),
                line,
                Check::Command {
                    argv: vec![Text::lit("test"), count, Text::lit("-gt"), Text::lit("0")],
                    timeout: None,
                    stdin: None,
                    merge_stderr: false,
                    words: Vec::new(),
                },
            );
            gate.gate = true;
            gate.expect.push((
                "exit_code".into(),
                Yaml::List(vec![Yaml::Int(0), Yaml::Int(2)]),
            ));
            for d in &mut self.drafts[before..] {
                d.depends_on.push(gate.name.clone());
            }
            self.drafts.insert(before, gate);
        }
        Ok(())
    }

    /// A loop that tries a check until it holds, with no `try` around it:
    /// - `while not CHECK: time.sleep(N)` waits without end, then goes on;
    /// - `for _ in range(N): if CHECK: break` (or `sys.exit(0)`), a sleep, then an `else:`
    ///   that fails (or, after `sys.exit(0)`, a failure after the loop) tries N times.
    ///
    /// Reports and counters may come between. `None` (and nothing read) for another shape.
    fn check_loop(&mut self, n: Node<'a>) -> Result<Option<Flow>, Unsupported> {
        if self.in_wait || self.in_alternatives || self.counter.is_some() {
            return Ok(None);
        }
        let Some(body) = n.child_by_field_name("body") else {
            return Ok(None);
        };
        let otherwise = named(n)
            .into_iter()
            .find(|c| c.kind() == "else_clause")
            .and_then(|e| e.child_by_field_name("body"));
        let stmts: Vec<Node<'a>> = named(body)
            .into_iter()
            .filter(|s| s.kind() != "comment")
            .collect();
        let sleeps: f64 = stmts.iter().filter_map(|s| self.sleep_seconds(*s)).sum();
        // How often the loop runs: `None` without end.
        let mut counter = None;
        let bound = if n.kind() == "while_statement" {
            let Some(mut cond) = n.child_by_field_name("condition") else {
                return Ok(None);
            };
            while cond.kind() == "parenthesized_expression" {
                match named(cond).first() {
                    Some(inner) => cond = *inner,
                    None => return Ok(None),
                }
            }
            // `while not CHECK:` whose body only waits: tried until it holds.
            if cond.kind() == "not_operator" {
                if otherwise.is_some() || !stmts.iter().all(|s| self.waits_only(*s)) {
                    return Ok(None);
                }
                let Some(check) = cond.child_by_field_name("argument") else {
                    return Ok(None);
                };
                return self
                    .tried_until(n, &[], check, None, sleeps)
                    .map(|()| Some(Flow::Continue));
            }
            if matches!(self.text(cond), "True" | "1") {
                None
            } else if let Some((name, runs)) = self.counted(cond, body) {
                counter = Some(name);
                Some(Repeat::Attempts(runs))
            } else if let Some(until) = self.deadline(cond) {
                Some(Repeat::Until(until))
            } else {
                return Ok(None);
            }
        } else {
            match self.range_count(n) {
                Some((runs, None)) => Some(Repeat::Attempts(runs)),
                Some((runs, Some(count))) => {
                    let before = self.drafts.len();
                    let line = self.line(n);
                    let bound = Some(Repeat::Attempts(runs));
                    let flag_fails = self
                        .flag_before_break(body)
                        .is_some_and(|f| self.flag_tested_next(&f));
                    let flow = self.tested_attempts(n, &stmts, otherwise, bound, sleeps)?;
                    if flow.is_some() {
                        self.late_attempts(n, before, count, line, flag_fails)?;
                    }
                    return Ok(flow);
                }
                None => return Ok(None),
            }
        };
        // The counter's updates only count the attempts while the body is read.
        self.counter = counter;
        let flow = self.tested_attempts(n, &stmts, otherwise, bound, sleeps);
        self.counter = None;
        flow
    }

    /// The body of a [`Self::check_loop`]: what gets the value tested, one `if CHECK:` that
    /// leaves (`break`, `sys.exit(0)`), and waits and reports. `None` for another shape.
    fn tested_attempts(
        &mut self,
        n: Node<'a>,
        stmts: &[Node<'a>],
        otherwise: Option<Node<'a>>,
        bound: Option<Repeat>,
        sleeps: f64,
    ) -> Result<Option<Flow>, Unsupported> {
        let Some(at) = stmts.iter().position(|s| s.kind() == "if_statement") else {
            return Ok(None);
        };
        let (prelude, test, rest) = (&stmts[..at], stmts[at], &stmts[at + 1..]);
        // `else:` that only waits and reports, in a loop without end: the round's wait, as
        // after the `if`.
        let mut sleeps = sleeps;
        let waits_else = match named(test).as_slice() {
            [_, _] => true,
            [_, _, e] if e.kind() == "else_clause" && bound.is_none() => {
                let block: Vec<Node> = named(*e)
                    .into_iter()
                    .filter(|b| b.kind() == "block")
                    .flat_map(named)
                    .collect();
                sleeps += block
                    .iter()
                    .filter_map(|s| self.sleep_seconds(*s))
                    .sum::<f64>();
                block.iter().all(|s| self.waits_only(*s))
            }
            _ => false,
        };
        let shaped = waits_else
            && rest.iter().all(|s| self.waits_only(*s))
            && prelude.iter().all(|s| {
                self.waits_only(*s)
                    || (s.kind() == "expression_statement"
                        && named(*s).first().is_some_and(|e| {
                            e.kind() == "assignment"
                                // `s.settimeout(2)`, `s.close()` on the socket the check
                                // connects.
                                || (e.kind() == "call" && quiet_when_refused(&self.callee(*e)))
                        }))
            });
        let (Some(check), Some(then)) = (
            test.child_by_field_name("condition"),
            test.child_by_field_name("consequence"),
        ) else {
            return Ok(None);
        };
        let then: Vec<Node<'a>> = named(then)
            .into_iter()
            .filter(|s| s.kind() != "comment")
            .collect();
        let Some((leave, reports)) = then.split_last() else {
            return Ok(None);
        };
        let passes = self.exit_of(*leave) == Some(Some(0));
        let breaks = leave.kind() == "break_statement";
        // The end of the attempts must fail: the `else`, or (after `sys.exit(0)`) what
        // follows the loop. A loop without end needs neither.
        let exhausted_fails = bound.is_none()
            || match otherwise {
                Some(o) => self.fails_once_exhausted(o),
                None => passes && self.fails_afterwards(),
            };
        if !shaped
            || !reports.iter().all(|s| self.is_inert_statement(*s))
            || !(passes || breaks)
            || !exhausted_fails
            || (bound.is_none() && otherwise.is_some())
        {
            return Ok(None);
        }
        let prelude: Vec<Node<'a>> = prelude
            .iter()
            .copied()
            .filter(|s| !self.waits_only(*s))
            .collect();
        self.tried_until(n, &prelude, check, bound, sleeps)?;
        Ok(Some(if passes { Flow::Passed } else { Flow::Continue }))
    }

    /// The probes of `check` (after the statements that get what it tests), tried `bound`
    /// times (or without end) `sleeps` seconds apart.
    fn tried_until(
        &mut self,
        n: Node<'a>,
        prelude: &[Node<'a>],
        check: Node<'a>,
        bound: Option<Repeat>,
        sleeps: f64,
    ) -> Result<(), Unsupported> {
        let line = self.line(n);
        // A failure that raises ends the script instead of trying again, which retries cannot
        // say: the check must be a helper that turns failures into False.
        let mut inner = check;
        while matches!(inner.kind(), "not_operator" | "parenthesized_expression") {
            match named(inner).first() {
                Some(c) => inner = *c,
                None => break,
            }
        }
        // `while True: if client.ping(): break`: redis-py's ping returns True or raises, so
        // the loop never goes round again; one attempt, whose failure ends the script.
        if prelude.is_empty() && check.kind() == "call" && self.callee(check).ends_with(".ping") {
            let made = self.drafts.len();
            if self.redis_ping_test(check)? == Some(true) && self.drafts.len() == made + 1 {
                self.warnings.push(Warning {
                    line,
                    message: "redis-py's `ping()` returns True or raises: the loop never tries again, and neither does the probe".into(),
                });
                return Ok(());
            }
            self.drafts.truncate(made);
        }
        let guarded = !self.may_raise(prelude.to_vec())
            && self
                .predicate_function(inner)
                .is_some_and(|(func, _, _)| !self.raises_outside_try(func));
        // `s = socket.socket(); r = s.connect_ex(addr); if r == 0: break`: `connect_ex` gives
        // a refused or timed-out connection as a number; only a name that does not resolve
        // raises (the probe's own warning says so).
        let mut tried = prelude.to_vec();
        tried.push(check);
        let connects = !guarded
            && self.text(n).contains(".connect_ex(")
            && !self.may_raise_but(tried, &quiet_when_refused);
        if !guarded && !connects {
            return Err(format!(
                "line {line}: a loop whose attempt ends the script when its check raises"
            ));
        }
        let made = self.drafts.len();
        for s in prelude {
            if self.statement(*s)? != Flow::Continue {
                return Err(format!("line {line}: a loop probekit cannot express"));
            }
        }
        self.requirement(check, true, n)?;
        if self.drafts.len() == made {
            return Err(format!("line {line}: a loop whose test makes no check"));
        }
        for d in &mut self.drafts[made..] {
            match &bound {
                Some(Repeat::Attempts(tries)) => {
                    if !d.tried(*tries, sleeps) {
                        return Err(format!("line {line}: a retry loop probekit cannot express"));
                    }
                }
                Some(Repeat::Until(until)) => self.warnings.extend(super::formula::wait_for(
                    d,
                    Some(until.until()),
                    sleeps,
                    None,
                    line,
                )),
                None => self
                    .warnings
                    .extend(super::formula::wait_for(d, None, sleeps, None, line)),
            }
        }
        Ok(())
    }

    /// What a test of a MongoDB command's reply always is: `res is None` false, `res is not
    /// None` true, `res["ok"] == 1` true and `!= 1` false (pymongo raises where the reply is
    /// not ok). `None` for another test.
    fn mongo_reply_test(&self, cond: Node) -> Option<bool> {
        if cond.kind() != "comparison_operator" {
            return None;
        }
        let sides = named(cond);
        let [left, right] = sides.as_slice() else {
            return None;
        };
        let op = self.operator_of(cond);
        let reply = |n: Node| {
            n.kind() == "identifier"
                && matches!(self.vars.get(self.text(n)), Some(Val::Probe(i))
                    if matches!(self.drafts[*i].check, Check::Database { engine: "mongo", .. }))
        };
        if self.text(*right) == "None" && reply(*left) {
            return match op.as_str() {
                "is" | "==" => Some(false),
                "is not" | "!=" => Some(true),
                _ => None,
            };
        }
        if left.kind() == "subscript"
            && left.child_by_field_name("value").is_some_and(reply)
            && left
                .child_by_field_name("subscript")
                .is_some_and(|k| matches!(self.text(k), "'ok'" | "\"ok\""))
            && matches!(self.text(*right), "1" | "1.0")
        {
            return match op.as_str() {
                "==" => Some(true),
                "!=" => Some(false),
                _ => None,
            };
        }
        None
    }

    /// The database login a test asks about (`conn`, `conn.is_connected()`), which holds
    /// once the login has not raised.
    fn login_tested(&self, cond: Node) -> Option<usize> {
        let name = match cond.kind() {
            "identifier" => cond,
            "call" if named(cond.child_by_field_name("arguments")?).is_empty() => {
                let function = cond.child_by_field_name("function")?;
                if function.kind() != "attribute"
                    || function
                        .child_by_field_name("attribute")
                        .map(|a| self.text(a))
                        != Some("is_connected")
                {
                    return None;
                }
                function.child_by_field_name("object")?
            }
            _ => return None,
        };
        if name.kind() != "identifier" {
            return None;
        }
        match self.vars.get(self.text(name)) {
            Some(Val::Probe(i)) if self.drafts[*i].logs_in() => Some(*i),
            _ => None,
        }
    }

    /// `conn.cursor()` on a database login (`conn = psycopg2.connect(…)`): that login.
    /// SQL written in the script that any login answers (`SELECT 1`, [`trivial_query`]).
    fn trivial_sql(&self, sql: Node) -> bool {
        self.value(sql)
            .ok()
            .and_then(|v| v.as_literal())
            .is_some_and(|q| trivial_query(&q))
    }

    /// `cur.fetchone()` (`fetchall()`, `fetchmany()`) on a cursor of a login, without
    /// arguments.
    fn fetched_answer(&self, n: Node) -> bool {
        let Some(function) = n.child_by_field_name("function") else {
            return false;
        };
        let (Some(object), Some(method)) = (
            function.child_by_field_name("object"),
            function.child_by_field_name("attribute"),
        ) else {
            return false;
        };
        // Right after the query, on the same cursor: before it, after another fetch or once
        // the connection closed, a fetch raises.
        let after_query = || {
            n.parent()
                .filter(|a| a.kind() == "assignment")
                .and_then(|a| a.parent())
                .filter(|s| s.kind() == "expression_statement")
                .and_then(|s| {
                    let mut prev = s.prev_named_sibling();
                    while prev.is_some_and(|p| p.kind() == "comment") {
                        prev = prev.and_then(|p| p.prev_named_sibling());
                    }
                    prev
                })
                .and_then(|p| named(p).first().copied())
                .is_some_and(|call| {
                    call.kind() == "call"
                        && self.callee(call) == format!("{}.execute", self.text(object))
                        && call
                            .child_by_field_name("arguments")
                            .map(named)
                            .is_some_and(
                                |args| matches!(args.as_slice(), [sql] if self.trivial_sql(*sql)),
                            )
                })
        };
        n.kind() == "call"
            && matches!(self.text(method), "fetchone" | "fetchall" | "fetchmany")
            && n.child_by_field_name("arguments")
                .is_some_and(|a| named(a).is_empty())
            && matches!(self.vars.get(self.text(object)), Some(Val::Probe(i)) if self.drafts[*i].logs_in())
            && after_query()
    }

    /// Whether `name` is read in part (`row[0]`, `row.count`) anywhere in the function or
    /// module `n` is in: a part of a query's rows may not be there (`IndexError`).
    fn read_in_part(&self, n: Node, name: &str) -> bool {
        let mut scope = n;
        while let Some(p) = scope.parent() {
            scope = p;
            if p.kind() == "function_definition" {
                break;
            }
        }
        let mut found = false;
        walk(scope, &mut |c| {
            let whole = match c.kind() {
                "subscript" => c.child_by_field_name("value"),
                "attribute" => c.child_by_field_name("object"),
                _ => None,
            };
            found |= whole.is_some_and(|v| v.kind() == "identifier" && self.text(v) == name);
        });
        found
    }

    fn cursor_of_login(&self, n: Node) -> Option<usize> {
        if n.kind() != "call" {
            return None;
        }
        let function = n.child_by_field_name("function")?;
        let object = function.child_by_field_name("object")?;
        if function
            .child_by_field_name("attribute")
            .map(|a| self.text(a))
            != Some("cursor")
        {
            return None;
        }
        match self.vars.get(self.text(object)) {
            Some(Val::Probe(i)) if self.drafts[*i].logs_in() => Some(*i),
            _ => None,
        }
    }

    /// A statement of a loop's body that only waits or reports.
    fn waits_only(&self, s: Node) -> bool {
        self.is_inert_statement(s) || self.sleep_seconds(s).is_some()
    }

    /// Whether a loop's `else:` (what runs once its attempts ran out) fails the script, and
    /// does nothing else but report.
    fn fails_once_exhausted(&self, otherwise: Node) -> bool {
        self.fails(otherwise)
            && named(otherwise)
                .iter()
                .all(|s| self.is_inert_statement(*s) || self.fails_statement(*s))
    }

    /// The count of a `for … in range(N)` (or `range(a, b)`) of literal bounds.
    /// The rounds of `for … in range(N)` (or `range(A, B)`); with the count when the script
    /// reads it when it runs (`range(int(os.environ.get("RETRIES", "5")))`, `range(RETRIES)`
    /// of such a value, `range(args.retries)`), [`LATE_ROUNDS`] stands for it.
    fn range_count(&self, n: Node) -> Option<(i64, Option<Text>)> {
        let right = n.child_by_field_name("right")?;
        if right.kind() != "call"
            || right.child_by_field_name("function").map(|f| self.text(f)) != Some("range")
        {
            return None;
        }
        let args = named(right.child_by_field_name("arguments")?);
        // A whole number, as `int()` makes one: `range()` of a text or a float raises.
        // (decouple's `config("TRIES", default=5, cast=int)` too.)
        let makes_int =
            |t: &str| t.starts_with("int(") || (t.starts_with("config(") && t.contains("cast=int"));
        let int_made = |a: Node| {
            let text = self.text(a);
            makes_int(text)
                // `args.retries` of `add_argument("--retries", type=int, default=8)`.
                || self.int_argument(a).is_some()
                || (a.kind() == "identifier"
                    && (self.module_assignment(text).is_some_and(makes_int)
                        // `attempts = int(os.environ.get(…))` in the function being read.
                        || (self.numbers.contains(text)
                            && matches!(self.vars.get(text), Some(Val::Text(_))))))
        };
        let integer = |a: Node| {
            let text = self.text(a);
            text.parse::<i64>().is_ok()
                || (a.kind() == "identifier"
                    && self
                        .module_assignment(text)
                        .is_some_and(|rhs| rhs.parse::<i64>().is_ok()))
        };
        if let [arg] = args.as_slice()
            && int_made(*arg)
            && let Ok(Val::Text(t)) = self.value_any(*arg)
            && t.is_count()
        {
            return Some((LATE_ROUNDS, Some(t)));
        }
        // `range(1, attempts + 1)` (or `range(K, attempts + K)`): `attempts` rounds, counted
        // from K.
        if let [low, high] = args.as_slice()
            && let Ok(low) = self.text(*low).parse::<i64>()
            && high.kind() == "binary_operator"
            && high
                .child_by_field_name("operator")
                .is_some_and(|o| self.text(o) == "+")
            && let (Some(count), Some(offset)) = (
                high.child_by_field_name("left"),
                high.child_by_field_name("right"),
            )
            && self.text(offset).parse::<i64>() == Ok(low)
            && int_made(count)
            && let Ok(Val::Text(t)) = self.value_any(count)
            && t.is_count()
        {
            return Some((LATE_ROUNDS, Some(t)));
        }
        let bounds: Vec<i64> = args
            .iter()
            .map(|a| {
                self.int_const(*a).or_else(|| match self.value_any(*a) {
                    Ok(Val::Num(v)) if integer(*a) => Some(v as i64),
                    _ => self.text(*a).parse::<i64>().ok(),
                })
            })
            .collect::<Option<_>>()?;
        match bounds.as_slice() {
            [n] => Some((*n, None)),
            [a, b] => Some((b - a, None)),
            // `range(MAX_ATTEMPTS, 0, -1)`: as many rounds as steps fit.
            [a, b, step] if *step > 0 => Some((((b - a).max(0) + step - 1) / step, None)),
            [a, b, step] if *step < 0 => Some((((a - b).max(0) - step - 1) / -step, None)),
            _ => None,
        }
    }

    /// `for url in (PRIMARY, FALLBACK): try: if CHECK(url): sys.exit(0) except E: continue`
    /// followed by a failure: the script passes when one of the values passes, tried in
    /// order — an `any_of` probe with one alternative per value. `None` when the loop's body
    /// does not pass the script.
    fn alternatives_loop(&mut self, n: Node<'a>) -> Result<Option<Flow>, Unsupported> {
        let (Some(left), Some(right), Some(body)) = (
            n.child_by_field_name("left"),
            n.child_by_field_name("right"),
            n.child_by_field_name("body"),
        ) else {
            return Ok(None);
        };
        // `for url in (A, B):`, or `for scheme, context in (("http", None), ("https", CTX)):`.
        let names: Vec<String> = match left.kind() {
            "identifier" => vec![self.text(left).to_string()],
            "pattern_list" | "tuple_pattern" => {
                let parts = named(left);
                if parts.iter().any(|p| p.kind() != "identifier") {
                    return Ok(None);
                }
                parts.iter().map(|p| self.text(*p).to_string()).collect()
            }
            _ => return Ok(None),
        };
        if self.in_wait
            || self.in_alternatives
            || !self.passes_somewhere(body)
            || named(n).iter().any(|c| c.kind() == "else_clause")
        {
            return Ok(None);
        }
        let line = self.line(n);
        let cannot = || format!("line {line}: a loop over alternatives probekit cannot express");
        let items: Vec<Vec<Val>> = match (self.value_any(right), names.len()) {
            (Ok(Val::List(items)), 1) if items.len() >= 2 => {
                items.into_iter().map(|t| vec![Val::Text(t)]).collect()
            }
            (Ok(Val::Rows(rows)), k)
                if k > 1 && rows.len() >= 2 && rows.iter().all(|r| r.len() == k) =>
            {
                rows
            }
            _ => return Err(cannot()),
        };
        if self.may_fail_inside(body, false) {
            return Err(cannot());
        }
        // A request that raises outside a `try` ends the script there: the alternatives after
        // it are never tried, which `any_of` would try.
        let unguarded = self.requests_in(body).iter().any(|(call, _)| {
            let mut at = *call;
            while let Some(p) = at.parent() {
                if p.id() == body.id() {
                    return true;
                }
                if p.kind() == "try_statement" {
                    return false;
                }
                at = p;
            }
            true
        });
        if unguarded {
            return Err(cannot());
        }
        let saved: Vec<(String, Option<Val>)> = names
            .iter()
            .map(|v| (v.clone(), self.vars.get(v).cloned()))
            .collect();
        let before = self.drafts.len();
        let mut outcome = Ok(());
        self.in_alternatives = true;
        for item in items {
            for (var, value) in names.iter().zip(item) {
                self.vars.insert(var.clone(), value);
            }
            let made = self.drafts.len();
            let flow = self.block(body);
            outcome = self.one_alternative(flow, made, &cannot);
            if outcome.is_err() {
                break;
            }
        }
        self.in_alternatives = false;
        self.unbind(saved);
        outcome?;
        if !self.fails_afterwards() {
            return Err(cannot());
        }
        self.any_of_since(before).ok_or_else(cannot)?;
        Ok(Some(Flow::Passed))
    }

    /// Whether a loop's body may fail the script, or leave the loop, on its own: `raise`,
    /// `sys.exit(1…3)`, `return 1`/`False` from main, `break` (and `continue`, which skips
    /// the rest of an attempt, when `continue_too`). What follows a failed attempt must be
    /// the next one.
    fn may_fail_inside(&self, body: Node, continue_too: bool) -> bool {
        // `raise SystemExit(0)` (or bare `raise SystemExit`) passes the script, as
        // `sys.exit(0)` does.
        let mut text = self.text(body).to_string();
        let mut stack = vec![body];
        while let Some(n) = stack.pop() {
            if n.kind() == "raise_statement" && self.exit_of(n) == Some(Some(0)) {
                text = text.replacen(self.text(n), "", 1);
            }
            stack.extend(named(n));
        }
        [
            "raise",
            "exit(1",
            "exit(2",
            "exit(3",
            "return 1",
            "return False",
            "break",
        ]
        .iter()
        .any(|t| text.contains(t))
            || (continue_too && text.contains("continue"))
            // `sys.exit(f"HTTP {code}")`, `exit(4)`: any status but 0.
            || self.fails_inside(body)
    }

    /// Whether a statement under `n` passes the script (`sys.exit(0)`, `return 0` from main).
    fn passes_somewhere(&self, n: Node) -> bool {
        self.exit_of(n) == Some(Some(0)) || named(n).iter().any(|c| self.passes_somewhere(*c))
    }

    /// A loop's body as one attempt of the script's checks, repeated as `bound` says: an
    /// attempt that passes ends the script with a pass, one that fails only leads to the next
    /// (after the loop's sleeps), and the script fails once the loop ends.
    fn repeat(&mut self, n: Node<'a>, body: Node<'a>, bound: Repeat) -> Result<Flow, Unsupported> {
        let line = self.line(n);
        let cannot = || format!("line {line}: a retry loop probekit cannot express");
        if let Repeat::Attempts(attempts) = &bound
            && *attempts < 1
        {
            return Err(cannot());
        }
        // An attempt that fails must only lead to the next one, and a check that raises
        // ends the script instead (`urlopen` refused, outside a `try` that turns it into a
        // value): retries would try again.
        if self.may_fail_inside(body, true) || self.raises_out_of(named(body)) {
            return Err(cannot());
        }
        let mut delay = 0.0;
        let mut raising_pause = None;
        let mut sleeps = vec![body];
        while let Some(node) = sleeps.pop() {
            if node.kind() == "expression_statement"
                && let Some(secs) = self.sleep_seconds(node)
            {
                // A pause in an `except` spaces only the attempts that raise: every failed
                // attempt must (`requests` answers a 503 without raising, and its next attempt
                // follows at once), but under a deadline, where the suite tries as often as
                // the shortest pause says.
                let mut at = node.parent();
                let mut uneven = false;
                while let Some(p) = at.filter(|p| p.id() != body.id()) {
                    uneven |= p.kind() == "except_clause"
                        && p.parent()
                            .and_then(|t| t.child_by_field_name("body"))
                            .is_none_or(|b| self.fails_without_raising(b));
                    at = p.parent();
                }
                match (uneven, &bound) {
                    (false, _) => delay += secs,
                    (true, Repeat::Until(_)) => {}
                    // Counted attempts keep the script's patience for what raises (a target
                    // not up yet): the suite pauses after every failed attempt, and says so.
                    (true, Repeat::Attempts(_)) => {
                        delay += secs;
                        raising_pause = Some((self.line(node), secs));
                    }
                }
            }
            sleeps.extend(named(node));
        }
        let before = self.drafts.len();
        let outer = std::mem::replace(&mut self.in_attempt, true);
        let flow = self.block(body);
        self.in_attempt = outer;
        let flow = flow?;
        if flow != Flow::Passed || !self.fails_afterwards() || self.drafts.len() == before {
            return Err(cannot());
        }
        if let Some((at, secs)) = raising_pause {
            self.raising_pause(at, secs);
        }
        for d in &mut self.drafts[before..] {
            match &bound {
                Repeat::Attempts(attempts) => {
                    if !d.tried(*attempts, delay) {
                        return Err(cannot());
                    }
                }
                Repeat::Until(until) => self.warnings.extend(super::formula::wait_for(
                    d,
                    Some(until.until()),
                    delay,
                    None,
                    line,
                )),
            }
        }
        Ok(Flow::Passed)
    }

    /// The warning for a pause of `secs` that only attempts raising make (one in an `except`),
    /// which the suite makes after every failed attempt.
    fn raising_pause(&mut self, line: usize, secs: f64) {
        let secs = super::naming::seconds(&secs.to_string());
        self.warnings.push(Warning {
            line,
            message: format!(
                "the script pauses {secs} only after an attempt that raises (refused, timed out, an error status); one that fails without raising is tried again at once, where the suite pauses {secs} after every failed attempt"
            ),
        });
    }

    /// `while attempt < 5:` with `attempt += 1` in the body (a counter), or `while time.time()
    /// < deadline:` (a deadline): the loop repeats its checks until they pass or the bound is
    /// reached. `None` for a loop of another form.
    fn bounded_while(&mut self, n: Node<'a>) -> Result<Option<Flow>, Unsupported> {
        let (Some(cond), Some(body)) = (
            n.child_by_field_name("condition"),
            n.child_by_field_name("body"),
        ) else {
            return Ok(None);
        };
        // `while … else: sys.exit(1)`: the `else` runs when the loop ran out, and must fail.
        let otherwise = named(n)
            .into_iter()
            .find(|c| c.kind() == "else_clause")
            .and_then(|e| e.child_by_field_name("body"));
        if self.in_wait
            || self.counter.is_some()
            || otherwise.is_some_and(|o| !self.fails_once_exhausted(o))
        {
            return Ok(None);
        }
        let mut cond = cond;
        while cond.kind() == "parenthesized_expression" {
            match named(cond).first() {
                Some(inner) => cond = *inner,
                None => return Ok(None),
            }
        }
        if let Some(until) = self.deadline(cond) {
            // `while time.time() - start < T: try: CHECK; break; except …: …; sleep(1)` (or
            // `sys.exit(0)` for `break`).
            if self.breaks_here(body) || self.passes_somewhere(body) {
                self.exhaustion_fails = otherwise.is_some();
                let attempt = self.attempt_loop(n, body, Some(Repeat::Until(until.clone())));
                self.exhaustion_fails = false;
                match attempt {
                    Ok(flow) => return Ok(Some(flow)),
                    Err(Some(e)) => return Err(e),
                    Err(None) => {}
                }
            }
            if otherwise.is_some() {
                return Ok(None);
            }
            return self.repeat(n, body, Repeat::Until(until)).map(Some);
        }
        if otherwise.is_some() {
            return Ok(None);
        }
        let Some((counter, attempts)) = self.counted(cond, body) else {
            return Ok(None);
        };
        // `while attempt < 30: try: CHECK; return True; except …: attempt += 1; …`: one
        // attempt that leaves the loop (or passes the script), counted in its handler.
        if self.breaks_here(body) || self.passes_somewhere(body) {
            match self.attempt_loop(n, body, Some(Repeat::Attempts(attempts))) {
                Ok(flow) => return Ok(Some(flow)),
                Err(Some(e)) => return Err(e),
                Err(None) => {}
            }
        }
        self.counter = Some(counter);
        let flow = self.repeat(n, body, Repeat::Attempts(attempts));
        self.counter = None;
        flow.map(Some)
    }

    /// The seconds a loop condition allows from now: `time.time() < deadline` (`deadline =
    /// time.time() + 60`), `time.time() - start < 60` (`start = time.time()`).
    fn deadline(&self, cond: Node) -> Option<Deadline> {
        if cond.kind() != "comparison_operator" || !self.claim_clocks(cond) {
            return None;
        }
        let parts = named(cond);
        let [left, right] = parts.as_slice() else {
            return None;
        };
        if !matches!(self.text(cond.child(1)?), "<" | "<=") {
            return None;
        }
        let mut left = *left;
        while left.kind() == "parenthesized_expression" {
            left = *named(left).first()?;
        }
        match (self.clock(left)?, self.value_any(*right).ok()?) {
            // now < start + T
            (Val::Clock(0.0), Val::Clock(t)) if t > 0.0 => Some(Deadline::Secs(t)),
            (Val::Clock(0.0), Val::LateClock(t)) => Some(Deadline::Late(t)),
            // now - start < T
            (Val::Num(elapsed), Val::Num(t)) if elapsed == 0.0 && t > 0.0 => {
                Some(Deadline::Secs(t))
            }
            // now - start < args.timeout: the caller's seconds, read as a number (a text
            // would make the comparison raise).
            (Val::Num(elapsed), Val::Text(t))
                if elapsed == 0.0
                    && t.as_literal().is_none()
                    && matches!(t.0.as_slice(), [Piece::Var(..)])
                    && self.reads_number(*right) =>
            {
                Some(Deadline::Late(t))
            }
            _ => None,
        }
    }

    /// Claims for the loop around `n` the clock variables `n` reads; false where another loop
    /// of the script has claimed one (see [`Py::clocks_used`]).
    fn claim_clocks(&self, n: Node) -> bool {
        let mut lp = Some(n);
        while let Some(x) = lp
            && !matches!(x.kind(), "for_statement" | "while_statement")
        {
            lp = x.parent();
        }
        let at = (lp.map_or(n.start_byte(), |l| l.start_byte()), self.call_id);
        let mut names = Vec::new();
        walk(n, &mut |c| {
            if c.kind() == "identifier"
                && matches!(
                    self.vars.get(self.text(c)),
                    Some(Val::Clock(_) | Val::LateClock(_))
                )
            {
                names.push(self.text(c).to_string());
            }
        });
        let waited_since = |name: &String| {
            self.clock_bound_at.get(name).is_some_and(|at| {
                self.drafts.get(*at..).is_some_and(|made| {
                    made.iter().any(|d| d.wait.is_some() || d.retries.is_some())
                })
            })
        };
        if names.iter().any(waited_since) {
            return false;
        }
        let mut used = self.clocks_used.borrow_mut();
        if names
            .iter()
            .any(|name| used.get(name).is_some_and(|k| *k != at))
        {
            return false;
        }
        for name in names {
            used.insert(name, at);
        }
        true
    }

    /// Whether `n` reads a number the caller gives: `int(…)`/`float(…)` of it, or an argparse
    /// option of `type=int` or `float`.
    /// The limit a measure is compared with: a number, or (`Err`) the caller's value read as
    /// one (`int(os.environ.get("MAX_AGE", "60"))`), which the probe reads when it runs.
    fn measure_limit(&self, n: Node) -> Option<Result<f64, Text>> {
        match self.value_any(n).ok()? {
            Val::Num(v) => Some(Ok(v)),
            Val::Text(k) if matches!(k.0.as_slice(), [Piece::Var(..)]) && self.reads_number(n) => {
                Some(Err(k))
            }
            _ => None,
        }
    }

    fn reads_number(&self, n: Node) -> bool {
        match n.kind() {
            "call" => match self.callee(n).as_str() {
                "int" | "float" => true,
                "decouple.config" => {
                    let t = self.text(n);
                    t.contains("cast=int") || t.contains("cast=float")
                }
                _ => false,
            },
            "identifier" => self.numbers.contains(self.text(n)),
            // `int(sys.argv[3]) if len(sys.argv) > 3 else 60`: a number either way.
            "conditional_expression" => {
                let parts = named(n);
                let number =
                    |b: &Node| matches!(b.kind(), "integer" | "float") || self.reads_number(*b);
                parts.len() == 3 && number(&parts[0]) && number(&parts[2])
            }
            "attribute" => n.child_by_field_name("attribute").is_some_and(|a| {
                self.arguments
                    .iter()
                    .any(|arg| arg.dest == self.text(a) && arg.numeric)
            }),
            _ => false,
        }
    }

    /// `time.time()` as `Clock(0)`, `time.time() + T` as `Clock(T)`, `time.time() - start`
    /// (start a `Clock(0)`) as the seconds since the start, `Num(0)`.
    fn clock(&self, n: Node) -> Option<Val> {
        const NOW: [&str; 3] = ["time.time", "time.monotonic", "time.perf_counter"];
        match n.kind() {
            "call" if self.is_call_to(n, &NOW) => Some(Val::Clock(0.0)),
            // `int(time.time())`: whole seconds, as `int(p.stat().st_mtime)` beside it.
            "call" if self.is_call_to(n, &["int", "float"]) => {
                match named(n.child_by_field_name("arguments")?).as_slice() {
                    [x] if x.kind() != "keyword_argument" => match self.clock(*x)? {
                        Val::Clock(0.0) => Some(Val::Clock(0.0)),
                        _ => None,
                    },
                    _ => None,
                }
            }
            "identifier" => match self.vars.get(self.text(n)) {
                Some(Val::Clock(t)) => Some(Val::Clock(*t)),
                Some(Val::LateClock(t)) => Some(Val::LateClock(t.clone())),
                _ => None,
            },
            "binary_operator" => {
                let (l, r) = (
                    n.child_by_field_name("left")?,
                    n.child_by_field_name("right")?,
                );
                let op = self.text(n.child_by_field_name("operator")?);
                match (op, self.clock(l)?) {
                    ("+", Val::Clock(t)) => match self.value_any(r).ok()? {
                        Val::Num(k) => Some(Val::Clock(t + k)),
                        // The caller's seconds, read as a number (text would raise).
                        Val::Text(k)
                            if t == 0.0
                                && matches!(k.0.as_slice(), [Piece::Var(..)])
                                && self.reads_number(r) =>
                        {
                            Some(Val::LateClock(k))
                        }
                        _ => None,
                    },
                    ("-", Val::Clock(0.0)) => match self.clock(r)? {
                        Val::Clock(0.0) => Some(Val::Num(0.0)),
                        _ => None,
                    },
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// `counter OP limit` (or `limit OP counter`) with both known, and one update of the
    /// counter by a constant step in the body: the counter's name and the number of times the
    /// loop runs.
    fn counted(&self, cond: Node, body: Node) -> Option<(String, i64)> {
        if cond.kind() != "comparison_operator" {
            return None;
        }
        let parts = named(cond);
        let [left, right] = parts.as_slice() else {
            return None;
        };
        let op = self.text(cond.child(1)?);
        let num = |n: Node| match self.value_any(n) {
            Ok(Val::Num(v)) => Some(v),
            _ => None,
        };
        // `while i in range(100):` with `i` counted from 0: `i < 100`.
        if op == "in"
            && left.kind() == "identifier"
            && right.kind() == "call"
            && right.child_by_field_name("function").map(|f| self.text(f)) == Some("range")
        {
            let bounds: Vec<f64> = named(right.child_by_field_name("arguments")?)
                .iter()
                .map(|a| self.text(*a).parse::<f64>().ok())
                .collect::<Option<_>>()?;
            let (low, high) = match bounds.as_slice() {
                [h] => (0.0, *h),
                [l, h] => (*l, *h),
                _ => return None,
            };
            if num(*left)? < low {
                return None;
            }
            return self.count_runs(self.text(*left), num(*left)?, high, "<", false, body);
        }
        let (counter, start, limit, flipped) = match (left.kind(), right.kind()) {
            ("identifier", _) if !self.names_in(*right).contains(&self.text(*left)) => {
                (self.text(*left), num(*left)?, num(*right)?, false)
            }
            (_, "identifier") => (self.text(*right), num(*right)?, num(*left)?, true),
            _ => return None,
        };
        self.count_runs(counter, start, limit, op, flipped, body)
    }

    /// The names an expression reads (`max_attempts`, not the `attempt` inside it).
    fn names_in(&self, n: Node) -> Vec<&str> {
        let mut out = Vec::new();
        walk(n, &mut |c| {
            if c.kind() == "identifier" {
                out.push(self.text(c));
            }
        });
        out
    }

    /// [`Self::counted`] for a counter compared to `limit`: its runs.
    fn count_runs(
        &self,
        counter: &str,
        start: f64,
        limit: f64,
        op: &str,
        flipped: bool,
        body: Node,
    ) -> Option<(String, i64)> {
        let mut step = None;
        let mut updates = 0;
        // The handlers a step is in: each of a `try`'s handlers may count the failed round
        // once (`except OperationalError: n += 1 …`, `except Exception: n += 1 …`).
        let mut handlers: Vec<(Option<usize>, Option<usize>)> = Vec::new();
        let mut stack = vec![body];
        while let Some(node) = stack.pop() {
            if let Some(k) = self.counter_step(node, counter) {
                updates += 1;
                if step.is_some_and(|s| s != k) {
                    return None;
                }
                step = Some(k);
                let mut at = node.parent();
                while let Some(p) =
                    at.filter(|p| p.id() != body.id() && p.kind() != "except_clause")
                {
                    at = p.parent();
                }
                let handler = at.filter(|p| p.kind() == "except_clause");
                handlers.push((
                    handler.map(|h| h.id()),
                    handler.and_then(|h| h.parent()).map(|t| t.id()),
                ));
            } else if matches!(node.kind(), "assignment" | "augmented_assignment")
                && node
                    .child_by_field_name("left")
                    .is_some_and(|l| self.text(l) == counter)
            {
                return None;
            }
            stack.extend(named(node));
        }
        // (Each in a handler of the same `try`, no two in one.)
        let mut seen = HashSet::new();
        let one_a_round = updates == 1
            || handlers
                .iter()
                .all(|(h, t)| h.is_some() && *t == handlers[0].1 && seen.insert(*h));
        let step = step.filter(|k| *k != 0.0 && one_a_round)?;
        self.runs(counter, start, limit, op, flipped, step)
    }

    fn runs(
        &self,
        counter: &str,
        start: f64,
        limit: f64,
        op: &str,
        flipped: bool,
        step: f64,
    ) -> Option<(String, i64)> {
        let holds = |v: f64| {
            let (a, b) = if flipped { (limit, v) } else { (v, limit) };
            match op {
                "<" => a < b,
                "<=" => a <= b,
                ">" => a > b,
                ">=" => a >= b,
                "!=" => a != b,
                _ => false,
            }
        };
        let mut v = start;
        let mut runs = 0;
        while holds(v) {
            runs += 1;
            if runs > 100_000 {
                return None;
            }
            v += step;
        }
        Some((counter.to_string(), runs))
    }

    /// `n += 2`, `n -= 1`, `n = n + 1`: the step, when `node` updates `counter` so.
    fn counter_step(&self, node: Node, counter: &str) -> Option<f64> {
        let left = node.child_by_field_name("left")?;
        let right = node.child_by_field_name("right")?;
        if self.text(left) != counter {
            return None;
        }
        let number = |n: Node| match self.value_any(n) {
            Ok(Val::Num(v)) => Some(v),
            _ => None,
        };
        match node.kind() {
            "augmented_assignment" => {
                let k = number(right)?;
                match self.text(node.child_by_field_name("operator")?) {
                    "+=" => Some(k),
                    "-=" => Some(-k),
                    _ => None,
                }
            }
            "assignment" if right.kind() == "binary_operator" => {
                let (l, r) = (
                    right.child_by_field_name("left")?,
                    right.child_by_field_name("right")?,
                );
                if self.text(l) != counter {
                    return None;
                }
                let k = number(r)?;
                match self.text(right.child_by_field_name("operator")?) {
                    "+" => Some(k),
                    "-" => Some(-k),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Whether `e` updates the counter of the loop being read.
    fn updates_counter(&self, e: Node) -> bool {
        self.counter
            .as_deref()
            .is_some_and(|c| self.counter_step(e, c).is_some())
    }

    /// `except SystemExit: raise` (or `raise e` of its `as e`, or the NETWAYS plugins'
    /// `raise sys.exc_info()[1].with_traceback(sys.exc_info()[2])`): a handler of the exit
    /// alone that sends it on unchanged, so that the body's `sys.exit(…)` is the script's.
    fn reraises_exit(&self, clause: Node) -> bool {
        if self.caught_classes(clause) != Some("SystemExit") {
            return false;
        }
        let alias = self.caught_name(clause);
        let Some(block) = named(clause).into_iter().find(|c| c.kind() == "block") else {
            return false;
        };
        let statements: Vec<Node> = named(block)
            .into_iter()
            .filter(|s| s.kind() != "comment")
            .collect();
        let [raise] = statements.as_slice() else {
            return false;
        };
        if raise.kind() != "raise_statement" {
            return false;
        }
        let raised = self
            .text(*raise)
            .trim_start_matches("raise")
            .replace([' ', '\t'], "");
        raised.is_empty()
            || alias.is_some_and(|a| raised == a)
            || raised == "sys.exc_info()[1].with_traceback(sys.exc_info()[2])"
            || raised == "sys.exc_info()[1]"
    }

    /// An `except` that also catches `sys.exit()`: bare, `BaseException` or `SystemExit`.
    fn catches_exit(&self, clause: Node) -> bool {
        self.caught_classes(clause)
            .is_none_or(|t| t.contains("BaseException") || t.contains("SystemExit"))
    }

    /// What an `except` clause names, without its `as` alias (`(OSError, ValueError)`,
    /// `requests.RequestException`); `None` for a bare `except:`, which catches everything.
    /// Whether a function's body is a wait and nothing else: statements that bind names, one
    /// loop, the only place a `return` is (a bare one, `return True` or `return None`), and
    /// after it statements that end with a failing exit. No exit in it may pass the script,
    /// and it calls none of the script's functions (whose exits would be the script's).
    fn wait_function(&self, body: Node<'a>) -> bool {
        let statements: Vec<Node> = named(body)
            .into_iter()
            .filter(|s| s.kind() != "comment")
            .collect();
        let Some(at) = statements
            .iter()
            .position(|s| matches!(s.kind(), "while_statement" | "for_statement"))
        else {
            return false;
        };
        let (before, rest) = statements.split_at(at);
        let (the_loop, after) = (rest[0], &rest[1..]);
        let imports = |b: Node| {
            named(b).iter().all(|s| {
                matches!(
                    s.kind(),
                    "import_statement" | "import_from_statement" | "comment"
                )
            })
        };
        // `try: import asyncpg` / `except ImportError: raise SystemExit("install it")`: the
        // module, or a failure.
        let import_or_fail = |s: &Node| {
            s.kind() == "try_statement"
                && s.child_by_field_name("body").is_some_and(imports)
                && named(*s).into_iter().all(|c| match c.kind() {
                    "block" => true,
                    "except_clause" => {
                        handles_import_errors(self.text(c))
                            && named(c)
                                .into_iter()
                                .find(|b| b.kind() == "block")
                                .and_then(|b| named(b).last().copied())
                                .is_some_and(|last| {
                                    self.exit_of(last)
                                        .is_some_and(|v| v.is_some_and(|v| v != 0))
                                })
                    }
                    _ => false,
                })
        };
        let binds_only = |s: &Node| {
            (s.kind() == "expression_statement"
                && named(*s).first().is_some_and(|e| e.kind() == "assignment")
                && !self.text(*s).contains("return"))
                || matches!(s.kind(), "import_statement" | "import_from_statement")
                || import_or_fail(s)
        };
        let fails_last = after.last().is_some_and(|last| {
            self.exit_of(*last)
                .is_some_and(|v| v.is_some_and(|v| v != 0))
                || (last.kind() == "raise_statement" && self.uncaught_raise(*last))
        });
        if !before.iter().all(binds_only) || !fails_last {
            return false;
        }
        let mut fine = true;
        walk(body, &mut |n| match n.kind() {
            "return_statement" => {
                let inside =
                    n.start_byte() >= the_loop.start_byte() && n.end_byte() <= the_loop.end_byte();
                fine &= inside && self.returns_a_pass(n) && named(n).len() <= 1;
            }
            "yield" | "function_definition" | "lambda" if n.id() != body.id() => {
                fine = false;
            }
            // (A helper whose body is one `return` is read as its value, and ends nothing.)
            "call"
                if self.functions.contains_key(self.callee(n).as_str())
                    && self.returning_function(n).is_none() =>
            {
                fine = false;
            }
            _ => {}
        });
        fine && self
            .exit_statuses(body)
            .into_iter()
            .all(|v| v.is_some_and(|v| v != 0))
    }

    /// `break`, or a `return` that passes, in a wait loop: the loop's end once its check
    /// passed (see `wait_loop`).
    fn leaves_wait(&self, s: Node) -> bool {
        self.in_wait
            && match s.kind() {
                "break_statement" => true,
                "return_statement" => self.returns_a_pass(s),
                _ => false,
            }
    }

    /// Whether the script closes `name` (`name.close()`) anywhere before `at`.
    fn closed_before(&self, name: &str, at: Node) -> bool {
        let Some(root) = self.root else { return true };
        let close = format!("{name}.close");
        let mut found = false;
        walk(root, &mut |c| {
            found |=
                c.kind() == "call" && c.start_byte() < at.start_byte() && self.callee(c) == close;
        });
        found
    }

    /// Whether a handler of `attempt` takes every failure of the checks in its body that may
    /// pass when tried again: every exception; `OSError` around urllib, sockets and requests
    /// (whose errors are `OSError`s); a database driver's `OperationalError` or base class
    /// around its connect; requests' `RequestException`.
    fn goes_on_for_what_may_pass(&self, clause: Node, attempt: Node) -> bool {
        let Some(classes) = self.caught_classes(clause) else {
            return true;
        };
        let tried = self.text(try_body_of(attempt).unwrap_or(attempt));
        let driver = ["psycopg2.", "psycopg.", "pymysql.", "MySQLdb."]
            .iter()
            .any(|d| tried.contains(d));
        let other_library = [
            "asyncpg.",
            "redis",
            "Mongo",
            "mysql.connector",
            "pika",
            "httpx",
        ]
        .iter()
        .any(|d| tried.contains(d));
        class_names(classes).any(|class| {
            matches!(class, "Exception" | "BaseException")
                || (!driver && !other_library && matches!(class, "OSError" | "IOError"))
                || (driver
                    && !other_library
                    && matches!(
                        class,
                        "OperationalError" | "Error" | "DatabaseError" | "MySQLError"
                    ))
                || (class == "RequestException" && !driver && !other_library)
        })
    }

    /// The first of the script's own functions a call calls in its arguments
    /// (`print("up" if wait_ready(url) else "down")`: `wait_ready`).
    fn own_function_in(&self, call: Node) -> Option<&'a str> {
        let mut own = None;
        walk(call, &mut |c| {
            if own.is_none()
                && c.kind() == "call"
                && c.id() != call.id()
                && let Some(g) = c.child_by_field_name("function")
                && self.functions.contains_key(self.text(g))
            {
                own = Some(self.text(g));
            }
        });
        own
    }

    /// Whether `n` may end the script with a failure: an exit of a status other than 0, or a
    /// `raise` of anything but `SystemExit` of 0.
    fn fails_inside(&self, n: Node) -> bool {
        self.exit_statuses(n).into_iter().any(|v| v != Some(0))
    }

    /// The status of each exit under `n` (`sys.exit(…)`, `exit`, `quit`, `os._exit`, a
    /// `raise`: see [`Py::exit_of`]); `None` for one the script computes.
    fn exit_statuses(&self, n: Node) -> Vec<Option<i64>> {
        let mut out = Vec::new();
        walk(n, &mut |c| match c.kind() {
            "call"
                if matches!(
                    self.callee(c).as_str(),
                    "sys.exit" | "exit" | "quit" | "os._exit"
                ) =>
            {
                out.push(self.exit_value(c));
            }
            "raise_statement" => out.extend(self.exit_of(c)),
            _ => {}
        });
        out
    }

    /// Whether `n` loops or sleeps, itself or in a function of the script it calls (`depth`
    /// calls deep; deeper counts as waiting).
    fn waits_within(&self, n: Node, depth: usize) -> bool {
        let mut found = false;
        walk(n, &mut |c| {
            if found {
                return;
            }
            found |= matches!(c.kind(), "while_statement" | "for_statement")
                || (c.kind() == "call"
                    && matches!(self.callee(c).as_str(), "time.sleep" | "sleep"));
            if c.kind() == "call"
                && let Some(def) = c
                    .child_by_field_name("function")
                    .and_then(|f| self.functions.get(self.text(f)))
            {
                found |= depth == 0 || self.waits_within(*def, depth - 1);
            }
        });
        found
    }

    /// Whether every assignment to `name` in the script is a call of `callee` (and no `with …
    /// as name`, `for name in …` or `except … as name` binds it).
    fn bound_only_by(&self, name: &str, callee: &str) -> bool {
        let mut bound = 0;
        let mut all = true;
        let Some(root) = self.root else { return false };
        walk(root, &mut |c| {
            let other = match c.kind() {
                "as_pattern" => c.child_by_field_name("alias"),
                "for_statement" => c.child_by_field_name("left"),
                _ => None,
            };
            if other.is_some_and(|o| self.names_in(o).contains(&name)) {
                all = false;
            }
            if c.kind() != "assignment" && c.kind() != "augmented_assignment" {
                return;
            }
            let Some(left) = c.child_by_field_name("left") else {
                return;
            };
            let names = self.names_in(left);
            if !names.contains(&name) {
                return;
            }
            bound += 1;
            all &= left.kind() == "identifier"
                && c.child_by_field_name("right")
                    .is_some_and(|r| r.kind() == "call" && self.callee(r) == callee);
        });
        bound > 0 && all
    }

    /// Whether `n` is the name an enclosing `except … as name:` binds (the error it caught).
    fn is_caught_error(&self, n: Node) -> bool {
        if n.kind() != "identifier" {
            return false;
        }
        let mut up = n.parent();
        while let Some(p) = up {
            if p.kind() == "except_clause" {
                let bound = named(p)
                    .into_iter()
                    .filter(|c| c.kind() == "as_pattern")
                    .find_map(|c| c.child_by_field_name("alias"));
                return bound.is_some_and(|b| self.text(b) == self.text(n));
            }
            if p.kind() == "function_definition" {
                return false;
            }
            up = p.parent();
        }
        false
    }

    fn caught_classes(&self, clause: Node) -> Option<&'a str> {
        let what = named(clause).into_iter().find(|c| c.kind() != "block")?;
        let t = self.text(what);
        Some(t.split(" as ").next().unwrap_or(t).trim())
    }

    /// Whether `n` may end the script: a `sys.exit()`, `os._exit()`, a `SystemExit`, or a call
    /// of one of the script's functions that may.
    fn may_exit(&self, n: Option<Node>, depth: usize) -> bool {
        let Some(n) = n else { return false };
        let text = self.text(n);
        if depth > 8 || text.contains("exit(") || text.contains("SystemExit") {
            return true;
        }
        self.functions.iter().any(|(name, def)| {
            text.contains(&format!("{name}(")) && self.may_exit(Some(*def), depth + 1)
        })
    }

    /// `time.sleep(N)` with N known: the seconds.
    fn sleep_seconds(&self, s: Node) -> Option<f64> {
        if let Some(sleep) = self.between_rounds_sleep(s) {
            return self.sleep_seconds(sleep);
        }
        let call = named(s).into_iter().next().filter(|c| c.kind() == "call")?;
        if self.callee(call) != "time.sleep" {
            return None;
        }
        self.sleep_call_seconds(call)
    }

    /// The seconds of `time.sleep(N)`: written, or a default the environment may change.
    fn sleep_call_seconds(&self, call: Node) -> Option<f64> {
        let arg = named(call.child_by_field_name("arguments")?)
            .into_iter()
            .next()?;
        let value = self.value(arg).ok()?;
        // `time.sleep(PAUSE)` of `PAUSE = int(os.getenv("RETRY_INTERVAL", "2"))`: the default,
        // said on the line, since the environment may give another.
        if let [Piece::Var(name, Some(default))] = value.0.as_slice() {
            // Text where the variable is set (`os.getenv("D", "2")` without `int()`) is a
            // TypeError in `time.sleep`.
            let t = self.text(arg);
            let number = t.starts_with("int(")
                || t.starts_with("float(")
                || (arg.kind() == "identifier"
                    && (self.numbers.contains(t) || self.assigned_by_conversion(t)));
            if !number {
                return None;
            }
            let pause: f64 = default.parse().ok().filter(|v: &f64| *v >= 0.0)?;
            self.late_timeouts.borrow_mut().push(Warning {
                line: self.line(call),
                message: format!(
                    "the pause is the environment's `{name}` ({default}s unless set); the suite's is {default}s: where it is set, set `retry_delay:` (or `wait.every`)"
                ),
            });
            return Some(pause);
        }
        // `time.sleep(args.interval)` of `add_argument("--interval", type=int, default=1)`.
        if let [Piece::Var(name, None)] = value.0.as_slice()
            && let Some(arg) = self.arguments.iter().find(|a| a.dest == *name && a.numeric)
        {
            let default = arg.default.as_deref()?;
            let pause: f64 = default.parse().ok().filter(|v: &f64| *v >= 0.0)?;
            let flag = arg.flags.first().cloned().unwrap_or_else(|| name.clone());
            self.late_timeouts.borrow_mut().push(Warning {
                line: self.line(call),
                message: format!(
                    "the pause is the caller's `{flag}` ({default}s unless given); the suite's is {default}s: where it is given, set `retry_delay:` (or `wait.every`)"
                ),
            });
            return Some(pause);
        }
        // A number, not text that reads as one: `time.sleep("2")` is a TypeError.
        self.num_const(arg).filter(|v| *v >= 0.0)
    }

    /// `if attempt < retries - 1: time.sleep(delay)` (`attempt + 1 < retries`, `attempt !=
    /// retries - 1`) in `for attempt in range(retries)`: a sleep in every round but the last,
    /// which is what a probe's delay between its attempts is. The sleep's statement.
    fn between_rounds_sleep(&self, s: Node<'a>) -> Option<Node<'a>> {
        if s.kind() != "if_statement"
            || named(s)
                .iter()
                .any(|c| matches!(c.kind(), "elif_clause" | "else_clause"))
        {
            return None;
        }
        let body = s.child_by_field_name("consequence")?;
        let stmts: Vec<Node> = named(body)
            .into_iter()
            .filter(|c| c.kind() != "comment")
            .collect();
        let mut sleeps = stmts.iter().filter(|st| {
            named(**st)
                .first()
                .is_some_and(|c| c.kind() == "call" && self.callee(*c) == "time.sleep")
        });
        let sleep = *sleeps.next()?;
        if sleeps.next().is_some()
            || !stmts
                .iter()
                .all(|st| st.id() == sleep.id() || self.is_inert_statement(*st))
        {
            return None;
        }
        // The loop it is in, directly: `for VAR in range(…)`.
        let mut up = s.parent();
        let looped = loop {
            let p = up?;
            match p.kind() {
                "for_statement" => break p,
                "block" | "if_statement" | "try_statement" | "else_clause" | "except_clause" => {
                    up = p.parent()
                }
                _ => return None,
            }
        };
        let (var, low, high, None) = self.range_rounds(looped)? else {
            return None;
        };
        let var = var.as_str();
        if high - low > 1000 {
            return None;
        }
        // The condition's two sides for one round: whole numbers of VAR, constants and sums.
        let cond = s.child_by_field_name("condition")?;
        if cond.kind() != "comparison_operator" {
            return None;
        }
        let [left, right] = named(cond)[..] else {
            return None;
        };
        let op = self.operator_of(cond);
        fn eval(py: &Py, n: Node, var: &str, at: i64) -> Option<i64> {
            match n.kind() {
                "identifier" if py.text(n) == var => Some(at),
                "parenthesized_expression" => eval(py, named(n).into_iter().next()?, var, at),
                "binary_operator" => {
                    let l = eval(py, n.child_by_field_name("left")?, var, at)?;
                    let r = eval(py, n.child_by_field_name("right")?, var, at)?;
                    match py.text(n.child_by_field_name("operator")?) {
                        "+" => l.checked_add(r),
                        "-" => l.checked_sub(r),
                        _ => None,
                    }
                }
                _ => py.whole_number(n),
            }
        }
        let holds = |at: i64| -> Option<bool> {
            let l = eval(self, left, var, at)?;
            let r = eval(self, right, var, at)?;
            Some(match op.as_str() {
                "<" => l < r,
                "<=" => l <= r,
                ">" => l > r,
                ">=" => l >= r,
                "!=" => l != r,
                _ => return None,
            })
        };
        for at in low..high {
            if holds(at)? != (at < high - 1) {
                return None;
            }
        }
        Some(sleep)
    }

    /// A call that makes a probe; its index in the drafts.
    fn probe_call(&mut self, call: Node<'a>) -> Result<Option<usize>, Unsupported> {
        let made = self.probe_call_made(call)?;
        if let Some(i) = made
            && matches!(self.drafts[i].check, Check::Http { .. })
        {
            self.drafts[i].give_up = self.escaping_after_sent(call)?;
        }
        Ok(made)
    }

    /// Whether the script defines a class of this name anywhere (which then takes the
    /// library's place in a handler).
    fn defines_class(&self, name: &str) -> bool {
        let Some(root) = self.root else { return true };
        let mut found = false;
        walk(root, &mut |n| {
            found |= n.kind() == "class_definition"
                && n.child_by_field_name("name")
                    .is_some_and(|x| self.text(x) == name);
        });
        found
    }

    /// The failures after the request `call` makes is sent that raise past every handler
    /// around it in its function, and so end a loop that tries it: urllib's `urlopen` raises
    /// a read that times out (`TimeoutError`), a connection dropped unanswered
    /// (`RemoteDisconnected`) and a cut answer (`IncompleteRead`) as they are, not as a
    /// `URLError`; requests raises a `ReadTimeout`, which is no `ConnectionError`, and a cut
    /// body as a `ChunkedEncodingError`. None for another library's request.
    fn escaping_after_sent(&self, call: Node<'a>) -> Result<crate::suite::GiveUp, Unsupported> {
        use crate::suite::AfterSent;
        let f = self.callee(call);
        let urllib = f.ends_with("urlopen");
        let requests = f.starts_with("requests.") || f.starts_with("session.");
        if !urllib && !requests {
            return Ok(crate::suite::GiveUp::default());
        }
        // Each class as its module names it (`rex.ConnectionError` of `import
        // requests.exceptions as rex`, `ConnectionError` imported from requests), `None` for
        // one the script defines itself, which takes no library's error.
        let resolved = |class: &str| -> Option<String> {
            let (first, rest) = match class.split_once('.') {
                Some((f, r)) => (f, Some(r)),
                None => (class, None),
            };
            if rest.is_none() && self.defines_class(first) {
                return None;
            }
            Some(match (self.imports.get(first), rest) {
                (Some(full), Some(rest)) => format!("{full}.{rest}"),
                (Some(full), None) => full.clone(),
                (None, _) => class.to_string(),
            })
        };
        // Whether one of the classes takes every error of a kind: the builtin connection
        // errors (`ConnectionResetError` and up), a read that times out, `http.client`'s
        // answers that are not HTTP (`BadStatusLine`) or are cut (`IncompleteRead`), and
        // requests' own.
        let takes = |classes: &[String], kind: &str| {
            classes.iter().any(|full| {
                let last = full.rsplit('.').next().unwrap_or(full);
                let builtin = !full.contains('.')
                    || full.starts_with("builtins.")
                    || full.starts_with("socket.");
                let os =
                    builtin && matches!(last, "OSError" | "IOError" | "EnvironmentError" | "error");
                matches!(last, "Exception" | "BaseException")
                    || match kind {
                        "reset" => {
                            os || (builtin
                                && matches!(last, "ConnectionError" | "ConnectionResetError"))
                        }
                        "timeout" => os || (builtin && matches!(last, "TimeoutError" | "timeout")),
                        "bad_status" => matches!(last, "HTTPException" | "BadStatusLine"),
                        "incomplete" => matches!(last, "HTTPException" | "IncompleteRead"),
                        "requests" => {
                            os || (full.starts_with("requests") && last == "RequestException")
                        }
                        "requests_timeout" => {
                            full.starts_with("requests")
                                && matches!(last, "Timeout" | "ReadTimeout")
                        }
                        "requests_connection" => {
                            full.starts_with("requests") && last == "ConnectionError"
                        }
                        "requests_chunked" => {
                            full.starts_with("requests") && last == "ChunkedEncodingError"
                        }
                        _ => false,
                    }
            })
        };
        // Whether the handlers' classes take every failure of this kind; `None` where they
        // take some ways it happens and not others.
        let catches = |failure: AfterSent, classes: &[String]| -> Option<bool> {
            if urllib {
                // Classes that take some of a kind only (`RemoteDisconnected` is a close, not
                // a reset): where nothing broader takes the rest, the verdict would hang on
                // which way the server failed.
                let partial = classes.iter().any(|full| {
                    let last = full.rsplit('.').next().unwrap_or(full);
                    matches!(
                        last,
                        "RemoteDisconnected" | "BadStatusLine" | "HTTPException" | "IncompleteRead"
                    )
                });
                if partial && !takes(classes, "reset") {
                    return None;
                }
                // urllib: a reset or a close before the head raises `ConnectionResetError`
                // (`RemoteDisconnected` is one), what is not HTTP `BadStatusLine`, a cut body
                // `IncompleteRead` or a reset.
                return Some(match failure {
                    AfterSent::ResponseTimeout => takes(classes, "timeout"),
                    AfterSent::NoResponse => takes(classes, "reset"),
                    AfterSent::BadResponse => takes(classes, "bad_status"),
                    AfterSent::IncompleteBody => {
                        takes(classes, "reset") && takes(classes, "incomplete")
                    }
                });
            }
            Some(
                takes(classes, "requests")
                    || match failure {
                        AfterSent::ResponseTimeout => takes(classes, "requests_timeout"),
                        AfterSent::NoResponse | AfterSent::BadResponse => {
                            takes(classes, "requests_connection")
                        }
                        AfterSent::IncompleteBody => takes(classes, "requests_chunked"),
                    },
            )
        };
        // The `try`s around the request, in its function and then around the call the
        // function was read for, out to the loop that tries it again: what raises past them
        // ends that loop. Without such a loop the script's tries are not Python's (a shell
        // loop around `python3 -c …`), and a decorated function's decorator may take what it
        // raises (tenacity's `@retry` tries again on any error): nothing is said then.
        let mut handlers: Vec<Node<'a>> = Vec::new();
        let mut inside = call;
        let mut up = call.parent();
        let mut hops = 0;
        let mut looped = false;
        while let Some(node) = up {
            match node.kind() {
                "for_statement" | "while_statement" => {
                    looped = true;
                    break;
                }
                "function_definition" => {
                    if node
                        .parent()
                        .is_some_and(|p| p.kind() == "decorated_definition")
                    {
                        return Ok(crate::suite::GiveUp::default());
                    }
                    let Some(site) = self.call_sites.get(&node.id()).copied() else {
                        return Err(format!(
                            "line {}: a request in a function read without its call",
                            self.line(call)
                        ));
                    };
                    hops += 1;
                    if hops > 20 {
                        return Err(format!(
                            "line {}: a request in functions calling each other",
                            self.line(call)
                        ));
                    }
                    inside = site;
                    up = site.parent();
                    continue;
                }
                "lambda" | "class_definition" => {
                    return Err(format!(
                        "line {}: a request in a lambda or a class",
                        self.line(call)
                    ));
                }
                "try_statement"
                    if node
                        .child_by_field_name("body")
                        .is_some_and(|b| b.id() == inside.id()) =>
                {
                    handlers.extend(
                        named(node)
                            .into_iter()
                            .filter(|c| c.kind() == "except_clause"),
                    );
                }
                _ => {}
            }
            inside = node;
            up = node.parent();
        }
        let mut give_up = crate::suite::GiveUp::default();
        if !looped {
            return Ok(give_up);
        }
        // The handlers' classes, resolved once; `None` where one is bare (`except:`), which
        // takes everything.
        let classes: Option<Vec<String>> = handlers
            .iter()
            .map(|h| {
                self.caught_classes(*h)
                    .map(|c| written_classes(c).filter_map(resolved).collect::<Vec<_>>())
            })
            .collect::<Option<Vec<_>>>()
            .map(|lists| lists.concat());
        // A body the script never reads (urlopen's response asked only its status, requests'
        // `stream=True` never read) cannot fail it while it is read.
        let reads_body = if urllib {
            [".read(", ".readline", "json.load(", "for line in"]
                .iter()
                .any(|w| self.src.contains(w))
        } else {
            !self.text(call).replace(' ', "").contains("stream=True")
                || [
                    ".content",
                    ".text",
                    ".json(",
                    "iter_content",
                    "iter_lines",
                    ".raw",
                ]
                .iter()
                .any(|w| self.src.contains(w))
        };
        for failure in AfterSent::ALL {
            if failure == AfterSent::IncompleteBody && !reads_body {
                continue;
            }
            let caught = match &classes {
                None => Some(true),
                Some(classes) => catches(failure, classes),
            };
            match caught {
                Some(true) => {}
                Some(false) => give_up = give_up.with(failure),
                None => {
                    return Err(format!(
                        "line {}: a handler that takes some of the ways a sent request fails and not others",
                        self.line(call)
                    ));
                }
            }
        }
        Ok(give_up)
    }

    fn probe_call_made(&mut self, call: Node<'a>) -> Result<Option<usize>, Unsupported> {
        if call.child_by_field_name("function").is_none() {
            return Ok(None);
        }
        let f = self.callee(call);
        let (args, positional) = call_arguments(call);
        let src = self.src;
        let kw = |name: &str| keyword_arg(src, &args, name);
        let line = self.line(call);
        // `os.kill(pid, 0)` of the id a pidfile holds: whether that process runs (it raises
        // OSError where it does not), a `process` probe of the pidfile, as `kill -0`.
        if f == "os.kill"
            && let [pid, signal] = positional.as_slice()
            && self.text(*signal) == "0"
            && let Ok(Val::Pid(pidfile)) = self.value_any(*pid)
        {
            let name = self.unique_name(&format!("process-{}", slug(&pidfile.for_name())));
            self.warnings.push(Warning {
                line,
                message: "`os.kill(pid, 0)` also fails on a process of another user (unless run as root) and passes on a zombie, and on 0 or a negative id (a process group); the probe counts the process either way, not a zombie, and no group".into(),
            });
            self.drafts
                .push(Draft::new(name, line, Check::Process { pidfile }));
            return Ok(Some(self.drafts.len() - 1));
        }
        // `client.ping()`, `redis.Redis(…).ping()`: PONG, or an exception (down, loading,
        // refused login).
        if let Some(object) = f.strip_suffix(".ping").and_then(|_| {
            call.child_by_field_name("function")
                .and_then(|f| f.child_by_field_name("object"))
        }) && let Some(client) = self.redis_client(object)?
        {
            if !args.is_empty() {
                return Err(format!("line {line}: a redis ping with a message"));
            }
            let password = self.hide_password(client.password, "REDIS_PASSWORD", line);
            let name = self.unique_name(&format!("redis-{}", slug(&client.address.for_name())));
            let mut d = Draft::new(
                name,
                line,
                Check::Database {
                    engine: "redis",
                    address: client.address,
                    user: None,
                    password,
                    database: client.database,
                    timeout: client.timeout,
                    tls_prefer: false,
                },
            );
            d.expect.push((
                "result".into(),
                Yaml::Flow(vec![("contains".into(), Yaml::str("PONG"))]),
            ));
            self.drafts.push(d);
            return Ok(Some(self.drafts.len() - 1));
        }
        // `client.admin.command("ping")`, `client["admin"].command({"isMaster": 1})`,
        // `client.server_info()`: the first command connects (and logs in), or raises.
        if let Some(client) = self.mongo_command(call)? {
            let password = self.hide_password(client.password, "MONGO_PASSWORD", line);
            let name = self.unique_name(&format!("mongo-{}", slug(&client.address.for_name())));
            if !self
                .warnings
                .iter()
                .any(|w| w.message.starts_with("pymongo waits"))
            {
                self.warnings.push(Warning {
                    line,
                    message: format!(
                        "pymongo waits up to serverSelectionTimeoutMS ({}) for a server it cannot reach before the command fails; the probe fails at once where the connection is refused",
                        client.timeout
                    ),
                });
            }
            let mut notes = Vec::new();
            if client.url_from_environment {
                notes.push("the probe reads the MongoDB URL when it runs, as pymongo does, but asks its one host: a `mongodb+srv://` URL or several hosts are an error there, and `replicaSet=` or `tls=true` need the probe's own settings");
            }
            let mut d = Draft::new(
                name,
                line,
                Check::Database {
                    engine: "mongo",
                    address: client.address,
                    user: client.user,
                    password,
                    database: client.auth_db,
                    timeout: Some(client.timeout),
                    tls_prefer: false,
                },
            );
            // Not told to connect directly, pymongo discovers a replica set from its host and
            // sends the command to the primary: the host must be one (or a server alone).
            if !client.direct {
                d.expect.push((
                    "result".into(),
                    Yaml::Flow(vec![(
                        "json".into(),
                        Yaml::Flow(vec![("$.ismaster".into(), Yaml::Bool(true))]),
                    )]),
                ));
                notes.push("pymongo sends the command to a replica set's primary, which it finds from this host; the probe asks this host, and passes where it is the primary or a server alone (`directConnection=True` would ask it whatever it is)");
            }
            // A statement read twice (a gate's way, then the script's) warns once.
            for message in notes {
                if !self
                    .warnings
                    .iter()
                    .any(|w| w.line == line && w.message == message)
                {
                    self.warnings.push(Warning {
                        line,
                        message: message.into(),
                    });
                }
            }
            self.drafts.push(d);
            return Ok(Some(self.drafts.len() - 1));
        }
        // `requests.request("GET", url, …)`: the method is the first argument.
        let general = matches!(f.as_str(), "requests.request" | "httpx.request");
        let named_method = match (general, positional.first()) {
            (true, Some(m)) => Some(
                self.value(*m)?
                    .as_literal()
                    .map(|m| m.to_ascii_uppercase())
                    .filter(|m| matches!(m.as_str(), "GET" | "HEAD" | "POST" | "PUT"))
                    .ok_or_else(|| format!("line {line}: a request method probekit cannot read"))?,
            ),
            _ => None,
        };
        let positional = if general {
            positional.get(1..).unwrap_or_default().to_vec()
        } else {
            positional
        };
        let method = match f.as_str() {
            _ if named_method.is_some() => named_method.as_deref(),
            "requests.get" | "httpx.get" | "session.get" => Some("GET"),
            "requests.post" | "httpx.post" => Some("POST"),
            "requests.head" | "httpx.head" => Some("HEAD"),
            "requests.put" | "httpx.put" => Some("PUT"),
            "urllib.request.urlopen" | "six.moves.urllib.request.urlopen" | "urllib2.urlopen" => {
                Some("URLOPEN")
            }
            _ if f
                .strip_suffix(".open")
                .is_some_and(|o| matches!(self.vars.get(o), Some(Val::Opener))) =>
            {
                Some("URLOPEN")
            }
            _ => None,
        };
        if let Some(method) = method {
            let url_node = positional
                .first()
                .copied()
                .or_else(|| kw("url"))
                .ok_or_else(|| format!("line {line}: a request without a URL"))?;
            let mut insecure_context = false;
            // A `Request` made earlier brings its URL, headers and method.
            let (url, mut headers, request_method, request_body) =
                match self.vars.get(self.text(url_node)) {
                    Some(Val::Request {
                        url,
                        headers,
                        method,
                        body,
                    }) if url_node.kind() == "identifier" => {
                        (url.clone(), headers.clone(), method.clone(), body.clone())
                    }
                    _ => (
                        self.target_value(url_node).map_err(|e| {
                            // The value's own reason names its line already.
                            if e.starts_with("line ") {
                                e
                            } else {
                                format!("line {line}: {e}")
                            }
                        })?,
                        Vec::new(),
                        None,
                        None,
                    ),
                };
            let timeout = match kw("timeout") {
                Some(t) => Some(
                    self.duration(t)
                        .ok_or_else(|| format!("line {line}: a timeout probekit cannot read"))?,
                ),
                // (Only urllib's requests take it: requests (urllib3) sets no timeout on its
                // sockets unless given one, and httpx has its own, 5 seconds.)
                None if method == "URLOPEN" => self.socket_timeout.clone(),
                None => None,
            };
            if let Some(h) = kw("headers") {
                headers.extend(self.headers(h, line)?);
            }
            if let Some(c) = kw("context") {
                match self.value_any(c) {
                    // `None` written, or bound to a name (`for scheme, context in …`).
                    Ok(Val::Text(t)) if t.as_literal().as_deref() == Some("None") => {}
                    _ if self.text(c) == "None" => {}
                    _ => insecure_context = self.insecure_context(c, line)?,
                }
            }
            let mut body = None;
            if let Some(j) = kw("json") {
                // requests writes it with `json.dumps`, as the script would.
                body = Some(Text::lit(self.json_dumps_literal(j).ok_or_else(|| {
                    format!("line {line}: a JSON body probekit cannot read")
                })?));
                // (A Content-Type of the script's own headers stays, as requests keeps it.)
                if !headers
                    .iter()
                    .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
                {
                    headers.push(("Content-Type".into(), Text::lit("application/json")));
                }
            } else if let Some(d) = kw("data").filter(|d| !matches!(self.text(*d), "{}" | "None")) {
                // urllib takes bytes only: text raises `TypeError` before anything is sent.
                if method == "URLOPEN" && !self.is_bytes(d) {
                    return Err(format!(
                        "line {line}: data that may be text, which urllib refuses"
                    ));
                }
                body = Some(self.value(d)?);
            } else if request_body.is_some() {
                body = request_body;
            }
            // `urlopen(url, data, timeout)`: data by position, which this reading does not take.
            if method == "URLOPEN" && positional.len() > 1 {
                return Err(format!("line {line}: a request probekit cannot read"));
            }
            // urllib sends data by POST unless told another method, and as a form unless the
            // script says what it is.
            if method == "URLOPEN"
                && body.is_some()
                && !headers
                    .iter()
                    .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
            {
                headers.push((
                    "Content-Type".into(),
                    Text::lit("application/x-www-form-urlencoded"),
                ));
            }
            let request_method = match (method, &body, request_method) {
                ("URLOPEN", Some(_), None) => Some("POST".to_string()),
                (_, _, m) => m,
            };
            let (mut insecure, mut ca_file) = (insecure_context, None);
            if let Some(v) = kw("verify") {
                match self.text(v) {
                    "False" => insecure = true,
                    "True" => {}
                    // A relative file is read from the directory the script runs in,
                    // which the suite does not know.
                    _ => {
                        ca_file = Some(
                            self.value(v)?
                                .as_literal()
                                .filter(|f| f.starts_with('/'))
                                .ok_or("a CA file the suite cannot name")?,
                        )
                    }
                }
            }
            let mut basic_auth = None;
            if let Some(auth) = kw("auth") {
                // `auth=("user", "pass")`, `auth=HTTPBasicAuth(user, pass)`.
                let parts = match auth.kind() {
                    "tuple" => named(auth),
                    "call" if self.callee(auth).ends_with("HTTPBasicAuth") => auth
                        .child_by_field_name("arguments")
                        .map(named)
                        .unwrap_or_default(),
                    _ => Vec::new(),
                };
                let [user_node, password_node] = parts.as_slice() else {
                    return Err(format!("line {line}: auth probekit cannot read"));
                };
                if [user_node, password_node]
                    .iter()
                    .any(|n| n.kind() == "keyword_argument")
                {
                    return Err(format!("line {line}: auth probekit cannot read"));
                }
                let user = self.value(*user_node)?;
                let written = self.value(*password_node)?;
                // A password written in the script goes to the environment.
                let password = match written.as_literal() {
                    Some(p) if !p.is_empty() => {
                        let var = password_var(&user.as_literal().unwrap_or_else(|| "api".into()));
                        self.warnings.push(Warning {
                            line,
                            message: format!(
                                "the password of `{}` was replaced by ${{{var}}}: set it in the environment",
                                user.render()
                            ),
                        });
                        self.secrets.push(p);
                        Text(vec![Piece::Var(var, None)])
                    }
                    _ => written.clone(),
                };
                // As `basic_auth`, not the URL's userinfo: a password from the environment
                // may hold a `/`, `?` or `#`, which in a URL would change the address.
                basic_auth = Some((user, password));
            }
            let follow = match kw("allow_redirects").or_else(|| kw("follow_redirects")) {
                Some(v) => self.text(v) == "True",
                None => !f.starts_with("httpx") && method != "HEAD",
            };
            let name = http_name(&url);
            let name = self.unique_name(&name);
            let mut d = Draft::new(
                name,
                line,
                Check::Http {
                    url,
                    method: match method {
                        "GET" | "URLOPEN" => request_method.filter(|m| m != "GET"),
                        m => Some(m.to_string()),
                    },
                    headers,
                    body,
                    timeout,
                    connect_timeout: None,
                    insecure,
                    ca_file,
                    follow_redirects: follow,
                    basic_auth,
                    // requests' `Session.max_redirects`, httpx's `max_redirects`; urllib's
                    // is the probe's 10.
                    max_redirects: if f.starts_with("httpx") {
                        Some(20)
                    } else if method == "URLOPEN" {
                        None
                    } else {
                        Some(30)
                    },
                },
            );
            // requests and httpx return any status; urlopen raises on every final status but
            // 2xx (a 3xx it does not follow too: a 304, a 300, a redirect without `Location`).
            let status = if method == "URLOPEN" {
                Yaml::statuses(&["2xx"])
            } else {
                Yaml::statuses(&ANY_STATUS)
            };
            d.expect.push(("status".into(), status));
            self.drafts.push(d);
            if f.starts_with("httpx") {
                self.httpx.insert(self.drafts.len() - 1);
            }
            if method != "URLOPEN" {
                self.timed.insert(self.drafts.len() - 1);
            }
            return Ok(Some(self.drafts.len() - 1));
        }
        if let Some(engine) = database_driver(&f) {
            // `psycopg2.connect(**settings)` with `settings = {"host": …, "port": …}` written
            // in the script: its entries are the keywords.
            let (splat, mut positional): (Vec<Node>, Vec<Node>) = positional
                .into_iter()
                .partition(|a| a.kind() == "dictionary_splat");
            // `psycopg2.connect("host=db dbname=app user=app")`: libpq's keywords and values,
            // written in the script, read as the keywords they are.
            let keyword_string = match positional.as_slice() {
                [dsn]
                    if splat.is_empty()
                        && args.len() == 1
                        && matches!(f.as_str(), "psycopg2.connect" | "psycopg.connect") =>
                {
                    self.value(*dsn)
                        .ok()
                        .and_then(|t| t.as_literal())
                        .and_then(|s| libpq_keywords(&s))
                }
                _ => None,
            };
            if keyword_string.is_some() {
                positional.clear();
            }
            let splatted: Vec<(String, Val)> = match splat.as_slice() {
                [] if keyword_string.is_some() => keyword_string
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(k, v)| (k, Val::Text(Text::lit(v))))
                    .collect(),
                [] => Vec::new(),
                [one] => match named(*one)
                    .first()
                    .map(|d| (d, self.vars.get(self.text(*d))))
                {
                    Some((d, Some(Val::Dict(entries)))) if self.only_splatted(self.text(*d)) => {
                        entries.clone()
                    }
                    _ => {
                        return Err(format!(
                            "line {line}: `{}` is computed when the script runs",
                            self.text(*one)
                        ));
                    }
                },
                _ => return Err(format!("line {line}: settings from two dictionaries")),
            };
            let args: Vec<Node> = args
                .iter()
                .copied()
                .filter(|a| a.kind() != "dictionary_splat")
                .collect();
            let from_dict = |name: &str| -> Result<Option<Text>, Unsupported> {
                match splatted.iter().find(|(k, _)| k == name).map(|(_, v)| v) {
                    None => Ok(None),
                    // psycopg2 leaves out a setting of None; the probe would send "None".
                    Some(Val::Text(t)) if t.as_literal().as_deref() == Some("None") => Err(
                        format!("line {line}: the connection setting `{name}` is None"),
                    ),
                    Some(Val::Text(t)) => Ok(Some(t.clone())),
                    Some(Val::Num(n)) if n.fract() == 0.0 => {
                        Ok(Some(Text::lit((*n as i64).to_string())))
                    }
                    Some(_) => Err(format!(
                        "line {line}: the connection setting `{name}` is computed when the script runs"
                    )),
                }
            };
            // A driver's connect logs in: the probe logs in too, with the same settings.
            // `psycopg2.connect(os.environ["DATABASE_URL"])`: a URL the probe reads when it
            // runs (a keyword string, `host=db dbname=app`, is refused then, by name).
            // Only psycopg's drivers take a URL first (pg8000 a user, pymysql a host).
            // (`connect_timeout=3` beside it is the probe's timeout; asyncpg's is `timeout`, 60
            // seconds unless given, which libpq's rules for its own do not change.)
            let asyncpg = f == "asyncpg.connect";
            // mysql-connector-python calls it `connection_timeout` (`connect_timeout` is its
            // alias).
            let timeout_name = if asyncpg {
                "timeout"
            } else if f == "mysql.connector.connect"
                && args.iter().any(|a| {
                    a.child_by_field_name("name")
                        .is_some_and(|n| &self.src[n.byte_range()] == "connection_timeout")
                })
            {
                "connection_timeout"
            } else {
                "connect_timeout"
            };
            let url_timeout = kw(timeout_name);
            let default_timeout = || asyncpg.then(|| seconds(ASYNCPG_TIMEOUT));
            if let [dsn] = positional.as_slice()
                && args.len() == 1 + usize::from(url_timeout.is_some())
                && splatted.is_empty()
                && matches!(
                    f.as_str(),
                    "psycopg2.connect" | "psycopg.connect" | "asyncpg.connect"
                )
            {
                let stripped = self.driverless_url(*dsn);
                let url = match &stripped {
                    Some(url) => url.clone(),
                    None => self.value(*dsn)?,
                };
                // A URL written in the script would put its password in the suite: the
                // caller's whole, or put together with the password the caller's
                // (`f"postgresql://{user}:{os.environ['PGPASSWORD']}@{host}/app"`).
                let whole_var = matches!(url.0.as_slice(), [Piece::Var(..)]);
                if !callers_postgres_url(&url) {
                    return Err(format!(
                        "line {line}: a connection string probekit does not read"
                    ));
                }
                // The drivers refuse `postgresql+asyncpg://`, which the probe reads.
                if stripped.is_none() && whole_var {
                    self.warnings.push(Warning {
                        line,
                        message: "the driver refuses a URL with a driver after its scheme (`postgresql+asyncpg://`), which the probe reads as `postgresql://`".into(),
                    });
                }
                let timeout = match url_timeout {
                    Some(t) if asyncpg => Some(self.duration(t).ok_or("a timeout")?),
                    Some(t) => Some(libpq_timeout(self.duration(t).ok_or("a timeout")?)?),
                    None => default_timeout(),
                };
                return Ok(Some(self.url_database_probe(engine, url, timeout, line)));
            }
            if !positional.is_empty() {
                return Err(format!(
                    "line {line}: a connection string probekit does not read"
                ));
            }
            // A setting not read here (sslmode, unix_socket, options…) may change the answer.
            let known: [&str; 9] = [
                "host",
                "port",
                "user",
                "password",
                "passwd",
                "dbname",
                "database",
                "db",
                timeout_name,
            ];
            // (And libpq's `sslmode`, whether the connection uses TLS, read below.)
            // mysql-connector-python's `auth_plugin` names the login's first method; the
            // server's account decides, and switches to its own.
            let first_method = |a: &Node| {
                a.child_by_field_name("value").is_some_and(|v| {
                    matches!(
                        self.text(v),
                        "'caching_sha2_password'"
                            | "\"caching_sha2_password\""
                            | "'mysql_native_password'"
                            | "\"mysql_native_password\""
                    )
                })
            };
            // (PyMySQL's `read_timeout` and `write_timeout` bound the login's reads and writes
            // after the connection: only time, added to the probe's below.)
            let pymysql = matches!(
                f.as_str(),
                "pymysql.connect" | "pymysql.connections.Connection"
            );
            let read = |name: &str| {
                known.contains(&name)
                    || (engine == "postgres" && name == "sslmode")
                    || (pymysql && matches!(name, "read_timeout" | "write_timeout"))
            };
            let read_argument = |a: &Node, name: &str| {
                read(name)
                    || (f == "mysql.connector.connect" && name == "auth_plugin" && first_method(a))
            };
            if let Some(other) = args
                .iter()
                .find_map(|a| {
                    let name = a.child_by_field_name("name")?;
                    let name = &self.src[name.byte_range()];
                    (a.kind() == "keyword_argument" && !read_argument(a, name)).then_some(name)
                })
                .or_else(|| splatted.iter().map(|(k, _)| k.as_str()).find(|k| !read(k)))
            {
                return Err(format!(
                    "line {line}: the connection setting `{other}` probekit does not read"
                ));
            }
            // A setting given twice, by the call and the dictionary or under two of its names
            // (`dbname` and `database`): the driver refuses it.
            if let Some(twice) = splatted.iter().find(|(k, _)| kw(k).is_some()) {
                return Err(format!(
                    "line {line}: the connection setting `{}` given twice",
                    twice.0
                ));
            }
            for names in [
                &["dbname", "database", "db"][..],
                &["password", "passwd"][..],
            ] {
                let given = names
                    .iter()
                    .filter(|n| kw(n).is_some() || splatted.iter().any(|(k, _)| k == *n))
                    .count();
                if given > 1 {
                    return Err(format!(
                        "line {line}: the connection setting `{}` given under two names",
                        names[0]
                    ));
                }
            }
            // `connect(host=u.hostname, port=u.port or 5432, user=u.username,
            // password=u.password, dbname=u.path[1:])` of `u = urlparse(os.environ[…])`: the
            // URL itself, which gives the probe each of them.
            // (Or spread from a dictionary of those parts: `connect(**settings)`.)
            let by_url = if splatted.is_empty() {
                self.connected_by_url(&args, engine)
            } else {
                self.connected_by_url_parts(&args, &splatted, engine)
            };
            if let Some(url) = by_url {
                let timeout = match (kw(timeout_name), from_dict(timeout_name)?) {
                    (Some(t), _) => Some(self.duration(t).ok_or("a timeout")?),
                    (None, Some(t)) => Some(
                        t.as_literal()
                            .and_then(|t| t.parse::<f64>().ok())
                            .map(|t| seconds(&t.to_string()))
                            .ok_or_else(|| {
                                format!("line {line}: a timeout probekit cannot read")
                            })?,
                    ),
                    (None, None) => default_timeout(),
                };
                let probe = self.url_database_probe(engine, url, timeout, line);
                self.warnings.push(Warning {
                    line,
                    message: format!(
                        "the probe reads the URL itself ({}; a driver's `+asyncpg` after it is no matter), and it logs in with the URL's user and password %-decoded, where the script passes them as written (and, without them in the URL, as the operating system's user); the URL's query (`?sslmode=require`) is read by the probe and left out by the script",
                        if engine == "postgres" { "`postgres://` or `postgresql://`" } else { "`mysql://`" }
                    ),
                });
                return Ok(Some(probe));
            }
            let host = match kw("host") {
                Some(h) => self.value(h)?,
                None => from_dict("host")?.ok_or_else(|| {
                    format!("line {line}: a connection without a host goes through a Unix socket")
                })?,
            };
            // libmysqlclient (MySQLdb) takes `localhost` for its Unix socket; PyMySQL and
            // mysql-connector-python (pure or its C extension) use a socket only when given
            // `unix_socket`, and connect to `localhost` over TCP.
            if host
                .as_literal()
                .is_some_and(|h| h.starts_with('/') || (f == "MySQLdb.connect" && h == "localhost"))
            {
                return Err(format!("line {line}: a connection through a Unix socket"));
            }
            let text_kw = |names: &[&str]| -> Result<Option<Text>, Unsupported> {
                match names.iter().find_map(|n| kw(n)) {
                    Some(v) => Ok(Some(self.value(v)?)),
                    None => {
                        for n in names {
                            if let Some(t) = from_dict(n)? {
                                return Ok(Some(t));
                            }
                        }
                        Ok(None)
                    }
                }
            };
            let user = text_kw(&["user"])?
                .ok_or_else(|| format!("line {line}: a login as the operating system's user"))?;
            // Without one, libpq reads PGPASSWORD (MySQL's drivers send none).
            let password = match text_kw(&["password", "passwd"])? {
                None if engine == "postgres" => Some(Text(vec![Piece::Var(
                    "PGPASSWORD".into(),
                    Some(String::new()),
                )])),
                p => p,
            };
            let database = text_kw(&["dbname", "database", "db"])?;
            let port = text_kw(&["port"])?;
            let timeout = match kw(timeout_name) {
                Some(t) => Some(self.duration(t).ok_or("a timeout")?),
                None => match from_dict(timeout_name)? {
                    Some(t) => Some(seconds(&t.as_literal().ok_or("a timeout")?)),
                    None => None,
                },
            };
            let timeout = match timeout {
                None => default_timeout(),
                Some(t) if engine == "postgres" && !asyncpg => Some(libpq_timeout(t)?),
                t => t,
            };
            // PyMySQL connects within `connect_timeout` (10 s unless given), then reads the
            // server's greeting and answers within `read_timeout` and `write_timeout` each.
            let timeout = match (pymysql, kw("read_timeout"), kw("write_timeout")) {
                (true, r, w) if r.is_some() || w.is_some() => {
                    let secs = |t: Option<String>| -> Result<f64, Unsupported> {
                        t.and_then(|t| t.strip_suffix('s')?.parse::<f64>().ok())
                            .ok_or_else(|| format!("line {line}: a timeout probekit cannot read"))
                    };
                    let connect = match &timeout {
                        Some(t) => secs(Some(t.clone()))?,
                        None => 10.0,
                    };
                    let mut total = connect;
                    for t in [r, w].into_iter().flatten() {
                        total += secs(Some(self.duration(t).ok_or("a timeout")?))?;
                    }
                    Some(seconds(&total.to_string()))
                }
                _ => timeout,
            };
            // libpq tries each of `host=a,b` in turn; a probe connects to one address.
            if [&host, &port.clone().unwrap_or_default()]
                .iter()
                .any(|t| t.as_literal().is_some_and(|v| v.contains(',')))
            {
                return Err(format!(
                    "line {line}: several hosts or ports to try in turn"
                ));
            }
            if host.as_literal().is_some_and(|h| h.is_empty())
                || port
                    .as_ref()
                    .is_some_and(|p| p.as_literal().is_some_and(|v| v.is_empty()))
            {
                return Err(format!("line {line}: an empty host or port"));
            }
            let var = match user.as_literal() {
                Some(u) => password_var(&u),
                None => format!("{}_PASSWORD", engine.to_uppercase()),
            };
            let password = self.hide_password(password, &var, line);
            let default = if engine == "postgres" { "5432" } else { "3306" };
            let address = Text::address(host, port.unwrap_or_else(|| Text::lit(default)));
            if engine == "postgres" {
                let sslmode = match kw("sslmode") {
                    Some(m) => Some(self.value(m)?),
                    None => from_dict("sslmode")?,
                };
                if let Some(message) = sslmode_warning(sslmode.as_ref(), line)? {
                    self.warnings.push(Warning { line, message });
                }
            } else if f != "mysql.connector.connect" {
                // (mysql-connector's probe prefers TLS: the full login goes over it where the
                // server offers it, as the driver's does.)
                self.warnings.push(mysql_login_warning(line));
            }
            let name = self.unique_name(&format!("{engine}-{}", slug(&address.for_name())));
            self.drafts.push(Draft::new(
                name,
                line,
                Check::Database {
                    engine,
                    address,
                    user: Some(user),
                    password,
                    database,
                    timeout,
                    // mysql-connector-python asks for TLS where the server offers it (and
                    // verifies nothing); PyMySQL and MySQLdb do not ask.
                    tls_prefer: f == "mysql.connector.connect",
                },
            ));
            return Ok(Some(self.drafts.len() - 1));
        }
        // `conn.getresponse()` after `conn.request(…)`: http.client neither follows
        // redirects nor raises on a status.
        if let Some((object, "getresponse")) = f.rsplit_once('.')
            && let Some(Val::Connection {
                base,
                timeout,
                insecure,
                request,
            }) = self.vars.get(object).cloned()
        {
            let PendingRequest {
                method,
                path,
                headers,
            } = request.ok_or_else(|| format!("line {line}: a response to no request"))?;
            let mut url = base;
            url.append(path);
            let name = self.unique_name(&http_name(&url));
            let mut d = Draft::new(
                name,
                line,
                Check::Http {
                    url,
                    method: (method != "GET").then_some(method),
                    headers,
                    body: None,
                    timeout,
                    connect_timeout: None,
                    insecure,
                    ca_file: None,
                    follow_redirects: false,
                    max_redirects: None,
                    basic_auth: None,
                },
            );
            d.expect
                .push(("status".into(), Yaml::statuses(&ANY_STATUS)));
            self.drafts.push(d);
            return Ok(Some(self.drafts.len() - 1));
        }
        // `engine.connect()` on `create_engine("postgresql://user:pw@host/db")`: a login.
        if let Some((object, "connect")) = f.rsplit_once('.')
            && let Some(Val::Engine(url)) = self.vars.get(object).cloned()
        {
            if !positional.is_empty() || !args.is_empty() {
                return Err(format!(
                    "line {line}: connection settings probekit does not read"
                ));
            }
            let db = database_url(&url)
                .ok_or_else(|| format!("line {line}: a database URL probekit cannot read"))?;
            // An unset `os.getenv("DB_USER")` is `None` in Python's text, where the suite's
            // `${DB_USER:-}` is empty: no login then, a default host or port.
            let may_be_empty = |t: &Text| {
                t.0.iter()
                    .any(|p| matches!(p, Piece::Var(_, Some(d)) if d.is_empty()))
            };
            if may_be_empty(&db.user)
                || may_be_empty(&db.address)
                || db.database.as_ref().is_some_and(may_be_empty)
            {
                return Err(format!(
                    "line {line}: a database URL of values that may be unset"
                ));
            }
            let var = match db.user.as_literal() {
                Some(u) => password_var(&u),
                None => format!("{}_PASSWORD", db.engine.to_uppercase()),
            };
            let password = self.hide_password(db.password, &var, line);
            let name = self.unique_name(&format!("{}-{}", db.engine, slug(&db.address.for_name())));
            if db.engine == "postgres" {
                self.warnings.push(Warning {
                    line,
                    message: "the driver uses TLS when the server offers it (sslmode=prefer); the probe connects in the clear: add `tls: true` if the server requires TLS".into(),
                });
            } else if db.engine == "mysql" {
                self.warnings.push(mysql_login_warning(line));
            }
            self.drafts.push(Draft::new(
                name,
                line,
                Check::Database {
                    engine: db.engine,
                    address: db.address,
                    user: Some(db.user),
                    password,
                    database: db.database,
                    timeout: None,
                    tls_prefer: false,
                },
            ));
            return Ok(Some(self.drafts.len() - 1));
        }
        // `s.connect((host, port))` (raises when refused), `s.connect_ex(…)` (0 when connected).
        if let Some((object, _)) = f
            .rsplit_once('.')
            .filter(|(_, m)| matches!(*m, "connect" | "connect_ex"))
            && let Some(Val::Socket(timeout)) = self.vars.get(object).cloned()
        {
            let [target] = positional.as_slice() else {
                return Err(format!("line {line}: a connection without an address"));
            };
            // `s = socket.socket()` before `while True: try: s.connect(a)`: the next try
            // reuses the socket, which a connection made or closed already refuses for good,
            // unless the loop ends once it connects (see `reconnects_safely`).
            if let Some(round) = enclosing_loop(call)
                && !self.bound_inside(round, object)
                && !(timeout.is_none() && self.reconnects_safely(round, call, object))
            {
                return Err(format!(
                    "line {line}: `{object}` is made before the loop that connects it again"
                ));
            }
            // A socket connects once: connected again, it raises (or is already connected).
            if !self.connected.insert(object.to_string()) {
                return Err(format!("line {line}: `{object}` connected a second time"));
            }
            let i = self.tcp_probe(*target, timeout, line)?;
            // `connect_ex` returns an error number where `connect` raises: the script goes on
            // whatever it is, until a test of it (`== 0`) requires the connection.
            self.drafts[i].warning = f.ends_with("_ex");
            // Except for a name that does not resolve, which it raises for.
            let ip = named(*target)
                .first()
                .and_then(|h| self.value(*h).ok())
                .and_then(|h| h.as_literal())
                .is_some_and(|h| h.parse::<std::net::IpAddr>().is_ok());
            if f.ends_with("_ex") && !ip {
                self.warnings.push(Warning {
                    line,
                    message: "`connect_ex` raises when the host name does not resolve, which fails the script; the probe, which only warns until a test requires the connection, does not fail for it".into(),
                });
            }
            return Ok(Some(i));
        }
        if f == "socket.create_connection" {
            let target = positional
                .first()
                .copied()
                .ok_or_else(|| format!("line {line}: a connection without an address"))?;
            let timeout = match kw("timeout").or_else(|| positional.get(1).copied()) {
                Some(t) => Some(self.duration(t).ok_or("a timeout")?),
                None => self.socket_timeout.clone(),
            };
            return self.tcp_probe(target, timeout, line).map(Some);
        }
        // `os.system("systemctl is-active --quiet nginx")`: a command of plain words, which
        // needs no shell to run.
        if f == "os.system" {
            let [cmd] = positional.as_slice() else {
                return Err(format!("line {line}: an os.system probekit cannot read"));
            };
            let text = self
                .value(*cmd)?
                .as_literal()
                .ok_or_else(|| format!("line {line}: a command computed when the script runs"))?;
            if text.contains(|c: char| "|&;<>()$`\\\"'*?[]#~=%{}\n".contains(c)) {
                return Err(format!("line {line}: a shell command"));
            }
            let argv: Vec<Text> = text.split_whitespace().map(Text::lit).collect();
            if argv.is_empty() {
                return Err(format!("line {line}: an empty command"));
            }
            return Ok(Some(self.command_probe(argv, None, false, line)));
        }
        if is_subprocess_call(&f) {
            let argv_node = positional
                .first()
                .copied()
                .ok_or_else(|| format!("line {line}: a subprocess without a command"))?;
            if kw("shell").is_some_and(|s| self.text(s) == "True") {
                return Err(format!("line {line}: a shell command"));
            }
            let argv = match self.value_any(argv_node)? {
                Val::List(items) => items,
                _ => return Err(format!("line {line}: a command that is not a list")),
            };
            let timeout = match kw("timeout") {
                Some(t) => Some(self.duration(t).ok_or("a timeout")?),
                None => None,
            };
            let checks = f != "subprocess.run" && f != "subprocess.call"
                || kw("check").is_some_and(|c| self.text(c) == "True");
            let i = self.command_probe(argv, timeout, checks, line);
            // `stderr=subprocess.STDOUT`: one stream, as `2>&1`.
            if kw("stderr").is_some_and(|e| self.qualified(e) == "subprocess.STDOUT")
                && let Check::Command { merge_stderr, .. } = &mut self.drafts[i].check
            {
                *merge_stderr = true;
            }
            let returned = f == "subprocess.check_output";
            let capture_output = kw("capture_output").is_some_and(|c| self.text(c) == "True");
            // `capture_output=True` beside `stdout=` or `stderr=` raises ValueError.
            if capture_output && (kw("stdout").is_some() || kw("stderr").is_some()) {
                return Err(format!(
                    "line {line}: `capture_output` with `stdout` or `stderr`, which raises"
                ));
            }
            let piped = capture_output
                || kw("stdout").is_some_and(|o| self.qualified(o) == "subprocess.PIPE");
            if returned || (f == "subprocess.run" && piped) {
                // Text where `text` or `universal_newlines` is true, or an `encoding` or
                // `errors` is given (not None); a value probekit cannot read keeps the script.
                let mut text = false;
                for k in ["text", "universal_newlines", "encoding", "errors"] {
                    let Some(v) = kw(k) else { continue };
                    match (k, self.text(v)) {
                        (_, "None" | "False" | "0") => {}
                        ("text" | "universal_newlines", "True" | "1") => text = true,
                        ("encoding" | "errors", _) if v.kind() == "string" => text = true,
                        _ => {
                            return Err(format!(
                                "line {line}: `{k}={}` is computed when the script runs",
                                self.text(v)
                            ));
                        }
                    }
                }
                self.captured.insert(i, Captured { returned, text });
            }
            return Ok(Some(i));
        }
        Ok(None)
    }

    /// A password written in the script, replaced by `${var}` (with a warning that says so):
    /// a suite never holds a secret.
    fn hide_password(&mut self, password: Option<Text>, var: &str, line: usize) -> Option<Text> {
        match password.as_ref().and_then(Text::as_literal) {
            Some(secret) if !secret.is_empty() => {
                self.warnings.push(Warning {
                    line,
                    message: format!(
                        "the password was replaced by ${{{var}}}: set it in the environment"
                    ),
                });
                self.secrets.push(secret);
                Some(Text(vec![Piece::Var(var.to_string(), None)]))
            }
            _ => password,
        }
    }

    /// A redis client: a variable that holds one, `redis.Redis(host, port, db, password)` with
    /// those as keywords too, or `redis.from_url("redis://[:password@]host[:port][/db]")`.
    /// `None` when `n` is not one; an error for one that connects in a way a probe does not
    /// (TLS, a Unix socket, a user name, settings probekit does not read).
    fn redis_client(&self, n: Node) -> Result<Option<RedisClient>, Unsupported> {
        if n.kind() == "identifier" {
            return Ok(match self.vars.get(self.text(n)) {
                Some(Val::Redis(c)) => Some(c.clone()),
                _ => None,
            });
        }
        if n.kind() != "call" {
            return Ok(None);
        }
        let f = self.callee(n);
        let constructor = matches!(
            f.as_str(),
            "redis.Redis" | "redis.StrictRedis" | "redis.client.Redis" | "redis.client.StrictRedis"
        );
        let from_url = matches!(
            f.as_str(),
            "redis.from_url"
                | "redis.Redis.from_url"
                | "redis.StrictRedis.from_url"
                | "redis.client.Redis.from_url"
        );
        if !constructor && !from_url {
            return Ok(None);
        }
        let line = self.line(n);
        let (args, positional) = call_arguments(n);
        let keywords = self.keyword_values(&args);
        let kw = |name: &str| keywords.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
        let mut timeout = None;
        for (k, v) in &keywords {
            match *k {
                "host"
                | "port"
                | "db"
                | "password"
                | "decode_responses"
                | "encoding"
                | "retry_on_timeout"
                | "health_check_interval" => {}
                "socket_timeout" | "socket_connect_timeout" => {
                    let t = self.duration(*v).ok_or_else(|| {
                        format!("line {line}: a redis timeout probekit cannot read")
                    })?;
                    timeout.get_or_insert(t);
                }
                other => {
                    return Err(format!(
                        "line {line}: the redis setting `{other}` probekit does not read"
                    ));
                }
            }
        }
        let text = |n: Option<Node>| -> Result<Option<Text>, Unsupported> {
            match n {
                Some(v) if self.text(v) == "None" => Ok(None),
                Some(v) => self.value(v).map(Some),
                None => Ok(None),
            }
        };
        if constructor {
            if positional.len() > 4 {
                return Err(format!("line {line}: a redis client probekit cannot read"));
            }
            let host = text(positional.first().copied().or_else(|| kw("host")))?
                .unwrap_or_else(|| Text::lit("localhost"));
            let port = text(positional.get(1).copied().or_else(|| kw("port")))?
                .unwrap_or_else(|| Text::lit("6379"));
            return Ok(Some(RedisClient {
                address: Text::address(host, port),
                database: text(positional.get(2).copied().or_else(|| kw("db")))?,
                password: text(positional.get(3).copied().or_else(|| kw("password")))?,
                timeout,
            }));
        }
        let [url] = positional.as_slice() else {
            return Err(format!("line {line}: a redis URL probekit cannot read"));
        };
        if keywords
            .iter()
            .any(|(k, _)| !k.starts_with("socket_") && *k != "decode_responses")
        {
            return Err(format!("line {line}: a redis URL with settings beside it"));
        }
        let url = self.value(*url)?;
        // `redis.from_url(os.environ["REDIS_URL"])`: the URL is the probe's address, read
        // when it runs; so is one put together from the caller's values
        // (`f"redis://{host}:{port}/0"`).
        if matches!(url.0.as_slice(), [Piece::Var(..)]) || composed_url(&url, &["redis://"], false)
        {
            return Ok(Some(RedisClient {
                address: url,
                database: None,
                password: None,
                timeout,
            }));
        }
        let url = url
            .as_literal()
            .ok_or_else(|| format!("line {line}: a redis URL probekit cannot read"))?;
        let mut client = redis_url(&url)
            .ok_or_else(|| format!("line {line}: a redis URL probekit cannot read"))?;
        client.timeout = timeout;
        Ok(Some(client))
    }

    /// `pymongo.MongoClient(host, port, …)`, or a variable that holds one: `None` when `n` is
    /// not one; an error for one that connects in a way a probe does not (several hosts, DNS
    /// SRV records, TLS, settings probekit does not read).
    fn mongo_client(&self, n: Node) -> Result<Option<MongoClient>, Unsupported> {
        if n.kind() == "identifier" {
            return Ok(match self.vars.get(self.text(n)) {
                Some(Val::Mongo(c)) => Some(c.clone()),
                _ => None,
            });
        }
        if n.kind() != "call"
            || !matches!(
                self.callee(n).as_str(),
                "pymongo.MongoClient" | "pymongo.mongo_client.MongoClient"
            )
        {
            return Ok(None);
        }
        let line = self.line(n);
        let cannot = |what: &str| format!("line {line}: {what}");
        let (args, positional) = call_arguments(n);
        let keywords = self.keyword_values(&args);
        let kw = |name: &str| keywords.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
        let mut timeout = "30s".to_string();
        for (k, v) in &keywords {
            match *k {
                "host" | "port" | "username" | "password" | "authSource" | "connectTimeoutMS"
                | "socketTimeoutMS" | "directConnection" | "connect" | "appname" | "appName" => {}
                "serverSelectionTimeoutMS" => {
                    // `2000`, `TIMEOUT_MS`, `int(poll_interval * 1000)`.
                    let ms = self
                        .num_const(*v)
                        .filter(|ms| *ms >= 0.0 && ms.fract() == 0.0)
                        .ok_or_else(|| cannot("a server selection timeout probekit cannot read"))?;
                    timeout = millis(ms as u64);
                }
                other => {
                    return Err(cannot(&format!(
                        "the MongoDB setting `{other}` probekit does not read"
                    )));
                }
            }
        }
        if positional.len() > 2 || args.len() > positional.len() + keywords.len() {
            return Err(cannot("a MongoDB client probekit cannot read"));
        }
        let text = |n: Option<Node>| -> Result<Option<Text>, Unsupported> {
            match n {
                Some(v) if self.text(v) == "None" => Ok(None),
                Some(v) => self.value(v).map(Some),
                None => Ok(None),
            }
        };
        let host = text(positional.first().copied().or_else(|| kw("host")))?
            .unwrap_or_else(|| Text::lit("localhost"));
        let port_node = positional.get(1).copied().or_else(|| kw("port"));
        // pymongo takes the port as an int (a string is a TypeError).
        if let Some(p) = port_node {
            let t = self.text(p);
            let whole = p.kind() == "integer"
                || t.starts_with("int(")
                || (p.kind() == "identifier"
                    && (self.numbers.contains(t)
                        || self.assigned_by_conversion(t)
                        || matches!(self.vars.get(t), Some(Val::Num(_)))));
            if !whole {
                return Err(cannot(
                    "a MongoDB port that may be text, which pymongo refuses",
                ));
            }
        }
        let port = text(port_node)?;
        let direct = kw("directConnection").is_some_and(|d| self.text(d) == "True");
        let mut client = MongoClient {
            address: host.clone(),
            user: text(kw("username"))?,
            password: text(kw("password"))?,
            auth_db: text(kw("authSource"))?,
            timeout,
            direct,
            url_from_environment: false,
        };
        // A URL: written whole in the script, read for its host, port and `authSource`; from
        // the environment whole (`os.environ["MONGO_URI"]`), read by the probe when it runs.
        let lead = match host.0.first() {
            Some(Piece::Lit(l)) => l.to_ascii_lowercase(),
            _ => String::new(),
        };
        if lead.starts_with("mongodb+srv://") {
            return Err(cannot(
                "a `mongodb+srv://` URL, whose hosts DNS SRV records give",
            ));
        }
        if let [Piece::Var(name, _)] = host.0.as_slice() {
            // `MongoClient(host=os.getenv("MONGO_HOST"), port=…)`: a host, which the port
            // follows; a URL (`MONGO_URI`) brings its own, which the driver keeps.
            let upper = name.to_ascii_uppercase();
            if let Some(port) = port {
                if upper.contains("URI") || upper.contains("URL") {
                    return Err(cannot(
                        "a MongoDB URL from the environment with a port beside it",
                    ));
                }
                client.address = Text::address(host, port);
            } else {
                client.url_from_environment = true;
            }
        } else if lead.starts_with("mongodb://") {
            let url = host
                .as_literal()
                .ok_or_else(|| cannot("a MongoDB URL assembled when the script runs"))?;
            let rest = &url["mongodb://".len()..];
            let (rest, params) = rest.split_once('?').unwrap_or((rest, ""));
            let (hostport, path_db) = rest.split_once('/').unwrap_or((rest, ""));
            // The login runs on `authSource`, else on the URL's database.
            let keyword_source = client.auth_db.is_some();
            if !keyword_source && !path_db.is_empty() {
                client.auth_db = Some(Text::lit(path_db));
            }
            if hostport.contains('@') || hostport.contains(',') || hostport.is_empty() {
                return Err(cannot(
                    "a MongoDB URL with a login or several hosts, which probekit does not read",
                ));
            }
            for param in params.split('&').filter(|p| !p.is_empty()) {
                match param.split_once('=') {
                    Some(("authSource", db)) => {
                        if !keyword_source {
                            client.auth_db = Some(Text::lit(db));
                        }
                    }
                    Some(("directConnection", d)) => client.direct = d == "true",
                    Some(("serverSelectionTimeoutMS", ms)) if ms.parse::<u64>().is_ok() => {
                        client.timeout = millis(ms.parse().unwrap_or_default());
                    }
                    Some(("connectTimeoutMS" | "appName", _)) => {}
                    _ => {
                        return Err(cannot(&format!(
                            "the MongoDB URL setting `{param}` probekit does not read"
                        )));
                    }
                }
            }
            client.address = Text::lit(if hostport.contains(':') {
                hostport.to_string()
            } else {
                format!("{hostport}:27017")
            });
        } else {
            let written: String = host
                .0
                .iter()
                .filter_map(|p| match p {
                    Piece::Lit(l) => Some(l.as_str()),
                    _ => None,
                })
                .collect();
            if host.render().contains("://") || written.contains([',', '/', '@']) {
                return Err(cannot("a MongoDB address probekit cannot read"));
            }
            // `MongoClient("mongo:27017")`, `f"{host}:{port}"`: the port is in the host.
            client.address = match written.matches(':').count() {
                0 => Text::address(host, port.unwrap_or_else(|| Text::lit("27017"))),
                1 if port.is_none() => host,
                _ => return Err(cannot("a MongoDB address probekit cannot read")),
            };
        }
        if client.password.is_some() && client.user.is_none() {
            return Err(cannot("a MongoDB password without a user name"));
        }
        Ok(Some(client))
    }

    /// A command on a MongoDB client that only asks whether the server answers (and takes
    /// the login): `ping`, `isMaster` (`ismaster`, `hello`) or `buildInfo`, through
    /// `client.admin.command(…)`, `client["admin"].command(…)`,
    /// `client.get_database("admin").command(…)`, or `client.server_info()`; its client.
    fn mongo_command(&self, call: Node) -> Result<Option<MongoClient>, Unsupported> {
        let Some(function) = call.child_by_field_name("function") else {
            return Ok(None);
        };
        if function.kind() != "attribute" {
            return Ok(None);
        }
        let method = function
            .child_by_field_name("attribute")
            .map_or("", |a| self.text(a));
        let Some(object) = function.child_by_field_name("object") else {
            return Ok(None);
        };
        let args: Vec<Node> = call
            .child_by_field_name("arguments")
            .map(named)
            .unwrap_or_default();
        let client_node = match method {
            "server_info" if args.is_empty() => object,
            "command" => {
                // The database the command runs on: `client.admin`, `client["admin"]`,
                // `client.get_database("admin")`.
                let base = match object.kind() {
                    "attribute" => object.child_by_field_name("object"),
                    "subscript" => object.child_by_field_name("value"),
                    // Without a name, `get_database()` wants the URL's default database.
                    "call"
                        if object
                            .child_by_field_name("function")
                            .and_then(|f| f.child_by_field_name("attribute"))
                            .is_some_and(|a| self.text(a) == "get_database")
                            && object
                                .child_by_field_name("arguments")
                                .is_some_and(|a| named(a).len() == 1) =>
                    {
                        object
                            .child_by_field_name("function")
                            .and_then(|f| f.child_by_field_name("object"))
                    }
                    _ => None,
                };
                let Some(base) = base else {
                    return Ok(None);
                };
                base
            }
            _ => return Ok(None),
        };
        let Some(client) = self.mongo_client(client_node)? else {
            return Ok(None);
        };
        let line = self.line(call);
        if method == "command" {
            let asks_only = |name: &str| {
                matches!(
                    name,
                    "ping" | "ismaster" | "isMaster" | "hello" | "buildinfo" | "buildInfo"
                )
            };
            let name = match args.as_slice() {
                [a] if a.kind() == "string" => self.value(*a)?.as_literal(),
                [d] if d.kind() == "dictionary" => match named(*d).as_slice() {
                    [pair] if pair.kind() == "pair" => {
                        let key = pair.child_by_field_name("key");
                        let value = pair.child_by_field_name("value");
                        match (key, value) {
                            (Some(k), Some(v))
                                if k.kind() == "string"
                                    && matches!(self.text(v), "1" | "1.0" | "True") =>
                            {
                                self.value(k)?.as_literal()
                            }
                            _ => None,
                        }
                    }
                    _ => None,
                },
                _ => None,
            };
            if !name.as_deref().is_some_and(asks_only) {
                return Err(format!(
                    "line {line}: a MongoDB command probekit does not write (it writes `ping`, `isMaster` and `buildInfo`)"
                ));
            }
        }
        Ok(Some(client))
    }

    /// A tcp probe to the address `(host, port)` a socket call is given; its index.
    fn tcp_probe(
        &mut self,
        target: Node,
        timeout: Option<String>,
        line: usize,
    ) -> Result<usize, Unsupported> {
        let parts = named(target);
        let address = match (target.kind(), parts.as_slice()) {
            ("tuple", [host, port]) if let Some(whole) = self.address_halves(*host, *port) => whole,
            ("tuple", [host, port]) => Text::address(self.target_value(*host)?, self.value(*port)?),
            // `ADDR = ("db", 5432)` then `s.connect(ADDR)`.
            ("identifier", _) => match self.vars.get(self.text(target)) {
                Some(Val::List(pair)) if pair.len() == 2 => {
                    Text::address(pair[0].clone(), pair[1].clone())
                }
                _ => return Err(format!("line {line}: an address probekit cannot read")),
            },
            _ => return Err(format!("line {line}: an address probekit cannot read")),
        };
        let name = self.unique_name(&format!("tcp-{}", slug(&address.for_name())));
        self.drafts.push(Draft::new(
            name,
            line,
            Check::Tcp {
                address,
                timeout,
                send: None,
            },
        ));
        Ok(self.drafts.len() - 1)
    }

    /// A command probe named after its program; without `checks`, any exit status passes
    /// (`subprocess.run` without `check=True`, `os.system`) until a later test narrows it.
    fn command_probe(
        &mut self,
        argv: Vec<Text>,
        timeout: Option<String>,
        checks: bool,
        line: usize,
    ) -> usize {
        let program = argv.first().and_then(Text::as_literal).unwrap_or_default();
        let name = self.unique_name(&slug(program.rsplit('/').next().unwrap_or(&program)));
        let mut d = Draft::new(
            name,
            line,
            Check::Command {
                argv,
                timeout,
                stdin: None,
                merge_stderr: false,
                words: Vec::new(),
            },
        );
        if !checks {
            d.expect.push((
                "exit_code".into(),
                Yaml::List((0..=255).map(Yaml::Int).collect()),
            ));
        }
        self.drafts.push(d);
        self.drafts.len() - 1
    }

    /// A number of seconds (`5`, `2.5`, `(3, 10)` connect/read).
    fn duration(&self, n: Node) -> Option<String> {
        // `timeout=0` (or a negative, or under a millisecond): requests refuses it and urllib's
        // socket gives up at once; no probe's timeout says that.
        self.duration_written(n).filter(|t| {
            t.trim_end_matches(|c: char| c.is_ascii_alphabetic())
                .parse::<f64>()
                .is_ok_and(|v| v > 0.0)
        })
    }

    fn duration_written(&self, n: Node) -> Option<String> {
        if let Some(v) = self.int_arithmetic(n) {
            return Some(seconds(&v.to_string()));
        }
        match n.kind() {
            "integer" | "float" => Some(seconds(self.text(n))),
            "tuple" => {
                let parts = named(n);
                let total: f64 = parts
                    .iter()
                    .map(|p| self.text(*p).parse::<f64>().ok())
                    .sum::<Option<f64>>()?;
                Some(seconds(&total.to_string()))
            }
            "attribute" if self.enum_member(n).is_some() => match self.value_any(n) {
                Ok(Val::Num(v)) => Some(seconds(&v.to_string())),
                _ => None,
            },
            "identifier" | "call" => match self.value_any(n) {
                Ok(Val::Num(v)) => Some(seconds(&v.to_string())),
                // `TIMEOUT = int(os.getenv("HEALTHCHECK_TIMEOUT", "5"))`: the default, said on
                // the line, since the environment may give another.
                Ok(Val::Text(Text(pieces))) => match pieces.as_slice() {
                    [Piece::Var(name, Some(default))] => {
                        let v: f64 = default.parse().ok().filter(|v: &f64| *v > 0.0)?;
                        let t = seconds(&v.to_string());
                        self.late_timeouts.borrow_mut().push(Warning {
                            line: self.line(n),
                            message: format!(
                                "the timeout is the environment's `{name}` ({t} unless set); the probe's is {t}: where it is set, set `timeout:`"
                            ),
                        });
                        Some(t)
                    }
                    _ => None,
                },
                _ => None,
            },
            // `timeout=args.timeout` (`add_argument("--timeout", type=int, default=5)`): the
            // default, said on the line, since the caller may give another.
            "attribute" => {
                let attr = self.text(n.child_by_field_name("attribute")?);
                let arg = self.arguments.iter().find(|a| a.dest == attr)?;
                let default = arg.default.as_deref()?;
                let v: f64 = default.parse().ok().filter(|v: &f64| *v > 0.0)?;
                if self.argument_value(attr, n)?.is_err() {
                    return None;
                }
                let t = seconds(&v.to_string());
                self.late_timeouts.borrow_mut().push(Warning {
                    line: self.line(n),
                    message: format!(
                        "the timeout is the caller's `{}` ({t} unless given); the probe's is {t}: where the caller gives another, set `timeout:`",
                        arg.flags.first().map_or(attr, String::as_str)
                    ),
                });
                Some(t)
            }
            _ => None,
        }
    }

    /// A literal Python dict/list as JSON text.
    /// Whether `n` is bytes as urllib's `data` must be (text raises `TypeError` there): a
    /// `b"…"` literal, `….encode(…)`, or a name the script binds once, to one of those.
    fn is_bytes(&self, n: Node) -> bool {
        match n.kind() {
            // (Without escapes: `b"\x01"` is not read as the byte it stands for.)
            "string" => {
                !self.text(n).contains('\\')
                    && self
                        .text(n)
                        .split(['"', '\''])
                        .next()
                        .is_some_and(|prefix| prefix.to_ascii_lowercase().contains('b'))
            }
            "call" => self.callee(n).ends_with(".encode"),
            "identifier" => {
                let Some(root) = self.root else {
                    return false;
                };
                matches!(self.bindings_of(root, self.text(n)).as_slice(), [a] if a.kind() == "assignment"
                    && a.child_by_field_name("left").is_some_and(|l| l.kind() == "identifier")
                    && a.child_by_field_name("right").is_some_and(|r| self.is_bytes(r)))
            }
            _ => false,
        }
    }

    /// What `json.dumps` writes for a value written out in the script (its default form:
    /// `", "` and `": "` between items, keys in order, non-ASCII as `\uXXXX`): dicts with
    /// keys of text, lists, tuples, text, numbers, `True`, `False`, `None`. `None` for anything
    /// else (a name, an f-string, a float Python would write with an exponent).
    fn json_dumps_literal(&self, n: Node) -> Option<String> {
        match n.kind() {
            "dictionary" => {
                let mut items = Vec::new();
                let mut keys = std::collections::HashSet::new();
                for pair in named(n) {
                    match pair.kind() {
                        "comment" => continue,
                        "pair" => {}
                        _ => return None,
                    }
                    let key = pair.child_by_field_name("key")?;
                    if key.kind() != "string" {
                        return None;
                    }
                    // (Its escapes as written: `"\u00e9"` is read as the text, not é.)
                    if self.text(key).contains('\\') {
                        return None;
                    }
                    let key = self.value(key).ok()?.as_literal()?;
                    // `{"a": 1, "a": 2}` is `{"a": 2}` in Python.
                    if !keys.insert(key.clone()) {
                        return None;
                    }
                    let value = self.json_dumps_literal(pair.child_by_field_name("value")?)?;
                    items.push(format!("{}: {value}", json_dumps_string(&key)));
                }
                Some(format!("{{{}}}", items.join(", ")))
            }
            "list" | "tuple" => {
                let items: Option<Vec<String>> = named(n)
                    .into_iter()
                    .filter(|c| c.kind() != "comment")
                    .map(|c| self.json_dumps_literal(c))
                    .collect();
                Some(format!("[{}]", items?.join(", ")))
            }
            "string" if !self.text(n).contains('\\') => {
                Some(json_dumps_string(&self.value(n).ok()?.as_literal()?))
            }
            "integer" => {
                let t = self.text(n);
                t.chars()
                    .all(|c| c.is_ascii_digit())
                    .then(|| t.parse::<i128>().ok().map(|v| v.to_string()))
                    .flatten()
            }
            // Python's `repr`: the shortest digits that read back, `.0` on a whole number, in
            // plain notation from 1e-4 up to 1e16 (Rust's `{:?}` agrees there).
            "float" => {
                let v: f64 = self.text(n).replace('_', "").parse().ok()?;
                (v == 0.0 || (1e-4..1e16).contains(&v.abs())).then(|| format!("{v:?}"))
            }
            "unary_operator" if self.text(n).starts_with('-') => {
                let inner = named(n).into_iter().next()?;
                matches!(inner.kind(), "integer" | "float")
                    .then(|| self.json_dumps_literal(inner).map(|v| format!("-{v}")))
                    .flatten()
            }
            "true" => Some("true".into()),
            "false" => Some("false".into()),
            "none" => Some("null".into()),
            _ => None,
        }
    }

    fn value_any(&self, n: Node) -> Result<Val, Unsupported> {
        if self.own_path(n) {
            return Ok(Val::OwnPath);
        }
        if let Some(v) = self.int_arithmetic(n) {
            return Ok(Val::Num(v as f64));
        }
        if let Some(v) = self.machine_value(n) {
            return Ok(v);
        }
        // `wait(url.replace("postgresql+asyncpg://", "postgresql://"))`: a database URL (in
        // parentheses too, as a helper's value is written out).
        let mut bare = n;
        while bare.kind() == "parenthesized_expression"
            && let Some(inner) = named(bare).first()
        {
            bare = *inner;
        }
        if bare.kind() == "call"
            && let Some(url) = self.driverless_url(bare)
        {
            return Ok(Val::DbUrl(url));
        }
        match n.kind() {
            // `[("http://a/health", 200), ("http://b/ready", 204)]`: rows of values.
            "list" | "tuple"
                if !named(n).is_empty()
                    && named(n)
                        .iter()
                        .all(|c| matches!(c.kind(), "list" | "tuple")) =>
            {
                let rows: Vec<Vec<Val>> = named(n)
                    .iter()
                    .map(|row| named(*row).iter().map(|v| self.value_any(*v)).collect())
                    .collect::<Result<_, _>>()?;
                if rows.iter().any(|r| r.len() != rows[0].len()) {
                    return Err(format!("line {}: rows of different lengths", self.line(n)));
                }
                Ok(Val::Rows(rows))
            }
            // (`OK = {200, 204}` for `status in OK`: a set of written numbers or texts, whose
            // order nothing that tests membership sees.)
            "list" | "tuple" | "set"
                if n.kind() != "set"
                    || named(n).iter().all(|c| {
                        matches!(c.kind(), "integer" | "string") && self.cannot_raise(*c)
                    }) =>
            {
                Ok(Val::List(
                    named(n)
                        .iter()
                        .map(|c| self.value(*c))
                        .collect::<Result<_, _>>()?,
                ))
            }
            "integer" | "float" => Ok(Val::Num(self.text(n).parse().map_err(|_| "a number")?)),
            "call" if let Some(seconds) = self.timedelta(n) => Ok(Val::Delta(seconds)),
            "identifier" => match self.vars.get(self.text(n)) {
                Some(v) => Ok(v.clone()),
                None => Err(format!("`{}` is not known here", self.text(n))),
            },
            "true" | "false" | "none" => Ok(Val::Text(Text::lit(self.text(n)))),
            "call" if self.truth(n).is_some() => Ok(Val::Truth(self.truth(n).ok_or("a test")?)),
            "call" if self.connection(n).is_some() => self.connection(n).ok_or("a connection")?,
            "call"
                if matches!(
                    self.callee(n).as_str(),
                    "urllib.parse.urlparse"
                        | "urllib.parse.urlsplit"
                        | "urlparse.urlparse"
                        | "urlparse.urlsplit"
                ) =>
            {
                let args = n
                    .child_by_field_name("arguments")
                    .map(named)
                    .unwrap_or_default();
                let [url] = args.as_slice() else {
                    return Err(format!("line {}: a URL parsed with settings", self.line(n)));
                };
                // (Its parts are only read as a connection's: a driver's suffix is no matter.)
                let url = match self.driverless_url(*url) {
                    Some(url) => url,
                    None => self.value(*url)?,
                };
                // Only a URL the caller gives: one written in the script is its own text.
                if !matches!(url.0.as_slice(), [Piece::Var(..)]) {
                    return Err(format!(
                        "line {}: `{}` is computed when the script runs",
                        self.line(n),
                        self.text(n)
                    ));
                }
                Ok(Val::UrlParts(url))
            }
            "call" if self.callee(n) == "sqlalchemy.create_engine" => {
                let args = n
                    .child_by_field_name("arguments")
                    .map(named)
                    .unwrap_or_default();
                match args.as_slice() {
                    [url] if url.kind() != "keyword_argument" => Ok(Val::Engine(self.value(*url)?)),
                    _ => Err(format!(
                        "line {}: engine settings probekit does not read",
                        self.line(n)
                    )),
                }
            }
            // `nagios = Nagios()` of a class of constants: its attributes, as the class's.
            "call"
                if n.child_by_field_name("arguments")
                    .is_some_and(|a| named(a).is_empty())
                    && n.child_by_field_name("function").is_some_and(|f| {
                        matches!(
                            self.vars.get(self.text(f)),
                            Some(Val::Enum { plain: true, .. })
                        )
                    }) =>
            {
                let class = n.child_by_field_name("function").ok_or("a class")?;
                self.value_any(class)
            }
            "call" if self.content(n).is_some() => {
                let (path, stripped) = self.content(n).ok_or("a file's content")?;
                Ok(Val::Content(path, stripped))
            }
            // `pid = int(f.read())`: the id a pidfile holds (int() takes blanks around it).
            "call"
                if self.callee(n) == "int"
                    && let Some(args) = n.child_by_field_name("arguments").map(named)
                    && let [x] = args.as_slice()
                    && self.content(*x).is_some() =>
            {
                let (path, _) = self.content(*x).ok_or("a file's content")?;
                Ok(Val::Pid(path))
            }
            "call"
                if self.is_call_to(
                    n,
                    &[
                        "ssl._create_unverified_context",
                        "_create_unverified_context",
                    ],
                ) =>
            {
                Ok(Val::Unverified)
            }
            // The system's trust store, and the host name checked: as a request without a
            // context. (A `cafile`, or any other argument, is another trust.)
            "call"
                if self
                    .is_call_to(n, &["ssl.create_default_context", "create_default_context"])
                    && n.child_by_field_name("arguments")
                        .is_some_and(|a| named(a).is_empty()) =>
            {
                Ok(Val::TlsContext {
                    verify: true,
                    hostname: true,
                })
            }
            "dictionary" => {
                let mut entries = Vec::new();
                for pair in named(n) {
                    let (Some(k), Some(v)) = (
                        pair.child_by_field_name("key"),
                        pair.child_by_field_name("value"),
                    ) else {
                        return Err(format!(
                            "line {}: a dictionary probekit cannot read",
                            self.line(n)
                        ));
                    };
                    let key = self
                        .value(k)?
                        .as_literal()
                        .ok_or_else(|| format!("line {}: a computed key", self.line(n)))?;
                    let value = match self.value_any(v) {
                        Err(e) => self.url_part(v).ok_or(e)?,
                        Ok(value) => value,
                    };
                    entries.push((key, value));
                }
                Ok(Val::Dict(entries))
            }
            "attribute" if self.enum_member(n).is_some() => {
                self.enum_member(n).ok_or_else(|| "an enum member".into())
            }
            "subscript" => {
                let base = n.child_by_field_name("value").ok_or("a subscript")?;
                // `state[0]` of a constant `(2, "CRITICAL")`.
                if let Some(Val::Tuple(items)) = self.vars.get(self.text(base)) {
                    let index: i64 = n
                        .child_by_field_name("subscript")
                        .and_then(|i| self.text(i).parse().ok())
                        .ok_or_else(|| format!("line {}: a computed index", self.line(n)))?;
                    let at = if index < 0 {
                        items.len() as i64 + index
                    } else {
                        index
                    };
                    return usize::try_from(at)
                        .ok()
                        .and_then(|i| items.get(i))
                        .cloned()
                        .ok_or_else(|| format!("line {}: an index out of range", self.line(n)));
                }
                if let Some(Val::Dict(entries)) = self.vars.get(self.text(base)) {
                    let key = self
                        .value(n.child_by_field_name("subscript").ok_or("a subscript")?)?
                        .as_literal()
                        .ok_or_else(|| format!("line {}: a computed key", self.line(n)))?;
                    return entries
                        .iter()
                        .find(|(k, _)| *k == key)
                        .map(|(_, v)| v.clone())
                        .ok_or_else(|| {
                            format!("line {}: `{key}` is not in the table", self.line(n))
                        });
                }
                self.value(n).map(Val::Text)
            }
            _ => self.value(n).map(Val::Text),
        }
    }

    /// `urllib.request.Request(url, headers={…}, method=…)`, before `urlopen` sends it.
    fn request(&mut self, n: Node) -> Result<Val, Unsupported> {
        let line = self.line(n);
        let args = n
            .child_by_field_name("arguments")
            .map(named)
            .unwrap_or_default();
        let mut url = None;
        let mut method = None;
        let mut headers = Vec::new();
        let mut body = None;
        let data = |me: &Self, v: Node| -> Result<Option<Text>, Unsupported> {
            if me.text(v) == "None" {
                return Ok(None);
            }
            // urllib takes bytes only: text raises `TypeError` when it is sent.
            if !me.is_bytes(v) {
                return Err(format!(
                    "line {line}: data that may be text, which urllib refuses"
                ));
            }
            // `data=b"{}"`: bytes written as printable ASCII are that text.
            if let Some(text) = plain_bytes(me.text(v)) {
                return Ok(Some(Text::lit(text)));
            }
            Ok(Some(me.value(v)?))
        };
        for a in &args {
            if a.kind() == "keyword_argument" {
                let key = a
                    .child_by_field_name("name")
                    .map(|k| self.text(k))
                    .unwrap_or("");
                let v = a.child_by_field_name("value").ok_or("a keyword")?;
                match key {
                    "url" => url = Some(self.value(v)?),
                    "method" => method = Some(self.value(v)?.as_literal().ok_or("a method")?),
                    "headers" => headers = self.headers(v, line)?,
                    "data" => body = data(self, v)?,
                    _ => return Err(format!("line {line}: a request probekit cannot read")),
                }
            } else if url.is_none() {
                url = Some(self.value(*a)?);
            } else if body.is_none() && method.is_none() && headers.is_empty() {
                // `Request(url, data)`: the second is the data.
                body = data(self, *a)?;
            } else {
                return Err(format!("line {line}: a request probekit cannot read"));
            }
        }
        Ok(Val::Request {
            url: url.ok_or_else(|| format!("line {line}: a request without a URL"))?,
            headers,
            method,
            body,
        })
    }

    /// `headers={"Accept": "application/json", "X-Api-Key": KEY}`: a credential's literal
    /// value is moved to `${VAR}`.
    fn headers(&mut self, h: Node, line: usize) -> Result<Vec<(String, Text)>, Unsupported> {
        // `headers = {…}` earlier, then `headers=headers`.
        if h.kind() == "identifier"
            && let Some(Val::Dict(entries)) = self.vars.get(self.text(h))
        {
            let entries = entries.clone();
            return entries
                .into_iter()
                .map(|(k, v)| match v {
                    Val::Text(t) => Ok(self.header(k, t, line)),
                    _ => Err(format!("line {line}: headers probekit cannot read")),
                })
                .collect();
        }
        if h.kind() != "dictionary" {
            return Err(format!("line {line}: headers probekit cannot read"));
        }
        let mut headers = Vec::new();
        for pair in named(h) {
            let k = self
                .value(pair.child_by_field_name("key").ok_or("a header")?)?
                .as_literal()
                .ok_or("a header name")?;
            let v = self.value(pair.child_by_field_name("value").ok_or("a header")?)?;
            headers.push(self.header(k, v, line));
        }
        Ok(headers)
    }

    /// A header as the suite writes it: a credential's literal value moved to `${VAR}`.
    fn header(&mut self, name: String, value: Text, line: usize) -> (String, Text) {
        match value.as_literal() {
            // An empty value gives nothing away.
            Some(lit) if is_secret_header(&name) && !lit.is_empty() => {
                let var = credential_var(&name);
                self.warnings.push(Warning {
                    line,
                    message: format!(
                        "the value of header `{name}` was replaced by ${{{var}}}: set it in the environment"
                    ),
                });
                self.secrets.push(credential(&lit, &var).0.to_string());
                (name, credential(&lit, &var).1)
            }
            _ => (name, value),
        }
    }

    /// `url.replace("postgresql+asyncpg://", "postgresql://")` (or `mysql+pymysql://` to
    /// `mysql://`), of a URL the script knows as text: that URL, whose driver a database probe
    /// does not read.
    fn driverless_url(&self, n: Node) -> Option<Text> {
        if n.kind() == "identifier"
            && let Some(Val::DbUrl(t)) = self.vars.get(self.text(n))
        {
            return Some(t.clone());
        }
        let (object, args) = self.method_call(n, "replace")?;
        // (`replace(FROM, TO, 1)`: the first occurrence, the scheme at the start.)
        let (from, to) = match args.as_slice() {
            [from, to] => (from, to),
            [from, to, count] if self.text(*count).parse::<u32>().is_ok_and(|c| c >= 1) => {
                (from, to)
            }
            _ => return None,
        };
        let from = self.value(*from).ok()?.as_literal()?;
        let to = self.value(*to).ok()?.as_literal()?;
        let (scheme, driver) = from.strip_suffix("://")?.split_once('+')?;
        let plain = match scheme {
            "postgresql" | "postgres" => matches!(to.as_str(), "postgresql://" | "postgres://"),
            "mysql" => to == "mysql://",
            _ => false,
        };
        let driver_name = !driver.is_empty()
            && driver
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_');
        (plain && driver_name)
            .then(|| self.value(object).ok())
            .flatten()
    }

    /// `os.environ["ADDR"].split(":")` of a whole value the caller gives: that value.
    fn split_address(&self, n: Node) -> Option<Text> {
        let (object, args) = self.method_call(n, "split")?;
        let sep = match args.as_slice() {
            [sep] => *sep,
            [sep, most] if self.text(*most) == "1" => *sep,
            _ => return None,
        };
        if self.value(sep).ok()?.as_literal()? != ":" {
            return None;
        }
        let whole = self.value(object).ok()?;
        matches!(whole.0.as_slice(), [Piece::Var(..)]).then_some(whole)
    }

    /// `X.split(":")[0]` (the host) or `int(X.split(":")[1])` (the port, as a number or not).
    fn address_half(&self, n: Node) -> Option<(Text, usize)> {
        let n = if n.kind() == "call" && self.callee(n) == "int" {
            match named(n.child_by_field_name("arguments")?).as_slice() {
                [one] => *one,
                _ => return None,
            }
        } else {
            n
        };
        if n.kind() != "subscript" {
            return None;
        }
        let k = match self.text(n.child_by_field_name("subscript")?) {
            "0" => 0,
            "1" => 1,
            _ => return None,
        };
        Some((self.split_address(n.child_by_field_name("value")?)?, k))
    }

    /// `(host, int(port))` of the two halves of one address: the address.
    fn address_halves(&self, host: Node, port: Node) -> Option<Text> {
        let half = |n: Node| match self.vars.get(self.text(n)) {
            Some(Val::AddressHalf(t, k)) if n.kind() == "identifier" => Some((t.clone(), *k)),
            _ => None,
        };
        let port = if port.kind() == "call" && self.callee(port) == "int" {
            match named(port.child_by_field_name("arguments")?).as_slice() {
                [one] => *one,
                _ => return None,
            }
        } else {
            port
        };
        let (h, 0) = half(host)? else { return None };
        let (p, 1) = half(port)? else { return None };
        (h == p).then_some(h)
    }

    /// `OBJECT.METHOD(ARGS)`: the object and the arguments.
    fn method_call<'n>(&self, n: Node<'n>, method: &str) -> Option<(Node<'n>, Vec<Node<'n>>)> {
        let function = n
            .child_by_field_name("function")
            .filter(|_| n.kind() == "call")?;
        if self.text(function.child_by_field_name("attribute")?) != method {
            return None;
        }
        Some((
            function.child_by_field_name("object")?,
            named(n.child_by_field_name("arguments")?),
        ))
    }

    /// A string value (with `${VAR}` for the environment).
    fn value(&self, n: Node) -> Result<Text, Unsupported> {
        let what = || {
            format!(
                "line {}: `{}` is computed when the script runs",
                self.line(n),
                self.text(n)
            )
        };
        if let Some(v) = self.int_arithmetic(n) {
            return Ok(Text::lit(v.to_string()));
        }
        match n.kind() {
            "string" => self.string(n).ok_or_else(what),
            // `"a" f"{b}"`: the texts one after the other.
            "concatenated_string" => {
                let mut out = Text::default();
                for part in named(n) {
                    match part.kind() {
                        "string" => out.append(self.string(part).ok_or_else(what)?),
                        "comment" => {}
                        _ => return Err(what()),
                    }
                }
                Ok(out)
            }
            // As Python writes it: `18_200` and `0x4718` are 18200; a float only as written
            // plainly (`2.5`, not `1e3` or `2_0.5`, which Python writes otherwise).
            "integer" => python_int(self.text(n))
                .map(|v| Text::lit(v.to_string()))
                .ok_or_else(what),
            "float" => {
                let t = self.text(n);
                let plain = t.chars().all(|c| c.is_ascii_digit() || c == '.')
                    && t.matches('.').count() == 1;
                // Python's shortest round trip (`2.50` is `2.5`, `1.` is `1.0`), which Rust's
                // `{:?}` writes alike where neither takes an exponent.
                match t.parse::<f64>() {
                    Ok(v) if plain && (v == 0.0 || (0.001..1e15).contains(&v)) => {
                        Ok(Text::lit(format!("{v:?}")))
                    }
                    _ => Err(what()),
                }
            }
            "parenthesized_expression" => match named(n).as_slice() {
                [inner] => self.value(*inner),
                _ => Err(what()),
            },
            // `os.environ.get("URL") or "http://localhost"`: the default where the variable is
            // unset or empty, which is what the suite's `${URL:-http://localhost}` reads.
            "boolean_operator" => self.env_or(n).ok_or_else(what),

            // A parameter holding an option that may be None: only a request's target takes it.
            "identifier" if self.optional_params.contains_key(self.text(n)) => {
                let dest = &self.optional_params[self.text(n)];
                if !self.in_target.get() {
                    return Err(format!(
                        "line {}: `{}` is None when the caller does not give it",
                        self.line(n),
                        self.text(n)
                    ));
                }
                self.target_options.borrow_mut().push(dest.clone());
                Ok(Text(vec![Piece::Var(dest.clone(), None)]))
            }
            "identifier" => match self.vars.get(self.text(n)) {
                Some(Val::Text(t)) => Ok(t.clone()),
                Some(Val::Num(v)) => Ok(Text::lit(if v.fract() == 0.0 {
                    format!("{}", *v as i64)
                } else {
                    v.to_string()
                })),
                _ => Err(what()),
            },
            "binary_operator"
                if n.child_by_field_name("operator").map(|o| self.text(o)) == Some("%") =>
            {
                // `"http://127.0.0.1:%s/health" % port`, `"%s:%d" % (host, port)`
                let format = self
                    .value(n.child_by_field_name("left").ok_or_else(what)?)?
                    .as_literal()
                    .ok_or_else(what)?;
                let right = n.child_by_field_name("right").ok_or_else(what)?;
                let values = match right.kind() {
                    "tuple" => named(right),
                    _ => vec![right],
                };
                let mut values = values.into_iter();
                let mut out = Text::default();
                let mut rest = format.as_str();
                while let Some(at) = rest.find('%') {
                    out.push_lit(&rest[..at]);
                    let spec = rest[at + 1..].chars().next().ok_or_else(what)?;
                    match spec {
                        '%' => out.push_lit("%"),
                        's' => out.append(self.value(values.next().ok_or_else(what)?)?),
                        // `%d` of text is a TypeError.
                        'd' | 'i' => {
                            let v = values.next().ok_or_else(what)?;
                            if self.num_const(v).is_none() {
                                return Err(what());
                            }
                            out.append(self.value(v)?)
                        }
                        _ => return Err(what()),
                    }
                    rest = &rest[at + 2..];
                }
                out.push_lit(rest);
                if values.next().is_some() {
                    return Err(what());
                }
                Ok(out)
            }
            "binary_operator" => {
                let op = n.child_by_field_name("operator").map(|o| self.text(o));
                if op != Some("+") {
                    return Err(what());
                }
                // `"http://" + host + ":" + port` of a number `port` is a TypeError, not text.
                let numeric = |side: &str| {
                    n.child_by_field_name(side)
                        .is_some_and(|x| x.kind() != "string" && self.num_const(x).is_some())
                };
                if numeric("left") || numeric("right") {
                    return Err(what());
                }
                // `"Bearer " + os.environ.get("TOKEN")`: None where the variable is unset, which
                // `+` refuses (the script fails there), as the probe does on a variable without
                // a default.
                let part = |side: &str| -> Result<Text, Unsupported> {
                    let x = n.child_by_field_name(side).ok_or_else(what)?;
                    if let Some([name]) = self.env_get_args(x).as_deref() {
                        let name = self.value(*name)?.as_literal().ok_or_else(what)?;
                        return self.environment_value(name, None, x);
                    }
                    self.value(x)
                };
                let mut t = part("left")?;
                t.append(part("right")?);
                Ok(t)
            }
            "call" => {
                let callee = self.callee(n);
                let f = callee.as_str();
                let args: Vec<Node> = n
                    .child_by_field_name("arguments")
                    .map(named)
                    .unwrap_or_default();
                // args.get("url") on `args = vars(parser.parse_args())`.
                if f.ends_with(".get")
                    && let [key] = args.as_slice()
                    && let Some(base) = n
                        .child_by_field_name("function")
                        .and_then(|f| f.child_by_field_name("object"))
                    && let Some(v) = self.argument_in_dict(base, *key, n)
                {
                    return v;
                }
                // `args.url.rstrip("/")`, `os.environ.get("BASE", "http://h:8080/").rstrip("/")`:
                // written text loses its trailing slashes now; a value the caller gives is
                // taken as given, with a warning on the line.
                if f.ends_with(".rstrip")
                    && let [slash] = args.as_slice()
                    && matches!(self.text(*slash), "\"/\"" | "'/'")
                    && let Some(object) = n
                        .child_by_field_name("function")
                        .and_then(|f| f.child_by_field_name("object"))
                {
                    let mut v = self.value(object)?;
                    if let Some(literal) = v.as_literal() {
                        return Ok(Text::lit(literal.trim_end_matches('/')));
                    }
                    match v.0.last_mut() {
                        Some(Piece::Lit(tail)) => {
                            *tail = tail.trim_end_matches('/').to_string();
                        }
                        Some(Piece::Var(name, default)) => {
                            if let Some(d) = default {
                                *d = d.trim_end_matches('/').to_string();
                            }
                            // An option whose default ends in `/` would give the probe `//`
                            // when the caller gives nothing.
                            if self.arguments.iter().any(|a| {
                                a.dest == *name
                                    && a.default.as_deref().is_some_and(|d| d.ends_with('/'))
                            }) {
                                return Err(what());
                            }
                            self.late_timeouts.borrow_mut().push(Warning {
                                line: self.line(n),
                                message: format!(
                                    "the suite takes `{name}` as given, where the script removes a trailing `/` from it (`.rstrip(\"/\")`): give it without one"
                                ),
                            });
                        }
                        _ => return Err(what()),
                    }
                    return Ok(v);
                }
                // `os.environ.get("HOST", "localhost").strip()`: written text without the blanks
                // around it now; a value the caller gives as given, with a warning.
                if f.ends_with(".strip")
                    && args.is_empty()
                    && let Some(object) = n
                        .child_by_field_name("function")
                        .and_then(|f| f.child_by_field_name("object"))
                {
                    let v = self.value(object)?;
                    if let Some(literal) = v.as_literal() {
                        return Ok(Text::lit(literal.trim()));
                    }
                    let from_caller = v.0.iter().all(|p| match p {
                        Piece::Var(..) | Piece::Trim(..) => true,
                        Piece::Lit(t) => t.is_empty(),
                        Piece::File(_) => false,
                    });
                    if !from_caller {
                        return Err(what());
                    }
                    self.late_timeouts.borrow_mut().push(Warning {
                        line: self.line(n),
                        message: format!(
                            "the suite takes `{}` as given, where the script removes the blanks around it (`.strip()`): give it without them",
                            v.render()
                        ),
                    });
                    return Ok(v);
                }
                if let Some(object) = f.strip_suffix(".format") {
                    // `"http://{}:{}/health".format(host, port)`, `"{host}".format(host=h)`
                    let function = n.child_by_field_name("function").ok_or_else(what)?;
                    let template = function
                        .child_by_field_name("object")
                        .filter(|o| self.text(*o) == object)
                        .ok_or_else(what)?;
                    let format = self.value(template)?.as_literal().ok_or_else(what)?;
                    let mut out = Text::default();
                    let mut rest = format.as_str();
                    let mut next = 0;
                    while let Some(at) = rest.find(['{', '}']) {
                        out.push_lit(&rest[..at]);
                        if rest[at..].starts_with("{{") || rest[at..].starts_with("}}") {
                            out.push_lit(&rest[at..at + 1]);
                            rest = &rest[at + 2..];
                            continue;
                        }
                        let close = rest[at..].find('}').ok_or_else(what)? + at;
                        let field = &rest[at + 1..close];
                        let name = field.split([':', '!']).next().unwrap_or("");
                        let spec = field.get(name.len() + 1..).unwrap_or("");
                        if !matches!(spec, "" | "s" | "d") {
                            return Err(what());
                        }
                        let arg = if name.is_empty() {
                            next += 1;
                            args.get(next - 1).copied()
                        } else if let Ok(k) = name.parse::<usize>() {
                            args.get(k).copied()
                        } else {
                            keyword_arg(self.src, &args, name)
                        };
                        let arg =
                            arg.filter(|a| a.kind() != "keyword_argument" || !name.is_empty());
                        out.append(self.value(arg.ok_or_else(what)?)?);
                        rest = &rest[close + 1..];
                    }
                    out.push_lit(rest);
                    return Ok(out);
                }
                match f {
                    "os.environ.get" | "os.getenv" => {
                        let name = self
                            .value(*args.first().ok_or_else(what)?)?
                            .as_literal()
                            .ok_or_else(what)?;
                        // The default in probekit's form: it may name another variable
                        // (`os.environ.get("DB", os.environ.get("USER", "pg"))`).
                        let default = match args.get(1) {
                            Some(d) => Some(self.value(*d)?.render()),
                            None => Some(String::new()),
                        };
                        self.environment_value(name, default, n)
                    }
                    // python-decouple's `config("DB_HOST", default="db", cast=int)`: the
                    // environment's value (a `.env` or `settings.ini` beside the script, which
                    // decouple also reads, is warned of), else the default; without one, an
                    // unset variable raises.
                    "decouple.config" => {
                        let positional: Vec<Node> = args
                            .iter()
                            .copied()
                            .filter(|a| a.kind() != "keyword_argument")
                            .collect();
                        let keyword = |k: &str| keyword_arg(self.src, &args, k);
                        let [name] = positional.as_slice() else {
                            return Err(what());
                        };
                        if keyword("cast")
                            .is_some_and(|c| !matches!(self.text(c), "int" | "str" | "float"))
                        {
                            return Err(what());
                        }
                        let name = self.value(*name)?.as_literal().ok_or_else(what)?;
                        let default = match keyword("default") {
                            Some(d) => Some(self.value(d)?.render()),
                            None => None,
                        };
                        self.decouple_reads.borrow_mut().insert(self.line(n));
                        self.environment_value(name, default, n)
                    }
                    "str" => self.value(*args.first().ok_or_else(what)?),
                    "int" | "float" => self.value(*args.first().ok_or_else(what)?),
                    // `json.dumps({"jsonrpc": "2.0", "id": 1})`: the text Python writes for a
                    // value the script writes out.
                    "json.dumps" => match args.as_slice() {
                        [v] if v.kind() != "keyword_argument" => {
                            self.json_dumps_literal(*v).map(Text::lit).ok_or_else(what)
                        }
                        _ => Err(what()),
                    },
                    // `payload.encode()`: the text's UTF-8 bytes, which a body sends as the
                    // suite sends its text.
                    _ if f.ends_with(".encode")
                        && match args.as_slice() {
                            [] => true,
                            [codec] => matches!(
                                self.text(*codec).to_ascii_lowercase().as_str(),
                                "\"utf-8\"" | "'utf-8'" | "\"utf8\"" | "'utf8'"
                            ),
                            _ => false,
                        } =>
                    {
                        let object = n
                            .child_by_field_name("function")
                            .and_then(|f| f.child_by_field_name("object"))
                            .ok_or_else(what)?;
                        // Escapes as written (`"x=\u00e9"`) are not read as what they stand for.
                        if self.text(object).contains('\\') {
                            return Err(what());
                        }
                        self.value(object)
                    }
                    _ => Err(what()),
                }
            }
            // `sys.argv[1] if len(sys.argv) > 1 else "http://…"`: the argument where given.
            "conditional_expression" => {
                let parts = named(n);
                let [given, cond, default] = parts.as_slice() else {
                    return Err(what());
                };
                // `"https" if os.environ.get("TLS") else "http"`: this reading's way.
                match self.settled_test(*cond)? {
                    Some(true) => return self.value(*given),
                    Some(false) => return self.value(*default),
                    None => {}
                }
                // `int(sys.argv[2]) if len(sys.argv) > 2 else 5432`: the conversion fails the
                // script where the probe's value fails it.
                let given = match given.kind() {
                    "call"
                        if matches!(self.callee(*given).as_str(), "int" | "str" | "float")
                            && given
                                .child_by_field_name("arguments")
                                .is_some_and(|a| named(a).len() == 1) =>
                    {
                        given
                            .child_by_field_name("arguments")
                            .and_then(|a| named(a).first().copied())
                            .ok_or_else(what)?
                    }
                    _ => *given,
                };
                let k = given
                    .child_by_field_name("subscript")
                    .filter(|_| {
                        given.kind() == "subscript"
                            && given.child_by_field_name("value").map(|v| self.text(v))
                                == Some("sys.argv")
                    })
                    .and_then(|k| self.text(k).parse::<usize>().ok())
                    .filter(|k| (1..=9).contains(k))
                    .ok_or_else(what)?;
                let test: String = self.text(*cond).split_whitespace().collect();
                if test != format!("len(sys.argv)>{k}")
                    && test != format!("len(sys.argv)>={}", k + 1)
                {
                    return Err(what());
                }
                let default = self.value(*default)?.render();
                self.optional_argv.set(self.optional_argv.get().max(k));
                if self.argv_line.get() == 0 {
                    self.argv_line.set(self.line(n));
                }
                Ok(Text(vec![Piece::Var(positional_name(k), Some(default))]))
            }
            "subscript" => {
                // sys.argv[1]: the suite's positional argument `arg1`; `args[0]` of a
                // parameter given `sys.argv[1:]` is `sys.argv[1]` (in a script that parses no
                // options, which the suite's would take apart from the words).
                let words_before = n.child_by_field_name("value").and_then(|v| {
                    if self.text(v) == "sys.argv" {
                        Some(0)
                    } else {
                        (v.kind() == "identifier"
                            && matches!(self.vars.get(self.text(v)), Some(Val::Argv))
                            && !["argparse", "optparse", "getopt"]
                                .iter()
                                .any(|m| self.src.contains(m)))
                        .then_some(1)
                    }
                });
                if let Some(before) = words_before {
                    let k = n
                        .child_by_field_name("subscript")
                        .filter(|k| k.kind() == "integer")
                        .and_then(|k| self.text(k).parse::<usize>().ok())
                        .map(|k| k + before)
                        .filter(|k| (1..=9).contains(k))
                        .ok_or_else(what)?;
                    self.read_argv(k, n);
                    return Ok(Text(vec![Piece::Var(positional_name(k), None)]));
                }
                // args["url"] on `args = vars(parser.parse_args())`.
                if let (Some(base), Some(key)) = (
                    n.child_by_field_name("value"),
                    n.child_by_field_name("subscript"),
                ) && let Some(v) = self.argument_in_dict(base, key, n)
                {
                    return v;
                }
                // `settings["host"]` of a dictionary written once.
                if let Some(entry) = self.constant_entry(n) {
                    return self.value(entry);
                }
                // os.environ["NAME"]
                if n.child_by_field_name("value").map(|v| self.text(v)) == Some("os.environ") {
                    let name = self
                        .value(n.child_by_field_name("subscript").ok_or_else(what)?)?
                        .as_literal()
                        .ok_or_else(what)?;
                    return Ok(Text(vec![Piece::Var(name, None)]));
                }
                // `os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0]`
                if let Some(t) = self.split_element(n)? {
                    return Ok(t);
                }
                Err(what())
            }
            "attribute" => {
                // `HTTPStatus.OK`, `httplib.FOUND`, `requests.codes.ok`: the status.
                if let Some(code) = http_status_constant(self.text(n)) {
                    return Ok(Text::lit(code.to_string()));
                }
                // `self.url` of an instance, `Config.URL` of a class of constants.
                let plain = n.child_by_field_name("object").is_some_and(|o| {
                    matches!(
                        self.vars.get(self.text(o)),
                        Some(Val::Enum { plain: true, .. })
                    )
                });
                match self.enum_member(n).filter(|_| plain) {
                    Some(Val::Text(t)) => return Ok(t),
                    Some(Val::Num(v)) => return Ok(Text::lit(v.to_string())),
                    _ => {}
                }
                // args.url: the suite argument of the same name.
                let attr = n
                    .child_by_field_name("attribute")
                    .map(|a| self.text(a))
                    .unwrap_or("");
                self.argument_value(attr, n).unwrap_or_else(|| Err(what()))
            }
            _ => Err(what()),
        }
    }

    /// A string literal, f-strings included; `None` for bytes or computed parts.
    fn string(&self, n: Node) -> Option<Text> {
        if n.kind() != "string" {
            return None;
        }
        let raw = self.text(n);
        let prefix: String = raw
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect::<String>()
            .to_lowercase();
        if prefix.contains('b') {
            return None;
        }
        let is_raw = prefix.contains('r');
        let mut out = Text::default();
        for c in named(n) {
            match c.kind() {
                "string_start" | "string_end" => {}
                "string_content" => {
                    let t = self.text(c);
                    out.push_lit(&if is_raw {
                        t.to_string()
                    } else {
                        crate::escapes::unescape(t)
                    });
                }
                "escape_sequence" => out.push_lit(&crate::escapes::unescape(self.text(c))),
                "interpolation" => {
                    let expr = c.child_by_field_name("expression")?;
                    // `{port:>6}` pads, `{name!r}` quotes, `{x=}` writes the name too: only
                    // the value as `str` gives it (`!s`).
                    let mut cursor = c.walk();
                    let plain = c.children(&mut cursor).all(|k| {
                        k.id() == expr.id()
                            || matches!(k.kind(), "{" | "}")
                            || (k.kind() == "type_conversion" && self.text(k) == "!s")
                    });
                    if !plain {
                        return None;
                    }
                    out.append(self.value(expr).ok()?);
                }
                _ => return None,
            }
        }
        Some(out)
    }
}

impl Draft {
    fn check_is_http(&self) -> bool {
        matches!(self.check, Check::Http { .. })
    }

    /// A login to a database (postgres, mysql), whose connection a script may query.
    fn logs_in(&self) -> bool {
        matches!(self.check, Check::Database { engine, .. } if engine != "redis")
    }
}

/// SQL that any session a server let in answers (`SELECT 1`, `SELECT version()`): querying it
/// checks nothing the login did not.
pub(super) fn trivial_query(sql: &str) -> bool {
    let q = sql.trim().trim_end_matches(';').trim().to_ascii_lowercase();
    let Some(what) = q.strip_prefix("select") else {
        return false;
    };
    matches!(
        what.trim(),
        "1" | "1 as ok"
            | "version()"
            | "now()"
            | "current_timestamp"
            | "current_date"
            | "true"
            | "'ok'"
    )
}

fn set_expect(d: &mut Draft, key: &str, value: Yaml) {
    d.expect.retain(|(k, _)| k != key);
    d.expect.insert(0, (key.to_string(), value));
}

fn push_body(d: &mut Draft, rule: (String, Yaml)) {
    let key = "body".to_string();
    match d.expect.iter_mut().find(|(k, _)| *k == key) {
        Some((_, Yaml::Flow(rules))) => {
            if let Some((_, existing)) = rules.iter_mut().find(|(k, _)| *k == rule.0) {
                // Two rules of one kind: merge JSON paths; otherwise keep the first.
                match (existing, rule.1) {
                    (Yaml::Flow(a), Yaml::Flow(b)) => a.extend(b),
                    (Yaml::List(list), Yaml::Flow(b)) => {
                        list.extend(b.into_iter().map(|(p, v)| {
                            Yaml::Flow(vec![("path".into(), Yaml::str(p)), ("equals".into(), v)])
                        }));
                    }
                    _ => {}
                }
            } else {
                rules.push(rule);
            }
        }
        _ => d.expect.push((key, Yaml::Flow(vec![rule]))),
    }
}

/// The probe's `body: {json: …}`, if it has one.
fn body_json(d: &mut Draft) -> Option<&mut Yaml> {
    d.expect
        .iter_mut()
        .find_map(|(k, v)| match (k.as_str(), v) {
            ("body", Yaml::Flow(rules)) => {
                rules.iter_mut().find(|(k, _)| k == "json").map(|(_, j)| j)
            }
            _ => None,
        })
}

/// The `exists: true` rules another rule implies: `$` when any other rule is there (each
/// parses the body), a path when another rule requires a value there.
fn prune_implied_json_rules(d: &mut Draft) {
    let Some(Yaml::List(rules)) = body_json(d) else {
        return;
    };
    let parts = |r: &Yaml| -> Option<(String, String)> {
        let Yaml::Flow(pairs) = r else { return None };
        let path = pairs.iter().find_map(|(k, v)| match (k.as_str(), v) {
            ("path", Yaml::Str(p)) => Some(p.clone()),
            _ => None,
        })?;
        let test = pairs
            .iter()
            .find(|(k, _)| k != "path")
            .map(|(k, _)| k.clone())?;
        Some((path, test))
    };
    let tests: Vec<Option<(String, String)>> = rules.iter().map(parts).collect();
    let implied = |i: usize| -> bool {
        let Some((path, test)) = &tests[i] else {
            return false;
        };
        if test != "exists"
            || !matches!(&rules[i], Yaml::Flow(p) if p.iter().any(|(k, v)| k == "exists" && *v == Yaml::Bool(true)))
        {
            return false;
        }
        tests.iter().enumerate().any(|(j, t)| {
            j != i
                && t.as_ref().is_some_and(|(p, k)| {
                    path == "$"
                        || (p == path
                            && matches!(
                                k.as_str(),
                                "equals" | "value" | "length" | "matches" | "type"
                            ))
                })
                && (path != "$" || j < i || t.as_ref().is_some_and(|(p, _)| p != "$"))
        })
    };
    // Implied, or the same rule again.
    let keep: Vec<bool> = (0..rules.len())
        .map(|i| !implied(i) && !rules[..i].contains(&rules[i]))
        .collect();
    let mut i = 0;
    rules.retain(|_| {
        let k = keep[i];
        i += 1;
        k
    });
    // Equalities alone read best as the map (`json: {status: UP}`).
    let equalities: Option<Vec<(String, Yaml)>> = rules
        .iter()
        .map(|r| match r {
            Yaml::Flow(pairs) => match pairs.as_slice() {
                [(p, Yaml::Str(path)), (e, value)] if p == "path" && e == "equals" => {
                    Some((path.clone(), value.clone()))
                }
                _ => None,
            },
            _ => None,
        })
        .collect();
    if let Some(map) = equalities.filter(|m| !m.is_empty())
        && let Some(json) = body_json(d)
    {
        *json = Yaml::Flow(map);
    }
}

/// A JSON rule in the list form (`{path: P, KEY: VALUE}`), beside the rules already there
/// (equalities written as a map become rules of the list).
/// The blocks an `if` may run: its own, each `elif`'s and the `else`'s; `None` where a clause
/// has none.
fn if_branch_blocks(s: Node) -> Option<Vec<Node>> {
    named(s)
        .into_iter()
        .filter_map(|c| match c.kind() {
            "block" => Some(Some(c)),
            "elif_clause" | "else_clause" => Some(
                c.child_by_field_name("consequence")
                    .or_else(|| c.child_by_field_name("body")),
            ),
            _ => None,
        })
        .collect()
}

/// A string as `json.dumps` writes it with `ensure_ascii` (its default): `"`, `\\` and control
/// characters escaped, anything past ASCII as `\uXXXX` (two for what is past the BMP).
fn json_dumps_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn push_json_rule(d: &mut Draft, path: &str, key: &str, value: Yaml) {
    let rule = Yaml::Flow(vec![
        ("path".into(), Yaml::str(path.to_string())),
        (key.into(), value),
    ]);
    let body = match d.expect.iter_mut().find(|(k, _)| k == "body") {
        Some((_, Yaml::Flow(rules))) => rules,
        _ => {
            d.expect.push(("body".into(), Yaml::Flow(Vec::new())));
            match d.expect.last_mut() {
                Some((_, Yaml::Flow(rules))) => rules,
                _ => return,
            }
        }
    };
    match body.iter_mut().find(|(k, _)| k == "json") {
        Some((_, Yaml::List(list))) => list.push(rule),
        Some((_, json)) => {
            let map = match std::mem::replace(json, Yaml::List(Vec::new())) {
                Yaml::Flow(pairs) => pairs,
                _ => Vec::new(),
            };
            let mut list: Vec<Yaml> = map
                .into_iter()
                .map(|(p, v)| Yaml::Flow(vec![("path".into(), Yaml::str(p)), ("equals".into(), v)]))
                .collect();
            list.push(rule);
            *json = Yaml::List(list);
        }
        None => body.push(("json".into(), Yaml::List(vec![rule]))),
    }
}

/// The attempts a loop makes whose handler gives up when `counter OP limit` holds, the
/// counter starting at `start` and moving by `step` per failed attempt (before the test when
/// `stepped_first`). `None` when it never gives up within 1,000 attempts.
fn count_attempts(start: f64, step: f64, op: &str, limit: f64, stepped_first: bool) -> Option<i64> {
    let holds = |v: f64| match op {
        "==" => v == limit,
        ">=" => v >= limit,
        ">" => v > limit,
        "<=" => v <= limit,
        "<" => v < limit,
        _ => false,
    };
    let mut v = start;
    for attempt in 1..=1000 {
        if stepped_first {
            v += step;
        }
        if holds(v) {
            return Some(attempt);
        }
        if !stepped_first {
            v += step;
        }
    }
    None
}

/// `redis://[[user]:password@]host[:port][/db]`; `None` for another scheme (TLS, a Unix
/// socket), a user name, or query settings.
fn redis_url(url: &str) -> Option<RedisClient> {
    let rest = url.strip_prefix("redis://")?;
    if rest.contains('?') {
        return None;
    }
    let (authority, db) = match rest.split_once('/') {
        Some((a, db)) => (a, (!db.is_empty()).then(|| db.to_string())),
        None => (rest, None),
    };
    let (login, hostport) = match authority.rsplit_once('@') {
        Some((l, h)) => (Some(l), h),
        None => (None, authority),
    };
    let password = match login {
        Some(l) => match l.split_once(':') {
            Some(("", p)) => Some(p.to_string()),
            _ => return None,
        },
        None => None,
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => (h, p),
        _ => (hostport, "6379"),
    };
    if port.parse::<u16>().is_err() || host.is_empty() {
        return None;
    }
    let host = host.trim_start_matches('[').trim_end_matches(']');
    Some(RedisClient {
        address: Text::address(Text::lit(host), Text::lit(port)),
        password: password.map(|p| Text::lit(percent_decode(&p))),
        database: db.map(Text::lit),
        timeout: None,
    })
}

/// A database URL as SQLAlchemy and Django read it, split where its separators are written
/// out (`f"postgresql://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}"`): a variable's value is taken
/// whole, as the driver would take the URL the script formatted.
struct DatabaseUrl {
    engine: &'static str,
    address: Text,
    user: Text,
    password: Option<Text>,
    database: Option<Text>,
}

fn database_url(url: &Text) -> Option<DatabaseUrl> {
    // The URL with each variable as one private character, and the variables in order.
    let mut flat = String::new();
    let mut vars: Vec<Piece> = Vec::new();
    for p in &url.0 {
        match p {
            Piece::Lit(l) => {
                if l.chars().any(|c| ('\u{E000}'..='\u{F8FF}').contains(&c)) {
                    return None;
                }
                flat.push_str(l);
            }
            var => {
                flat.push(char::from_u32(0xE000 + u32::try_from(vars.len()).ok()?)?);
                vars.push(var.clone());
            }
        }
    }
    let back = |s: &str| -> Text {
        let mut t = Text::default();
        for c in s.chars() {
            match c as u32 {
                k @ 0xE000..=0xF8FF => t.0.push(vars[(k - 0xE000) as usize].clone()),
                _ => t.push_lit(&c.to_string()),
            }
        }
        t
    };
    let (scheme, rest) = flat.split_once("://")?;
    let engine = match scheme.split('+').next()? {
        "postgresql" | "postgres" | "pgsql" => "postgres",
        "mysql" | "mariadb" => "mysql",
        _ => return None,
    };
    if rest.contains('?') || rest.contains('#') {
        return None;
    }
    let (authority, database) = match rest.split_once('/') {
        Some((a, d)) => (a, (!d.is_empty()).then_some(d)),
        None => (rest, None),
    };
    let (login, hostport) = authority.rsplit_once('@')?;
    let (user, password) = match login.split_once(':') {
        Some((u, p)) => (u, Some(p)),
        None => (login, None),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) if !h.contains('[') || h.ends_with(']') => (h, Some(p)),
        _ => (hostport, None),
    };
    // A URL without a host (or with `localhost` for MySQL's drivers) goes through a Unix socket.
    if user.is_empty() || host.is_empty() || (engine == "mysql" && host == "localhost") {
        return None;
    }
    let default = if engine == "postgres" { "5432" } else { "3306" };
    let decoded = |s: &str| {
        let t = back(s);
        match t.as_literal() {
            Some(l) => Text::lit(percent_decode(&l)),
            None => t,
        }
    };
    Some(DatabaseUrl {
        engine,
        address: Text::address(
            back(host.trim_start_matches('[').trim_end_matches(']')),
            port.map_or_else(|| Text::lit(default), back),
        ),
        user: decoded(user),
        password: password.map(decoded),
        database: database.map(back),
    })
}

/// `%XX` escapes in a URL's user information.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// asyncpg's connect timeout where the script gives none, in seconds.
const ASYNCPG_TIMEOUT: &str = "60";

/// The database a Python driver's `connect` logs in to.
fn database_driver(function: &str) -> Option<&'static str> {
    match function {
        "psycopg2.connect" | "psycopg.connect" | "pg8000.connect" | "asyncpg.connect" => {
            Some("postgres")
        }
        "pymysql.connect" | "MySQLdb.connect" | "mysql.connector.connect" => Some("mysql"),
        _ => None,
    }
}

/// libpq's `connect_timeout` as the probe's timeout: none (0 or less) waits for ever, which a
/// probe does not; less than two seconds is two.
fn libpq_timeout(t: String) -> Result<String, Unsupported> {
    match t.trim_end_matches('s').parse::<f64>() {
        Ok(v) if v <= 0.0 => Err("a `connect_timeout` of 0: libpq waits without end".into()),
        Ok(v) if v < 2.0 => Ok("2s".into()),
        _ => Ok(t),
    }
}

/// libpq's `keyword=value` connection string (`host=db port=5432 dbname=app user=app`,
/// values in single quotes where they hold blanks, `\'` and `\\` escaped in them): the pairs;
/// `None` for a URL or text that is not such a string.
fn libpq_keywords(s: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut chars = s.trim().chars().peekable();
    while chars.peek().is_some() {
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c.is_whitespace() {
                break;
            }
            key.push(c);
            chars.next();
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.next() != Some('=')
            || key.is_empty()
            || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return None;
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        if chars.peek() == Some(&'\'') {
            chars.next();
            loop {
                match chars.next()? {
                    '\\' => value.push(chars.next()?),
                    '\'' => break,
                    c => value.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                if c == '\\' {
                    chars.next();
                    value.push(chars.next()?);
                    continue;
                }
                value.push(c);
                chars.next();
            }
        }
        // libpq's names (not drivers' aliases: `database`, `passwd` are refused by libpq),
        // each once (libpq takes the last of several), none empty.
        if !matches!(
            key.as_str(),
            "host" | "port" | "user" | "password" | "dbname" | "connect_timeout"
        ) || value.is_empty()
            || out.iter().any(|(k, _)| *k == key)
        {
            return None;
        }
        out.push((key, value));
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
    }
    (!out.is_empty()).then_some(out)
}

mod side_report;

/// Whether `value`, written in probekit's form, reads back as the same pieces: a `}` in a
/// default (`${P:-x}y}`) would end it early.
fn writable(value: &Text) -> bool {
    text_of_template(&value.render()).as_ref() == Some(value)
}

/// A text in probekit's form (`${NAME:-default}`) as the pieces it reads as; `None` where it
/// does not read, or reads a file or a removal.
fn text_of_template(text: &str) -> Option<Text> {
    let parsed = crate::suite::EnvString::parse(text).ok()?;
    let mut out = Text::default();
    for p in parsed.pieces() {
        match p {
            crate::suite::Piece::Lit(s) => out.push_lit(s),
            crate::suite::Piece::Var(name, default) => out
                .0
                .push(Piece::Var(name.to_string(), default.map(str::to_string))),
            _ => return None,
        }
    }
    Some(out)
}

/// A postgres URL the caller gives whole (`os.environ["DATABASE_URL"]`), else one put
/// together from the caller's values ([`composed_url`]); a default of the caller's may be
/// either (`os.getenv("DATABASE_URL") or f"postgresql://…"`,
/// `os.getenv("A_URL", os.getenv("DATABASE_URL", "postgresql://…"))`).
fn callers_postgres_url(url: &Text) -> bool {
    match url.0.as_slice() {
        [Piece::Var(_, Some(default))] if default.contains("${") => {
            text_of_template(default).is_some_and(|d| callers_postgres_url(&d))
        }
        [Piece::Var(..)] => true,
        _ => composed_url(url, &["postgresql://", "postgres://"], true),
    }
}

/// A URL put together from the caller's values whose scheme is written, one of `schemes`
/// (never a `+driver` the driver refuses), with no settings after `?` (the driver's to read,
/// not the probe's: `sslmode=require`), and whose password, if it has one, is the caller's
/// alone: nothing of it written in the script, which would otherwise put it in the suite.
/// Every value read has a default, or fails the script where it is unset (`os.environ[…]`):
/// Python writes an unset `os.getenv("USER")` as `None`, which the suite would leave empty.
/// With `login`, the URL has a user and a password (libpq logs in otherwise as the system's
/// user, with `PGPASSWORD` or `~/.pgpass`, where the probe only asks whether the server
/// accepts connections).
fn composed_url(url: &Text, schemes: &[&str], login: bool) -> bool {
    let Some(Piece::Lit(first)) = url.0.first() else {
        return false;
    };
    // (A URL written whole is read as written, elsewhere.)
    if !schemes.iter().any(|s| first.starts_with(s))
        || url.0.iter().all(|p| matches!(p, Piece::Lit(_)))
    {
        return false;
    }
    let defaults_known = url.0.iter().all(|p| match p {
        Piece::Lit(_) => true,
        Piece::Var(_, default) => default.as_deref() != Some(""),
        _ => false,
    });
    if !defaults_known {
        return false;
    }
    // The URL's text with each of the caller's values as one NUL.
    let shape: String = url
        .0
        .iter()
        .map(|p| match p {
            Piece::Lit(s) => s.replace('\0', ""),
            _ => "\0".to_string(),
        })
        .collect();
    if shape.contains('?') {
        return false;
    }
    let authority = shape.split_once("://").map_or("", |(_, rest)| rest);
    let authority = authority.split('/').next().unwrap_or("");
    // One `@` written at most: libpq takes the user and password up to the first, urllib
    // (redis-py) up to the last.
    match authority.split_once('@') {
        Some((_, after)) if after.contains('@') => false,
        Some((userinfo, _)) => match userinfo.split_once(':') {
            Some((user, password)) => {
                password.chars().all(|c| c == '\0')
                    && !(login && (user.is_empty() || password.is_empty()))
            }
            None => !login,
        },
        None => !login,
    }
}

/// Whether identifier `c` is only read where it stands: an operand, an argument's value, the
/// object of an attribute, a callee — not a target, a parameter, a definition's name, an
/// import, a keyword or an attribute's name.
fn plain_read(c: Node) -> bool {
    let Some(p) = c.parent() else { return false };
    let field_is = |f: &str| p.child_by_field_name(f).is_some_and(|x| x.id() == c.id());
    match p.kind() {
        "argument_list"
        | "binary_operator"
        | "comparison_operator"
        | "interpolation"
        | "parenthesized_expression"
        | "boolean_operator"
        | "not_operator"
        | "unary_operator"
        | "conditional_expression"
        | "expression_statement"
        | "return_statement"
        | "list"
        | "set"
        | "expression_list"
        | "if_statement"
        | "elif_clause"
        | "while_statement"
        | "assert_statement"
        | "subscript" => true,
        "call" => field_is("function"),
        "attribute" => field_is("object"),
        "keyword_argument" | "pair" | "assignment" => field_is("value") || field_is("right"),
        _ => false,
    }
}

/// What python3 refuses to compile that the parser reads: a keyword given twice in one call
/// (`get(url, timeout=2, timeout=3)`), a bare `*` last among a function's parameters, a `/`
/// first or twice. The line and what.
fn refused_by_python3(root: Node, src: &str) -> Option<(usize, String)> {
    let text = |n: Node| &src[n.byte_range()];
    let mut found = None;
    walk(root, &mut |n| {
        if found.is_some() {
            return;
        }
        let line = n.start_position().row + 1;
        match n.kind() {
            "argument_list" => {
                let mut seen = HashSet::new();
                for a in named(n) {
                    if a.kind() == "keyword_argument"
                        && let Some(k) = a.child_by_field_name("name")
                        && !seen.insert(text(k))
                    {
                        found = Some((line, format!("the keyword `{}` given twice", text(k))));
                    }
                }
            }
            "parameters" | "lambda_parameters" => {
                let params: Vec<Node> = named(n)
                    .into_iter()
                    .filter(|p| p.kind() != "comment")
                    .collect();
                let slashes = params
                    .iter()
                    .filter(|p| p.kind() == "positional_separator")
                    .count();
                let bare_star_last = params
                    .last()
                    .is_some_and(|p| p.kind() == "keyword_separator");
                let slash_first = params
                    .first()
                    .is_some_and(|p| p.kind() == "positional_separator");
                if bare_star_last || slash_first || slashes > 1 {
                    found = Some((line, format!("the parameters `{}`", text(n))));
                }
            }
            _ => {}
        }
    });
    found
}

/// The function, class, lambda or comprehension whose own names `n` is among; `None` at the
/// module's level.
fn nested_scope(n: Node) -> Option<Node> {
    let mut up = n.parent();
    while let Some(p) = up {
        if matches!(
            p.kind(),
            "function_definition"
                | "class_definition"
                | "lambda"
                | "list_comprehension"
                | "set_comprehension"
                | "dictionary_comprehension"
                | "generator_expression"
        ) {
            return Some(p);
        }
        up = p.parent();
    }
    None
}

/// A name Python may give without the script binding it: a builtin function, type, constant
/// or error (any name ending in `Error`, `Exception`, `Warning`), or a module's dunder.
fn maybe_builtin(name: &str) -> bool {
    const NAMES: &[&str] = &[
        "abs",
        "all",
        "any",
        "ascii",
        "bin",
        "bool",
        "breakpoint",
        "bytearray",
        "bytes",
        "callable",
        "chr",
        "classmethod",
        "compile",
        "complex",
        "copyright",
        "credits",
        "delattr",
        "dict",
        "dir",
        "divmod",
        "enumerate",
        "eval",
        "exec",
        "exit",
        "filter",
        "float",
        "format",
        "frozenset",
        "getattr",
        "globals",
        "hasattr",
        "hash",
        "help",
        "hex",
        "id",
        "input",
        "int",
        "isinstance",
        "issubclass",
        "iter",
        "len",
        "license",
        "list",
        "locals",
        "map",
        "max",
        "memoryview",
        "min",
        "next",
        "object",
        "oct",
        "open",
        "ord",
        "pow",
        "print",
        "property",
        "quit",
        "range",
        "repr",
        "reversed",
        "round",
        "set",
        "setattr",
        "slice",
        "sorted",
        "staticmethod",
        "str",
        "sum",
        "super",
        "tuple",
        "type",
        "vars",
        "zip",
        "aiter",
        "anext",
        "Ellipsis",
        "NotImplemented",
        "True",
        "False",
        "None",
        "KeyboardInterrupt",
        "SystemExit",
        "GeneratorExit",
        "StopIteration",
        "StopAsyncIteration",
        "self",
        "cls",
    ];
    name.starts_with("__")
        || NAMES.contains(&name)
        || ["Error", "Exception", "Warning"]
            .iter()
            .any(|s| name.ends_with(s))
}

/// Whether an identifier is the name of an attribute (`elapsed` of `r.elapsed`), not a
/// variable's.
fn is_attribute_name(c: Node) -> bool {
    c.parent().is_some_and(|p| {
        p.kind() == "attribute"
            && p.child_by_field_name("attribute")
                .is_some_and(|a| a.id() == c.id())
    })
}

/// A field of a format (`%.1f`, `{0}`, `{:>5}`, `{url}`): the value it takes, and what the
/// value must be.
struct Field {
    key: Key,
    takes: Takes,
}

/// Which value a format's field takes.
#[derive(Clone, PartialEq)]
enum Key {
    /// The next one (`{}`, `%s`).
    Next,
    /// The one it numbers (`{0}`).
    Index(usize),
    /// The keyword's (`{url}` of `.format(url=u)`).
    Name(String),
}

/// What a format's field takes without raising.
#[derive(Clone, Copy, PartialEq)]
enum Takes {
    /// Any value (`%s`, `%r`, `{}`).
    Any,
    /// Text or a number (`{:>8}`, `{:5}`: `None` and most objects refuse a width).
    Plain,
    /// Text (`{:s}`, `{:>10s}`).
    Text,
    /// A number, whole or not (`%d`, `%.1f`, `{:.2f}`, `{:,}`, `{:+}`, `{:=8}`).
    Number,
    /// A whole number (`{:d}`, `{:x}`: a float raises).
    Integer,
}

/// The fields of a `%` format: `%s`, `%r`, `%a` take any value, `%d`, `%i`, `%f`, `%.2f`,
/// `%e`, `%g` (with flags and width) a number; `%%` is none. None for what is read otherwise
/// (`%(name)s`, `%*d`, `%c`, `%x`, an unfinished `%`).
fn percent_fields(format: &str) -> Option<Vec<Field>> {
    let mut out = Vec::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            continue;
        }
        loop {
            let takes = match chars.next()? {
                '-' | '+' | ' ' | '#' | '0'..='9' | '.' => continue,
                's' | 'r' | 'a' => Takes::Any,
                'd' | 'i' | 'f' | 'F' | 'e' | 'E' | 'g' | 'G' => Takes::Number,
                _ => return None,
            };
            out.push(Field {
                key: Key::Next,
                takes,
            });
            break;
        }
    }
    Some(out)
}

/// A field of a `str.format` text (or an f-string's `{x!r:SPEC}` without the braces), written
/// between its braces: its value (`{}`, `{0}`, `{name}`) and what its spec takes
/// ([`spec_takes`]); after a conversion (`!r`, `!s`, `!a`) the value is text. None for an
/// attribute or an index (`{0.x}`, `{0[1]}`), a nested field, or a spec that raises for any
/// value of the conversion.
fn brace_field(inner: &str) -> Option<Field> {
    if inner.contains('{') {
        return None;
    }
    let (head, spec) = inner.split_once(':').unwrap_or((inner, ""));
    let (name, conversion) = match head.split_once('!') {
        Some((n, "r" | "s" | "a")) => (n, true),
        Some(_) => return None,
        None => (head, false),
    };
    let key = match name {
        "" => Key::Next,
        n if n.bytes().all(|b| b.is_ascii_digit()) => Key::Index(n.parse().ok()?),
        n if n.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
        {
            Key::Name(n.to_string())
        }
        _ => return None,
    };
    let mut takes = spec_takes(spec)?;
    if conversion {
        takes = match takes {
            Takes::Any | Takes::Plain | Takes::Text => Takes::Any,
            Takes::Number | Takes::Integer => return None,
        };
    }
    Some(Field { key, takes })
}

/// What a format spec (after the `:`) takes: nothing written, any value; a fill, an alignment
/// other than `=` and a width, text or a number; `s`, text; a number's type (`.2f`, `e`, `%`,
/// `n`), a sign, `#`, `0`, a separator or `=`, a number; a whole number's type (`d`, `x`, `o`,
/// `b`, `c`), a whole number. None for a precision without a type (a whole number refuses it)
/// and what is not a spec.
fn spec_takes(spec: &str) -> Option<Takes> {
    static SPEC: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"^(?:.?([<>=^]))?([+ -]?)(#?)(0?)\d*([,_]?)(\.\d+)?([bcdoxXeEfFgGn%s]?)$",
        )
        .expect("a valid regex")
    });
    if spec.is_empty() {
        return Some(Takes::Any);
    }
    let caps = SPEC.captures(spec)?;
    let given = |g: usize| caps.get(g).is_some_and(|m| !m.as_str().is_empty());
    let numeric = given(2)
        || given(3)
        || given(4)
        || given(5)
        || caps.get(1).is_some_and(|m| m.as_str() == "=");
    Some(match caps.get(7).map_or("", |m| m.as_str()) {
        "s" if numeric => return None,
        "s" => Takes::Text,
        "" if given(6) => return None,
        "" if numeric => Takes::Number,
        "" => Takes::Plain,
        "b" | "c" | "d" | "o" | "x" | "X" => Takes::Integer,
        _ => Takes::Number,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python2_syntax_is_found_and_python3_that_looks_like_it_is_not() {
        let found = |src: &str| {
            let tree = parse(src).expect("parsed");
            python2_syntax(tree.root_node(), src).map(|(line, _)| line)
        };
        assert_eq!(found("import sys\nprint \"up\"\n"), Some(2));
        assert_eq!(found("try:\n  f()\nexcept IOError, e:\n  pass\n"), Some(3));
        assert_eq!(found("if a <> b:\n  pass\n"), Some(1));
        assert_eq!(found("os.chmod(p, 0755)\n"), Some(1));
        assert_eq!(found("exec code\n"), Some(1));
        assert_eq!(found("s = ur'abc'\n"), Some(1));
        assert_eq!(found("def f((a, b)):\n    return a\n"), Some(1));
        for python3 in [
            "print (\"up\")\n",
            "print(\"a\", \"b\", file=sys.stderr)\n",
            "try:\n  f()\nexcept (IOError, OSError) as e:\n  pass\n",
            "x = 0\ny = 0o755 + 00 + 1_000\n",
            "exec(code)\n",
            "s = r'abc' + u'x' + rb'y'\n",
            "def f(a, b=(1, 2), *rest):\n    return a\n",
        ] {
            assert_eq!(found(python3), None, "{python3}");
        }
    }

    #[test]
    fn libpq_keyword_strings_are_read_as_libpq_reads_them() {
        let pairs = |s: &str| libpq_keywords(s);
        assert_eq!(
            pairs("host=db port = 5432 password='a b\\'c' user=x\\ y"),
            Some(vec![
                ("host".into(), "db".into()),
                ("port".into(), "5432".into()),
                ("password".into(), "a b'c".into()),
                ("user".into(), "x y".into()),
            ])
        );
        assert_eq!(pairs("postgresql://u@db/app"), None);
        // Names libpq refuses (drivers' aliases), a keyword twice, an empty value.
        assert_eq!(pairs("host=db database=app"), None);
        assert_eq!(pairs("host=db passwd=x"), None);
        assert_eq!(pairs("host=wrong host=db"), None);
        assert_eq!(pairs("host='' dbname=app"), None);
        assert_eq!(pairs("host=db password='unclosed"), None);
        assert_eq!(pairs(""), None);
    }

    #[test]
    fn database_urls_are_split_where_their_separators_are_written() {
        let var = |n: &str| Piece::Var(n.into(), Some(String::new()));
        let url = Text(vec![
            Piece::Lit("postgresql+psycopg2://".into()),
            var("USER"),
            Piece::Lit(":".into()),
            var("PASS"),
            Piece::Lit("@".into()),
            var("HOST"),
            Piece::Lit("/".into()),
            var("NAME"),
        ]);
        let db = database_url(&url).unwrap();
        assert_eq!(db.engine, "postgres");
        assert_eq!(db.address.render(), "${HOST:-}:5432");
        assert_eq!(db.user.render(), "${USER:-}");
        assert_eq!(db.password.unwrap().render(), "${PASS:-}");
        assert_eq!(db.database.unwrap().render(), "${NAME:-}");
        let db = database_url(&Text::lit("mysql://root:p%40ss@db:3307/app")).unwrap();
        assert_eq!(
            (db.engine, db.address.render()),
            ("mysql", "db:3307".into())
        );
        assert_eq!(db.password.unwrap().render(), "p@ss");
        // A socket (no host, or MySQL's localhost), options, or another engine: not read.
        for url in [
            "postgresql://app@/app",
            "mysql://root@localhost/app",
            "postgresql://app@db/app?sslmode=require",
            "sqlite:///app.db",
        ] {
            assert!(database_url(&Text::lit(url)).is_none(), "{url}");
        }
    }
}

#[cfg(test)]
mod reading {
    use super::*;

    /// Why the script is kept whole, or `None` when it converted.
    fn kept(src: &str) -> Option<String> {
        let findings = analyze(src).expect("analyze");
        findings.drafts.iter().find_map(|d| d.kept.clone())
    }

    const CHECK: &str = "import socket, sys\n\ndef up(h, p):\n    s = socket.socket()\n    s.settimeout(2)\n    try:\n        s.connect((h, p))\n        return True\n    except OSError:\n        return False\n\n";

    #[test]
    fn a_socket_is_read_only_while_it_is_one_plain_tcp_socket_not_yet_connected() {
        let connect = |make: &str, then: &str| {
            format!(
                "import socket, sys\ntry:\n    with {make} as s:\n        s.settimeout(1)\n{then}except OSError:\n    sys.exit(1)\n"
            )
        };
        let inside = "        s.connect(('127.0.0.1', 8080))\n";
        let plain = "socket.socket(socket.AF_INET, socket.SOCK_STREAM)";
        assert_eq!(kept(&connect(plain, inside)), None);
        assert_eq!(kept(&connect("socket.socket()", inside)), None);
        assert_eq!(
            kept(&connect("socket.socket(family=socket.AF_INET)", inside)),
            None
        );
        assert!(kept(&connect("socket.socket(socket.AF_INET6)", inside)).is_some());
        // Connected after the `with` closed it, twice, as UDP, non-blocking.
        assert!(kept(&connect(plain, "    s.connect(('127.0.0.1', 8080))\n")).is_some());
        let twice = format!("{inside}        s.connect(('127.0.0.1', 8081))\n");
        assert!(kept(&connect(plain, &twice)).is_some());
        assert!(kept(&connect("socket.socket(socket.AF_INET, 2)", inside)).is_some());
        let nonblocking =
            "socket.socket(socket.AF_INET, socket.SOCK_STREAM | socket.SOCK_NONBLOCK)";
        assert!(kept(&connect(nonblocking, inside)).is_some());
        // Closed, then connected.
        let closed = "import socket, sys\ns = socket.socket()\ns.close()\ntry:\n    s.connect(('127.0.0.1', 8080))\nexcept OSError:\n    sys.exit(1)\n";
        assert!(kept(closed).is_some());
    }

    #[test]
    fn waits_keep_their_clocks_and_their_give_ups() {
        // A wait function called per item: one probe per item, in order.
        let per_item = "import sys, time, urllib.request\n\ndef wait_ready(url, seconds):\n    deadline = time.monotonic() + seconds\n    while time.monotonic() < deadline:\n        try:\n            response = urllib.request.urlopen(url, timeout=2)\n        except OSError:\n            time.sleep(0.5)\n        else:\n            response.close()\n            return\n    raise SystemExit(f'{url} did not answer')\n\ndef main():\n    for path in ('/health', '/live'):\n        wait_ready('http://127.0.0.1:8080' + path, 3)\n    return 0\n\nsys.exit(main())\n";
        let drafts = analyze(per_item).expect("analyze").drafts;
        assert_eq!(drafts.len(), 2, "{drafts:?}");
        assert!(
            drafts
                .iter()
                .all(|d| d.for_each.is_none() && d.wait.is_some())
        );
        // A report that calls the wait: its checks and exits are the script's.
        let reported = per_item.replace(
            "    for path in ('/health', '/live'):\n        wait_ready('http://127.0.0.1:8080' + path, 3)\n",
            "    print('up' if wait_ready('http://127.0.0.1:8080/health', 3) else 'down')\n",
        );
        assert_ne!(reported, per_item);
        assert!(kept(&reported).is_some());
        // Loops over items nested in one another, more items in all than are read one by one.
        let nested = "import socket, time\nfor a in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10):\n    for b in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10):\n        for i in range(3):\n            try:\n                socket.create_connection(('127.0.0.1', 8000 + a * 10 + b), timeout=1).close()\n                break\n            except OSError:\n                time.sleep(1)\n";
        assert!(kept(nested).is_some());
        // One deadline for the items in turn; a deadline read after another wait.
        let shared = "import socket, sys, time\ndeadline = time.monotonic() + 4\nfor port in (8080, 8081):\n    while True:\n        try:\n            socket.create_connection(('127.0.0.1', port), timeout=1).close()\n            break\n        except OSError:\n            if time.monotonic() > deadline:\n                sys.exit(1)\n            time.sleep(0.5)\n";
        assert!(kept(shared).is_some());
        let after = "import socket, sys, time\nDEADLINE = time.monotonic() + 5\n\ndef tries(port):\n    for attempt in range(8):\n        try:\n            socket.create_connection(('127.0.0.1', port), timeout=1).close()\n            return\n        except OSError:\n            time.sleep(0.5)\n    sys.exit(1)\n\ndef until(port):\n    while time.monotonic() < DEADLINE:\n        try:\n            socket.create_connection(('127.0.0.1', port), timeout=1).close()\n            return\n        except OSError:\n            time.sleep(0.5)\n    sys.exit(1)\n\ntries(8080)\nuntil(8081)\n";
        assert!(kept(after).is_some());
        // A check the script gives up on at once: in the `else` of the attempt, or an error
        // status's own handler before the one that goes on.
        let in_else = "import sys, time, urllib.request\nfor attempt in range(8):\n    try:\n        resp = urllib.request.urlopen('http://127.0.0.1:8080/', timeout=2)\n    except OSError:\n        time.sleep(0.5)\n    else:\n        if b'ready' not in resp.read():\n            sys.exit('not ready')\n        break\nelse:\n    sys.exit(1)\n";
        assert!(kept(in_else).is_some());
        let status_ends = "import sys, time, urllib.error, urllib.request\n\ndef wait_ready(url):\n    for attempt in range(8):\n        try:\n            urllib.request.urlopen(url, timeout=2).close()\n            return\n        except urllib.error.HTTPError as exc:\n            sys.exit(f'HTTP {exc.code}')\n        except OSError:\n            time.sleep(0.5)\n    sys.exit('never answered')\n\nwait_ready('http://127.0.0.1:8080/')\n";
        assert!(kept(status_ends).is_some());
        // Behind a handler that goes on for what may pass later, the other errors' exit is
        // only a malformed address's.
        let driver = "import sys, time, psycopg2\nfor attempt in range(5):\n    try:\n        psycopg2.connect(host='db', user='app', connect_timeout=2).close()\n        break\n    except psycopg2.OperationalError:\n        time.sleep(2)\n    except Exception:\n        sys.exit(1)\nelse:\n    sys.exit(1)\n";
        assert_eq!(kept(driver), None);
        // psycopg2 raises no OSError.
        assert!(kept(&driver.replace("psycopg2.OperationalError", "OSError")).is_some());
    }

    #[test]
    fn a_wait_per_item_waits_after_the_last_item_and_a_clock_or_budget_shared_by_items_is_kept() {
        let per_port = "import socket, sys, time\nfor port in (8080, 8081):\n    for attempt in range(3):\n        try:\n            socket.create_connection(('127.0.0.1', port), timeout=1).close()\n            break\n        except OSError:\n            time.sleep(1)\n    else:\n        sys.exit(1)\n";
        let drafts = analyze(per_port).expect("analyze").drafts;
        assert_eq!(drafts.len(), 2, "{drafts:?}");
        assert!(
            drafts
                .iter()
                .all(|d| d.for_each.is_none() && d.retries == Some(2))
        );
        let budget = "import socket, sys, time\nbudget = 3\nfor port in (8080, 8081):\n    while True:\n        try:\n            socket.create_connection(('127.0.0.1', port), timeout=1).close()\n            break\n        except OSError:\n            budget -= 1\n            if budget <= 0:\n                sys.exit(1)\n            time.sleep(1)\n";
        assert!(kept(budget).is_some());
        // One clock for both calls: the second wait has what the first left.
        let shared = "import socket, sys, time\nbegan = time.time()\n\ndef wait_port(port):\n    while True:\n        try:\n            socket.create_connection(('127.0.0.1', port), timeout=1).close()\n            return\n        except OSError:\n            if time.time() - began > 3:\n                sys.exit(1)\n            time.sleep(0.5)\n\nwait_port(8080)\nwait_port(8081)\n";
        assert!(kept(shared).is_some());
        let own = shared.replace(
            "began = time.time()\n\ndef wait_port(port):\n",
            "\ndef wait_port(port):\n    began = time.time()\n",
        );
        assert_eq!(kept(&own), None);
    }

    #[test]
    fn a_local_count_is_a_constant_only_where_it_is_bound_once() {
        let count = |body: &str| {
            let src = format!(
                "import sys, time, socket\n\ndef up():\n{body}    for i in range(tries):\n        try:\n            socket.create_connection(('db', 5432), timeout=2).close()\n            return True\n        except OSError:\n            time.sleep(1)\n    return False\n\nif not up():\n    sys.exit(1)\n"
            );
            analyze(&src)
                .expect("analyze")
                .drafts
                .iter()
                .find_map(|d| d.kept.is_none().then_some(d.retries).flatten())
        };
        assert_eq!(count("    tries = 5\n"), Some(4));
        assert_eq!(count("    tries = 5\n    tries += 1\n"), None);
        assert_eq!(
            count("    tries = 5\n    if time.time() > 0:\n        tries = 9\n"),
            None
        );
    }

    #[test]
    fn a_files_age_is_read_from_the_wall_clock_and_a_default_timeout_is_urllibs() {
        let ages = |src: &str| {
            analyze(src)
                .expect("analyze")
                .drafts
                .iter()
                .filter(|d| d.expect.iter().any(|(k, _)| k == "age"))
                .count()
        };
        let wall = "import os, sys, time\nif time.time() - os.stat('/tmp/hb').st_mtime > 60:\n    sys.exit(1)\n";
        assert_eq!(ages(wall), 1);
        assert_eq!(ages(&wall.replace("time.time()", "time.monotonic()")), 0);
        let timeouts = |src: &str| -> Vec<Option<String>> {
            analyze(src)
                .expect("analyze")
                .drafts
                .iter()
                .filter_map(|d| match &d.check {
                    Check::Http { timeout, .. } => Some(timeout.clone()),
                    _ => None,
                })
                .collect()
        };
        let urllib = "import socket, urllib.request\nsocket.setdefaulttimeout(2)\nurllib.request.urlopen('http://127.0.0.1:8080/')\n";
        assert_eq!(timeouts(urllib), vec![Some("2s".to_string())]);
        let requests = "import socket, requests\nsocket.setdefaulttimeout(2)\nrequests.get('http://127.0.0.1:8080/').raise_for_status()\n";
        assert_eq!(timeouts(requests), vec![None]);
    }

    #[test]
    fn a_check_kept_in_a_variable_counts_only_where_it_is_tested_as_passing() {
        assert_eq!(
            kept(&format!("{CHECK}ok = up('db', 5432)\nsys.exit(not ok)\n")),
            None
        );
        assert_eq!(
            kept(&format!(
                "{CHECK}ok = up('db', 5432)\nif ok:\n    sys.exit(0)\nsys.exit(2)\n"
            )),
            None
        );
        // Never tested: the script goes on whatever the check says.
        let never = kept(&format!("{CHECK}ok = up('db', 5432)\nprint('done')\n"));
        assert!(never.is_some_and(|w| w.contains("not tested")));
        // Thrown away before it is tested.
        let rebound = kept(&format!(
            "{CHECK}ok = up('db', 5432)\nok = True\nsys.exit(not ok)\n"
        ));
        assert!(rebound.is_some_and(|w| w.contains("bound again")));
        // Tested as failing: a script that passes when the port is closed.
        assert!(kept(&format!("{CHECK}ok = up('db', 5432)\nsys.exit(ok)\n")).is_some());
    }

    #[test]
    fn an_accumulated_verdict_is_the_conjunction_of_its_checks() {
        let src = format!(
            "{CHECK}all_ok = True\nfor port in (5432, 6379):\n    one = up('db', port)\n    all_ok = all_ok and one\nsys.exit(0 if all_ok else 1)\n"
        );
        let findings = analyze(&src).expect("analyze");
        // One probe over both ports, every one of which must answer.
        let [d] = findings.drafts.as_slice() else {
            panic!("one probe: {:?}", findings.drafts);
        };
        assert!(d.kept.is_none());
        assert_eq!(
            d.for_each.as_deref(),
            Some(&["5432".to_string(), "6379".to_string()][..])
        );
    }

    #[test]
    fn a_test_that_reads_its_own_name_is_kept_not_followed_forever() {
        let src = "import sys, requests\nok = True\nr = requests.get('http://x/health', timeout=3)\nok = ok and r.status_code == 200\nif not ok:\n    sys.exit(1)\n";
        assert!(kept(src).is_some_and(|w| w.contains("computed from itself")));
    }

    #[test]
    fn an_address_kept_in_a_variable_is_read() {
        let src = "import os, socket\nADDR = (os.environ['DB_HOST'], int(os.environ['DB_PORT']))\ns = socket.socket()\ns.settimeout(2)\ns.connect(ADDR)\n";
        let findings = analyze(src).expect("analyze");
        let [d] = findings.drafts.as_slice() else {
            panic!("one probe: {:?}", findings.drafts)
        };
        assert!(
            matches!(&d.check, Check::Tcp { address, .. } if address.render() == "${DB_HOST}:${DB_PORT}")
        );
    }

    #[test]
    fn a_socket_made_before_a_loop_that_connects_it_again_keeps_the_script() {
        // A refused connection leaves a blocking socket free to connect again, and the loop
        // ends once one is made: a wait.
        let before = "import socket, time\ns = socket.socket()\nwhile True:\n    try:\n        s.connect(('db', 5432))\n        s.close()\n        break\n    except OSError:\n        time.sleep(1)\n";
        assert_eq!(kept(before), None);
        // A second `connect` on a socket that was closed, or whose timed-out connection is
        // still under way, raises for good: the script never passes once a round failed.
        let closed = "import socket, time\ns = socket.socket()\nwhile True:\n    try:\n        s.connect(('db', 5432))\n        break\n    except OSError:\n        s.close()\n        time.sleep(1)\n";
        assert!(kept(closed).is_some());
        let timed = "import socket, time\ns = socket.socket()\ns.settimeout(2)\nwhile True:\n    try:\n        s.connect(('db', 5432))\n        s.close()\n        break\n    except OSError:\n        time.sleep(1)\n";
        assert!(kept(timed).is_some_and(|w| w.contains("made before the loop")));
        let inside = "import socket, time\nwhile True:\n    try:\n        s = socket.socket()\n        s.settimeout(2)\n        s.connect(('db', 5432))\n        s.close()\n        break\n    except OSError:\n        time.sleep(1)\n";
        assert_eq!(kept(inside), None);
    }

    #[test]
    fn sys_argv_given_to_main_is_read_by_its_parser_only() {
        let parsed = "import argparse, sys, urllib.request\ndef main(argv):\n    p = argparse.ArgumentParser()\n    p.add_argument('--url', default='http://127.0.0.1:8080/health')\n    a = p.parse_args(argv)\n    urllib.request.urlopen(a.url, timeout=3)\nmain(sys.argv[1:])\n";
        assert_eq!(kept(parsed), None);
        // Read as words beside a parser, the arguments are not what the suite's options
        // give; with no parser, `argv[0]` is the first argument.
        let indexed = "import sys, urllib.request\ndef main(argv):\n    urllib.request.urlopen(argv[0], timeout=3)\nmain(sys.argv[1:])\n";
        assert_eq!(kept(indexed), None);
        let both = "import argparse, sys, urllib.request\ndef main(argv):\n    p = argparse.ArgumentParser()\n    p.add_argument('--timeout', default='3')\n    p.parse_args(argv)\n    urllib.request.urlopen(argv[0], timeout=3)\nmain(sys.argv[1:])\n";
        assert!(kept(both).is_some());
    }
}

/// A Python integer literal's value (`18_200`, `0x4718`, `0o43030`, `0b1`).
fn python_int(text: &str) -> Option<u64> {
    let t = text.replace('_', "").to_ascii_lowercase();
    let (digits, radix) = match t.get(..2) {
        Some("0x") => (&t[2..], 16),
        Some("0o") => (&t[2..], 8),
        Some("0b") => (&t[2..], 2),
        _ => (t.as_str(), 10),
    };
    u64::from_str_radix(digits, radix).ok()
}

/// The block a `try` runs.
/// A MySQL driver's login, which the probe makes in the clear.
fn mysql_login_warning(line: usize) -> Warning {
    Warning {
        line,
        message: "MySQL 8 (caching_sha2_password) wants the password itself at the first login after the server starts, which the driver sends over TLS or an RSA key and the probe only over TLS: add `tls: true` where the server offers TLS, or the probe fails until another client has logged in".into(),
    }
}

/// A call that only reports: `print`, a logger, a write to stdout or stderr.
fn reports(f: &str) -> bool {
    f == "print"
        || f.starts_with("logging.")
        || f.starts_with("log.")
        || f.starts_with("logger.")
        || f.starts_with("sys.stderr.write")
        || f.starts_with("sys.stdout.write")
}

/// The warning on an address the script splits at `:` into a host and a port.
const SPLIT_ADDRESS: &str = "the address is split at `:`, which fails on an IPv6 address (`[::1]:9092`) where the probe connects: the suite reads it whole, as given (blanks around the port, or a third `:` field, which the script may pass over, fail the probe)";

/// Whether a block never falls off its end: its last statement returns, or raises, or is an
/// `if` with an `else`, a `try` (without `else` or `finally`) or a `with` whose every way does
/// so. ([`always_returns`] asks for a `return` on every path.)
fn never_falls_off(block: Node) -> bool {
    fn blocks(n: Node<'_>) -> Vec<Node<'_>> {
        let mut out: Vec<Node> = named(n)
            .into_iter()
            .filter(|c| c.kind() == "block")
            .collect();
        for c in named(n) {
            if matches!(c.kind(), "elif_clause" | "else_clause" | "except_clause") {
                out.extend(named(c).into_iter().filter(|b| b.kind() == "block"));
            }
        }
        out
    }
    let Some(last) = named(block).into_iter().rfind(|s| s.kind() != "comment") else {
        return false;
    };
    match last.kind() {
        "return_statement" | "raise_statement" => true,
        "if_statement" => {
            named(last).iter().any(|c| c.kind() == "else_clause")
                && blocks(last).into_iter().all(never_falls_off)
        }
        "try_statement" => {
            !named(last)
                .iter()
                .any(|c| matches!(c.kind(), "else_clause" | "finally_clause"))
                && blocks(last).into_iter().all(never_falls_off)
        }
        "with_statement" => blocks(last).into_iter().all(never_falls_off),
        _ => false,
    }
}

/// python-dotenv's `load_dotenv` and django-dotenv's `read_dotenv`: variables from a file.
fn loads_dotenv(f: &str) -> bool {
    matches!(f, "dotenv.load_dotenv" | "dotenv.read_dotenv")
}

/// A call that ends the script or only reports: not one that raises for a check.
fn exits_or_logs(f: &str) -> bool {
    matches!(f, "sys.exit" | "exit" | "quit" | "os._exit" | "SystemExit") || reports(f)
}

/// A call that does not raise while the server it waits for is down or refusing:
/// `socket.socket()`, its settings, `connect_ex` (which answers an error number) and `close`.
/// (`connect_ex` raises for a name that does not resolve; its probe warns about that.)
fn quiet_when_refused(f: &str) -> bool {
    f == "socket.socket"
        || [
            ".connect_ex",
            ".settimeout",
            ".setblocking",
            ".setsockopt",
            ".close",
        ]
        .iter()
        .any(|m| f.ends_with(m))
}

fn try_body_of(attempt: Node) -> Option<Node> {
    named(attempt).into_iter().find(|c| c.kind() == "block")
}

/// The text of a key written as a plain string literal (`"host"`, `'host'`).
fn plain_key(k: &str) -> Option<&str> {
    k.strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .or_else(|| k.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')))
}

/// The measure a field of `shutil.disk_usage(P)` is: `size`, `free` (what unprivileged users
/// may have), or `used_bytes` (in use, which only a share of the size measures).
fn disk_part(field: &str) -> Option<&'static str> {
    match field {
        "total" => Some("size"),
        "free" => Some("free"),
        "used" => Some("used_bytes"),
        _ => None,
    }
}

/// Milliseconds as a duration: whole seconds where they are (`2000` is `2s`).
fn millis(ms: u64) -> String {
    if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else {
        format!("{ms}ms")
    }
}

/// The class names an `except` names, each without its module (`(requests.Timeout, OSError)`
/// gives `Timeout`, `OSError`).
fn class_names(classes: &str) -> impl Iterator<Item = &str> {
    written_classes(classes).map(|c| c.rsplit('.').next().unwrap_or(""))
}

/// The classes an `except` names, each as written (`requests.ConnectionError`).
pub(super) fn written_classes(classes: &str) -> impl Iterator<Item = &str> {
    classes
        .trim_matches(|c: char| c == '(' || c == ')' || c.is_whitespace())
        .split(',')
        .map(str::trim)
}
