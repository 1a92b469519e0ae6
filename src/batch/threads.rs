//! Who prices which rows: the main thread reads chunks of rows and writes them back in order;
//! pricing threads price them, each with its own memory of rows. With one thread, it reads,
//! prices and writes a chunk in turn.

use super::chunk::{Chunk, CHUNK_BYTES};
use super::context::RowContext;
use super::pricer::Pricer;
use super::reader::{read_chunk, Source};
use super::writer::Writer;
use super::BatchError;
use std::collections::BTreeMap;
use std::io;
use std::sync::{mpsc, Mutex};

/// Rows read, priced and written at a time by a single thread (a few: a chunk's rows are
/// buffers kept for the next chunk).
const ONE_THREAD_CHUNK: usize = 64;
/// The most chunks read but not yet written: with [`CHUNK_BYTES`], what bounds memory with
/// threads.
const IN_FLIGHT: u64 = 8;
/// The most threads pricing rows.
const MAX_THREADS: usize = 8;

/// Prices every row of `reader` into `writer`, on `threads` threads (0: one per core, at most
/// [`MAX_THREADS`]). The output is the same whatever the number.
pub(super) fn price_all(
    context: &RowContext<'_>,
    threads: usize,
    reader: &mut Source<'_>,
    writer: &mut Writer<'_, '_>,
) -> Result<(), BatchError> {
    let threads = match threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS)),
        n => n.min(MAX_THREADS),
    };
    if threads > 1 {
        return run_threads(context, threads, reader, writer);
    }
    let mut pricer = Pricer::new(context);
    let mut chunk = Chunk::default();
    loop {
        let stop = read_chunk(reader, &mut chunk.rows, ONE_THREAD_CHUNK, CHUNK_BYTES);
        pricer.price_chunk(&mut chunk);
        writer.write(&mut chunk)?;
        if let Some(e) = stop {
            return Err(e);
        }
        if chunk.rows.is_empty() {
            return Ok(());
        }
    }
}

fn stopped() -> io::Error {
    io::Error::other(crate::text!(
        "a pricing thread stopped",
        "un fil de calcul s'est arrêté"
    ))
}

/// The main thread reads chunks of rows and writes them back in order; `threads` threads
/// price them, each with its own memory of rows.
fn run_threads(
    context: &RowContext<'_>,
    threads: usize,
    reader: &mut Source<'_>,
    writer: &mut Writer<'_, '_>,
) -> Result<(), BatchError> {
    let (work_tx, work_rx) = mpsc::channel::<(u64, Chunk)>();
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = mpsc::channel::<(u64, Chunk)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let (work_rx, done_tx) = (&work_rx, done_tx.clone());
            scope.spawn(move || {
                let mut pricer = Pricer::new(context);
                loop {
                    let job = match work_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok((seq, mut chunk)) = job else { return };
                    pricer.price_chunk(&mut chunk);
                    if done_tx.send((seq, chunk)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        let (mut sent, mut written, mut ended) = (0_u64, 0_u64, false);
        let mut stop = None;
        let mut pending: BTreeMap<u64, Chunk> = BTreeMap::new();
        let mut spare: Vec<Chunk> = Vec::new();
        while !ended || written < sent {
            if !ended && sent - written < IN_FLIGHT {
                let mut chunk = spare.pop().unwrap_or_default();
                stop = read_chunk(reader, &mut chunk.rows, context.chunk, CHUNK_BYTES);
                ended = stop.is_some() || chunk.rows.is_empty();
                if !chunk.rows.is_empty() {
                    work_tx.send((sent, chunk)).map_err(|_| stopped())?;
                    sent += 1;
                }
                continue;
            }
            let (seq, chunk) = done_rx.recv().map_err(|_| stopped())?;
            pending.insert(seq, chunk);
            while let Some(mut chunk) = pending.remove(&written) {
                writer.write(&mut chunk)?;
                written += 1;
                spare.push(chunk);
            }
        }
        // The threads stop when the work channel closes.
        drop(work_tx);
        stop.map_or(Ok(()), Err)
    })
}
