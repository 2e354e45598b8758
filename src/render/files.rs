//! The files of a build as they are made: each goes to the [`Sink`] at once (for `build`, into
//! the staging folder), and what the last steps need of it is kept: its path and origin (the
//! collision check), its size and hash (the service worker's list and version) and whether it
//! is a page search engines may index (the sitemap). So a page's bytes are not held until the
//! whole site is rendered, and no second pass reads them again.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::error::Result;
use crate::output::{Origin, OutPath, Output, Sink};

/// What is kept of a file once it is handed on.
pub(crate) struct Record {
    pub(crate) path: OutPath,
    pub(crate) origin: Origin,
    pub(crate) len: usize,
    /// Of the path and the bytes, for the service worker's version.
    pub(crate) hash: u64,
    /// An `index.html` whose `<head>` says `noindex` (left out of the sitemap).
    pub(crate) noindex: bool,
    /// The place among files of the same path, as the build made them.
    order: u64,
}

const NOINDEX: &str = "<meta name=\"robots\" content=\"noindex\">";

impl Record {
    pub(crate) fn of(output: &Output, order: u64) -> Record {
        let noindex = output.path.ends_with("index.html") && {
            // The robots meta is in <head>, near the top: look only there.
            let text = std::str::from_utf8(&output.bytes).unwrap_or("");
            text[..text.floor_char_boundary(4096)].contains(NOINDEX)
        };
        Record {
            path: output.path.clone(),
            origin: output.origin.clone(),
            len: output.bytes.len(),
            hash: crate::hash::wide_parts([output.path.as_bytes(), output.bytes.as_slice()]),
            noindex,
            order,
        }
    }
}

/// A page `serve` keeps from one build for the next: its bytes, shared with the file served,
/// and what its [`Record`] read of them, so that putting it again neither copies nor reads it.
#[derive(Clone)]
pub(crate) struct Kept {
    bytes: Arc<Vec<u8>>,
    hash: u64,
    noindex: bool,
}

/// The files handed on so far, from any thread.
pub(crate) struct Files<'s> {
    sink: &'s dyn Sink,
    records: Mutex<Vec<Record>>,
    groups: AtomicU64,
}

impl<'s> Files<'s> {
    pub(crate) fn new(sink: &'s dyn Sink) -> Files<'s> {
        Files { sink, records: Mutex::default(), groups: AtomicU64::new(0) }
    }

    /// The order of the first file of the next group of files the build makes (the files of a
    /// group are numbered from it): taken in the order the build makes groups, so the order of
    /// files of one path does not depend on threads.
    pub(crate) fn group(&self) -> u64 {
        (self.groups.fetch_add(1, Ordering::Relaxed) + 1) << 32
    }

    /// One file, as it is.
    pub(crate) fn put(&self, order: u64, output: Output) -> Result<()> {
        self.record(Record::of(&output, order));
        self.sink.put(order, output)
    }

    fn record(&self, record: Record) {
        self.records.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(record);
    }

    /// [`Files::put_page`], returning what a later build needs to put the same page again
    /// ([`Files::put_kept`]).
    pub(crate) fn put_page_kept(&self, order: u64, mut output: Output) -> Result<Kept> {
        super::csp::ensure_meta(&mut output);
        let record = Record::of(&output, order);
        let kept = Kept { bytes: Arc::clone(&output.bytes), hash: record.hash, noindex: record.noindex };
        self.record(record);
        self.sink.put(order, output)?;
        Ok(kept)
    }

    /// A page kept from an earlier build, at `path` (the one it was made for).
    pub(crate) fn put_kept(&self, order: u64, path: OutPath, origin: Origin, kept: &Kept) -> Result<()> {
        self.record(Record {
            path: path.clone(),
            origin: origin.clone(),
            len: kept.bytes.len(),
            hash: kept.hash,
            noindex: kept.noindex,
            order,
        });
        self.sink.put(order, Output::shared(path, Arc::clone(&kept.bytes)).with_origin(origin))
    }

    /// One file from a template: an HTML page gets the content security policy first (see
    /// [`super::csp`]).
    pub(crate) fn put_page(&self, order: u64, mut output: Output) -> Result<()> {
        super::csp::ensure_meta(&mut output);
        self.put(order, output)
    }

    /// A group of files from templates.
    pub(crate) fn put_pages(&self, outputs: Vec<Output>) -> Result<()> {
        let group = self.group();
        outputs.into_iter().enumerate().try_for_each(|(i, o)| self.put_page(group + i as u64, o))
    }

    /// A group of files as they are, hashed and written in parallel (the search index's
    /// thousands of fragment files on a large site): each keeps its place in the group.
    pub(crate) fn put_all(&self, outputs: Vec<Output>) -> Result<()> {
        let group = self.group();
        outputs.into_par_iter().enumerate().try_for_each(|(i, o)| self.put(group + i as u64, o))
    }

    /// Every file's record so far, sorted by path (files of one path in the order they were
    /// made); the files made from them go in with [`Files::put_last`].
    pub(crate) fn group_records(&self) -> Vec<Record> {
        let mut records = std::mem::take(&mut *self.records.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
        records.sort_by(|a, b| a.path.cmp(&b.path).then(a.order.cmp(&b.order)));
        records
    }

    /// A file made from the others (the sitemap, the worker), put among `records` in its place:
    /// before any other file of its path, as it claims the path first.
    pub(crate) fn put_last(&self, records: &mut Vec<Record>, output: Output) -> Result<()> {
        let record = Record::of(&output, 0);
        let at = records.partition_point(|r| r.path < record.path);
        records.insert(at, record);
        self.sink.put(0, output)
    }
}
