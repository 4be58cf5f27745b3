//! Compiling plugins (once per process) and running them in wasmi (a fresh instance for every
//! expansion), under limits of fuel, time, memory, tables and output size.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
#[cfg(not(any(target_os = "linux", target_os = "macos")))]
use std::time::Instant;

use wasmi::errors::ErrorKind;
use wasmi::{
    CompilationMode, Config, CustomFuelCosts, Engine, Instance, Linker, Memory, Store, StoreLimits,
    StoreLimitsBuilder, TypedFunc, TypedResumableCall,
};
use wasmi_core::{LimiterError, ResourceLimiter};

use crate::check::{check_plugin, PluginCheckError, PluginMetadata, ABI_VERSION};
use crate::request::Request;

/// The resources one expansion may use, and the budget of all expansions of a process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Fuel for the whole expansion (about one unit per executed instruction): a bound that
    /// does not depend on the machine.
    pub fuel: u64,
    /// Time for one expansion: the CPU time of the expanding thread on Linux and macOS, the
    /// wall clock elsewhere (never less than the CPU time). Fuel costs about 30 times more
    /// time in an unoptimised build of the interpreter, which is how cargo builds a
    /// proc-macro's dependencies by default, so this limit is what stops an endless loop there.
    pub time: Duration,
    /// Time for all the expansions of this process (one rustc run) together, counted by
    /// [`Plugin::expand`] across every plugin.
    pub process_time: Duration,
    /// The most bytes the plugin's linear memory may grow to.
    pub memory_bytes: usize,
    /// The most elements a table may hold.
    pub table_elements: usize,
    /// The longest generated source (status 0), in bytes.
    pub output_bytes: usize,
    /// The longest error or panic message (status 1 or 2), in bytes.
    pub message_bytes: usize,
    /// Fuel for the call to `text_codec_last_panic` after a trap.
    pub panic_fuel: u64,
}

impl Default for Limits {
    /// 500 000 000 units of fuel (the `serde_json` expansion of a three-field struct takes
    /// under 3 000 000) and 3 seconds per expansion, 60 seconds for all expansions of a
    /// process, 256 MiB of memory, 100 000 table elements, 1 MiB of output, 64 KiB of
    /// message, and 10 000 000 units for fetching a panic message.
    fn default() -> Self {
        Limits {
            fuel: 500_000_000,
            time: Duration::from_secs(3),
            process_time: Duration::from_secs(60),
            memory_bytes: 256 << 20,
            table_elements: 100_000,
            output_bytes: 1 << 20,
            message_bytes: 64 << 10,
            panic_fuel: 10_000_000,
        }
    }
}

/// Fuel is handed out in slices of this size, so that the time limits are checked between
/// slices (a few milliseconds of work in an optimised build, about 60 ms unoptimised).
const FUEL_SLICE: u64 = 2_000_000;

/// The time the expanding thread has run: its CPU time where the system tells it (the
/// limits then do not depend on how loaded the machine is), else the wall clock.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stopwatch {
    #[cfg(any(target_os = "linux", target_os = "macos"))]
    start: Duration,
    #[cfg(not(any(target_os = "linux", target_os = "macos")))]
    start: Instant,
}

impl Stopwatch {
    #[cfg(any(target_os = "linux", target_os = "macos"))]
    fn cpu_now() -> Duration {
        let now = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
        Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
    }

    pub(crate) fn start() -> Stopwatch {
        #[cfg(any(target_os = "linux", target_os = "macos"))]
        return Stopwatch {
            start: Self::cpu_now(),
        };
        #[cfg(not(any(target_os = "linux", target_os = "macos")))]
        return Stopwatch {
            start: Instant::now(),
        };
    }

    pub(crate) fn elapsed(&self) -> Duration {
        #[cfg(any(target_os = "linux", target_os = "macos"))]
        return Self::cpu_now().saturating_sub(self.start);
        #[cfg(not(any(target_os = "linux", target_os = "macos")))]
        return self.start.elapsed();
    }
}

