//! Compiling plugins (once per process) and running them in wasmi (a fresh instance for every
//! expansion), under a fuel limit and a memory limit.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

use wasmi::{
    CompilationMode, Config, Engine, Instance, Linker, Memory, Store, StoreLimits,
    StoreLimitsBuilder, TrapCode, TypedFunc,
};
use wasmi_core::{LimiterError, ResourceLimiter};

use crate::check::{check_plugin, PluginCheckError, PluginMetadata, ABI_VERSION};

/// The resources one expansion may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Fuel for the whole expansion (about one unit per executed instruction).
    pub fuel: u64,
    /// The most bytes the plugin's linear memory may grow to.
    pub memory_bytes: usize,
    /// Fuel for the call to `text_codec_last_panic` after a trap.
    pub panic_fuel: u64,
}

impl Default for Limits {
    /// 500 000 000 units of fuel (about a second; the `serde_json` expansion of a
    /// three-field struct takes under 3 000 000), 256 MiB of memory, and 10 000 000 units
    /// for fetching a panic message.
    fn default() -> Self {
        Limits {
            fuel: 500_000_000,
            memory_bytes: 256 << 20,
            panic_fuel: 10_000_000,
        }
    }
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
        }
    }
}

impl std::error::Error for ExpandError {}

/// The engine shared by every plugin of the process: fuel metering on, lazy translation.
fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut config = Config::default();
        config
            .consume_fuel(true)
            .allow_start_fn(false)
            .ignore_custom_sections(true)
            .compilation_mode(CompilationMode::LazyTranslation);
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

    /// Runs one expansion in a fresh instance: `params` (already checked against the
    /// metadata) and the derive input `item`; returns the generated Rust source.
    pub fn expand(
        &self,
        params: &[&str],
        item: &str,
        limits: &Limits,
    ) -> Result<String, ExpandError> {
        let mut request = params.join(",");
        request.push('\n');
        request.push_str(item);
        let mut run = Run::new(&self.module, limits)?;
        let result = run.expand(request.as_bytes());
        match result {
            Ok(text) => Ok(text),
            Err(Failure::Wasm(error)) => Err(run.explain(error)),
            Err(Failure::Host(error)) => Err(error),
        }
    }
}

/// The data of an expansion's store: the limiter, which remembers a refused growth.
struct HostState {
    limits: StoreLimits,
    memory_limit: usize,
    refused: Option<usize>,
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
            self.refused = Some(desired);
        }
        Ok(allowed)
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool, LimiterError> {
        self.limits.table_growing(current, desired, maximum)
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
}

impl<'a> Run<'a> {
    fn new(module: &wasmi::Module, limits: &'a Limits) -> Result<Self, ExpandError> {
        let state = HostState {
            limits: StoreLimitsBuilder::new()
                .memory_size(limits.memory_bytes)
                .memories(1)
                .tables(1)
                .instances(1)
                .build(),
            memory_limit: limits.memory_bytes,
            refused: None,
        };
        let mut store = Store::new(engine(), state);
        store.limiter(|state| state as &mut dyn ResourceLimiter);
        store
            .set_fuel(limits.fuel)
            .map_err(|e| ExpandError::Instantiate(e.to_string()))?;
        let instance = match Linker::new(engine()).instantiate_and_start(&mut store, module) {
            Ok(instance) => instance,
            Err(error) => {
                return Err(match store.data().refused {
                    Some(requested) => ExpandError::MemoryLimit {
                        limit: limits.memory_bytes,
                        requested,
                    },
                    None => ExpandError::Instantiate(error.to_string()),
                })
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

    fn expand(&mut self, request: &[u8]) -> Result<String, Failure> {
        let version = self.func::<(), i32>("text_codec_abi_version")?;
        let found = version.call(&mut self.store, ())?;
        if found != ABI_VERSION as i32 {
            return Err(ExpandError::AbiVersion { found }.into());
        }
        let alloc = self.func::<(i32, i32), i32>("text_codec_alloc")?;
        let free = self.func::<(i32, i32, i32), ()>("text_codec_free")?;
        let expand = self.func::<(i32, i32), i32>("text_codec_expand")?;

        let len = u32::try_from(request.len())
            .map_err(|_| protocol("the request does not fit in 32-bit memory"))?;
        let ptr = alloc.call(&mut self.store, (len as i32, 1))?;
        if ptr == 0 {
            return Err(self.allocation_failed(len));
        }
        self.memory
            .write(&mut self.store, ptr as u32 as usize, request)
            .map_err(|_| protocol("text_codec_alloc returned memory out of bounds"))?;
        let result = expand.call(&mut self.store, (ptr, len as i32))?;
        free.call(&mut self.store, (ptr, len as i32, 1))?;
        let (status, text) = self.take_record(result, &free)?;
        match status {
            0 => Ok(text),
            1 => Err(ExpandError::Codec(text).into()),
            other => Err(protocol(format!(
                "text_codec_expand returned a record with status {other}"
            ))),
        }
    }

    fn allocation_failed(&self, len: u32) -> Failure {
        match self.store.data().refused {
            Some(requested) => Failure::Host(ExpandError::MemoryLimit {
                limit: self.limits.memory_bytes,
                requested,
            }),
            None => protocol(format!("text_codec_alloc({len}, 1) returned 0")),
        }
    }

    /// Copies the record at `ptr` out of memory and frees it with its layout `(8 + n, 4)`.
    fn take_record(
        &mut self,
        ptr: i32,
        free: &TypedFunc<(i32, i32, i32), ()>,
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
        let size = n
            .checked_add(8)
            .ok_or_else(|| protocol("the result record's length overflows"))?;
        let end = at
            .checked_add(size as usize)
            .filter(|end| *end <= self.memory.data_size(&self.store))
            .ok_or_else(|| protocol("the result record is out of bounds"))?;
        let bytes = self.memory.data(&self.store)[at + 8..end].to_vec();
        free.call(&mut self.store, (ptr, size as i32, 4))?;
        let text =
            String::from_utf8(bytes).map_err(|_| protocol("the result record is not UTF-8"))?;
        Ok((status, text))
    }

    /// Turns a wasmi error of a call into the error the user sees: fuel, memory, or a trap
    /// with the panic message the guest recorded (fetched with fresh fuel).
    fn explain(&mut self, error: wasmi::Error) -> ExpandError {
        if error.as_trap_code() == Some(TrapCode::OutOfFuel) {
            return ExpandError::OutOfFuel {
                fuel: self.limits.fuel,
            };
        }
        if let Some(requested) = self.store.data().refused {
            return ExpandError::MemoryLimit {
                limit: self.limits.memory_bytes,
                requested,
            };
        }
        match self.last_panic() {
            Some(message) => ExpandError::Panic(message),
            None => ExpandError::Trap(error.to_string()),
        }
    }

    fn last_panic(&mut self) -> Option<String> {
        self.store.set_fuel(self.limits.panic_fuel).ok()?;
        let last_panic = self.func::<(), i32>("text_codec_last_panic").ok()?;
        let free = self.func::<(i32, i32, i32), ()>("text_codec_free").ok()?;
        let ptr = last_panic.call(&mut self.store, ()).ok()?;
        if ptr == 0 {
            return None;
        }
        match self.take_record(ptr, &free) {
            Ok((2, message)) => Some(message),
            _ => None,
        }
    }
}
