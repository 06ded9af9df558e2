//! The blob store: pictures and recordings put, got and deleted by key, through
//! `object_store`. A local directory by default; an object-store URL selects another
//! backend: `s3://bucket/prefix` for Amazon S3 or any S3-compatible store, configured by
//! the standard `AWS_*` environment variables (`AWS_ENDPOINT`, `AWS_REGION`,
//! `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_ALLOW_HTTP`, …).

use std::path::PathBuf;
use std::sync::Arc;

use object_store::local::LocalFileSystem;
use object_store::memory::InMemory;
use object_store::path::Path;
use object_store::prefix::PrefixStore;
use futures_util::{Stream, StreamExt};
use object_store::{ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart};
use tokio::io::AsyncReadExt;
use url::Url;

use crate::error::{Error, Result};

/// Where blobs live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlobLocation {
    /// A local directory, created when missing.
    Directory(PathBuf),
    /// An object-store URL (`file:///…`, `memory:///`, or a cloud store the build enables).
    Url(Url),
    /// This process's memory, gone on exit: for library users that store nothing.
    Memory,
}

impl BlobLocation {
    /// A setting as written: a URL with a scheme, or a directory path.
    pub fn parse(setting: &str) -> BlobLocation {
        match Url::parse(setting) {
            Ok(url) if url.scheme().len() > 1 => BlobLocation::Url(url),
            _ => BlobLocation::Directory(PathBuf::from(setting)),
        }
    }
}

/// The opened blob store.
#[derive(Debug, Clone)]
pub struct Blobs {
    store: Arc<dyn ObjectStore>,
}

impl Blobs {
    pub fn open(location: &BlobLocation) -> Result<Blobs> {
        let store: Arc<dyn ObjectStore> = match location {
            BlobLocation::Directory(dir) => {
                std::fs::create_dir_all(dir).map_err(|err| Error::Internal(format!("cannot create the blob directory {}: {err}", dir.display())))?;
                Arc::new(LocalFileSystem::new_with_prefix(dir).map_err(internal)?)
            }
            BlobLocation::Url(url) => open_url(url)?,
            BlobLocation::Memory => Arc::new(InMemory::new()),
        };
        Ok(Blobs { store })
    }

    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<()> {
        self.store.put(&Path::from(key), PutPayload::from(bytes)).await.map_err(internal)?;
        Ok(())
    }

    /// Puts a file in parts (a multipart upload), never holding more than a few parts.
    pub async fn put_file(&self, key: &str, file: &std::path::Path) -> Result<()> {
        let mut file = tokio::fs::File::open(file).await.map_err(internal)?;
        let mut upload = WriteMultipart::new(self.store.put_multipart(&Path::from(key)).await.map_err(internal)?);
        let mut buffer = vec![0u8; PART_BYTES];
        loop {
            let read = match file.read(&mut buffer).await {
                Ok(0) => break,
                Ok(read) => read,
                Err(err) => {
                    upload.abort().await.map_err(internal)?;
                    return Err(internal(err));
                }
            };
            upload.wait_for_capacity(2).await.map_err(internal)?;
            upload.write(&buffer[..read]);
        }
        upload.finish().await.map_err(internal)?;
        Ok(())
    }

    /// A blob as a stream of its bytes, for large ones.
    pub async fn stream(&self, key: &str) -> Result<impl Stream<Item = Result<bytes::Bytes>> + Send + 'static> {
        let found = self.store.get(&Path::from(key)).await.map_err(internal)?;
        Ok(found.into_stream().map(|part| part.map_err(internal)))
    }

    pub async fn get(&self, key: &str) -> Result<Vec<u8>> {
        let found = self.store.get(&Path::from(key)).await.map_err(internal)?;
        Ok(found.bytes().await.map_err(internal)?.to_vec())
    }

    /// Deletes a blob; one already gone is not an error.
    pub async fn delete(&self, key: &str) -> Result<()> {
        match self.store.delete(&Path::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(err) => Err(internal(err)),
        }
    }
}

/// Bytes read and sent at a time by `put_file` (S3's smallest part is 5 MiB).
const PART_BYTES: usize = 5 * 1024 * 1024;

/// A store named by URL, rooted at the URL's path: keys never leave that prefix.
fn open_url(url: &Url) -> Result<Arc<dyn ObjectStore>> {
    // Cloud stores talk HTTPS through rustls; the process uses ring as its provider
    // (a second install, e.g. by a test harness, is not an error).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let settings = std::env::vars().filter(|(key, _)| key.starts_with("AWS_"));
    let (store, prefix) = object_store::parse_url_opts(url, settings).map_err(internal)?;
    Ok(if prefix.as_ref().is_empty() { store.into() } else { Arc::new(PrefixStore::new(store, prefix)) })
}

fn internal(err: impl std::fmt::Display) -> Error {
    Error::Internal(format!("blob store: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_urls_with_a_scheme_or_directories() {
        assert_eq!(BlobLocation::parse("./data/blobs"), BlobLocation::Directory("./data/blobs".into()));
        assert_eq!(BlobLocation::parse("/var/lib/sightline"), BlobLocation::Directory("/var/lib/sightline".into()));
        assert!(matches!(BlobLocation::parse("s3://bucket/prefix"), BlobLocation::Url(_)));
    }
}
