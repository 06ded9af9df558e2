//! A bounded hand-over from the capture thread to the encoder: pushing never blocks;
//! when full, the oldest entry is dropped (a live picture prefers fresh frames).

use std::collections::VecDeque;

use parking_lot::{Condvar, Mutex};

use crate::{Error, Result};

pub(crate) struct DropOldestQueue<T> {
    state: Mutex<State<T>>,
    ready: Condvar,
    capacity: usize,
}

struct State<T> {
    items: VecDeque<T>,
    closed: bool,
}

impl<T> DropOldestQueue<T> {
    /// A queue holding at most `capacity` entries (at least 1).
    pub fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        DropOldestQueue { state: Mutex::new(State { items: VecDeque::with_capacity(capacity), closed: false }), ready: Condvar::new(), capacity }
    }

    /// Adds an entry; returns the entry dropped to make room, if any.
    pub fn push(&self, item: T) -> Result<Option<T>> {
        let mut state = self.state.lock();
        if state.closed {
            return Err(Error::PublisherClosed);
        }
        let dropped = if state.items.len() >= self.capacity { state.items.pop_front() } else { None };
        state.items.push_back(item);
        drop(state);
        self.ready.notify_one();
        Ok(dropped)
    }

    /// Waits for the next entry; `None` once the queue is closed (pending entries are discarded).
    pub fn pop(&self) -> Option<T> {
        let mut state = self.state.lock();
        loop {
            if state.closed {
                return None;
            }
            if let Some(item) = state.items.pop_front() {
                return Some(item);
            }
            self.ready.wait(&mut state);
        }
    }

    /// Closes the queue: pushes fail and the consumer stops.
    pub fn close(&self) {
        let mut state = self.state.lock();
        state.closed = true;
        state.items.clear();
        drop(state);
        self.ready.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    #[test]
    fn full_queue_drops_the_oldest_and_keeps_order() {
        let queue = DropOldestQueue::new(2);
        assert_eq!(queue.push(1).expect("open"), None);
        assert_eq!(queue.push(2).expect("open"), None);
        assert_eq!(queue.push(3).expect("open"), Some(1));
        assert_eq!((queue.pop(), queue.pop()), (Some(2), Some(3)));
    }

    #[test]
    fn close_wakes_a_waiting_consumer_and_refuses_pushes() {
        let queue = Arc::new(DropOldestQueue::<u32>::new(4));
        let consumer = std::thread::spawn({
            let queue = queue.clone();
            move || queue.pop()
        });
        queue.close();
        assert_eq!(consumer.join().expect("consumer thread"), None);
        assert!(matches!(queue.push(1), Err(Error::PublisherClosed)));
    }
}
