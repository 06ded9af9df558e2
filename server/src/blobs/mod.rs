//! The blob store: pictures (and later recordings) put, got and deleted by key, through
//! `object_store`. A local directory by default; an object-store URL selects another
//! backend that the build enables.

use std::path::PathBuf;
use std::sync::Arc;

use object_store::local::LocalFileSystem;
use object_store::memory::InMemory;
use object_store::path::Path;
use object_store::{ObjectStore, PutPayload};
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
            BlobLocation::Url(url) => object_store::parse_url(url).map_err(internal)?.0.into(),
            BlobLocation::Memory => Arc::new(InMemory::new()),
        };
        Ok(Blobs { store })
    }

    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<()> {
        self.store.put(&Path::from(key), PutPayload::from(bytes)).await.map_err(internal)?;
        Ok(())
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
