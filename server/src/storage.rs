//! Where report files live: an `ObjectStore` — a local directory by default, an S3 bucket (AWS or
//! any S3-compatible server) in production. Files are never served directly: downloads go
//! through an authorized endpoint or an expiring share link (`reports::lifecycle`).

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures::stream::{BoxStream, StreamExt, TryStreamExt};
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::prefix::PrefixStore;
use object_store::{BackoffConfig, ClientOptions, ObjectStore, ObjectStoreExt, PutPayload, RetryConfig};

use crate::config::ObjectStoreConfig;
use crate::error::{AppError, AppResult};

#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    /// Shown in logs and errors: the directory or `s3://bucket/prefix` (never credentials).
    pub location: String,
}

fn unavailable(e: object_store::Error) -> AppError {
    match e {
        object_store::Error::NotFound { .. } => AppError::NotFound,
        other => AppError::Unavailable(format!("storage: {other}")),
    }
}

impl Storage {
    pub fn open(config: &ObjectStoreConfig) -> AppResult<Storage> {
        match config {
            ObjectStoreConfig::Local(dir) => Storage::local(dir),
            ObjectStoreConfig::S3 {
                bucket,
                prefix,
                endpoint,
                region,
                access_key_id,
                secret_access_key,
            } => {
                // TLS to S3 uses ring, like the rest of the server (no second crypto library)
                let _ = rustls::crypto::ring::default_provider().install_default();
                let mut b = AmazonS3Builder::from_env()
                    .with_bucket_name(bucket)
                    .with_region(region)
                    // fail fast: a report whose file cannot be stored is recorded as failed and retried later
                    .with_retry(RetryConfig {
                        backoff: BackoffConfig::default(),
                        max_retries: 2,
                        retry_timeout: Duration::from_secs(15),
                    })
                    .with_client_options(
                        ClientOptions::new()
                            .with_connect_timeout(Duration::from_secs(5))
                            .with_timeout(Duration::from_secs(30))
                            .with_allow_http(endpoint.as_ref().is_some_and(|u| u.scheme() == "http")),
                    );
                if let Some(url) = endpoint {
                    b = b.with_endpoint(url.as_str().trim_end_matches('/'));
                }
                if let (Some(id), Some(secret)) = (access_key_id, secret_access_key) {
                    b = b.with_access_key_id(id).with_secret_access_key(secret.expose());
                }
                let s3 = b
                    .build()
                    .map_err(|e| AppError::internal(format!("S3 store for bucket {bucket}: {e}")))?;
                let store: Arc<dyn ObjectStore> = if prefix.is_empty() {
                    Arc::new(s3)
                } else {
                    Arc::new(PrefixStore::new(s3, prefix.as_str()))
                };
                Ok(Storage {
                    store,
                    location: format!("s3://{bucket}/{prefix}"),
                })
            }
        }
    }

    /// A local directory (created if missing).
    pub fn local(dir: &std::path::Path) -> AppResult<Storage> {
        std::fs::create_dir_all(dir)
            .map_err(|e| AppError::internal(format!("cannot create object store directory {}: {e}", dir.display())))?;
        let store = LocalFileSystem::new_with_prefix(dir).map_err(unavailable)?;
        Ok(Storage {
            store: Arc::new(store),
            location: dir.display().to_string(),
        })
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

    /// An object read in chunks as it arrives from the store (downloads are never held whole in
    /// memory), with its length.
    pub async fn get_stream(&self, key: &str) -> AppResult<(u64, BoxStream<'static, std::io::Result<Bytes>>)> {
        let found = self.store.get(&Path::from(key)).await.map_err(unavailable)?;
        let size = found.meta.size;
        let body = found.into_stream().map_err(std::io::Error::other).boxed();
        Ok((size, body))
    }

    pub async fn delete(&self, key: &str) -> AppResult<()> {
        self.store.delete(&Path::from(key)).await.map_err(unavailable)
    }

    /// Whether an object exists (for consistency checks and tests).
    pub async fn exists(&self, key: &str) -> AppResult<bool> {
        match self.store.head(&Path::from(key)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(unavailable(e)),
        }
    }
}
