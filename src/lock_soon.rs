//! A lock taken by code that may run while another thread has crashed holding it (a compiled
//! probe's crash hook, the reaper killing every command then): it waits a little, never for
//! good.

use std::sync::{Mutex, MutexGuard, TryLockError};

/// `mutex`'s guard, waiting a little for another thread that holds it briefly; `None` when it
/// stays held (by the thread that crashed, which nothing may wait for). A poisoned lock is
/// taken as it is: a crash report wants what is there.
pub(crate) fn lock_soon<T>(mutex: &Mutex<T>) -> Option<MutexGuard<'_, T>> {
    for _ in 0..50 {
        match mutex.try_lock() {
            Ok(g) => return Some(g),
            Err(TryLockError::Poisoned(e)) => return Some(e.into_inner()),
            Err(TryLockError::WouldBlock) => {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        }
    }
    None
}