/// The time every expansion of this process has used so far.
static PROCESS_TIME_USED: Mutex<Duration> = Mutex::new(Duration::ZERO);

fn process_time_used() -> Duration {
    *PROCESS_TIME_USED.lock().unwrap_or_else(|e| e.into_inner())
}

/// Why a plugin could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoadError {
    /// The static check found problems.
    Check(PluginCheckError),
    /// The runtime refused to compile the module (for instance, invalid code).
    Compile(String),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Check(error) => error.fmt(f),
            LoadError::Compile(message) => {
                write!(f, "the codec plugin does not compile: {message}")
            }
        }
    }
}

impl std::error::Error for LoadError {}

impl From<PluginCheckError> for LoadError {
    fn from(error: PluginCheckError) -> Self {
        LoadError::Check(error)
    }
}

/// Why an expansion failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExpandError {
    /// The codec itself reported an error for this input (status 1): a message for the user.
    Codec(String),
    /// The plugin panicked; the message is the one its panic hook recorded.
    Panic(String),
    /// The plugin trapped without a recorded panic message.
    Trap(String),
    /// The plugin used up its fuel.
    OutOfFuel {
        /// The fuel it was given.
        fuel: u64,
    },
    /// The expansion ran longer than [`Limits::time`].
    TimeLimit {
        /// The limit.
        limit: Duration,
    },
    /// The expansions of this process together ran longer than [`Limits::process_time`].
    ProcessBudget {
        /// The limit.
        limit: Duration,
    },
    /// A table would hold more than [`Limits::table_elements`].
    TableLimit {
        /// The limit.
        limit: usize,
        /// The number of elements it asked for.
        requested: usize,
    },
    /// The plugin defines more memories or tables than one instance may have.
    CountLimit {
        /// `"linear memories"` or `"tables"`.
        what: &'static str,
        /// The limit.
        limit: usize,
    },
    /// The generated source or the message is longer than its limit.
    TooLong {
        /// `"generated source"` or `"message"`.
        what: &'static str,
        /// Its length in bytes.
        len: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The plugin tried to grow its memory past the limit.
    MemoryLimit {
        /// The limit, in bytes.
        limit: usize,
        /// The size it asked for, in bytes.
        requested: usize,
    },
    /// `text_codec_abi_version()` returned another version.
    AbiVersion {
        /// The version the plugin returned.
        found: i32,
    },
    /// The plugin broke the ABI (a bad pointer, a malformed result record, ...).
    Protocol(String),
    /// Instantiation failed.
    Instantiate(String),
    /// A function the plugin called is not valid WebAssembly (functions are validated when
    /// first called).
    Invalid(String),
}

impl fmt::Display for ExpandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExpandError::Codec(message) => write!(f, "{message}"),
            ExpandError::Panic(message) => write!(f, "the codec plugin panicked: {message}"),
            ExpandError::Trap(message) => write!(f, "the codec plugin trapped: {message}"),
            ExpandError::OutOfFuel { fuel } => write!(
                f,
                "the codec plugin ran out of fuel (it was given {fuel} units): \
                 it may loop forever"
            ),
            ExpandError::TimeLimit { limit } => write!(
                f,
                "the codec plugin ran longer than its time limit of {} ms: it may loop forever",
                limit.as_millis()
            ),
            ExpandError::ProcessBudget { limit } => write!(
                f,
                "the codec plugins of this build have used up their time budget of {limit:?} \
                 for all expansions of one crate (does the output derive itself again?)"
            ),
            ExpandError::TableLimit { limit, requested } => write!(
                f,
                "the codec plugin exceeded its table limit: it asked for a table of \
                 {requested} elements, the limit is {limit}"
            ),
            ExpandError::CountLimit { what, limit } => write!(
                f,
                "the codec plugin has more {what} than its limit of {limit}"
            ),
            ExpandError::TooLong { what, len, limit } => write!(
                f,
                "the codec plugin's {what} is {len} bytes long, the limit is {limit} bytes"
            ),
            ExpandError::MemoryLimit { limit, requested } => write!(
                f,
                "the codec plugin exceeded its memory limit: it asked for {requested} bytes \
                 of linear memory, the limit is {limit} bytes"
            ),
            ExpandError::AbiVersion { found } => write!(
                f,
                "the codec plugin implements ABI version {found} (text_codec_abi_version), \
                 but this host implements version {ABI_VERSION}"
            ),
            ExpandError::Protocol(message) => {
                write!(f, "the codec plugin broke the ABI: {message}")
            }
            ExpandError::Instantiate(message) => {
                write!(f, "the codec plugin could not be instantiated: {message}")
            }
            ExpandError::Invalid(message) => {
                write!(f, "the codec plugin does not compile: {message}")
            }
        }
    }
}

