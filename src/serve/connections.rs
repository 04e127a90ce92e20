//! Who gets a connection slot: slow clients must not hold the slots a scrape needs.
//!
//! Connections are always accepted. When a client address holds `MAX_PER_PEER` connections
//! that have waited `SLOW` without sending a whole request head — a client sending its head
//! slowly, the slowloris pattern — its oldest such connection is closed to make room; when all
//! `MAX_CONNECTIONS` slots are taken, the oldest such connection of any client is, and when
//! every connection has sent a request, the new one is closed instead. A request head must
//! arrive within `HEADER_TIMEOUT` in any case. A scrape, which sends its head at once,
//! therefore always finds a slot.

use std::net::IpAddr;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::task::AbortHandle;
use tokio::time::Instant;

/// Connections served at once.
pub const MAX_CONNECTIONS: usize = 512;
/// Connections one client address may hold that have waited `SLOW` or longer without sending
/// their request head.
pub const MAX_PER_PEER: usize = 16;
/// A connection that has not sent its request head after this long is a slow one.
pub const SLOW: std::time::Duration = std::time::Duration::from_millis(500);

struct Entry {
    id: u64,
    peer: IpAddr,
    opened: Instant,
    answered: Arc<AtomicBool>,
    abort: Option<AbortHandle>,
}

/// The open connections.
#[derive(Default)]
pub struct Connections {
    inner: Mutex<(u64, Vec<Entry>)>,
}

/// A slot: marks its connection answered, and frees the slot when dropped.
pub struct Slot {
    table: Arc<Connections>,
    id: u64,
    pub answered: Arc<AtomicBool>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut inner = self.table.lock();
        inner.1.retain(|e| e.id != self.id);
    }
}

impl Connections {
    fn lock(&self) -> std::sync::MutexGuard<'_, (u64, Vec<Entry>)> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A slot for a new connection from `peer`, or `None` when it must be closed. May close
    /// the oldest unanswered connection to make room.
    pub fn admit(self: &Arc<Self>, peer: IpAddr) -> Option<Slot> {
        let mut inner = self.lock();
        // A peer may keep MAX_PER_PEER slow connections (waiting SLOW or longer for their
        // request head): beyond, its oldest waiting one goes. Answered ones and fresh ones are
        // not limited per peer: one Prometheus scrapes many `/probe` targets at once. A full
        // table makes room among all waiting connections, or refuses the new one.
        let slow = |e: &Entry| {
            e.peer == peer && !e.answered.load(Ordering::Relaxed) && e.opened.elapsed() >= SLOW
        };
        if inner.1.iter().filter(|e| slow(e)).count() >= MAX_PER_PEER {
            evict_oldest_unanswered(&mut inner.1, Some(peer));
        }
        if inner.1.len() >= MAX_CONNECTIONS {
            evict_oldest_unanswered(&mut inner.1, None)?;
        }
        inner.0 += 1;
        let id = inner.0;
        let answered = Arc::new(AtomicBool::new(false));
        inner.1.push(Entry {
            id,
            peer,
            opened: Instant::now(),
            answered: answered.clone(),
            abort: None,
        });
        Some(Slot {
            table: self.clone(),
            id,
            answered,
        })
    }

    /// Records how to close the connection of `slot` (its task), once it is spawned.
    pub fn attach(&self, slot_id: u64, abort: AbortHandle) {
        let mut inner = self.lock();
        if let Some(e) = inner.1.iter_mut().find(|e| e.id == slot_id) {
            e.abort = Some(abort);
        }
    }
}

/// Closes the oldest connection (of `peer`, if given) that has not sent a whole request head;
/// `None` when there is none.
fn evict_oldest_unanswered(entries: &mut Vec<Entry>, peer: Option<IpAddr>) -> Option<()> {
    let oldest = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| peer.is_none_or(|p| e.peer == p) && !e.answered.load(Ordering::Relaxed))
        .min_by_key(|(_, e)| e.opened)
        .map(|(i, _)| i)?;
    let evicted = entries.swap_remove(oldest);
    if let Some(abort) = evicted.abort {
        abort.abort();
    }
    Some(())
}

impl Slot {
    pub fn id(&self) -> u64 {
        self.id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_peer_cannot_take_every_slot() {
        let table = Arc::new(Connections::default());
        let peer: IpAddr = "127.0.0.2".parse().unwrap();
        let slots: Vec<Slot> = (0..MAX_PER_PEER)
            .map(|_| table.admit(peer).unwrap())
            .collect();
        // Young ones are a burst, not slow: all are kept.
        let young = table.admit(peer).unwrap();
        assert_eq!(table.lock().1.len(), MAX_PER_PEER + 1);
        drop(young);
        // Once they have waited, its oldest slow one makes room for the next.
        std::thread::sleep(SLOW);
        let newest = table.admit(peer).unwrap();
        assert!(!table.lock().1.iter().any(|e| e.id == slots[0].id()));
        // Connections that sent their request are not limited per peer.
        for s in slots.iter().chain([&newest]) {
            s.answered.store(true, Ordering::Relaxed);
        }
        let more: Vec<Slot> = (0..MAX_PER_PEER)
            .map(|_| table.admit(peer).unwrap())
            .collect();
        assert_eq!(table.lock().1.len(), 2 * MAX_PER_PEER);
        drop(more);
    }

    #[test]
    fn a_full_table_makes_room_by_closing_the_oldest_unanswered() {
        let table = Arc::new(Connections::default());
        let mut slots = Vec::new();
        for i in 0..MAX_CONNECTIONS {
            let peer = IpAddr::from([127, 1, (i / 200) as u8, (i % 200) as u8]);
            slots.push(table.admit(peer).unwrap());
        }
        // All but the first two have been answered: the first is the one to go.
        for s in &slots[2..] {
            s.answered.store(true, Ordering::Relaxed);
        }
        let first = slots[0].id();
        assert!(table.admit("127.0.0.9".parse().unwrap()).is_some());
        assert!(!table.lock().1.iter().any(|e| e.id == first));
        // Now only answered ones and one unanswered are left; take that, then refuse.
        assert!(table.admit("127.0.0.10".parse().unwrap()).is_some());
        slots[1].answered.store(true, Ordering::Relaxed);
        // The two admitted above are unanswered, so there is still room to evict.
        assert!(table.admit("127.0.0.11".parse().unwrap()).is_some());
    }
}
