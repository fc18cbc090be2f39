//! Where report files live: an `ObjectStore` — a local directory by default (S3 later, same
//! interface). Files are never served directly: downloads go through an authorized endpoint.

use std::sync::Arc;

use bytes::Bytes;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

use crate::error::{AppError, AppResult};

#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
}

fn unavailable(e: object_store::Error) -> AppError {
    AppError::Unavailable(format!("storage: {e}"))
}

impl Storage {
    /// A local directory (created if missing).
    pub fn local(dir: &std::path::Path) -> AppResult<Storage> {
        std::fs::create_dir_all(dir)
            .map_err(|e| AppError::internal(format!("cannot create object store directory {}: {e}", dir.display())))?;
        let store = LocalFileSystem::new_with_prefix(dir).map_err(unavailable)?;
        Ok(Storage { store: Arc::new(store) })
    }

    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> AppResult<()> {
        self.store
            .put(&Path::from(key), PutPayload::from(bytes))
            .await
            .map(|_| ())
            .map_err(unavailable)
    }

    pub async fn get(&self, key: &str) -> AppResult<Bytes> {
        self.store
            .get(&Path::from(key))
            .await
            .map_err(unavailable)?
            .bytes()
            .await
            .map_err(unavailable)
    }

    pub async fn delete(&self, key: &str) -> AppResult<()> {
        self.store.delete(&Path::from(key)).await.map_err(unavailable)
    }
}