impl std::error::Error for ExpandError {}

/// The engine shared by every plugin of the process: fuel metering on, lazy compilation (a
/// function is validated and translated when first called: an expansion runs a small part of
/// a plugin, and unoptimised wasmi pays for every byte it validates).
fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut config = Config::default();
        config
            .consume_fuel(true)
            // Lazy compilation charges fuel when a function is first called, and running out
            // there is an error that cannot be resumed: a legitimate expansion would fail
            // wherever a fuel slice happens to end. Translation is bounded by the plugin's
            // size instead, so it is free; bulk memory copies keep wasmi's default price.
            .fuel_cost(CustomFuelCosts {
                bytes_copied_per_fuel: 64,
                fuel_per_bytes_translated: 0,
                fuel_per_bytes_validated: 0,
            })
            .allow_start_fn(false)
            .ignore_custom_sections(true)
            .compilation_mode(CompilationMode::Lazy);
        Engine::new(&config)
    })
}

/// A checked and compiled plugin, ready to be instantiated for each expansion.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // Nothing in it: the check refuses it before wasmi sees it.
/// let error = text_codec_host::Plugin::new(b"\0asm\x01\0\0\0").unwrap_err();
/// assert!(matches!(error, text_codec_host::LoadError::Check(_)));
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Plugin {
    module: wasmi::Module,
    metadata: PluginMetadata,
}

impl Plugin {
    /// Checks `wasm` (see [`check_plugin`]) and compiles it.
    pub fn new(wasm: &[u8]) -> Result<Plugin, LoadError> {
        let metadata = check_plugin(wasm)?;
        let module =
            wasmi::Module::new(engine(), wasm).map_err(|e| LoadError::Compile(e.to_string()))?;
        Ok(Plugin { module, metadata })
    }

    /// The plugin compiled once per process: the first call for an `identity` checks and
    /// compiles `wasm`, later calls with the same identity and the same bytes return the
    /// same plugin. (Different bytes under the same identity, like a user codec file that
    /// changed, are compiled anew and replace the cached plugin.)
    pub fn cached(identity: &str, wasm: &[u8]) -> Result<Arc<Plugin>, LoadError> {
        type Cache = Mutex<HashMap<String, (Arc<[u8]>, Arc<Plugin>)>>;
        static CACHE: OnceLock<Cache> = OnceLock::new();
        let cache = CACHE.get_or_init(Default::default);
        {
            let guard = cache.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((bytes, plugin)) = guard.get(identity) {
                if **bytes == *wasm {
                    return Ok(plugin.clone());
                }
            }
        }
        let plugin = Arc::new(Plugin::new(wasm)?);
        let mut guard = cache.lock().unwrap_or_else(|e| e.into_inner());
        guard.insert(identity.to_owned(), (wasm.into(), plugin.clone()));
        Ok(plugin)
    }

    /// What the plugin's metadata declares.
    pub fn metadata(&self) -> &PluginMetadata {
        &self.metadata
    }

