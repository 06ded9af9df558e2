//! The app's listeners, seen by the core: an exception a listener throws is caught (it
//! must not stop the session's background task), and a listener attached after the join
//! hears the session until its [`Subscription`] is cancelled or dropped.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use parking_lot::Mutex;

/// Calls the app's callback; an exception it threw (which uniffi raises as a panic in a
/// callback without an error type) is logged and goes no further.
pub(crate) fn guarded(what: &str, call: impl FnOnce()) {
    if catch_unwind(AssertUnwindSafe(call)).is_err() {
        tracing::warn!("the app's listener failed in {what}");
    }
}

/// One listener of the app, until its subscription ends.
pub(crate) struct Slot<T: ?Sized>(Mutex<Option<Arc<T>>>);

impl<T: ?Sized + Send + Sync + 'static> Slot<T> {
    pub(crate) fn new(listener: Arc<T>) -> Arc<Self> {
        Arc::new(Slot(Mutex::new(Some(listener))))
    }

    /// Calls the listener, unless its subscription ended (never under the lock: the call
    /// may cancel its own subscription).
    pub(crate) fn deliver(&self, what: &str, call: impl FnOnce(&T)) {
        let listener = self.0.lock().clone();
        if let Some(listener) = listener {
            guarded(what, || call(listener.as_ref()));
        }
    }

    /// The subscription that ends this listener.
    pub(crate) fn subscription(self: &Arc<Self>) -> Arc<Subscription> {
        let slot = self.clone();
        Arc::new(Subscription { end: Box::new(move || *slot.0.lock() = None) })
    }
}

/// A listener's subscription to a session: `cancel()` stops the listener, and so does
/// dropping the subscription (Kotlin `close()`, Swift release, Python garbage collection),
/// so keep it as long as the listener should hear. One listener of each kind listens at a
/// time: a new one replaces the one before.
#[derive(uniffi::Object)]
pub struct Subscription {
    end: Box<dyn Fn() + Send + Sync>,
}

#[uniffi::export]
impl Subscription {
    /// Stops the listener: it hears nothing more. Cancelling twice is not an error.
    pub fn cancel(&self) {
        (self.end)()
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        (self.end)()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    trait Counter: Send + Sync {
        fn count(&self);
    }

    struct Calls(Mutex<u32>);

    impl Counter for Calls {
        fn count(&self) {
            *self.0.lock() += 1;
        }
    }

    #[test]
    fn a_cancelled_or_dropped_subscription_stops_its_listener() {
        let calls = Arc::new(Calls(Mutex::new(0)));
        let slot: Arc<Slot<dyn Counter>> = Slot::new(calls.clone());
        let subscription = slot.subscription();
        slot.deliver("count", |l| l.count());
        subscription.cancel();
        slot.deliver("count", |l| l.count());
        assert_eq!(*calls.0.lock(), 1);

        let slot: Arc<Slot<dyn Counter>> = Slot::new(calls.clone());
        drop(slot.subscription());
        slot.deliver("count", |l| l.count());
        assert_eq!(*calls.0.lock(), 1, "dropping the subscription stops the listener");
    }

    #[test]
    fn a_listener_that_panics_is_contained() {
        let slot: Arc<Slot<dyn Fn() + Send + Sync>> = Slot::new(Arc::new(|| panic!("the app's listener threw")));
        slot.deliver("call", |l| l());
        let calls = Arc::new(Calls(Mutex::new(0)));
        guarded("count", || calls.count());
        assert_eq!(*calls.0.lock(), 1);
    }
}
