//! Persistence of a site's tree: `<data_dir>/tree.json` (the tree's own snapshot format)
//! and `<data_dir>/endpoints.json`, each written atomically (temporary file, then rename)
//! by one background writer that coalesces bursts of writes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::Notify;

/// Name of the tree snapshot file inside the data directory.
pub const TREE_FILE: &str = "tree.json";
/// Name of the endpoint list file inside the data directory.
pub const ENDPOINTS_FILE: &str = "endpoints.json";

/// Write `bytes` to `path` so that readers see either the old or the new content.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}

/// Read a JSON file if it exists.
pub fn read_json(path: &Path) -> Result<Option<serde_json::Value>, String> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| e.to_string()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

/// Dirty flags plus the wake-up of the background writer.
#[derive(Debug, Default)]
pub struct Dirty {
    tree: AtomicBool,
    endpoints: AtomicBool,
    wake: Notify,
}

impl Dirty {
    pub fn tree_changed(&self) {
        self.tree.store(true, Ordering::SeqCst);
        self.wake.notify_one();
    }

    pub fn endpoints_changed(&self) {
        self.endpoints.store(true, Ordering::SeqCst);
        self.wake.notify_one();
    }

    /// Take the tree flag (the caller writes the file, or calls `tree_changed` on failure).
    pub fn take_tree(&self) -> bool {
        self.tree.swap(false, Ordering::SeqCst)
    }

    pub fn take_endpoints(&self) -> bool {
        self.endpoints.swap(false, Ordering::SeqCst)
    }

    /// Wait until something is marked dirty.
    pub async fn wait(&self) {
        self.wake.notified().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_content_and_leaves_no_temp_file() {
        let dir = std::env::temp_dir().join(format!("sitesim-persist-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(TREE_FILE);
        write_atomic(&path, br#"{"a":1}"#).unwrap();
        write_atomic(&path, br#"{"a":2}"#).unwrap();
        assert_eq!(read_json(&path).unwrap(), Some(serde_json::json!({"a": 2})));
        assert!(!dir.join("tree.json.tmp").exists());
        assert_eq!(read_json(&dir.join("absent.json")).unwrap(), None);
        std::fs::write(dir.join("bad.json"), "{").unwrap();
        assert!(read_json(&dir.join("bad.json")).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