    /// Runs one expansion in a fresh instance: `request` (its parameters already checked
    /// against the metadata); returns the generated Rust source. The time it takes counts
    /// against [`Limits::process_time`].
    pub fn expand(&self, request: &Request, limits: &Limits) -> Result<String, ExpandError> {
        let request = request.encode();
        let started = Stopwatch::start();
        let result = Run::new(&self.module, limits, started).and_then(|mut run| {
            match run.expand(&request) {
                Ok(text) => Ok(text),
                Err(Failure::Wasm(error)) => Err(run.explain(error)),
                Err(Failure::Host(error)) => Err(error),
            }
        });
        *PROCESS_TIME_USED.lock().unwrap_or_else(|e| e.into_inner()) += started.elapsed();
        result
    }
}

/// What the limiter refused, for the error message.
#[derive(Debug, Clone, Copy)]
enum Refused {
    Memory(usize),
    Table(usize),
}

/// The data of an expansion's store: the limiter, which remembers a refused growth.
struct HostState {
    limits: StoreLimits,
    memory_limit: usize,
    table_limit: usize,
    refused: Option<Refused>,
}

impl ResourceLimiter for HostState {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool, LimiterError> {
        let allowed = self.limits.memory_growing(current, desired, maximum)?;
        if !allowed && desired > self.memory_limit {
            self.refused = Some(Refused::Memory(desired));
        }
        Ok(allowed)
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool, LimiterError> {
        let allowed = self.limits.table_growing(current, desired, maximum)?;
        if !allowed && desired > self.table_limit {
            self.refused = Some(Refused::Table(desired));
        }
        Ok(allowed)
    }

    fn instances(&self) -> usize {
        self.limits.instances()
    }

    fn tables(&self) -> usize {
        self.limits.tables()
    }

    fn memories(&self) -> usize {
        self.limits.memories()
    }
}

enum Failure {
    Wasm(wasmi::Error),
    Host(ExpandError),
}

impl From<wasmi::Error> for Failure {
    fn from(error: wasmi::Error) -> Self {
        Failure::Wasm(error)
    }
}

impl From<ExpandError> for Failure {
    fn from(error: ExpandError) -> Self {
        Failure::Host(error)
    }
}

fn protocol(message: impl Into<String>) -> Failure {
    Failure::Host(ExpandError::Protocol(message.into()))
}

/// One expansion: a store and an instance of its own.
struct Run<'a> {
    store: Store<HostState>,
    instance: Instance,
    memory: Memory,
    limits: &'a Limits,
    started: Stopwatch,
    /// The fuel handed out so far (in slices).
    fuel_given: u64,
    /// The time all earlier expansions of the process used.
    process_used: Duration,
}

impl<'a> Run<'a> {
    fn new(
        module: &wasmi::Module,
        limits: &'a Limits,
        started: Stopwatch,
    ) -> Result<Self, ExpandError> {
        let process_used = process_time_used();
        if process_used >= limits.process_time {
            return Err(ExpandError::ProcessBudget {
                limit: limits.process_time,
            });
        }
        let state = HostState {
            limits: StoreLimitsBuilder::new()
                .memory_size(limits.memory_bytes)
                .table_elements(limits.table_elements)
                .memories(1)
                .tables(1)
                .instances(1)
                .build(),
            memory_limit: limits.memory_bytes,
            table_limit: limits.table_elements,
            refused: None,
        };
        let mut store = Store::new(engine(), state);
        store.limiter(|state| state as &mut dyn ResourceLimiter);
        let first_slice = FUEL_SLICE.min(limits.fuel);
        store
            .set_fuel(first_slice)
            .map_err(|e| ExpandError::Instantiate(e.to_string()))?;
        let instance = match Linker::new(engine()).instantiate_and_start(&mut store, module) {
            Ok(instance) => instance,
            Err(error) => {
                use wasmi::errors::InstantiationError;
                let count = |what| ExpandError::CountLimit { what, limit: 1 };
                return Err(
                    match (refused(store.data().refused, limits), error.kind()) {
                        (Some(refused), _) => refused,
                        (None, ErrorKind::Instantiation(InstantiationError::TooManyMemories)) => {
                            count("linear memories")
                        }
                        (None, ErrorKind::Instantiation(InstantiationError::TooManyTables)) => {
                            count("tables")
                        }
                        (None, _) => ExpandError::Instantiate(error.to_string()),
                    },
                );
            }
        };
        let memory = instance
            .get_memory(&store, "memory")
            .ok_or_else(|| ExpandError::Protocol("no `memory` export".to_owned()))?;
        Ok(Run {
            store,
            instance,
            memory,
            limits,
            started,
            fuel_given: first_slice,
            process_used,
        })
    }

    fn func<P: wasmi::WasmParams, R: wasmi::WasmResults>(
        &self,
        name: &str,
    ) -> Result<TypedFunc<P, R>, Failure> {
        self.instance
            .get_typed_func::<P, R>(&self.store, name)
            .map_err(|e| protocol(format!("export `{name}`: {e}")))
    }

    /// Calls `func`, handing out fuel a slice at a time until it returns, and stopping it
    /// when the expansion's fuel, its time or the process's time budget runs out.
    fn call<P: wasmi::WasmParams, R: wasmi::WasmResults>(
        &mut self,
        func: &TypedFunc<P, R>,
        params: P,
    ) -> Result<R, Failure> {
        let mut call = func.call_resumable(&mut self.store, params)?;
        loop {
            match call {
                TypedResumableCall::Finished(results) => return Ok(results),
                TypedResumableCall::HostTrap(_) => {
                    return Err(protocol("a host trap without host functions"))
                }
                TypedResumableCall::OutOfFuel(paused) => {
                    let elapsed = self.started.elapsed();
                    if elapsed > self.limits.time {
                        return Err(ExpandError::TimeLimit {
                            limit: self.limits.time,
                        }
                        .into());
                    }
                    if self.process_used + elapsed > self.limits.process_time {
                        return Err(ExpandError::ProcessBudget {
                            limit: self.limits.process_time,
                        }
                        .into());
                    }
                    let left = self.limits.fuel.saturating_sub(self.fuel_given);
                    let slice = FUEL_SLICE.min(left);
                    if slice == 0 || slice < paused.required_fuel() {
                        return Err(ExpandError::OutOfFuel {
                            fuel: self.limits.fuel,
                        }
                        .into());
                    }
                    self.fuel_given += slice;
                    self.store.set_fuel(slice)?;
                    call = paused.resume(&mut self.store)?;
                }
            }
        }
    }

    fn expand(&mut self, request: &[u8]) -> Result<String, Failure> {
        let version = self.func::<(), i32>("text_codec_abi_version")?;
        let found = self.call(&version, ())?;
        if found != ABI_VERSION as i32 {
            return Err(ExpandError::AbiVersion { found }.into());
        }
        let alloc = self.func::<(i32, i32), i32>("text_codec_alloc")?;
        let free = self.func::<(i32, i32, i32), ()>("text_codec_free")?;
        let expand = self.func::<(i32, i32), i32>("text_codec_expand")?;

        let len = u32::try_from(request.len())
            .map_err(|_| protocol("the request does not fit in 32-bit memory"))?;
        let ptr = self.call(&alloc, (len as i32, 1))?;
        if ptr == 0 {
            return Err(self.allocation_failed(len));
        }
        self.memory
            .write(&mut self.store, ptr as u32 as usize, request)
            .map_err(|_| protocol("text_codec_alloc returned memory out of bounds"))?;
        let result = self.call(&expand, (ptr, len as i32))?;
        self.call(&free, (ptr, len as i32, 1))?;
        let (status, text) = self.take_record(result, &free, true)?;
        match status {
            0 => Ok(text),
            1 => Err(ExpandError::Codec(text).into()),
            other => Err(protocol(format!(
                "text_codec_expand returned a record with status {other}"
            ))),
        }
    }

    fn allocation_failed(&self, len: u32) -> Failure {
        match refused(self.store.data().refused, self.limits) {
            Some(error) => Failure::Host(error),
            None => protocol(format!("text_codec_alloc({len}, 1) returned 0")),
        }
    }

    /// Copies the record at `ptr` out of memory and frees it with its layout `(8 + n, 4)`.
    /// Its length is checked against the limit of its status before anything is copied.
    /// `resumable`: whether the free may run in fuel slices (not after a trap).
    fn take_record(
        &mut self,
        ptr: i32,
        free: &TypedFunc<(i32, i32, i32), ()>,
        resumable: bool,
    ) -> Result<(u32, String), Failure> {
        if ptr == 0 {
            return Err(protocol("the result pointer is 0"));
        }
        let at = ptr as u32 as usize;
        let mut header = [0u8; 8];
        self.memory
            .read(&self.store, at, &mut header)
            .map_err(|_| protocol("the result record is out of bounds"))?;
        let status = u32::from_le_bytes([header[0], header[1], header[2], header[3]]);
        let n = u32::from_le_bytes([header[4], header[5], header[6], header[7]]);
        let (what, limit) = match status {
            0 => ("generated source", self.limits.output_bytes),
            _ => ("message", self.limits.message_bytes),
        };
        if n as usize > limit {
            return Err(ExpandError::TooLong {
                what,
                len: n as usize,
                limit,
            }
            .into());
        }
        let size = n
            .checked_add(8)
            .ok_or_else(|| protocol("the result record's length overflows"))?;
        let end = at
            .checked_add(size as usize)
            .filter(|end| *end <= self.memory.data_size(&self.store))
            .ok_or_else(|| protocol("the result record is out of bounds"))?;
        let bytes = self.memory.data(&self.store)[at + 8..end].to_vec();
        if resumable {
            self.call(free, (ptr, size as i32, 4))?;
        } else {
            free.call(&mut self.store, (ptr, size as i32, 4))?;
        }
        let text =
            String::from_utf8(bytes).map_err(|_| protocol("the result record is not UTF-8"))?;
        Ok((status, text))
    }

    /// Turns a wasmi error of a call into the error the user sees: memory or table limit, or a
    /// trap with the panic message the guest recorded (fetched with fresh fuel).
    fn explain(&mut self, error: wasmi::Error) -> ExpandError {
        if let ErrorKind::Wasm(_) | ErrorKind::Translation(_) | ErrorKind::Ir(_) = error.kind() {
            return ExpandError::Invalid(error.to_string());
        }
        if let Some(error) = refused(self.store.data().refused, self.limits) {
            return error;
        }
        match self.last_panic() {
            Some(Ok(message)) => ExpandError::Panic(message),
            Some(Err(too_long)) => too_long,
            None => ExpandError::Trap(error.to_string()),
        }
    }

    /// The panic message after a trap (`Err` when it is too long), run with
    /// [`Limits::panic_fuel`] in one go.
    fn last_panic(&mut self) -> Option<Result<String, ExpandError>> {
        self.store.set_fuel(self.limits.panic_fuel).ok()?;
        let last_panic = self.func::<(), i32>("text_codec_last_panic").ok()?;
        let free = self.func::<(i32, i32, i32), ()>("text_codec_free").ok()?;
        let ptr = last_panic.call(&mut self.store, ()).ok()?;
        if ptr == 0 {
            return None;
        }
        match self.take_record(ptr, &free, false) {
            Ok((2, message)) => Some(Ok(message)),
            Err(Failure::Host(error @ ExpandError::TooLong { .. })) => Some(Err(error)),
            _ => None,
        }
    }
}

/// The error for a growth the limiter refused, if it refused one.
fn refused(refused: Option<Refused>, limits: &Limits) -> Option<ExpandError> {
    Some(match refused? {
        Refused::Memory(requested) => ExpandError::MemoryLimit {
            limit: limits.memory_bytes,
            requested,
        },
        Refused::Table(requested) => ExpandError::TableLimit {
            limit: limits.table_elements,
            requested,
        },
    })
}
